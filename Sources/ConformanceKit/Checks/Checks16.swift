import OCPPProtocol

/// Named checks for OCPP 1.6 cases (registered in ``CheckRegistry``); pure functions of their input.
enum Checks16 {
    /// `keys`: a list of `{key, readonly?}`. Every key must be in the message's `configurationKey`
    /// list, with the given accessibility when `readonly` is named.
    static func configurationKeysPresent(_ input: CheckInput) -> CheckFailure? {
        guard let message = input.message else { return CheckFailure("configurationKeysPresent needs a GetConfiguration answer (attach it to a send step)") }
        let reported = message["configurationKey"]?.arrayValue ?? []
        var missing: [String] = []
        var wrongAccess: [String] = []
        for wanted in input.arguments["keys"]?.arrayValue ?? [] {
            guard let name = wanted["key"]?.stringValue ?? wanted.stringValue else { continue }
            guard let entry = reported.first(where: { $0["key"]?.stringValue == name }) else {
                missing.append(name)
                continue
            }
            if let readonly = wanted["readonly"]?.boolValue, entry["readonly"]?.boolValue != readonly {
                wrongAccess.append("\(name) (readonly \(entry["readonly"]?.jsonText ?? "absent"), expected \(readonly))")
            }
        }
        if !missing.isEmpty {
            return CheckFailure(
                "configuration keys missing: " + missing.joined(separator: ", "), expected: "all of them in configurationKey",
                actual: reported.compactMap { $0["key"]?.stringValue }.joined(separator: ", "))
        }
        if !wrongAccess.isEmpty {
            return CheckFailure("wrong accessibility: " + wrongAccess.joined(separator: ", "), expected: "the accessibility the 1.6 specification gives", actual: wrongAccess.joined(separator: ", "))
        }
        return nil
    }

    /// `connectorId`, `status` (a string or a list). When the DUT sent a BootNotification during the
    /// case, the first StatusNotification for the connector after the last boot has one of the statuses.
    static func connectorStatusAfterLastBoot(_ input: CheckInput) -> CheckFailure? {
        guard let connector = input.arguments["connectorId"]?.intValue else { return CheckFailure("connectorStatusAfterLastBoot needs the argument connectorId") }
        let allowed = input.arguments["status"]?.arrayValue?.compactMap(\.stringValue) ?? [input.arguments["status"]?.stringValue].compactMap { $0 }
        guard let boot = input.received.lastIndex(where: { $0.action == "BootNotification" }) else { return nil }
        let first = input.received[(boot + 1)...].first { $0.action == "StatusNotification" && $0.payload["connectorId"]?.intValue == connector }
        guard let first else {
            return CheckFailure(
                "no StatusNotification for connector \(connector) after the boot", expected: "status " + allowed.joined(separator: " or "), actual: "none")
        }
        let status = first.payload["status"]?.stringValue ?? ""
        if !allowed.contains(status) {
            return CheckFailure(
                "after the boot connector \(connector) reported \(status)", expected: "status " + allowed.joined(separator: " or "), actual: first.payload.jsonText)
        }
        return nil
    }

    /// `connectorId`. A StopTransaction sent before the (last) BootNotification of the case is
    /// followed by a StatusNotification Finishing for the connector before that boot.
    static func finishingReportedAfterStop(_ input: CheckInput) -> CheckFailure? {
        guard let connector = input.arguments["connectorId"]?.intValue else { return CheckFailure("finishingReportedAfterStop needs the argument connectorId") }
        let calls = input.received
        let boot = calls.lastIndex { $0.action == "BootNotification" } ?? calls.endIndex
        guard let stop = calls[..<boot].lastIndex(where: { $0.action == "StopTransaction" }) else { return nil }
        let reported = calls[(stop + 1)..<boot].contains {
            $0.action == "StatusNotification" && $0.payload["connectorId"]?.intValue == connector && $0.payload["status"]?.stringValue == "Finishing"
        }
        if !reported {
            return CheckFailure(
                "the transaction was stopped before the reboot but connector \(connector) was not reported Finishing",
                expected: "StatusNotification Finishing for connector \(connector) after StopTransaction", actual: "none before the BootNotification")
        }
        return nil
    }
}
