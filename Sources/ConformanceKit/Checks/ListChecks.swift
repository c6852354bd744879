import OCPPProtocol

/// Checks over lists in a message whose order the specification leaves free.
enum ListChecks {
    /// Every template of argument `elements` matches (by subset, as a step's `match`) some element
    /// of the array at argument `field` (a JSON Pointer) of the step's message, each a different one:
    /// "the response has, in arbitrary order, …".
    static func containsEach(_ input: CheckInput) -> CheckFailure? {
        guard let message = input.message else { return CheckFailure("containsEach needs a message (attach it to a send or receive step)") }
        let pointer = input.arguments["field"]?.stringValue ?? ""
        let templates = input.arguments["elements"]?.arrayValue ?? []
        var value: JSONValue? = message
        for token in pointer.split(separator: "/") { value = value?[String(token)] }
        guard let elements = value?.arrayValue else {
            return CheckFailure("no array at \(pointer)", expected: "an array at \(pointer)", actual: value?.jsonText ?? "nothing")
        }
        let matcher = PayloadMatcher()
        var used = Set<Int>()
        for template in templates {
            guard let index = elements.indices.first(where: { !used.contains($0) && matcher.mismatches(template, elements[$0]).isEmpty }) else {
                return CheckFailure(
                    "no element of \(pointer) matches \(template.jsonText)", expected: "an element matching \(template.jsonText)",
                    actual: value?.jsonText ?? "")
            }
            used.insert(index)
        }
        return nil
    }
}
