import Foundation
import OCPPProtocol
import Testing

@testable import ReferenceDevices

/// Reset variants and the reconnection back-off of the 2.0.1 station (TC_B_21/22/26/27/29_CS,
/// TC_B_57_CS), and their seeded defects.
@Suite("Reference station: reset variants and reconnection back-off")
struct ResetAndBackOffTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    func result(_ actions: [StationAction]) -> JSONValue? {
        for case .send(let text) in actions {
            if case .callResult(let r)? = try? FrameParser(version: .v201).parse(text) { return r.payload }
        }
        return nil
    }

    func calls(_ actions: [StationAction]) -> [Frame.Call] {
        actions.compactMap {
            guard case .send(let text) = $0, case .call(let call)? = try? FrameParser(version: .v201).parse(text) else { return nil }
            return call
        }
    }

    /// An accepted station with two EVSEs.
    func accepted(_ change: (inout ChargingStationConfiguration) -> Void = { _ in }) throws -> ChargingStationStateMachine {
        var configuration = ChargingStationConfiguration(version: .v201)
        configuration.evses = [1, 1]
        change(&configuration)
        var machine = ChargingStationStateMachine(configuration: configuration)
        let boot = try #require(calls(machine.connected(now: now)).first)
        let answer = Frame.callResult(Frame.CallResult(messageId: boot.messageId, payload: ["status": "Accepted", "interval": 10, "currentTime": "2024-01-01T00:00:00Z"]))
        _ = machine.frameReceived(answer.text, now: now)
        return machine
    }

    func reset(_ machine: inout ChargingStationStateMachine, _ payload: String) -> String? {
        result(machine.frameReceived(#"[2,"r","Reset",\#(payload)]"#, now: now))?["status"]?.stringValue
    }

    @Test("Without support for single EVSEs a Reset naming one is Rejected (B11.FR.09, B12.FR.09)")
    func evseResetRejectedWithoutSupport() throws {
        var machine = try accepted { $0.resetPerEVSE = false }
        #expect(reset(&machine, #"{"type":"OnIdle","evseId":1}"#) == "Rejected")
        #expect(reset(&machine, #"{"type":"Immediate","evseId":1}"#) == "Rejected")
        #expect(machine.pendingReboot == nil)
    }

    @Test("Seeded defect evseResetIgnoresEvseId: the whole station resets")
    func evseResetIgnoresEvseId() throws {
        var machine = try accepted { $0.resetPerEVSE = false; $0.defects = [.evseResetIgnoresEvseId] }
        #expect(reset(&machine, #"{"type":"OnIdle","evseId":1}"#) == "Accepted")
        var supported = try accepted { $0.defects = [.evseResetIgnoresEvseId] }
        _ = reset(&supported, #"{"type":"Immediate","evseId":1}"#)
        #expect(supported.pendingReboot == "RemoteReset" || supported.registration == .notBooted, "the station reboots for an EVSE reset")
    }

    @Test("RetryBackOffWaitMinimum, doubled after each failed attempt (Part 4 §5.3); not doubled with reconnectBackOffNotDoubled")
    func reconnectBackOff() throws {
        func waits(_ defects: Set<Defect>) throws -> [Duration] {
            var machine = try accepted { $0.defects = defects }
            _ = machine.frameReceived(#"[2,"s","SetVariables",{"setVariableData":[{"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"RetryBackOffWaitMinimum"},"attributeValue":"2"}]}]"#, now: now)
            var out: [Duration] = []
            for case .startTimer(.reconnect, let after) in machine.disconnected(now: now) { out.append(after) }
            for case .startTimer(.reconnect, let after) in machine.connectFailed(now: now) { out.append(after) }
            return out
        }
        #expect(try waits([]) == [.seconds(2), .seconds(4)])
        #expect(try waits([.reconnectBackOffNotDoubled]) == [.seconds(2), .seconds(2)])
    }

    @Test("Reset OnIdle during a transaction: Scheduled, then a ScheduledReset boot once the driver ended it (TC_B_21_CS)")
    func scheduledReset() async throws {
        try await Rig.run(station: StationV201Tests.config(), csms: StationV201Tests.csms()) { rig in
            try await rig.booted()
            try await rig.station.plugIn()
            try await rig.station.presentIdToken("VALID001")
            try await rig.expect("TransactionEvent") { $0.text("eventType") == "Started" }
            let onIdle = try await rig.csms.perform(action: "Reset", arguments: ["type": "OnIdle"])
            #expect(onIdle.text("status") == "Scheduled")
            let mark = await rig.mark()
            try await rig.station.presentIdToken("VALID001")
            try await rig.expect("TransactionEvent", after: mark) { $0.text("eventType") == "Ended" }
            let boot = try await rig.expect("BootNotification", after: mark)
            #expect(boot.payload.text("reason") == "ScheduledReset")
            rig.expectValidWire()
        }
    }

    @Test("Reset Immediate of one EVSE: the Ended event shows the EV still connected, not charging (TC_B_27_CS)")
    func immediateEVSEReset() async throws {
        try await Rig.run(station: StationV201Tests.config(), csms: StationV201Tests.csms()) { rig in
            try await rig.booted()
            try await rig.station.plugIn()
            try await rig.station.presentIdToken("VALID001")
            try await rig.expect("TransactionEvent") { $0.text("eventType") == "Started" }
            let mark = await rig.mark()
            let reset = try await rig.csms.perform(action: "Reset", arguments: ["type": "Immediate", "evseId": 1])
            #expect(reset.text("status") == "Accepted")
            let ended = try await rig.expect("TransactionEvent", after: mark) { $0.text("eventType") == "Ended" }
            #expect(ended.payload.text("triggerReason") == "ResetCommand")
            #expect(ended.payload["transactionInfo"]?.text("chargingState") == "EVConnected")
            #expect(ended.payload["transactionInfo"]?.text("stoppedReason") == "ImmediateReset")
        }
    }

    @Test("A stored network profile is dialled after the reboot that applies the new priority; fall-back after NetworkProfileConnectionAttempts (B10)")
    func networkProfiles() throws {
        func set(_ machine: inout ChargingStationStateMachine, _ variable: String, _ value: String) -> String? {
            let text = #"[2,"s","SetVariables",{"setVariableData":[{"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"\#(variable)"},"attributeValue":"\#(value)"}]}]"#
            return result(machine.frameReceived(text, now: now))?["setVariableResult"]?.arrayValue?.first?["attributeStatus"]?.stringValue
        }
        func migrated(_ defects: Set<Defect> = []) throws -> ChargingStationStateMachine {
            var machine = try accepted { $0.csmsUrl = "ws://csms/ocpp"; $0.defects = defects }
            let profile = #"[2,"n","SetNetworkProfile",{"configurationSlot":2,"connectionData":{"messageTimeout":30,"ocppCsmsUrl":"ws://csms/ocpp-alt","ocppInterface":"Wired0","ocppTransport":"JSON","ocppVersion":"OCPP20","securityProfile":0}}]"#
            #expect(result(machine.frameReceived(profile, now: now))?["status"] == "Accepted")
            #expect(set(&machine, "NetworkProfileConnectionAttempts", "2") == "Accepted")
            #expect(set(&machine, "NetworkConfigurationPriority", "2,1") == "RebootRequired")
            #expect(machine.endpoint == "ws://csms/ocpp", "the new priority waits for the reboot")
            machine.reboot(reason: "RemoteReset", powerLoss: false, now: now)
            return machine
        }
        var machine = try migrated()
        #expect(machine.endpoint == "ws://csms/ocpp-alt")
        _ = machine.connectFailed(now: now)
        #expect(machine.endpoint == "ws://csms/ocpp-alt")
        _ = machine.connectFailed(now: now)
        #expect(machine.endpoint == "ws://csms/ocpp", "two failed attempts: the next profile")
        _ = machine.connectFailed(now: now)
        _ = machine.connectFailed(now: now)
        #expect(machine.endpoint == "ws://csms/ocpp", "the last profile is kept")

        #expect(try migrated([.networkProfileNotStored]).endpoint == "ws://csms/ocpp")
        var stuck = try migrated([.networkProfileNoFallback])
        _ = stuck.connectFailed(now: now)
        _ = stuck.connectFailed(now: now)
        #expect(stuck.endpoint == "ws://csms/ocpp-alt")
    }
}
