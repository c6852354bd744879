import ArgumentParser
import ConformanceKit
import Foundation

/// `ocppspec list`: which cases a run would cover, and which would not apply to the DUT (dry run).
struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the selected cases (a dry run): id, block, name, and why a case does not apply to the DUT.")

    @OptionGroup var selection: SelectionOptions

    @Option(help: ArgumentHelp("A DUT profile: cases it does not claim are listed as not applicable.", valueName: "dut.yaml"))
    var dut: String?

    func run() throws {
        let chosen = try selection.selection()
        let library = try selection.library(strict: false, for: chosen)
        let listed = library.cases.filter { chosen.includes($0) }
        try SelectionOptions.requireMatches(chosen, in: library, matched: !listed.isEmpty)
        // Block names in full, in a column as wide as the longest ("LocalAuthListManagement").
        let blockWidth = max(5, listed.map(\.block.count).max() ?? 0)
        let profile = try dut.map { path -> DUTProfile in
            do { return try ProfileLoader.load(path: path) } catch {
                FileHandle.printError("\(error)")
                throw ExitCode(2)
            }
        }
        var count = 0
        var notApplicable = 0
        for c in listed {
            count += 1
            var line = "\(c.id.padding(toLength: 16, withPad: " ", startingAt: 0)) \(c.version.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0)) \(c.block.padding(toLength: blockWidth, withPad: " ", startingAt: 0)) \(c.name)"
            if let profile, let reason = Runner.notApplicableReason(c, profile: profile) {
                line += "  [not applicable: \(reason)]"
                notApplicable += 1
            }
            print(line)
        }
        print("\(count) case(s)\(dut == nil ? "" : ", \(count - notApplicable) applicable to the DUT")")
    }
}
