import ConformanceKit

/// Several sinks as one, for a runner that takes a single `ResultSink`: typically a
/// `ReportSession` and a `ConsoleReporter`. Each event goes to every sink in order, so the files are
/// written before the console line that announces the case.
public struct ResultSinks: ResultSink {
    /// The sinks, in the order each event reaches them.
    public let sinks: [any ResultSink]

    /// Events go to `sinks` in this order.
    public init(_ sinks: [any ResultSink]) {
        self.sinks = sinks
    }

    public func runStarted(_ run: RunInfo, planned: [CaseInfo]) async {
        for sink in sinks { await sink.runStarted(run, planned: planned) }
    }

    public func caseStarted(_ info: CaseInfo) async {
        for sink in sinks { await sink.caseStarted(info) }
    }

    public func caseFinished(_ result: CaseResult) async {
        for sink in sinks { await sink.caseFinished(result) }
    }

    public func runFinished(_ run: RunInfo, results: [CaseResult], interrupted: Bool) async {
        for sink in sinks { await sink.runFinished(run, results: results, interrupted: interrupted) }
    }

    public func traceRecorded(_ entry: TraceEntry, in info: CaseInfo) async {
        for sink in sinks { await sink.traceRecorded(entry, in: info) }
    }
}
