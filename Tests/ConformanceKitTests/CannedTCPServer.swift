import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
private let systemAccept = Glibc.accept
private let systemBind = Glibc.bind
private let systemListen = Glibc.listen
private let systemClose = Glibc.close
private let streamSocket = Int32(SOCK_STREAM.rawValue)
#elseif canImport(Darwin)
import Darwin
private let systemAccept = Darwin.accept
private let systemBind = Darwin.bind
private let systemListen = Darwin.listen
private let systemClose = Darwin.close
private let streamSocket = SOCK_STREAM
#endif

/// A loopback TCP server that answers every connection with the same bytes once the client's
/// request head has arrived (an HTTP 403 to a WebSocket upgrade, a non-OCPP service), then closes.
/// Plain sockets on a Dispatch queue: the harness under test must meet a server that is not ours.
final class CannedTCPServer: @unchecked Sendable {
    /// Only the accept queue touches the descriptor after init, hence `@unchecked Sendable`.
    private let descriptor: Int32
    let port: Int
    private let queue = DispatchQueue(label: "CannedTCPServer")
    private let lock = NSLock()
    private var stopped = false
    private var requests: [String] = []

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Listens on 127.0.0.1 and an ephemeral port; `answer` is written to each connection, after
    /// the request head (`waitForRequest`) or at once (a client that waits for the server first,
    /// as TLS does, meets a server that is not TLS).
    init(answer: String, waitForRequest: Bool = true) throws {
        let fd = socket(AF_INET, streamSocket, 0)
        guard fd >= 0 else { throw Failure(description: "socket() failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { systemBind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, systemListen(fd, 8) == 0 else {
            _ = systemClose(fd)
            throw Failure(description: "bind/listen failed: errno \(errno)")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        descriptor = fd
        port = Int(UInt16(bigEndian: actual.sin_port))
        let bytes = Array(answer.utf8)
        queue.async { [self] in serve(bytes, waitForRequest: waitForRequest) }
    }

    /// A port on which nothing listens (bound once, then closed).
    static func freePort() throws -> Int {
        let server = try CannedTCPServer(answer: "")
        let port = server.port
        server.stop()
        return port
    }

    /// The request heads received so far.
    var received: [String] { lock.withLock { requests } }

    func stop() {
        lock.withLock { stopped = true }
        shutdown(descriptor, Int32(SHUT_RDWR))
        _ = systemClose(descriptor)
    }

    private func serve(_ answer: [UInt8], waitForRequest: Bool) {
        while !lock.withLock({ stopped }) {
            let client = systemAccept(descriptor, nil, nil)
            guard client >= 0 else { return }
            var head: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 2048)
            while waitForRequest, !head.suffix(4).elementsEqual([13, 10, 13, 10]) {
                let n = recv(client, &buffer, buffer.count, 0)
                if n <= 0 { break }
                head += buffer[..<n]
            }
            let text = String(decoding: head, as: UTF8.self)
            lock.withLock { requests.append(text) }
            var offset = 0
            while offset < answer.count {
                let written = answer[offset...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if written <= 0 { break }
                offset += written
            }
            shutdown(client, Int32(SHUT_RDWR))
            _ = systemClose(client)
        }
    }
}
