import Foundation
import OCPPProtocol
import Testing

@testable import ReferenceDevices

/// Block C behaviour of the 2.0.1 station as a value: the Authorization Cache (C10, C12) and
/// StopTxOnInvalidId / MaxEnergyOnInvalidId, which the C-block cases rely on.
@Suite("Charging Station state machine: authorization cache")
struct AuthorizationCacheStateMachineTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    func calls(_ actions: [StationAction]) -> [Frame.Call] {
        actions.compactMap {
            guard case .send(let text) = $0, case .call(let call)? = try? FrameParser(version: .v201).parse(text) else { return nil }
            return call
        }
    }

    /// Answers every CALL the station sends (one at a time, as OCPP-J has it) until it is quiet;
    /// returns them in order.
    func drain(_ machine: inout ChargingStationStateMachine, _ actions: [StationAction], answer: (Frame.Call) -> JSONValue = { _ in [:] }) -> [Frame.Call] {
        var seen: [Frame.Call] = []
        var pending = calls(actions)
        while let call = pending.first {
            pending.removeFirst()
            seen.append(call)
            let reply = Frame.callResult(Frame.CallResult(messageId: call.messageId, payload: answer(call)))
            pending += calls(machine.frameReceived(reply.text, now: now))
        }
        return seen
    }

    func station(_ defects: Set<Defect> = [], settings: [(String, String, String)]) throws -> ChargingStationStateMachine {
        var configuration = ChargingStationConfiguration(defects: defects)
        configuration.evses = [1, 1]
        var machine = ChargingStationStateMachine(configuration: configuration)
        _ = drain(&machine, machine.connected(now: now)) { call in
            call.action == "BootNotification" ? ["status": "Accepted", "interval": 10, "currentTime": "2024-01-01T00:00:00Z"] : [:]
        }
        for (component, variable, value) in settings {
            let text = #"[2,"s-\#(variable)","SetVariables",{"setVariableData":[{"component":{"name":"\#(component)"},"variable":{"name":"\#(variable)"},"attributeValue":"\#(value)"}]}]"#
            _ = drain(&machine, machine.frameReceived(text, now: now))
        }
        return machine
    }

    /// Presents the invalid idToken twice: once to cache it as Invalid, then again; returns the
    /// CALLs of the second time.
    func presentCachedInvalid(_ defects: Set<Defect>, disablePostAuthorize: Bool) throws -> [Frame.Call] {
        var machine = try station(defects, settings: [("AuthCacheCtrlr", "DisablePostAuthorize", String(disablePostAuthorize))])
        let token = IdToken("INVALID001")
        let first = drain(&machine, try machine.presentIdToken(token, evse: 1, now: now).0) { call in
            call.action == "Authorize" ? ["idTokenInfo": ["status": "Invalid"]] : [:]
        }
        #expect(first.contains { $0.action == "Authorize" })
        return drain(&machine, try machine.presentIdToken(token, evse: 1, now: now).0)
    }

    @Test("A cached idToken that is not Accepted is checked with the CSMS (C12.FR.05, TC_C_09_CS) unless DisablePostAuthorize is true (TC_C_57_CS)")
    func postAuthorize() throws {
        #expect(try presentCachedInvalid([], disablePostAuthorize: false).contains { $0.action == "Authorize" })
        #expect(try presentCachedInvalid([], disablePostAuthorize: true).isEmpty)
        #expect(try presentCachedInvalid([.cachedRejectionTrusted], disablePostAuthorize: false).isEmpty)
        #expect(try presentCachedInvalid([.postAuthorizeDespiteDisabled], disablePostAuthorize: true).contains { $0.action == "Authorize" })
    }

    /// Plugs in, presents the valid idToken (Accepted by Authorize) and answers the TransactionEvent
    /// that carries it with Invalid; returns the TransactionEvents after that answer.
    func invalidAfterStart(_ defects: Set<Defect> = [], maxEnergy: String) throws -> [Frame.Call] {
        var machine = try station(defects, settings: [("TxCtrlr", "StopTxOnInvalidId", "false"), ("TxCtrlr", "MaxEnergyOnInvalidId", maxEnergy)])
        _ = drain(&machine, try machine.plugIn(evse: 1, connector: 1, now: now).0)
        let sent = drain(&machine, try machine.presentIdToken(IdToken("VALID001"), evse: 1, now: now).0) { call in
            if call.action == "Authorize" { return ["idTokenInfo": ["status": "Accepted"]] }
            if call.action == "TransactionEvent", call.payload["idToken"] != nil { return ["idTokenInfo": ["status": "Invalid"]] }
            return [:]
        }
        let answered = try #require(sent.firstIndex { $0.action == "TransactionEvent" && $0.payload["idToken"] != nil })
        return sent[(answered + 1)...].filter { $0.action == "TransactionEvent" }
    }

    @Test("StopTxOnInvalidId false, MaxEnergyOnInvalidId 0: the transaction goes on, SuspendedEVSE (TC_C_17_CS)")
    func invalidSuspends() throws {
        let events = try invalidAfterStart(maxEnergy: "0")
        #expect(events.contains { $0.payload["transactionInfo"]?.text("chargingState") == "SuspendedEVSE" })
        #expect(!events.contains { $0.payload.text("eventType") == "Ended" })
        let defective = try invalidAfterStart([.invalidIdEnergyNotLimited], maxEnergy: "0")
        #expect(!defective.contains { $0.payload["transactionInfo"]?.text("chargingState") == "SuspendedEVSE" })
    }

    @Test("StopTxOnInvalidId false, MaxEnergyOnInvalidId above what was delivered: energy keeps flowing (TC_C_15_CS)")
    func invalidWithinMaxEnergy() throws {
        #expect(try invalidAfterStart(maxEnergy: "10000").allSatisfy { $0.payload["transactionInfo"]?.text("chargingState") != "SuspendedEVSE" })
        #expect(try invalidAfterStart([.maxEnergyOnInvalidIdIgnored], maxEnergy: "10000").contains { $0.payload["transactionInfo"]?.text("chargingState") == "SuspendedEVSE" })
    }

    /// Caches the Master Pass idToken (group MASTERGROUP), starts a transaction with the valid
    /// idToken and presents the Master Pass; returns the CALLs of that last presentation.
    func masterPass(_ defects: Set<Defect> = []) throws -> [Frame.Call] {
        var machine = try station(defects, settings: [("AuthCtrlr", "MasterPassGroupId", "MASTERGROUP"), ("AuthCtrlr", "LocalPreAuthorize", "true")])
        let master = IdToken("MASTERPASS001")
        _ = drain(&machine, try machine.presentIdToken(master, evse: 2, now: now).0) { call in
            call.action == "Authorize" ? ["idTokenInfo": ["status": "Accepted", "groupIdToken": ["idToken": "MASTERGROUP", "type": "Central"]]] : [:]
        }
        _ = drain(&machine, try machine.plugIn(evse: 1, connector: 1, now: now).0)
        _ = drain(&machine, try machine.presentIdToken(IdToken("VALID001"), evse: 1, now: now).0) { call in
            call.action == "Authorize" ? ["idTokenInfo": ["status": "Accepted"]] : [:]
        }
        return drain(&machine, try machine.presentIdToken(master, evse: 1, now: now).0)
    }

    @Test("A cached Master Pass idToken ends the transaction without Authorize, stoppedReason MasterPass (TC_C_14_CS)")
    func masterPassFromCache() throws {
        let calls = try masterPass()
        #expect(!calls.contains { $0.action == "Authorize" })
        let ended = try #require(calls.first { $0.action == "TransactionEvent" && $0.payload.text("eventType") == "Ended" })
        #expect(ended.payload.text("triggerReason") == "StopAuthorized")
        #expect(ended.payload["transactionInfo"]?.text("stoppedReason") == "MasterPass")
        #expect(try masterPass([.masterPassNotRecognized]).contains { $0.action == "Authorize" })
    }
}
