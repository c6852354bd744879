import NIOCore
import NIOWebSocket

/// The handler after NIO's frame decoder in an upgraded pipeline: checks and reassembles frames
/// (``WebSocketFrameAssembler``), turns messages into ``TransportEvent``s, answers pings, runs the
/// closing handshake (RFC 6455 §5.5.1, §7) and reports the peer's protocol mistakes. It runs on the
/// channel's event loop only.
final class WebSocketFrameHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let isServer: Bool
    private let events: TransportEvents.Buffer
    private let status: ConnectionStatus
    private let limits: WebSocketLimits
    private let closeTimeout: TimeAmount
    private let pingInterval: TimeAmount?

    private var assembler: WebSocketFrameAssembler
    private var context: ChannelHandlerContext?
    /// The context of NIO's frame encoder, ahead of this handler (see ``writeEncoded(_:)``).
    private var encoderContext: ChannelHandlerContext?
    private var closeFrameSent = false
    private var violated = false
    /// The peer's close frame, once it came: code (nil when the frame had no payload) and reason.
    private var peerClose: (code: UInt16?, reason: String)?
    /// Why this side ended the connection, when it did.
    private var localReason: String?
    private var closeTimer: Scheduled<Void>?
    private var pingTask: RepeatedTask?
    private var finished = false

    init(
        isServer: Bool, events: TransportEvents.Buffer, status: ConnectionStatus,
        limits: WebSocketLimits, closeTimeout: Duration, pingInterval: Duration?
    ) {
        self.isServer = isServer
        self.events = events
        self.status = status
        self.limits = limits
        self.assembler = WebSocketFrameAssembler(isServer: isServer, limits: limits)
        self.closeTimeout = TimeAmount(closeTimeout)
        self.pingInterval = pingInterval.map(TimeAmount.init)
    }

    // MARK: - Pipeline events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        encoderContext = try? context.pipeline.syncOperations.context(handlerType: WebSocketFrameEncoder.self)
        if let pingInterval {
            let loopBoundSelf = NIOLoopBound(self, eventLoop: context.eventLoop)
            pingTask = context.eventLoop.scheduleRepeatedTask(initialDelay: pingInterval, delay: pingInterval) { _ in
                loopBoundSelf.value.sendPing()
            }
        }
        // The upgrade may complete after the peer already went away.
        if !context.channel.isActive { finish() }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stopTimers()
        finish()
        self.context = nil
        encoderContext = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopTimers()
        finish()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame: WebSocketFrame
        do {
            guard let complete = try assembler.accept(Self.unwrapInboundIn(data)) else { return }
            frame = complete
        } catch {
            violation(error, context: context)
            return
        }
        // After a mistake the stream cannot be trusted: only the peer's close frame still counts.
        guard !violated || frame.opcode == .connectionClose else { return }
        let now = MonotonicInstant.now
        switch frame.opcode {
        case .text:
            // RFC 6455 §8.1: text is UTF-8. Invalid bytes are reported as they came, not repaired.
            switch Self.decodeText(frame) {
            case .success(let text): deliver(.text(text, at: now))
            case .failure(let invalid): deliver(.invalidText(invalid.bytes, at: now))
            }
        case .binary:
            deliver(.binary(Array(frame.unmaskedData.readableBytesView), at: now))
        case .ping:
            // RFC 6455 §5.5.2: a pong carries the ping's application data. Not after our close frame.
            if !closeFrameSent {
                let pong = WebSocketFrame(fin: true, opcode: .pong, maskKey: makeMaskKey(), data: frame.unmaskedData)
                context.writeAndFlush(Self.wrapOutboundOut(pong), promise: nil)
            }
            deliver(.ping(at: now))
        case .pong:
            deliver(.pong(at: now))
        case .connectionClose:
            receivedClose(frame, context: context)
        default:
            // The assembler stops reserved opcodes and keeps continuations.
            violation(.protocolError("The peer sent an unexpected \(frame.opcode) frame."), context: context)
        }
    }

    /// Delivers a message the peer sent. The task waiting for the connection's events may answer
    /// it right here, inside this read, as a NIO handler would (``InlineDelivery``); the handler's
    /// own state is settled before every call.
    private func deliver(_ event: TransportEvent) {
        InlineDelivery.deliver { events.yield(event) }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let violation = WebSocketViolation(nioError: error, limits: limits) {
            self.violation(violation, context: context)
            return
        }
        if error is ByteToMessageDecoderError {
            // Bytes after a decoding error: the violation was reported when it happened.
            return
        }
        // I/O and TLS errors end the connection; keep the first one as the reason for `.closed`.
        if localReason == nil, peerClose == nil {
            localReason = "the connection failed: \(error)"
        }
        context.close(promise: nil)
    }

    // MARK: - Commands from the connection (on the event loop)

    /// Starts the closing handshake: sends a close frame, then waits up to the close timeout for
    /// the peer's close frame before dropping the TCP connection (RFC 6455 §7.1.2).
    func startClose(code: UInt16, reason: String) {
        guard let context, !closeFrameSent else { return }
        localReason = "closed by this side with \(code)\(reason.isEmpty ? "" : " (\(reason))")"
        sendClose(code: code, reason: reason, context: context)
        armCloseTimer(context: context)
    }

    /// Writes and flushes a frame that is already encoded (``WebSocketTextFrame``) from the place of
    /// NIO's frame encoder, so that it goes past it to TLS (if any) and the socket as it is (event
    /// loop only). Without an encoder in the pipeline, nothing lies between this handler and the
    /// socket.
    func writeEncoded(_ frame: ByteBuffer) {
        (encoderContext ?? context)?.writeAndFlush(NIOAny(frame), promise: nil)
    }

    /// Drops the connection without a close frame.
    func abort() {
        guard let context else { return }
        if localReason == nil { localReason = "aborted by this side without a close frame" }
        context.close(promise: nil)
    }

    // MARK: - Internals

    private func receivedClose(_ frame: WebSocketFrame, context: ChannelHandlerContext) {
        guard peerClose == nil else { return }
        var payload = frame.unmaskedData
        var code: UInt16?
        var reason = ""
        var answer: UInt16? = nil
        var violations: [String] = []
        switch payload.readableBytes {
        case 0:
            break
        case 1:
            violations.append("The peer's close frame has a 1-byte payload; a close code needs 2 bytes (RFC 6455 §5.5.1).")
            answer = 1002
        default:
            code = payload.readInteger(as: UInt16.self)
            if let bytes = payload.readBytes(length: payload.readableBytes) {
                if let text = String(validating: bytes, as: UTF8.self) {
                    reason = text
                } else {
                    violations.append("The peer's close reason is not UTF-8 (RFC 6455 §5.5.1).")
                    answer = 1007
                }
            }
            if let received = code, !Self.isSendableCloseCode(received) {
                violations.append("The peer sent close code \(received), which may not be sent on the wire (RFC 6455 §7.4).")
                answer = 1002
            }
        }
        peerClose = (code, reason)
        status.markCloseStarted()
        // Reported once the state above is settled (a consumer on this event loop may run as soon
        // as an event is delivered) and before closing, which reports `.closed`.
        let now = MonotonicInstant.now
        for violation in violations { events.yield(.violation(violation, at: now)) }
        if closeFrameSent {
            // Our close was answered: the closing handshake is complete.
            context.close(promise: nil)
            return
        }
        // RFC 6455 §5.5.1: answer with a close frame, echoing the status code, then close.
        let loopBoundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        sendClose(code: answer ?? code, reason: "", context: context).whenComplete { _ in
            loopBoundContext.value.close(promise: nil)
        }
    }

    private func violation(_ violation: WebSocketViolation, context: ChannelHandlerContext) {
        guard !violated else { return }
        violated = true
        if localReason == nil, peerClose == nil {
            localReason = "closed by this side with \(violation.closeCode) after a protocol violation: \(violation.message)"
        }
        // No data frames from here on; reported before closing, which reports `.closed`.
        let closing = closeFrameSent
        status.markCloseStarted()
        events.yield(.violation(violation.message, at: .now))
        if closing {
            context.close(promise: nil)
        } else {
            sendClose(code: violation.closeCode, reason: "", context: context)
            armCloseTimer(context: context)
        }
    }

    @discardableResult
    private func sendClose(code: UInt16?, reason: String, context: ChannelHandlerContext) -> EventLoopFuture<Void> {
        closeFrameSent = true
        status.markCloseStarted()
        var data = context.channel.allocator.buffer(capacity: 2 + reason.utf8.count)
        if let code {
            data.writeInteger(code)
            // Control frames carry at most 125 bytes (RFC 6455 §5.5); the reason is cut to fit.
            data.writeBytes(reason.utf8.prefix(123))
        }
        let frame = WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: makeMaskKey(), data: data)
        return context.writeAndFlush(Self.wrapOutboundOut(frame))
    }

    private func armCloseTimer(context: ChannelHandlerContext) {
        guard closeTimer == nil else { return }
        let loopBound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        let timeout = closeTimeout
        closeTimer = context.eventLoop.scheduleTask(in: timeout) {
            let (handler, context) = loopBound.value
            if handler.peerClose == nil, let reason = handler.localReason {
                handler.localReason = reason + "; the peer did not answer the close frame within \(timeout)"
            }
            context.close(promise: nil)
        }
    }

    private func sendPing() {
        guard let context, !closeFrameSent, context.channel.isActive else { return }
        let frame = WebSocketFrame(fin: true, opcode: .ping, maskKey: makeMaskKey(), data: context.channel.allocator.buffer(capacity: 0))
        context.writeAndFlush(Self.wrapOutboundOut(frame), promise: nil)
    }

    private func makeMaskKey() -> WebSocketMaskingKey? {
        // RFC 6455 §5.3: clients mask every frame with a fresh random key; servers never mask.
        isServer ? nil : .random()
    }

    private func stopTimers() {
        pingTask?.cancel()
        pingTask = nil
        closeTimer?.cancel()
        closeTimer = nil
    }

    /// Reports `.closed` exactly once and ends the event stream.
    private func finish() {
        guard !finished else { return }
        finished = true
        status.markClosed()
        if let peerClose {
            events.yield(.closed(code: peerClose.code, reason: peerClose.reason, at: .now))
        } else {
            events.yield(.closed(code: nil, reason: localReason ?? "the peer closed the TCP connection without a close frame", at: .now))
        }
    }

    /// Messages up to this size are unmasked in scratch space; most OCPP messages are this small.
    static let smallMessageSize = 4096

    /// The bytes of a text message that are not UTF-8.
    struct InvalidUTF8: Error {
        let bytes: [UInt8]
    }

    /// Unmasks a text frame's payload into scratch space (on the stack for small messages) and
    /// validates it as UTF-8 straight into a `String`, instead of going through an unmasked copy
    /// in a new buffer: one allocation and one copy fewer on every message. Frames reassembled by
    /// the aggregator arrive unmasked, with no mask key.
    static func decodeText(_ frame: WebSocketFrame) -> Result<String, InvalidUTF8> {
        let data = frame.data
        let count = data.readableBytes
        guard count <= smallMessageSize else {
            // Large messages are rare; NIO unmasks them a word at a time.
            let payload = frame.unmaskedData
            if let text = payload.withUnsafeReadableBytes({ String(validating: $0, as: UTF8.self) }) { return .success(text) }
            return .failure(InvalidUTF8(bytes: Array(payload.readableBytesView)))
        }
        let maskKey = frame.maskKey
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { scratch in
            data.withUnsafeReadableBytes { raw in
                UnsafeMutableRawBufferPointer(scratch).copyMemory(from: raw)
            }
            // The bytes ORed together: without the high bit, the text is ASCII.
            var high: UInt8 = 0
            if let maskKey {
                // The key's bytes in a local, so that the loop indexes plain memory.
                var key = (maskKey[0], maskKey[1], maskKey[2], maskKey[3])
                withUnsafeBytes(of: &key) { key in
                    for index in 0..<count {
                        scratch[index] ^= key[index & 3]
                        high |= scratch[index]
                    }
                }
            } else {
                for index in 0..<count { high |= scratch[index] }
            }
            let bytes = UnsafeBufferPointer(start: scratch.baseAddress, count: count)
            // ASCII is valid UTF-8: it skips the generic validation that other text needs.
            if high < 0x80 { return .success(String(decoding: bytes, as: UTF8.self)) }
            if let text = String(validating: bytes, as: UTF8.self) { return .success(text) }
            return .failure(InvalidUTF8(bytes: Array(bytes)))
        }
    }

    /// RFC 6455 §7.4: 1005, 1006 and 1015 only describe a closure locally; 1004 and the rest of the
    /// 1000–2999 range outside the defined codes are reserved; 3000–4999 belong to applications.
    static func isSendableCloseCode(_ code: UInt16) -> Bool {
        switch code {
        case 1000...1003, 1007...1011: true
        case 1012...1014: true  // registered with IANA after RFC 6455
        case 3000...4999: true
        default: false
        }
    }
}
