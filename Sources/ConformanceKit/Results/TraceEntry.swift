import Foundation

/// One line of a case's trace: a frame on the wire, or something the harness did or noticed.
public struct TraceEntry: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// A WebSocket message the DUT sent.
        case fromDUT
        /// A WebSocket message the harness sent.
        case toDUT
        /// Connection opened, closed, subprotocol, TLS facts.
        case connection
        /// A physical action performed or prompted.
        case action
        /// Step progress, background replies, timeouts: the harness's own notes.
        case note
        /// A finding that fails the case (schema violation, OCPP-J rule broken).
        case finding
    }

    public var kind: Kind
    /// Time since the case started.
    public var offset: Duration
    /// Wall-clock time of the entry (for correlating with device logs).
    public var timestamp: Date
    /// The frame text exactly as on the wire, or the note.
    public var text: String
    /// For frames: "CALL BootNotification", "CALLRESULT", "CALLERROR SecurityError".
    public var summary: String?
    /// The OCPP-J message id, for frames.
    public var messageId: String?
    /// The step running when the entry was made.
    public var step: Int?

    public init(kind: Kind, offset: Duration, timestamp: Date, text: String, summary: String? = nil, messageId: String? = nil, step: Int? = nil) {
        self.kind = kind
        self.offset = offset
        self.timestamp = timestamp
        self.text = text
        self.summary = summary
        self.messageId = messageId
        self.step = step
    }

    /// Seconds since case start, for reports.
    public var seconds: Double {
        Double(offset.components.seconds) + Double(offset.components.attoseconds) / 1e18
    }
}
