import OCPPProtocol

extension OCPPWebSocketServer {
    /// How the harness listens as a CSMS.
    public struct Configuration: Sendable {
        /// The address to listen on. Tests use 127.0.0.1.
        public var host: String
        /// The port; 0 picks a free one, reported as ``OCPPWebSocketServer/port``.
        public var port: Int
        /// The OCPP-J endpoint path before the station id (`ocpp` → `/ocpp/<stationId>`; empty for
        /// `/<stationId>`).
        public var pathPrefix: String
        /// The station ids the CSMS knows; others get HTTP 404 (OCPP-J §3.2). `nil` accepts any id.
        public var stationIds: Set<String>?
        /// The OCPP versions the CSMS accepts, which decides the subprotocols it agrees to.
        public var versions: [OCPPVersion]
        /// Security profile 0 to 3 with its credentials.
        public var security: ServerSecurity
        /// The oldest TLS version accepted (profiles 2 and 3). OCPP asks for TLS 1.2 or later.
        public var minimumTLSVersion: TLSProtocolVersion
        /// The newest TLS version offered; `nil` for the newest the library has.
        public var maximumTLSVersion: TLSProtocolVersion?
        /// Limits on messages from stations.
        public var limits: WebSocketLimits
        /// When set, the server pings each station this often. Pongs are reported as events.
        public var pingInterval: Duration?
        /// A connection that has not completed TLS and the HTTP upgrade within this time is closed
        /// and reported, so that slow or stuck peers cannot hold connections open.
        public var handshakeTimeout: Duration
        /// How long to wait for the peer's close frame after sending one, before dropping TCP.
        public var closeTimeout: Duration
        /// When set, pending refusals of the gate turn otherwise accepted upgrade requests into
        /// HTTP 503 answers (a test case makes the station's reconnection attempts fail).
        public var gate: ConnectionGate?
        /// Further endpoint paths stations may connect on besides `pathPrefix` (a second CSMS URL
        /// that a network profile points to, B10).
        public var alternatePathPrefixes: [String] = []

        /// A configuration; only `security` has no default.
        public init(
            host: String = "127.0.0.1", port: Int = 0, pathPrefix: String = "ocpp", stationIds: Set<String>? = nil,
            versions: [OCPPVersion] = [.v201], security: ServerSecurity = .unsecured,
            minimumTLSVersion: TLSProtocolVersion = .tls1_2, maximumTLSVersion: TLSProtocolVersion? = nil,
            limits: WebSocketLimits = WebSocketLimits(), pingInterval: Duration? = nil,
            handshakeTimeout: Duration = .seconds(10), closeTimeout: Duration = .seconds(2)
        ) {
            self.host = host
            self.port = port
            self.pathPrefix = pathPrefix
            self.stationIds = stationIds
            self.versions = versions
            self.security = security
            self.minimumTLSVersion = minimumTLSVersion
            self.maximumTLSVersion = maximumTLSVersion
            self.limits = limits
            self.pingInterval = pingInterval
            self.handshakeTimeout = handshakeTimeout
            self.closeTimeout = closeTimeout
        }
    }
}
