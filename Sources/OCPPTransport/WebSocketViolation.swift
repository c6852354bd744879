import NIOCore
import NIOWebSocket

/// A WebSocket-level mistake by the peer, with the close code RFC 6455 §7.4.1 gives it. Raised by
/// NIO's frame decoder and ``WebSocketFrameAssembler``, turned into a ``TransportEvent/violation(_:at:)`` and a close
/// frame by ``WebSocketFrameHandler``.
struct WebSocketViolation: Error, Sendable, Equatable {
    /// What the peer did, as a sentence.
    var message: String
    /// The close code to answer with: 1002 protocol error, 1007 bad data, 1009 too big.
    var closeCode: UInt16

    init(message: String, closeCode: UInt16) {
        self.message = message
        self.closeCode = closeCode
    }

    static func protocolError(_ message: String) -> Self { Self(message: message, closeCode: 1002) }

    /// Maps the errors of NIO's frame decoder; `nil` for errors that are not the
    /// peer's WebSocket mistakes (I/O, TLS shutdown).
    init?(nioError error: any Error, limits: WebSocketLimits) {
        switch error {
        case let error as NIOWebSocketError:
            switch error {
            case .invalidFrameLength:
                self.init(message: "The peer sent a frame longer than the limit of \(limits.maxMessageSize) bytes.", closeCode: 1009)
            case .fragmentedControlFrame:
                self = .protocolError("The peer sent a fragmented control frame (RFC 6455 §5.5: control frames must not be fragmented).")
            case .multiByteControlFrameLength:
                self = .protocolError("The peer sent a control frame with more than 125 bytes of payload (RFC 6455 §5.5).")
            }
        default:
            return nil
        }
    }
}
