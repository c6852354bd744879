import Foundation
import OCPPProtocol
import Testing

@testable import ReferenceDevices

@Suite("Reference charge point and central system, OCPP 1.6")
struct StationV16Tests {
    static func config(_ change: (inout ChargingStationConfiguration) -> Void = { _ in }) -> ChargingStationConfiguration {
        var c = ChargingStationConfiguration(version: .v16)
        c.sampledDataInterval = 10
        c.reconnectDelay = .seconds(1)
        change(&c)
        return c
    }

    static func csms(_ change: (inout CSMSConfiguration) -> Void = { _ in }) -> CSMSConfiguration {
        var c = CSMSConfiguration(version: .v16)
        c.heartbeatInterval = 20
        c.retryInterval = 10
        change(&c)
        return c
    }

    @Test("Boot: StatusNotification for connector 0 and every connector, then Heartbeat (TC_001_CS)")
    func boot() async throws {
        try await Rig.run(station: Self.config { $0.evses = [1, 1] }, csms: Self.csms()) { rig in
            let boot = try await rig.expect("BootNotification")
            #expect(boot.payload.text("chargePointVendor") == "ocppspec")
            for connector in 0...2 {
                let status = try await rig.expect("StatusNotification") { $0["connectorId"]?.intValue == connector }
                #expect(status.payload.text("status") == "Available")
                #expect(status.payload.text("errorCode") == "NoError")
            }
            try await rig.expect("Heartbeat")
            rig.expectValidWire()
        }
    }

    @Test("heartbeatFromPowerUp: the interval ran out while Pending, so the first Heartbeat follows the acceptance at once, then one every interval")
    func heartbeatFromPowerUp() async throws {
        let station = Self.config { $0.heartbeatFromPowerUp = true; $0.heartbeatInterval = 15 }
        try await Rig.run(station: station, csms: Self.csms { $0.bootStatus = "Pending" }) { rig in
            let first = try await rig.expect("BootNotification")
            let second = try await rig.expect("BootNotification", after: first.index + 1)
            await rig.csms.setBootStatus("Accepted")
            let accepted = try await rig.expect("BootNotification", after: second.index + 1)
            let h1 = try await rig.expect("Heartbeat", after: accepted.index)
            let h2 = try await rig.expect("Heartbeat", after: h1.index + 1)
            #expect(h1.at.timeIntervalSince(accepted.at) < 3, "first Heartbeat \(h1.at.timeIntervalSince(accepted.at)) s after the accepted boot")
            #expect(abs(h2.at.timeIntervalSince(h1.at) - 20) < 3, "heartbeats \(h2.at.timeIntervalSince(h1.at)) s apart, interval 20 s")
            rig.expectValidWire()
        }
    }

    @Test("connectorLock false: UnlockConnector is answered NotSupported (1.6 §7.46: no connector lock)")
    func noConnectorLock() async throws {
        try await Rig.run(station: Self.config { $0.connectorLock = false }, csms: Self.csms()) { rig in
            try await rig.booted()
            let unlock = try await rig.csms.perform(action: "UnlockConnector", arguments: ["connectorId": 1])
            #expect(unlock.text("status") == "NotSupported")
            rig.expectValidWire()
        }
    }

    @Test("Transaction: Authorize, StartTransaction, MeterValues and StopTransaction with the Central System's transactionId")
    func transaction() async throws {
        try await Rig.run(station: Self.config(), csms: Self.csms()) { rig in
            try await rig.booted()
            try await rig.station.plugIn()
            try await rig.expect("StatusNotification") { $0.text("status") == "Preparing" }
            try await rig.station.presentIdToken("VALID001")
            try await rig.expect("Authorize") { $0.text("idTag") == "VALID001" }
            let start = try await rig.expect("StartTransaction")
            #expect(start.payload["connectorId"]?.intValue == 1 && start.payload["meterStart"]?.intValue == 0)
            try await rig.expect("StatusNotification") { $0.text("status") == "Charging" }
            let meter = try await rig.expect("MeterValues")
            let tx = try #require(await rig.csms.transactions.first)
            #expect(meter.payload.text("transactionId") == tx.transactionId)
            try await rig.station.presentIdToken("VALID001")
            let stop = try await rig.expect("StopTransaction")
            #expect(stop.payload.text("transactionId") == tx.transactionId)
            #expect((stop.payload["meterStop"]?.intValue ?? 0) > 0)
            #expect(stop.payload["reason"] == nil)
            try await rig.expect("StatusNotification", after: stop.index) { $0.text("status") == "Finishing" }
            try await rig.station.unplug()
            try await rig.expect("StatusNotification", after: stop.index) { $0.text("status") == "Available" }
            rig.expectValidWire()
        }
    }

    @Test("Remote start and stop, configuration keys (TC_010_CS, TC_011_CS)")
    func remoteStartStop() async throws {
        try await Rig.run(station: Self.config(), csms: Self.csms()) { rig in
            try await rig.booted()
            let change = try await rig.csms.perform(action: "ChangeConfiguration", arguments: ["key": "AuthorizeRemoteTxRequests", "value": "true"])
            #expect(change.text("status") == "Accepted")
            let unknown = try await rig.csms.perform(action: "ChangeConfiguration", arguments: ["key": "NoSuchKey", "value": "1"])
            #expect(unknown.text("status") == "NotSupported")
            let config = try await rig.csms.perform(action: "GetConfiguration", arguments: ["key": ["HeartbeatInterval", "Nope"]])
            #expect(config["configurationKey"]?.arrayValue?.first?.text("value") == "20")
            #expect(config["unknownKey"] == ["Nope"])
            let start = try await rig.csms.perform(action: "RemoteStartTransaction", arguments: ["idTag": "VALID001", "connectorId": 1])
            #expect(start.text("status") == "Accepted")
            try await rig.expect("Authorize")
            try await rig.waitUntil { try await $0.station.state()["evses"]?.arrayValue?.first?["authorized"] == "VALID001" }
            try await rig.station.plugIn()
            try await rig.expect("StartTransaction")
            let tx = try #require(await rig.csms.transactions.first)
            let stop = try await rig.csms.perform(action: "RemoteStopTransaction", arguments: ["transactionId": .int(Int(tx.transactionId)!)])
            #expect(stop.text("status") == "Accepted")
            let stopped = try await rig.expect("StopTransaction")
            #expect(stopped.payload.text("reason") == "Remote")
            rig.expectValidWire()
        }
    }

    @Test("Hard reset ends the transaction with HardReset and boots again")
    func reset() async throws {
        try await Rig.run(station: Self.config(), csms: Self.csms()) { rig in
            try await rig.booted()
            try await rig.station.plugIn()
            try await rig.station.presentIdToken("VALID001")
            try await rig.expect("StartTransaction")
            let mark = await rig.mark()
            let reset = try await rig.csms.perform(action: "Reset", arguments: ["type": "Hard"])
            #expect(reset.text("status") == "Accepted")
            let stop = try await rig.expect("StopTransaction", after: mark)
            #expect(stop.payload.text("reason") == "HardReset")
            try await rig.expect("BootNotification", after: mark)
            try await rig.expect("StatusNotification", after: mark) { $0["connectorId"]?.intValue == 0 }
            rig.expectValidWire()
        }
    }

    @Test("Local list: SendLocalList, GetLocalListVersion, VersionMismatch")
    func localList() async throws {
        try await Rig.run(station: Self.config(), csms: Self.csms()) { rig in
            try await rig.booted()
            let send = try await rig.csms.perform(action: "SendLocalList", arguments: ["listVersion": 3])
            #expect(send.text("status") == "Accepted")
            let version = try await rig.csms.perform(action: "GetLocalListVersion")
            #expect(version["listVersion"]?.intValue == 3)
            let stale = try await rig.csms.perform(action: "SendLocalList", arguments: ["listVersion": 2, "updateType": "Differential"])
            #expect(stale.text("status") == "VersionMismatch")
            let trigger = try await rig.csms.perform(action: "TriggerMessage", arguments: ["requestedMessage": "StatusNotification", "connectorId": 1])
            #expect(trigger.text("status") == "Accepted")
            rig.expectValidWire()
        }
    }
}
