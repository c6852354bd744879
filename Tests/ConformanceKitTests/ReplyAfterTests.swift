import Testing
@testable import ConformanceKit
import OCPPProtocol

/// `replyAfter`: the harness holds its answer while the case goes on, and OCPP-J's
/// one-outstanding-CALL rule is checked against the DUT meanwhile.
@Suite("Step engine: held answers (replyAfter)")
struct ReplyAfterTests {
    let body = """
        steps:
          - receive: TriggerMessage
            reply: { status: Accepted }
            replyAfter: 2s
          - receive: GetVariables
            within: 10s
            reply: { getVariableResult: [ { attributeStatus: Accepted, component: { name: OCPPCommCtrlr }, variable: { name: OfflineThreshold }, attributeValue: "60" } ] }
        """

    func trigger(_ id: String) -> String { #"[2,"\#(id)","TriggerMessage",{"requestedMessage":"Heartbeat"}]"# }
    func getVariables(_ id: String) -> String {
        #"[2,"\#(id)","GetVariables",{"getVariableData":[{"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"OfflineThreshold"}}]}]"#
    }

    @Test func answerIsSentWhenDueAndTheNextCallThenPasses() throws {
        var d = Driver(try Fixture.machine(body, id: "TC_X_01_CSMS", profile: testProfile(role: .csms)))
        d.start()
        d.dut(trigger("t1"), at: 0.1)
        #expect(d.sent.isEmpty, "the answer is held")
        #expect(d.machine.nextDeadline == .milliseconds(2100))
        d.advance(to: 2.1)
        #expect(d.sent.count == 1 && d.sent[0].contains("\"t1\"") && d.sent[0].contains("Accepted"))
        d.dut(getVariables("g1"), at: 2.5)
        #expect(d.verdict?.kind == .pass)
    }

    @Test func aCallWhileTheAnswerIsHeldBreaksOneOutstandingCall() throws {
        var d = Driver(try Fixture.machine(body, id: "TC_X_01_CSMS", profile: testProfile(role: .csms)))
        d.start()
        d.dut(trigger("t1"), at: 0.1)
        d.dut(getVariables("g1"), at: 0.5)
        #expect(d.verdict?.kind == .fail)
        #expect(d.verdict?.reason.contains("still unanswered") == true)
        // The DUT is not left waiting: the held answer goes out when the case ends.
        #expect(d.sent.contains { $0.contains("\"t1\"") })
    }

    @Test func lintKnowsTheKey() throws {
        _ = try Fixture.machine("""
            steps:
              - receive: Heartbeat
                replyAfter: "{{config.heartbeatInterval}}s"
            """)
    }
}
