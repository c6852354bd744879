import OCPPProtocol

/// Two ``MessageChannel``s wired back to back in memory, for tests and for in-process reference
/// devices: what one side sends, the other receives. No sockets, no NIO.
public final class InMemoryChannel: MessageChannel, @unchecked Sendable {
    public let info: ConnectionInfo
    public let events: TransportEvents
    private let producer: TransportEvents.Buffer
    private weak var peer: InMemoryChannel?
    private let lock = Lock()
    private var isClosed = false

    private init(info: ConnectionInfo) {
        self.info = info
        (events, producer) = TransportEvents.make()
    }

    /// A connected pair: `client` is the Charging Station's end, `server` the CSMS's end.
    public static func pair(info: ConnectionInfo) -> (client: InMemoryChannel, server: InMemoryChannel) {
        let a = InMemoryChannel(info: info)
        let b = InMemoryChannel(info: info)
        a.peer = b
        b.peer = a
        return (a, b)
    }

    private var closed: Bool { lock.withLock { isClosed } }

    /// The events buffer itself ignores everything after `.closed`; `isClosed` is kept for `send`.
    private func deliver(_ event: TransportEvent) {
        if case .closed = event { lock.withLock { isClosed = true } }
        producer.yield(event)
    }

    public nonisolated(nonsending) func send(text: String) async throws {
        guard !closed, let peer else { throw TransportError.closed }
        peer.deliver(.text(text, at: .now))
    }

    public func sendRaw(bytes: [UInt8]) async throws {
        guard !closed, let peer else { throw TransportError.closed }
        // Raw bytes outside WebSocket framing break the protocol: the peer sees a violation and closes.
        peer.deliver(.violation("received \(bytes.count) bytes that are not a valid WebSocket frame", at: .now))
        peer.deliver(.closed(code: 1002, reason: "protocol error", at: .now))
        deliver(.closed(code: 1002, reason: "protocol error", at: .now))
    }

    public func sendFrame(opcode: UInt8, payload: [UInt8], fin: Bool) async throws {
        guard !closed, let peer else { throw TransportError.closed }
        switch opcode {
        case 0x1:
            if let text = String(validating: payload, as: UTF8.self) {
                peer.deliver(.text(text, at: .now))
            } else {
                peer.deliver(.invalidText(payload, at: .now))
            }
        case 0x2: peer.deliver(.binary(payload, at: .now))
        case 0x9: peer.deliver(.ping(at: .now))
        case 0xA: peer.deliver(.pong(at: .now))
        default: peer.deliver(.violation("received a frame with opcode \(opcode)", at: .now))
        }
    }

    public func close(code: UInt16, reason: String) async {
        peer?.deliver(.closed(code: code, reason: reason, at: .now))
        deliver(.closed(code: code, reason: reason, at: .now))
    }

    public func abort() async {
        peer?.deliver(.closed(code: nil, reason: "connection dropped", at: .now))
        deliver(.closed(code: nil, reason: "connection dropped", at: .now))
    }
}
