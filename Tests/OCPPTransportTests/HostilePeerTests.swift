import OCPPProtocol
import Testing

@testable import OCPPTransport

/// One server meets a series of hostile peers. For each, the server must report what happened as
/// an event, must not crash or hang, and must still serve a well-behaved station afterwards.
@Suite struct HostilePeerTests {
    static let configuration = OCPPWebSocketServer.Configuration(
        stationIds: ["CS001"], handshakeTimeout: .seconds(1), closeTimeout: .milliseconds(500)
    )

    @Test("Hostile peers are reported one by one and a good station still connects afterwards")
    func serverSurvivesHostilePeers() async throws {
        try await withTimeLimit(.seconds(60)) {
            try await OCPPWebSocketServer.run(Self.configuration) { server in
                var serverEvents = server.events.makeAsyncIterator()
                let station = OCPPWebSocketClient.Configuration(endpoint: server.endpointURL, stationId: "CS001")
                let parser = FrameParser(version: .v201, catalog: .builtIn(.v201))

                // 1. Text that is not JSON: delivered as text; the frame parser names the problem.
                // 2. A binary frame: OCPP-J allows text only; reported as binary.
                async let station1: Void = OCPPWebSocketClient.connect(station) { channel in
                    try await channel.send(text: "{not json")
                    try await channel.sendFrame(opcode: 0x2, payload: [0xDE, 0xAD], fin: true)
                    var events = channel.events.makeAsyncIterator()
                    _ = await events.next()  // wait until the CSMS closes
                }
                let first = try #require(await serverEvents.next()?.connection)
                var events = first.events.makeAsyncIterator()
                let text = try #require(await events.next()?.text)
                #expect(throws: FrameError.self) { try parser.parse(text) }
                guard case .binary([0xDE, 0xAD], _)? = await events.next() else { Issue.record("expected the binary frame"); return }
                await first.close(code: 1003, reason: "binary is not OCPP-J")
                try await station1

                // 3. A 10 MiB frame against the 1 MiB limit: a violation, then close 1009.
                async let station2: [TransportEvent] = OCPPWebSocketClient.connect(station) { channel in
                    try? await channel.sendFrame(opcode: 0x1, payload: Array(repeating: 0x20, count: 10 << 20), fin: true)
                    var events = channel.events.makeAsyncIterator()
                    return await drain(&events)
                }
                let second = try #require(await serverEvents.next()?.connection)
                events = second.events.makeAsyncIterator()
                let afterHuge = await drain(&events)
                #expect(afterHuge.first?.violationMessage?.contains("1048576") == true, "\(afterHuge)")
                #expect(afterHuge.last?.isClosed == true)
                let stationSaw = try await station2
                #expect(stationSaw.last?.closeCode == .some(1009), "\(stationSaw)")

                // 4. Garbage bytes after the handshake: a violation, then close 1002.
                async let station3: Void = OCPPWebSocketClient.connect(station) { channel in
                    try await channel.sendRaw(bytes: Array(String(repeating: "GARBAGE! ", count: 30).utf8))
                    var events = channel.events.makeAsyncIterator()
                    _ = await drain(&events)
                }
                let third = try #require(await serverEvents.next()?.connection)
                events = third.events.makeAsyncIterator()
                let afterGarbage = await drain(&events)
                #expect(afterGarbage.first?.violationMessage != nil, "\(afterGarbage)")
                #expect(afterGarbage.last?.isClosed == true)
                try await station3

                // 5. An abrupt TCP close in the middle of a frame: closed without a code.
                async let station4: Void = OCPPWebSocketClient.connect(station) { channel in
                    // A masked text frame announcing 256 bytes, of which 10 arrive.
                    try await channel.sendRaw(bytes: [0x81, 0xFE, 0x01, 0x00, 1, 2, 3, 4] + Array(repeating: 0x41, count: 10))
                    await channel.abort()
                }
                let fourth = try #require(await serverEvents.next()?.connection)
                events = fourth.events.makeAsyncIterator()
                let afterDrop = await drain(&events)
                #expect(afterDrop.count == 1)
                #expect(afterDrop.last?.closeCode == .some(nil))
                try await station4

                // 6. Slowloris: the request head dribbles in and never ends; the timeout closes it.
                let slow = try await RawTCPConnection.connect(port: server.port)
                async let dribble: Void = {
                    for byte in "GET /ocpp/CS001 HTTP/1.1\r\nHost: 127.0.0.1\r\n".utf8 {
                        guard (try? await slow.write([byte])) != nil else { return }
                        try? await Task.sleep(for: .milliseconds(40))
                    }
                }()
                let slowRejection = try #require(await serverEvents.next()?.rejection)
                #expect(slowRejection.reason == .handshakeTimeout)
                #expect(await slow.readUntilClosed(timeout: .seconds(5)).closed)
                await dribble
                await slow.close()

                // 7. Bytes that are not HTTP at all: HTTP 400, reported.
                let noise = try await RawTCPConnection.connect(port: server.port)
                try await noise.write([0x16, 0x03, 0x01, 0x00, 0xFF, 0x0D, 0x0A, 0x0D, 0x0A])
                let noiseRejection = try #require(await serverEvents.next()?.rejection)
                #expect(noiseRejection.reason == .badRequest)
                #expect(noiseRejection.httpStatus == 400)
                let answer = await noise.readUntilClosed(timeout: .seconds(5))
                #expect(String(decoding: answer.bytes, as: UTF8.self).hasPrefix("HTTP/1.1 400"))
                await noise.close()

                // 8. A plain HTTP GET that is no upgrade: 400 with the path reported.
                let plain = try await RawTCPConnection.connect(port: server.port)
                try await plain.write(Array("GET /ocpp/CS001 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8))
                let plainRejection = try #require(await serverEvents.next()?.rejection)
                #expect(plainRejection.reason == .badRequest)
                #expect(plainRejection.path == "/ocpp/CS001")
                await plain.close()

                // 9. Connect and leave without a word.
                let silent = try await RawTCPConnection.connect(port: server.port)
                await silent.close()
                #expect(await serverEvents.next()?.rejection?.reason == .closedDuringHandshake)

                // Finally a well-behaved station: connected and answered.
                async let good: String? = OCPPWebSocketClient.connect(station) { channel in
                    try await channel.send(text: #"[2,"42","Heartbeat",{}]"#)
                    var events = channel.events.makeAsyncIterator()
                    return await events.next()?.text
                }
                let last = try #require(await serverEvents.next()?.connection)
                events = last.events.makeAsyncIterator()
                let call = try parser.parse(try #require(await events.next()?.text))
                #expect(call.action == "Heartbeat")
                try await last.send(text: Frame.callResult(.init(messageId: "42", payload: ["currentTime": "2025-01-01T00:00:00Z"])).text)
                #expect(try await good?.hasPrefix("[3,\"42\"") == true)
            }
        }
    }
}
