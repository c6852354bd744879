import ArgumentParser
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
                trace.jsonl go into --out. A case reported by more than one shard keeps its first result \
                (a warning says so).
                Example: ocppspec report merge shard-1/Reports/run shard-2/Reports/run --out Reports/merged
                Exit codes: 0 every merged case passed (or was not applicable, or inconclusive), \
                1 a merged case failed or had a harness error, 2 a shard could not be read.
                """
        )

        @Argument(help: ArgumentHelp("Report folders of the shards, each with a results.json.", valueName: "dir"))
        var folders: [String] = []

        @Option(name: .customLong("out"), help: ArgumentHelp("The folder to write the merged reports into.", valueName: "dir"))
        var out: String

        func validate() throws {
            guard !folders.isEmpty else {
                throw ValidationError("Give at least one shard's report folder, e.g. ocppspec report merge shard-1 shard-2 --out merged.")
            }
        }

        func run() async throws {
            let outcome: ReportMerger.Outcome
            do {
                outcome = try ReportMerger.merge(folders: folders.map { URL(fileURLWithPath: $0) }, into: URL(fileURLWithPath: out))
            } catch {
                FileHandle.printError("ocppspec report merge: \(error)")
                throw ExitCode(2)
            }
            for warning in outcome.warnings { FileHandle.printError("warning: \(warning)") }
            let counts = outcome.report.counts
            var line = "Merged \(folders.count) shard\(folders.count == 1 ? "" : "s"): \(counts.total) cases ("
            line += "\(counts.pass) pass, \(counts.fail) fail, \(counts.inconclusive) inconclusive, "
            line += "\(counts.notApplicable) not applicable, \(counts.error) error)"
            if outcome.report.interrupted { line += "; a shard was interrupted" }
            print(line)
            print("Reports: \(out)/junit.xml, report.html, results.json, trace.jsonl")
            if !counts.isSuccess { throw ExitCode(1) }
        }
    }
}
