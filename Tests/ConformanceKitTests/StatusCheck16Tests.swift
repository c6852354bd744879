import Testing
@testable import ConformanceKit
import OCPPProtocol

/// statusReportedForAllConnectors with OCPP 1.6 StatusNotifications, which carry a connectorId
/// numbered across the Charge Point (1, 2, …) instead of evseId + connectorId.
@Suite("Named check: statusReportedForAllConnectors (1.6)")
struct StatusCheck16Tests {
    let context: JSONObject = [
        "connectors": [["evseId": 1, "connectorId": 1], ["evseId": 2, "connectorId": 1]],
    ]

    func status16(_ connectorId: Int) -> ReceivedCall {
        ReceivedCall(action: "StatusNotification", payload: ["connectorId": .number(JSONNumber(connectorId)), "errorCode": "NoError", "status": "Available"], offset: .zero, step: nil)
    }

    @Test func everyConnectorReportedPasses() {
        let input = CheckInput(message: nil, arguments: JSONObject(), received: [status16(0), status16(1), status16(2)], context: context)
        #expect(BuiltInChecks.statusReportedForAllConnectors(input) == nil)
    }

    @Test func secondConnectorMissingFails() {
        // connectorId 1 must not count for the second EVSE, whose own connector is also number 1.
        let input = CheckInput(message: nil, arguments: JSONObject(), received: [status16(0), status16(1)], context: context)
        #expect(BuiltInChecks.statusReportedForAllConnectors(input)?.reason == "no status was reported for EVSE 2 connector 1")
    }
}
