import Testing
@testable import ConformanceKit
import OCPPProtocol

/// Issue 30 item 11: a failing receive step states its expectation with the values the step matched
/// with (`{{connector}}` filled in, also when the state parameter is itself a template), and names
/// the payload fields that differed.
@Suite("Failure messages: expectations filled in")
struct FailureExpectationTests {
    /// A reusable state whose expectation uses a parameter, as TestCases' Authorized states do.
    let preparing = """
        state: Preparing
        ocpp: "1.6"
        role: ChargingStation
        purpose: test
        parameters:
          connector: 1
        steps:
          - receive: StatusNotification
            match: { connectorId: "{{connector}}", status: Preparing }
            within: 30s
        """
    /// The case binds the parameter to a profile value, so the binding holds a template too.
    let body = """
        steps:
          - state: Preparing
            with: { connector: "{{config.connectorUnderTest}}" }
        """

    func profile() -> DUTProfile {
        var p = testProfile(evses: [.init(id: 1, connectors: [1]), .init(id: 2, connectors: [1])])
        p.config["connectorUnderTest"] = 2
        return p
    }

    func status16(_ id: String, connector: Int, status: String) -> String {
        #"[2,"\#(id)","StatusNotification",{"connectorId":\#(connector),"errorCode":"NoError","status":"\#(status)"}]"#
    }

    @Test("A step that times out after a near miss shows the filled-in expectation and the differing field")
    func timeoutAfterNearMiss() throws {
        var d = Driver(try Fixture.machine(body, version: .v16, states: [try Fixture.state(preparing)], profile: profile()))
        d.start()
        d.dut(status16("s1", connector: 2, status: "Available"), at: 1)
        #expect(d.verdict == nil, "a StatusNotification that does not match is tolerated until the deadline")
        d.advance(to: 30)
        let v = try #require(d.verdict)
        #expect(v.kind == .fail)
        #expect(v.reason == #"no StatusNotification matching {"connectorId":2,"status":"Preparing"} within 30 s; the closest message did not match: /status: expected "Preparing", found "Available""#)
        #expect(v.headline.contains("{{") == false, "\(v.headline)")
        #expect(v.expected == #"{"connectorId":2,"status":"Preparing"}"#)
        #expect(v.actual == #"{"connectorId":2,"errorCode":"NoError","status":"Available"}"#)
        #expect(v.offendingFrame == status16("s1", connector: 2, status: "Available"))
        #expect(v.differences == ["/status"])
    }

    @Test("A step that times out with nothing close shows the filled-in expectation")
    func timeoutWithNothing() throws {
        var d = Driver(try Fixture.machine(body, version: .v16, states: [try Fixture.state(preparing)], profile: profile()))
        d.start()
        d.advance(to: 30)
        let v = try #require(d.verdict)
        #expect(v.kind == .fail)
        #expect(v.reason == #"no StatusNotification matching {"connectorId":2,"status":"Preparing"} within 30 s"#)
        #expect(v.expected == #"StatusNotification matching {"connectorId":2,"status":"Preparing"}"#)
        #expect(v.differences == nil)
    }

    @Test("An unexpected message names the awaited step with its values")
    func unexpectedMessageWhileWaiting() throws {
        var d = Driver(try Fixture.machine(body, version: .v16, states: [try Fixture.state(preparing)], profile: profile()))
        d.start()
        d.dut(#"[2,"a1","Authorize",{"idTag":"VALID01"}]"#, at: 1)
        let v = try #require(d.verdict)
        #expect(v.kind == .fail)
        #expect(v.reason == #"unexpected Authorize from the DUT while waiting for StatusNotification matching {"connectorId":2,"status":"Preparing"}"#)
        #expect(v.expected == #"StatusNotification matching {"connectorId":2,"status":"Preparing"}"#)
    }

    @Test("A message that does not match at once carries the fields that differed")
    func immediateMismatchDifferences() throws {
        var d = Driver(try Fixture.machine("""
            steps:
              - receive: BootNotification
                match: { reason: PowerUp, chargingStation: { model: "{{config.stationModel}}" } }
            """))
        d.start()
        d.dut(#"[2,"b1","BootNotification",{"reason":"LocalReset","chargingStation":{"model":"M","vendorName":"V"}}]"#, at: 1)
        let v = try #require(d.verdict)
        #expect(v.kind == .fail)
        #expect(v.expected == #"{"reason":"PowerUp","chargingStation":{"model":"T1"}}"#)
        #expect(v.differences == ["/reason", "/chargingStation/model"])
    }
}
