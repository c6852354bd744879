import NIOCore
import NIOWebSocket
import Testing

@testable import OCPPTransport

/// RFC 6455 checks and reassembly of the frames a server receives, without sockets.
@Suite struct WebSocketFrameAssemblerTests {
    let mask: WebSocketMaskingKey = [1, 2, 3, 4]

    func frame(_ opcode: WebSocketOpcode, _ text: String = "", fin: Bool = true, masked: Bool = true, rsv1: Bool = false) -> WebSocketFrame {
        var data = ByteBufferAllocator().buffer(string: text)
        if masked { data.webSocketMask(mask) }
        return WebSocketFrame(fin: fin, rsv1: rsv1, opcode: opcode, maskKey: masked ? mask : nil, data: data)
    }

    func text(of frame: WebSocketFrame?) -> String? {
        frame.map { String(buffer: $0.unmaskedData) }
    }

    /// The violation `body` throws; nil when it throws none (or something else).
    func violation(_ body: () throws -> Void) -> WebSocketViolation? {
        do {
            try body()
            return nil
        } catch {
            return error as? WebSocketViolation
        }
    }

    @Test("A whole message passes as it came; fragments come out as one unmasked message, with control frames between them")
    func reassembly() throws {
        var assembler = WebSocketFrameAssembler(isServer: true, limits: .init())
        #expect(text(of: try assembler.accept(frame(.text, "[2,\"1\",\"Heartbeat\",{}]"))) == "[2,\"1\",\"Heartbeat\",{}]")
        #expect(try assembler.accept(frame(.text, "[2,\"2\",", fin: false)) == nil)
        #expect(try assembler.accept(frame(.ping, "p"))?.opcode == .ping)
        #expect(try assembler.accept(frame(.continuation, "\"Heartbeat\"", fin: false)) == nil)
        let message = try assembler.accept(frame(.continuation, ",{}]"))
        #expect(message?.opcode == .text)
        #expect(message?.maskKey == nil)
        #expect(text(of: message) == "[2,\"2\",\"Heartbeat\",{}]")
        // And the next message starts afresh.
        #expect(text(of: try assembler.accept(frame(.binary, "b"))) == "b")
    }

    @Test("Masking in the wrong direction, reserved bits and reserved opcodes are protocol errors (1002)")
    func rfcChecks() {
        var server = WebSocketFrameAssembler(isServer: true, limits: .init())
        #expect(violation { _ = try server.accept(frame(.text, "x", masked: false)) }?.message.contains("unmasked") == true)
        var client = WebSocketFrameAssembler(isServer: false, limits: .init())
        #expect(violation { _ = try client.accept(frame(.text, "x")) }?.message.contains("masked frame") == true)
        #expect(violation { _ = try server.accept(frame(.text, "x", rsv1: true)) }?.message.contains("RSV") == true)
        let reserved = violation { _ = try server.accept(frame(WebSocketOpcode(encodedWebSocketOpcode: 0x3)!, "x")) }
        #expect(reserved?.message.contains("0x3") == true)
        #expect(reserved?.closeCode == 1002)
        #expect(text(of: try? client.accept(frame(.text, "fine", masked: false))) == "fine")
    }

    @Test("Continuations without a message, and a new message inside a fragmented one, are protocol errors")
    func fragmentOrder() throws {
        var assembler = WebSocketFrameAssembler(isServer: true, limits: .init())
        #expect(violation { _ = try assembler.accept(frame(.continuation, "x")) }?.message.contains("no message to continue") == true)
        #expect(try assembler.accept(frame(.text, "a", fin: false)) == nil)
        #expect(violation { _ = try assembler.accept(frame(.text, "b")) }?.message.contains("before finishing") == true)
        // The partial message was dropped with the mistake.
        #expect(violation { _ = try assembler.accept(frame(.continuation, "c")) } != nil)
    }

    @Test("Too many fragments and too many bytes in fragments close with 1009")
    func limits() throws {
        var few = WebSocketFrameAssembler(isServer: true, limits: .init(maxMessageSize: 1 << 20, maxFragments: 3))
        #expect(try few.accept(frame(.text, "a", fin: false)) == nil)
        #expect(try few.accept(frame(.continuation, "b", fin: false)) == nil)
        // A third, non-final fragment promises a fourth: over the limit of 3.
        let count = violation { _ = try few.accept(frame(.continuation, "c", fin: false)) }
        #expect(count?.closeCode == 1009)
        #expect(count?.message.contains("3 fragments") == true)
        var three = WebSocketFrameAssembler(isServer: true, limits: .init(maxMessageSize: 1 << 20, maxFragments: 3))
        _ = try three.accept(frame(.text, "a", fin: false))
        _ = try three.accept(frame(.continuation, "b", fin: false))
        #expect(text(of: try three.accept(frame(.continuation, "c"))) == "abc", "exactly the limit is allowed")

        var small = WebSocketFrameAssembler(isServer: true, limits: .init(maxMessageSize: 8, maxFragments: 10))
        #expect(try small.accept(frame(.text, "12345", fin: false)) == nil)
        let size = violation { _ = try small.accept(frame(.continuation, "6789")) }
        #expect(size?.closeCode == 1009)
        #expect(size?.message.contains("8 bytes") == true)
    }
}
