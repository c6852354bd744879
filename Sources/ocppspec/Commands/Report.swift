import ArgumentParser
import ConformanceKit
import ConformanceReports
import Foundation

/// `ocppspec report`: works with the reports that runs wrote.
struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Work with run reports (junit.xml, report.html, results.json, trace.jsonl).",
        subcommands: [Merge.self]
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
