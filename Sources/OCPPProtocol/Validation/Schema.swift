/// The JSON Schema dialects the OCA schemas are written in. They differ, for OCPP's purposes, only
/// in whether `1.0` counts as an integer (draft-06 §6.25 says yes, draft-04 says no).
public enum SchemaDraft: Sendable {
    case draft4
    case draft6

    init(schemaURI: String?) {
        if let schemaURI, schemaURI.contains("draft-04") { self = .draft4 } else { self = .draft6 }
    }
}

/// The JSON types of JSON Schema's `type` keyword.
public enum SchemaType: String, Sendable, CaseIterable {
    case null, boolean, object, array, number, integer, string
}

/// One compiled JSON Schema node: the subset of draft-04/06 that the OCA schemas use
/// (type, properties, required, additionalProperties, enum, string length, numeric bounds,
/// multipleOf, items and item counts, the date-time format, and `$ref` into `definitions`).
public final class Schema: Sendable {
    public enum Additional: Sendable {
        case allowed
        case forbidden
        case schema(Schema)
    }

    public let draft: SchemaDraft
    public let types: [SchemaType]?
    public let properties: [String: Schema]
    /// Property names in the order the schema lists them (for stable messages and generation).
    public let propertyOrder: [String]
    public let required: [String]
    public let additionalProperties: Additional
    public let enumValues: [JSONValue]?
    public let minLength: Int?
    public let maxLength: Int?
    public let minimum: Bound?
    public let maximum: Bound?
    public let multipleOf: JSONNumber?
    public let items: Schema?
    public let minItems: Int?
    public let maxItems: Int?
    public let format: String?
    /// `format: date-time`, decided once.
    let isDateTime: Bool
    /// The enum when all its values are strings (every OCPP enum), for constant-time checks.
    let enumStrings: Set<String>?
    /// `$ref`: when present, draft-04/06 ignore every sibling keyword.
    public let reference: SchemaReference?

    /// A numeric bound; `exclusive` comes from draft-04's boolean or draft-06's numeric keywords.
    public struct Bound: Sendable {
        public let value: JSONNumber
        public let exclusive: Bool
    }

    init(
        draft: SchemaDraft, types: [SchemaType]?, properties: [String: Schema], propertyOrder: [String],
        required: [String], additionalProperties: Additional, enumValues: [JSONValue]?, minLength: Int?,
        maxLength: Int?, minimum: Bound?, maximum: Bound?, multipleOf: JSONNumber?, items: Schema?,
        minItems: Int?, maxItems: Int?, format: String?, reference: SchemaReference?
    ) {
        self.draft = draft
        self.types = types
        self.properties = properties
        self.propertyOrder = propertyOrder
        self.required = required
        self.additionalProperties = additionalProperties
        self.enumValues = enumValues
        self.minLength = minLength
        self.maxLength = maxLength
        self.minimum = minimum
        self.maximum = maximum
        self.multipleOf = multipleOf
        self.items = items
        self.minItems = minItems
        self.maxItems = maxItems
        self.format = format
        self.reference = reference
        self.isDateTime = format == "date-time"
        if let enumValues, enumValues.allSatisfy({ $0.stringValue != nil }) {
            self.enumStrings = Set(enumValues.compactMap(\.stringValue))
        } else {
            self.enumStrings = nil
        }
    }

    /// The node that validation actually uses: the target of `$ref`, followed to the end.
    public var resolved: Schema {
        var node = self
        var hops = 0
        while let ref = node.reference, let target = ref.target, hops < 32 {
            node = target
            hops += 1
        }
        return node
    }
}

/// A `$ref` to `#/definitions/<name>`, bound once the whole document is compiled.
public final class SchemaReference: @unchecked Sendable {
    public let name: String
    let table: DefinitionTable

    init(name: String, table: DefinitionTable) {
        self.name = name
        self.table = table
    }

    public var target: Schema? { table.nodes[name] }
}

/// The compiled `definitions` of one document. Written only while the document is being compiled,
/// before any ``Schema`` that refers to it is published; read-only afterwards.
final class DefinitionTable: @unchecked Sendable {
    var nodes: [String: Schema] = [:]
}
