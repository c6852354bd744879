import Testing
@testable import ConformanceKit
import OCPPProtocol

/// Engine behaviour the 1.6 cases rely on: `when` on members of an unordered group, and a send
/// step that accepts either a CALLRESULT (expectReply) or a CALLERROR (expectCallError).
@Suite("Step engine: 1.6 case needs")
struct CaseMachine16Tests {
    func status(_ id: String, connector: Int) -> String {
        #"[2,"\#(id)","StatusNotification",{"timestamp":"2026-01-01T00:00:00Z","connectorStatus":"Available","evseId":\#(connector),"connectorId":1}]"#
    }

    @Test func unorderedMemberWhoseWhenFailsIsNotAwaited() throws {
        var d = Driver(try Fixture.machine("""
            steps:
              - unordered:
                  - forEach: evses
                    receive: StatusNotification
                    when: "{{item.id}} != 1"
                    match: { evseId: "{{item.id}}" }
            """, profile: testProfile(evses: [.init(id: 1, connectors: [1]), .init(id: 2, connectors: [1])])))
        d.start()
        d.dut(status("s2", connector: 2), at: 1)
        #expect(d.verdict?.kind == .pass)
    }

    @Test("A message of an awaited action that matches no member fails with what did not match")
    func groupMismatchSaysWhatDiffered() throws {
        var d = Driver(try Fixture.machine("""
            background: { strict: [StatusNotification] }
            steps:
              - unordered:
                  - forEach: evses
                    receive: StatusNotification
                    match: { evseId: "{{item.id}}", connectorStatus: Occupied }
            """, profile: testProfile(evses: [.init(id: 1, connectors: [1]), .init(id: 2, connectors: [1])])))
        d.start()
        d.dut(status("s1", connector: 1), at: 1)
        #expect(d.verdict?.kind == .fail)
        #expect(d.verdict?.reason.hasPrefix("StatusNotification matches nothing the step awaits: /connectorStatus: expected \"Occupied\", found \"Available\"") == true, "\(d.verdict?.reason ?? "")")
    }

    @Test func expectReplyAndExpectCallErrorAcceptEither() throws {
        let text = """
            steps:
              - send: Reset
                payload: { type: Immediate }
                expectReply: { status: Rejected }
                expectCallError: NotSupported
            """
        var result = Driver(try Fixture.machine(text))
        result.start()
        let id = try #require(result.lastCallId)
        result.dut(#"[3,"\#(id)",{"status":"Rejected"}]"#, at: 1)
        #expect(result.verdict?.kind == .pass)

        var error = Driver(try Fixture.machine(text))
        error.start()
        let id2 = try #require(error.lastCallId)
        error.dut(#"[4,"\#(id2)","NotSupported","",{}]"#, at: 1)
        #expect(error.verdict?.kind == .pass)

        var wrong = Driver(try Fixture.machine(text))
        wrong.start()
        let id3 = try #require(wrong.lastCallId)
        wrong.dut(#"[3,"\#(id3)",{"status":"Accepted"}]"#, at: 1)
        #expect(wrong.verdict?.kind == .fail)
    }
}
