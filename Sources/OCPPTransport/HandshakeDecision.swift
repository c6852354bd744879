/// The server's answer to an upgrade request.
enum HandshakeDecision: Sendable {
    /// Switch protocols with this subprotocol in `Sec-WebSocket-Protocol`.
    case accept(ConnectionInfo, subprotocol: String)
    /// OCPP-J §3.2: no offered subprotocol is acceptable, so complete the handshake without
    /// `Sec-WebSocket-Protocol` and close the connection right after.
    case acceptWithoutSubprotocol(HandshakeRejection)
    /// Answer with this HTTP status (in the rejection) and these extra headers, then close.
    case reject(HandshakeRejection, responseHeaders: [(String, String)])
}
