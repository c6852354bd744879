import NIOCore
import NIOPosix
import NIOSSL
import NIOWebSocket
import NIOHTTP1

/// The harness as a Charging Station: dials a CSMS over `ws://` or `wss://` (security profiles 0 to
/// 3) and hands the established connection to a closure, closing it when the closure ends.
///
/// ```swift
/// let configuration = OCPPWebSocketClient.Configuration(endpoint: "ws://127.0.0.1:9000/ocpp", stationId: "CS001")
/// try await OCPPWebSocketClient.connect(configuration) { channel in
///     try await channel.send(text: #"[2,"1","Heartbeat",{}]"#)
///     for await event in channel.events { … }
/// }
/// ```
public enum OCPPWebSocketClient {
    /// Connects, runs `body` with the connection, then closes it (with 1000 if it is still open).
    ///
    /// `body` runs on the event loop that owns the connection's socket (unless `isolation` puts it
    /// on an actor), which saves two thread hand-overs per message; it must not block.
    ///
    /// - Throws: ``TransportError/handshakeRejected(status:reason:)`` when the CSMS answers the
    ///   upgrade with another status than 101 (or 101 with an unusable subprotocol);
    ///   ``TransportError/tls(_:)`` when TLS fails (untrusted or misnamed CSMS certificate, version
    ///   refused, client certificate refused); ``TransportError/timeout(_:)`` when the connection is
    ///   not up within the connect timeout; ``TransportError/connectFailed(_:)`` when TCP fails;
    ///   or what `body` throws.
    public static func connect<Result>(
        _ configuration: Configuration,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (any MessageChannel) async throws -> Result
    ) async throws -> Result {
        let connection = try await open(configuration)
        let result: Swift.Result<Result, any Error>
        do {
            result = .success(
                try await withTaskCancellationHandler {
                    try await connection.eventLoop.withPreferredExecutor(isolation: isolation) { try await body(connection) }
                } onCancel: {
                    connection.closeNow()
                }
            )
        } catch {
            result = .failure(error)
        }
        await connection.close(code: 1000, reason: "")
        return try result.get()
    }

    /// Dials and completes the handshake.
    static func open(_ configuration: Configuration) async throws -> WebSocketConnection {
        try configuration.limits.validate()
        let endpoint = try ClientEndpoint(configuration.endpoint)
        let tlsContext: NIOSSLContext? =
            endpoint.secure
            ? try TLSContextFactory.clientContext(
                trustedCAsPEM: configuration.trustedCAsPEM, identity: configuration.clientIdentity,
                verifyHostname: configuration.verifyHostname, minimum: configuration.minimumTLSVersion,
                maximum: configuration.maximumTLSVersion
            ) : nil
        let pipeline = ClientPipeline(configuration: configuration, endpoint: endpoint, tlsContext: tlsContext)
        let deadline = ClientPipeline.Deadline()
        let target = "\(endpoint.secure ? "wss" : "ws")://\(endpoint.hostHeader)\(pipeline.requestTarget)"

        let upgrade: EventLoopFuture<ClientUpgradeResult>
        do {
            upgrade = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(TimeAmount(configuration.connectTimeout))
                .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                .connect(host: endpoint.host, port: endpoint.port) { channel in
                    channel.eventLoop.makeCompletedFuture { try pipeline.configure(channel, deadline: deadline) }
                }
        } catch {
            throw transportError(for: error, target: target, configuration: configuration, deadline: deadline)
        }
        let result: ClientUpgradeResult
        do {
            result = try await upgrade.get()
        } catch {
            throw transportError(for: error, target: target, configuration: configuration, deadline: deadline)
        }
        switch result {
        case .accepted(let connection):
            return connection
        case .rejected(let status, let reason):
            throw TransportError.handshakeRejected(status: status, reason: reason)
        }
    }

    /// Turns what NIO reports into a ``TransportError`` that says where dialling failed.
    static func transportError(
        for error: any Error, target: String, configuration: Configuration, deadline: ClientPipeline.Deadline
    ) -> TransportError {
        if deadline.hasExpired {
            return .timeout("the connection to \(target) was not established within \(configuration.connectTimeout)")
        }
        switch error {
        case let error as TransportError:
            return error
        case is NIOSSLError, is BoringSSLError, is NIOSSLExtraError:
            return .tls("the TLS connection to \(target) failed: \(TLSFailureDescription.describe(error))")
        case let error as NIOConnectionError:
            return .connectFailed(describe(error))
        case ChannelError.connectTimeout:
            return .timeout("the TCP connection to \(target) was not established within \(configuration.connectTimeout)")
        case let error as NIOHTTPClientUpgradeError where error == .upgraderDeniedUpgrade:
            return .handshakeRejected(status: 101, reason: "The CSMS's Sec-WebSocket-Accept does not match the Sec-WebSocket-Key sent (RFC 6455 §4.1).")
        case let error as NIOHTTPClientUpgradeError where error == .responseProtocolNotFound:
            return .handshakeRejected(status: 101, reason: "The CSMS switched protocols without \"Upgrade: websocket\".")
        case ChannelError.inputClosed, ChannelError.inappropriateOperationForState, ChannelError.ioOnClosedChannel, ChannelError.eof:
            return .connectFailed("\(target) closed the connection before completing the WebSocket handshake")
        default:
            return .connectFailed("\(target): \(error)")
        }
    }

    /// Why TCP did not connect, in words: the name did not resolve, nothing listens, or the
    /// system's error for each address tried.
    static func describe(_ error: NIOConnectionError) -> String {
        let place = "\(error.host):\(error.port)"
        if error.connectionErrors.isEmpty {
            var dns: [String] = []
            for text in [error.dnsAError, error.dnsAAAAError].compactMap({ $0 }).map({ "\($0)" }) where !dns.contains(text) { dns.append(text) }
            return "the host name \"\(error.host)\" could not be resolved (DNS\(dns.isEmpty ? "" : ": " + dns.joined(separator: "; ")))"
        }
        let failures = error.connectionErrors.map { failure -> String in
            if let io = failure.error as? IOError {
                switch io.errnoCode {
                case ECONNREFUSED: return "nothing is listening on \(place) (connection refused)"
                case ENETUNREACH, EHOSTUNREACH: return "\(place) cannot be reached (no route to the host)"
                default: return "the TCP connection to \(place) failed: \(String(cString: strerror(io.errnoCode))) (errno \(io.errnoCode))"
                }
            }
            return "the TCP connection to \(place) failed: \(failure.error)"
        }
        var unique: [String] = []
        for f in failures where !unique.contains(f) { unique.append(f) }
        return unique.joined(separator: "; ")
    }
}
