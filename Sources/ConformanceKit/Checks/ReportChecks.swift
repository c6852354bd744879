import Foundation
import OCPPProtocol

/// Checks over the NotifyReport messages a station sent for one report request (B07, B08): the
/// parts of a report and what they say about each variable.
enum ReportChecks {
    /// The NotifyReport requests that answer `requestId`, in the order they came.
    static func reports(_ input: CheckInput) -> (requestId: String, parts: [JSONValue])? {
        guard let id = input.arguments["requestId"], let requestId = id.intValue.map(String.init) ?? id.stringValue else { return nil }
        let parts = input.received.filter { $0.action == "NotifyReport" && $0.payload["requestId"]?.intValue.map(String.init) == requestId }.map(\.payload)
        return (requestId, parts)
    }

    /// B07.FR.03: the parts are numbered 0, 1, 2… in the order sent, and only the last has tbc false.
    static func notifyReportSequence(_ input: CheckInput) -> CheckFailure? {
        guard let (requestId, parts) = reports(input) else { return CheckFailure("notifyReportSequence needs the argument requestId") }
        guard !parts.isEmpty else {
            return CheckFailure("no NotifyReport came for requestId \(requestId)", expected: "NotifyReport with requestId \(requestId), seqNo 0", actual: "none")
        }
        for (n, part) in parts.enumerated() {
            let seqNo = part["seqNo"]?.intValue
            if seqNo != n {
                return CheckFailure(
                    "part \(n + 1) of report \(requestId) has seqNo \(seqNo.map(String.init) ?? "absent")", expected: "seqNo \(n)",
                    actual: part.jsonText)
            }
            let tbc = part["tbc"]?.boolValue ?? false
            let last = n == parts.count - 1
            if tbc == last {
                return CheckFailure(
                    last ? "the last part of report \(requestId) (seqNo \(n)) says more is to come" : "report \(requestId) has tbc false at seqNo \(n) but went on",
                    expected: last ? "tbc false or absent" : "tbc true", actual: "tbc \(tbc)")
            }
        }
        return nil
    }

    /// What every reported variable must look like (B07, TC_B_12/13/53_CS post-scenario checks):
    /// variableCharacteristics present; for OptionList, MemberList and SequenceList a non-empty
    /// valuesList that the reported value keeps to; no value for WriteOnly; the mutability within
    /// argument `mutability` when given; and every `Component.Variable` or
    /// `Component.Variable[Instance]` of argument `required`, and every variable that the 2.0.1
    /// appendices (dm_components_vars.csv, ``RequiredVariables``) make required for a component of
    /// argument `requiredOf`, reported at least once; argument `requiredWritable` names required
    /// variables too, each of which the appendix must make required.
    static func reportedVariables(_ input: CheckInput) -> CheckFailure? {
        guard let (requestId, parts) = reports(input) else { return CheckFailure("reportedVariables needs the argument requestId") }
        let allowedMutability = input.arguments["mutability"]?.arrayValue?.compactMap(\.stringValue)
        var problems: [String] = []
        var seen: Set<String> = []
        for part in parts {
            for entry in part["reportData"]?.arrayValue ?? [] {
                let component = entry["component"]?.text("name") ?? "?"
                let variable = entry["variable"]?.text("name") ?? "?"
                let instance = entry["variable"]?.text("instance")
                let name = component + "." + variable + (instance.map { "[\($0)]" } ?? "")
                seen.insert(name)
                seen.insert(component + "." + variable)
                guard let characteristics = entry["variableCharacteristics"] else {
                    problems.append("\(name) has no variableCharacteristics")
                    continue
                }
                let dataType = characteristics.text("dataType") ?? ""
                let listed = ["OptionList", "MemberList", "SequenceList"].contains(dataType)
                let valuesList = (characteristics.text("valuesList") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                if listed && valuesList.isEmpty { problems.append("\(name) is an \(dataType) without valuesList") }
                for attribute in entry["variableAttribute"]?.arrayValue ?? [] {
                    let mutability = attribute.text("mutability") ?? "ReadWrite"
                    let type = attribute.text("type") ?? "Actual"
                    if let allowedMutability, !allowedMutability.contains(mutability) {
                        problems.append("\(name) is \(mutability) (expected \(allowedMutability.joined(separator: " or ")))")
                    }
                    if mutability == "WriteOnly", attribute["value"] != nil { problems.append("\(name) is WriteOnly but its \(type) value is reported") }
                    if listed, !valuesList.isEmpty, let value = attribute.text("value") {
                        let members = dataType == "OptionList" ? [value] : value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                        let outside = members.filter { !$0.isEmpty && !valuesList.contains($0) }
                        if !outside.isEmpty { problems.append("\(name) has \(type) value \"\(value)\" outside its valuesList \"\(valuesList.joined(separator: ","))\"") }
                    }
                }
            }
        }
        let components = input.arguments["requiredOf"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let unknown = components.filter { RequiredVariables.byComponent[$0] == nil }
        if !unknown.isEmpty {
            return CheckFailure("reportedVariables: requiredOf names components without required variables in dm_components_vars.csv: " + unknown.joined(separator: ", "))
        }
        // `requiredWritable`: the writable ones of the appendix's required variables (TC_B_12_CS); the
        // appendix has no mutability column, so the case names them, and a name the appendix does not
        // make required is refused (an optional variable must never be demanded).
        let writable = input.arguments["requiredWritable"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let appendix = Set(RequiredVariables.byComponent.values.joined())
        let notRequired = writable.filter { !appendix.contains($0) }
        if !notRequired.isEmpty {
            return CheckFailure("reportedVariables: requiredWritable names variables that dm_components_vars.csv does not make required: " + notRequired.joined(separator: ", "))
        }
        let required = (input.arguments["required"]?.arrayValue?.compactMap(\.stringValue) ?? []) + writable + components.flatMap { RequiredVariables.byComponent[$0] ?? [] }
        let missing = required.filter { !seen.contains($0) }
        if !missing.isEmpty { problems.append("not reported: " + missing.joined(separator: ", ")) }
        guard problems.isEmpty else {
            let shown = problems.prefix(5).joined(separator: "; ") + (problems.count > 5 ? "; and \(problems.count - 5) more" : "")
            return CheckFailure("report \(requestId): " + shown, expected: "every reported variable well described and every required variable present", actual: shown)
        }
        return nil
    }
}

extension JSONValue {
    fileprivate func text(_ key: String) -> String? { self[key]?.stringValue }
}
