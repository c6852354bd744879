import NIOCore
import NIOHTTP1

/// Keeps the CSMS's answer to the upgrade request — status line and the start of the body — so
/// that a refused handshake can be reported with what the server said. It sits between the HTTP
/// decoder and the upgrade handler and leaves with the HTTP handlers on upgrade.
final class ClientHandshakeRecorder: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias InboundOut = HTTPClientResponsePart

    /// How much of a refusal's body goes into the reason.
    private static let maxBodyExcerpt = 512

    private var head: HTTPResponseHead?
    private var body: [UInt8] = []
    private var responsePromise: EventLoopPromise<(status: Int, reason: String)>?

    /// Completes with the status and a reason once the whole response has arrived, or the connection
    /// ended (event loop only).
    func response(on eventLoop: any EventLoop) -> EventLoopFuture<(status: Int, reason: String)> {
        if let responsePromise { return responsePromise.futureResult }
        let promise = eventLoop.makePromise(of: (status: Int, reason: String).self)
        responsePromise = promise
        return promise.futureResult
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch Self.unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
        case .body(let buffer):
            body += buffer.readableBytesView.prefix(max(0, Self.maxBodyExcerpt - body.count))
        case .end:
            complete()
        }
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        complete()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        complete()
    }

    private func complete() {
        guard let promise = responsePromise else { return }
        responsePromise = nil
        guard let head else {
            promise.fail(ChannelError.inputClosed)
            return
        }
        var reason = "\(head.status.code) \(head.status.reasonPhrase)"
        let text = String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if !text.isEmpty { reason += ": " + text }
        promise.succeed((Int(head.status.code), reason))
    }
}
