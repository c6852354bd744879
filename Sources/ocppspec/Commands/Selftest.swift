import ArgumentParser
import BuiltinDUT
import ConformanceKit
import Foundation
import OCPPProtocol
import ReferenceDevices

/// `ocppspec selftest`: proves the suite against the reference devices and their seeded defects.
struct SelftestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "selftest",
        abstract: "Run every case against the correct reference devices (all must pass) and against each seeded defect; print the matrix.",
        discussion: "Exit 1 when a case does not pass on a correct device. Unproven cases and undetected defects are listed.")

    @OptionGroup var selection: SelectionOptions

    @Option(help: "Only these defects.")
    var defect: [String] = []

    @Flag(help: "Run every defect against every case of its role and version, not only the blocks it touches.")
    var full = false

    @Flag(help: "List the seeded defects and exit.")
    var listDefects = false

    @Option(help: "How many cases run at once.")
    var parallel: Int = 8

    @Option(name: .customLong("reference-config"), help: ArgumentHelp("Replace a config value of the reference profile (and device), e.g. txStartPoint=EVConnected.", valueName: "key=value"))
    var referenceConfig: [String] = []

    @Flag(name: .customLong("default-configuration-only"), help: "Do not also prove the cases the default reference device cannot run under the other reference configurations (another TxStartPoint, signed meter values…).")
    var defaultConfigurationOnly = false

    @Flag(help: "Bench selftest: run the selected cases on fresh correct devices and on one long-lived correct device per version and role (the path a real DUT takes: pre-conditions, undo), and report every verdict that differs. No defects run.")
    var bench = false

    @Option(help: ArgumentHelp("With --bench: run the long-lived device's cases in an order shuffled from this seed instead of catalogue order.", valueName: "seed"))
    var shuffle: UInt64?

    @Flag(name: .customLong("bench-traces"), help: "With --bench: print the end of the trace of every case whose verdict differs.")
    var benchTraces = false

    func run() async throws {
        if listDefects {
            print(Self.defectList(Defect.allCases))
            return
        }
        let chosen = try selection.selection()
        let library = try selection.library(strict: false, for: chosen)
        try SelectionOptions.requireMatches(chosen, in: library, matched: library.cases.contains { chosen.includes($0) })
        for role in OCPPRole.allCases { _ = try ReferenceProfile.profile(role: role, version: .v201, overrides: referenceConfig) }
        var selftest = Selftest(
            library: library, versions: chosen.versions.isEmpty ? OCPPVersion.allCases : chosen.versions,
            roles: chosen.roles.isEmpty ? OCPPRole.allCases : chosen.roles, ids: chosen.ids,
            defects: Array(try DefectOption.parse(defect)), parallelism: parallel, fullCrossProduct: full,
            progress: { FileHandle.printError($0) })
        selftest.referenceConfig = referenceConfig
        selftest.blocks = chosen.blocks
        if !defaultConfigurationOnly && referenceConfig.isEmpty { selftest.alternativeConfigurations = Selftest.referenceAlternatives }
        let clock = ContinuousClock()
        let start = clock.now
        if bench {
            selftest.benchVerbose = benchTraces
            let groups = await selftest.bench(seed: shuffle)
            print(Selftest.benchReport(groups, showTraces: benchTraces))
            let d = start.duration(to: clock.now)
            print(String(format: "bench selftest took %.1f s", Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18))
            if groups.contains(where: { !$0.differences.isEmpty }) { throw ExitCode(1) }
            return
        }
        let (groups, skipped) = Self.relevant(await selftest.run())
        print(Selftest.matrix(groups))
        if skipped > 0 {
            print("(\(skipped) defect(s) of other blocks were not run against this selection and are not listed; --full runs every defect against every selected case)")
        }
        let d = start.duration(to: clock.now)
        print(String(format: "selftest took %.1f s", Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18))
        if groups.contains(where: { !$0.brokenOnCorrect.isEmpty }) { throw ExitCode(1) }
    }
}

extension SelftestCommand {
    /// One line per defect: name, device, requirement and summary in columns as wide as their
    /// longest entry (a requirement is never cut).
    static func defectList(_ defects: [Defect]) -> String {
        let nameWidth = defects.map(\.rawValue.count).max() ?? 0
        let deviceWidth = defects.map(\.device.rawValue.count).max() ?? 0
        let requirementWidth = defects.map(\.requirement.count).max() ?? 0
        return defects.map { d in
            [d.rawValue.padding(toLength: nameWidth, withPad: " ", startingAt: 0), d.device.rawValue.padding(toLength: deviceWidth, withPad: " ", startingAt: 0),
             d.requirement.padding(toLength: requirementWidth, withPad: " ", startingAt: 0), d.summary].joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// The groups with only the defects that ran against at least one selected case (here or under
    /// an alternative configuration), and how many were left out: a defect of another block is
    /// not "undetected" by a selection that has none of its cases.
    static func relevant(_ groups: [Selftest.Group]) -> ([Selftest.Group], Int) {
        var skipped = Set<String>()
        let filtered = groups.map { g in
            var g = g
            let elsewhere = Set(g.alternatives.flatMap { $0.defectResults.filter { !$0.results.isEmpty }.map(\.defect) })
            let (kept, dropped) = (g.defectResults.filter { !$0.results.isEmpty || elsewhere.contains($0.defect) },
                                   g.defectResults.filter { $0.results.isEmpty && !elsewhere.contains($0.defect) })
            g.defectResults = kept
            skipped.formUnion(dropped.map { "\(g.version.rawValue)/\(g.role.rawValue)/\($0.defect.rawValue)" })
            return g
        }
        return (filtered, skipped.count)
    }
}

enum DefectOption {
    static func parse(_ names: [String]) throws -> Set<Defect> {
        var out = Set<Defect>()
        for n in names {
            guard let d = Defect(name: n) else {
                throw ValidationError("Unknown defect \"\(n)\"; `ocppspec selftest --list-defects` lists them.")
            }
            out.insert(d)
        }
        return out
    }
}
