import Foundation
import OCPPProtocol
import Testing

@testable import ReferenceDevices

@Suite("Reference station and CSMS, OCPP 2.0.1")
struct StationV201Tests {
    static func config(_ change: (inout ChargingStationConfiguration) -> Void = { _ in }) -> ChargingStationConfiguration {
        var c = ChargingStationConfiguration(version: .v201)
        c.sampledDataInterval = 10
        c.reconnectDelay = .seconds(1)
        change(&c)
        return c
    }

    static func csms(_ change: (inout CSMSConfiguration) -> Void = { _ in }) -> CSMSConfiguration {
        var c = CSMSConfiguration(version: .v201)
        c.heartbeatInterval = 20
        c.retryInterval = 10
        change(&c)
        return c
    }

    @Test("Boot Accepted: StatusNotification per connector, SecurityEventNotification, then Heartbeat at the interval (TC_B_01_CS)")
    func bootAccepted() async throws {
        try await Rig.run(station: Self.config { $0.evses = [1, 1] }, csms: Self.csms()) { rig in
            let boot = try await rig.expect("BootNotification")
            #expect(boot.payload.text("reason") == "PowerUp")
            let s1 = try await rig.expect("StatusNotification") { $0["evseId"]?.intValue == 1 }
            let s2 = try await rig.expect("StatusNotification") { $0["evseId"]?.intValue == 2 }
            #expect(s1.payload.text("connectorStatus") == "Available")
            #expect(s2.payload.text("connectorStatus") == "Available")
            let event = try await rig.expect("SecurityEventNotification")
            #expect(event.payload.text("type") == "StartupOfTheDevice")
            let h1 = try await rig.expect("Heartbeat")
            let h2 = try await rig.expect("Heartbeat", after: h1.index + 1)
            let gap = h2.at.timeIntervalSince(h1.at)
            #expect(abs(gap - 20) < 3, "heartbeats \(gap) s apart, interval 20 s")
            rig.expectValidWire()
        }
    }

    @Test("Boot Pending: only BootNotification until accepted, configuration answered meanwhile (TC_B_02_CS)")
    func bootPending() async throws {
        try await Rig.run(station: Self.config(), csms: Self.csms { $0.bootStatus = "Pending" }) { rig in
            let first = try await rig.expect("BootNotification")
            let set = try await rig.csms.perform(action: "SetVariables", arguments: ["component": "OCPPCommCtrlr", "variable": "OfflineThreshold", "value": "300"])
            #expect(set["setVariableResult"]?.arrayValue?.first?.text("attributeStatus") == "Accepted")
            let start = try await rig.csms.perform(action: "RequestStartTransaction")
            #expect(start.text("status") == "Rejected")
            let second = try await rig.expect("BootNotification", after: first.index + 1)
            #expect(abs(second.at.timeIntervalSince(first.at) - 10) < 3)
            #expect(await rig.actions(from: 0).allSatisfy { $0 == "BootNotification" })
            await rig.csms.setBootStatus("Accepted")
            let trigger = try await rig.csms.perform(action: "TriggerMessage", arguments: ["requestedMessage": "BootNotification"])
            #expect(trigger.text("status") == "Accepted")
            let third = try await rig.expect("BootNotification", after: second.index + 1)
            #expect(third.payload.text("reason") == "Triggered")
            try await rig.expect("StatusNotification", after: third.index)
            rig.expectValidWire()
        }
    }

    @Test("Boot Rejected: retries after the interval, answers CSMS requests with SecurityError (TC_B_03_CS, TC_B_30_CS)")
    func bootRejected() async throws {
        try await Rig.run(station: Self.config(), csms: Self.csms { $0.bootStatus = "Rejected" }) { rig in
            let first = try await rig.expect("BootNotification")
            await #expect(throws: ControlError.callError(code: "SecurityError", description: "the station is not accepted by the CSMS")) {
                try await rig.csms.perform(action: "GetVariables")
            }
            let second = try await rig.expect("BootNotification", after: first.index + 1)
            #expect(abs(second.at.timeIntervalSince(first.at) - 10) < 3)
            #expect(await rig.actions(from: 0).allSatisfy { $0 == "BootNotification" })
            rig.expectValidWire()
        }
    }

    @Test("Local transaction: cable first, Authorize, Started/Updated/Ended with seqNo 0,1,2…")
    func localTransaction() async throws {
        try await Rig.run(station: Self.config(), csms: Self.csms()) { rig in
            try await rig.booted()
            try await rig.station.plugIn(evse: 1, connector: 1)
            try await rig.expect("StatusNotification") { $0.text("connectorStatus") == "Occupied" }
            try await rig.station.presentIdToken("VALID001")
            let authorize = try await rig.expect("Authorize")
            #expect(authorize.payload["idToken"]?.text("idToken") == "VALID001")
            let started = try await rig.expect("TransactionEvent") { $0.text("eventType") == "Started" }
            #expect(started.payload.text("triggerReason") == "Authorized")
            #expect(started.payload["idToken"]?.text("idToken") == "VALID001")
            #expect(started.payload["evse"]?["connectorId"]?.intValue == 1)
            try await rig.expect("TransactionEvent") { $0.text("triggerReason") == "ChargingStateChanged" && $0["transactionInfo"]?.text("chargingState") == "Charging" }
            let periodic = try await rig.expect("TransactionEvent") { $0.text("triggerReason") == "MeterValuePeriodic" }
            #expect(periodic.payload["meterValue"]?.arrayValue?.first?["sampledValue"]?.arrayValue?.first?.text("context") == "Sample.Periodic")
            try await rig.station.presentIdToken("VALID001")
            let ended = try await rig.expect("TransactionEvent") { $0.text("eventType") == "Ended" }
            #expect(ended.payload["transactionInfo"]?.text("stoppedReason") == "Local")
            try await rig.station.unplug(evse: 1, connector: 1)
            try await rig.expect("StatusNotification", after: ended.index) { $0.text("connectorStatus") == "Available" }
            let tx = try #require(await rig.csms.transactions.first)
            #expect(tx.seqNos == Array(0..<tx.seqNos.count))
            #expect(tx.eventTypes.first == "Started" && tx.eventTypes.last == "Ended")
            #expect(tx.triggerReasons.contains("StopAuthorized"))
            rig.expectValidWire()
        }
    }

    @Test("powerPathClosedAtPlugIn: authorized first, the plug-in starts the transaction with SuspendedEV (ChargingStateChanged), Charging once the EV draws")
    func powerPathClosedAtPlugIn() async throws {
        try await Rig.run(station: Self.config { $0.powerPathClosedAtPlugIn = true }, csms: Self.csms()) { rig in
            try await rig.booted()
            try await rig.station.presentIdToken("VALID001")
            try await rig.expect("Authorize")
            try await rig.station.plugIn(evse: 1, connector: 1)
            let started = try await rig.expect("TransactionEvent") { $0.text("eventType") == "Started" }
            #expect(started.payload.text("triggerReason") == "ChargingStateChanged")
            #expect(started.payload["transactionInfo"]?.text("chargingState") == "SuspendedEV")
            let charging = try await rig.expect("TransactionEvent", after: started.index + 1) { $0.text("triggerReason") == "ChargingStateChanged" }
            #expect(charging.payload.text("eventType") == "Updated")
            #expect(charging.payload["transactionInfo"]?.text("chargingState") == "Charging")
            rig.expectValidWire()
        }
    }

    @Test("powerPathClosedAtPlugIn with TxStartPoint EnergyTransfer: the transaction starts (Charging) when the EV draws a moment after the plug-in")
    func powerPathClosedAtPlugInEnergyTransfer() async throws {
        try await Rig.run(station: Self.config { $0.powerPathClosedAtPlugIn = true; $0.txStartPoint = ["EnergyTransfer"] }, csms: Self.csms()) { rig in
            try await rig.booted()
            try await rig.station.presentIdToken("VALID001")
            try await rig.expect("Authorize")
            try await rig.station.plugIn(evse: 1, connector: 1)
            let started = try await rig.expect("TransactionEvent") { $0.text("eventType") == "Started" }
            #expect(started.payload.text("triggerReason") == "ChargingStateChanged")
            #expect(started.payload["transactionInfo"]?.text("chargingState") == "Charging")
            rig.expectValidWire()
        }
    }

    @Test("endInOneEvent with TxStopPoint PowerPathClosed: a local stop authorization ends the transaction in one Ended / StopAuthorized event")
    func endInOneEvent() async throws {
        try await Rig.run(station: Self.config { $0.endInOneEvent = true; $0.txStopPoint = ["PowerPathClosed"] }, csms: Self.csms()) { rig in
            try await rig.booted()
            try await rig.station.plugIn(evse: 1, connector: 1)
            try await rig.station.presentIdToken("VALID001")
            let started = try await rig.expect("TransactionEvent") { $0.text("eventType") == "Started" }
            try await rig.expect("TransactionEvent", after: started.index + 1) { $0["transactionInfo"]?.text("chargingState") == "Charging" }
            try await rig.station.presentIdToken("VALID001")
            let stop = try await rig.expect("TransactionEvent", after: started.index + 1) { $0.text("triggerReason") == "StopAuthorized" }
            #expect(stop.payload.text("eventType") == "Ended")
            #expect(stop.payload["transactionInfo"]?.text("chargingState") == "EVConnected")
            let tx = try #require(await rig.csms.transactions.first)
            #expect(tx.eventTypes.filter { $0 == "Ended" }.count == 1)
            #expect(!tx.eventTypes.dropLast().contains("Ended"))
            rig.expectValidWire()
        }
    }

    @Test("Detachable cable, UnlockOnEVSideDisconnect false: the cable stays locked after the EV side goes; only the session's idToken releases it, and starts nothing (TC_E_25_CS)")
    func detachableCableStaysLocked() async throws {
        try await Rig.run(station: Self.config { $0.detachableCable = true }, csms: Self.csms()) { rig in
            try await rig.booted()
            let set = try await rig.csms.perform(action: "SetVariables", arguments: ["component": "OCPPCommCtrlr", "variable": "UnlockOnEVSideDisconnect", "value": "false"])
            #expect(set["setVariableResult"]?.arrayValue?.first?.text("attributeStatus") == "Accepted")
            try await rig.station.plugIn(evse: 1, connector: 1)
            try await rig.station.presentIdToken("VALID001")
            try await rig.expect("TransactionEvent") { $0.text("eventType") == "Started" }
            let evSide = try await rig.station.perform(action: "unplug", arguments: ["evse": 1, "connector": 1, "type": "evSide"])
            #expect(evSide.text("status") == "Occupied", "the cable is still in the socket: \(evSide)")
            let ended = try await rig.expect("TransactionEvent") { $0.text("eventType") == "Ended" }
            #expect(ended.payload.text("triggerReason") == "EVCommunicationLost")
            // Another card does not open the lock.
            let other = try await rig.station.presentIdToken("OTHER002", evse: 1)
            #expect(other.text("result") != "cable released")
            let released = try await rig.station.presentIdToken("VALID001", evse: 1)
            #expect(released.text("result") == "cable released")
            try await rig.station.unplug(evse: 1, connector: 1)
            let available = try await rig.expect("StatusNotification", after: ended.index) { $0.text("connectorStatus") == "Available" }
            let after = await rig.actions(from: ended.index + 1)
            #expect(!after.contains("TransactionEvent"), "the released cable started a transaction: \(after)")
            #expect(available.index > ended.index)
            rig.expectValidWire()
        }
    }

    @Test("Authorization first, then cable: Started with CablePluggedIn; unknown idToken starts nothing")
    func authorizationFirst() async throws {
        try await Rig.run(station: Self.config(), csms: Self.csms()) { rig in
            try await rig.booted()
            try await rig.station.presentIdToken("NOBODY")
            try await rig.expect("Authorize")
            try await rig.station.presentIdToken("VALID001")
            let second = try await rig.expect("Authorize") { $0["idToken"]?.text("idToken") == "VALID001" }
            try await rig.waitUntil { try await $0.station.state()["evses"]?.arrayValue?.first?["authorized"] == "VALID001" }
            try await rig.station.plugIn()
            let started = try await rig.expect("TransactionEvent", after: second.index) { $0.text("eventType") == "Started" }
            #expect(started.payload.text("triggerReason") == "CablePluggedIn")
            #expect(started.payload["idToken"]?.text("idToken") == "VALID001")
            #expect(await rig.csms.transactions.count == 1)
            try await rig.station.unplug()
            let ended = try await rig.expect("TransactionEvent") { $0.text("eventType") == "Ended" }
            #expect(ended.payload.text("triggerReason") == "EVCommunicationLost")
            #expect(ended.payload["transactionInfo"]?.text("stoppedReason") == "EVDisconnected")
            rig.expectValidWire()
        }
    }

    @Test("Remote start and stop (TC_F_01_CS, TC_F_08_CS)")
    func remoteStartStop() async throws {
        try await Rig.run(station: Self.config(), csms: Self.csms()) { rig in
            try await rig.booted()
            try await rig.station.plugIn()
            let answer = try await rig.csms.perform(action: "RequestStartTransaction", arguments: ["idToken": "VALID001", "evseId": 1, "remoteStartId": 7])
            #expect(answer.text("status") == "Accepted")
            let started = try await rig.expect("TransactionEvent") { $0.text("eventType") == "Started" }
            #expect(started.payload.text("triggerReason") == "RemoteStart")
            #expect(started.payload["transactionInfo"]?["remoteStartId"]?.intValue == 7)
            let id = try #require(started.payload["transactionInfo"]?.text("transactionId"))
            let stop = try await rig.csms.perform(action: "RequestStopTransaction", arguments: ["transactionId": .string(id)])
            #expect(stop.text("status") == "Accepted")
            let ended = try await rig.expect("TransactionEvent") { $0.text("eventType") == "Ended" }
            #expect(ended.payload.text("triggerReason") == "RemoteStop")
            #expect(ended.payload["transactionInfo"]?.text("stoppedReason") == "Remote")
            let unknown = try await rig.csms.perform(action: "RequestStopTransaction", arguments: ["transactionId": "nope"])
            #expect(unknown.text("status") == "Rejected")
            rig.expectValidWire()
        }
    }

    @Test("Reset Immediate during a transaction: Ended with ImmediateReset, reboot, BootNotification RemoteReset (TC_B_22_CS)")
    func resetImmediate() async throws {
        try await Rig.run(station: Self.config(), csms: Self.csms()) { rig in
            try await rig.booted()
            try await rig.station.plugIn()
            try await rig.station.presentIdToken("VALID001")
            try await rig.expect("TransactionEvent") { $0.text("eventType") == "Started" }
            let onIdle = try await rig.csms.perform(action: "Reset", arguments: ["type": "OnIdle"])
            #expect(onIdle.text("status") == "Scheduled")
            let mark = await rig.mark()
            let reset = try await rig.csms.perform(action: "Reset", arguments: ["type": "Immediate"])
            #expect(reset.text("status") == "Accepted")
            let ended = try await rig.expect("TransactionEvent", after: mark) { $0.text("eventType") == "Ended" }
            #expect(ended.payload["transactionInfo"]?.text("stoppedReason") == "ImmediateReset")
            let boot = try await rig.expect("BootNotification", after: mark)
            #expect(boot.payload.text("reason") == "RemoteReset")
            // The cable stayed in: the connector comes back Occupied.
            try await rig.expect("StatusNotification", after: boot.index) { $0.text("connectorStatus") == "Occupied" }
            rig.expectValidWire()
        }
    }

    @Test("Device model: GetVariables, SetVariables, GetBaseReport split into parts")
    func deviceModel() async throws {
        try await Rig.run(station: Self.config(), csms: Self.csms()) { rig in
            try await rig.booted()
            let get = try await rig.csms.perform(action: "GetVariables", arguments: ["getVariableData": [
                ["component": ["name": "TxCtrlr"], "variable": ["name": "TxStartPoint"]],
                ["component": ["name": "NoSuchCtrlr"], "variable": ["name": "X"]],
                ["component": ["name": "TxCtrlr"], "variable": ["name": "NoSuchVariable"]],
                ["component": ["name": "Connector", "evse": ["id": 1, "connectorId": 1]], "variable": ["name": "AvailabilityState"]],
            ]])
            let results = try #require(get["getVariableResult"]?.arrayValue)
            #expect(results.map { $0.text("attributeStatus") } == ["Accepted", "UnknownComponent", "UnknownVariable", "Accepted"])
            #expect(results[0].text("attributeValue") == "PowerPathClosed")
            #expect(results[3].text("attributeValue") == "Available")
            let set = try await rig.csms.perform(action: "SetVariables", arguments: ["setVariableData": [
                ["component": ["name": "OCPPCommCtrlr"], "variable": ["name": "HeartbeatInterval"], "attributeValue": "5"],
                ["component": ["name": "ChargingStation"], "variable": ["name": "AvailabilityState"], "attributeValue": "Faulted"],
                ["component": ["name": "TxCtrlr"], "variable": ["name": "EVConnectionTimeOut"], "attributeValue": "soon"],
            ]])
            #expect(set["setVariableResult"]?.arrayValue?.map { $0.text("attributeStatus") } == ["Accepted", "Rejected", "Rejected"])
            let report = try await rig.csms.perform(action: "GetBaseReport", arguments: ["requestId": 42, "reportBase": "FullInventory"])
            #expect(report.text("status") == "Accepted")
            let last = try await rig.expect("NotifyReport") { $0["tbc"]?.boolValue == false }
            let parts = await rig.csms.receivedCalls.filter { $0.action == "NotifyReport" }
            #expect(parts.map { $0.payload["seqNo"]?.intValue } == Array(0..<parts.count).map(Optional.some))
            #expect(parts.count > 1 && last.payload["requestId"]?.intValue == 42)
            let h1 = try await rig.expect("Heartbeat", after: last.index)
            let h2 = try await rig.expect("Heartbeat", after: h1.index + 1)
            #expect(abs(h2.at.timeIntervalSince(h1.at) - 5) < 2)
            rig.expectValidWire()
        }
    }

    @Test("Offline: transaction messages queue with offline true and go out in order on reconnect (TC_E_40_CS)")
    func offlineQueue() async throws {
        try await Rig.run(station: Self.config(), csms: Self.csms()) { rig in
            try await rig.booted()
            try await rig.station.plugIn()
            try await rig.station.presentIdToken("VALID001")
            try await rig.expect("TransactionEvent") { $0.text("triggerReason") == "ChargingStateChanged" }
            try await rig.station.goOffline()
            try await rig.station.unplug()
            let state = try await rig.station.state()
            #expect(state["connected"] == false)
            let mark = await rig.mark()
            try await rig.station.goOnline()
            let ended = try await rig.expect("TransactionEvent", after: mark) { $0.text("eventType") == "Ended" }
            #expect(ended.payload["offline"]?.boolValue == true)
            #expect(await rig.actions(from: mark).contains("BootNotification") == false)
            let tx = try #require(await rig.csms.transactions.first)
            // The event sent just before going offline may have lost its answer with the
            // connection; the station then sends it again on reconnect (OCPP-J retry). A repeated
            // seqNo is allowed only as such a resend of the same message; otherwise they count up.
            for (a, b) in zip(tx.messages, tx.messages.dropFirst()) where a.payload["seqNo"] == b.payload["seqNo"] {
                #expect(a.payload == b.payload, "seqNo \(a.payload["seqNo"]?.jsonText ?? "?") used by two different events")
            }
            let distinct = tx.seqNos.reduce(into: [Int]()) { if $0.last != $1 { $0.append($1) } }
            #expect(distinct == Array(0..<distinct.count))
            #expect(distinct.count >= 3, "Started, the energy and Ended at least")
            rig.expectValidWire()
        }
    }

    @Test("ChangeAvailability during a transaction is Scheduled and applied after it ends (TC_G_11_CS)")
    func changeAvailabilityScheduled() async throws {
        try await Rig.run(station: Self.config(), csms: Self.csms()) { rig in
            try await rig.booted()
            try await rig.station.plugIn()
            try await rig.station.presentIdToken("VALID001")
            try await rig.expect("TransactionEvent") { $0.text("eventType") == "Started" }
            let answer = try await rig.csms.perform(action: "ChangeAvailability", arguments: ["evseId": 1, "operationalStatus": "Inoperative"])
            #expect(answer.text("status") == "Scheduled")
            try await rig.station.presentIdToken("VALID001")
            try await rig.expect("TransactionEvent") { $0.text("eventType") == "Ended" }
            try await rig.station.unplug()
            try await rig.expect("StatusNotification") { $0.text("connectorStatus") == "Unavailable" }
            let unlock = try await rig.csms.perform(action: "UnlockConnector", arguments: ["evseId": 1, "connectorId": 9])
            #expect(unlock.text("status") == "UnknownConnector")
            let data = try await rig.csms.perform(action: "DataTransfer")
            #expect(data.text("status") == "UnknownVendorId")
            rig.expectValidWire()
        }
    }
}
