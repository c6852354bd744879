import NIOCore
import NIOWebSocket

/// What stands between NIO's frame decoder and the events of a connection, as a value the frame
/// handler owns (one pipeline stage instead of three, and testable without sockets):
///
/// - the checks NIO's decoder lets through but RFC 6455 forbids: masking in the wrong direction
///   (§5.1), reserved bits without an extension (§5.2), reserved opcodes (§5.2);
/// - reassembly of fragmented messages (§5.4) within the connection's limits: the total size and
///   the number of fragments. Control frames may come between fragments.
struct WebSocketFrameAssembler {
    /// The server side expects masked frames, the client side unmasked ones.
    let isServer: Bool
    let limits: WebSocketLimits

    /// The fragments of the message being reassembled, first one first.
    private var fragments: [WebSocketFrame] = []
    private var fragmentedSize = 0

    init(isServer: Bool, limits: WebSocketLimits) {
        self.isServer = isServer
        self.limits = limits
    }

    /// Takes one frame as decoded. Returns a complete message (text or binary, reassembled and
    /// unmasked when it came in fragments) or a control frame; `nil` while a fragmented message is
    /// incomplete. Throws the peer's mistake.
    mutating func accept(_ frame: WebSocketFrame) throws(WebSocketViolation) -> WebSocketFrame? {
        try check(frame)
        switch frame.opcode {
        case .text, .binary:
            guard fragments.isEmpty else {
                discard()
                throw .protocolError("The peer started a new message before finishing the fragmented one (RFC 6455 §5.4).")
            }
            guard !frame.fin else { return frame }
            try buffer(frame)
            return nil
        case .continuation:
            guard let first = fragments.first else {
                throw .protocolError("The peer sent a continuation frame with no message to continue (RFC 6455 §5.4).")
            }
            try buffer(frame)
            guard frame.fin else { return nil }
            var data = ByteBufferAllocator().buffer(capacity: fragmentedSize)
            for fragment in fragments {
                var payload = fragment.unmaskedData
                data.writeBuffer(&payload)
            }
            discard()
            return WebSocketFrame(fin: true, opcode: first.opcode, data: data)
        default:
            // Control frames (the decoder refuses fragmented or oversized ones).
            return frame
        }
    }

    private func check(_ frame: WebSocketFrame) throws(WebSocketViolation) {
        if isServer && frame.maskKey == nil {
            throw .protocolError("The client sent an unmasked frame (RFC 6455 §5.1: every frame from client to server is masked).")
        }
        if !isServer && frame.maskKey != nil {
            throw .protocolError("The server sent a masked frame (RFC 6455 §5.1: frames from server to client are not masked).")
        }
        if frame.rsv1 || frame.rsv2 || frame.rsv3 {
            throw .protocolError("The peer set reserved bits (RSV1-3) without a negotiated extension (RFC 6455 §5.2).")
        }
        switch frame.opcode {
        case .continuation, .text, .binary, .connectionClose, .ping, .pong:
            return
        default:
            let code = UInt8(webSocketOpcode: frame.opcode)
            throw .protocolError("The peer sent a frame with reserved opcode 0x\(String(code, radix: 16, uppercase: true)) (RFC 6455 §5.2).")
        }
    }

    private mutating func buffer(_ frame: WebSocketFrame) throws(WebSocketViolation) {
        // A non-final fragment promises at least one more.
        guard fragments.count + (frame.fin ? 1 : 2) <= limits.maxFragments else {
            discard()
            throw WebSocketViolation(message: "The peer sent a message in more than \(limits.maxFragments) fragments.", closeCode: 1009)
        }
        fragmentedSize += frame.length
        guard fragmentedSize <= limits.maxMessageSize else {
            discard()
            throw WebSocketViolation(
                message: "The peer sent a fragmented message longer than the limit of \(limits.maxMessageSize) bytes.", closeCode: 1009)
        }
        fragments.append(frame)
    }

    /// Forgets a partial message (after a mistake, its memory goes at once).
    private mutating func discard() {
        fragments.removeAll()
        fragmentedSize = 0
    }
}
