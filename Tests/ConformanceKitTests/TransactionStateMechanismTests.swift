import Foundation
import Testing
@testable import ConformanceKit
@testable import OCPPProtocol

/// The small engine additions the transaction states rely on: prerequisites already reached are
/// not run again, `reachedStates`, `when` with `contains`/`&&`/`||`, background tolerance by
/// payload, and claims derived from the configured transaction points.
@Suite("Engine: reached states, conditions, conditional tolerance")
struct TransactionStateMechanismTests {
    func state(_ name: String, given: [String] = [], action: String) throws -> ReusableState {
        try Fixture.state("""
            state: \(name)
            ocpp: "2.0.1"
            role: ChargingStation
            given: [\(given.joined(separator: ", "))]
            steps:
              - action: \(action)
                with: { evse: 1, note: "{{reachedStates}}" }
            """)
    }

    func program(_ body: String, states: [ReusableState]) throws -> CaseProgram {
        let c = try Fixture.testCase("""
            id: TC_X_01_CS
            name: Test
            ocpp: "2.0.1"
            block: X Test
            requirements: []
            purpose: Test.
            \(body)
            """)
        return try CaseProgram.build(c, library: StateLibrary(states), context: testProfile().interpolationContext)
    }

    func actions(_ p: CaseProgram) -> [String] {
        p.entries.compactMap { if case .action(let a) = $0.step.kind { return a.name } else { return nil } }
    }

    @Test func prerequisitesAlreadyReachedAreSkipped() throws {
        let states = [
            try state("Bay", action: "enterParkingBay"),
            try state("Plugged", given: ["Bay"], action: "plugIn"),
            try state("Authorized", given: ["Bay"], action: "presentIdToken"),
        ]
        let p = try program("""
            given: [Plugged]
            steps:
              - state: Authorized
            """, states: states)
        #expect(actions(p) == ["enterParkingBay", "plugIn", "presentIdToken"], "Bay runs once although both states need it")
        #expect(p.entries.last?.bindings["reachedStates"] == "Bay,Plugged")
        #expect(p.entries.first?.bindings["reachedStates"] == "")
    }

    @Test func explicitStatesRunAgain() throws {
        let states = [try state("Bay", action: "enterParkingBay")]
        let p = try program("""
            given: [Bay]
            steps:
              - state: Bay
            """, states: states)
        #expect(actions(p) == ["enterParkingBay", "enterParkingBay"])
    }

    @Test(arguments: [
        ("{{config.points}} contains Authorized", true),
        ("{{config.points}} contains Author", false),
        ("{{config.points}} !contains EVConnected", true),
        ("{{config.points}} contains EVConnected || {{config.points}} contains PowerPathClosed", true),
        ("{{config.points}} contains Authorized && {{config.points}} contains EVConnected", false),
        ("{{config.points}} contains EVConnected && x == y || 1 == 1", true),
        ("{{config.points}} == PowerPathClosed,Authorized", true),
    ])
    func conditions(_ condition: String, _ holds: Bool) throws {
        var profile = testProfile()
        profile.config["points"] = "PowerPathClosed,Authorized"
        var d = Driver(try Fixture.machine("""
            steps:
              - when: "\(condition)"
                receive: Heartbeat
              - receive: StatusNotification
            """, profile: profile))
        d.start()
        d.dut(#"[2,"s1","StatusNotification",{"timestamp":"2024-01-01T00:00:00Z","connectorStatus":"Occupied","evseId":1,"connectorId":1}]"#, at: 1)
        #expect((d.verdict?.kind == .pass) == !holds, "a skipped Heartbeat step lets the StatusNotification pass")
    }

    @Test func periodicTransactionEventsAreToleratedOthersAreNot() throws {
        let policy = BackgroundPolicy.defaults(version: .v201, harnessRole: .csms)
        #expect(policy.tolerates("TransactionEvent", payload: ["eventType": "Updated", "triggerReason": "MeterValuePeriodic"]))
        #expect(!policy.tolerates("TransactionEvent", payload: ["eventType": "Ended", "triggerReason": "MeterValuePeriodic"]))
        #expect(!policy.tolerates("TransactionEvent", payload: ["eventType": "Updated", "triggerReason": "ChargingStateChanged"]))
        let strict = policy.applying(BackgroundOverrides(strict: ["TransactionEvent"]))
        #expect(!strict.tolerates("TransactionEvent", payload: ["eventType": "Updated", "triggerReason": "MeterValuePeriodic"]))
        // A case may tolerate more payloads (the queued offline events), keeping the defaults.
        let offline = policy.applying(BackgroundOverrides(tolerateWhen: ["TransactionEvent": ["offline": true]]))
        #expect(offline.tolerates("TransactionEvent", payload: ["eventType": "Ended", "triggerReason": "StopAuthorized", "offline": true]))
        #expect(offline.tolerates("TransactionEvent", payload: ["eventType": "Updated", "triggerReason": "MeterValuePeriodic"]))
        #expect(!offline.tolerates("TransactionEvent", payload: ["eventType": "Ended", "triggerReason": "StopAuthorized"]))
    }

    @Test func transactionPointsAreClaimed() {
        var profile = testProfile()
        profile.config["txStartPoint"] = "PowerPathClosed"
        profile.config["txStopPoint"] = "EVConnected, Authorized"
        #expect(profile.claims.isSuperset(of: ["TxStartPoint.PowerPathClosed", "TxStopPoint.EVConnected", "TxStopPoint.Authorized"]))
        #expect(!profile.claims.contains("TxStartPoint.EVConnected"))
        #expect(profile.claims.contains("TxStopPoint=EVConnected,Authorized"))
        #expect(!profile.claims.contains("TxStopPoint=EVConnected"))
    }

    @Test func moreThanOneEVSEIsClaimed() {
        #expect(!testProfile().claims.contains("MultipleEVSEs"))
        #expect(testProfile(evses: [.init(id: 1, connectors: [1]), .init(id: 2, connectors: [1])]).claims.contains("MultipleEVSEs"))
    }

    @Test func nowShiftedByADuration() throws {
        let i = Interpolator(context: [:], now: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(try i.interpolate(string: "{{now}}") == "2027-01-15T08:00:00.000Z")
        #expect(try i.interpolate(string: "{{now - 2h}}") == "2027-01-15T06:00:00.000Z")
        #expect(try i.interpolate(string: "{{now + 90s}}") == "2027-01-15T08:01:30.000Z")
        #expect(throws: Interpolator.Failure.self) { try i.interpolate(string: "{{now - 2 parsecs}}") }
    }

    @Test func textFilterTurnsNumbersIntoStrings() throws {
        let i = Interpolator(context: ["config": ["timeout": 3]])
        #expect(try i.interpolate(string: "{{config.timeout | text}}") == "3")
        #expect(try i.interpolate(string: "{{config.timeout}}") == 3)
    }

    @Test func messagesMatchChecksEverySelectedMessageAndTheCount() throws {
        let check = try #require(CheckRegistry.check(named: "messagesMatch"))
        func call(_ payload: JSONValue) -> ReceivedCall { ReceivedCall(action: "TransactionEvent", payload: payload, offset: .zero, step: nil) }
        let args: JSONObject = ["action": "TransactionEvent", "where": ["offline": true], "match": ["eventType": "Updated"], "min": 2]
        let good = [call(["offline": true, "eventType": "Updated"]), call(["eventType": "Ended"]), call(["offline": true, "eventType": "Updated"])]
        #expect(check(CheckInput(message: nil, arguments: args, received: good, context: JSONObject())) == nil)
        let wrong = [call(["offline": true, "eventType": "Updated"]), call(["offline": true, "eventType": "Ended"])]
        #expect(check(CheckInput(message: nil, arguments: args, received: wrong, context: JSONObject()))?.reason.contains("does not match") == true)
        let few = [call(["offline": true, "eventType": "Updated"])]
        #expect(check(CheckInput(message: nil, arguments: args, received: few, context: JSONObject()))?.reason.contains("at least 2") == true)
        var capped = args
        capped["max"] = 1
        #expect(check(CheckInput(message: nil, arguments: capped, received: good, context: JSONObject()))?.reason.contains("at most 1") == true)
    }
}

/// A `when` on a `state:` step holds for every step the state expands to (TC_B_21_CS runs some
/// states only for some transaction stop points).
@Suite("Engine: conditional states")
struct ConditionalStateTests {
    let helper = TransactionStateMechanismTests()

    @Test func aConditionOnAStateStepGuardsEachOfItsSteps() throws {
        let plugged = try Fixture.state("""
            state: Plugged
            ocpp: "2.0.1"
            role: ChargingStation
            steps:
              - action: plugIn
              - action: presentIdToken
                when: "a == b || c == d"
            """)
        let p = try helper.program("""
            steps:
              - state: Plugged
                when: "{{config.points}} !contains EVConnected"
              - action: unplug
            """, states: [plugged])
        #expect(p.entries.map(\.step.when) == [
            "{{config.points}} !contains EVConnected",
            "{{config.points}} !contains EVConnected && a == b || {{config.points}} !contains EVConnected && c == d",
            nil,
        ])
    }

    @Test func conditionsCombineAcrossAlternatives() {
        #expect(CaseProgram.both("a == 1 || b == 2", "c == 3 || d == 4") == "a == 1 && c == 3 || a == 1 && d == 4 || b == 2 && c == 3 || b == 2 && d == 4")
        #expect(CaseProgram.both(nil, "c == 3") == "c == 3")
        #expect(CaseProgram.both("a == 1", nil) == "a == 1")
    }
}
