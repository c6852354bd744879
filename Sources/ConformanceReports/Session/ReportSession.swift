import ConformanceKit
import Foundation

/// Writes a run's reports into its folder (`Reports/<run>/`) as results arrive, so that whatever
/// happens to the process, the folder holds valid reports of every case that finished.
///
/// After every finished case, `junit.xml`, `report.html` and `results.json` are rewritten atomically
/// (`AtomicFile.replace`) and the case's entries are appended to `trace.jsonl`. Every result is
/// redacted (`Redactor`) before anything is written. `runFinished(interrupted: true)` and
/// `interrupt()` mark the reports as interrupted: an HTML banner, `"interrupted": true` in
/// results.json and a JUnit testsuite property `interrupted=true`.
///
/// ```swift
/// let folder = ReportSession.runFolder(for: run, under: URL(fileURLWithPath: "Reports"))
/// let session = try ReportSession(folder: folder, redactor: redactor)
/// let trap = SignalTrap.install(immediate: { session.interruptNow() }, finalizer: { await session.interrupt() })
/// // … hand `session` (with a ConsoleReporter, via ResultSinks) to the runner …
/// ```
public actor ReportSession: ResultSink {
    /// The run's folder.
    public nonisolated let folder: URL
    private var redactor: Redactor
    private let hostname: String
    private let onError: @Sendable (String) -> Void
    private var report: RunReport?
    private var reportedErrors: Set<String> = []
    /// Each finished case rendered once: what keeps rewriting the reports after every case linear.
    private var junitCases: [String] = []
    private var htmlSections = HTMLReportWriter.Sections()
    /// Cases started and not yet finished, for an interruption to name them.
    private var running: [String: (info: CaseInfo, startedAt: Date)] = [:]
    /// What a signal handler needs without waiting for this actor: whether the run was
    /// interrupted, and the report as last written. Every write happens under its lock.
    private nonisolated let latch = InterruptLatch()

    /// Guards the report files against two writers: the actor, and a signal handler that cannot
    /// wait for the actor (its executor may be busy or starved when Ctrl-C comes).
    final class InterruptLatch: @unchecked Sendable {
        // @unchecked: both fields are only touched under `lock`.
        private let lock = NSLock()
        private var interrupted = false
        private var snapshot: RunReport?

        /// Runs `body` under the lock with the interrupted flag; `body` returns the report it wrote.
        func write(_ body: (_ interrupted: Bool) -> RunReport?) {
            lock.withLock {
                if let written = body(interrupted) { snapshot = written }
            }
        }

        /// Sets the flag and gives the report last written (marked interrupted) to `body` to write.
        func interrupt(_ body: (RunReport) -> Void) {
            lock.withLock {
                interrupted = true
                guard var r = snapshot else { return }
                r.interrupted = true
                r.finished = true
                snapshot = r
                body(r)
            }
        }
    }

    /// The report files, by name, in a run folder.
    public enum File: String, CaseIterable, Sendable {
        case junit = "junit.xml"
        case html = "report.html"
        case results = "results.json"
        case trace = "trace.jsonl"
    }

    /// Creates the folder (and its parents) if needed.
    /// - Parameters:
    ///   - folder: where the reports go, usually `runFolder(for:under:)`.
    ///   - redactor: applied to every result and run fact before it is written.
    ///   - hostname: the JUnit `hostname`; the machine's name unless given (tests fix it).
    ///   - onError: told once per distinct problem when a report cannot be written; a full disk must
    ///     not stop a conformance run, so writing never throws. Standard error unless given.
    /// - Throws: `AtomicFile.WriteError` when the folder cannot be created.
    public init(
        folder: URL, redactor: Redactor = Redactor(), hostname: String = ProcessInfo.processInfo.hostName,
        onError: @escaping @Sendable (String) -> Void = { try? FileHandle.standardError.write(contentsOf: Data(("ocppspec: " + $0 + "\n").utf8)) }
    ) throws {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw AtomicFile.WriteError(description: "Cannot create the report folder \(folder.path): \(error.localizedDescription)")
        }
        self.folder = folder
        self.redactor = redactor
        self.hostname = hostname
        self.onError = onError
    }

    /// `<reportsRoot>/<run.runId>`, the folder DESIGN.md names for a run's reports.
    public static func runFolder(for run: RunInfo, under reportsRoot: URL) -> URL {
        reportsRoot.appendingPathComponent(run.runId, isDirectory: true)
    }

    /// The URL of one of the report files.
    public nonisolated func url(of file: File) -> URL {
        folder.appendingPathComponent(file.rawValue)
    }

    /// The report as it stands (redacted), or nil before the run started.
    public var current: RunReport? { report }

    /// Redacts more secrets from now on, e.g. a BasicAuthPassword a case generated and set. Results
    /// already written were written without knowing it: add a secret before the case that uses it
    /// finishes.
    public func addSecrets(_ secrets: [String]) {
        redactor = redactor.adding(secrets: secrets)
    }

    // MARK: - ResultSink

    public func runStarted(_ run: RunInfo, planned: [CaseInfo]) async {
        report = RunReport(run: redactor.redact(run), hostname: hostname, planned: planned.map { redactor.redact($0) })
        junitCases = []
        htmlSections = HTMLReportWriter.Sections()
        // A folder reused for a new run must not keep the old run's frames.
        attempt { try AtomicFile.replace(url(of: .trace), with: Data()) }
        writeReports()
    }

    public func caseStarted(_ info: CaseInfo) async {
        running[RunReport.key(info)] = (redactor.redact(info), Date())
    }

    public func caseFinished(_ result: CaseResult) async {
        running[RunReport.key(result.info)] = nil
        let safe = redactor.redact(result)
        var r = report ?? placeholder(startedAt: result.startedAt)
        r.results.append(safe)
        report = r
        attempt { try AtomicFile.append(url(of: .trace), Data(TraceLines.lines(for: safe).utf8)) }
        writeReports()
    }

    public func runFinished(_ run: RunInfo, results: [CaseResult], interrupted: Bool) async {
        var r = report ?? RunReport(run: redactor.redact(run), hostname: hostname)
        // The runner's list is the truth; take any result that did not come through caseFinished.
        let seen = Set(r.results.map { RunReport.key($0.info) })
        for result in results where !seen.contains(RunReport.key(result.info)) {
            let safe = redactor.redact(result)
            r.results.append(safe)
            attempt { try AtomicFile.append(url(of: .trace), Data(TraceLines.lines(for: safe).utf8)) }
        }
        r.run = redactor.redact(run)
        r.interrupted = r.interrupted || interrupted
        r.finished = true
        report = r
        if r.interrupted { recordRunningAsInterrupted() }
        writeReports()
    }

    /// The cases that had started but not finished when the run was stopped: each becomes an
    /// `error` result ("interrupted while running"), so that no report shows fewer cases than ran.
    private func recordRunningAsInterrupted() {
        guard var r = report, !running.isEmpty else { return }
        let now = Date()
        for (key, started) in running.sorted(by: { $0.value.startedAt < $1.value.startedAt }) {
            guard !r.results.contains(where: { RunReport.key($0.info) == key }) else { continue }
            let seconds = max(0, now.timeIntervalSince(started.startedAt))
            let result = CaseResult(
                info: started.info,
                verdict: Verdict(kind: .error, reason: "interrupted: the run was stopped while this case was running; it has no verdict"),
                startedAt: started.startedAt, duration: .nanoseconds(Int64(seconds * 1e9)))
            r.results.append(result)
            attempt { try AtomicFile.append(url(of: .trace), Data(TraceLines.lines(for: result).utf8)) }
        }
        running = [:]
        report = r
    }

    /// Marks the run interrupted and rewrites the reports: what a signal handler calls before the
    /// process exits (see `SignalTrap`). Results already written stay; calling it twice is harmless.
    public func interrupt() async {
        var r = report ?? placeholder(startedAt: Date())
        r.interrupted = true
        r.finished = true
        report = r
        recordRunningAsInterrupted()
        writeReports()
    }

    // MARK: - Writing

    /// Writes junit.xml, report.html, results.json and trace.jsonl for a whole report into `folder`
    /// (creating it): what `ocppspec report merge` uses. The report is written as given (merge
    /// reads results that were redacted when they were first written).
    public static func write(_ report: RunReport, to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (file, data) in renderAll(report) {
            try AtomicFile.replace(folder.appendingPathComponent(file.rawValue), with: data)
        }
        let trace = report.results.map { TraceLines.lines(for: $0) }.joined()
        try AtomicFile.replace(folder.appendingPathComponent(File.trace.rawValue), with: Data(trace.utf8))
    }

    static func renderAll(_ report: RunReport) -> [(File, Data)] {
        [
            (.results, ResultsJSON.encode(report)),
            (.junit, Data(JUnitWriter().render(report).utf8)),
            (.html, Data(HTMLReportWriter().render(report).utf8)),
        ]
    }

    private func writeReports() {
        guard var current = report else { return }
        latch.write { interrupted in
            // A signal handler marked the run interrupted: no later write may unmark it.
            if interrupted && !(current.interrupted && current.finished) {
                current.interrupted = true
                current.finished = true
                report = current
            }
            let files: [(File, Data)] = [
                (.results, ResultsJSON.encode(current)),
                (.junit, Data(JUnitWriter().render(current, testcases: &junitCases).utf8)),
                (.html, Data(HTMLReportWriter().render(current, sections: &htmlSections).utf8)),
            ]
            for (file, data) in files {
                attempt { try AtomicFile.replace(url(of: file), with: data) }
            }
            return current
        }
    }

    /// Marks the reports interrupted at once, from any thread and without this actor: what a
    /// signal handler calls first, because the actor's executor may not get to `interrupt()`
    /// before the process has to exit. Rewrites the reports as last written with
    /// `interrupted: true`; every later write keeps that mark.
    public nonisolated func interruptNow() {
        let folder = self.folder
        latch.interrupt { r in
            for (file, data) in Self.renderAll(r) {
                try? AtomicFile.replace(folder.appendingPathComponent(file.rawValue), with: data)
            }
        }
    }

    private func attempt(_ body: () throws -> Void) {
        do {
            try body()
        } catch {
            let message = "cannot write a report in \(folder.path): \(error)"
            if reportedErrors.insert(message).inserted { onError(message) }
        }
    }

    /// Run facts for results that arrive without `runStarted` (a runner that skipped it): the
    /// reports still get written, under the folder's name.
    private func placeholder(startedAt: Date) -> RunReport {
        RunReport(
            run: RunInfo(runId: folder.lastPathComponent, startedAt: startedAt, dutDescription: "unknown device", harnessVersion: "unknown", selection: ""),
            hostname: hostname)
    }
}
