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
}
