import Foundation
import OCPPProtocol

/// Gives a filled-in `{{…}}` placeholder the JSON type the message schema asks for.
///
/// DUT profiles are written by people: `meterValueSampleInterval: 5` is a number in YAML, but a
/// 1.6 ChangeConfiguration value or a 2.0.1 attributeValue is a string, while a BootNotification
/// interval taken from the same profile must be an integer. Where a payload the harness builds
/// breaks its schema only because a lone placeholder (a string that is exactly one `{{path}}`)
/// brought a number where a string is required, or a numeric string where a number is required,
/// the value is converted. Literal values written in a case are never touched, so deliberately
/// malformed payloads stay malformed.
enum PlaceholderTyping {
    /// The payload with its placeholders typed, and the schema violations left in it (validated
    /// once, and again only when a value was converted).
    static func conform(_ payload: JSONValue, template: JSONValue?, schema: Schema) -> (payload: JSONValue, violations: [SchemaViolation]) {
        let violations = SchemaValidator().validate(payload, against: schema)
        guard !violations.isEmpty, let template else { return (payload, violations) }
        var result = payload
        var converted = false
        for violation in violations {
            guard case .type(let expected, _) = violation.rule else { continue }
            let path = components(violation.pointer)
            guard case .string(let text)? = value(in: template, at: path), isLonePlaceholder(text),
                let current = value(in: result, at: path)
            else { continue }
            var replacement: JSONValue?
            switch current {
            case .number(let n) where expected.contains("string"):
                replacement = .string(n.literal)
            case .string(let s) where expected.contains("integer"):
                if let i = Int(s.trimmingCharacters(in: .whitespaces)) { replacement = .number(JSONNumber(i)) }
            case .string(let s) where expected.contains("number"):
                if let d = Double(s.trimmingCharacters(in: .whitespaces)), d.isFinite { replacement = .number(JSONNumber(d)) }
            default:
                break
            }
            if let replacement {
                result = replacing(in: result, at: path[...], with: replacement)
                converted = true
            }
        }
        return converted ? (result, SchemaValidator().validate(result, against: schema)) : (payload, violations)
    }

    static func isLonePlaceholder(_ text: String) -> Bool {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard t.hasPrefix("{{"), t.hasSuffix("}}") else { return false }
        return t.dropFirst(2).dropLast(2).range(of: "{{") == nil
    }

    /// RFC 6901 reference tokens of a JSON Pointer.
    static func components(_ pointer: String) -> [String] {
        guard !pointer.isEmpty else { return [] }
        return pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    static func value(in root: JSONValue, at path: [String]) -> JSONValue? {
        var node = root
        for token in path {
            switch node {
            case .object(let o): guard let next = o[token] else { return nil }; node = next
            case .array(let a): guard let i = Int(token), a.indices.contains(i) else { return nil }; node = a[i]
            default: return nil
            }
        }
        return node
    }

    static func replacing(in root: JSONValue, at path: ArraySlice<String>, with value: JSONValue) -> JSONValue {
        guard let token = path.first else { return value }
        switch root {
        case .object(var o):
            guard let child = o[token] else { return root }
            o[token] = replacing(in: child, at: path.dropFirst(), with: value)
            return .object(o)
        case .array(var a):
            guard let i = Int(token), a.indices.contains(i) else { return root }
            a[i] = replacing(in: a[i], at: path.dropFirst(), with: value)
            return .array(a)
        default:
            return root
        }
    }
}
