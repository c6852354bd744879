/// What an ``OCPPWebSocketServer`` reports to its owner, in the order it happens.
public enum ServerEvent: Sendable {
    /// A Charging Station completed the handshake. The channel is open until either side closes it
    /// or the server's scope ends.
    case connected(any MessageChannel)
    /// An attempt that did not become a connection: wrong path or station id, bad credentials, no
    /// agreed subprotocol, TLS failure, timeout… (see ``HandshakeRejection/Reason``).
    case rejected(HandshakeRejection)
}
