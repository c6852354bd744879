import ConformanceKit
import Foundation

/// Merges the `results.json` of several shards (`ocppspec run --shard i/n` on several CI workers)
/// into one run, from which `ReportSession.write` makes one JUnit/HTML/JSON set.
///
/// The merged run: its id is the output folder's name; it started when the first shard started;
/// DUT descriptions, harness versions, selections and hostnames that differ between shards are
/// listed; planned cases and results are the union, results in the merged planned order; it is
/// interrupted if any shard was, and finished only if every shard was. A case that appears in
/// more than one report keeps its latest result (by start time: "re-run the failures, then merge"
/// must show the re-run), with a warning that names the one kept. The merged verdict policy is
/// the strictest of the shards' (strict if any was, inconclusive allowed only if every shard
/// allowed it).
public enum ReportMerger {
    /// A merged report and what the user should know about it.
    public struct Outcome: Sendable {
        /// The merged run.
        public var report: RunReport
        /// Sentences about duplicates or inconsistencies between shards.
        public var warnings: [String]
    }

    /// A shard's report that cannot be read, as a sentence.
    public struct MergeError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Reads `results.json` from each folder (or each path, if it names a results file), merges,
    /// and writes the reports into `output`.
    /// - Throws: `MergeError` when a shard has no readable results.json or nothing was given;
    ///   `AtomicFile.WriteError` when the output cannot be written.
    @discardableResult
    public static func merge(folders: [URL], into output: URL, strict: Bool = false, allowInconclusive: Bool = false) throws -> Outcome {
        guard !folders.isEmpty else { throw MergeError(description: "Give at least one report folder to merge.") }
        var shards: [(source: String, report: RunReport)] = []
        for folder in folders {
            let file = folder.pathExtension == "json" ? folder : folder.appendingPathComponent(ReportSession.File.results.rawValue)
            let data: Data
            do {
                data = try Data(contentsOf: file)
            } catch {
                throw MergeError(description: "Cannot read \(file.path): a shard's report folder must contain the results.json that ocppspec run wrote.")
            }
            do {
                shards.append((folder.path, try ResultsJSON.decode(data, source: file.path)))
            } catch {
                throw MergeError(description: "\(error)")
            }
        }
        var outcome = merge(shards, runId: output.lastPathComponent)
        if strict { outcome.report.run.policy?.strict = true }
        if allowInconclusive { outcome.report.run.policy?.allowInconclusive = true }
        try ReportSession.write(outcome.report, to: output)
        return outcome
    }

    /// Merges reports already read; `source` names each in warnings.
    public static func merge(_ shards: [(source: String, report: RunReport)], runId: String) -> Outcome {
        var warnings: [String] = []
        let runs = shards.map(\.report.run)
        func distinct(_ values: [String]) -> [String] {
            var seen = Set<String>()
            return values.filter { !$0.isEmpty && seen.insert($0).inserted }
        }
        let roles = Set(runs.compactMap(\.dutRole))
        let duts = distinct(runs.map(\.dutDescription))
        if duts.count > 1 {
            warnings.append("The shards tested different devices (\(duts.joined(separator: "; "))); the merged report lists them all.")
        }
        let run = RunInfo(
            runId: runId,
            startedAt: runs.map(\.startedAt).min() ?? Date(timeIntervalSince1970: 0),
            dutDescription: duts.joined(separator: " / "),
            dutRole: roles.count == 1 ? roles.first : nil,
            harnessVersion: distinct(runs.map(\.harnessVersion)).joined(separator: ", "),
            selection: distinct(runs.map(\.selection)).joined(separator: "; "),
            shard: nil,
            policy: VerdictPolicy(
                strict: runs.contains { $0.policy?.strict == true },
                allowInconclusive: !runs.isEmpty && runs.allSatisfy { $0.policy?.allowInconclusive == true }))

        var planned: [CaseInfo] = []
        var plannedKeys = Set<String>()
        for shard in shards {
            for info in shard.report.planned where plannedKeys.insert(RunReport.key(info)).inserted {
                planned.append(info)
            }
        }
        var results: [CaseResult] = []
        var kept: [String: (index: Int, source: String)] = [:]
        for shard in shards {
            for result in shard.report.results {
                let key = RunReport.key(result.info)
                if let earlier = kept[key] {
                    let old = results[earlier.index]
                    let newer = result.startedAt >= old.startedAt
                    func described(_ r: CaseResult, _ source: String) -> String {
                        "\(r.verdict.kind.rawValue) from \(source) (started \(ReportFormat.timestamp(r.startedAt)))"
                    }
                    let (later, earlierOne) = newer
                        ? (described(result, shard.source), described(old, earlier.source)) : (described(old, earlier.source), described(result, shard.source))
                    warnings.append(
                        "\(result.info.id) has results in both \(earlier.source) and \(shard.source); the merged report keeps the later one, \(later), not \(earlierOne).")
                    if newer {
                        results[earlier.index] = result
                        kept[key] = (earlier.index, shard.source)
                    }
                    continue
                }
                kept[key] = (results.count, shard.source)
                results.append(result)
                if plannedKeys.insert(key).inserted { planned.append(result.info) }
            }
        }
        let order = Dictionary(uniqueKeysWithValues: planned.enumerated().map { (RunReport.key($0.element), $0.offset) })
        results.sort { (order[RunReport.key($0.info)] ?? .max) < (order[RunReport.key($1.info)] ?? .max) }

        let report = RunReport(
            run: run,
            hostname: distinct(shards.map(\.report.hostname)).joined(separator: ", "),
            planned: planned,
            results: results,
            interrupted: shards.contains { $0.report.interrupted },
            finished: !shards.isEmpty && shards.allSatisfy { $0.report.finished })
        return Outcome(report: report, warnings: warnings)
    }
}
