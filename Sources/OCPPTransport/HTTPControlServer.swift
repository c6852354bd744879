import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A small HTTP/1.1 server for control requests: each POST's body goes to `handler`, whose status
/// and body are the answer. The reference devices serve their physical world and operator
/// actions with it (`ocppspec simulate … --control-port`), in the protocol of the harness's
/// `http` action driver, so a harness run can drive a simulated device over a real socket.
public final class HTTPControlServer: Sendable {
    public typealias Handler = @Sendable (_ method: String, _ path: String, _ body: [UInt8]) async -> (status: Int, body: String)

    private let channel: any Channel
    /// The port it listens on (useful with port 0).
    public let port: Int

    private init(channel: any Channel, port: Int) {
        self.channel = channel
        self.port = port
    }

    /// Starts listening on `host:port` (0 for any free port).
    public static func start(host: String, port: Int, handler: @escaping Handler) async throws -> HTTPControlServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(RequestHandler(handler: handler))
                }
            }
            .bind(host: host, port: port).get()
        return HTTPControlServer(channel: channel, port: channel.localAddress?.port ?? port)
    }

    public func stop() async {
        try? await channel.close()
    }

    /// Collects one request at a time and answers it once the handler returns.
    final class RequestHandler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let handler: Handler
        private var head: HTTPRequestHead?
        private var body: [UInt8] = []
        /// A control request is small; more than this is refused.
        private let maxBody = 1 << 20

        init(handler: @escaping Handler) {
            self.handler = handler
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let h):
                head = h
                body = []
            case .body(var buffer):
                if body.count + buffer.readableBytes <= maxBody, let bytes = buffer.readBytes(length: buffer.readableBytes) { body += bytes }
            case .end:
                guard let head else { return }
                self.head = nil
                let request = (head.method.rawValue, head.uri, body)
                let handler = self.handler
                let keepAlive = head.isKeepAlive
                let version = head.version
                let loop = context.eventLoop
                let bound = NIOLoopBound(context, eventLoop: loop)
                Task {
                    let answer = await handler(request.0, request.1, request.2)
                    loop.execute {
                        let context = bound.value
                        var headers = HTTPHeaders()
                        let bytes = Array(answer.body.utf8)
                        headers.add(name: "Content-Type", value: "application/json")
                        headers.add(name: "Content-Length", value: String(bytes.count))
                        if !keepAlive { headers.add(name: "Connection", value: "close") }
                        let status = HTTPResponseStatus(statusCode: answer.status)
                        context.write(NIOAny(HTTPServerResponsePart.head(HTTPResponseHead(version: version, status: status, headers: headers))), promise: nil)
                        var buffer = context.channel.allocator.buffer(capacity: bytes.count)
                        buffer.writeBytes(bytes)
                        context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(buffer))), promise: nil)
                        let done = context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)))
                        if !keepAlive {
                            let channel = context.channel
                            done.whenComplete { _ in channel.close(promise: nil) }
                        }
                    }
                }
            }
        }
    }
}
