import OCPPProtocol

/// JSON pretty-printed for `report.html` (two spaces, members in their original order, as
/// `JSONValue.prettyJSONText` writes it) with chosen fields wrapped in `<mark class="diff">`: the
/// fields where a received payload differed from what the case expected (`Verdict.differences`).
///
/// The output is HTML: every key and value goes through `Markup.escape`, and the only markup added
/// is the `mark` element.
enum MarkedJSON {
    /// `text` as escaped, pretty-printed HTML with the fields at `pointers` marked, or nil when
    /// `text` is not a JSON object or array.
    ///
    /// The pointers point into a payload. When `text` is an OCPP-J frame (`[2,id,action,payload]`,
    /// `[3,id,payload]`, `[6,id,action,payload]`) they are taken inside its payload. A pointer the
    /// document does not hold (a field absent from the received message, a `#each` template) marks
    /// its deepest ancestor that is there, but never the whole payload.
    static func html(_ text: String, marking pointers: [String]) -> String? {
        guard let first = text.first(where: { !$0.isWhitespace }), first == "[" || first == "{",
            let value = try? JSONParser().parse(text)
        else { return nil }
        let base = payloadPath(of: value)
        var marked = Set<[String]>()
        for pointer in pointers {
            let path = base + tokens(of: pointer)
            // The deepest prefix that exists, longer than the payload's own path.
            var length = path.count
            while length > base.count, node(at: Array(path.prefix(length)), in: value) == nil { length -= 1 }
            if length > base.count { marked.insert(Array(path.prefix(length))) }
        }
        var writer = Writer(marked: marked)
        writer.write(value, path: [], level: 0)
        return writer.out
    }

    /// Where the payload sits in an OCPP-J frame; the document itself otherwise.
    static func payloadPath(of value: JSONValue) -> [String] {
        guard case .array(let a) = value, let type = a.first?.intValue else { return [] }
        switch (type, a.count) {
        case (2, 4), (6, 4): return ["3"]
        case (3, 3): return ["2"]
        default: return []
        }
    }

    /// The reference tokens of a JSON Pointer, unescaped (`~1` is `/`, `~0` is `~`).
    static func tokens(of pointer: String) -> [String] {
        guard !pointer.isEmpty else { return [] }
        return pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    static func node(at path: [String], in value: JSONValue) -> JSONValue? {
        var current = value
        for token in path {
            switch current {
            case .object(let o):
                guard let next = o[token] else { return nil }
                current = next
            case .array(let a):
                guard let i = Int(token), a.indices.contains(i) else { return nil }
                current = a[i]
            default:
                return nil
            }
        }
        return current
    }

    struct Writer {
        let marked: Set<[String]>
        var out = ""

        init(marked: Set<[String]>) {
            self.marked = marked
        }

        mutating func write(_ value: JSONValue, path: [String], level: Int) {
            switch value {
            case .array(let a):
                guard !a.isEmpty else { return out += "[]" }
                out += "["
                for (i, element) in a.enumerated() {
                    if i > 0 { out += "," }
                    newline(level + 1)
                    let childPath = path + [String(i)]
                    let mark = marked.contains(childPath)
                    if mark { out += "<mark class=\"diff\">" }
                    write(element, path: childPath, level: level + 1)
                    if mark { out += "</mark>" }
                }
                newline(level)
                out += "]"
            case .object(let o):
                guard !o.isEmpty else { return out += "{}" }
                out += "{"
                for (i, member) in o.members.enumerated() {
                    if i > 0 { out += "," }
                    newline(level + 1)
                    let childPath = path + [member.key]
                    let mark = marked.contains(childPath)
                    if mark { out += "<mark class=\"diff\">" }
                    out += Markup.escape(JSONValue.string(member.key).jsonText) + ": "
                    write(member.value, path: childPath, level: level + 1)
                    if mark { out += "</mark>" }
                }
                newline(level)
                out += "}"
            default:
                out += Markup.escape(value.jsonText)
            }
        }

        mutating func newline(_ level: Int) {
            out += "\n" + String(repeating: " ", count: 2 * level)
        }
    }
}
