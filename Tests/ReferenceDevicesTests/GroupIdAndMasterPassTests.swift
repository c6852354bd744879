import Foundation
import OCPPProtocol
import Testing

@testable import ReferenceDevices

/// The 2.0.1 station's authorization cache lifetime, GroupId stops and Master Pass, driven as a value.
@Suite("Reference station: cache lifetime, GroupId, Master Pass (C09, C10, C16)")
struct GroupIdAndMasterPassTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    func calls(_ actions: [StationAction]) -> [Frame.Call] {
        actions.compactMap {
            guard case .send(let text) = $0, case .call(let call)? = try? FrameParser(version: .v201).parse(text) else { return nil }
            return call
        }
    }

    /// Answers every CALL the station sends (and the ones that follow) until it is quiet; returns them all.
    func drive(_ machine: inout ChargingStationStateMachine, _ actions: [StationAction], at time: Date, answer: (Frame.Call) -> JSONValue) -> [Frame.Call] {
        var pending = calls(actions)
        var all: [Frame.Call] = []
        while !pending.isEmpty {
            let call = pending.removeFirst()
            all.append(call)
            let result = Frame.callResult(Frame.CallResult(messageId: call.messageId, payload: answer(call)))
            pending += calls(machine.frameReceived(result.text, now: time))
        }
        return all
    }

    static func standard(_ call: Frame.Call) -> JSONValue {
        switch call.action {
        case "BootNotification": ["status": "Accepted", "interval": 60, "currentTime": "2024-01-01T00:00:00Z"]
        case "Authorize": ["idTokenInfo": ["status": "Accepted", "groupIdToken": ["idToken": "GROUP001", "type": "Central"]]]
        default: .object(JSONObject())
        }
    }

    static func master(_ call: Frame.Call) -> JSONValue {
        call.action == "Authorize" ? ["idTokenInfo": ["status": "Accepted", "groupIdToken": ["idToken": "MASTERGROUP", "type": "Central"]]] : standard(call)
    }

    /// A booted station with two EVSEs whose CSMS set these variables.
    func booted(_ variables: [(String, String, String)], defects: Set<Defect> = [], ui: Bool = false) -> ChargingStationStateMachine {
        var c = ChargingStationConfiguration(version: .v201, defects: defects)
        c.evses = [1, 1]
        c.masterPassUI = ui
        var machine = ChargingStationStateMachine(configuration: c)
        _ = machine.powerOn()
        _ = drive(&machine, machine.connected(now: now), at: now, answer: Self.standard)
        for (component, variable, value) in variables {
            let set: JSONValue = ["setVariableData": [["component": ["name": .string(component)], "variable": ["name": .string(variable)], "attributeValue": .string(value)]]]
            _ = machine.frameReceived(Frame.call(Frame.Call(messageId: "\(component).\(variable)", action: "SetVariables", payload: set)).text, now: now)
        }
        return machine
    }

    /// Both EVSEs charging, started with VALID001 and VALID002.
    func charging(_ machine: inout ChargingStationStateMachine) throws {
        for (evse, token) in [(1, "VALID001"), (2, "VALID002")] {
            _ = drive(&machine, try machine.plugIn(evse: evse, connector: 1, now: now).0, at: now, answer: Self.standard)
            _ = drive(&machine, try machine.presentIdToken(IdToken(token), evse: evse, now: now).0, at: now, answer: Self.standard)
        }
        #expect(machine.evses.allSatisfy { $0.transaction != nil })
    }

    func stoppedReasons(_ sent: [Frame.Call]) -> [String] {
        sent.filter { $0.action == "TransactionEvent" && $0.payload.text("eventType") == "Ended" }.compactMap { $0.payload["transactionInfo"]?.text("stoppedReason") }
    }

    @Test("Without a UI a Master Pass stops every transaction with reason MasterPass (C16.FR.02)")
    func masterPassWithoutUI() throws {
        var machine = booted([("AuthCtrlr", "MasterPassGroupId", "MASTERGROUP")])
        try charging(&machine)
        let sent = drive(&machine, try machine.presentIdToken(IdToken("MASTER001"), evse: 1, now: now).0, at: now, answer: Self.master)
        #expect(stoppedReasons(sent) == ["MasterPass", "MasterPass"])
    }

    @Test("With a UI the Master Pass holder's choice decides which transaction stops (C16.FR.01)")
    func masterPassWithUI() throws {
        var machine = booted([("AuthCtrlr", "MasterPassGroupId", "MASTERGROUP")], ui: true)
        try charging(&machine)
        let asked = drive(&machine, try machine.presentIdToken(IdToken("MASTER001"), evse: 1, now: now).0, at: now, answer: Self.master)
        #expect(stoppedReasons(asked).isEmpty)
        let sent = drive(&machine, try machine.masterPassSelect(evse: 2, now: now).0, at: now, answer: Self.master)
        #expect(stoppedReasons(sent) == ["MasterPass"])
        #expect(machine.evses[0].transaction != nil && machine.evses[1].transaction == nil)
    }

    @Test("A Master Pass never starts a transaction (C16.FR.03); the seeded defect does")
    func masterPassDoesNotStart() throws {
        for (defects, starts) in [([] as Set<Defect>, false), ([.masterPassStartsTransaction], true)] {
            var machine = booted([("AuthCtrlr", "MasterPassGroupId", "MASTERGROUP")], defects: defects)
            _ = drive(&machine, try machine.presentIdToken(IdToken("MASTER001"), evse: 1, now: now).0, at: now, answer: Self.master)
            let sent = drive(&machine, try machine.plugIn(evse: 1, connector: 1, now: now).0, at: now, answer: Self.master)
            #expect(sent.contains { $0.action == "TransactionEvent" } == starts)
        }
    }

    @Test("Another idToken of the group, known Accepted in the cache, stops without an AuthorizeRequest (C09.FR.07)")
    func groupStopFromCache() throws {
        var machine = booted([("AuthCtrlr", "LocalPreAuthorize", "true")])
        _ = drive(&machine, try machine.presentIdToken(IdToken("VALID002"), evse: 2, now: now).0, at: now, answer: Self.standard)
        _ = machine.timerFired(.evConnectionTimeout(evse: 2), now: now.addingTimeInterval(61))
        _ = drive(&machine, try machine.plugIn(evse: 1, connector: 1, now: now).0, at: now, answer: Self.standard)
        _ = drive(&machine, try machine.presentIdToken(IdToken("VALID001"), evse: 1, now: now).0, at: now, answer: Self.standard)
        let sent = drive(&machine, try machine.presentIdToken(IdToken("VALID002"), evse: 1, now: now).0, at: now, answer: Self.standard)
        #expect(!sent.contains { $0.action == "Authorize" })
        #expect(sent.contains { $0.action == "TransactionEvent" && $0.payload.text("triggerReason") == "StopAuthorized" })
    }

    @Test("A cached idToken unused for longer than AuthCacheCtrlr.LifeTime is asked for again (C10.FR.08)")
    func cacheLifeTime() throws {
        var machine = booted([("AuthCtrlr", "LocalPreAuthorize", "true"), ("AuthCacheCtrlr", "LifeTime", "10")])
        _ = drive(&machine, try machine.presentIdToken(IdToken("VALID001"), evse: 1, now: now).0, at: now, answer: Self.standard)
        let soon = now.addingTimeInterval(5)
        let fresh = drive(&machine, try machine.presentIdToken(IdToken("VALID001"), evse: 2, now: soon).0, at: soon, answer: Self.standard)
        #expect(!fresh.contains { $0.action == "Authorize" })
        _ = machine.timerFired(.evConnectionTimeout(evse: 2), now: soon.addingTimeInterval(61))
        let late = soon.addingTimeInterval(11)
        let stale = drive(&machine, try machine.presentIdToken(IdToken("VALID001"), evse: 2, now: late).0, at: late, answer: Self.standard)
        #expect(stale.contains { $0.action == "Authorize" })
    }
}
