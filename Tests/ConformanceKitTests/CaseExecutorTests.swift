import Foundation
import Testing
@testable import ConformanceKit
import OCPPProtocol
import OCPPTransport

/// The executor with a manual clock: deadlines fire exactly when the clock reaches them, with no
/// real waiting, over an in-memory connection.
@Suite("Case executor with a manual clock", .timeLimit(.minutes(1)))
struct CaseExecutorTests {
    /// Waits (at most 10 s of real time) until the executor has armed its timers on the manual
    /// clock: moving the clock before the case has started would leave its deadlines unreached.
    func waitUntil(_ condition: @Sendable () async -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while !(await condition()) {
            guard ContinuousClock.now < deadline else {
                throw FixtureError("the executor did not arm its timers within 10 s")
            }
            try await Task.sleep(for: .milliseconds(1))
        }
    }

    /// Starts a one-step case (receive a Heartbeat within 30 s) on a manual clock over an
    /// in-memory connection; returns the clock, the DUT's end of the connection and the run.
    func start() async throws -> (ManualClock, InMemoryChannel, Task<CaseResult, Never>) {
        let machine = try Fixture.machine("""
            steps:
              - receive: Heartbeat
                within: 30s
            """)
        let clock = ManualClock()
        let (client, server) = InMemoryChannel.pair(info: ConnectionInfo(stationId: "CS1", path: "/ocpp/CS1", subprotocol: "ocpp2.0.1"))
        let link = ChannelLink()
        await link.attach(server)
        let executor = CaseExecutor(clock: clock, caseTimeout: .seconds(600))
        let caseInfo = CaseInfo(id: "TC_X_01_CS", name: "t", version: .v201, dutRole: .chargingStation, block: "X", blockName: "X")
        // A task the test awaits before it ends, so the run cannot outlive the test.
        let running = Task { await executor.run(machine, info: caseInfo, link: link, actions: BuiltinActionDriver { _, _ in }) }
        return (clock, client, running)
    }

    @Test func deadlineFiresWhenTheClockReachesIt() async throws {
        let (clock, client, running) = try await start()
        async let result = running.value
        // The case timeout and the step deadline are armed: two sleepers on the clock.
        try await waitUntil { clock.sleeperCount >= 2 }
        clock.advance(by: .seconds(29))
        try await waitUntil { clock.sleeperCount >= 2 }
        clock.advance(by: .seconds(1))
        let r = await result
        #expect(r.verdict.kind == .fail)
        #expect(r.verdict.reason == "no Heartbeat within 30 s")
        #expect(r.duration == .seconds(30), "the case took exactly 30 s of clock time")
        _ = client
    }

    @Test func messageBeforeTheDeadlinePasses() async throws {
        let (clock, client, running) = try await start()
        async let result = running.value
        try await waitUntil { clock.sleeperCount >= 2 }
        clock.advance(by: .seconds(12))
        try await client.send(text: #"[2,"h1","Heartbeat",{}]"#)
        let r = await result
        #expect(r.verdict.kind == .pass)
        #expect(r.duration == .seconds(12))
        // The harness answered on the in-memory connection.
        var events = client.events.makeAsyncIterator()
        guard case .text(let answer, _)? = await events.next() else {
            Issue.record("no answer")
            return
        }
        #expect(answer.hasPrefix(#"[3,"h1",{"currentTime":"#))
    }
}
