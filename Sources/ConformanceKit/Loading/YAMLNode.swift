import Foundation
import OCPPProtocol
import Yams

/// A YAML document as a tree that remembers where every node was written, so that problems in a
/// case file can be reported as `file:line:column`.
public indirect enum YAMLNode: Sendable {
    case scalar(Scalar)
    case mapping([Entry], SourceLocation)
    case sequence([YAMLNode], SourceLocation)

    public struct Scalar: Sendable {
        public var text: String
        /// The JSON value the scalar stands for (quoted scalars are always strings).
        public var value: JSONValue
        public var location: SourceLocation
    }

    public struct Entry: Sendable {
        public var key: String
        public var keyLocation: SourceLocation
        public var value: YAMLNode
    }

    public var location: SourceLocation {
        switch self {
        case .scalar(let s): s.location
        case .mapping(_, let l), .sequence(_, let l): l
        }
    }

    /// The node as a JSON value (mappings keep their key order).
    public var json: JSONValue {
        switch self {
        case .scalar(let s): s.value
        case .sequence(let items, _): .array(items.map(\.json))
        case .mapping(let entries, _): .object(JSONObject(entries.map { JSONObject.Member(key: $0.key, value: $0.value.json) }))
        }
    }

    public var entries: [Entry]? {
        if case .mapping(let e, _) = self { return e }
        return nil
    }

    public subscript(key: String) -> YAMLNode? {
        entries?.last(where: { $0.key == key })?.value
    }

    /// What kind of node this is, for messages ("a mapping", "a list", "a string"…).
    public var kindDescription: String {
        switch self {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .scalar(let s):
            switch s.value {
            case .string: "a string"
            case .number: "a number"
            case .bool: "a boolean"
            case .null: "null"
            default: "a value"
            }
        }
    }

    /// The location of the node at a JSON Pointer below this one (the nearest existing ancestor
    /// when the pointer leads to something absent).
    public func location(at pointer: String) -> SourceLocation {
        var node = self
        for token in pointer.split(separator: "/", omittingEmptySubsequences: true) {
            let key = String(token).replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            switch node {
            case .mapping(let entries, _):
                guard let e = entries.last(where: { $0.key == key }) else { return node.location }
                node = e.value
            case .sequence(let items, _):
                guard let i = Int(key), items.indices.contains(i) else { return node.location }
                node = items[i]
            case .scalar:
                return node.location
            }
        }
        return node.location
    }
}

/// A problem found in a file: where, and what was expected.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible, Comparable {
    public var location: SourceLocation
    public var message: String

    public init(_ location: SourceLocation, _ message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(message)" }

    public static func < (a: Diagnostic, b: Diagnostic) -> Bool {
        (a.location.file, a.location.line, a.location.column, a.message) < (b.location.file, b.location.line, b.location.column, b.message)
    }
}

/// Reads YAML text into ``YAMLNode`` trees with locations.
public enum YAMLReader {
    /// Plain YAML 1.2-like scalars: `yes`/`no`/`on`/`off` stay strings (OCPP has values like "On"),
    /// and timestamps stay strings (OCPP date-times are compared as text).
    static let resolver: Resolver = {
        let r = Resolver.default.removing(.timestamp).removing(.bool)
        // The pattern is a constant that compiles; a failure here is a programming error.
        return (try? r.appending(.bool, "^(?:true|True|TRUE|false|False|FALSE)$")) ?? r
    }()

    public static func read(_ text: String, file: String) throws(Diagnostic) -> YAMLNode {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text, resolver, .default)
        } catch let error as YamlError {
            throw diagnostic(for: error, file: file)
        } catch {
            throw Diagnostic(SourceLocation(file: file, line: 1, column: 1), "cannot read YAML: \(error)")
        }
        guard let node else { throw Diagnostic(SourceLocation(file: file, line: 1, column: 1), "the file is empty") }
        return try convert(node, file: file)
    }

    public static func read(fileAt path: String) throws(Diagnostic) -> YAMLNode {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Diagnostic(SourceLocation(file: path, line: 1, column: 1), "cannot read the file (missing or not readable)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Diagnostic(SourceLocation(file: path, line: 1, column: 1), "the file is not UTF-8 text")
        }
        return try read(text, file: path)
    }

    static func diagnostic(for error: YamlError, file: String) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let ctx = context.map { " (\($0.text))" } ?? ""
            return Diagnostic(SourceLocation(file: file, line: mark.line, column: mark.column), "invalid YAML: \(problem)\(ctx)")
        default:
            return Diagnostic(SourceLocation(file: file, line: 1, column: 1), "invalid YAML: \(error)")
        }
    }

    static func convert(_ node: Node, file: String, depth: Int = 0) throws(Diagnostic) -> YAMLNode {
        func loc(_ mark: Mark?) -> SourceLocation {
            SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
        }
        guard depth < 100 else { throw Diagnostic(loc(node.mark), "nesting deeper than 100 levels") }
        switch node {
        case .scalar(let s):
            let value: JSONValue
            if s.style != .plain {
                value = .string(s.string)
            } else {
                switch node.tag.description {
                case Tag.Name.null.rawValue: value = .null
                case Tag.Name.bool.rawValue: value = .bool(node.bool ?? false)
                case Tag.Name.int.rawValue:
                    if let i = node.int { value = .number(JSONNumber(i)) } else { value = .string(s.string) }
                case Tag.Name.float.rawValue:
                    if let d = node.float, d.isFinite {
                        value = .number(JSONNumber(literal: s.string, doubleValue: d, isIntegerLiteral: false))
                    } else {
                        value = .string(s.string)
                    }
                default: value = .string(s.string)
                }
            }
            return .scalar(YAMLNode.Scalar(text: s.string, value: value, location: loc(s.mark)))
        case .mapping(let m):
            var entries: [YAMLNode.Entry] = []
            for (k, v) in m {
                guard case .scalar(let ks) = k else {
                    throw Diagnostic(loc(k.mark), "mapping keys must be plain strings")
                }
                if entries.contains(where: { $0.key == ks.string }) {
                    throw Diagnostic(loc(ks.mark), "key \"\(ks.string)\" appears twice in the same mapping")
                }
                entries.append(YAMLNode.Entry(key: ks.string, keyLocation: loc(ks.mark), value: try convert(v, file: file, depth: depth + 1)))
            }
            return .mapping(entries, loc(m.mark))
        case .sequence(let seq):
            var items: [YAMLNode] = []
            for item in seq { items.append(try convert(item, file: file, depth: depth + 1)) }
            return .sequence(items, loc(seq.mark))
        case .alias(let a):
            throw Diagnostic(loc(a.mark), "YAML aliases are not supported in case files; write the value out")
        }
    }
}
