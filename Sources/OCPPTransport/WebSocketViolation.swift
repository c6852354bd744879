import NIOCore
import NIOWebSocket

/// A WebSocket-level mistake by the peer, with the close code RFC 6455 §7.4.1 gives it. Raised by
/// the frame validator and the limits, turned into a ``TransportEvent/violation(_:at:)`` and a close
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

    /// Maps the errors of NIO's frame decoder and aggregator; `nil` for errors that are not the
    /// peer's WebSocket mistakes (I/O, TLS shutdown).
    init?(nioError error: any Error, limits: WebSocketLimits) {
        switch error {
        case let violation as WebSocketViolation:
            self = violation
        case let error as NIOWebSocketError:
            switch error {
            case .invalidFrameLength:
                self.init(message: "The peer sent a frame longer than the limit of \(limits.maxMessageSize) bytes.", closeCode: 1009)
            case .fragmentedControlFrame:
                self = .protocolError("The peer sent a fragmented control frame (RFC 6455 §5.5: control frames must not be fragmented).")
            case .multiByteControlFrameLength:
                self = .protocolError("The peer sent a control frame with more than 125 bytes of payload (RFC 6455 §5.5).")
            }
        case let error as NIOWebSocketFrameAggregator.Error:
            switch error {
            case .accumulatedFrameSizeIsTooLarge:
                self.init(message: "The peer sent a fragmented message longer than the limit of \(limits.maxMessageSize) bytes.", closeCode: 1009)
            case .tooManyFragments:
                self.init(message: "The peer sent a message in more than \(limits.maxFragments) fragments.", closeCode: 1009)
            case .nonFinalFragmentSizeIsTooSmall:
                self = .protocolError("The peer sent a non-final fragment below the minimum size.")
            case .receivedNewFrameWithoutFinishingPrevious:
                self = .protocolError("The peer started a new message before finishing the fragmented one (RFC 6455 §5.4).")
            case .didReceiveFragmentBeforeReceivingTextOrBinaryFrame:
                self = .protocolError("The peer sent a continuation frame with no message to continue (RFC 6455 §5.4).")
            }
        default:
            return nil
        }
    }
}
