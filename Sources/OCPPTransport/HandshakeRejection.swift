/// A connection attempt that did not become an OCPP-J connection, as the server saw it: what went
/// wrong, for which path and station, and what the server answered. The server reports every one of
/// them (``ServerEvent/rejected(_:)``); none is swallowed.
public struct HandshakeRejection: Sendable, Hashable, CustomStringConvertible {
    /// Why the attempt failed.
    public enum Reason: String, Sendable, Hashable, CaseIterable {
        /// The path is not `/<prefix>/<stationId>` (HTTP 404).
        case wrongPath
        /// The station id is not one the server expects (OCPP-J §3.2: HTTP 404).
        case unknownStationId
        /// Security profile 1 or 2 and no `Authorization: Basic` header (HTTP 401).
        case missingCredentials
        /// The Basic auth user name is not the station id, or the password is wrong (HTTP 401).
        case wrongCredentials
        /// The handshake completed without `Sec-WebSocket-Protocol` because no offered subprotocol is
        /// accepted, and the connection was closed right after (OCPP-J §3.2).
        case noAgreedSubprotocol
        /// The request is not a valid WebSocket upgrade (HTTP 400): wrong method, missing or bad
        /// `Sec-WebSocket-Key`/`Sec-WebSocket-Version`, or not HTTP at all.
        case badRequest
        /// The TLS handshake failed: protocol version, missing, expired or untrusted client certificate…
        case tlsFailure
        /// The HTTP upgrade did not complete within the handshake timeout.
        case handshakeTimeout
        /// The peer closed the connection before the handshake finished.
        case closedDuringHandshake
        /// A test case asked the harness to refuse this attempt (HTTP 503; Part 4 §5.3 back-off).
        case refusedByHarness
    }

    /// Why the attempt failed.
    public var reason: Reason
    /// The HTTP status the server answered with: 101 for ``Reason/noAgreedSubprotocol``, `nil` when
    /// no HTTP response was sent (TLS failure, timeout, early close).
    public var httpStatus: Int?
    /// A sentence saying what was expected and what came.
    public var detail: String
    /// The request path, when a request head arrived.
    public var path: String?
    /// The percent-decoded station id from the path, when the path had one.
    public var stationId: String?
    /// The subprotocols the client offered, in its order.
    public var offeredSubprotocols: [String]
    /// The peer's address.
    public var remoteAddress: String?
    /// When the server gave up on the attempt.
    public var at: ContinuousClock.Instant

    /// Describes a rejected attempt.
    public init(
        reason: Reason, httpStatus: Int?, detail: String, path: String? = nil, stationId: String? = nil,
        offeredSubprotocols: [String] = [], remoteAddress: String? = nil, at: ContinuousClock.Instant = .now
    ) {
        self.reason = reason
        self.httpStatus = httpStatus
        self.detail = detail
        self.path = path
        self.stationId = stationId
        self.offeredSubprotocols = offeredSubprotocols
        self.remoteAddress = remoteAddress
        self.at = at
    }

    /// One line for logs: reason, status, path, peer and detail.
    public var description: String {
        var text = "handshake rejected (\(reason.rawValue)"
        if let httpStatus { text += ", HTTP \(httpStatus)" }
        text += ")"
        if let path { text += " for \(path)" }
        if let remoteAddress { text += " from \(remoteAddress)" }
        return text + ": " + detail
    }
}
