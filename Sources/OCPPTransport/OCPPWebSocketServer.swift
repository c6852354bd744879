import NIOCore
import NIOPosix

/// The harness as a CSMS: a WebSocket server for OCPP-J that Charging Stations connect to.
///
/// It accepts `/<prefix>/<stationId>` (OCPP-J §3.1.1), negotiates the subprotocol (§3.2), checks
/// Basic auth (profiles 1 and 2) and client certificates (profile 3), and reports every attempt —
/// connected or rejected — as a ``ServerEvent``. The server lives exactly as long as the closure
/// given to ``run(_:isolation:_:)``; so do its connections.
///
/// ```swift
/// try await OCPPWebSocketServer.run(.init(stationIds: ["CS001"])) { server in
///     print("listening on", server.endpointURL)
///     for await event in server.events {
///         if case .connected(let channel) = event { … }
///     }
/// }
/// ```
public struct OCPPWebSocketServer: Sendable {
    /// The configuration the server runs with.
    public let configuration: Configuration
    /// The port the server is bound to (the ephemeral one when the configuration said 0).
    public let port: Int
    /// Connections and rejected attempts, in order. Finishes when the server stops.
    public let events: AsyncStream<ServerEvent>

    /// The OCPP-J endpoint URL stations append their id to: `ws://host:port/prefix`, or `wss://`
    /// for profiles 2 and 3.
    public var endpointURL: String {
        let scheme = configuration.security.identity == nil ? "ws" : "wss"
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        return "\(scheme)://\(host):\(port)\(StationPath(prefix: configuration.pathPrefix).prefixPath)"
    }

    /// Starts the server, runs `body` with it, and stops the server when `body` returns or throws:
    /// the listening socket and every connection are closed and their tasks ended before `run`
    /// returns.
    ///
    /// - Parameters:
    ///   - configuration: where to listen and how to authenticate stations.
    ///   - onConnection: when given, runs for each connected station in that connection's own child
    ///     task, on the event loop that owns its socket, which saves two thread hand-overs per
    ///     message; it must not block. The connection is closed (1000) when it returns, and its
    ///     events end when that task is cancelled (not when a child task that reads them is). The
    ///     ``ServerEvent/connected(_:)`` event is still reported, but the channel's `events` then
    ///     belong to `onConnection`.
    ///   - body: runs while the server listens; read ``events`` here.
    /// - Throws: ``TransportError/invalidConfiguration(_:)`` for unusable settings,
    ///   ``TransportError/connectFailed(_:)`` when the address cannot be bound, or what `body` throws.
    public static func run<Result>(
        _ configuration: Configuration,
        isolation: isolated (any Actor)? = #isolation,
        onConnection: (@Sendable (any MessageChannel) async -> Void)? = nil,
        _ body: (OCPPWebSocketServer) async throws -> Result
    ) async throws -> Result {
        try configuration.limits.validate()
        let tlsContext = try TLSContextFactory.serverContext(
            security: configuration.security, minimum: configuration.minimumTLSVersion, maximum: configuration.maximumTLSVersion
        )
        let pipeline = ServerPipeline(
            policy: HandshakePolicy(
                path: StationPath(prefix: configuration.pathPrefix), stationIds: configuration.stationIds,
                versions: configuration.versions, security: configuration.security,
                alternatePaths: configuration.alternatePathPrefixes.map(StationPath.init(prefix:))
            ),
            tlsContext: tlsContext, limits: configuration.limits, handshakeTimeout: configuration.handshakeTimeout,
            closeTimeout: configuration.closeTimeout, pingInterval: configuration.pingInterval, gate: configuration.gate
        )

        typealias Accepted = (EventLoopFuture<ServerUpgradeResult>, ServerHandshakeRecord)
        let listener: NIOAsyncChannel<Accepted, Never>
        do {
            listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .serverChannelOption(.backlog, value: 256)
                // OCPP messages are small request/response pairs: send each at once.
                .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
                .bind(host: configuration.host, port: configuration.port) { channel in
                    channel.eventLoop.makeCompletedFuture { try pipeline.configure(channel) }
                }
        } catch {
            throw TransportError.connectFailed("could not listen on \(configuration.host):\(configuration.port): \(error)")
        }
        let server = OCPPWebSocketServer(
            configuration: configuration, port: listener.channel.localAddress?.port ?? configuration.port,
            events: AsyncStream.makeStream(of: ServerEvent.self)
        )
        defer { server.continuation.finish() }

        return try await withThrowingDiscardingTaskGroup(returning: Result.self) { group in
            group.addTask {
                // One child task per connection: a misbehaving peer ends only its own task.
                try await listener.executeThenClose { inbound in
                    await withDiscardingTaskGroup { connections in
                        do {
                            for try await (upgrade, record) in inbound {
                                connections.addTask { await server.serve(upgrade, record: record, onConnection: onConnection) }
                            }
                        } catch {
                            // The listening socket failed or the server is stopping; connections end with it.
                        }
                        connections.cancelAll()
                    }
                }
            }
            let result = try await body(server)
            group.cancelAll()
            return result
        }
    }

    private let continuation: AsyncStream<ServerEvent>.Continuation

    private init(configuration: Configuration, port: Int, events: (AsyncStream<ServerEvent>, AsyncStream<ServerEvent>.Continuation)) {
        self.configuration = configuration
        self.port = port
        self.events = events.0
        self.continuation = events.1
    }

    /// Waits for one connection's handshake, reports it, and keeps an accepted connection open until
    /// it closes or the server stops.
    private func serve(
        _ upgrade: EventLoopFuture<ServerUpgradeResult>, record: ServerHandshakeRecord,
        onConnection: (@Sendable (any MessageChannel) async -> Void)?
    ) async {
        let result: ServerUpgradeResult
        do {
            result = try await upgrade.get()
        } catch {
            continuation.yield(.rejected(record.rejection(after: error)))
            return
        }
        switch result {
        case .accepted(let connection):
            continuation.yield(.connected(connection))
            await withTaskCancellationHandler {
                if let onConnection {
                    // The task that runs `onConnection` owns the events: its cancellation ends them.
                    await connection.events.buffer.endsWhenCancelled {
                        await connection.eventLoop.withPreferredExecutor { await onConnection(connection) }
                    }
                    await connection.close(code: 1000, reason: "")
                } else {
                    try? await connection.closeFuture.get()
                }
            } onCancel: {
                connection.closeNow()
            }
        case .rejected(let rejection):
            continuation.yield(.rejected(rejection))
        }
    }
}
