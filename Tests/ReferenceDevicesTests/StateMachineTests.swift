import Foundation
import OCPPProtocol
import Testing

@testable import ReferenceDevices

@Suite("Charging Station state machine as a value")
struct StateMachineTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    func sentCalls(_ actions: [StationAction]) -> [Frame.Call] {
        actions.compactMap {
            guard case .send(let text) = $0, case .call(let call)? = try? FrameParser(version: .v201).parse(text) else { return nil }
            return call
        }
    }

    @Test("Power on dials; connecting sends BootNotification and arms the call timeout")
    func boot() throws {
        var machine = ChargingStationStateMachine(configuration: ChargingStationConfiguration())
        #expect(machine.powerOn() == [.connect])
        let actions = machine.connected(now: now)
        let boot = try #require(sentCalls(actions).first)
        #expect(boot.action == "BootNotification")
        #expect(actions.contains(.startTimer(.callTimeout, after: .seconds(30))))
        let answer = Frame.callResult(Frame.CallResult(messageId: boot.messageId, payload: ["status": "Accepted", "interval": 15, "currentTime": "2024-01-01T00:00:00Z"]))
        let next = machine.frameReceived(answer.text, now: now)
        #expect(next.contains(.startTimer(.heartbeat, after: .seconds(15))))
        #expect(sentCalls(next).map(\.action) == ["StatusNotification"])
        #expect(machine.registration == .accepted)
    }

    @Test("A CALL with an unknown action gets NotImplemented; one breaking its schema gets a constraint error")
    func callErrors() throws {
        var machine = ChargingStationStateMachine(configuration: ChargingStationConfiguration())
        _ = machine.connected(now: now)
        let unknown = machine.frameReceived(#"[2,"1","Fly",{}]"#, now: now)
        #expect(unknown == [.send(#"[4,"1","NotImplemented","\"Fly\" is not an action of OCPP 2.0.1",{}]"#)])
        let invalid = machine.frameReceived(#"[2,"2","Reset",{"type":"Hard"}]"#, now: now)
        guard case .send(let text)? = invalid.first, case .callError(let e) = try FrameParser(version: .v201).parse(text) else {
            Issue.record("expected a CALLERROR, got \(invalid)")
            return
        }
        #expect(e.errorCode == "PropertyConstraintViolation")
    }
}
