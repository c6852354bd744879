import ArgumentParser
import ConformanceKit
import Foundation

/// Where reports go and how much the console says.
struct OutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Folder for reports; each run gets a subfolder.", valueName: "dir"))
    var report: String = "Reports"

    @Flag(help: "Only failures and the summary on the console.")
    var quiet = false

    @Flag(help: "Print every frame as it is sent or received.")
    var verbose = false

    func makeReporter(runName: String?, secrets: [String], stationId: String? = nil) throws -> Reporter {
        do {
            return try Reporter(root: report, runName: runName, quiet: quiet, verbose: verbose, secrets: secrets, stationId: stationId)
        } catch {
            throw ValidationError("\(error)")
        }
    }
}
