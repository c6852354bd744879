import OCPPProtocol

/// Checks on the timing of the Heartbeats a DUT sends on its own.
enum HeartbeatChecks {
    /// The Heartbeats sent since the last BootNotification keep the interval of argument
    /// `interval` (seconds): at least `count` (default 3) of them came, and the time from the first
    /// to the last is (count − 1) × interval within the allowed deviation (argument `deviation`, else
    /// the profile's `config.timeDeviation`). The span is measured once, so the deviation allowed for
    /// one time measurement is not multiplied by the number of heartbeats.
    static func heartbeatsAtInterval(_ input: CheckInput) -> CheckFailure? {
        guard let interval = input.arguments["interval"]?.numberValue?.doubleValue ?? input.arguments["interval"]?.stringValue.flatMap(Double.init),
            interval > 0
        else { return CheckFailure("heartbeatsAtInterval needs a positive argument interval (seconds)") }
        let count = max(input.arguments["count"]?.intValue ?? 3, 2)
        let deviation = input.arguments["deviation"]?.numberValue?.doubleValue
            ?? input.context["config"]?["timeDeviation"]?.numberValue?.doubleValue ?? 4
        let lastBoot = input.received.lastIndex { $0.action == "BootNotification" }
        let since = lastBoot.map { input.received[($0 + 1)...] } ?? input.received[...]
        let heartbeats = since.filter { $0.action == "Heartbeat" }.prefix(count)
        guard heartbeats.count == count, let first = heartbeats.first, let last = heartbeats.last else {
            return CheckFailure(
                "only \(heartbeats.count) Heartbeat(s) came after the last boot", expected: "\(count) Heartbeats", actual: "\(heartbeats.count)")
        }
        let span = seconds(last.offset - first.offset)
        let expected = Double(count - 1) * interval
        if abs(span - expected) > deviation {
            let measured = span / Double(count - 1)
            return CheckFailure(
                "\(count) Heartbeats took \(format(span)) s, one every \(format(measured)) s instead of every \(format(interval)) s",
                expected: "\(format(expected)) s ± \(format(deviation)) s from the first to the last", actual: "\(format(span)) s")
        }
        return nil
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    static func format(_ value: Double) -> String {
        let tenths = (value * 10).rounded() / 10
        return tenths == tenths.rounded() ? String(Int(tenths)) : String(tenths)
    }
}
