import Foundation

/// Validates JSON values against compiled ``Schema`` trees and reports every violation.
///
/// The semantics follow JSON Schema draft-04/06 as the reference Python `jsonschema` implements
/// them, with one deliberate difference: `multipleOf` is decided in exact decimal arithmetic, so
/// `0.3` is a multiple of `0.1` (binary floating point says it is not, which would fail a correct
/// Charging Station).
public struct SchemaValidator: Sendable {
    /// Stop collecting after this many violations (a hostile payload can have millions).
    public let maxViolations: Int

    public init(maxViolations: Int = 100) {
        self.maxViolations = maxViolations
    }

    public func validate(_ value: JSONValue, against schema: Schema) -> [SchemaViolation] {
        var state = State(limit: maxViolations)
        state.visit(value, schema)
        return state.violations
    }

    public func isValid(_ value: JSONValue, against schema: Schema) -> Bool {
        var state = State(limit: 1)
        state.visit(value, schema)
        return state.violations.isEmpty
    }
}

private enum PathComponent {
    case key(String)
    case index(Int)
}

private struct State {
    let limit: Int
    var violations: [SchemaViolation] = []
    var path: [PathComponent] = []

    init(limit: Int) {
        self.limit = limit
    }

    var full: Bool { violations.count >= limit }

    var pointer: String {
        var s = ""
        for c in path {
            switch c {
            case .key(let k): s += "/" + escapePointer(k)
            case .index(let i): s += "/\(i)"
            }
        }
        return s
    }

    mutating func report(_ rule: SchemaViolation.Rule) {
        guard !full else { return }
        violations.append(SchemaViolation(pointer: pointer, rule: rule))
    }

    mutating func visit(_ value: JSONValue, _ node: Schema) {
        if full { return }
        let schema = node.resolved
        if let types = schema.types, !types.contains(where: { matches(value, $0, schema.draft) }) {
            report(.type(expected: types.map(\.rawValue), found: describeType(value)))
        }
        if let strings = schema.enumStrings {
            if case .string(let text) = value, strings.contains(text) {} else {
                report(.enumeration(allowed: schema.enumValues!.map(\.jsonText), found: value.jsonText))
            }
        } else if let allowed = schema.enumValues, !allowed.contains(value) {
            report(.enumeration(allowed: allowed.map(\.jsonText), found: value.jsonText))
        }
        switch value {
        case .string(let s):
            if schema.maxLength != nil || schema.minLength != nil {
                let length = s.unicodeScalars.count
                if let max = schema.maxLength, length > max { report(.maxLength(limit: max, length: length)) }
                if let min = schema.minLength, length < min { report(.minLength(limit: min, length: length)) }
            }
            if schema.isDateTime, !RFC3339.isValidDateTime(s) {
                report(.format("RFC 3339 date-time", found: value.jsonText))
            }
        case .number(let n):
            if let min = schema.minimum {
                let below = min.exclusive ? n.doubleValue <= min.value.doubleValue : n.doubleValue < min.value.doubleValue
                if below { report(.minimum(limit: min.value.literal, exclusive: min.exclusive, found: n.literal)) }
            }
            if let max = schema.maximum {
                let above = max.exclusive ? n.doubleValue >= max.value.doubleValue : n.doubleValue > max.value.doubleValue
                if above { report(.maximum(limit: max.value.literal, exclusive: max.exclusive, found: n.literal)) }
            }
            if let factor = schema.multipleOf, !isMultiple(n, of: factor) {
                report(.multipleOf(factor: factor.literal, found: n.literal))
            }
        case .array(let elements):
            if let min = schema.minItems, elements.count < min { report(.minItems(limit: min, count: elements.count)) }
            if let max = schema.maxItems, elements.count > max { report(.maxItems(limit: max, count: elements.count)) }
            if let items = schema.items {
                for (i, element) in elements.enumerated() {
                    path.append(.index(i))
                    visit(element, items)
                    path.removeLast()
                    if full { return }
                }
            }
        case .object(let object):
            for name in schema.required where object[name] == nil {
                report(.required(property: name))
            }
            for member in object {
                if let child = schema.properties[member.key] {
                    path.append(.key(member.key))
                    visit(member.value, child)
                    path.removeLast()
                } else {
                    switch schema.additionalProperties {
                    case .allowed: break
                    case .forbidden: report(.additionalProperty(property: member.key))
                    case .schema(let extra):
                        path.append(.key(member.key))
                        visit(member.value, extra)
                        path.removeLast()
                    }
                }
                if full { return }
            }
        case .null, .bool:
            break
        }
    }

    func matches(_ value: JSONValue, _ type: SchemaType, _ draft: SchemaDraft) -> Bool {
        switch (type, value) {
        case (.null, .null), (.boolean, .bool), (.object, .object), (.array, .array), (.string, .string): true
        case (.number, .number): true
        case (.integer, .number(let n)): n.isIntegerLiteral || (draft == .draft6 && n.isIntegral)
        default: false
        }
    }

    func describeType(_ value: JSONValue) -> String {
        switch value {
        case .number(let n): n.isIntegerLiteral ? "integer \(n.literal)" : "number \(n.literal)"
        case .string(let s): "string \(JSONValue.string(String(s.prefix(40))).jsonText)"
        case .bool(let b): "boolean \(b)"
        default: value.typeName
        }
    }

    func isMultiple(_ n: JSONNumber, of factor: JSONNumber) -> Bool {
        if n.isIntegerLiteral, factor.isIntegerLiteral, let a = Int(n.literal), let b = Int(factor.literal), b != 0 {
            return a % b == 0
        }
        if let a = Decimal(string: n.literal, locale: Locale(identifier: "en_US_POSIX")),
            let b = Decimal(string: factor.literal, locale: Locale(identifier: "en_US_POSIX")), b != 0
        {
            var q = a / b
            var rounded = Decimal()
            NSDecimalRound(&rounded, &q, 0, .plain)
            return rounded == q
        }
        let q = n.doubleValue / factor.doubleValue
        return q.isFinite && q == q.rounded(.towardZero)
    }
}

/// RFC 3339 §5.6 `date-time`, as JSON Schema's `format` means it: full date, `T`, full time with
/// optional fraction, and `Z` or a numeric offset. Letters may be lower case; leap seconds are not
/// accepted; the day must exist in its month.
public enum RFC3339 {
    public static func isValidDateTime(_ text: String) -> Bool {
        let b = Array(text.utf8)
        func digit(_ i: Int) -> Int? {
            guard i < b.count, b[i] >= 0x30, b[i] <= 0x39 else { return nil }
            return Int(b[i] - 0x30)
        }
        func number(_ i: Int, _ n: Int) -> Int? {
            var v = 0
            for k in 0..<n {
                guard let d = digit(i + k) else { return nil }
                v = v * 10 + d
            }
            return v
        }
        func char(_ i: Int, _ c: Unicode.Scalar) -> Bool {
            guard i < b.count else { return false }
            let upper = UInt8(c.value)
            // Letters (T, Z) may come in lower case; '-' and ':' have no other case.
            return b[i] == upper || (upper >= 0x41 && upper <= 0x5A && b[i] == upper + 0x20)
        }
        guard b.count >= 20, let year = number(0, 4), char(4, "-"), let month = number(5, 2), char(7, "-"),
            let day = number(8, 2), char(10, "T"), let hour = number(11, 2), char(13, ":"),
            let minute = number(14, 2), char(16, ":"), let second = number(17, 2)
        else { return false }
        guard year > 0, (1...12).contains(month), hour <= 23, minute <= 59, second <= 59 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard (1...days).contains(day) else { return false }
        var i = 19
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            guard digit(i) != nil else { return false }
            while digit(i) != nil { i += 1 }
        }
        if char(i, "Z") { return i + 1 == b.count }
        guard i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-"),
            let oh = number(i + 1, 2), char(i + 3, ":"), let om = number(i + 4, 2)
        else { return false }
        return oh <= 23 && om <= 59 && i + 6 == b.count
    }
}
