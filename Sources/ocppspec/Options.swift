import ArgumentParser
import ConformanceKit
import Foundation
import OCPPProtocol

/// Options shared by the commands that pick cases.
struct SelectionOptions: ParsableArguments {
    @Option(name: .customLong("cases"), help: ArgumentHelp("Folders or files with case and state YAML (default: ./TestCases).", valueName: "path"))
    var casePaths: [String] = []

    @Option(name: .customLong("ocpp"), help: "Only cases of this OCPP version (1.6, 2.0.1, 2.1).")
    var versions: [String] = []

    @Option(name: .customLong("role"), help: "Only cases testing this role: cs (a Charging Station is tested) or csms (a CSMS is tested).")
    var roles: [String] = []

    @Option(name: .customLong("block"), help: "Only cases of this block (A–P) or 1.6 profile (Core…).")
    var blocks: [String] = []

    @Option(name: .customLong("profile"), help: "Only cases of this certification profile (Core, AdvancedSecurity…).")
    var profiles: [String] = []

    @Option(name: .customLong("id"), help: "Only these case ids; * and ? are wildcards (TC_B_0*).")
    var ids: [String] = []

    @Option(name: .customLong("exclude"), help: ArgumentHelp("Leave out these case ids; * and ? are wildcards (repeatable).", valueName: "id|glob"))
    var excluded: [String] = []

    @Argument(help: "Case ids or globs (same as --id).")
    var idArguments: [String] = []

    func selection() throws -> Selection {
        var v: [OCPPVersion] = []
        for text in versions {
            guard let version = OCPPVersion(loose: text) else { throw ValidationError("--ocpp must be 1.6, 2.0.1 or 2.1, not \"\(text)\".") }
            v.append(version)
        }
        var r: [OCPPRole] = []
        for text in roles {
            switch text.lowercased() {
            case "cs", "station", "chargingstation", "chargepoint", "cp": r.append(.chargingStation)
            case "csms", "centralsystem": r.append(.csms)
            default: throw ValidationError("--role must be cs (Charging Station under test) or csms (CSMS under test), not \"\(text)\".")
            }
        }
        return Selection(versions: v, roles: r, blocks: blocks, profiles: profiles, ids: ids + idArguments, excluded: excluded)
    }

    /// The case folders: as given, else ./TestCases (searched upwards from the working directory).
    func resolvedPaths() throws -> [String] {
        try Self.resolve(casePaths)
    }

    static func resolve(_ casePaths: [String]) throws -> [String] {
        if !casePaths.isEmpty { return casePaths }
        var dir = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        while true {
            let candidate = dir.appendingPathComponent("TestCases")
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDir), isDir.boolValue { return [candidate.path] }
            if dir.path == "/" { break }
            dir.deleteLastPathComponent()
        }
        throw ValidationError("No TestCases folder here or above; give one with --cases.")
    }

    /// Loads the library; case files with problems are reported on standard error and left out,
    /// unless one of them may belong to `selection` (or was given by path): a selected case that
    /// does not load makes the command a usage error (exit 2), never a shorter run that passes.
    func library(strict: Bool, for selection: Selection? = nil) throws -> CaseLibrary {
        let library = CaseLibrary.load(paths: try resolvedPaths())
        if !library.diagnostics.isEmpty {
            for d in library.diagnostics.sorted() { FileHandle.printError("\(d)") }
            if strict { throw ExitCode(2) }
            if let selection {
                let given = Set(casePaths.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
                let blocking = library.rejected.filter { selection.mayInclude($0, givenFiles: given) }
                if !blocking.isEmpty {
                    let names = blocking.map { ($0.file as NSString).lastPathComponent }
                    let list = names.prefix(5).joined(separator: ", ") + (names.count > 5 ? " and \(names.count - 5) more" : "")
                    FileHandle.printError(
                        "ocppspec: \(blocking.count) file(s) the selection (\(selection.description)) needs do not load (\(list)); "
                            + "the run cannot leave them out. Fix them (`ocppspec lint` lists every problem) or narrow the selection.")
                    throw ExitCode(2)
                }
            }
            FileHandle.printError("(\(library.diagnostics.count) problem(s) in case files outside the selection: those files are left out; run `ocppspec lint`)")
        }
        return library
    }

    /// A selection that matches no case is a usage error (exit 2), with the nearest ids or blocks:
    /// a gate that ran nothing must not pass.
    static func requireMatches(_ selection: Selection, in library: CaseLibrary, matched: Bool) throws {
        guard !matched else { return }
        FileHandle.printError("ocppspec: " + selection.noMatchMessage(in: library.cases))
        throw ExitCode(2)
    }
}
