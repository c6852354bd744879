import Foundation
import OCPPProtocol
import Testing

@testable import ReferenceDevices

/// Block B behaviour of the 2.0.1 station as a value: what the B-block cases rely on.
@Suite("Charging Station state machine: provisioning")
struct ProvisioningStateMachineTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    func sentCalls(_ actions: [StationAction]) -> [Frame.Call] {
        actions.compactMap {
            guard case .send(let text) = $0, case .call(let call)? = try? FrameParser(version: .v201).parse(text) else { return nil }
            return call
        }
    }

    func sentResult(_ actions: [StationAction]) -> JSONValue? {
        for case .send(let text) in actions {
            if case .callResult(let r)? = try? FrameParser(version: .v201).parse(text) { return r.payload }
        }
        return nil
    }

    /// A station whose BootNotification the CSMS answered with `status`.
    func booted(_ status: String, defects: Set<Defect> = []) throws -> ChargingStationStateMachine {
        var machine = ChargingStationStateMachine(configuration: ChargingStationConfiguration(defects: defects))
        let boot = try #require(sentCalls(machine.connected(now: now)).first)
        let answer = Frame.callResult(Frame.CallResult(messageId: boot.messageId, payload: ["status": .string(status), "interval": 10, "currentTime": "2024-01-01T00:00:00Z"]))
        _ = machine.frameReceived(answer.text, now: now)
        return machine
    }

    @Test("While Pending, the report the CSMS asked for goes out (B02, TC_B_02_CS); nothing else does")
    func pendingSendsRequestedReport() throws {
        var machine = try booted("Pending")
        let actions = machine.frameReceived(#"[2,"r1","GetBaseReport",{"requestId":5,"reportBase":"FullInventory"}]"#, now: now)
        #expect(sentResult(actions)?["status"] == "Accepted")
        let report = try #require(sentCalls(actions).first)
        #expect(report.action == "NotifyReport")
        #expect(report.payload["requestId"] == 5 && report.payload["seqNo"] == 0)
        let heartbeat = machine.timerFired(.heartbeat, now: now)
        #expect(sentCalls(heartbeat).isEmpty)
    }

    @Test("Seeded defect pendingWithholdsReports: no NotifyReport until Accepted")
    func pendingWithholdsReports() throws {
        var machine = try booted("Pending", defects: [.pendingWithholdsReports])
        let actions = machine.frameReceived(#"[2,"r1","GetBaseReport",{"requestId":5,"reportBase":"FullInventory"}]"#, now: now)
        #expect(sentResult(actions)?["status"] == "Accepted")
        #expect(sentCalls(actions).isEmpty)
    }

    @Test("SummaryInventory is not offered: NotSupported and no report (B07.FR.02, TC_B_15_CS)")
    func summaryInventoryNotSupported() throws {
        var machine = try booted("Accepted")
        _ = machine.take()
        let actions = machine.frameReceived(#"[2,"r1","GetBaseReport",{"requestId":6,"reportBase":"SummaryInventory"}]"#, now: now)
        #expect(sentResult(actions)?["status"] == "NotSupported")
        #expect(!sentCalls(actions).contains { $0.action == "NotifyReport" })
    }

    @Test("SetVariables checks values against the data type (B05.FR.07, TC_B_11_CS); MessageTimeout is read-only (TC_B_39_CS)")
    func setVariablesValidation() throws {
        var machine = try booted("Accepted")
        func set(_ component: String, _ variable: String, _ value: String, instance: String? = nil) -> String? {
            let variableJSON = instance.map { #"{"name":"\#(variable)","instance":"\#($0)"}"# } ?? #"{"name":"\#(variable)"}"#
            let text = #"[2,"s","SetVariables",{"setVariableData":[{"component":{"name":"\#(component)"},"variable":\#(variableJSON),"attributeValue":"\#(value)"}]}]"#
            return sentResult(machine.frameReceived(text, now: now))?["setVariableResult"]?.arrayValue?.first?["attributeStatus"]?.stringValue
        }
        #expect(set("OCPPCommCtrlr", "OfflineThreshold", "300") == "Accepted")
        #expect(set("OCPPCommCtrlr", "OfflineThreshold", "300.1") == "Rejected")
        #expect(set("AuthCtrlr", "AuthorizeRemoteStart", "abc") == "Rejected")
        #expect(set("ClockCtrlr", "NextTimeOffsetTransitionDateTime", "2024-01-01T00:00:00Z") == "Accepted")
        #expect(set("ClockCtrlr", "NextTimeOffsetTransitionDateTime", "true") == "Rejected")
        #expect(set("SmartChargingCtrlr", "LimitChangeSignificance", "0.1") == "UnknownComponent")
        #expect(set("OCPPCommCtrlr", "MessageTimeout", "30", instance: "Default") == "Rejected")
    }
}
