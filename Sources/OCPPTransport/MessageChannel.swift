import OCPPProtocol

/// What one live OCPP-J connection reports to the layers above the WebSocket.
public enum TransportEvent: Sendable {
    /// A complete text message (fragments already reassembled).
    case text(String, at: MonotonicInstant)
    /// A text message whose bytes are not UTF-8 (RFC 6455 §8.1); the bytes as received.
    case invalidText([UInt8], at: MonotonicInstant)
    /// A binary message: OCPP-J allows text frames only.
    case binary([UInt8], at: MonotonicInstant)
    /// A WebSocket ping or pong from the peer.
    case ping(at: MonotonicInstant)
    case pong(at: MonotonicInstant)
    /// Something at the WebSocket level that the peer got wrong and that is worth reporting
    /// (oversized frame, garbage, protocol error). The connection may be closed after it.
    case violation(String, at: MonotonicInstant)
    /// The connection is gone. `code` is the peer's close code when it sent a close frame.
    case closed(code: UInt16?, reason: String, at: MonotonicInstant)
}

/// Facts about a connection established by the transport.
public struct ConnectionInfo: Sendable, Hashable {
    /// The station id: the last path segment of the URL, percent-decoded.
    public var stationId: String
    /// The full request path as sent (`/ocpp/CS001`).
    public var path: String
    /// The subprotocols the client offered, in its order.
    public var offeredSubprotocols: [String]
    /// The subprotocol agreed in the handshake; `nil` when none was.
    public var subprotocol: String?
    /// The OCPP version of the agreed subprotocol.
    public var version: OCPPVersion? { subprotocol.flatMap(OCPPVersion.init(subprotocol:)) }
    /// 0 plain, 1 Basic auth, 2 TLS + Basic auth, 3 mutual TLS.
    public var securityProfile: Int
    /// The Basic auth user name the client sent, if any (never the password).
    public var basicAuthUser: String?
    /// The negotiated TLS version (`TLSv1.2`, `TLSv1.3`), when TLS is used.
    public var tlsVersion: String?
    /// The subject of the peer's certificate (mutual TLS).
    public var peerCertificateSubject: String?
    public var remoteAddress: String?
    /// OCPP-J rules the peer broke during the handshake that did not stop the connection, each a
    /// sentence: a Basic auth password outside the version's format, a station id with a colon or
    /// longer than 48 characters, a client certificate whose common name is not the station id.
    /// The engine turns them into verdicts; the transport only reports them.
    public var handshakeFindings: [String]

    public init(
        stationId: String, path: String, offeredSubprotocols: [String] = [], subprotocol: String?,
        securityProfile: Int = 0, basicAuthUser: String? = nil, tlsVersion: String? = nil,
        peerCertificateSubject: String? = nil, remoteAddress: String? = nil, handshakeFindings: [String] = []
    ) {
        self.stationId = stationId
        self.path = path
        self.offeredSubprotocols = offeredSubprotocols
        self.subprotocol = subprotocol
        self.securityProfile = securityProfile
        self.basicAuthUser = basicAuthUser
        self.tlsVersion = tlsVersion
        self.peerCertificateSubject = peerCertificateSubject
        self.remoteAddress = remoteAddress
        self.handshakeFindings = handshakeFindings
    }
}

/// The boundary between the WebSocket transport and everything above it: one established
/// connection that carries text messages. The WebSocket server and client implement it over NIO;
/// tests implement it in memory (``InMemoryChannel``). NIO types never cross this line.
public protocol MessageChannel: Sendable {
    var info: ConnectionInfo { get }
    /// Everything the peer does, in order. Finishes after `.closed`. One task at a time may
    /// iterate it.
    var events: TransportEvents { get }
    /// Sends one text message.
    nonisolated(nonsending) func send(text: String) async throws
    /// Fault injection: writes these bytes to the connection as they are, outside WebSocket
    /// framing (after TLS, if any).
    func sendRaw(bytes: [UInt8]) async throws
    /// Fault injection: sends a WebSocket frame with any opcode and payload (a binary frame, a
    /// text frame with invalid UTF-8…).
    func sendFrame(opcode: UInt8, payload: [UInt8], fin: Bool) async throws
    /// Sends a close frame with this code and reason, then closes.
    func close(code: UInt16, reason: String) async
    /// Drops the TCP connection without a close frame.
    func abort() async
}

/// Errors of the transport seen from above.
public enum TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    case closed
    case connectFailed(String)
    case handshakeRejected(status: Int, reason: String)
    case tls(String)
    case timeout(String)
    /// The server or client configuration cannot be used (unreadable PEM, malformed URL, bad
    /// limits…); the text says which setting and why.
    case invalidConfiguration(String)

    public var description: String {
        switch self {
        case .closed: "the connection is closed"
        case .connectFailed(let s): "could not connect: \(s)"
        case .handshakeRejected(let status, let reason): "the WebSocket handshake was rejected with HTTP \(status): \(reason)"
        case .tls(let s): "TLS failed: \(s)"
        case .timeout(let s): "timed out: \(s)"
        case .invalidConfiguration(let s): "invalid transport configuration: \(s)"
        }
    }

    /// Why a connection did not come up, for a sentence that already says "could not connect to
    /// <URL>": the TCP, DNS or TLS failure, or the HTTP status the server answered the upgrade with.
    public var cause: String {
        switch self {
        case .connectFailed(let s), .tls(let s), .timeout(let s): s
        case .handshakeRejected(let status, let reason) where status == 101:
            "the server switched protocols but the WebSocket handshake is not usable: \(reason)"
        case .handshakeRejected(let status, let reason):
            Self.rejection(status: status, reason: reason)
        case .closed, .invalidConfiguration: description
        }
    }

    /// "HTTP 403 Forbidden instead of 101 Switching Protocols (body: …)" from a status and the
    /// client's reason text, which is "<code> <phrase>" and maybe ": <start of the body>".
    static func rejection(status: Int, reason: String) -> String {
        var line = reason.hasPrefix("\(status)") ? reason : "\(status)\(reason.isEmpty ? "" : " " + reason)"
        var body = ""
        if let colon = line.range(of: ": ") {
            body = String(line[colon.upperBound...])
            line = String(line[..<colon.lowerBound])
        }
        return "the server answered the WebSocket upgrade with HTTP \(line) instead of 101 Switching Protocols" + (body.isEmpty ? "" : " (its answer: \(body))")
    }
}
