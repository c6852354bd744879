import NIOCore
import NIOWebSocket

/// One established OCPP-J WebSocket over NIO, server or client side: the ``MessageChannel`` that
/// ``OCPPWebSocketServer`` and ``OCPPWebSocketClient`` hand out. Inbound frames arrive through
/// ``WebSocketFrameHandler``; this type carries out sends, fault injection and closing.
final class WebSocketConnection: MessageChannel {
    let info: ConnectionInfo
    let events: TransportEvents

    private let channel: any Channel
    private let isServer: Bool
    private let status: ConnectionStatus
    private let limits: WebSocketLimits
    private let handler: NIOLoopBound<WebSocketFrameHandler>

    /// Builds the connection and the handler that feeds it; call on the channel's event loop, then
    /// add ``handler`` to the pipeline.
    init(
        channel: any Channel, info: ConnectionInfo, isServer: Bool, limits: WebSocketLimits,
        closeTimeout: Duration, pingInterval: Duration?
    ) {
        self.channel = channel
        self.info = info
        self.isServer = isServer
        self.limits = limits
        let status = ConnectionStatus()
        self.status = status
        let (events, producer) = TransportEvents.make()
        self.events = events
        let handler = WebSocketFrameHandler(
            isServer: isServer, events: producer, status: status, limits: limits,
            closeTimeout: closeTimeout, pingInterval: pingInterval
        )
        self.handler = NIOLoopBound(handler, eventLoop: channel.eventLoop)
    }

    /// The frame handler at the end of the pipeline (event loop only).
    var frameHandler: WebSocketFrameHandler { handler.value }

    /// Adds the frame handler after NIO's frame encoder and decoder (it checks and reassembles
    /// frames itself, within the limits). Event loop only, right after the upgrade.
    func installHandlers() throws {
        try channel.pipeline.syncOperations.addHandler(handler.value)
    }

    /// The event loop that owns the connection's socket.
    var eventLoop: any EventLoop { channel.eventLoop }

    /// Completes when the TCP connection is closed.
    var closeFuture: EventLoopFuture<Void> { channel.closeFuture }

    /// Sends one text frame. Returns once the frame is queued on the event loop, without waiting for
    /// the socket: writes on one connection keep their order, and a failed write ends the
    /// connection, which the event stream reports.
    nonisolated(nonsending) func send(text: String) async throws {
        let onEventLoop = channel.eventLoop.inEventLoop
        guard onEventLoop ? status.acceptsDataOnEventLoop : status.acceptsData else { throw TransportError.closed }
        let frame = WebSocketTextFrame.encode(text, maskKey: maskKey(), allocator: channel.allocator)
        if onEventLoop {
            // The usual case when the caller runs on the connection's event loop: write from the
            // pipeline's middle instead of walking it from the tail.
            handler.value.writeEncoded(frame)
        } else {
            let handler = self.handler
            channel.eventLoop.execute { handler.value.writeEncoded(frame) }
        }
    }

    func sendRaw(bytes: [UInt8]) async throws {
        guard !status.isClosed else { throw TransportError.closed }
        let channel = self.channel
        let buffer = channel.allocator.buffer(bytes: bytes)
        let promise = channel.eventLoop.makePromise(of: Void.self)
        channel.eventLoop.execute {
            do {
                // Writing from the encoder's context skips the encoder: the bytes go to TLS (if any)
                // and the socket exactly as given.
                let context = try channel.pipeline.syncOperations.context(handlerType: WebSocketFrameEncoder.self)
                context.writeAndFlush(NIOAny(buffer), promise: promise)
            } catch {
                promise.fail(error)
            }
        }
        try await completeWrite(promise.futureResult)
    }

    func sendFrame(opcode: UInt8, payload: [UInt8], fin: Bool) async throws {
        guard !status.isClosed else { throw TransportError.closed }
        guard let code = WebSocketOpcode(encodedWebSocketOpcode: opcode) else {
            throw TransportError.invalidConfiguration("A WebSocket opcode has 4 bits (0 to 15), but \(opcode) was given.")
        }
        let frame = WebSocketFrame(fin: fin, opcode: code, maskKey: maskKey(), data: channel.allocator.buffer(bytes: payload))
        try await completeWrite(channel.writeAndFlush(frame))
    }

    func close(code: UInt16, reason: String) async {
        let handler = self.handler
        channel.eventLoop.execute { handler.value.startClose(code: code, reason: reason) }
        // The handler's close timer bounds this wait.
        try? await channel.closeFuture.get()
    }

    func abort() async {
        let handler = self.handler
        channel.eventLoop.execute { handler.value.abort() }
        try? await channel.closeFuture.get()
    }

    /// Closes the TCP connection at once without waiting, for scopes that end (cancellation,
    /// server shutdown).
    func closeNow() {
        let handler = self.handler
        channel.eventLoop.execute { handler.value.abort() }
    }

    private func maskKey() -> WebSocketMaskingKey? {
        isServer ? nil : .random()
    }

    private func completeWrite(_ future: EventLoopFuture<Void>) async throws {
        do {
            try await future.get()
        } catch {
            throw TransportError.closed
        }
    }
}
