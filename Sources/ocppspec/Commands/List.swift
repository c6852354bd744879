import ArgumentParser
import ConformanceKit
import Foundation
import OCPPProtocol

/// `ocppspec list`: which cases a run would cover, and which would not apply to the DUT (dry run).
struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the selected cases (a dry run): id, block, name, and why a case does not apply to the DUT.")

    @OptionGroup var selection: SelectionOptions

    @Option(help: ArgumentHelp("A DUT profile: cases it does not claim are listed as not applicable.", valueName: "dut.yaml"))
    var dut: String?

    @Flag(help: "Print the DUT profile's keys and features instead: every config key, idToken and feature the cases read, with its meaning, Part 5 PICS question and default (by version and role: --ocpp, --role).")
    var features = false

    @Flag(help: "Print every station and operator action with its arguments (the text of docs/actions.md) instead.")
    var actions = false

    func run() throws {
        var chosen = try selection.selection()
        if actions {
            print(ActionVocabulary.markdown)
            return
        }
        if features {
            print(Self.describeCatalog(versions: chosen.versions, roles: chosen.roles))
            return
        }
        let profile = try dut.map { path -> DUTProfile in
            do { return try ProfileLoader.load(path: path) } catch {
                FileHandle.printError("\(error)")
                throw ExitCode(2)
            }
        }
        // A profile's DUT has one role: the other role's cases are left out (unless --role asks
        // for them, then they are listed as not applicable).
        if let profile, chosen.roles.isEmpty { chosen.roles = [profile.role] }
        let library = try selection.library(strict: false, for: chosen)
        let listed = library.cases.filter { chosen.includes($0) }
        try SelectionOptions.requireMatches(chosen, in: library, matched: !listed.isEmpty)
        // Block names in full, in a column as wide as the longest ("LocalAuthListManagement").
        let blockWidth = max(5, listed.map(\.block.count).max() ?? 0)
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
        if let profile {
            // The pre-flight `run` does: every value the applicable cases read, no unknown key.
            let applicable = library.cases.filter { chosen.includes($0) && Runner.notApplicableReason($0, profile: profile) == nil }
            let problems = Preflight.problems(cases: applicable, states: library.states, profile: profile)
            if problems.isEmpty {
                print("pre-flight: the profile has every value the \(applicable.count) applicable case(s) read, and no unknown key")
            } else {
                for p in problems { FileHandle.printError(p) }
                FileHandle.printError("pre-flight: \(problems.count) problem(s); `ocppspec run` would stop before connecting")
                throw ExitCode(2)
            }
        }
    }

    /// The catalogue (``ProfileCatalog``) for the scopes of `versions` × `roles` (all when empty).
    static func describeCatalog(versions: [OCPPVersion], roles: [OCPPRole]) -> String {
        let scopes = ProfileCatalog.Scope.allCases.filter { scope in
            (versions.isEmpty || versions.contains { ProfileCatalog.Scope(version: $0, role: .chargingStation) == scope || ProfileCatalog.Scope(version: $0, role: .csms) == scope })
                && (roles.isEmpty || roles.contains { r in OCPPVersion.allCases.contains { ProfileCatalog.Scope(version: $0, role: r) == scope } })
        }
        var lines: [String] = []
        for scope in scopes {
            lines.append("== \(scope.rawValue) under test")
            lines.append("config:")
            for e in ProfileCatalog.entries(ProfileCatalog.config, for: scope) {
                let origin = e.derivedFrom.map { " (set from \($0))" } ?? " (default \(e.defaultValue.jsonText))"
                lines.append("  \(e.name)\(origin)\(e.pics.map { " [PICS \($0)]" } ?? ""): \(e.meaning)")
            }
            lines.append("testData.idTokens:")
            for e in ProfileCatalog.entries(ProfileCatalog.idTokens, for: scope) {
                lines.append("  \(e.name) (default \(e.defaultValue.jsonText)): \(e.meaning)")
            }
            lines.append("features:")
            for e in ProfileCatalog.entries(ProfileCatalog.features, for: scope) {
                let origin = e.derivedFrom.map { " (derived from \($0); not listed under features)" } ?? ""
                lines.append("  \(e.name)\(origin)\(e.pics.map { " [PICS \($0)]" } ?? ""): \(e.meaning)")
            }
            lines.append("")
        }
        lines.append("Also derived from config: TxStartPoint.<value>, TxStartPoint=<list>, TxStopPoint.<value>, TxStopPoint=<list>.")
        return lines.joined(separator: "\n")
    }
}
