import OCPPProtocol
import Testing

@testable import OCPPTransport

/// A test case can make the server refuse a station's next connection attempt (TC_B_57_CS): the
/// station gets HTTP 503, the server reports it, and the attempt after it is accepted.
@Suite struct ConnectionGateTests {
    @Test("A pending refusal answers one upgrade with HTTP 503; the next attempt connects")
    func gateRefusesOneAttempt() async throws {
        try await withTimeLimit(.seconds(30)) {
            let gate = ConnectionGate()
            var configuration = OCPPWebSocketServer.Configuration(stationIds: ["CS001"])
            configuration.gate = gate
            try await OCPPWebSocketServer.run(configuration) { server in
                let client = OCPPWebSocketClient.Configuration(endpoint: server.endpointURL, stationId: "CS001", connectTimeout: .seconds(5))
                gate.refuseNext()
                let refused = await dialAndObserve(server, client)
                guard case .handshakeRejected(let status, _)? = refused.client.transportError else {
                    Issue.record("expected an HTTP rejection, got \(refused.client)")
                    return
                }
                #expect(status == 503)
                #expect(refused.server?.rejection?.reason == .refusedByHarness)
                let accepted = await dialAndObserve(server, client)
                guard case .connected = accepted.client else {
                    Issue.record("expected the second attempt to connect, got \(accepted.client)")
                    return
                }
                #expect(accepted.server?.connection != nil)
            }
        }
    }

    @Test("A second endpoint path (a network profile's CSMS URL, B10) is accepted besides the first")
    func alternateEndpointPath() {
        var policy = HandshakePolicy(path: StationPath(prefix: "ocpp"), stationIds: ["CS001"], versions: [.v201], security: .unsecured)
        policy.alternatePaths = [StationPath(prefix: "ocpp-alt")]
        func accepted(_ target: String) -> Bool {
            let request = HandshakeRequest(method: "GET", target: target, headers: [("Host", "localhost"), ("Sec-WebSocket-Protocol", "ocpp2.0.1")])
            if case .accept = policy.decide(request) { return true }
            return false
        }
        #expect(accepted("/ocpp/CS001"))
        #expect(accepted("/ocpp-alt/CS001"))
        #expect(!accepted("/other/CS001"))
        #expect(!accepted("/ocpp-alt/CS002"), "the station id is still checked")
    }
}
