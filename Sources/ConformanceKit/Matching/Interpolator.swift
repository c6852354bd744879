import Foundation
import OCPPProtocol

/// Replaces `{{path}}` in templates with values from a context (DESIGN.md: DUT profile values,
/// captures and `now`).
///
/// A string that is exactly one `{{path}}` becomes the value itself (a number stays a number); a
/// `{{path}}` inside longer text is replaced by the value's text. Paths are dotted with optional
/// indexes: `config.heartbeatInterval`, `connectors[1].evseId`, `item.connectorId`. Built-ins:
/// `now` (the current time, RFC 3339 UTC with milliseconds; `now - 2h` / `now + 30s` shifts it by a
/// duration, e.g. a firmware retrieveDateTime in the past), `uuid` (a fresh UUID),
/// `randomInt` (a fresh positive integer). `{{path | text}}` gives the value as text (a number
/// becomes a string). `{{now - x}}` / `{{now + x}}` is the time x seconds before / after now, x
/// being a number or a path to a number (or numeric text), e.g. `{{now - config.interval}}` for a
/// meter value sampled one interval ago.
public struct Interpolator: Sendable {
    public var context: JSONObject
    public var now: Date

    public init(context: JSONObject, now: Date = Date()) {
        self.context = context
        self.now = now
    }

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public func interpolate(_ value: JSONValue) throws(Failure) -> JSONValue {
        switch value {
        case .string(let s):
            return try interpolate(string: s)
        case .array(let items):
            var out: [JSONValue] = []
            out.reserveCapacity(items.count)
            for i in items { out.append(try interpolate(i)) }
            return .array(out)
        case .object(let o):
            var members: [JSONObject.Member] = []
            members.reserveCapacity(o.count)
            for m in o { members.append(JSONObject.Member(key: m.key, value: try interpolate(m.value))) }
            return .object(JSONObject(members))
        default:
            return value
        }
    }

    public func interpolate(string s: String) throws(Failure) -> JSONValue {
        guard s.contains("{{") else { return .string(s) }
        var result = ""
        var rest = Substring(s)
        var pieces = 0
        var lone: JSONValue?
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw Failure(message: "\"\(s)\": \"{{\" without a closing \"}}\"")
            }
            let before = rest[..<open.lowerBound]
            var path = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            // `{{path | text}}`: the value as text (e.g. a number for a SetVariables attributeValue).
            var asText = false
            if let bar = path.lastIndex(of: "|"), path[path.index(after: bar)...].trimmingCharacters(in: .whitespaces) == "text" {
                asText = true
                path = path[..<bar].trimmingCharacters(in: .whitespaces)
            }
            var value = try resolve(path)
            if asText { value = .string(text(of: value)) }
            result += before
            result += text(of: value)
            if before.isEmpty { lone = value }
            pieces += 1
            rest = rest[close.upperBound...]
        }
        result += rest
        if pieces == 1, let lone, rest.isEmpty, s.hasPrefix("{{") { return lone }
        return .string(result)
    }

    func text(of value: JSONValue) -> String {
        switch value {
        case .string(let s): s
        case .number(let n): n.literal
        case .bool(let b): b ? "true" : "false"
        case .null: "null"
        default: value.jsonText
        }
    }

    public func resolve(_ path: String) throws(Failure) -> JSONValue {
        if let offset = try nowOffset(path) { return .string(Self.format(now.addingTimeInterval(offset))) }
        switch path {
        case "now": return .string(Self.format(now))
        case "uuid": return .string(UUID().uuidString.lowercased())
        case "randomInt": return .number(JSONNumber(Int.random(in: 1...2_000_000_000)))
        default: break
        }
        var current: JSONValue = .object(context)
        var walked = ""
        for component in Self.components(of: path) {
            switch component {
            case .key(let k):
                guard case .object(let o) = current else {
                    throw Failure(message: "{{\(path)}}: \(walked.isEmpty ? "the context" : walked) is not an object, so it has no \"\(k)\"")
                }
                guard let next = o[k] else {
                    let known = o.keys.sorted().prefix(20).joined(separator: ", ")
                    throw Failure(message: "{{\(path)}}: no value \"\(k)\" in \(walked.isEmpty ? "the context" : walked) (it has: \(known))")
                }
                current = next
                walked += walked.isEmpty ? k : "." + k
            case .index(let i):
                guard case .array(let a) = current, a.indices.contains(i) else {
                    throw Failure(message: "{{\(path)}}: \(walked) has no element [\(i)]")
                }
                current = a[i]
                walked += "[\(i)]"
            }
        }
        return current
    }

    /// The seconds of `now + x` / `now - x`, or nil when the path is not of that form.
    func nowOffset(_ path: String) throws(Failure) -> Double? {
        guard path.hasPrefix("now") else { return nil }
        let rest = path.dropFirst(3).trimmingCharacters(in: .whitespaces)
        guard let sign = rest.first, sign == "+" || sign == "-" else { return nil }
        let operand = rest.dropFirst().trimmingCharacters(in: .whitespaces)
        var seconds = Double(operand)
        if seconds == nil, let duration = try? TimeExpression.evaluate(operand) {
            // A duration with a unit: `now - 2h`, `now + 30s`.
            seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
        if seconds == nil {
            let value = try resolve(operand)
            seconds = value.numberValue?.doubleValue ?? value.stringValue.flatMap { Double($0) }
        }
        guard let seconds else { throw Failure(message: "{{\(path)}}: \(operand) is not a number of seconds") }
        return sign == "-" ? -seconds : seconds
    }

    enum Component {
        case key(String)
        case index(Int)
    }

    static func components(of path: String) -> [Component] {
        var out: [Component] = []
        for part in path.split(separator: ".") {
            var p = Substring(part)
            if let bracket = p.firstIndex(of: "[") {
                out.append(.key(String(p[..<bracket])))
                p = p[bracket...]
                while p.hasPrefix("["), let end = p.firstIndex(of: "]") {
                    if let i = Int(p[p.index(after: p.startIndex)..<end]) { out.append(.index(i)) }
                    p = p[p.index(after: end)...]
                }
            } else {
                out.append(.key(String(p)))
            }
        }
        return out
    }

    /// RFC 3339 UTC with milliseconds, as OCPP messages carry time.
    public static func format(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: date)
    }
}
