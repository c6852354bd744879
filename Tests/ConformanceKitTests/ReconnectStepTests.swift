import Foundation
import OCPPTransport
import Testing
@testable import ConformanceKit

/// `connection: refuse` and `after` on `connection: reconnect` (harness as CSMS), for the back-off
/// of a station's reconnection attempts (Part 4 §5.3, TC_B_57_CS).
@Suite("Engine: refusing and timing reconnection attempts")
struct ReconnectStepTests {
    let info = ConnectionInfo(stationId: "CS1", path: "/ocpp/CS1", subprotocol: "ocpp2.0.1")

    func driver() throws -> Driver {
        var d = Driver(try Fixture.machine("""
            steps:
              - connection: close
              - connection: refuse
                after: 2s
                within: 10s
                requirements: ["Part 4 §5.3"]
              - connection: reconnect
                after: 4s
                within: 10s
                requirements: ["Part 4 §5.3"]
            """))
        d.feed(.connected(info))
        return d
    }

    @Test func attemptsAtTheBackOffTimesPass() throws {
        var d = try driver()
        let out = d.start()
        #expect(out.contains(.refuseNextConnection))
        #expect(out.contains(.close(code: 1000, reason: "closed by the test case")))
        d.advance(to: 2.5)
        d.feed(.refused("refused", path: nil))
        #expect(d.verdict == nil)
        d.advance(to: 7)
        d.feed(.connected(info))
        #expect(d.verdict?.kind == .pass)
    }

    @Test func anEarlyRefusedAttemptFails() throws {
        var d = try driver()
        d.start()
        d.advance(to: 1)
        d.feed(.refused("refused", path: nil))
        #expect(d.verdict?.kind == .fail)
        #expect(d.verdict?.reason == "the DUT tried to connect 1 s after the step began, earlier than the allowed 2 s")
        #expect(d.verdict?.requirements == ["Part 4 §5.3"])
    }

    @Test func aReconnectBeforeTheDoubledBackOffFails() throws {
        var d = try driver()
        d.start()
        d.advance(to: 2)
        d.feed(.refused("refused", path: nil))
        d.advance(to: 4)
        d.feed(.connected(info))
        #expect(d.verdict?.kind == .fail)
        #expect(d.verdict?.reason == "the DUT connected 2 s after the step began, earlier than the allowed 4 s")
    }

    @Test func noAttemptWithinTheBoundFails() throws {
        var d = try driver()
        d.start()
        d.advance(to: 11)
        #expect(d.verdict?.kind == .fail)
        #expect(d.verdict?.reason == "the DUT did not try to connect within 10 s")
    }

    @Test func refusingNeedsTheHarnessAsCSMS() throws {
        var d = Driver(try Fixture.machine("""
            steps:
              - connection: refuse
            """, id: "TC_X_01_CSMS"))
        d.start()
        #expect(d.verdict?.kind == .error)
    }

    @Test func theLinkReportsARefusalThroughItsGate() async {
        let link = ChannelLink()
        await link.refuseNextConnection()
        #expect(link.gate.takeRefusal())
        #expect(!link.gate.takeRefusal(), "one refusal per request")
        await link.noteRefused("refused", path: "/ocpp/CS1")
        guard case .refused(let detail, _)? = await link.nextEvent() else {
            Issue.record("expected a refused event")
            return
        }
        #expect(detail == "refused")
    }
}

/// `path` on `connection: reconnect` / `refuse`: which endpoint (network profile) the station dialled.
@Suite("Engine: the endpoint of a connection attempt")
struct ConnectionPathTests {
    func info(_ path: String) -> ConnectionInfo { ConnectionInfo(stationId: "CS1", path: path, subprotocol: "ocpp2.0.1") }

    func driver() throws -> Driver {
        var d = Driver(try Fixture.machine("""
            steps:
              - connection: refuse
                path: "/ocpp-alt/{{dut.stationId}}"
                within: 10s
              - connection: reconnect
                path: "#not /ocpp-alt/{{dut.stationId}}"
                within: 10s
                requirements: [B10.FR.03]
            """))
        d.feed(.connected(info("/ocpp/CS1")))
        d.start()
        return d
    }

    @Test func attemptsOnTheExpectedEndpointsPass() throws {
        var d = try driver()
        d.advance(to: 1)
        d.feed(.refused("refused", path: "/ocpp-alt/CS1"))
        d.advance(to: 2)
        d.feed(.connected(info("/ocpp/CS1")))
        #expect(d.verdict?.kind == .pass)
    }

    @Test func anAttemptOnTheWrongEndpointFails() throws {
        var d = try driver()
        d.advance(to: 1)
        d.feed(.refused("refused", path: "/ocpp-alt/CS1"))
        d.advance(to: 2)
        d.feed(.connected(info("/ocpp-alt/CS1")))
        #expect(d.verdict?.kind == .fail)
        #expect(d.verdict?.requirements == ["B10.FR.03"])
        #expect(d.verdict?.reason.hasPrefix("the DUT's connection attempt came on /ocpp-alt/CS1") == true)
    }
}
