/// One way a payload breaks its schema, located by a JSON Pointer (RFC 6901).
public struct SchemaViolation: Sendable, Hashable, CustomStringConvertible {
    public enum Rule: Sendable, Hashable {
        case type(expected: [String], found: String)
        case required(property: String)
        case additionalProperty(property: String)
        case enumeration(allowed: [String], found: String)
        case maxLength(limit: Int, length: Int)
        case minLength(limit: Int, length: Int)
        case minimum(limit: String, exclusive: Bool, found: String)
        case maximum(limit: String, exclusive: Bool, found: String)
        case multipleOf(factor: String, found: String)
        case minItems(limit: Int, count: Int)
        case maxItems(limit: Int, count: Int)
        case format(String, found: String)
    }

    /// Where, as a JSON Pointer into the payload ("" is the payload itself).
    public let pointer: String
    public let rule: Rule

    public init(pointer: String, rule: Rule) {
        self.pointer = pointer
        self.rule = rule
    }

    /// What was expected and what came, in words.
    public var message: String {
        switch rule {
        case .type(let expected, let found):
            let want = expected.count == 1 ? expected[0] : "one of " + expected.joined(separator: ", ")
            if found == "null" {
                return "expected \(want), found null (an absent optional field must be left out, not set to null)"
            }
            return "expected \(want), found \(found)"
        case .required(let p): return "required property \"\(p)\" is missing"
        case .additionalProperty(let p): return "property \"\(p)\" is not allowed here (the schema has additionalProperties: false)"
        case .enumeration(let allowed, let found):
            return "\(found) is not one of the allowed values: " + allowed.joined(separator: ", ")
        case .maxLength(let limit, let length): return "string longer than \(limit) (\(length) characters)"
        case .minLength(let limit, let length): return "string shorter than \(limit) (\(length) characters)"
        case .minimum(let limit, let exclusive, let found):
            return "\(found) is \(exclusive ? "not greater than" : "less than the minimum") \(limit)"
        case .maximum(let limit, let exclusive, let found):
            return "\(found) is \(exclusive ? "not less than" : "greater than the maximum") \(limit)"
        case .multipleOf(let factor, let found): return "\(found) is not a multiple of \(factor)"
        case .minItems(let limit, let count): return "array has \(count) items; at least \(limit) are required"
        case .maxItems(let limit, let count): return "array has \(count) items; at most \(limit) are allowed"
        case .format(let format, let found): return "\(found) is not a valid \(format)"
        }
    }

    /// `pointer: message`, with the payload root written as `/`.
    public var description: String { "\(pointer.isEmpty ? "/" : pointer): \(message)" }

    /// The CALLERROR code this violation calls for (Part 4 §4.3 / OCPP-J 1.6 §4.2.3).
    public var errorCode: RPCErrorCode {
        switch rule {
        case .type: .typeConstraintViolation
        case .required, .minItems, .maxItems: .occurrenceConstraintViolation
        case .additionalProperty: .formatViolation
        case .enumeration, .maxLength, .minLength, .minimum, .maximum, .multipleOf, .format: .propertyConstraintViolation
        }
    }
}
