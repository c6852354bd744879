import OCPPProtocol
import Testing

@testable import OCPPTransport

/// What each kind of WebSocket traffic becomes as ``TransportEvent``s, over real sockets with
/// both ends ours; the station side uses the fault-injection methods to send what a correct
/// station never would.
@Suite struct FrameEventTests {
    /// Runs a server and a client connected to it, and hands both channels to `body`.
    static func withPair(
        server configuration: OCPPWebSocketServer.Configuration = .init(stationIds: ["CS001"]),
        client adjust: @escaping @Sendable (inout OCPPWebSocketClient.Configuration) -> Void = { _ in },
        _ body: @escaping @Sendable (_ station: any MessageChannel, _ csms: any MessageChannel) async throws -> Void
    ) async throws {
        try await withTimeLimit {
            try await OCPPWebSocketServer.run(configuration) { server in
                var adjusted = OCPPWebSocketClient.Configuration(endpoint: server.endpointURL, stationId: "CS001")
                adjust(&adjusted)
                let client = adjusted
                var serverEvents = server.events.makeAsyncIterator()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    let (csmsSide, handOver) = AsyncStream.makeStream(of: (any MessageChannel).self)
                    group.addTask {
                        try await OCPPWebSocketClient.connect(client) { station in
                            var iterator = csmsSide.makeAsyncIterator()
                            guard let csms = await iterator.next() else { return }
                            try await body(station, csms)
                        }
                    }
                    let csms = try #require(await serverEvents.next()?.connection)
                    handOver.yield(csms)
                    handOver.finish()
                    try await group.waitForAll()
                }
            }
        }
    }

    @Test("A message sent in fragments arrives as one text event")
    func fragmentsAreReassembled() async throws {
        try await Self.withPair { station, csms in
            try await station.sendFrame(opcode: 0x1, payload: Array(#"[2,"1","#.utf8), fin: false)
            try await station.sendFrame(opcode: 0x0, payload: Array(#""Heartbeat","#.utf8), fin: false)
            try await station.sendFrame(opcode: 0x9, payload: [], fin: true)  // control frames may interleave
            try await station.sendFrame(opcode: 0x0, payload: Array("{}]".utf8), fin: true)
            var events = csms.events.makeAsyncIterator()
            let (text, skipped) = await nextEvent(&events) { $0.text != nil }
            #expect(text?.text == #"[2,"1","Heartbeat",{}]"#)
            #expect(skipped.count == 1)
            if case .ping? = skipped.first {} else { Issue.record("expected the ping first, got \(skipped)") }
        }
    }

    @Test("Small text arrives as sent, ASCII or not, in both directions")
    func smallText() async throws {
        try await Self.withPair { station, csms in
            let texts = [#"[2,"1","Heartbeat",{}]"#, #"[2,"2","DataTransfer",{"vendorId":"é€😀"}]"#, ""]
            for text in texts { try await station.send(text: text) }
            try await csms.send(text: texts[1])
            var events = csms.events.makeAsyncIterator()
            for text in texts {
                guard case .text(let received, _)? = await events.next() else { Issue.record("expected text"); return }
                #expect(received == text)
            }
            var stationEvents = station.events.makeAsyncIterator()
            guard case .text(let back, _)? = await stationEvents.next() else { Issue.record("expected text"); return }
            #expect(back == texts[1], "unmasked (server to client) text decodes the same")
        }
    }

    @Test("Invalid UTF-8 text, binary frames, pings and pongs are reported as such")
    func nonTextEvents() async throws {
        try await Self.withPair { station, csms in
            try await station.sendFrame(opcode: 0x1, payload: [0x5B, 0xFF, 0xFE, 0x5D], fin: true)
            try await station.sendFrame(opcode: 0x2, payload: [1, 2, 3], fin: true)
            try await station.sendFrame(opcode: 0x9, payload: Array("are you there".utf8), fin: true)
            try await station.sendFrame(opcode: 0xA, payload: [], fin: true)
            var events = csms.events.makeAsyncIterator()
            guard case .invalidText(let bytes, _)? = await events.next() else { Issue.record("expected invalid text"); return }
            #expect(bytes == [0x5B, 0xFF, 0xFE, 0x5D])
            guard case .binary(let binary, _)? = await events.next() else { Issue.record("expected binary"); return }
            #expect(binary == [1, 2, 3])
            guard case .ping? = await events.next() else { Issue.record("expected ping"); return }
            guard case .pong? = await events.next() else { Issue.record("expected pong"); return }
            // The CSMS answered the ping by itself.
            var stationEvents = station.events.makeAsyncIterator()
            guard case .pong? = await stationEvents.next() else { Issue.record("expected the automatic pong"); return }
        }
    }

    @Test("Large messages arrive intact, in one frame or many, valid UTF-8 or not")
    func largeMessages() async throws {
        try await Self.withPair { station, csms in
            let big = String(repeating: "é€😀ascii", count: 10_000)
            try await station.send(text: big)
            let bytes = Array(big.utf8)
            try await station.sendFrame(opcode: 0x1, payload: Array(bytes[..<5001]), fin: false)
            try await station.sendFrame(opcode: 0x0, payload: Array(bytes[5001...]), fin: true)
            try await station.sendFrame(opcode: 0x1, payload: Array(repeating: 0x41, count: 9000) + [0xC3], fin: true)
            var events = csms.events.makeAsyncIterator()
            #expect(await events.next()?.text == big)
            #expect(await events.next()?.text == big)
            guard case .invalidText(let invalid, _)? = await events.next() else { Issue.record("expected invalid text"); return }
            #expect(invalid.count == 9001)
        }
    }

    @Test("A message over the size limit is a violation and closes with 1009")
    func oversizeMessage() async throws {
        let configuration = OCPPWebSocketServer.Configuration(stationIds: ["CS001"], limits: WebSocketLimits(maxMessageSize: 1024))
        try await Self.withPair(server: configuration) { station, csms in
            try await station.send(text: String(repeating: "x", count: 1000))
            try await station.send(text: String(repeating: "y", count: 2000))
            var events = csms.events.makeAsyncIterator()
            #expect(await events.next()?.text?.count == 1000)
            let rest = await drain(&events)
            #expect(rest.first?.violationMessage?.contains("1024") == true)
            #expect(rest.last?.isClosed == true)
            var stationEvents = station.events.makeAsyncIterator()
            #expect(await drain(&stationEvents).last?.closeCode == .some(1009))
        }
    }

    @Test("Fragments adding up to more than the limit close with 1009")
    func oversizeFragmentedMessage() async throws {
        let configuration = OCPPWebSocketServer.Configuration(stationIds: ["CS001"], limits: WebSocketLimits(maxMessageSize: 1024))
        try await Self.withPair(server: configuration) { station, csms in
            for opcode: UInt8 in [0x1, 0x0, 0x0] {
                try await station.sendFrame(opcode: opcode, payload: Array(repeating: 0x61, count: 500), fin: false)
            }
            var events = csms.events.makeAsyncIterator()
            let all = await drain(&events)
            #expect(all.first?.violationMessage?.contains("fragmented message longer than the limit of 1024 bytes") == true)
            var stationEvents = station.events.makeAsyncIterator()
            let stationSaw = await drain(&stationEvents)
            #expect(stationSaw.last?.closeCode == .some(1009), "\(stationSaw)")
        }
    }

    @Test("Closing with a code and reason: the peer sees them and answers, both streams end")
    func closingHandshake() async throws {
        try await Self.withPair { station, csms in
            await station.close(code: 4001, reason: "going for maintenance")
            var events = csms.events.makeAsyncIterator()
            guard case .closed(let code, let reason, _)? = await events.next() else { Issue.record("expected closed"); return }
            #expect(code == 4001)
            #expect(reason == "going for maintenance")
            if let after = await events.next() { Issue.record("expected the stream to end after .closed, got \(after)") }
            var stationEvents = station.events.makeAsyncIterator()
            guard case .closed(let echoed, _, _)? = await stationEvents.next() else { Issue.record("expected closed"); return }
            #expect(echoed == 4001)
            await #expect(throws: TransportError.closed) { try await station.send(text: "late") }
        }
    }

    @Test("An abort drops TCP without a close frame")
    func abortWithoutCloseFrame() async throws {
        try await Self.withPair { station, csms in
            await station.abort()
            var events = csms.events.makeAsyncIterator()
            guard case .closed(let code, let reason, _)? = await events.next() else { Issue.record("expected closed"); return }
            #expect(code == nil)
            #expect(reason.contains("without a close frame"))
        }
    }

    @Test("Bytes outside WebSocket framing are a violation and close with 1002")
    func rawGarbage() async throws {
        try await Self.withPair { station, csms in
            // 0xFF: FIN, all three reserved bits and reserved opcode 0xF; then a masked 1-byte payload.
            try await station.sendRaw(bytes: [0xFF, 0x81, 0x00, 0x00, 0x00, 0x00, 0x41])
            var events = csms.events.makeAsyncIterator()
            let all = await drain(&events)
            #expect(all.first?.violationMessage?.contains("RFC 6455 §5.2") == true)
            #expect(all.last?.isClosed == true)
            var stationEvents = station.events.makeAsyncIterator()
            #expect(await drain(&stationEvents).last?.closeCode == .some(1002))
        }
    }

    @Test("A reserved close code from the peer is a violation and is answered with 1002")
    func reservedCloseCode() async throws {
        try await Self.withPair { station, csms in
            try await station.sendFrame(opcode: 0x8, payload: [0x03, 0xED], fin: true)  // 1005
            var events = csms.events.makeAsyncIterator()
            let all = await drain(&events)
            #expect(all.first?.violationMessage?.contains("1005") == true)
            #expect(all.last?.closeCode == .some(1005))
            var stationEvents = station.events.makeAsyncIterator()
            #expect(await drain(&stationEvents).last?.closeCode == .some(1002))
        }
    }

    @Test("With a ping interval, the server pings and reports the pongs")
    func serverPings() async throws {
        let configuration = OCPPWebSocketServer.Configuration(stationIds: ["CS001"], pingInterval: .milliseconds(50))
        try await Self.withPair(server: configuration) { station, csms in
            var stationEvents = station.events.makeAsyncIterator()
            guard case .ping? = await stationEvents.next() else { Issue.record("expected a ping"); return }
            var events = csms.events.makeAsyncIterator()
            guard case .pong? = await events.next() else { Issue.record("expected a pong"); return }
        }
    }

    @Test("Ending the server's scope closes its connections")
    func serverScopeClosesConnections() async throws {
        try await withTimeLimit {
            try await withThrowingTaskGroup(of: [TransportEvent].self) { group in
                let (endpoints, publish) = AsyncStream.makeStream(of: String.self)
                // The station runs outside the server's scope, so only the server can end its connection.
                group.addTask {
                    var iterator = endpoints.makeAsyncIterator()
                    guard let endpoint = await iterator.next() else { return [] }
                    let client = OCPPWebSocketClient.Configuration(endpoint: endpoint, stationId: "CS001")
                    return try await OCPPWebSocketClient.connect(client) { station in
                        var events = station.events.makeAsyncIterator()
                        return await drain(&events)
                    }
                }
                try await OCPPWebSocketServer.run(.init(stationIds: ["CS001"])) { server in
                    publish.yield(server.endpointURL)
                    var events = server.events.makeAsyncIterator()
                    _ = try #require(await events.next()?.connection)
                }
                let stationEvents = try await group.next() ?? []
                #expect(stationEvents.last?.isClosed == true)
            }
        }
    }
}
