import Foundation
import OCPPProtocol

/// A value pattern written as a string that starts with `#` (DESIGN.md: matchers are plain strings
/// that survive YAML and JSON alike). A string starting with `##` is the literal text after one `#`.
///
/// | matcher | matches |
/// |---|---|
/// | `#any`, `#present` | any value, but the field must be there |
/// | `#absent` | the field must not be there |
/// | `#optional <m>` | absent, or matching `<m>` (a matcher or a literal) |
/// | `#string`, `#nonEmpty` | a string; a non-empty string |
/// | `#int`, `#int 1..300`, `#int 1..`, `#number 0..22.5` | integral / any number, optionally in a closed or open range |
/// | `#bool`, `#object`, `#array` | that JSON type |
/// | `#datetime` | an RFC 3339 date-time string |
/// | `#regex <pattern>` | a string the regular expression matches (whole string) |
/// | `#oneOf a b #absent` | one of the listed literals or single-word matchers |
/// | `#not <literal>` | present and not equal to the literal |
/// | `#length 1..4` | a string or array with that many elements |
public indirect enum Matcher: Sendable, CustomStringConvertible {
    case any
    case absent
    case optional(Matcher)
    case string
    case nonEmpty
    case integer(NumberRange?)
    case number(NumberRange?)
    case bool
    case object
    case array
    case datetime
    case regex(String)
    case oneOf([Matcher])
    case not(String)
    case length(NumberRange)
    /// A literal (a `#oneOf` alternative or an `#optional` value).
    case literal(String)

    public struct NumberRange: Sendable, CustomStringConvertible {
        public var lower: Double?
        public var upper: Double?

        public func contains(_ x: Double) -> Bool {
            (lower.map { x >= $0 } ?? true) && (upper.map { x <= $0 } ?? true)
        }

        public var description: String {
            "\(lower.map(Self.format) ?? "")..\(upper.map(Self.format) ?? "")"
        }

        static func format(_ d: Double) -> String {
            d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
        }

        static func parse(_ text: String) -> NumberRange? {
            let parts = text.components(separatedBy: "..")
            guard parts.count == 2 else { return nil }
            let lo = parts[0].trimmingCharacters(in: .whitespaces)
            let hi = parts[1].trimmingCharacters(in: .whitespaces)
            let lower = lo.isEmpty ? nil : Double(lo)
            let upper = hi.isEmpty ? nil : Double(hi)
            if !lo.isEmpty && lower == nil { return nil }
            if !hi.isEmpty && upper == nil { return nil }
            if lower == nil && upper == nil { return nil }
            return NumberRange(lower: lower, upper: upper)
        }
    }

    public struct ParseError: Error, Sendable {
        public var message: String
    }

    /// True when `text` is written as a matcher (starts with one `#`).
    public static func isMatcher(_ text: String) -> Bool {
        text.hasPrefix("#") && !text.hasPrefix("##")
    }

    /// Parses the text of a matcher string (with the leading `#`).
    public static func parse(_ text: String) throws(ParseError) -> Matcher {
        let body = text.dropFirst().trimmingCharacters(in: .whitespaces)
        let name: String
        let rest: String
        if let space = body.firstIndex(of: " ") {
            name = String(body[..<space])
            rest = body[space...].trimmingCharacters(in: .whitespaces)
        } else {
            name = body
            rest = ""
        }
        func noArgument() throws(ParseError) {
            if !rest.isEmpty { throw ParseError(message: "#\(name) takes no argument, found \"\(rest)\"") }
        }
        func range(optional: Bool) throws(ParseError) -> NumberRange? {
            if rest.isEmpty {
                if optional { return nil }
                throw ParseError(message: "#\(name) needs a range like 1..10")
            }
            guard let r = NumberRange.parse(rest) else {
                throw ParseError(message: "#\(name): \"\(rest)\" is not a range like 1..10, 1.. or ..10")
            }
            return r
        }
        switch name {
        case "any", "present": try noArgument(); return .any
        case "absent": try noArgument(); return .absent
        case "string": try noArgument(); return .string
        case "nonEmpty": try noArgument(); return .nonEmpty
        case "bool": try noArgument(); return .bool
        case "object": try noArgument(); return .object
        case "array": try noArgument(); return .array
        case "datetime": try noArgument(); return .datetime
        case "int", "integer": return .integer(try range(optional: true))
        case "number": return .number(try range(optional: true))
        case "length": return .length(try range(optional: false)!)
        case "regex":
            guard !rest.isEmpty else { throw ParseError(message: "#regex needs a pattern") }
            do {
                _ = try NSRegularExpression(pattern: rest)
            } catch {
                throw ParseError(message: "#regex: \"\(rest)\" is not a valid regular expression")
            }
            return .regex(rest)
        case "not":
            guard !rest.isEmpty else { throw ParseError(message: "#not needs a value") }
            return .not(rest)
        case "optional":
            guard !rest.isEmpty else { throw ParseError(message: "#optional needs a matcher or a value") }
            return .optional(isMatcher(rest) ? try parse(rest) : .literal(rest))
        case "oneOf":
            let tokens = rest.split(separator: " ").map(String.init)
            guard !tokens.isEmpty else { throw ParseError(message: "#oneOf needs at least one alternative") }
            var alternatives: [Matcher] = []
            for t in tokens {
                alternatives.append(isMatcher(t) ? try parse(t) : .literal(t))
            }
            return .oneOf(alternatives)
        default:
            throw ParseError(message: "unknown matcher #\(name) (known: #any #absent #optional #string #nonEmpty #int #number #bool #object #array #datetime #regex #oneOf #not #length)")
        }
    }

    /// Whether an absent field satisfies the matcher.
    public var acceptsAbsence: Bool {
        switch self {
        case .absent, .optional: true
        case .oneOf(let alts): alts.contains { $0.acceptsAbsence }
        default: false
        }
    }

    /// Whether the value (present) satisfies the matcher.
    public func matches(_ value: JSONValue) -> Bool {
        switch self {
        case .any: return true
        case .absent: return false
        case .optional(let inner): return inner.matches(value)
        case .string: return value.stringValue != nil
        case .nonEmpty: return !(value.stringValue ?? "").isEmpty
        case .integer(let r):
            guard let n = value.numberValue, n.isIntegral else { return false }
            return r?.contains(n.doubleValue) ?? true
        case .number(let r):
            guard let n = value.numberValue else { return false }
            return r?.contains(n.doubleValue) ?? true
        case .bool: return value.boolValue != nil
        case .object: return value.objectValue != nil
        case .array: return value.arrayValue != nil
        case .datetime: return value.stringValue.map(RFC3339.isValidDateTime) ?? false
        case .regex(let pattern):
            guard let s = value.stringValue, let re = try? NSRegularExpression(pattern: "^(?:" + pattern + ")$") else { return false }
            return re.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
        case .oneOf(let alts): return alts.contains { $0.matches(value) }
        case .not(let literal): return !Matcher.literal(literal).matches(value)
        case .length(let r):
            if let s = value.stringValue { return r.contains(Double(s.count)) }
            if let a = value.arrayValue { return r.contains(Double(a.count)) }
            return false
        case .literal(let text):
            switch value {
            case .string(let s): return s == text
            case .number(let n): return Double(text).map { $0 == n.doubleValue } ?? false
            case .bool(let b): return text == (b ? "true" : "false")
            case .null: return text == "null"
            default: return false
            }
        }
    }

    public var description: String {
        switch self {
        case .any: "#any"
        case .absent: "#absent"
        case .optional(let m): "#optional \(m.inner)"
        case .string: "#string"
        case .nonEmpty: "#nonEmpty"
        case .integer(let r): r.map { "#int \($0)" } ?? "#int"
        case .number(let r): r.map { "#number \($0)" } ?? "#number"
        case .bool: "#bool"
        case .object: "#object"
        case .array: "#array"
        case .datetime: "#datetime"
        case .regex(let p): "#regex \(p)"
        case .oneOf(let alts): "#oneOf " + alts.map(\.inner).joined(separator: " ")
        case .not(let l): "#not \(l)"
        case .length(let r): "#length \(r)"
        case .literal(let l): l
        }
    }

    private var inner: String {
        if case .literal(let l) = self { return l }
        return description
    }
}
