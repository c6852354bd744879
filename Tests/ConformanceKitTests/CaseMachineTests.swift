import Foundation
import Testing
@testable import ConformanceKit
@testable import OCPPProtocol
import OCPPTransport

@Suite("Step engine: receive")
struct ReceiveStepTests {
    let boot = """
        steps:
          - receive: BootNotification
            match: { reason: PowerUp }
            within: 30s
            reply: { status: Accepted, currentTime: "{{now}}", interval: "{{config.heartbeatInterval}}" }
            requirements: [B01.FR.01]
        """

    @Test func matchingMessageIsAnsweredAndPasses() throws {
        var d = Driver(try Fixture.machine(boot))
        d.start()
        d.dut(bootRequest, at: 2)
        #expect(d.verdict?.kind == .pass)
        let reply = try #require(d.lastSent)
        #expect(reply.arrayValue?[0] == 3)
        #expect(reply.arrayValue?[1] == "b1")
        #expect(reply.arrayValue?[2]["status"] == "Accepted")
        #expect(reply.arrayValue?[2]["interval"] == 10, "a lone {{…}} keeps the value's type")
    }

    @Test func mismatchFailsWithPointerExpectedAndActual() throws {
        var d = Driver(try Fixture.machine(boot))
        d.start()
        d.dut(#"[2,"b1","BootNotification",{"reason":"LocalReset","chargingStation":{"model":"M","vendorName":"V"}}]"#, at: 1)
        let v = try #require(d.verdict)
        #expect(v.kind == .fail)
        #expect(v.reason == #"BootNotification does not match step 1: /reason: expected "PowerUp", found "LocalReset""#)
        #expect(v.requirements == ["B01.FR.01"])
        #expect(v.step?.number == 1)
        #expect(v.headline.hasPrefix("B01.FR.01: step 1 (receive BootNotification): "))
        #expect(v.offendingFrame?.contains("LocalReset") == true)
    }

    @Test func deadlineHitFailsExactlyAtTheDeadline() throws {
        var d = Driver(try Fixture.machine(boot))
        d.start()
        #expect(d.machine.nextDeadline == .seconds(30))
        d.advance(to: 29.999)
        #expect(d.verdict == nil)
        d.advance(to: 30)
        let v = try #require(d.verdict)
        #expect(v.kind == .fail)
        #expect(v.reason == "no BootNotification matching {\"reason\":\"PowerUp\"} within 30 s")
    }

    @Test func tooEarlyFails() throws {
        var d = Driver(try Fixture.machine("""
            steps:
              - receive: Heartbeat
                after: "{{config.heartbeatInterval}}s - {{config.timeDeviation}}s"
                within: "{{config.heartbeatInterval}}s + {{config.timeDeviation}}s"
            """))
        d.start()
        d.dut(#"[2,"h1","Heartbeat",{}]"#, at: 8.5)
        let v = try #require(d.verdict)
        #expect(v.kind == .fail)
        #expect(v.reason == "Heartbeat arrived 8.500 s after the step began, earlier than the allowed 9 s")
    }

    @Test func intervalDriftIsCaughtAtTheUpperBound() throws {
        var d = Driver(try Fixture.machine("""
            steps:
              - receive: Heartbeat
                after: "{{config.heartbeatInterval}}s - {{config.timeDeviation}}s"
                within: "{{config.heartbeatInterval}}s + {{config.timeDeviation}}s"
              - receive: Heartbeat
                after: "{{config.heartbeatInterval}}s - {{config.timeDeviation}}s"
                within: "{{config.heartbeatInterval}}s + {{config.timeDeviation}}s"
            """))
        d.start()
        d.dut(#"[2,"h1","Heartbeat",{}]"#, at: 10)
        #expect(d.verdict == nil)
        #expect(d.machine.nextDeadline == .seconds(21), "the second window starts when the first heartbeat came")
        d.advance(to: 21)
        #expect(d.verdict?.kind == .fail)
        #expect(d.verdict?.reason == "no Heartbeat within 11 s")
    }

    @Test func toleratedBackgroundMessagesAreAnsweredAndRecorded() throws {
        var d = Driver(try Fixture.machine(boot))
        d.start()
        d.dut(#"[2,"h1","Heartbeat",{}]"#, at: 1)
        #expect(d.verdict == nil)
        #expect(d.lastSent?.arrayValue?[2]["currentTime"]?.stringValue?.hasPrefix("2023-11-14T22:13:2") == true)
        d.dut(bootRequest, at: 2)
        #expect(d.verdict?.kind == .pass)
        #expect(d.machine.received.map(\.action) == ["Heartbeat", "BootNotification"])
    }

    @Test func unexpectedCallFails() throws {
        var d = Driver(try Fixture.machine(boot))
        d.start()
        d.dut(#"[2,"t1","Authorize",{"idToken":{"idToken":"A","type":"ISO14443"}}]"#, at: 1)
        #expect(d.verdict?.kind == .fail)
        #expect(d.verdict?.reason == #"unexpected Authorize from the DUT while waiting for BootNotification matching {"reason":"PowerUp"}"#)
    }

    @Test func schemaViolationFailsWithPointerAndIsAnsweredWithTheRightCode() throws {
        var d = Driver(try Fixture.machine(boot))
        d.start()
        d.dut(#"[2,"b1","BootNotification",{"reason":"PowerUp","chargingStation":{"model":"M","vendorName":null}}]"#, at: 1)
        #expect(d.verdict?.kind == .fail)
        #expect(d.verdict?.reason == "BootNotification from the DUT breaks its schema: /chargingStation/vendorName: expected string, found null (an absent optional field must be left out, not set to null)")
        #expect(d.lastSent?.arrayValue?[2] == "TypeConstraintViolation")
    }

    @Test func malformedFrameFailsAndIsAnsweredWithMinusOne() throws {
        var d = Driver(try Fixture.machine(boot))
        d.start()
        d.dut(#"[2,"b1","BootNotification",{"#, at: 1)
        #expect(d.verdict?.kind == .fail)
        #expect(d.verdict?.reason.hasPrefix("the DUT sent a malformed frame: the frame is not valid JSON") == true)
        #expect(d.lastSent?.arrayValue?[1] == "-1")
        #expect(d.lastSent?.arrayValue?[2] == "RpcFrameworkError")
    }

    @Test func unknownActionIsNamedAsSuchAndAnsweredNotImplemented() throws {
        var d = Driver(try Fixture.machine(boot))
        d.start()
        d.dut(#"[2,"u1","CustomOperation",{}]"#, at: 1)
        #expect(d.verdict?.kind == .fail)
        #expect(d.verdict?.reason == "the DUT sent unknown action CustomOperation (answered NotImplemented): it is not an action of OCPP 2.0.1")
        #expect(d.lastSent?.arrayValue?[1] == "u1")
        #expect(d.lastSent?.arrayValue?[2] == "NotImplemented")
    }

    @Test func reusedMessageIdFails() throws {
        var d = Driver(try Fixture.machine(boot))
        d.start()
        d.dut(#"[2,"x","Heartbeat",{}]"#, at: 1)
        d.dut(#"[2,"x","Heartbeat",{}]"#, at: 2)
        #expect(d.verdict?.reason == #"the DUT reused message id "x" on the same connection"#)
    }

    @Test func secondCallWhileFirstIsUnansweredFails() throws {
        var d = Driver(try Fixture.machine("""
            steps:
              - receive: Heartbeat
                reply: none
              - receive: Heartbeat
            """))
        d.start()
        d.dut(#"[2,"h1","Heartbeat",{}]"#, at: 1)
        d.dut(#"[2,"h2","Heartbeat",{}]"#, at: 2)
        #expect(d.verdict?.reason == "the DUT sent a CALL (Heartbeat, id h2) while its CALL h1 was still unanswered")
    }

    @Test func callAfterTheWithheldAnswerTimedOutIsAllowed() throws {
        var d = Driver(try Fixture.machine("""
            steps:
              - receive: Heartbeat
                reply: none
              - receive: Heartbeat
                within: 60s
            """))
        d.start()
        d.dut(#"[2,"h1","Heartbeat",{}]"#, at: 1)
        d.dut(#"[2,"h2","Heartbeat",{}]"#, at: 31)  // the message timeout (5 s) has passed: a retry
        #expect(d.verdict?.kind == .pass)
    }

    /// A station whose OCPPCommCtrlr.MessageTimeout (read by the case) is shorter than the profile's
    /// gives its unanswered CALL up after its own timeout and may send the next one (issue 29 8a).
    @Test func callAfterTheStationsOwnShorterMessageTimeoutIsAllowed() throws {
        func run(secondAt: Double) throws -> Verdict? {
            var d = Driver(try Fixture.machine("""
                steps:
                  - send: GetVariables
                    payload: { getVariableData: [ { component: { name: OCPPCommCtrlr }, variable: { name: MessageTimeout, instance: Default } } ] }
                    capture: { dutMessageTimeout: /getVariableResult/0/attributeValue }
                  - receive: Heartbeat
                    reply: none
                  - receive: Heartbeat
                    within: 60s
                """))
            d.start()
            d.dut(#"[3,"\#(d.lastCallId!)",{"getVariableResult":[{"attributeStatus":"Accepted","attributeValue":"2","component":{"name":"OCPPCommCtrlr"},"variable":{"name":"MessageTimeout","instance":"Default"}}]}]"#, at: 1)
            d.dut(#"[2,"h1","Heartbeat",{}]"#, at: 2)
            d.dut(#"[2,"h2","Heartbeat",{}]"#, at: secondAt)
            return d.verdict
        }
        // 3 s after the first: past the station's 2 s, within the profile's 5 s.
        #expect(try run(secondAt: 5)?.kind == .pass)
        // 1 s after the first: within the station's own timeout too.
        #expect(try run(secondAt: 3)?.reason == "the DUT sent a CALL (Heartbeat, id h2) while its CALL h1 was still unanswered")
    }

    @Test func callOfTheWrongDirectionFails() throws {
        var d = Driver(try Fixture.machine(boot))
        d.start()
        d.dut(#"[2,"r1","Reset",{"type":"Immediate"}]"#, at: 1)
        #expect(d.verdict?.reason == "the DUT sent Reset, which only a CSMS may send")
    }

    @Test func optionalStepIsSkippedWhenTheNextComes() throws {
        var d = Driver(try Fixture.machine("""
            steps:
              - receive: SecurityEventNotification
                optional: true
              - receive: BootNotification
            """))
        d.start()
        d.dut(bootRequest, at: 1)
        #expect(d.verdict?.kind == .pass)
    }

    @Test func repeatedMessageUntilTheLastPart() throws {
        var d = Driver(try Fixture.machine("""
            steps:
              - receive: NotifyReport
                match: { requestId: 7 }
                until: { tbc: "#optional false" }
                reply: {}
            """))
        d.start()
        let part = { (seq: Int, tbc: Bool) in #"[2,"n\#(seq)","NotifyReport",{"requestId":7,"generatedAt":"2024-01-01T00:00:00Z","seqNo":\#(seq),"tbc":\#(tbc)}]"# }
        d.dut(part(0, true), at: 1)
        d.dut(part(1, true), at: 2)
        #expect(d.verdict == nil)
        d.dut(part(2, false), at: 3)
        #expect(d.verdict?.kind == .pass)
        #expect(d.sent.count == 3)
    }

    /// `background.replyAdditions`: the OCTT's "IF eventType Ended THEN totalCost" rule reaches the
    /// answers of steps and of the background alike, only for matching requests, and leaves a
    /// member the step gives itself alone.
    @Test func replyAdditionsReachMatchingAnswersOnly() throws {
        var d = Driver(try Fixture.machine("""
            steps:
              - receive: TransactionEvent
                match: { eventType: Updated }
                reply: {}
              - receive: TransactionEvent
                match: { eventType: Ended }
                reply: {}
              - receive: TransactionEvent
                match: { eventType: Ended }
                reply: { totalCost: 1.5 }
            background:
              replyAdditions:
                TransactionEvent: { when: { eventType: Ended }, add: { totalCost: 12.34 } }
            """))
        d.start()
        let event = { (id: String, type: String) in
            #"[2,"\#(id)","TransactionEvent",{"eventType":"\#(type)","timestamp":"2024-01-01T00:00:00Z","triggerReason":"Authorized","seqNo":0,"transactionInfo":{"transactionId":"t1"}}]"#
        }
        d.dut(event("u1", "Updated"), at: 1)
        d.dut(event("e1", "Ended"), at: 2)
        d.dut(event("e2", "Ended"), at: 3)
        #expect(d.verdict?.kind == .pass)
        #expect(d.sent == [#"[3,"u1",{}]"#, #"[3,"e1",{"totalCost":12.34}]"#, #"[3,"e2",{"totalCost":1.5}]"#])
    }

    /// `{{nextConnectorId}}`: a connector the DUT does not have, NumberOfConnectors + 1 over all EVSEs.
    @Test func nextConnectorIdIsOneAfterTheLastConnector() throws {
        let profile = testProfile(evses: [.init(id: 1, connectors: [1]), .init(id: 2, connectors: [1, 2])])
        var d = Driver(try Fixture.machine("""
            steps:
              - send: TriggerMessage
                payload: { requestedMessage: MeterValues, evse: { id: 1, connectorId: "{{nextConnectorId}}" } }
                expectReply: { status: Rejected }
            """, profile: profile))
        d.start()
        #expect(d.sent.first?.contains(#""connectorId":4"#) == true, "three connectors: the next one is 4, sent as a number")
    }

    @Test func replyAdditionsNeedMembersToAdd() {
        #expect(throws: (any Error).self) {
            try Fixture.machine("""
                steps:
                  - receive: Heartbeat
                background:
                  replyAdditions:
                    TransactionEvent: { when: { eventType: Ended } }
                """)
        }
    }

    @Test func forbiddenMessageInsideTheWindowFails() throws {
        var d = Driver(try Fixture.machine("""
            steps:
              - label: pending
                receive: BootNotification
                reply: { status: Pending, currentTime: "{{now}}", interval: 10 }
              - label: accepted
                receive: BootNotification
            forbid:
              - receive: any
                except: [BootNotification]
                from: pending
                until: accepted
                requirements: [B02.FR.02]
            """))
        d.start()
        d.dut(#"[2,"h0","Heartbeat",{}]"#, at: 0.5)
        #expect(d.verdict == nil, "before the window opens, a heartbeat is background")
        d.dut(bootRequest, at: 1)
        d.dut(#"[2,"h1","Heartbeat",{}]"#, at: 2)
        #expect(d.verdict?.kind == .fail)
        #expect(d.verdict?.reason == "the DUT sent Heartbeat, which is forbidden between steps pending and accepted")
        #expect(d.verdict?.requirements == ["B02.FR.02"])
    }
}

@Suite("Step engine: groups and alternatives")
struct GroupStepTests {
    let perConnector = """
        steps:
          - forEach: connectors
            order: any
            anyOf:
              - receive: StatusNotification
                match: { connectorStatus: Available, evseId: "{{item.evseId}}", connectorId: "{{item.connectorId}}" }
              - receive: NotifyEvent
                match: { eventData: [ { actualValue: Available, component: { name: Connector, evse: { id: "{{item.evseId}}" } }, variable: { name: AvailabilityState } } ] }
            within: 10s
        """
    let twoEVSEs = testProfile(evses: [.init(id: 1, connectors: [1]), .init(id: 2, connectors: [1])])

    @Test func anyOrderAndEitherMessagePasses() throws {
        var d = Driver(try Fixture.machine(perConnector, profile: twoEVSEs))
        d.start()
        d.dut(#"[2,"e2","NotifyEvent",{"generatedAt":"2024-01-01T00:00:00Z","seqNo":0,"eventData":[{"eventId":1,"timestamp":"2024-01-01T00:00:00Z","trigger":"Delta","actualValue":"Available","eventNotificationType":"HardWiredNotification","component":{"name":"Connector","evse":{"id":2,"connectorId":1}},"variable":{"name":"AvailabilityState"}}]}]"#, at: 1)
        #expect(d.verdict == nil)
        d.dut(status("s1", evse: 1), at: 2)
        #expect(d.verdict?.kind == .pass)
    }

    @Test func missingMemberIsNamedAtTheDeadline() throws {
        var d = Driver(try Fixture.machine(perConnector, profile: twoEVSEs))
        d.start()
        d.dut(status("s1", evse: 1), at: 1)
        d.dut(status("s1b", evse: 1, status: "Unavailable"), at: 2)
        d.advance(to: 10)
        let v = try #require(d.verdict)
        #expect(v.kind == .fail)
        #expect(v.reason.hasPrefix("1 of 2 expected messages did not arrive within 10 s; the closest message did not match: /connectorStatus: expected \"Available\", found \"Unavailable\""))
        #expect(v.expected?.contains(#"for {"evseId":2,"connectorId":1}"#) == true)
    }
}

@Suite("Step engine: send")
struct SendStepTests {
    let send = """
        steps:
          - send: SetVariables
            payload: { setVariableData: [ { component: { name: OCPPCommCtrlr }, variable: { name: OfflineThreshold }, attributeValue: "300" } ] }
            expectReply: { setVariableResult: [ { attributeStatus: Accepted } ] }
            requirements: [B05.FR.01]
        """

    @Test func answeredAsExpectedPasses() throws {
        var d = Driver(try Fixture.machine(send))
        d.start()
        #expect(d.lastSent?.arrayValue?[2] == "SetVariables")
        let id = try #require(d.lastCallId)
        d.dut(#"[3,"\#(id)",{"setVariableResult":[{"attributeStatus":"Accepted","component":{"name":"OCPPCommCtrlr"},"variable":{"name":"OfflineThreshold"}}]}]"#, at: 1)
        #expect(d.verdict?.kind == .pass)
    }

    @Test func wrongAnswerFails() throws {
        var d = Driver(try Fixture.machine(send))
        d.start()
        let id = try #require(d.lastCallId)
        d.dut(#"[3,"\#(id)",{"setVariableResult":[{"attributeStatus":"Rejected","component":{"name":"OCPPCommCtrlr"},"variable":{"name":"OfflineThreshold"}}]}]"#, at: 1)
        #expect(d.verdict?.reason == #"SetVariables response does not match: /setVariableResult/0/attributeStatus: expected "Accepted", found "Rejected""#)
    }

    @Test func callErrorInsteadOfResultFails() throws {
        var d = Driver(try Fixture.machine(send))
        d.start()
        let id = try #require(d.lastCallId)
        d.dut(#"[4,"\#(id)","NotSupported","no",{}]"#, at: 1)
        #expect(d.verdict?.reason == #"the DUT answered SetVariables with CALLERROR NotSupported "no""#)
    }

    @Test func noAnswerWithinTheMessageTimeoutFails() throws {
        var d = Driver(try Fixture.machine(send))
        d.start()
        d.advance(to: 5)
        #expect(d.verdict?.reason == "the DUT did not answer SetVariables within 5 s")
    }

    @Test func answerToAnUnknownIdFails() throws {
        var d = Driver(try Fixture.machine(send))
        d.start()
        d.dut(#"[3,"nope",{}]"#, at: 1)
        #expect(d.verdict?.reason == #"the DUT answered message id "nope", which the harness never sent or was already answered"#)
    }

    @Test(arguments: ["FormatViolation", "FormationViolation"])
    func expectedCallErrorAcceptsBothSpellingsIn201(code: String) throws {
        var d = Driver(try Fixture.machine("""
            steps:
              - send: Reset
                payload: { type: Immediate }
                expectCallError: FormatViolation
            """))
        d.start()
        let id = try #require(d.lastCallId)
        d.dut(#"[4,"\#(id)","\#(code)","",{}]"#, at: 1)
        #expect(d.verdict?.kind == .pass)
    }

    @Test func errorCodeTheVersionDoesNotKnowFails() throws {
        var d = Driver(try Fixture.machine("""
            steps:
              - send: Reset
                payload: { type: Immediate }
                expectCallError: GenericError
            """))
        d.start()
        let id = try #require(d.lastCallId)
        d.dut(#"[4,"\#(id)","Kaputt","",{}]"#, at: 1)
        #expect(d.verdict?.reason == #"the DUT used error code "Kaputt", which OCPP 2.0.1 does not define"#)
    }

    @Test func invalidPayloadInTheCaseIsAnErrorNotAFail() throws {
        var d = Driver(try Fixture.machine("""
            steps:
              - send: Reset
                payload: { type: Now }
            """))
        d.start()
        #expect(d.verdict?.kind == .error)
        #expect(d.verdict?.reason.hasPrefix("the case's Reset payload breaks the schema: /type: \"Now\" is not one of the allowed values") == true)
    }

    @Test func missingInterpolationValueIsAnError() throws {
        var d = Driver(try Fixture.machine("""
            steps:
              - send: Reset
                payload: { type: "{{config.nope}}" }
            """))
        d.start()
        #expect(d.verdict?.kind == .error)
        #expect(d.verdict?.reason.hasPrefix("cannot fill in the template: {{config.nope}}: no value \"nope\" in config") == true)
    }

    @Test func capturesFeedLaterSteps() throws {
        var d = Driver(try Fixture.machine("""
            steps:
              - send: TriggerMessage
                payload: { requestedMessage: Heartbeat }
                capture: { triggered: /status }
              - receive: Heartbeat
                when: "{{triggered}} == Accepted"
            """))
        d.start()
        d.dut(#"[3,"\#(d.lastCallId!)",{"status":"Rejected"}]"#, at: 1)
        #expect(d.verdict?.kind == .pass, "the receive is skipped because the trigger was rejected")
    }
}

@Suite("Step engine: actions, raw frames, connection, checks")
struct OtherStepTests {
    @Test func actionIsPerformedAndTheNextStepRunsAtOnce() throws {
        var d = Driver(try Fixture.machine("""
            steps:
              - action: plugIn
                with: { evse: 1, connector: 1 }
              - receive: StatusNotification
                match: { connectorStatus: Occupied }
            """))
        let out = d.start()
        #expect(out.contains(.perform(id: 1, name: "plugIn", arguments: ["evse": 1, "connector": 1], prompt: "Plug the EV cable into EVSE 1, connector 1.")))
        #expect(d.machine.nextDeadline == .seconds(5))
        let after = d.dut(status("s", status: "Occupied"), at: 1)
        #expect(after.contains(.cancelAction(id: 1)), "the prompt is withdrawn when the awaited message comes")
        #expect(d.verdict?.kind == .pass)
    }

    @Test func theTraceNamesAFinishedActionWithItsArgumentsAtTheStepThatRanIt() throws {
        var d = Driver(try Fixture.machine("""
            steps:
              - action: plugIn
                with: { evse: 1, connector: 1 }
              - receive: StatusNotification
                match: { connectorStatus: Occupied }
              - receive: Heartbeat
            """))
        d.start()
        // The awaited message comes before the driver reports: the action is withdrawn, step 3 runs.
        let after = d.dut(status("s", status: "Occupied"), at: 1)
        #expect(after.contains(.cancelAction(id: 1)))
        d.feed(.actionFinished(id: 1, outcome: .done))
        let done = try #require(d.machine.trace.last { $0.kind == .action })
        #expect(done.text == "plugIn(evse 1, connector 1): done")
        #expect(done.step == 1, "recorded at the action's step, not at step \(done.step.map(String.init) ?? "none")")
    }

    @Test func actionTheHarnessDependsOnCompletesBeforeTheNextSend() throws {
        var d = Driver(try Fixture.machine("""
            id: TC_X_01_CSMS
            steps:
              - action: setBootStatus
                with: { status: Pending }
              - send: BootNotification
                payload: { reason: PowerUp, chargingStation: { model: M, vendorName: V } }
            """.replacingOccurrences(of: "id: TC_X_01_CSMS\n", with: ""), id: "TC_X_01_CSMS"))
        d.start()
        #expect(d.sent.isEmpty, "nothing is sent while the CSMS is being set up")
        d.feed(.actionFinished(id: 1, outcome: .done))
        #expect(d.lastSent?.arrayValue?[2] == "BootNotification")
    }

    @Test func actionBeforeAStepSkippedByWhenStillRunsAlongsideTheReceive() throws {
        var d = Driver(try Fixture.machine("""
            steps:
              - action: reboot
              - send: Reset
                when: "{{config.heartbeatInterval}} == 0"
                payload: { type: Immediate }
              - receive: BootNotification
            """))
        d.start()
        d.dut(bootRequest, at: 1)
        #expect(d.verdict?.kind == .pass)
    }

    /// Looking ahead reads `when` as the step itself does: `&&`, `||` and `contains` too (a step
    /// skipped by `a == b && c !contains d` was once taken for one the harness runs, so the
    /// DUT's reaction to the action was unexpected).
    @Test(arguments: [
        "{{config.heartbeatInterval}} == 10 && {{config.heartbeatInterval}} == 0",
        "{{config.heartbeatInterval}} == 0 || {{config.heartbeatInterval}} != 10",
        "10,20 !contains {{config.heartbeatInterval}}",
    ])
    func actionBeforeAStepSkippedByACompoundWhenRunsAlongsideTheReceive(_ condition: String) throws {
        var d = Driver(try Fixture.machine("""
            steps:
              - action: reboot
              - send: Reset
                when: "\(condition)"
                payload: { type: Immediate }
              - receive: BootNotification
            """))
        d.start()
        d.dut(bootRequest, at: 1)
        #expect(d.verdict?.kind == .pass, "\(d.verdict?.reason ?? "")")
    }

    @Test func whenConditionsReadAlike() {
        let values = ["a": "EVConnected,Authorized", "b": "Authorized", "c": "x"]
        func eval(_ condition: String) -> CaseMachine.WhenOutcome {
            CaseMachine.evaluateWhen(condition) { side in values[side] ?? side }
        }
        #expect(eval("a contains b") == .holds(true))
        #expect(eval("a !contains b") == .holds(false))
        #expect(eval("c == x && a contains EVConnected") == .holds(true))
        #expect(eval("c == y && a contains EVConnected || b == Authorized") == .holds(true))
        #expect(eval("c == y || c != x") == .holds(false))
        #expect(eval("c x") == .malformed(#"when: "c x" must be made of "<a> == <b>", "<a> != <b>", "<a> contains <b>" or "<a> !contains <b>" joined by && or ||"#))
        #expect(eval("c == x == y") == .malformed(#"when: "c == x == y" has a clause with more than one operator: "c == x == y""#))
        #expect(CaseMachine.evaluateWhen("c == x") { _ in nil } == .unresolved)
    }

    @Test func aFalseClauseEndsItsChainBeforeLaterSidesAreFilledIn() {
        // `captured` exists only when the first clause holds (a capture of a step that ran then).
        func eval(_ condition: String) -> CaseMachine.WhenOutcome {
            CaseMachine.evaluateWhen(condition) { side in side == "captured" ? nil : side }
        }
        #expect(eval("a == b && captured == x") == .holds(false))
        #expect(eval("a == b && captured == x || c == c") == .holds(true))
        #expect(eval("a == a && captured == x") == .unresolved)
    }

    @Test func operatorNotActingIsInconclusive() throws {
        var d = Driver(try Fixture.machine("""
            steps:
              - action: plugIn
                with: { evse: 1, connector: 1 }
              - receive: StatusNotification
            """))
        d.start()
        d.advance(to: 5)
        #expect(d.verdict?.kind == .inconclusive)
        #expect(d.verdict?.reason == "nothing happened after the action plugIn: the operator or driver may not have performed it")
    }

    @Test func failingDriverIsAnError() throws {
        var d = Driver(try Fixture.machine("""
            steps:
              - action: reboot
              - receive: BootNotification
            """))
        d.start()
        d.feed(.actionFinished(id: 1, outcome: .failed("exit status 3")))
        #expect(d.verdict?.kind == .error)
        #expect(d.verdict?.reason == "the action driver could not perform reboot: exit status 3")
    }

    @Test func rawFrameAnsweredWithTheExpectedError() throws {
        var d = Driver(try Fixture.machine("""
            steps:
              - raw: '[2,"bad1","Reset",{"type":"Whenever"}]'
                expectCallError: [FormatViolation, PropertyConstraintViolation]
                expectMessageId: bad1
            """))
        d.start()
        #expect(d.sent == [#"[2,"bad1","Reset",{"type":"Whenever"}]"#])
        d.dut(#"[4,"bad1","PropertyConstraintViolation","",{}]"#, at: 1)
        #expect(d.verdict?.kind == .pass)
    }

    @Test func unreadableRawFrameIsAnsweredWithMinusOne() throws {
        var d = Driver(try Fixture.machine("""
            steps:
              - raw: 'this is not json'
                expectCallError: RpcFrameworkError
                expectMessageId: "-1"
            """))
        d.start()
        d.dut(#"[4,"-1","RpcFrameworkError","",{}]"#, at: 1)
        #expect(d.verdict?.kind == .pass)
    }

    @Test func expectNoFailsOnTheForbiddenMessage() throws {
        var d = Driver(try Fixture.machine("""
            steps:
              - expectNo: TransactionEvent
                for: 5s
            """))
        d.start()
        d.dut(#"[2,"h","Heartbeat",{}]"#, at: 1)
        #expect(d.verdict == nil)
        d.advance(to: 5)
        #expect(d.verdict?.kind == .pass)
    }

    @Test func expectCloseWaitsForTheClose() throws {
        var d = Driver(try Fixture.machine("""
            steps:
              - expectClose: 5s
            """))
        d.start()
        d.feed(.transport(.closed(code: 1000, reason: "bye", at: .now)))
        #expect(d.verdict?.kind == .pass)
    }

    @Test func postCheckFailureNamesTheMissingConnector() throws {
        var d = Driver(try Fixture.machine("""
            steps:
              - receive: StatusNotification
            post:
              - check: statusReportedForAllConnectors
                requirements: [B01.FR.05]
            """, profile: testProfile(evses: [.init(id: 1, connectors: [1, 2])])))
        d.start()
        d.dut(status("s1", connector: 1), at: 1)
        #expect(d.verdict?.kind == .fail)
        #expect(d.verdict?.reason == "post-scenario check statusReportedForAllConnectors: no status was reported for EVSE 1 connector 2")
    }

    @Test func reusableStateRunsWithItsParameters() throws {
        let state = try Fixture.state("""
            state: Plugged
            ocpp: "2.0.1"
            role: ChargingStation
            parameters: { connector: 1 }
            steps:
              - action: plugIn
                with: { evse: 1, connector: "{{connector}}" }
            """)
        var d = Driver(try Fixture.machine("""
            given: [{ state: Plugged, with: { connector: 2 } }]
            steps:
              - receive: Heartbeat
            """, states: [state]))
        let out = d.start()
        #expect(out.contains { if case .perform(_, "plugIn", let args, _) = $0 { return args["connector"] == 2 } else { return false } })
    }
}
