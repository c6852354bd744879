import OCPPProtocol
import Testing

@testable import ReferenceDevices

@Suite("Seeded defects of the reference CSMS, blocks C and E")
struct CSMSTransactionDefectsTests {
    static func event(_ eventType: String, trigger: String, seqNo: Int = 1, info: JSONValue = .object(JSONObject()), extra: JSONObject = JSONObject()) -> JSONValue {
        var info = info.objectValue ?? JSONObject()
        info["transactionId"] = "tx1"
        var members = JSONObject()
        members["eventType"] = .string(eventType)
        members["triggerReason"] = .string(trigger)
        members["seqNo"] = .int(seqNo)
        members["transactionInfo"] = .object(info)
        for m in extra { members[m.key] = m.value }
        return .object(members)
    }

    static let empty = CSMSTransactionRecord(stationId: "CS001", transactionId: "tx1")

    @Test("A correct CSMS takes every TransactionEvent")
    func correct() {
        let ended = Self.event("Ended", trigger: "StopAuthorized", info: ["stoppedReason": "MasterPass", "chargingState": "EVConnected"])
        #expect(CSMSTransactionDefects.error(for: ended, transaction: Self.empty, highestSeqNo: 5, defects: []) == nil)
    }

    @Test("Stop reasons new in 2.0.1 and parking bay triggers are refused by the defective CSMS")
    func enums() {
        let byEV = Self.event("Ended", trigger: "ChargingStateChanged", info: ["stoppedReason": "StoppedByEV"])
        let local = Self.event("Ended", trigger: "ChargingStateChanged", info: ["stoppedReason": "Local"])
        #expect(CSMSTransactionDefects.error(for: byEV, transaction: Self.empty, highestSeqNo: nil, defects: [.csmsStoppedReasonEnumOutdated])?.0 == .propertyConstraintViolation)
        #expect(CSMSTransactionDefects.error(for: local, transaction: Self.empty, highestSeqNo: nil, defects: [.csmsStoppedReasonEnumOutdated]) == nil)
        let detected = Self.event("Started", trigger: "EVDetected", seqNo: 0)
        #expect(CSMSTransactionDefects.error(for: detected, transaction: Self.empty, highestSeqNo: nil, defects: [.csmsParkingBayTriggersUnknown]) != nil)
        #expect(CSMSTransactionDefects.error(for: detected, transaction: Self.empty, highestSeqNo: nil, defects: [.csmsStartWithoutIdTokenRejected])?.0 == .occurrenceConstraintViolation)
    }

    @Test("A seqNo counted per station refuses a new transaction starting at 0")
    func seqNoPerStation() {
        let started = Self.event("Started", trigger: "Authorized", seqNo: 0)
        #expect(CSMSTransactionDefects.error(for: started, transaction: Self.empty, highestSeqNo: 5, defects: [.csmsSeqNoPerStation]) != nil)
        #expect(CSMSTransactionDefects.error(for: started, transaction: Self.empty, highestSeqNo: nil, defects: [.csmsSeqNoPerStation]) == nil)
    }

    @Test("After EVCommunicationLost the defective CSMS takes the transaction as closed")
    func evCommunicationLost() {
        var tx = Self.empty
        tx.messages.append(("TransactionEvent", Self.event("Updated", trigger: "EVCommunicationLost", seqNo: 4, info: ["chargingState": "Idle"])))
        let plugged = Self.event("Updated", trigger: "CablePluggedIn", seqNo: 5)
        #expect(CSMSTransactionDefects.error(for: plugged, transaction: tx, highestSeqNo: 4, defects: [.csmsEVCommunicationLostEndsTransaction]) != nil)
        #expect(CSMSTransactionDefects.error(for: plugged, transaction: Self.empty, highestSeqNo: 4, defects: [.csmsEVCommunicationLostEndsTransaction]) == nil)
    }

    @Test("Signed meter values are refused by the defective CSMS")
    func signedMeterValue() {
        let sampled: JSONValue = ["value": 0, "signedMeterValue": ["signedMeterData": "AA==", "signingMethod": "", "encodingMethod": "OCMF", "publicKey": ""]]
        var extra = JSONObject()
        extra["meterValue"] = .array([.object(["timestamp": "2026-01-01T00:00:00Z", "sampledValue": .array([sampled])])])
        let started = Self.event("Started", trigger: "SignedDataReceived", seqNo: 0, extra: extra)
        #expect(CSMSTransactionDefects.error(for: started, transaction: Self.empty, highestSeqNo: nil, defects: [.csmsSignedMeterValueRejected])?.0 == .internalError)
    }

    @Test("GetTransactionStatus and RequestStopTransaction built by defective CSMSs")
    func operatorRequests() throws {
        func payload(_ action: String, _ arguments: JSONValue, _ defects: Set<Defect>) throws -> JSONValue {
            try OperatorRequests.payload(for: action, arguments: arguments, context: .init(version: .v201, defects: defects, counter: 7, activeTransactionId: "tx1"))
        }
        #expect(try payload("GetTransactionStatus", ["transactionId": "tx1"], [])["transactionId"] == "tx1")
        #expect(try payload("GetTransactionStatus", ["transactionId": "tx1"], [.csmsTransactionStatusIdDropped])["transactionId"] == nil)
        #expect(try payload("GetTransactionStatus", .object(JSONObject()), [])["transactionId"] == nil)
        #expect(try payload("GetTransactionStatus", .object(JSONObject()), [.csmsTransactionStatusEmptyId])["transactionId"] == "")
        #expect(try payload("RequestStopTransaction", .object(JSONObject()), [])["transactionId"] == "tx1")
        #expect(try payload("RequestStopTransaction", .object(JSONObject()), [.csmsRequestStopInternalId])["transactionId"] == "7")
    }

    @Test("The default remote-start token is a regular one, not the Master Pass")
    func masterPassNotDefault() {
        #expect(OperatorRequests.Context(version: .v201).firstValidToken == "VALID001")
    }
}
