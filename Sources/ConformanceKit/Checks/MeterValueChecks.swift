import Foundation
import OCPPProtocol

/// Checks of 2.0.1 meter values (block J): the readings of one context across the messages of a
/// case, as Part 6 validates them after the scenario.
enum MeterValueChecks {
    /// Arguments: `action` (MeterValues or TransactionEvent), `where` (a subset template selecting
    /// the messages; all when absent), `first` (only the first selected message), `context` (the
    /// readings looked at: meter values whose first sampled value has this context, default
    /// Sample.Periodic), `measurands` (comma separated; each such meter value has an element per
    /// measurand, an absent measurand counting as Energy.Active.Import.Register), `minCount`
    /// (distinct timestamps, default 1), `interval` (s; consecutive distinct timestamps are this far
    /// apart ± `deviation`, default the profile's time deviation; with `allowGaps`, a whole number of
    /// intervals apart), `aligned` (timestamps on multiples
    /// of `interval` since midnight UTC, ± `deviation`) and `signed` (every sampled value has a
    /// signedMeterValue with a publicKey).
    static func meterValueSeries(_ input: CheckInput) -> CheckFailure? {
        guard let action = input.arguments["action"]?.stringValue else {
            return CheckFailure("meterValueSeries needs the argument action (MeterValues or TransactionEvent)")
        }
        let selector = input.arguments["where"] ?? .object(JSONObject())
        let context = input.arguments["context"]?.stringValue ?? "Sample.Periodic"
        let listed = (input.arguments["measurands"]?.stringValue ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let measurands = listed.isEmpty ? ["Energy.Active.Import.Register"] : listed
        let interval = number(input.arguments["interval"])
        let deviation = number(input.arguments["deviation"]) ?? input.context["config"]?["timeDeviation"]?.numberValue?.doubleValue ?? 4
        let minCount = input.arguments["minCount"]?.intValue ?? 1
        let aligned = input.arguments["aligned"]?.boolValue ?? false
        let signed = input.arguments["signed"]?.boolValue ?? false
        var selected = input.received.filter { $0.action == action && PayloadMatcher().mismatches(selector, $0.payload).isEmpty }
        if input.arguments["first"]?.boolValue == true { selected = Array(selected.prefix(1)) }
        var times: [Date: String] = [:]
        for call in selected {
            for value in call.payload["meterValue"]?.arrayValue ?? [] {
                let sampled = value["sampledValue"]?.arrayValue ?? []
                guard let head = sampled.first, (head["context"]?.stringValue ?? "Sample.Periodic") == context else { continue }
                guard let text = value["timestamp"]?.stringValue, let time = Checks16.date(text) else {
                    return CheckFailure("a \(context) meter value of \(action) has no valid timestamp", expected: "timestamp", actual: value.jsonText)
                }
                let present = Set(sampled.map { $0["measurand"]?.stringValue ?? "Energy.Active.Import.Register" })
                let missing = measurands.filter { !present.contains($0) }
                if !missing.isEmpty {
                    return CheckFailure("a \(context) meter value of \(action) lacks " + missing.joined(separator: ", "), expected: measurands.joined(separator: ", "), actual: value.jsonText)
                }
                if signed, let unsigned = sampled.first(where: { $0["signedMeterValue"]?["publicKey"]?.stringValue == nil || $0["signedMeterValue"]?["signedMeterData"]?.stringValue == nil }) {
                    return CheckFailure("a \(context) sampled value of \(action) is not signed", expected: "signedMeterValue with signedMeterData and publicKey", actual: unsigned.jsonText)
                }
                times[time] = text
            }
        }
        let series = times.keys.sorted()
        if series.count < minCount {
            return CheckFailure("\(series.count) \(context) reading time(s) in \(action) messages matching \(selector.jsonText)", expected: "at least \(minCount)", actual: "\(series.count)")
        }
        if let interval, interval > 0 {
            let allowGaps = input.arguments["allowGaps"]?.boolValue ?? false
            for (a, b) in zip(series, series.dropFirst()) {
                let gap = b.timeIntervalSince(a)
                // allowGaps: readings may be left out (TC_J_06_CS), so a gap is a whole number of intervals.
                let steps = allowGaps ? max((gap / interval).rounded(), 1) : 1
                guard abs(gap - steps * interval) > deviation else { continue }
                return CheckFailure("\(context) readings \(String(format: "%.1f", b.timeIntervalSince(a))) s apart", expected: "\(interval) s ± \(deviation) s", actual: "\(times[a]!) → \(times[b]!)")
            }
            if aligned {
                for time in series {
                    let offset = time.timeIntervalSince1970.truncatingRemainder(dividingBy: 86_400).truncatingRemainder(dividingBy: interval)
                    if min(offset, interval - offset) > deviation {
                        return CheckFailure("a clock-aligned reading is not on the \(interval) s grid", expected: "a multiple of \(interval) s since midnight UTC", actual: times[time]!)
                    }
                }
            }
        }
        return nil
    }

    static func number(_ value: JSONValue?) -> Double? {
        value?.numberValue?.doubleValue ?? value?.stringValue.flatMap(Double.init)
    }
}
