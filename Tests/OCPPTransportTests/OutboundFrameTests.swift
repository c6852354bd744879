import NIOCore
import NIOEmbedded
import NIOWebSocket
import Testing

@testable import OCPPTransport

/// The bytes a text message becomes on its way to the socket, read from an embedded channel with
/// NIO's frame encoder in front of the connection's handler, as in the real pipeline.
@Suite struct OutboundFrameTests {
    /// Sends `text` through a connection on an embedded channel and returns every buffer written.
    private func written(_ text: String, isServer: Bool) async throws -> [ByteBuffer] {
        let channel = EmbeddedChannel()
        // A connection starts on an active channel, as after the WebSocket upgrade.
        try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9000)).get()
        try channel.pipeline.syncOperations.addHandler(WebSocketFrameEncoder())
        let connection = WebSocketConnection(
            channel: channel, info: ConnectionInfo(stationId: "CS001", path: "/ocpp/CS001", subprotocol: "ocpp2.0.1"),
            isServer: isServer, limits: WebSocketLimits(), closeTimeout: .seconds(1), pingInterval: nil
        )
        try connection.installHandlers()
        try await connection.send(text: text)
        var buffers: [ByteBuffer] = []
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) { buffers.append(buffer) }
        _ = try? channel.finish()
        return buffers
    }

    /// Payload lengths around the three header sizes: 7-bit, 16-bit and 64-bit length.
    static let lengths = [0, 5, 125, 126, 65535, 65536]

    @Test("A server's text message leaves as one buffer: header and payload, unmasked", arguments: lengths)
    func serverFrame(length: Int) async throws {
        let text = String(repeating: "a", count: length)
        let buffers = try await written(text, isServer: true)
        try #require(buffers.count == 1, "expected one buffer (header written in front of the payload), got \(buffers.count)")
        var frame = buffers[0]
        let header = try #require(Self.readHeader(&frame))
        #expect(header.firstByte == 0x81)  // FIN, text
        #expect(header.mask == nil)
        #expect(header.length == length)
        #expect(frame.readString(length: frame.readableBytes) == text)
    }

    @Test("A client's text message leaves as one buffer with a mask key and the payload masked with it", arguments: lengths)
    func clientFrame(length: Int) async throws {
        let text = String(repeating: "é", count: length / 2) + (length % 2 == 1 ? "a" : "")
        let buffers = try await written(text, isServer: false)
        try #require(buffers.count == 1, "expected one buffer (header written in front of the payload), got \(buffers.count)")
        var frame = buffers[0]
        let header = try #require(Self.readHeader(&frame))
        #expect(header.firstByte == 0x81)
        let mask = try #require(header.mask, "a client frame must be masked (RFC 6455 §5.3)")
        #expect(header.length == text.utf8.count)
        let masked = frame.readBytes(length: frame.readableBytes) ?? []
        let unmasked = masked.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        #expect(String(decoding: unmasked, as: UTF8.self) == text)
    }

    /// Reads a frame header as RFC 6455 §5.2 lays it out.
    private static func readHeader(_ buffer: inout ByteBuffer) -> (firstByte: UInt8, length: Int, mask: [UInt8]?)? {
        guard let first = buffer.readInteger(as: UInt8.self), let second = buffer.readInteger(as: UInt8.self) else { return nil }
        var length = Int(second & 0x7F)
        if length == 126 {
            guard let extended = buffer.readInteger(as: UInt16.self) else { return nil }
            length = Int(extended)
        } else if length == 127 {
            guard let extended = buffer.readInteger(as: UInt64.self) else { return nil }
            length = Int(extended)
        }
        var mask: [UInt8]?
        if second & 0x80 != 0 {
            guard let key = buffer.readBytes(length: 4) else { return nil }
            mask = key
        }
        return (first, length, mask)
    }
}
