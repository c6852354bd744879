import OCPPProtocol

extension JSONValue {
    /// An integer number.
    static func int(_ value: Int) -> JSONValue { .number(JSONNumber(value)) }

    /// A number, written without a fraction when it has none.
    static func decimal(_ value: Double) -> JSONValue {
        let rounded = (value * 10).rounded() / 10
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return .int(Int(rounded)) }
        return .number(JSONNumber(rounded))
    }

    /// An object from members in order; absent optionals (`nil`) are left out, or written as
    /// `null` when `nullForAbsent` is set (a seeded defect: 2.0.1 Part 4 §4.1.4 forbids it).
    static func object(_ members: KeyValuePairs<String, JSONValue?>, nullForAbsent: Bool = false) -> JSONValue {
        var object = JSONObject()
        for (key, value) in members {
            if let value {
                object[key] = value
            } else if nullForAbsent {
                object[key] = .null
            }
        }
        return .object(object)
    }

    /// This object with one member set (or removed with `nil`); other values are returned unchanged.
    func setting(_ key: String, to value: JSONValue?) -> JSONValue {
        guard var object = objectValue else { return self }
        object[key] = value
        return .object(object)
    }

    /// A string member, or an integer member written as a string.
    func text(_ key: String) -> String? {
        guard let member = self[key] else { return nil }
        if let s = member.stringValue { return s }
        if let i = member.intValue { return String(i) }
        if let b = member.boolValue { return String(b) }
        return nil
    }
}
