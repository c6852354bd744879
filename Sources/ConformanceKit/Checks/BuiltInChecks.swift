import Foundation
import OCPPProtocol

/// The implementations behind ``CheckRegistry``; each is a pure function of its input.
enum BuiltInChecks {
    static func statusReportedForAllConnectors(_ input: CheckInput) -> CheckFailure? {
        var connectors = input.context["connectors"]?.arrayValue ?? []
        // `evseId`: only the connectors of that EVSE; `connectorId` too: only that connector.
        if let evse = input.arguments["evseId"]?.intValue {
            connectors = connectors.filter { $0["evseId"]?.intValue == evse }
            if let connector = input.arguments["connectorId"]?.intValue { connectors = connectors.filter { $0["connectorId"]?.intValue == connector } }
        }
        var missing: [String] = []
        for (position, c) in connectors.enumerated() {
            guard let evse = c["evseId"]?.intValue, let connector = c["connectorId"]?.intValue else { continue }
            // 1.6 numbers connectors across the Charge Point (1, 2, …) in the profile's layout order.
            let connector16 = position + 1
            let reported = input.received.contains { call in
                switch call.action {
                case "StatusNotification":
                    // 2.0.1 names evseId + connectorId; 1.6 names connectorId only (numbered across the station).
                    if let e = call.payload["evseId"]?.intValue { return e == evse && call.payload["connectorId"]?.intValue == connector }
                    return call.payload["connectorId"]?.intValue == connector16
                case "NotifyEvent":
                    return (call.payload["eventData"]?.arrayValue ?? []).contains { d in
                        d["component"]?["name"] == "Connector" && d["variable"]?["name"] == "AvailabilityState"
                            && d["component"]?["evse"]?["id"]?.intValue == evse
                            && (d["component"]?["evse"]?["connectorId"]?.intValue ?? connector) == connector
                    }
                default:
                    return false
                }
            }
            if !reported { missing.append("EVSE \(evse) connector \(connector)") }
        }
        guard missing.isEmpty else {
            return CheckFailure(
                "no status was reported for " + missing.joined(separator: ", "),
                expected: "a StatusNotification (or NotifyEvent AvailabilityState) for each of \(connectors.count) connector(s)",
                actual: "none for " + missing.joined(separator: ", "))
        }
        return nil
    }

    /// Each pattern of `elements` matches some element of the array at `pointer`, in any order
    /// (several `#contains` in one array, which a single template cannot say).
    static func containsAll(_ input: CheckInput) -> CheckFailure? {
        let pointer = input.arguments["pointer"]?.stringValue ?? ""
        var value: JSONValue? = input.message
        for token in pointer.split(separator: "/", omittingEmptySubsequences: true) {
            let key = String(token).replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            if case .array(let a)? = value, let i = Int(key) { value = a.indices.contains(i) ? a[i] : nil } else { value = value?[key] }
        }
        guard let items = value?.arrayValue else {
            return CheckFailure("no array at \(pointer.isEmpty ? "/" : pointer)", expected: "an array", actual: value?.jsonText ?? "nothing")
        }
        let matcher = PayloadMatcher()
        for pattern in input.arguments["elements"]?.arrayValue ?? [] where !items.contains(where: { matcher.mismatches(pattern, $0).isEmpty }) {
            return CheckFailure("no element of \(pointer) matches \(pattern.jsonText)", expected: "an element matching \(pattern.jsonText)", actual: value?.jsonText)
        }
        return nil
    }

    static func seqNoContiguous(_ input: CheckInput) -> CheckFailure? {
        var last: [String: Int] = [:]
        for call in input.received where call.action == "TransactionEvent" {
            guard let tx = call.payload["transactionInfo"]?["transactionId"]?.stringValue,
                let seq = call.payload["seqNo"]?.intValue
            else { continue }
            if let previous = last[tx] {
                if seq != previous + 1 {
                    return CheckFailure(
                        "seqNo of transaction \(tx) jumped from \(previous) to \(seq)", expected: "seqNo \(previous + 1)", actual: "seqNo \(seq)")
                }
            } else if call.payload["eventType"] == "Started", seq != 0 {
                return CheckFailure("the first TransactionEvent of transaction \(tx) has seqNo \(seq)", expected: "seqNo 0", actual: "seqNo \(seq)")
            }
            last[tx] = seq
        }
        return nil
    }

    /// E.g. every TransactionEvent sent with `offline: true` after a connection loss is an
    /// Updated event with meter values (E11), and at least one came.
    static func messagesMatch(_ input: CheckInput) -> CheckFailure? {
        guard case .string(let action)? = input.arguments["action"] else {
            return CheckFailure("messagesMatch needs the argument action (a message name)")
        }
        let selector = input.arguments["where"] ?? .object(JSONObject())
        let template = input.arguments["match"] ?? .object(JSONObject())
        let minimum = input.arguments["min"]?.intValue ?? 1
        let selected = input.received.filter { $0.action == action && PayloadMatcher().mismatches(selector, $0.payload).isEmpty }
        for call in selected {
            let mismatches = PayloadMatcher().mismatches(template, call.payload)
            if !mismatches.isEmpty {
                return CheckFailure(
                    "a \(action) matching \(selector.jsonText) does not match: " + mismatches.map(\.description).joined(separator: "; "),
                    expected: template.jsonText, actual: call.payload.jsonText)
            }
        }
        if let maximum = input.arguments["max"]?.intValue, selected.count > maximum {
            return CheckFailure(
                "\(selected.count) \(action) message(s) matching \(selector.jsonText) came, at most \(maximum) expected",
                expected: "at most \(maximum)", actual: "\(selected.count)")
        }
        if selected.count < minimum {
            return CheckFailure(
                "\(selected.count) \(action) message(s) matching \(selector.jsonText) came, at least \(minimum) expected",
                expected: "at least \(minimum)", actual: "\(selected.count)")
        }
        return nil
    }

    static func transactionIdConstant(_ input: CheckInput) -> CheckFailure? {
        let ids = input.received.filter { $0.action == "TransactionEvent" }.compactMap { $0.payload["transactionInfo"]?["transactionId"]?.stringValue }
        let distinct = Array(Set(ids)).sorted()
        if distinct.count > 1 {
            return CheckFailure("TransactionEvents carried different transactionIds", expected: "one transactionId", actual: distinct.joined(separator: ", "))
        }
        return nil
    }

    static func timestampNearNow(_ input: CheckInput) -> CheckFailure? {
        let pointer = input.arguments["field"]?.stringValue ?? "/timestamp"
        guard let message = input.message else { return CheckFailure("timestampNearNow needs a message (attach it to a receive step)") }
        var value: JSONValue? = message
        for token in pointer.split(separator: "/") { value = value?[String(token)] }
        guard let text = value?.stringValue else {
            return CheckFailure("no time at \(pointer)", expected: "a date-time at \(pointer)", actual: "nothing")
        }
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let g = ISO8601DateFormatter()
        guard let date = f.date(from: text) ?? g.date(from: text) else {
            return CheckFailure("\(pointer) is not a date-time", expected: "RFC 3339 date-time", actual: text)
        }
        let deviation = input.context["config"]?["timeDeviation"]?.numberValue?.doubleValue ?? 4
        let now = input.arguments["now"]?.stringValue.flatMap { f.date(from: $0) ?? g.date(from: $0) } ?? Date()
        let off = abs(date.timeIntervalSince(now))
        if off > deviation {
            return CheckFailure(
                "\(pointer) is \(String(format: "%.1f", off)) s away from the harness clock", expected: "within \(deviation) s of \(Interpolator.format(now))", actual: text)
        }
        return nil
    }

    /// Part 6 "No message with …" validations: no CALL of the action matches the template.
    static func noMessagesMatch(_ input: CheckInput) -> CheckFailure? {
        guard case .string(let action)? = input.arguments["action"] else {
            return CheckFailure("noMessagesMatch needs the argument action (a message name)")
        }
        guard let selector = input.arguments["where"] else {
            return CheckFailure("noMessagesMatch needs the argument where (a subset template)")
        }
        if let call = input.received.first(where: { $0.action == action && PayloadMatcher().mismatches(selector, $0.payload).isEmpty }) {
            return CheckFailure("the DUT sent a \(action) matching \(selector.jsonText)", expected: "no such \(action)", actual: call.payload.jsonText)
        }
        return nil
    }

    static func noMessagesReceived(_ input: CheckInput) -> CheckFailure? {
        let actions = input.arguments["actions"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if let call = input.received.first(where: { actions.contains($0.action) }) {
            return CheckFailure("the DUT sent \(call.action)", expected: "no " + actions.joined(separator: ", "), actual: call.payload.jsonText)
        }
        return nil
    }
}
