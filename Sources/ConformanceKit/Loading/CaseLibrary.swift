import Foundation
import OCPPProtocol

/// All case and reusable-state files under one or more folders, loaded with their problems.
public struct CaseLibrary: Sendable {
    public var cases: [TestCase] = []
    public var states = StateLibrary()
    /// Problems found while reading (YAML syntax, structure). Cases with problems are left out.
    public var diagnostics: [Diagnostic] = []

    public init() {}

    /// Reads every `.yaml`/`.yml` file under `paths` (files or folders). Files whose top-level key
    /// is `state:` are reusable states; the others are cases. `TestCases/schema` is skipped.
    public static func load(paths: [String]) -> CaseLibrary {
        var library = CaseLibrary()
        var states: [ReusableState] = []
        for file in yamlFiles(under: paths, diagnostics: &library.diagnostics) {
            let root: YAMLNode
            do {
                root = try YAMLReader.read(fileAt: file)
            } catch {
                library.diagnostics.append(error)
                continue
            }
            var decoder = CaseDecoder()
            if root["state"] != nil {
                if let s = decoder.decodeState(root, file: file), decoder.reader.diagnostics.isEmpty { states.append(s) }
            } else if let c = decoder.decodeCase(root, file: file), decoder.reader.diagnostics.isEmpty {
                library.cases.append(c)
            }
            library.diagnostics += decoder.reader.diagnostics
        }
        library.states = StateLibrary(states)
        library.cases.sort { $0.sortKey < $1.sortKey }
        return library
    }

    static func yamlFiles(under paths: [String], diagnostics: inout [Diagnostic]) -> [String] {
        let fm = FileManager.default
        var files: [String] = []
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                diagnostics.append(Diagnostic(SourceLocation(file: path, line: 1, column: 1), "no such file or folder"))
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
