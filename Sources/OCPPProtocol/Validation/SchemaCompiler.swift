import Foundation

/// Why a schema document could not be compiled, and where in it.
public struct SchemaError: Error, Sendable, CustomStringConvertible {
    public let pointer: String
    public let message: String
    public let source: String?

    public var description: String {
        let place = pointer.isEmpty ? "at the root" : "at \(pointer)"
        if let source { return "\(source): \(place): \(message)" }
        return "\(place): \(message)"
    }
}

/// Compiles JSON Schema documents (draft-04/06, the subset the OCA files use) into ``Schema`` trees.
///
/// Keywords that only annotate (`description`, `javaType`, `comment`, `title`, `$id`, `default`,
/// `additionalItems` next to a single `items` schema) are skipped. Any other keyword is refused
/// with an error, so that a validator never passes a payload against a rule it silently ignored.
public struct SchemaCompiler {
    static let annotations: Set<String> = [
        "$schema", "$id", "id", "title", "description", "comment", "$comment", "javaType", "default",
        "additionalItems", "examples", "definitions",
    ]

    let root: JSONObject
    let table = DefinitionTable()
    let draft: SchemaDraft
    let source: String?

    /// Prepares to compile nodes of `document`, whose `definitions` the `$ref`s point into.
    public init(document: JSONValue, draft: SchemaDraft? = nil, source: String? = nil) throws(SchemaError) {
        guard case .object(let root) = document else {
            throw SchemaError(pointer: "", message: "a schema document must be a JSON object", source: source)
        }
        self.root = root
        self.draft = draft ?? SchemaDraft(schemaURI: root["$schema"]?.stringValue)
        self.source = source
        if let defs = root["definitions"] {
            guard case .object(let defsObject) = defs else {
                throw SchemaError(pointer: "/definitions", message: "definitions must be an object", source: source)
            }
            for member in defsObject {
                table.nodes[member.key] = try compile(member.value, pointer: "/definitions/" + escapePointer(member.key), draft: self.draft)
            }
        }
    }

    /// Compiles the whole document as one schema.
    public func compileRoot() throws(SchemaError) -> Schema {
        try compile(.object(root), pointer: "", draft: draft)
    }

    /// Compiles the member `key` of the document root as a schema of its own, with `$schema`
    /// read from that member when it has one.
    public func compileMember(_ key: String) throws(SchemaError) -> Schema {
        guard let value = root[key] else {
            throw SchemaError(pointer: "/" + escapePointer(key), message: "missing", source: source)
        }
        return try compile(value, pointer: "/" + escapePointer(key), draft: draft)
    }

    func compile(_ value: JSONValue, pointer: String, draft inherited: SchemaDraft) throws(SchemaError) -> Schema {
        func fail(_ message: String, _ at: String? = nil) -> SchemaError {
            SchemaError(pointer: at ?? pointer, message: message, source: source)
        }
        guard case .object(let node) = value else { throw fail("a schema must be a JSON object") }
        let draft = node["$schema"].map { SchemaDraft(schemaURI: $0.stringValue) } ?? inherited

        var reference: SchemaReference?
        if let ref = node["$ref"] {
            guard case .string(let text) = ref, text.hasPrefix("#/definitions/") else {
                throw fail("only $ref of the form \"#/definitions/<name>\" is supported", pointer + "/$ref")
            }
            let name = unescapePointer(String(text.dropFirst("#/definitions/".count)))
            guard root["definitions"]?[name] != nil else {
                throw fail("$ref points to \(text), which the document does not define", pointer + "/$ref")
            }
            reference = SchemaReference(name: name, table: table)
        }

        var types: [SchemaType]?
        var properties: [String: Schema] = [:]
        var order: [String] = []
        var required: [String] = []
        var additional = Schema.Additional.allowed
        var enumValues: [JSONValue]?
        var minLength: Int?, maxLength: Int?, minItems: Int?, maxItems: Int?
        var minimum: Schema.Bound?, maximum: Schema.Bound?
        var exclusiveMin = false, exclusiveMax = false
        var multipleOf: JSONNumber?
        var items: Schema?
        var format: String?

        func count(_ key: String, _ v: JSONValue) throws(SchemaError) -> Int {
            guard let n = v.intValue, n >= 0 else { throw fail("\(key) must be a non-negative integer", pointer + "/" + key) }
            return n
        }
        func number(_ key: String, _ v: JSONValue) throws(SchemaError) -> JSONNumber {
            guard case .number(let n) = v else { throw fail("\(key) must be a number", pointer + "/" + key) }
            return n
        }

        for member in node {
            let key = member.key
            let v = member.value
            let at = pointer + "/" + escapePointer(key)
            switch key {
            case "$ref": continue
            case "type":
                switch v {
                case .string(let s):
                    guard let t = SchemaType(rawValue: s) else { throw fail("unknown type \"\(s)\"", at) }
                    types = [t]
                case .array(let list):
                    var ts: [SchemaType] = []
                    for item in list {
                        guard let s = item.stringValue, let t = SchemaType(rawValue: s) else { throw fail("unknown type \(item.jsonText)", at) }
                        ts.append(t)
                    }
                    types = ts
                default: throw fail("type must be a string or an array of strings", at)
                }
            case "properties":
                guard case .object(let props) = v else { throw fail("properties must be an object", at) }
                for p in props {
                    properties[p.key] = try compile(p.value, pointer: at + "/" + escapePointer(p.key), draft: draft)
                    order.append(p.key)
                }
            case "required":
                guard case .array(let list) = v else { throw fail("required must be an array of strings", at) }
                for item in list {
                    guard let s = item.stringValue else { throw fail("required must be an array of strings", at) }
                    required.append(s)
                }
            case "additionalProperties":
                switch v {
                case .bool(let b): additional = b ? .allowed : .forbidden
                case .object: additional = .schema(try compile(v, pointer: at, draft: draft))
                default: throw fail("additionalProperties must be a boolean or a schema", at)
                }
            case "enum":
                guard case .array(let list) = v, !list.isEmpty else { throw fail("enum must be a non-empty array", at) }
                enumValues = list
            case "maxLength": maxLength = try count(key, v)
            case "minLength": minLength = try count(key, v)
            case "maxItems": maxItems = try count(key, v)
            case "minItems": minItems = try count(key, v)
            case "minimum": minimum = Schema.Bound(value: try number(key, v), exclusive: false)
            case "maximum": maximum = Schema.Bound(value: try number(key, v), exclusive: false)
            case "exclusiveMinimum":
                switch v {
                case .bool(let b): exclusiveMin = b
                case .number(let n): minimum = Schema.Bound(value: n, exclusive: true)
                default: throw fail("exclusiveMinimum must be a boolean or a number", at)
                }
            case "exclusiveMaximum":
                switch v {
                case .bool(let b): exclusiveMax = b
                case .number(let n): maximum = Schema.Bound(value: n, exclusive: true)
                default: throw fail("exclusiveMaximum must be a boolean or a number", at)
                }
            case "multipleOf":
                let n = try number(key, v)
                guard n.doubleValue > 0 else { throw fail("multipleOf must be greater than 0", at) }
                multipleOf = n
            case "items":
                guard case .object = v else { throw fail("only a single items schema is supported (no tuple form)", at) }
                items = try compile(v, pointer: at, draft: draft)
            case "format":
                guard let s = v.stringValue else { throw fail("format must be a string", at) }
                format = s
            default:
                if Self.annotations.contains(key) { continue }
                throw fail("keyword \"\(key)\" is not supported by ocppspec's validator", at)
            }
        }
        if exclusiveMin, let m = minimum { minimum = Schema.Bound(value: m.value, exclusive: true) }
        if exclusiveMax, let m = maximum { maximum = Schema.Bound(value: m.value, exclusive: true) }

        return Schema(
            draft: draft, types: types, properties: properties, propertyOrder: order, required: required,
            additionalProperties: additional, enumValues: enumValues, minLength: minLength, maxLength: maxLength,
            minimum: minimum, maximum: maximum, multipleOf: multipleOf, items: items, minItems: minItems,
            maxItems: maxItems, format: format, reference: reference)
    }
}

/// Escapes one JSON Pointer reference token (RFC 6901 §3).
public func escapePointer(_ token: String) -> String {
    guard token.contains("~") || token.contains("/") else { return token }
    return token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
}

func unescapePointer(_ token: String) -> String {
    token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
}
