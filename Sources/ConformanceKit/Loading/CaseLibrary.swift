import Foundation
import OCPPProtocol

/// All case and reusable-state files under one or more folders, loaded with their problems.
public struct CaseLibrary: Sendable {
    public var cases: [TestCase] = []
    public var states = StateLibrary()
    /// Problems found while reading (YAML syntax, structure). Cases with problems are left out.
    public var diagnostics: [Diagnostic] = []
    /// The files that did not load (or do not exist), with what could be read of the case, so a
    /// command can tell whether one belongs to its selection (then the run cannot go on).
    public var rejected: [RejectedFile] = []

    /// A file left out because of its problems.
    public struct RejectedFile: Sendable {
        /// The path as found (a given path, or a folder joined with the file's relative path).
        public var file: String
        /// The case as decoded despite the problems (its id, version, role, block), if it got that far.
        public var testCase: TestCase?
        /// A reusable state (`state:` at the top), which any case of its version may use.
        public var isState: Bool
    }

    public init() {}

    /// Reads every `.yaml`/`.yml` file under `paths` (files or folders). Files whose top-level key
    /// is `state:` are reusable states; the others are cases. `TestCases/schema` is skipped.
    public static func load(paths: [String]) -> CaseLibrary {
        var library = CaseLibrary()
        var states: [ReusableState] = []
        var missing: [String] = []
        let files = yamlFiles(under: paths, diagnostics: &library.diagnostics, missing: &missing)
        library.rejected += missing.map { RejectedFile(file: $0, testCase: nil, isState: false) }
        for file in files {
            let root: YAMLNode
            do {
                root = try YAMLReader.read(fileAt: file)
            } catch {
                library.diagnostics.append(error)
                library.rejected.append(RejectedFile(file: file, testCase: nil, isState: false))
                continue
            }
            var decoder = CaseDecoder()
            if root["state"] != nil {
                if let s = decoder.decodeState(root, file: file), decoder.reader.diagnostics.isEmpty { states.append(s) }
                if !decoder.reader.diagnostics.isEmpty { library.rejected.append(RejectedFile(file: file, testCase: nil, isState: true)) }
            } else {
                let c = decoder.decodeCase(root, file: file)
                if let c, decoder.reader.diagnostics.isEmpty {
                    library.cases.append(c)
                } else if !decoder.reader.diagnostics.isEmpty || c == nil {
                    library.rejected.append(RejectedFile(file: file, testCase: c, isState: false))
                }
            }
            library.diagnostics += decoder.reader.diagnostics
        }
        library.states = StateLibrary(states)
        library.cases.sort { $0.sortKey < $1.sortKey }
        return library
    }

    static func yamlFiles(under paths: [String], diagnostics: inout [Diagnostic]) -> [String] {
        var missing: [String] = []
        return yamlFiles(under: paths, diagnostics: &diagnostics, missing: &missing)
    }

    static func yamlFiles(under paths: [String], diagnostics: inout [Diagnostic], missing: inout [String]) -> [String] {
        let fm = FileManager.default
        var files: [String] = []
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                diagnostics.append(Diagnostic(SourceLocation(file: path, line: 1, column: 1), "no such file or folder"))
                missing.append(path)
                continue
            }
            if !isDir.boolValue {
                files.append(path)
                continue
            }
            guard let walker = fm.enumerator(atPath: path) else { continue }
            for case let relative as String in walker {
                if relative.hasPrefix("schema/") || relative.contains("/schema/") { continue }
                if relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") {
                    files.append((path as NSString).appendingPathComponent(relative))
                }
            }
        }
        return files.sorted()
    }
}

extension TestCase {
    /// Fixed run order: version, role, block, then the number in the id (TC_B_2 before TC_B_10).
    var sortKey: String {
        let digits = id.split(separator: "_").map { part -> String in
            if let n = Int(part) { return String(format: "%05d", n) }
            return String(part)
        }.joined(separator: "_")
        return "\(version.rawValue)|\(dutRole.rawValue)|\(block)|\(digits)"
    }
}
