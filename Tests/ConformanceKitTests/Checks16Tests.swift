import Testing
@testable import ConformanceKit
import OCPPProtocol

/// The OCPP 1.6 named checks of ``Checks16``.
@Suite("Named checks: OCPP 1.6")
struct Checks16Tests {
    func call(_ action: String, _ payload: JSONValue) -> ReceivedCall { ReceivedCall(action: action, payload: payload, offset: .zero, step: nil) }
    func status(_ connector: Int, _ status: String) -> ReceivedCall { call("StatusNotification", ["connectorId": .number(JSONNumber(connector)), "errorCode": "NoError", "status": .string(status)]) }
    func input(_ received: [ReceivedCall], _ arguments: JSONObject, message: JSONValue? = nil) -> CheckInput {
        CheckInput(message: message, arguments: arguments, received: received, context: ["config": ["timeDeviation": 1]])
    }

    @Test func configurationKeysPresentFindsMissingAndReadonly() {
        let answer: JSONValue = ["configurationKey": [["key": "HeartbeatInterval", "readonly": false, "value": "300"], ["key": "NumberOfConnectors", "readonly": false, "value": "2"]]]
        let ok = input([], ["keys": [["key": "HeartbeatInterval", "readonly": false]]], message: answer)
        #expect(Checks16.configurationKeysPresent(ok) == nil)
        let missing = input([], ["keys": [["key": "ConnectionTimeOut"]]], message: answer)
        #expect(Checks16.configurationKeysPresent(missing)?.reason == "configuration keys missing: ConnectionTimeOut")
        let readonly = input([], ["keys": [["key": "NumberOfConnectors", "readonly": true]]], message: answer)
        #expect(Checks16.configurationKeysPresent(readonly)?.reason.hasPrefix("wrong accessibility: NumberOfConnectors") == true)
    }

    @Test func connectorStatusAfterLastBootLooksOnlyAfterTheBoot() {
        let args: JSONObject = ["connectorId": 1, "status": ["Unavailable"]]
        #expect(Checks16.connectorStatusAfterLastBoot(input([status(1, "Available")], args)) == nil)  // no boot: nothing to check
        #expect(Checks16.connectorStatusAfterLastBoot(input([status(1, "Available"), call("BootNotification", [:]), status(1, "Unavailable")], args)) == nil)
        #expect(Checks16.connectorStatusAfterLastBoot(input([call("BootNotification", [:]), status(1, "Available")], args)) != nil)
    }

    @Test func finishingReportedAfterStopBeforeTheBoot() {
        let args: JSONObject = ["connectorId": 1]
        let stop = call("StopTransaction", ["transactionId": 1, "meterStop": 0, "timestamp": "2026-01-01T00:00:00Z"])
        #expect(Checks16.finishingReportedAfterStop(input([stop, status(1, "Finishing"), call("BootNotification", [:])], args)) == nil)
        #expect(Checks16.finishingReportedAfterStop(input([stop, call("BootNotification", [:])], args)) != nil)
        #expect(Checks16.finishingReportedAfterStop(input([call("BootNotification", [:]), stop], args)) == nil)  // stopped after the boot
    }

    func meter(_ time: String, context: String = "Sample.Periodic") -> ReceivedCall {
        call("MeterValues", ["connectorId": 1, "meterValue": [["timestamp": .string(time), "sampledValue": [["value": "10", "context": .string(context)]]]]])
    }

    @Test func meterValuesAsConfiguredChecksSpacingOrderAndGrid() {
        let args: JSONObject = ["connectorId": 1, "interval": "3", "minCount": 3]
        let good = [meter("2026-01-01T00:00:03Z"), meter("2026-01-01T00:00:06Z"), meter("2026-01-01T00:00:09Z")]
        #expect(Checks16.meterValuesAsConfigured(input(good, args)) == nil)
        var alignedArgs = args
        alignedArgs["aligned"] = true
        #expect(Checks16.meterValuesAsConfigured(input(good, alignedArgs)) == nil)
        let offGrid = [meter("2026-01-01T00:00:04.5Z"), meter("2026-01-01T00:00:07.5Z"), meter("2026-01-01T00:00:10.5Z")]
        #expect(Checks16.meterValuesAsConfigured(input(offGrid, alignedArgs)) != nil)
        let late = [meter("2026-01-01T00:00:03Z"), meter("2026-01-01T00:00:09Z"), meter("2026-01-01T00:00:12Z")]
        #expect(Checks16.meterValuesAsConfigured(input(late, args))?.reason.hasPrefix("meter values 6.0 s apart") == true)
        let reversed = [meter("2026-01-01T00:00:06Z"), meter("2026-01-01T00:00:03Z"), meter("2026-01-01T00:00:09Z")]
        #expect(Checks16.meterValuesAsConfigured(input(reversed, args))?.reason == "meter values out of order")
        #expect(Checks16.meterValuesAsConfigured(input(Array(good.prefix(2)), args)) != nil)
    }

    @Test func stopTransactionSentChecksTheReason() {
        let stop = call("StopTransaction", ["transactionId": 7, "meterStop": 0, "timestamp": "2026-01-01T00:00:00Z", "reason": "PowerLoss"])
        #expect(Checks16.stopTransactionSent(input([stop], ["transactionId": 7, "reasons": ["PowerLoss"]])) == nil)
        #expect(Checks16.stopTransactionSent(input([stop], ["transactionId": 7, "reasons": ["Local", "#absent"]])) != nil)
        #expect(Checks16.stopTransactionSent(input([], ["transactionId": 7, "reasons": ["PowerLoss"]])) != nil)
    }
}
