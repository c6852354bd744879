import Foundation

/// A JSON value as OCPP-J carries it.
///
/// Numbers keep the literal they were written with, so a frame can be shown exactly as the peer sent it
/// and an integer literal (`1`) stays distinguishable from a fraction (`1.0`), which JSON Schema draft-04
/// treats differently. Objects keep their key order for the same reason.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The JSON type name as JSON Schema spells it (`integer` is reported as `number` here).
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number(let n): n.isIntegerLiteral ? "integer" : "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var numberValue: JSONNumber? {
        if case .number(let n) = self { return n }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The integer held, when this is a number with an integral value that fits `Int`.
    public var intValue: Int? {
        if case .number(let n) = self { return n.intValue }
        return nil
    }

    /// The member `key` of an object; `nil` for other values or absent keys.
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral,
    ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(JSONNumber(value)) }
    public init(floatLiteral value: Double) { self = .number(JSONNumber(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements.map { JSONObject.Member(key: $0.0, value: $0.1) }))
    }
    public init(nilLiteral: ()) { self = .null }
}

/// A JSON number with the literal it came from.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The text of the number as written (`"1"`, `"1.50"`, `"2e3"`).
    public let literal: String
    /// The value as a binary double (what a Python or JavaScript peer computes with).
    public let doubleValue: Double
    /// True when the literal has no fraction and no exponent.
    public let isIntegerLiteral: Bool

    public init(literal: String, doubleValue: Double, isIntegerLiteral: Bool) {
        self.literal = literal
        self.doubleValue = doubleValue
        self.isIntegerLiteral = isIntegerLiteral
    }

    public init(_ value: Int) {
        self.init(literal: String(value), doubleValue: Double(value), isIntegerLiteral: true)
    }

    public init(_ value: Double) {
        let text: String
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
            text = String(format: "%.1f", value)
        } else {
            text = "\(value)"
        }
        self.init(literal: text, doubleValue: value, isIntegerLiteral: false)
    }

    /// The integral value when there is one that fits `Int` (`3` and `3.0` both give 3).
    public var intValue: Int? {
        if isIntegerLiteral, let v = Int(literal) { return v }
        guard doubleValue.isFinite, doubleValue == doubleValue.rounded(.towardZero),
            abs(doubleValue) < 9.0e18
        else { return nil }
        return Int(doubleValue)
    }

    /// True when the value is integral (`1`, `1.0`, `1e2`).
    public var isIntegral: Bool {
        isIntegerLiteral || (doubleValue.isFinite && doubleValue == doubleValue.rounded(.towardZero))
    }

    public var description: String { literal }

    /// Numbers are equal by value, as JSON Schema's `enum` and `const` compare them.
    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        if lhs.isIntegerLiteral, rhs.isIntegerLiteral, let l = Int(lhs.literal), let r = Int(rhs.literal) {
            return l == r
        }
        return lhs.doubleValue == rhs.doubleValue
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(doubleValue)
    }
}

/// A JSON object that keeps its members in the order they were written.
///
/// Look-ups are linear: OCPP objects have a handful of members, where a scan beats hashing. When a
/// key is written twice the last one wins, as in most JSON libraries.
public struct JSONObject: Sendable, Hashable, Sequence {
    public struct Member: Sendable, Hashable {
        public var key: String
        public var value: JSONValue
        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    public private(set) var members: [Member]

    public init(_ members: [Member] = []) {
        self.members = members
    }

    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }
    public var keys: [String] { members.map(\.key) }

    public subscript(key: String) -> JSONValue? {
        get {
            var i = members.count - 1
            while i >= 0 {
                if members[i].key == key { return members[i].value }
                i -= 1
            }
            return nil
        }
        set {
            if let i = members.lastIndex(where: { $0.key == key }) {
                if let newValue { members[i].value = newValue } else { members.remove(at: i) }
            } else if let newValue {
                members.append(Member(key: key, value: newValue))
            }
        }
    }

    /// Keys written more than once, in order of their second appearance.
    public var duplicateKeys: [String] {
        var seen = Set<String>()
        var dups: [String] = []
        for m in members where !seen.insert(m.key).inserted { dups.append(m.key) }
        return dups
    }

    public func makeIterator() -> IndexingIterator<[Member]> { members.makeIterator() }

    /// Objects are equal when they hold the same keys with equal values, whatever the order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        let lk = Set(lhs.keys)
        guard lk == Set(rhs.keys) else { return false }
        for k in lk where lhs[k] != rhs[k] { return false }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(Set(keys))
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements.map { Member(key: $0.0, value: $0.1) })
    }
}
