import ArgumentParser
import ConformanceKit
import ConformanceReports
import Foundation

/// `ocppspec report`: works with the reports that runs wrote.
struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Work with run reports (junit.xml, report.html, results.json, trace.jsonl).",
        subcommands: [Merge.self, Show.self]
    )
}

extension Report {
    /// `ocppspec report merge DIR… --out DIR`: one report set from the shards of a run.
    struct Merge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Merge the reports of several shards into one JUnit, HTML and JSON set.",
            discussion: """
                Each DIR is the report folder of one shard (ocppspec run --shard i/n), holding the \
                results.json that the run wrote; the merged junit.xml, report.html, results.json and \
                trace.jsonl go into --out. A case reported by more than one folder keeps its latest result \
                by start time (a warning names the one kept), so a re-run of the failures merged after \
                the first run replaces their old verdicts. The verdict policy is the strictest of the \
                shards' runs; --strict and --allow-inconclusive change it for the merged reports.
                Example: ocppspec report merge shard-1/Reports/run shard-2/Reports/run --out Reports/merged
                Exit codes: 0 every merged case passed or was not applicable, 1 a merged case failed (or \
                missed a recommendation, with --strict), 2 a shard could not be read, 3 a harness error, \
                4 an inconclusive case (unless --allow-inconclusive) or no case applied.
                """
        )

        @Argument(help: ArgumentHelp("Report folders of the shards, each with a results.json.", valueName: "dir"))
        var folders: [String] = []

        @Option(name: .customLong("out"), help: ArgumentHelp("The folder to write the merged reports into.", valueName: "dir"))
        var out: String

        @OptionGroup var verdicts: VerdictOptions

        func validate() throws {
            guard !folders.isEmpty else {
                throw ValidationError("Give at least one shard's report folder, e.g. ocppspec report merge shard-1 shard-2 --out merged.")
            }
        }

        func run() async throws {
            let outcome: ReportMerger.Outcome
            do {
                outcome = try ReportMerger.merge(
                    folders: folders.map { URL(fileURLWithPath: $0) }, into: URL(fileURLWithPath: out),
                    strict: verdicts.strict, allowInconclusive: verdicts.allowInconclusive)
            } catch {
                FileHandle.printError("ocppspec report merge: \(error)")
                throw ExitCode(2)
            }
            for warning in outcome.warnings { FileHandle.printError("warning: \(warning)") }
            let counts = outcome.report.counts
            var line = "Merged \(folders.count) shard\(folders.count == 1 ? "" : "s"): \(counts.total) cases ("
            line += "\(counts.pass) pass, \(counts.nonStrict) non-strict, \(counts.fail) fail, \(counts.inconclusive) inconclusive, "
            line += "\(counts.notApplicable) not applicable, \(counts.error) error)"
            if outcome.report.interrupted { line += "; a shard was interrupted" }
            print(line)
            print("Reports: \(out)/junit.xml, report.html, results.json, trace.jsonl")
            let code = outcome.report.run.verdictPolicy.exitCode(outcome.report.results.map(\.verdict.kind))
            if code != 0 { throw ExitCode(code) }
        }
    }
}

extension Report {
    /// `ocppspec report show RUN_DIR CASE_ID`: one case of a finished (or interrupted) run, read in
    /// a terminal: verdict, reason, where, expected and actual, and the trace in order.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print one case of a run: its verdict, reason and trace.",
            discussion: """
                RUN_DIR is a run's report folder (Reports/<run>/) or its results.json. Prints the case's \
                verdict and reason, the step, requirements, expected, actual and offending frame when there \
                are any, then every trace entry in order: offset from the case's start, wall-clock time, \
                direction (DUT → harness or back; connection, action, note, finding), step, and the frame \
                as it was on the wire. An id run for two OCPP versions prints both, unless --ocpp picks one.
                Example: ocppspec report show Reports/2026-11-25T08-00-00Z TC_B_02_CS
                Exit codes: 0 the case was printed, 2 the folder, its results.json or the case is not there.
                """
        )

        @Argument(help: ArgumentHelp("The run's report folder, or its results.json.", valueName: "run-dir"))
        var folder: String

        @Argument(help: ArgumentHelp("The case id, e.g. TC_B_02_CS.", valueName: "case-id"))
        var caseId: String

        @Option(help: ArgumentHelp("Only the case of this OCPP version (1.6, 2.0.1, 2.1).", valueName: "version"))
        var ocpp: String?

        func run() async throws {
            let report: RunReport
            do {
                report = try Self.load(folder)
            } catch {
                FileHandle.printError("ocppspec report show: \(error)")
                throw ExitCode(2)
            }
            var matches = report.documentOrder.map { report.results[$0] }.filter { $0.info.id.caseInsensitiveCompare(caseId) == .orderedSame }
            if let ocpp { matches = matches.filter { $0.info.version.rawValue == ocpp } }
            guard !matches.isEmpty else {
                let ids = Array(Set(report.results.map(\.info.id)))
                let nearest = Self.nearest(caseId, among: ids)
                var message = "ocppspec report show: \(folder) has no result for case \(caseId)"
                if let ocpp { message += " of OCPP \(ocpp)" }
                message += report.results.isEmpty ? "; the run has no finished case." : "; the nearest case ids in it: \(nearest.joined(separator: ", "))."
                if report.notRun.contains(where: { $0.id == caseId }) { message += " \(caseId) was planned but did not run." }
                FileHandle.printError(message)
                throw ExitCode(2)
            }
            print(matches.map(Self.text).joined(separator: "\n\n"))
        }

        /// The run's results, from a folder holding results.json or from the file itself.
        static func load(_ path: String) throws -> RunReport {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw ShowError("\(path) does not exist; expected a run's report folder (Reports/<run>/) or its results.json.")
            }
            let file = isFolder.boolValue ? URL(fileURLWithPath: path).appendingPathComponent("results.json") : URL(fileURLWithPath: path)
            guard let data = FileManager.default.contents(atPath: file.path) else {
                throw ShowError("\(path) holds no results.json; expected a run's report folder (Reports/<run>/), which every run writes.")
            }
            return try ResultsJSON.decode(data, source: file.path)
        }

        struct ShowError: Error, CustomStringConvertible {
            let description: String
            init(_ description: String) { self.description = description }
        }

        /// Up to three ids closest to `id` by edit distance (case-insensitive), closest first.
        static func nearest(_ id: String, among ids: [String]) -> [String] {
            let target = id.uppercased()
            return ids.map { ($0, EditDistance.between(target, $0.uppercased())) }
                .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : RunReport.idPrecedes($0.0, $1.0) }
                .prefix(3).map(\.0)
        }

        

        static func text(_ r: CaseResult) -> String {
            let v = r.verdict
            let names = ReportFormat.lifelineNames(r.info)
            var lines = ["\(r.info.id) \(r.info.name) (OCPP \(r.info.version.rawValue), \(r.info.blockName), DUT is \(r.info.version.name(of: r.info.dutRole)))"]
            lines.append("Verdict: \(ReportFormat.word(v.kind)), after \(ReportFormat.seconds(r.seconds)) s, started \(ReportFormat.timestamp(r.startedAt))")
            lines.append("Reason: \(v.headline)")
            if let step = v.step {
                var w = "Step: \(step.number) (\(step.summary))"
                if let label = step.label { w += " \"\(label)\"" }
                if let state = step.state { w += ", in reusable state \(state)" }
                if let location = step.location { w += ", at \(location)" }
                lines.append(w)
            }
            if let expected = v.expected { lines.append("Expected: \(expected)") }
            if let actual = v.actual { lines.append("Actual: \(actual)") }
            if let differences = v.differences, !differences.isEmpty { lines.append("Differs at: \(differences.joined(separator: ", "))") }
            if let frame = v.offendingFrame { lines.append("Offending frame: \(frame)") }
            for finding in v.recommendations ?? [] { lines.append("Recommendation not met: \(finding.headline)") }
            if let file = r.info.file { lines.append("Case file: \(file)") }
            for warning in r.warnings { lines.append("Warning: \(warning)") }
            lines.append("Trace (\(r.trace.count) entr\(r.trace.count == 1 ? "y" : "ies")):")
            for e in r.trace {
                let direction: String
                switch e.kind {
                case .fromDUT: direction = "\(names.dut) → \(names.harness)"
                case .toDUT: direction = "\(names.harness) → \(names.dut)"
                default: direction = e.kind.rawValue
                }
                var parts = [ReportFormat.offset(e.seconds), ReportFormat.timestamp(e.timestamp), direction]
                if let step = e.step { parts.append("step \(step)") }
                if let summary = e.summary { parts.append(summary) }
                parts.append(e.text)
                lines.append("  " + parts.joined(separator: "  "))
            }
            return lines.joined(separator: "\n")
        }
    }
}
