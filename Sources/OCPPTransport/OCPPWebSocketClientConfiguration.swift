extension OCPPWebSocketClient {
    /// How the harness dials a CSMS as a Charging Station.
    public struct Configuration: Sendable {
        /// The CSMS's OCPP-J endpoint URL (`ws://127.0.0.1:9000/ocpp` or `wss://…`); the station id is
        /// appended as a percent-encoded path segment (OCPP-J §3.1.1), unless the URL is a template
        /// holding `{stationId}` where the id goes (`ws://host/ws/ocpp/{stationId}/`).
        public var endpoint: String
        /// The station's identity, the last path segment and the Basic auth user name.
        public var stationId: String
        /// The subprotocols to offer, in order of preference (`Sec-WebSocket-Protocol`).
        public var subprotocols: [String]
        /// The Basic auth password (profiles 1 and 2); `nil` sends no Authorization header.
        public var basicAuthPassword: BasicAuthPassword?
        /// The Basic auth user name; `nil` uses the station id, as OCPP-J requires. Negative tests
        /// (TC_A_02_CSMS) set another one.
        public var basicAuthUser: String?
        /// PEM certificates to trust for the CSMS's certificate (`wss://`); `nil` uses the system's.
        public var trustedCAsPEM: String?
        /// The station's client certificate and key (profile 3).
        public var clientIdentity: TLSIdentity?
        /// Whether the CSMS certificate must name the host dialled (DNS or IP subject alternative name).
        public var verifyHostname: Bool
        /// The oldest TLS version to offer.
        public var minimumTLSVersion: TLSProtocolVersion
        /// The newest TLS version to offer; a test sets `.tls1_1` here to check that a CSMS refuses it.
        public var maximumTLSVersion: TLSProtocolVersion?
        /// The longest the TCP connection, TLS handshake and WebSocket upgrade may take together.
        public var connectTimeout: Duration
        /// Limits on messages from the CSMS.
        public var limits: WebSocketLimits
        /// When set, the client pings the CSMS this often (OCPP 2.0.1 `WebSocketPingInterval`).
        public var pingInterval: Duration?
        /// How long to wait for the peer's close frame after sending one, before dropping TCP.
        public var closeTimeout: Duration
        /// When false (the default), a handshake that completes without a `Sec-WebSocket-Protocol`
        /// header fails with ``TransportError/handshakeRejected(status:reason:)``; when true, the
        /// channel is handed over with ``ConnectionInfo/subprotocol`` `nil`, so that a test can watch
        /// the CSMS close it (OCPP-J §3.2).
        public var acceptsMissingSubprotocol: Bool

        /// A configuration for dialling `endpoint` as `stationId`.
        public init(
            endpoint: String, stationId: String, subprotocols: [String] = ["ocpp2.0.1"],
            basicAuthPassword: BasicAuthPassword? = nil, basicAuthUser: String? = nil, trustedCAsPEM: String? = nil,
            clientIdentity: TLSIdentity? = nil, verifyHostname: Bool = true, minimumTLSVersion: TLSProtocolVersion = .tls1_2,
            maximumTLSVersion: TLSProtocolVersion? = nil, connectTimeout: Duration = .seconds(10),
            limits: WebSocketLimits = WebSocketLimits(), pingInterval: Duration? = nil, closeTimeout: Duration = .seconds(2),
            acceptsMissingSubprotocol: Bool = false
        ) {
            self.endpoint = endpoint
            self.stationId = stationId
            self.subprotocols = subprotocols
            self.basicAuthPassword = basicAuthPassword
            self.basicAuthUser = basicAuthUser
            self.trustedCAsPEM = trustedCAsPEM
            self.clientIdentity = clientIdentity
            self.verifyHostname = verifyHostname
            self.minimumTLSVersion = minimumTLSVersion
            self.maximumTLSVersion = maximumTLSVersion
            self.connectTimeout = connectTimeout
            self.limits = limits
            self.pingInterval = pingInterval
            self.closeTimeout = closeTimeout
            self.acceptsMissingSubprotocol = acceptsMissingSubprotocol
        }

        /// The OCPP security profile these settings amount to.
        public var securityProfile: Int {
            let secure = endpoint.lowercased().hasPrefix("wss:")
            switch (secure, clientIdentity != nil, basicAuthPassword != nil) {
            case (true, true, _): return 3
            case (true, false, _): return 2
            case (false, _, true): return 1
            case (false, _, false): return 0
            }
        }

        /// The URL dialled: the endpoint with the station id appended or put into its template;
        /// the endpoint as written when it is not a ws:// or wss:// URL.
        public var dialledURL: String {
            guard let parsed = try? ClientEndpoint(endpoint) else { return endpoint }
            return "\(parsed.secure ? "wss" : "ws")://\(parsed.hostHeader)\(parsed.requestTarget(stationId: stationId))"
        }
    }
}
