import NIOCore
import NIOHTTP1
import NIOSSL
import NIOWebSocket

/// What one accepted TCP connection became, as the server's pipeline reports it.
enum ServerUpgradeResult: Sendable {
    case accepted(WebSocketConnection)
    case rejected(HandshakeRejection)
}

/// Sets up the pipeline of each connection the server accepts: TLS (profiles 2 and 3), HTTP, the
/// WebSocket upgrade decided by ``HandshakePolicy``, the handshake timeout, and after the upgrade
/// the frame handlers. Every path ends in a ``ServerUpgradeResult`` or a failed future whose cause
/// is in the ``ServerHandshakeRecord``.
struct ServerPipeline: Sendable {
    let policy: HandshakePolicy
    let tlsContext: NIOSSLContext?
    let limits: WebSocketLimits
    let handshakeTimeout: Duration
    let closeTimeout: Duration
    let pingInterval: Duration?
    var gate: ConnectionGate? = nil

    /// Configures a freshly accepted channel (on its event loop).
    func configure(_ channel: any Channel) throws -> (EventLoopFuture<ServerUpgradeResult>, ServerHandshakeRecord) {
        let record = ServerHandshakeRecord(remoteAddress: channel.remoteAddress.map(Self.describe))
        let operations = channel.pipeline.syncOperations
        if let tlsContext {
            try operations.addHandler(NIOSSLServerHandler(context: tlsContext))
        }
        let upgrader = NIOTypedWebSocketServerUpgrader<ServerUpgradeResult>(
            maxFrameSize: limits.maxMessageSize,
            enableAutomaticErrorHandling: false,
            shouldUpgrade: { channel, head in
                channel.eventLoop.makeCompletedFuture { self.shouldUpgrade(channel: channel, head: head, record: record) }
            },
            upgradePipelineHandler: { channel, _ in
                channel.eventLoop.makeCompletedFuture { try self.upgraded(channel: channel, record: record) }
            }
        )
        let upgradeConfiguration = NIOTypedHTTPServerUpgradeConfiguration<ServerUpgradeResult>(
            upgraders: [upgrader],
            notUpgradingCompletionHandler: { channel in
                channel.eventLoop.makeCompletedFuture { self.notUpgraded(channel: channel, record: record) }
            }
        )
        // Built by hand rather than with `configureUpgradableHTTPServerPipeline` so that the monitor
        // can sit between decoder and upgrade handler and leave together with the HTTP handlers.
        let encoder = HTTPResponseEncoder()
        let decoder = ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .forwardBytes))
        let monitor = ServerHandshakeMonitor(record: record)
        let upgradeHandler = NIOTypedHTTPServerUpgradeHandler(
            httpEncoder: encoder, extraHTTPHandlers: [monitor, decoder], upgradeConfiguration: upgradeConfiguration
        )
        try operations.addHandler(encoder)
        try operations.addHandler(decoder)
        try operations.addHandler(monitor)
        try operations.addHandler(upgradeHandler)

        let result = upgradeHandler.upgradeResultFuture
        let timeout = handshakeTimeout
        let timer = channel.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            record.recordFailure(
                .handshakeTimeout,
                detail: "The peer did not complete the TLS and WebSocket handshake within \(timeout); the connection was closed."
            )
            channel.close(promise: nil)
        }
        result.whenComplete { _ in timer.cancel() }
        return (result, record)
    }

    private func shouldUpgrade(channel: any Channel, head: HTTPRequestHead, record: ServerHandshakeRecord) -> HTTPHeaders? {
        var request = HandshakeRequest(
            method: head.method.rawValue, target: head.uri, headers: head.headers.map { ($0.name, $0.value) },
            remoteAddress: record.remoteAddress
        )
        if let tls = try? channel.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self) {
            request.tlsVersion = tls.tlsVersion.flatMap(TLSProtocolVersion.init)?.rawValue
            if let certificate = tls.peerCertificate {
                let names = certificate.subjectName
                request.peerCertificateSubject = names.map { "\(Self.shortName($0.type))=\($0.value)" }.joined(separator: ",")
                request.peerCommonName = names.first { $0.type == .commonName }?.value
            }
        }
        var decision = policy.decide(request)
        if case .reject = decision {} else if gate?.takeRefusal() == true {
            decision = .reject(
                HandshakeRejection(
                    reason: .refusedByHarness, httpStatus: 503,
                    detail: "The harness refuses this connection attempt, as the test case asks (the station is to try again later).",
                    path: request.target, stationId: try? policy.path.stationId(inRequestTarget: request.target),
                    offeredSubprotocols: request.listValues("sec-websocket-protocol"), remoteAddress: request.remoteAddress),
                responseHeaders: [])
        }
        record.record(request: request, decision: decision)
        switch decision {
        case .accept(_, let subprotocol):
            return HTTPHeaders([("Sec-WebSocket-Protocol", subprotocol)])
        case .acceptWithoutSubprotocol:
            return HTTPHeaders()
        case .reject:
            return nil
        }
    }

    private func upgraded(channel: any Channel, record: ServerHandshakeRecord) throws -> ServerUpgradeResult {
        switch record.decision {
        case .accept(let info, _):
            let connection = try install(on: channel, info: info)
            return .accepted(connection)
        case .acceptWithoutSubprotocol(let rejection):
            let info = ConnectionInfo(
                stationId: rejection.stationId ?? "", path: rejection.path ?? "", offeredSubprotocols: rejection.offeredSubprotocols,
                subprotocol: nil, securityProfile: policy.security.profile, remoteAddress: rejection.remoteAddress
            )
            let connection = try install(on: channel, info: info)
            // OCPP-J §3.2: complete the handshake, then close at once.
            connection.frameHandler.startClose(code: 1002, reason: "no agreed subprotocol")
            return .rejected(rejection)
        case .reject, nil:
            throw ChannelError.inappropriateOperationForState
        }
    }

    private func install(on channel: any Channel, info: ConnectionInfo) throws -> WebSocketConnection {
        let connection = WebSocketConnection(
            channel: channel, info: info, isServer: true, limits: limits, closeTimeout: closeTimeout, pingInterval: pingInterval
        )
        try connection.installHandlers()
        return connection
    }

    private func notUpgraded(channel: any Channel, record: ServerHandshakeRecord) -> ServerUpgradeResult {
        var rejection: HandshakeRejection
        var extraHeaders: [(String, String)] = []
        if case .reject(let decided, let headers) = record.decision {
            rejection = decided
            extraHeaders = headers
        } else {
            // No decision: the request was no WebSocket upgrade, or its WebSocket headers were bad.
            let request = record.request()
            rejection = HandshakeRejection(
                reason: .badRequest, httpStatus: 400,
                detail: "Expected a WebSocket upgrade (GET with Upgrade: websocket, Connection: Upgrade, Sec-WebSocket-Key and Sec-WebSocket-Version: 13), but the request \(request.map { "\($0.method) \($0.target)" } ?? "") is not one.",
                path: request?.target, offeredSubprotocols: request?.listValues("sec-websocket-protocol") ?? [],
                remoteAddress: record.remoteAddress
            )
        }
        rejection.at = .now
        let status = HTTPResponseStatus(statusCode: rejection.httpStatus ?? 400)
        var head = HTTPResponseHead(version: .http1_1, status: status)
        let body = channel.allocator.buffer(string: rejection.detail + "\n")
        head.headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        head.headers.add(name: "Content-Length", value: String(body.readableBytes))
        head.headers.add(name: "Connection", value: "close")
        for (name, value) in extraHeaders { head.headers.add(name: name, value: value) }
        channel.write(HTTPServerResponsePart.head(head), promise: nil)
        channel.write(HTTPServerResponsePart.body(.byteBuffer(body)), promise: nil)
        channel.writeAndFlush(HTTPServerResponsePart.end(nil)).whenComplete { _ in
            channel.close(promise: nil)
        }
        return .rejected(rejection)
    }

    static func describe(_ address: SocketAddress) -> String {
        if let ip = address.ipAddress, let port = address.port {
            return address.protocol == .inet6 ? "[\(ip)]:\(port)" : "\(ip):\(port)"
        }
        return "\(address)"
    }

    private static func shortName(_ type: SSLCertificateNameType) -> String {
        switch type {
        case .commonName: "CN"
        case .organization: "O"
        case .organizationalUnit: "OU"
        case .country: "C"
        case .state: "ST"
        case .city: "L"
        case .emailAddress: "emailAddress"
        case .userId: "UID"
        default: "OID"
        }
    }
}
