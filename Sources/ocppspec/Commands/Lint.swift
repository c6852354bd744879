import ArgumentParser
import ConformanceKit
import Foundation

/// `ocppspec lint`: checks case and state files without running anything.
struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check case files: YAML, structure, block, message names and directions, payload fields against the schemas, matchers, states.",
        discussion: """
            Prints one `file:line:column: message` per problem, every problem of every file in one pass. \
            `ocppspec lint PATH…` checks the files on their own; `ocppspec lint --cases PATH` checks your own case \
            files (outside TestCases/) against the library's reusable states (Booted…), which they may use. \
            Exit 0 when clean, 2 when there are problems.
            """)

    @Argument(help: "Files or folders checked on their own (default: ./TestCases).")
    var paths: [String] = []

    @Option(
        name: .customLong("cases"),
        help: ArgumentHelp("Case files or folders outside TestCases/ to check with the library's reusable states (repeatable).", valueName: "dir-or-file"))
    var extra: [String] = []

    func validate() throws {
        if !extra.isEmpty && !paths.isEmpty {
            throw ValidationError("Give the files to check either as arguments (checked on their own) or with --cases (checked with the library's states), not both.")
        }
    }

    func run() throws {
        let roots: [String]
        // Only problems in these files are reported (all, without --cases).
        var reported: [String]? = nil
        if extra.isEmpty {
            roots = try SelectionOptions.resolve(paths)
        } else {
            let library = try SelectionOptions.resolve([]).map(Self.standard)
            let given = extra.map(Self.standard)
            // A given file inside the library is read once, as part of it.
            roots = library + given.filter { g in !library.contains { g == $0 || g.hasPrefix($0 + "/") } }
            reported = given
        }
        let library = CaseLibrary.load(paths: roots)
        let semantic = Linter(library: library).diagnostics()
        // The schema check finds the same structural problems as the loader; report each place once.
        let seen = Set(semantic.map(\.location))
        let structural = CaseFormatSchema.check(paths: roots).filter { !seen.contains($0.location) }
        var unique = Array(Set(semantic + structural)).sorted()
        var caseCount = library.cases.count
        var stateCount = library.states.states.count
        if let reported {
            func inside(_ file: String) -> Bool {
                let f = Self.standard(file)
                return reported.contains { f == $0 || f.hasPrefix($0 + "/") }
            }
            unique = unique.filter { inside($0.location.file) }
            caseCount = library.cases.filter { inside($0.location.file) }.count
            stateCount = library.states.states.values.filter { inside($0.location.file) }.count
        }
        for p in unique { print(p) }
        if unique.isEmpty {
            let scope = reported == nil ? "" : " in \(extra.joined(separator: ", ")) (with the library's \(library.states.states.count) reusable states)"
            print("\(caseCount) case(s) and \(stateCount) reusable state(s)\(scope): no problems")
        } else {
            print("\(unique.count) problem(s)")
            throw ExitCode(2)
        }
    }

    static func standard(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
