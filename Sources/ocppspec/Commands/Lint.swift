import ArgumentParser
import ConformanceKit
import Foundation

/// `ocppspec lint`: checks case and state files without running anything.
struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check case files: YAML, structure, message names and directions, payload fields against the schemas, matchers, states.",
        discussion: "Prints one `file:line:column: message` per problem. Exit 0 when clean, 2 when there are problems.")

    @Argument(help: "Files or folders (default: ./TestCases).")
    var paths: [String] = []

    func run() throws {
        let roots = try SelectionOptions.resolve(paths)
        let library = CaseLibrary.load(paths: roots)
        let semantic = Linter(library: library).diagnostics()
        // The schema check finds the same structural problems as the loader; report each place once.
        let seen = Set(semantic.map(\.location))
        let structural = CaseFormatSchema.check(paths: roots).filter { !seen.contains($0.location) }
        let unique = Array(Set(semantic + structural)).sorted()
        for p in unique { print(p) }
        let stateCount = library.states.states.count
        if unique.isEmpty {
            print("\(library.cases.count) case(s) and \(stateCount) reusable state(s): no problems")
        } else {
            print("\(unique.count) problem(s)")
            throw ExitCode(2)
        }
    }
}
