import NIOCore
import NIOHTTP1
import NIOSSL
import NIOWebSocket

/// What a client handshake ended in, as the pipeline reports it.
enum ClientUpgradeResult: Sendable {
    case accepted(WebSocketConnection)
    case rejected(status: Int, reason: String)
}

/// Sets up the pipeline of a client connection: TLS for `wss://` with the CSMS certificate checked,
/// the HTTP upgrade request with subprotocols and Basic auth, and after the upgrade the frame
/// handlers. A deadline bounds TLS and upgrade together.
struct ClientPipeline: Sendable {
    let configuration: OCPPWebSocketClient.Configuration
    let endpoint: ClientEndpoint
    let tlsContext: NIOSSLContext?

    /// Set when the deadline closed the connection, so that the failure reads as a timeout.
    final class Deadline: @unchecked Sendable {
        // `lock` guards `expired`, hence `@unchecked Sendable`.
        private var expired = false
        private let lock = Lock()
        var hasExpired: Bool { lock.withLock { expired } }
        func expire() { lock.withLock { expired = true } }
    }

    var requestTarget: String { endpoint.requestTarget(stationId: configuration.stationId) }

    /// Configures a freshly connected channel (on its event loop).
    func configure(_ channel: any Channel, deadline: Deadline) throws -> EventLoopFuture<ClientUpgradeResult> {
        let operations = channel.pipeline.syncOperations
        if let tlsContext {
            try operations.addHandler(
                NIOSSLClientHandler(context: tlsContext, serverHostname: endpoint.hostIsIPAddress ? nil : endpoint.host)
            )
        }
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: endpoint.hostHeader)
        if !configuration.subprotocols.isEmpty {
            headers.add(name: "Sec-WebSocket-Protocol", value: configuration.subprotocols.joined(separator: ", "))
        }
        if let password = configuration.basicAuthPassword {
            let user = configuration.basicAuthUser ?? configuration.stationId
            headers.add(name: "Authorization", value: BasicAuthorization(user: user, password: password.bytes).headerValue)
        }
        let requestHead = HTTPRequestHead(version: .http1_1, method: .GET, uri: requestTarget, headers: headers)

        let recorder = ClientHandshakeRecorder()
        let loopBoundRecorder = NIOLoopBound(recorder, eventLoop: channel.eventLoop)
        let upgrader = NIOTypedWebSocketClientUpgrader<ClientUpgradeResult>(
            maxFrameSize: configuration.limits.maxMessageSize,
            enableAutomaticErrorHandling: false,
            upgradePipelineHandler: { channel, response in
                channel.eventLoop.makeCompletedFuture { try self.upgraded(channel: channel, response: response) }
            }
        )
        let upgradeConfiguration = NIOTypedHTTPClientUpgradeConfiguration<ClientUpgradeResult>(
            upgradeRequestHead: requestHead, upgraders: [upgrader],
            notUpgradingCompletionHandler: { channel in
                // The recorder's answer arrives once the body is complete.
                loopBoundRecorder.value.response(on: channel.eventLoop).map { response in
                    channel.close(promise: nil)
                    return ClientUpgradeResult.rejected(status: response.status, reason: response.reason)
                }
            }
        )
        // Built by hand so that the recorder can sit before the upgrade handler and leave with the
        // HTTP handlers; leftover bytes (frames sent right after the 101) are forwarded, not dropped.
        let encoder = HTTPRequestEncoder()
        let decoder = ByteToMessageHandler(HTTPResponseDecoder(leftOverBytesStrategy: .forwardBytes))
        let upgradeHandler = NIOTypedHTTPClientUpgradeHandler(
            httpHandlers: [recorder, encoder, decoder], upgradeConfiguration: upgradeConfiguration
        )
        try operations.addHandler(encoder)
        try operations.addHandler(decoder)
        try operations.addHandler(recorder)
        try operations.addHandler(upgradeHandler)

        let result = upgradeHandler.upgradeResultFuture
        let timer = channel.eventLoop.scheduleTask(in: TimeAmount(configuration.connectTimeout)) {
            deadline.expire()
            channel.close(promise: nil)
        }
        result.whenComplete { _ in timer.cancel() }
        return result
    }

    private func upgraded(channel: any Channel, response: HTTPResponseHead) throws -> ClientUpgradeResult {
        let chosen = response.headers["Sec-WebSocket-Protocol"].first?.trimmingCharacters(in: .whitespaces)
        if let chosen, !configuration.subprotocols.contains(chosen) {
            // RFC 6455 §4.1: a subprotocol the client did not offer fails the connection.
            channel.close(promise: nil)
            return .rejected(status: 101, reason: "The CSMS chose subprotocol \"\(chosen)\", which was not offered (\(configuration.subprotocols.joined(separator: ", "))).")
        }
        if chosen == nil, !configuration.acceptsMissingSubprotocol {
            channel.close(promise: nil)
            return .rejected(status: 101, reason: "The CSMS completed the handshake without agreeing on any offered subprotocol (\(configuration.subprotocols.joined(separator: ", "))).")
        }
        var info = ConnectionInfo(
            stationId: configuration.stationId, path: requestTarget, offeredSubprotocols: configuration.subprotocols,
            subprotocol: chosen, securityProfile: configuration.securityProfile,
            basicAuthUser: configuration.basicAuthPassword == nil ? nil : (configuration.basicAuthUser ?? configuration.stationId),
            remoteAddress: channel.remoteAddress.map(ServerPipeline.describe)
        )
        if let tls = try? channel.pipeline.syncOperations.handler(type: NIOSSLClientHandler.self) {
            info.tlsVersion = tls.tlsVersion.flatMap(TLSProtocolVersion.init)?.rawValue
            info.peerCertificateSubject = tls.peerCertificate.map { certificate in
                certificate.subjectName.map { "\($0.type == .commonName ? "CN" : $0.type == .organization ? "O" : "OID")=\($0.value)" }
                    .joined(separator: ",")
            }
        }
        let connection = WebSocketConnection(
            channel: channel, info: info, isServer: false, limits: configuration.limits,
            closeTimeout: configuration.closeTimeout, pingInterval: configuration.pingInterval
        )
        try connection.installHandlers()
        return .accepted(connection)
    }
}
