import Foundation
import OCPPProtocol
import Testing

@testable import ReferenceDevices

@Suite("CSMS defects of blocks F, G, J, P (requests and answers)")
struct CSMSRemoteControlDefectTests {
    func request(_ action: String, _ arguments: JSONValue, _ defects: Set<Defect> = []) throws -> JSONValue {
        try OperatorRequests.payload(for: action, arguments: arguments, context: .init(version: .v201, defects: defects))
    }

    @Test("The correct CSMS sends what the operator chose")
    func correctRequests() throws {
        #expect(try request("UnlockConnector", ["evseId": 1, "connectorId": 1])["evseId"]?.intValue == 1)
        let trigger = try request("TriggerMessage", ["requestedMessage": "MeterValues", "evseId": 1])
        #expect(trigger["requestedMessage"]?.stringValue == "MeterValues" && trigger["evse"]?["id"]?.intValue == 1)
        let change = try request("ChangeAvailability", ["operationalStatus": "Inoperative", "evseId": 1, "connectorId": 1])
        #expect(change["operationalStatus"]?.stringValue == "Inoperative" && change["evse"]?["connectorId"]?.intValue == 1)
    }

    @Test("1.6 reservations: ReserveNow defaults (an hour, the idTag's group as parentIdTag), cancel the last one; the connector swap and cancel-last defects")
    func reservations16() throws {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        func request(_ action: String, _ arguments: JSONValue, _ defects: Set<Defect> = [], last: Int? = nil) throws -> JSONValue {
            try OperatorRequests.payload(for: action, arguments: arguments, context: .init(version: .v16, defects: defects, counter: 7, now: now, lastReservationId: last))
        }
        let reserve = try request("ReserveNow", ["connectorId": 1, "idTag": "VALID001"])
        #expect(reserve["connectorId"]?.intValue == 1 && reserve["reservationId"]?.intValue == 7 && reserve.text("parentIdTag") == "GROUP001")
        #expect(reserve.text("expiryDate") == OCPPDateTime.string(now.addingTimeInterval(3600)))
        #expect(try request("ReserveNow", ["connectorId": 1], [.csmsReserveNowConnectorSwapped])["connectorId"]?.intValue == 0)
        #expect(try request("ReserveNow", ["connectorId": 0], [.csmsReserveNowConnectorSwapped])["connectorId"]?.intValue == 1)
        #expect(try request("CancelReservation", [:], last: 5)["reservationId"]?.intValue == 5)
        #expect(try request("CancelReservation", ["reservationId": 9], last: 5)["reservationId"]?.intValue == 9)
        #expect(try request("CancelReservation", ["reservationId": 9], [.csmsCancelReservationLastOnly], last: 5)["reservationId"]?.intValue == 5)
    }

    @Test("Request defects: wrong evseId, trigger off by one or without evse, availability swapped or without connector")
    func requestDefects() throws {
        #expect(try request("UnlockConnector", ["evseId": 1, "connectorId": 1], [.csmsUnlockWrongEvse])["evseId"]?.intValue == 2)
        #expect(try request("TriggerMessage", ["requestedMessage": "Heartbeat"], [.csmsTriggerMessageWrongMessage])["requestedMessage"]?.stringValue == "MeterValues")
        #expect(try request("TriggerMessage", ["requestedMessage": "MeterValues", "evseId": 1], [.csmsTriggerMessageEvseDropped])["evse"] == nil)
        #expect(try request("ChangeAvailability", ["operationalStatus": "Operative"], [.csmsChangeAvailabilityStatusSwapped])["operationalStatus"]?.stringValue == "Inoperative")
        let dropped = try request("ChangeAvailability", ["operationalStatus": "Inoperative", "evseId": 1, "connectorId": 1], [.csmsChangeAvailabilityConnectorDropped])
        #expect(dropped["evse"]?["id"]?.intValue == 1 && dropped["evse"]?["connectorId"] == nil)
    }

    @Test("Answer defects: CALLERROR only for the requests each defect is about")
    func answerDefects() {
        let clock: JSONValue = ["evseId": 0, "meterValue": [["timestamp": "2024-01-01T00:00:00Z", "sampledValue": [["value": 1, "context": "Sample.Clock"]]]]]
        let periodic: JSONValue = ["evseId": 1, "meterValue": [["timestamp": "2024-01-01T00:00:00Z", "sampledValue": [["value": 1]]]]]
        #expect(CSMSAnswerDefects.error(action: "MeterValues", payload: clock, defects: []) == nil)
        #expect(CSMSAnswerDefects.error(action: "MeterValues", payload: clock, defects: [.csmsMeterValueContextRejected])?.0 == .propertyConstraintViolation)
        #expect(CSMSAnswerDefects.error(action: "MeterValues", payload: periodic, defects: [.csmsMeterValueContextRejected]) == nil)
        #expect(CSMSAnswerDefects.error(action: "MeterValues", payload: periodic, defects: [.csmsMeterValuesCallError])?.0 == .internalError)
        let event: JSONValue = ["eventType": "Updated", "triggerReason": "MeterValuePeriodic"]
        #expect(CSMSAnswerDefects.error(action: "TransactionEvent", payload: event, defects: [.csmsMeterValuePeriodicTriggerUnknown]) != nil)
        let lock: JSONValue = ["eventData": [["component": ["name": "ConnectorPlugRetentionLock"], "variable": ["name": "Problem"]]]]
        let connector: JSONValue = ["eventData": [["component": ["name": "Connector"], "variable": ["name": "AvailabilityState"]]]]
        #expect(CSMSAnswerDefects.error(action: "NotifyEvent", payload: lock, defects: [.csmsNotifyEventUnknownComponentError]) != nil)
        #expect(CSMSAnswerDefects.error(action: "NotifyEvent", payload: connector, defects: [.csmsNotifyEventUnknownComponentError]) == nil)
        let custom: JSONValue = ["customData": ["vendorId": "x", "info": 1], "connectorStatus": "Available"]
        let plain: JSONValue = ["customData": ["vendorId": "x"], "connectorStatus": "Available"]
        #expect(CSMSAnswerDefects.error(action: "StatusNotification", payload: custom, defects: [.csmsCustomDataRejected])?.0 == .formatViolation)
        #expect(CSMSAnswerDefects.error(action: "StatusNotification", payload: plain, defects: [.csmsCustomDataRejected]) == nil)
    }
}
