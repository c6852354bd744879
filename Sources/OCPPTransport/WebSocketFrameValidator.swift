import NIOCore
import NIOWebSocket

/// Checks each frame for what NIO's decoder lets through but RFC 6455 forbids: masking in the
/// wrong direction (§5.1), reserved bits without an extension (§5.2), reserved opcodes (§5.2).
/// It sits between the decoder and the aggregator, where frames still carry their mask key.
final class WebSocketFrameValidator: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias InboundOut = WebSocketFrame

    /// The server side expects masked frames, the client side unmasked ones.
    private let isServer: Bool
    private var failed = false

    init(isServer: Bool) {
        self.isServer = isServer
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        let frame = Self.unwrapInboundIn(data)
        if let violation = check(frame) {
            // After the first mistake the stream cannot be trusted; the handler closes the connection.
            failed = true
            context.fireErrorCaught(violation)
            return
        }
        context.fireChannelRead(data)
    }

    private func check(_ frame: WebSocketFrame) -> WebSocketViolation? {
        if isServer && frame.maskKey == nil {
            return .protocolError("The client sent an unmasked frame (RFC 6455 §5.1: every frame from client to server is masked).")
        }
        if !isServer && frame.maskKey != nil {
            return .protocolError("The server sent a masked frame (RFC 6455 §5.1: frames from server to client are not masked).")
        }
        if frame.rsv1 || frame.rsv2 || frame.rsv3 {
            return .protocolError("The peer set reserved bits (RSV1-3) without a negotiated extension (RFC 6455 §5.2).")
        }
        switch frame.opcode {
        case .continuation, .text, .binary, .connectionClose, .ping, .pong:
            return nil
        default:
            let code = UInt8(webSocketOpcode: frame.opcode)
            return .protocolError("The peer sent a frame with reserved opcode 0x\(String(code, radix: 16, uppercase: true)) (RFC 6455 §5.2).")
        }
    }
}
