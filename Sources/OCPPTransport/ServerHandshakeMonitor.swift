import NIOCore
import NIOHTTP1
import NIOSSL
import NIOWebSocket

/// Watches a server connection until its upgrade: notes each request head in the handshake record
/// (so that even requests that are not upgrades are reported with their path), and turns TLS and
/// HTTP errors into the handshake's recorded failure before closing the connection, so that no
/// failed attempt goes unreported and no half-open connection stays behind.
///
/// It sits between the HTTP decoder and the upgrade handler and is removed with the HTTP handlers
/// when the upgrade happens, before any WebSocket bytes flow.
final class ServerHandshakeMonitor: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let record: ServerHandshakeRecord

    init(record: ServerHandshakeRecord) {
        self.record = record
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head(let head) = Self.unwrapInboundIn(data) {
            record.record(head: head)
        }
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        switch error {
        case is NIOWebSocketUpgradeError:
            // A refused or malformed upgrade: the not-upgrading path answers it with its status.
            return
        case is NIOSSLError, is BoringSSLError, is NIOSSLExtraError:
            record.recordFailure(.tlsFailure, detail: "The TLS handshake failed: \(TLSFailureDescription.describe(error)).")
            context.close(promise: nil)
        case is HTTPParserError:
            record.recordFailure(
                .badRequest, status: 400,
                detail: "Expected an HTTP/1.1 upgrade request, but the bytes received do not parse as HTTP (\(error))."
            )
            var head = HTTPResponseHead(version: .http1_1, status: .badRequest)
            head.headers.add(name: "Connection", value: "close")
            head.headers.add(name: "Content-Length", value: "0")
            context.write(Self.wrapOutboundOut(.head(head)), promise: nil)
            let loopBoundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(Self.wrapOutboundOut(.end(nil))).whenComplete { _ in
                loopBoundContext.value.close(promise: nil)
            }
        default:
            record.recordFailure(.closedDuringHandshake, detail: "The connection failed during the handshake: \(error).")
            context.close(promise: nil)
        }
    }
}
