import Foundation
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

    /// The MeterValues of argument `connectorId` whose sampled values all have argument `context`
    /// (default context Sample.Periodic): at least `minCount` (default 2), each value set with a
    /// timestamp and every measurand of `measurands` (comma separated; empty = Energy.Active.Import.Register),
    /// in chronological order, `interval` seconds apart (± `deviation`, default the profile's time
    /// deviation) and, with `aligned: true`, on multiples of `interval` since midnight UTC.
    static func meterValuesAsConfigured(_ input: CheckInput) -> CheckFailure? {
        guard let connector = input.arguments["connectorId"]?.intValue, let interval = input.arguments["interval"]?.numberValue?.doubleValue
            ?? input.arguments["interval"]?.stringValue.flatMap(Double.init)
        else { return CheckFailure("meterValuesAsConfigured needs the arguments connectorId and interval") }
        let context = input.arguments["context"]?.stringValue ?? "Sample.Periodic"
        let listed = (input.arguments["measurands"]?.stringValue ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let measurands = listed.isEmpty ? ["Energy.Active.Import.Register"] : listed
        let deviation = input.arguments["deviation"]?.numberValue?.doubleValue ?? input.context["config"]?["timeDeviation"]?.numberValue?.doubleValue ?? 4
        let minCount = input.arguments["minCount"]?.intValue ?? 2
        let aligned = input.arguments["aligned"]?.boolValue ?? false
        var samples: [(time: Date, text: String)] = []
        for call in input.received where call.action == "MeterValues" && call.payload["connectorId"]?.intValue == connector {
            let values = call.payload["meterValue"]?.arrayValue ?? []
            let sampled = values.flatMap { $0["sampledValue"]?.arrayValue ?? [] }
            guard !sampled.isEmpty, sampled.allSatisfy({ ($0["context"]?.stringValue ?? "Sample.Periodic") == context }) else { continue }
            for value in values {
                guard let text = value["timestamp"]?.stringValue, let time = date(text) else {
                    return CheckFailure("a meter value has no valid timestamp", expected: "timestamp", actual: value.jsonText)
                }
                let present = Set((value["sampledValue"]?.arrayValue ?? []).map { $0["measurand"]?.stringValue ?? "Energy.Active.Import.Register" })
                let missing = measurands.filter { !present.contains($0) }
                if !missing.isEmpty {
                    return CheckFailure("a \(context) meter value lacks " + missing.joined(separator: ", "), expected: measurands.joined(separator: ", "), actual: value.jsonText)
                }
                samples.append((time, text))
            }
        }
        if samples.count < minCount {
            return CheckFailure("only \(samples.count) \(context) meter value(s) for connector \(connector)", expected: "at least \(minCount)", actual: "\(samples.count)")
        }
        for (a, b) in zip(samples, samples.dropFirst()) {
            let gap = b.time.timeIntervalSince(a.time)
            if gap < 0 { return CheckFailure("meter values out of order", expected: "chronological order", actual: "\(b.text) after \(a.text)") }
            if abs(gap - interval) > deviation {
                return CheckFailure("meter values \(String(format: "%.1f", gap)) s apart", expected: "\(interval) s ± \(deviation) s", actual: "\(a.text) → \(b.text)")
            }
        }
        if aligned, interval > 0 {
            for sample in samples {
                let secondsOfDay = sample.time.timeIntervalSince1970.truncatingRemainder(dividingBy: 86_400)
                let offset = secondsOfDay.truncatingRemainder(dividingBy: interval)
                if min(offset, interval - offset) > deviation {
                    return CheckFailure("a clock-aligned meter value is not on the \(interval) s grid", expected: "a multiple of \(interval) s since midnight", actual: sample.text)
                }
            }
        }
        return nil
    }

    static func date(_ text: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }

    /// `transactionId`, `reasons` (a list; `#absent` stands for no reason, which 1.6 reads as
    /// Local). The DUT sent a StopTransaction for the transaction with one of the reasons.
    static func stopTransactionSent(_ input: CheckInput) -> CheckFailure? {
        guard let id = input.arguments["transactionId"]?.intValue ?? input.arguments["transactionId"]?.stringValue.flatMap({ Int($0) }) else {
            return CheckFailure("stopTransactionSent needs the argument transactionId")
        }
        let reasons = input.arguments["reasons"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let stops = input.received.filter { $0.action == "StopTransaction" && $0.payload["transactionId"]?.intValue == id }
        guard let stop = stops.first else {
            return CheckFailure("no StopTransaction for transaction \(id)", expected: "StopTransaction with reason " + reasons.joined(separator: " or "), actual: "none")
        }
        let reason = stop.payload["reason"]?.stringValue ?? "#absent"
        if !reasons.isEmpty, !reasons.contains(reason) {
            return CheckFailure("StopTransaction for transaction \(id) has reason \(reason)", expected: reasons.joined(separator: " or "), actual: stop.payload.jsonText)
        }
        return nil
    }
}
