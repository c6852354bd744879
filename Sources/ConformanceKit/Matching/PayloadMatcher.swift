import OCPPProtocol

/// One difference between what a step expected and what the DUT sent.
public struct Mismatch: Sendable, Hashable, CustomStringConvertible {
    /// JSON Pointer into the payload.
    public var pointer: String
    public var expected: String
    public var actual: String

    public var description: String { "\(pointer.isEmpty ? "/" : pointer): expected \(expected), found \(actual)" }
}

/// Matches a payload against a template (DESIGN.md: subset by default, strict on request).
///
/// Objects: every key of the template must match; other keys are free unless `strict`. Arrays:
/// template elements are matched by position and the payload may have more, unless `strict`
/// (then the lengths must be equal). A template object `{"#contains": t}` matches an array with at
/// least one element matching `t`; `{"#each": t}` an array whose every element matches `t`;
/// `{"#optional": t}` an absent field or one matching `t` (OCTT's "statusInfo is absent or
/// statusInfo.reasonCode = NoError").
/// Strings starting with `#` are ``Matcher``s; everything else must be equal (numbers by value).
public struct PayloadMatcher: Sendable {
    public var strict: Bool

    public init(strict: Bool = false) {
        self.strict = strict
    }

    public func mismatches(_ template: JSONValue, _ actual: JSONValue) -> [Mismatch] {
        var out: [Mismatch] = []
        visit(template, actual, pointer: "", into: &out)
        return out
    }

    func visit(_ template: JSONValue, _ actual: JSONValue?, pointer: String, into out: inout [Mismatch]) {
        if case .string(let text) = template, Matcher.isMatcher(text) {
            let matcher: Matcher
            do {
                matcher = try Matcher.parse(text)
            } catch {
                out.append(Mismatch(pointer: pointer, expected: "a valid matcher", actual: error.message))
                return
            }
            guard let actual else {
                if !matcher.acceptsAbsence { out.append(Mismatch(pointer: pointer, expected: matcher.description, actual: "nothing (the field is absent)")) }
                return
            }
            if case .absent = matcher {
                out.append(Mismatch(pointer: pointer, expected: "the field to be absent", actual: actual.jsonText))
            } else if !matcher.matches(actual) {
                out.append(Mismatch(pointer: pointer, expected: matcher.description, actual: actual.jsonText))
            }
            return
        }
        if case .object(let t) = template, t.count == 1, let special = t.members.first, special.key == "#optional" {
            if let actual { visit(special.value, actual, pointer: pointer, into: &out) }
            return
        }
        guard let actual else {
            out.append(Mismatch(pointer: pointer, expected: literalDescription(template), actual: "nothing (the field is absent)"))
            return
        }
        switch template {
        case .object(let t):
            if t.count == 1, let special = t.members.first, special.key == "#contains" || special.key == "#each" {
                guard case .array(let elements) = actual else {
                    out.append(Mismatch(pointer: pointer, expected: "an array", actual: actual.jsonText))
                    return
                }
                if special.key == "#contains" {
                    if !elements.contains(where: { mismatches(special.value, $0).isEmpty }) {
                        out.append(Mismatch(pointer: pointer, expected: "an element matching \(special.value.jsonText)", actual: actual.jsonText))
                    }
                } else {
                    for (i, e) in elements.enumerated() { visit(special.value, e, pointer: pointer + "/\(i)", into: &out) }
                }
                return
            }
            guard case .object(let a) = actual else {
                out.append(Mismatch(pointer: pointer, expected: "an object", actual: actual.jsonText))
                return
            }
            for member in t {
                visit(member.value, a[member.key], pointer: pointer + "/" + escapePointer(member.key), into: &out)
            }
            if strict {
                for member in a where t[member.key] == nil {
                    out.append(Mismatch(pointer: pointer + "/" + escapePointer(member.key), expected: "no such property (strict match)", actual: member.value.jsonText))
                }
            }
        case .array(let t):
            guard case .array(let a) = actual else {
                out.append(Mismatch(pointer: pointer, expected: "an array", actual: actual.jsonText))
                return
            }
            if strict ? a.count != t.count : a.count < t.count {
                out.append(Mismatch(pointer: pointer, expected: "\(strict ? "" : "at least ")\(t.count) element\(t.count == 1 ? "" : "s")", actual: "\(a.count)"))
            }
            for (i, element) in t.enumerated() where i < a.count {
                visit(element, a[i], pointer: pointer + "/\(i)", into: &out)
            }
        case .string(let text):
            let literal = text.hasPrefix("##") ? String(text.dropFirst()) : text
            if actual != .string(literal) { out.append(Mismatch(pointer: pointer, expected: JSONValue.string(literal).jsonText, actual: actual.jsonText)) }
        default:
            if actual != template { out.append(Mismatch(pointer: pointer, expected: template.jsonText, actual: actual.jsonText)) }
        }
    }

    func literalDescription(_ template: JSONValue) -> String {
        if case .string(let s) = template, s.hasPrefix("##") { return JSONValue.string(String(s.dropFirst())).jsonText }
        return template.jsonText
    }
}
