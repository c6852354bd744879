import OCPPProtocol

/// Typed access to a ``YAMLNode`` tree that collects every problem as a ``Diagnostic`` instead of
/// stopping at the first, so that `lint` can report all of them at once.
struct NodeReader {
    var diagnostics: [Diagnostic] = []

    mutating func report(_ location: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(location, message))
    }

    /// The entries of a mapping, reporting keys not in `allowed` (with a suggestion).
    mutating func mapping(_ node: YAMLNode, allowed: [String], what: String) -> [YAMLNode.Entry]? {
        guard case .mapping(let entries, _) = node else {
            report(node.location, "\(what) must be a mapping, found \(node.kindDescription)")
            return nil
        }
        for e in entries where !allowed.contains(e.key) {
            var message = "unknown key \"\(e.key)\" in \(what)"
            if let guess = Self.closest(e.key, in: allowed) { message += " (did you mean \"\(guess)\"?)" }
            message += "; allowed: " + allowed.joined(separator: ", ")
            report(e.keyLocation, message)
        }
        return entries
    }

    mutating func string(_ node: YAMLNode?, what: String) -> String? {
        guard let node else { return nil }
        guard case .scalar(let s) = node else {
            report(node.location, "\(what) must be a string, found \(node.kindDescription)")
            return nil
        }
        switch s.value {
        case .string(let v): return v
        case .number, .bool: return s.text
        default:
            report(node.location, "\(what) must be a string, found \(node.kindDescription)")
            return nil
        }
    }

    mutating func required(_ node: YAMLNode?, in parent: YAMLNode, key: String, what: String) -> String? {
        guard let node else {
            report(parent.location, "\(what) needs \"\(key)\"")
            return nil
        }
        return string(node, what: "\(key)")
    }

    mutating func bool(_ node: YAMLNode?, what: String) -> Bool? {
        guard let node else { return nil }
        guard case .scalar(let s) = node, case .bool(let b) = s.value else {
            report(node.location, "\(what) must be true or false, found \(node.kindDescription)")
            return nil
        }
        return b
    }

    /// A list of strings; a single string is accepted as a list of one.
    mutating func strings(_ node: YAMLNode?, what: String) -> [String] {
        guard let node else { return [] }
        switch node {
        case .scalar: return string(node, what: what).map { [$0] } ?? []
        case .sequence(let items, _): return items.compactMap { string($0, what: "each element of \(what)") }
        case .mapping:
            report(node.location, "\(what) must be a string or a list of strings, found a mapping")
            return []
        }
    }

    mutating func time(_ node: YAMLNode?, what: String) -> TimeExpression? {
        guard let node else { return nil }
        guard case .scalar(let s) = node else {
            report(node.location, "\(what) must be a duration like 5s, 500ms, 2m or 1h, found \(node.kindDescription)")
            return nil
        }
        var text = s.text
        if case .number = s.value { text += "s" }
        let expr = TimeExpression(text)
        if expr.syntaxProblem != nil {
            report(node.location, "\(what): \(Self.notADuration(s.text))")
            return nil
        }
        return expr
    }

    /// What `TimeExpression` accepts, for a value it does not.
    static func notADuration(_ text: String) -> String {
        "\"\(text)\" is not a duration; use forms like 5s, 500ms, 2m, 1h (also 1.5s, 2min, a bare number of seconds, "
            + "and sums or differences such as \"{{config.heartbeatInterval}}s + 5s\")"
    }

    static func closest(_ word: String, in candidates: [String]) -> String? {
        let scored = candidates.map { ($0, distance(word.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, word.count / 3) else { return nil }
        return best.0
    }

    static func distance(_ a: String, _ b: String) -> Int { EditDistance.between(a, b) }
}
