import ConformanceKit
import Foundation

/// Everything the report writers show about one run: its facts, the cases planned and the results
/// so far. A `ReportSession` holds one that grows case by case; `ocppspec report merge` builds one
/// from the `results.json` of several shards.
public struct RunReport: Sendable, Hashable {
    /// The run's facts (redacted).
    public var run: RunInfo
    /// The machine the run happened on (JUnit `hostname`); shards that ran on several are listed.
    public var hostname: String
    /// The cases the selection chose, in run order; more than `results` until the run is over.
    public var planned: [CaseInfo]
    /// Finished cases, in the order they finished.
    public var results: [CaseResult]
    /// The run was stopped (SIGINT, SIGTERM, the runner gave up) before every planned case ran.
    public var interrupted: Bool
    /// `runFinished` was seen: no more results will come.
    public var finished: Bool

    public init(run: RunInfo, hostname: String, planned: [CaseInfo] = [], results: [CaseResult] = [], interrupted: Bool = false, finished: Bool = false) {
        self.run = run
        self.hostname = hostname
        self.planned = planned
        self.results = results
        self.interrupted = interrupted
        self.finished = finished
    }

    /// Verdict counts over all results.
    public var counts: VerdictCounts { VerdictCounts(results) }

    /// Planned cases with no result: not reached because the run was interrupted (or is running).
    public var notRun: [CaseInfo] {
        let done = Set(results.map { Self.key($0.info) })
        return planned.filter { !done.contains(Self.key($0)) }
    }

    /// The cases' times added up, in seconds (not the run's length: cases may run side by side,
    /// and the time between cases is not in it).
    public var seconds: Double { results.reduce(0) { $0 + $1.seconds } }

    /// The run's wall time so far, in seconds: from the first case's start to the last one's end,
    /// the time between cases (waiting for the DUT to settle or connect) included.
    public var wallSeconds: Double { Self.wallSeconds(of: results) }

    /// From the earliest start to the latest end among `results`.
    public static func wallSeconds(of results: [CaseResult]) -> Double {
        guard let start = results.map(\.startedAt).min() else { return 0 }
        let end = results.map { $0.startedAt.addingTimeInterval($0.seconds) }.max() ?? start
        return max(0, end.timeIntervalSince(start))
    }

    /// Indices of `results` in the order the reports list them: by OCPP version, then case id
    /// (runs of digits compared as numbers: TC_B_2 before TC_B_10), then role; cases that still tie
    /// keep the order they finished in. A report of the same cases lists them the same way however
    /// the run interleaved them.
    public var documentOrder: [Int] {
        results.indices.sorted { a, b in
            let x = results[a].info, y = results[b].info
            if x.version != y.version { return x.version < y.version }
            if x.id != y.id { return Self.idPrecedes(x.id, y.id) }
            if x.dutRole != y.dutRole { return x.dutRole.rawValue < y.dutRole.rawValue }
            return a < b
        }
    }

    /// Case ids in natural order: text compared as text, runs of digits as numbers.
    public static func idPrecedes(_ a: String, _ b: String) -> Bool {
        let x = chunks(a), y = chunks(b)
        for (p, q) in zip(x, y) where p != q {
            if let m = Int(p), let n = Int(q) { return m != n ? m < n : p < q }
            return p < q
        }
        return x.count < y.count
    }

    /// "TC_B_10_CS" → ["TC_B_", "10", "_CS"].
    static func chunks(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        var digits = false
        for c in text {
            let d = c.isASCII && c.isNumber
            if !current.isEmpty && d != digits {
                out.append(current)
                current = ""
            }
            digits = d
            current.append(c)
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    /// Indices of `results` grouped by JUnit suite (version + block), suites and the cases in each
    /// in `documentOrder`.
    public var suites: [(name: String, blockName: String, indices: [Int])] {
        var order: [String] = []
        var groups: [String: [Int]] = [:]
        var names: [String: String] = [:]
        for i in documentOrder {
            let r = results[i]
            let name = r.info.suiteName
            if groups[name] == nil {
                order.append(name)
                names[name] = r.info.blockName
            }
            groups[name, default: []].append(i)
        }
        return order.map { ($0, names[$0] ?? $0, groups[$0] ?? []) }
    }

    /// Counts per block (`"2.0.1 B Provisioning"`-style labels when several versions ran), in
    /// first-seen order.
    public var countsByBlock: [(label: String, counts: VerdictCounts)] {
        let versions = Set(results.map(\.info.version))
        return Self.grouped(results) { r in
            [versions.count > 1 ? "\(r.info.version.rawValue) \(r.info.blockName)" : r.info.blockName]
        }
    }

    /// Counts per certification profile, in first-seen order; a case in several profiles counts in
    /// each, a case in none counts under "(no profile)".
    public var countsByProfile: [(label: String, counts: VerdictCounts)] {
        Self.grouped(results) { $0.info.profiles.isEmpty ? ["(no profile)"] : $0.info.profiles }
    }

    /// Counts per OCPP version and block, in first-seen order over `documentOrder`: blocks of
    /// different versions (1.6 `Core`, 2.0.1 `OCPPJ` and 1.6 `OCPPJ`) are different rows.
    public var countsByVersionAndBlock: [(version: String, label: String, counts: VerdictCounts)] {
        Self.groupedByVersion(documentOrder.map { results[$0] }) { [$0.info.blockName] }
    }

    /// Counts per OCPP version and certification profile, in first-seen order over
    /// `documentOrder` (1.6 Core and 2.0.1 Core are different profiles); a case in none counts
    /// under "(no profile)".
    public var countsByVersionAndProfile: [(version: String, label: String, counts: VerdictCounts)] {
        Self.groupedByVersion(documentOrder.map { results[$0] }) { $0.info.profiles.isEmpty ? ["(no profile)"] : $0.info.profiles }
    }

    /// `grouped` with the case's version as the first part of the key.
    public static func groupedByVersion(_ results: [CaseResult], labels: (CaseResult) -> [String]) -> [(version: String, label: String, counts: VerdictCounts)] {
        grouped(results) { r in labels(r).map { r.info.version.rawValue + "\u{1F}" + $0 } }.map { row in
            let parts = row.label.split(separator: "\u{1F}", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "", row.counts)
        }
    }

    static func grouped(_ results: [CaseResult], labels: (CaseResult) -> [String]) -> [(label: String, counts: VerdictCounts)] {
        var order: [String] = []
        var groups: [String: VerdictCounts] = [:]
        for r in results {
            for label in labels(r) {
                if groups[label] == nil { order.append(label) }
                groups[label, default: VerdictCounts()].add(r.verdict.kind)
            }
        }
        return order.map { ($0, groups[$0]!) }
    }

    /// Identity of a case across shards: the same id can exist for both roles and several versions.
    static func key(_ info: CaseInfo) -> String {
        "\(info.version.rawValue)/\(info.dutRole.rawValue)/\(info.id)"
    }
}
