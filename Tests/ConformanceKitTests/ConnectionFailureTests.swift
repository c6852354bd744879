import Foundation
import Testing
@testable import ConformanceKit
import OCPPProtocol
import OCPPTransport

/// A connection that never came up tested nothing of the DUT: an `error` naming the URL and the
/// cause (issue 19 item 4, issue 30 items 2 and 7b), over real loopback sockets.
@Suite("Connections that never come up", .serialized)
struct ConnectionFailureTests {
    static let runInfo = RunInfo(runId: "t", startedAt: Date(), dutDescription: "test", harnessVersion: "test", selection: "")

    func csmsProfile(url: String) -> DUTProfile {
        var p = testProfile(role: .csms)
        p.connection.url = url
        p.messageTimeout = .seconds(3)
        p.caseTimeout = .seconds(20)
        p.versions = [.v201]
        return p
    }

    /// Runs `ids` against the profile's DUT over the network, as `ocppspec run` does.
    func run(_ profile: DUTProfile, _ ids: [String], onWaiting: (@Sendable (String) -> Void)? = nil, onListening: (@Sendable (String) -> Void)? = nil) async throws -> [CaseResult] {
        let actions = BuiltinActionDriver { name, _ in throw FixtureError("unexpected action \(name)") }
        var session = NetworkSession(profile: profile, version: .v201, actions: actions, onListening: onListening)
        session.onWaiting = onWaiting
        return try await session.run { environment in
            await Runner(library: EndToEndTests.library, profile: profile, selection: Selection(ids: ids), sinks: [])
                .run(environment: environment, clock: ContinuousClock(), runInfo: Self.runInfo)
        }
    }

    @Test func nothingListeningIsAnErrorNamingTheURLAndTheRestDoesNotRun() async throws {
        let port = try CannedTCPServer.freePort()
        let results = try await run(csmsProfile(url: "ws://127.0.0.1:\(port)/ocpp"), ["TC_B_01_CSMS", "TC_B_02_CSMS"])
        let first = try #require(results.first)
        #expect(first.verdict.kind == .error, "\(first.verdict.headline)")
        #expect(first.verdict.reason.hasPrefix("could not connect to the CSMS at ws://127.0.0.1:\(port)/ocpp/CS1: nothing is listening on 127.0.0.1:\(port) (connection refused)"), "\(first.verdict.reason)")
        #expect(first.trace.contains { $0.kind == .connection && $0.text.contains("ws://127.0.0.1:\(port)/ocpp/CS1") })
        // With no connection ever, the other cases do not run (and are not passed).
        #expect(results.map(\.info.id) == ["TC_B_01_CSMS"])
    }

    @Test(arguments: [(403, "Forbidden"), (500, "Internal Server Error")])
    func anHTTPErrorToTheUpgradeIsAnErrorWithTheStatus(status: Int, text: String) async throws {
        let server = try CannedTCPServer(answer: "HTTP/1.1 \(status) \(text)\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        defer { server.stop() }
        let results = try await run(csmsProfile(url: "ws://127.0.0.1:\(server.port)/ocpp"), ["TC_B_01_CSMS"])
        let v = try #require(results.first).verdict
        #expect(v.kind == .error)
        #expect(v.reason.hasPrefix("could not connect to the CSMS at ws://127.0.0.1:\(server.port)/ocpp/CS1: the server answered the WebSocket upgrade with HTTP \(status) \(text) instead of 101 Switching Protocols"), "\(v.reason)")
        #expect(server.received.first?.hasPrefix("GET /ocpp/CS1 HTTP/1.1\r\n") == true)
    }

    @Test func aServerThatDoesNotSpeakHTTPIsAnError() async throws {
        let server = try CannedTCPServer(answer: "SSH-2.0-OpenSSH_9.6\r\nProtocol mismatch.\r\n")
        defer { server.stop() }
        let results = try await run(csmsProfile(url: "ws://127.0.0.1:\(server.port)/ocpp"), ["TC_B_01_CSMS"])
        let v = try #require(results.first).verdict
        #expect(v.kind == .error, "\(v.headline)")
        #expect(v.reason.hasPrefix("could not connect to the CSMS at ws://127.0.0.1:\(server.port)/ocpp/CS1: "), "\(v.reason)")
    }

    @Test func aTLSFailureIsAnErrorNamingTLS() async throws {
        // A plain HTTP server on the port of a wss:// URL: the TLS handshake cannot succeed.
        let server = try CannedTCPServer(answer: "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", waitForRequest: false)
        defer { server.stop() }
        let results = try await run(csmsProfile(url: "wss://127.0.0.1:\(server.port)/ocpp"), ["TC_B_01_CSMS"])
        let v = try #require(results.first).verdict
        #expect(v.kind == .error, "\(v.headline)")
        #expect(v.reason.hasPrefix("could not connect to the CSMS at wss://127.0.0.1:\(server.port)/ocpp/CS1: the TLS connection to wss://127.0.0.1:\(server.port)/ocpp/CS1 failed"), "\(v.reason)")
    }

    @Test func anUnresolvableHostIsAnError() async throws {
        let results = try await run(csmsProfile(url: "ws://no-such-host.invalid:9000/ocpp"), ["TC_B_01_CSMS"])
        let v = try #require(results.first).verdict
        #expect(v.kind == .error, "\(v.headline)")
        #expect(v.reason.hasPrefix("could not connect to the CSMS at ws://no-such-host.invalid:9000/ocpp/CS1: "), "\(v.reason)")
        // Where the resolver answers at all, it is said that the name did not resolve.
        #expect(v.reason.contains("could not be resolved") || v.reason.contains("not established within"), "\(v.reason)")
    }

    @Test func aURLTemplatePutsTheStationIdWhereItSays() async throws {
        let server = try CannedTCPServer(answer: "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        defer { server.stop() }
        let profile = csmsProfile(url: "ws://127.0.0.1:\(server.port)/ws/ocpp/{stationId}/")
        let results = try await run(profile, ["TC_B_01_CSMS"])
        #expect(server.received.first?.hasPrefix("GET /ws/ocpp/CS1/ HTTP/1.1\r\n") == true, "\(server.received)")
        #expect(results.first?.verdict.reason.contains("ws://127.0.0.1:\(server.port)/ws/ocpp/CS1/") == true)
        // Without the template the id is appended, a trailing slash dropped, as before.
        var plain = profile
        plain.connection.url = "ws://127.0.0.1:\(server.port)/ocpp/"
        let session = NetworkSession(profile: plain, version: .v201)
        #expect(try session.clientConfiguration().dialledURL == "ws://127.0.0.1:\(server.port)/ocpp/CS1")
    }

    @Test func httpURLsAreRefusedWhenTheProfileLoads() throws {
        let text = """
            dut: { role: CSMS, vendor: V, model: M, stationId: CS1 }
            connection: { url: "http://127.0.0.1:9000/ocpp" }
            versions: ["2.0.1"]
            """
        #expect {
            _ = try ProfileLoader.load(text: text, file: "dut.yaml")
        } throws: { error in
            "\(error)".contains("connection.url must be a ws:// or wss:// URL (OCPP-J runs over WebSocket), found \"http://127.0.0.1:9000/ocpp\" (write ws:// instead of http://)")
        }
        let ok = try ProfileLoader.load(text: text.replacingOccurrences(of: "http://", with: "ws://"), file: "dut.yaml")
        #expect(ok.connection.url == "ws://127.0.0.1:9000/ocpp")
    }

    @Test func theConnectTimeoutComesFromTheProfile() throws {
        let text = """
            dut: { role: ChargingStation, vendor: V, model: M, stationId: CS1 }
            versions: ["2.0.1"]
            timing: { connectTimeout: 5s }
            """
        #expect(try ProfileLoader.load(text: text, file: "dut.yaml").connectTimeout == .seconds(5))
        #expect(try ProfileLoader.load(text: text.replacingOccurrences(of: "timing: { connectTimeout: 5s }", with: ""), file: "dut.yaml").connectTimeout == .seconds(60))
    }

    @Test func aStationThatNeverConnectsStopsTheRunWithAnError() async throws {
        var profile = testProfile()
        profile.connection.listenPort = 0
        profile.connectTimeout = .milliseconds(300)
        profile.caseTimeout = .seconds(30)
        profile.versions = [.v201]
        let waiting = Box<String>()
        let listening = Box<String>()
        let clock = ContinuousClock()
        let start = clock.now
        let results = try await run(profile, ["TC_B_01_CS", "TC_B_02_CS"], onWaiting: { waiting.set($0) }, onListening: { listening.set($0) })
        let url = try #require(listening.get)
        #expect(url.hasPrefix("ws://127.0.0.1:") && url.hasSuffix("/ocpp/CS1"))
        #expect(waiting.get == "waiting for CS1 to connect to \(url), up to 300 ms (timing.connectTimeout)")
        #expect(results.map(\.info.id) == ["TC_B_01_CS"])
        let v = try #require(results.first).verdict
        #expect(v.kind == .error)
        #expect(v.reason == "the station never connected to \(url) within 300 ms (timing.connectTimeout); the run stops here and the remaining cases do not run")
        // One connect timeout for the run, not a case timeout per case.
        #expect(start.duration(to: clock.now) < .seconds(10))
    }

    @Test func settleReportsAFailedDialInsteadOfDroppingIt() async {
        let link = ChannelLink(dial: { throw TransportError.handshakeRejected(status: 403, reason: "403 Forbidden: no such station") })
        await link.reconnect()
        var idle = IdleResponder(version: .v201, dutRole: .csms, context: JSONObject())
        idle.quiet = .milliseconds(50)
        let outcome = await idle.settle(link, waitForConnection: .zero)
        #expect(outcome == .connectFailed("the server answered the WebSocket upgrade with HTTP 403 Forbidden instead of 101 Switching Protocols (its answer: no such station)"))
    }
}
