import ConformanceKit
import Foundation

/// The reporters of one command run: console progress and the report files under `root/<run>`.
struct Reporter {
    let runId: String
    let folder: String
    let sinks: [any ResultSink]
    let observer: (@Sendable (CaseInfo, TraceEntry) -> Void)?

    init(root: String, runName: String?, quiet: Bool, verbose: Bool, secrets: [String]) throws {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH-mm-ss'Z'"
        runId = runName ?? formatter.string(from: Date())
        folder = (root as NSString).appendingPathComponent(runId)
        sinks = [ConsoleLines(quiet: quiet)]
        if verbose {
            observer = { (info: CaseInfo, entry: TraceEntry) in
                print("    \(info.id) \(String(format: "%8.3f", entry.seconds)) \(entry.kind.rawValue) \(entry.text)")
            }
        } else {
            observer = nil
        }
    }

    func printLocation() {}
}

/// One line per finished case.
actor ConsoleLines: ResultSink {
    let quiet: Bool
    var done = 0
    var total = 0
    var counts: [VerdictKind: Int] = [:]

    init(quiet: Bool) {
        self.quiet = quiet
    }

    func runStarted(_ run: RunInfo, planned: [CaseInfo]) async {
        total += planned.count
        if !quiet { print("\(run.dutDescription): \(planned.count) case(s)") }
    }

    func caseStarted(_ info: CaseInfo) async {}

    func caseFinished(_ result: CaseResult) async {
        done += 1
        counts[result.verdict.kind, default: 0] += 1
        if quiet && (result.verdict.kind == .pass || result.verdict.kind == .notApplicable) { return }
        var line = "[\(done)/\(total)] \(result.verdict.kind.rawValue.uppercased().padding(toLength: 14, withPad: " ", startingAt: 0)) \(result.info.id) \(result.info.name)"
        line += String(format: " (%.2f s)", result.seconds)
        if result.verdict.kind != .pass { line += "\n      \(result.verdict.headline)" }
        print(line)
    }

    func runFinished(_ run: RunInfo, results: [CaseResult], interrupted: Bool) async {
        let summary = VerdictKind.allCases.map { "\(counts[$0, default: 0]) \($0.rawValue)" }.joined(separator: ", ")
        print("\(interrupted ? "INTERRUPTED: " : "")\(summary)")
    }
}
