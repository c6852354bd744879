import Foundation
import OCPPProtocol
import Testing

@testable import ReferenceDevices

@Suite("Seeded defects")
struct DefectTests {
    @Test("The catalogue: at least 25 defects, camelCase names, a summary and a requirement each")
    func catalogue() {
        #expect(Defect.allCases.count >= 25)
        for defect in Defect.allCases {
            #expect(defect.rawValue.first?.isLowercase == true && !defect.rawValue.contains(" "))
            #expect(!defect.summary.isEmpty && !defect.requirement.isEmpty && !defect.versions.isEmpty)
            #expect(Defect(name: defect.rawValue) == defect)
        }
        #expect(Defect.applicable(to: .csms, version: .v201).allSatisfy { $0.rawValue.hasPrefix("csms") })
        #expect(Defect.applicable(to: .chargingStation, version: .v16).contains(.connector0StatusMissing))
    }

    static func station(_ defects: Set<Defect>, version: OCPPVersion = .v201, _ change: (inout ChargingStationConfiguration) -> Void = { _ in }) -> ChargingStationConfiguration {
        var c = ChargingStationConfiguration(version: version, defects: defects)
        c.sampledDataInterval = 10
        c.reconnectDelay = .seconds(1)
        change(&c)
        return c
    }

    static func csms(_ defects: Set<Defect> = [], version: OCPPVersion = .v201, _ change: (inout CSMSConfiguration) -> Void = { _ in }) -> CSMSConfiguration {
        var c = CSMSConfiguration(version: version, defects: defects)
        c.heartbeatInterval = 20
        c.retryInterval = 10
        change(&c)
        return c
    }

    @Test("bootIgnoresPending: StatusNotification while Pending, answered with SecurityError")
    func bootIgnoresPending() async throws {
        try await Rig.run(station: Self.station([.bootIgnoresPending]), csms: Self.csms { $0.bootStatus = "Pending" }) { rig in
            try await rig.expect("BootNotification")
            try await rig.expect("StatusNotification")
        }
    }

    @Test("bootRejectedRetriesEarly: the second BootNotification comes after a quarter of the interval")
    func bootRejectedRetriesEarly() async throws {
        try await Rig.run(station: Self.station([.bootRejectedRetriesEarly]), csms: Self.csms { $0.bootStatus = "Rejected" }) { rig in
            let first = try await rig.expect("BootNotification")
            let second = try await rig.expect("BootNotification", after: first.index + 1)
            #expect(abs(second.at.timeIntervalSince(first.at) - 2.5) < 1.5)
        }
    }

    @Test("heartbeatEarly: Heartbeats half the interval apart")
    func heartbeatEarly() async throws {
        try await Rig.run(station: Self.station([.heartbeatEarly]), csms: Self.csms()) { rig in
            let h1 = try await rig.expect("Heartbeat")
            let h2 = try await rig.expect("Heartbeat", after: h1.index + 1)
            #expect(abs(h2.at.timeIntervalSince(h1.at) - 10) < 3)
        }
    }

    @Test("noStatusNotificationConnector2: only the first of two connectors is reported")
    func noStatusNotificationConnector2() async throws {
        try await Rig.run(station: Self.station([.noStatusNotificationConnector2]) { $0.evses = [1, 1] }, csms: Self.csms()) { rig in
            let event = try await rig.expect("SecurityEventNotification")
            let statuses = await rig.csms.receivedCalls.prefix(event.index).filter { $0.action == "StatusNotification" }
            #expect(statuses.map { $0.payload["evseId"]?.intValue } == [1])
        }
    }

    @Test("connector0StatusMissing (1.6): no StatusNotification for connectorId 0")
    func connector0StatusMissing() async throws {
        try await Rig.run(station: Self.station([.connector0StatusMissing], version: .v16), csms: Self.csms(version: .v16)) { rig in
            let heartbeat = try await rig.expect("Heartbeat")
            let statuses = await rig.csms.receivedCalls.prefix(heartbeat.index).filter { $0.action == "StatusNotification" }
            #expect(statuses.map { $0.payload["connectorId"]?.intValue } == [1])
        }
    }

    static func charge(_ rig: Rig) async throws {
        try await rig.booted()
        try await rig.station.plugIn()
        try await rig.station.presentIdToken("VALID001")
        try await rig.expect("TransactionEvent") { $0.text("eventType") == "Started" }
    }

    @Test("seqNoRestarts: the Ended event has seqNo 0 again")
    func seqNoRestarts() async throws {
        try await Rig.run(station: Self.station([.seqNoRestarts]), csms: Self.csms()) { rig in
            try await Self.charge(rig)
            try await rig.station.unplug()
            let ended = try await rig.expect("TransactionEvent") { $0.text("eventType") == "Ended" }
            #expect(ended.payload["seqNo"]?.intValue == 0)
        }
    }

    @Test("wrongTriggerReason: cable-first transaction starts with CablePluggedIn instead of Authorized")
    func wrongTriggerReason() async throws {
        try await Rig.run(station: Self.station([.wrongTriggerReason]), csms: Self.csms()) { rig in
            try await rig.booted()
            try await rig.station.plugIn()
            try await rig.station.presentIdToken("VALID001")
            let started = try await rig.expect("TransactionEvent") { $0.text("eventType") == "Started" }
            #expect(started.payload.text("triggerReason") == "CablePluggedIn")
        }
    }

    @Test("acceptsUnknownIdToken: an Unknown idToken starts a transaction")
    func acceptsUnknownIdToken() async throws {
        try await Rig.run(station: Self.station([.acceptsUnknownIdToken]), csms: Self.csms()) { rig in
            try await rig.booted()
            try await rig.station.plugIn()
            try await rig.station.presentIdToken("NOBODY")
            let started = try await rig.expect("TransactionEvent") { $0.text("eventType") == "Started" }
            #expect(started.payload["idToken"]?.text("idToken") == "NOBODY")
        }
    }

    @Test("remoteStopIgnored: Accepted, but no Ended follows")
    func remoteStopIgnored() async throws {
        try await Rig.run(station: Self.station([.remoteStopIgnored]), csms: Self.csms()) { rig in
            try await Self.charge(rig)
            let tx = try #require(await rig.csms.transactions.first)
            let answer = try await rig.csms.perform(action: "RequestStopTransaction", arguments: ["transactionId": .string(tx.transactionId)])
            #expect(answer.text("status") == "Accepted")
            await #expect(throws: ControlError.self) {
                try await rig.csms.waitForCall("TransactionEvent", timeout: .seconds(15)) { $0.text("eventType") == "Ended" }
            }
        }
    }

    @Test("nullForOptionalFields: the wire carries null, which the schemas reject")
    func nullForOptionalFields() async throws {
        try await Rig.run(station: Self.station([.nullForOptionalFields]), csms: Self.csms()) { rig in
            try await Self.charge(rig)
            #expect(rig.log.schemaProblems(version: .v201).contains { $0.contains("TransactionEvent request") })
        }
    }

    @Test("csmsAcceptsUnknownIdToken: Authorize of an unknown idToken is Accepted")
    func csmsAcceptsUnknownIdToken() async throws {
        try await Rig.run(station: Self.station([]), csms: Self.csms([.csmsAcceptsUnknownIdToken])) { rig in
            try await rig.booted()
            try await rig.station.plugIn()
            try await rig.station.presentIdToken("NOBODY")
            try await rig.expect("TransactionEvent") { $0.text("eventType") == "Started" }
        }
    }

    @Test("csmsResetWrongType: Reset with type Hard breaks the 2.0.1 schema; the station answers FormatViolation-class CALLERROR")
    func csmsResetWrongType() async throws {
        try await Rig.run(station: Self.station([]), csms: Self.csms([.csmsResetWrongType])) { rig in
            try await rig.booted()
            await #expect(throws: ControlError.self) { try await rig.csms.perform(action: "Reset") }
            #expect(rig.log.schemaProblems(version: .v201).contains { $0.contains("CSMS Reset request") })
        }
    }

    @Test("csmsTransactionEventNoIdTokenInfo: the station cannot learn the token's status; the answer lacks idTokenInfo")
    func csmsTransactionEventNoIdTokenInfo() async throws {
        try await Rig.run(station: Self.station([]), csms: Self.csms([.csmsTransactionEventNoIdTokenInfo])) { rig in
            try await Self.charge(rig)
            let answers = rig.log.all.filter { !$0.fromStation && $0.text.hasPrefix("[3") }
            // Only the Authorize answer carries idTokenInfo; the TransactionEvent answer does not.
            #expect(answers.filter { $0.text.contains("idTokenInfo") }.count == 1)
        }
    }
}
