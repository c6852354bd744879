import Testing
@testable import OCPPTransport
@Test func inMemoryPairDelivers() async throws {
    let (a, b) = InMemoryChannel.pair(info: ConnectionInfo(stationId: "CS1", path: "/ocpp/CS1", subprotocol: "ocpp2.0.1"))
    try await a.send(text: "[2,\"1\",\"Heartbeat\",{}]")
    var it = b.events.makeAsyncIterator()
    guard case .text(let t, _) = await it.next() else { Issue.record("expected text"); return }
    #expect(t == "[2,\"1\",\"Heartbeat\",{}]")
}
