import Foundation
import OCPPProtocol

/// Validates case files against the JSON Schema of the case format, as editors would, and reports
/// each violation at the line and column of the offending YAML node.
public enum CaseFormatSchema {
    /// The schema text (what TestCases/schema/testcase.schema.json holds).
    public static var text: String { CaseFormatSchemaText.json }

    static let schema: Schema? = {
        guard let doc = try? JSONParser().parse(CaseFormatSchemaText.json) else { return nil }
        return try? SchemaCompiler(document: doc).compileRoot()
    }()

    public static func check(paths: [String]) -> [Diagnostic] {
        var ignored: [Diagnostic] = []
        var out: [Diagnostic] = []
        for file in CaseLibrary.yamlFiles(under: paths, diagnostics: &ignored) {
            guard let root = try? YAMLReader.read(fileAt: file) else { continue }
            out += check(root)
        }
        return out
    }

    public static func check(_ root: YAMLNode) -> [Diagnostic] {
        guard let schema else { return [Diagnostic(root.location, "the built-in case format schema does not compile")] }
        return SchemaValidator().validate(root.json, against: schema).map { v in
            var location = root.location(at: v.pointer)
            if case .additionalProperty(let name) = v.rule, let entry = Self.node(root, at: v.pointer)?.entries?.first(where: { $0.key == name }) {
                location = entry.keyLocation
            }
            return Diagnostic(location, "case format: \(v.description)")
        }
    }

    static func node(_ root: YAMLNode, at pointer: String) -> YAMLNode? {
        var node: YAMLNode? = root
        for token in pointer.split(separator: "/") {
            let key = String(token)
            switch node {
            case .mapping(let entries, _)?: node = entries.last { $0.key == key }?.value
            case .sequence(let items, _)?: node = Int(key).flatMap { items.indices.contains($0) ? items[$0] : nil }
            default: return nil
            }
        }
        return node
    }
}
