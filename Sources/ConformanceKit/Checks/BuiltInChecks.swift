import Foundation
import OCPPProtocol

/// The implementations behind ``CheckRegistry``; each is a pure function of its input.
enum BuiltInChecks {
    static func statusReportedForAllConnectors(_ input: CheckInput) -> CheckFailure? {
        let connectors = input.context["connectors"]?.arrayValue ?? []
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

    static func noMessagesReceived(_ input: CheckInput) -> CheckFailure? {
        let actions = input.arguments["actions"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if let call = input.received.first(where: { actions.contains($0.action) }) {
            return CheckFailure("the DUT sent \(call.action)", expected: "no " + actions.joined(separator: ", "), actual: call.payload.jsonText)
        }
        return nil
    }
}
