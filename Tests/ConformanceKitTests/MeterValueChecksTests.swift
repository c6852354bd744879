import Testing
@testable import ConformanceKit
import OCPPProtocol

/// The 2.0.1 meter value check ``MeterValueChecks/meterValueSeries(_:)``.
@Suite("Named checks: 2.0.1 meter values")
struct MeterValueChecksTests {
    func input(_ received: [ReceivedCall], _ arguments: JSONObject) -> CheckInput {
        CheckInput(message: nil, arguments: arguments, received: received, context: ["config": ["timeDeviation": 1]])
    }

    func sampled(_ context: String, _ measurand: String? = nil, signed: Bool = false) -> JSONValue {
        var value: JSONObject = ["value": 10, "context": .string(context)]
        if let measurand { value["measurand"] = .string(measurand) }
        if signed { value["signedMeterValue"] = ["signedMeterData": "AA==", "signingMethod": "x", "encodingMethod": "OCMF", "publicKey": ""] }
        return .object(value)
    }

    func meterValues(_ time: String, evse: Int = 1, _ values: [JSONValue]) -> ReceivedCall {
        ReceivedCall(action: "MeterValues", payload: ["evseId": .number(JSONNumber(evse)), "meterValue": [["timestamp": .string(time), "sampledValue": .array(values)]]], offset: .zero, step: nil)
    }

    @Test func seriesOfClockAlignedMeterValues() {
        let clock = [sampled("Sample.Clock"), sampled("Sample.Clock", "Power.Active.Import")]
        // Two EVSEs report each interval with the same timestamp: one reading time per interval.
        let good = [
            meterValues("2026-01-01T00:00:03Z", clock), meterValues("2026-01-01T00:00:03Z", evse: 2, clock),
            meterValues("2026-01-01T00:00:06Z", clock), meterValues("2026-01-01T00:00:09Z", clock),
        ]
        let args: JSONObject = ["action": "MeterValues", "context": "Sample.Clock", "measurands": "Energy.Active.Import.Register,Power.Active.Import", "interval": "3", "aligned": true, "minCount": 3]
        #expect(MeterValueChecks.meterValueSeries(input(good, args)) == nil)
        let offGrid = [meterValues("2026-01-01T00:00:04.5Z", clock), meterValues("2026-01-01T00:00:07.5Z", clock), meterValues("2026-01-01T00:00:10.5Z", clock)]
        #expect(MeterValueChecks.meterValueSeries(input(offGrid, args))?.reason.hasPrefix("a clock-aligned reading is not on the") == true)
        let gap = [meterValues("2026-01-01T00:00:03Z", clock), meterValues("2026-01-01T00:00:09Z", clock), meterValues("2026-01-01T00:00:12Z", clock)]
        #expect(MeterValueChecks.meterValueSeries(input(gap, args))?.reason.hasPrefix("Sample.Clock readings 6.0 s apart") == true)
        var gapArgs = args
        gapArgs["allowGaps"] = true
        #expect(MeterValueChecks.meterValueSeries(input(gap, gapArgs)) == nil)
        let odd = [meterValues("2026-01-01T00:00:03Z", clock), meterValues("2026-01-01T00:00:07.5Z", clock)]
        gapArgs["minCount"] = 2
        #expect(MeterValueChecks.meterValueSeries(input(odd, gapArgs)) != nil)
        let lacking = [meterValues("2026-01-01T00:00:03Z", [sampled("Sample.Clock")])]
        #expect(MeterValueChecks.meterValueSeries(input(lacking, args))?.reason.hasSuffix("lacks Power.Active.Import") == true)
        #expect(MeterValueChecks.meterValueSeries(input(Array(good.prefix(2)), args))?.reason.hasPrefix("1 Sample.Clock reading time(s)") == true)
    }

    @Test func otherContextsAndSelectionAreIgnored() {
        let ended = ReceivedCall(action: "TransactionEvent", payload: [
            "eventType": "Ended",
            "meterValue": [
                ["timestamp": "2026-01-01T00:00:01Z", "sampledValue": [sampled("Sample.Periodic", signed: true)]],
                ["timestamp": "2026-01-01T00:00:02Z", "sampledValue": [sampled("Sample.Periodic", signed: true)]],
                ["timestamp": "2026-01-01T00:00:02.3Z", "sampledValue": [sampled("Transaction.End")]],
            ],
        ], offset: .zero, step: nil)
        let updated = ReceivedCall(action: "TransactionEvent", payload: ["eventType": "Updated", "meterValue": [["timestamp": "2026-01-01T00:00:09Z", "sampledValue": [sampled("Sample.Periodic")]]]], offset: .zero, step: nil)
        let args: JSONObject = ["action": "TransactionEvent", "where": ["eventType": "Ended"], "interval": 1, "minCount": 2, "signed": true]
        #expect(MeterValueChecks.meterValueSeries(input([ended, updated], args)) == nil)
        var unsignedArgs = args
        unsignedArgs["where"] = [:]
        #expect(MeterValueChecks.meterValueSeries(input([ended, updated], unsignedArgs))?.reason.hasSuffix("is not signed") == true)
        let end: JSONObject = ["action": "TransactionEvent", "where": ["eventType": "Ended"], "context": "Transaction.End"]
        #expect(MeterValueChecks.meterValueSeries(input([ended], end)) == nil)
        #expect(MeterValueChecks.meterValueSeries(input([updated], end)) != nil)
        let noTimestamp = ReceivedCall(action: "TransactionEvent", payload: ["eventType": "Ended", "meterValue": [["sampledValue": [sampled("Transaction.End")]]]], offset: .zero, step: nil)
        #expect(MeterValueChecks.meterValueSeries(input([noTimestamp], end))?.reason.hasSuffix("has no valid timestamp") == true)
    }
}
