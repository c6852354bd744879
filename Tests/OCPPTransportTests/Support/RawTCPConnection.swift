import Dispatch

#if canImport(Glibc)
import Glibc
private let systemConnect = Glibc.connect
private let systemClose = Glibc.close
#elseif canImport(Darwin)
import Darwin
private let systemConnect = Darwin.connect
private let systemClose = Darwin.close
#endif

/// A bare TCP connection to 127.0.0.1 for peers that misbehave below WebSocket (slowloris, non-HTTP
/// bytes). Blocking socket calls run on a Dispatch queue so that they never hold a thread of the
/// Swift concurrency pool.
final class RawTCPConnection: @unchecked Sendable {
    // Only the serial queue touches `descriptor`, hence `@unchecked Sendable`.
    private var descriptor: Int32
    private let queue = DispatchQueue(label: "RawTCPConnection")

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Connects to 127.0.0.1:`port`.
    static func connect(port: Int) async throws -> RawTCPConnection {
        try await onQueue(DispatchQueue.global()) {
            #if canImport(Glibc)
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            #else
            let descriptor = socket(AF_INET, SOCK_STREAM, 0)
            #endif
            guard descriptor >= 0 else { throw Failure(description: "socket() failed: \(errno)") }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { systemConnect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard result == 0 else {
                _ = systemClose(descriptor)
                throw Failure(description: "connect() to port \(port) failed: \(errno)")
            }
            return RawTCPConnection(descriptor: descriptor)
        }
    }

    /// Writes all bytes; fails once the peer has closed.
    func write(_ bytes: [UInt8]) async throws {
        try await Self.onQueue(queue) {
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { send(self.descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard written > 0 else { throw Failure(description: "send() failed: \(errno)") }
                offset += written
            }
        }
    }

    /// Reads until the peer closes or `timeout` passes; returns the bytes and whether it closed.
    func readUntilClosed(timeout: Duration) async -> (bytes: [UInt8], closed: Bool) {
        let deadline = ContinuousClock.now + timeout
        return (try? await Self.onQueue(queue) { () -> ([UInt8], Bool) in
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let left = deadline - ContinuousClock.now
                guard left > .zero else { return (received, false) }
                var poller = pollfd(fd: self.descriptor, events: Int16(POLLIN), revents: 0)
                let milliseconds = Int32(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000)
                guard poll(&poller, 1, max(1, milliseconds)) > 0 else { continue }
                let count = recv(self.descriptor, &buffer, buffer.count, 0)
                if count <= 0 { return (received, true) }
                received += buffer[..<count]
            }
        }) ?? ([], true)
    }

    /// A listening socket on 127.0.0.1 that never accepts: the kernel completes TCP handshakes into
    /// its backlog, and nothing ever answers. Returns the descriptor's owner and the port.
    static func silentListener() throws -> (RawTCPConnection, Int) {
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw Failure(description: "socket() failed: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && listen(descriptor, 8) == 0 && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard bound else {
            _ = systemClose(descriptor)
            throw Failure(description: "bind/listen on 127.0.0.1 failed: \(errno)")
        }
        return (RawTCPConnection(descriptor: descriptor), Int(UInt16(bigEndian: address.sin_port)))
    }

    func close() async {
        try? await Self.onQueue(queue) {
            if self.descriptor >= 0 {
                _ = systemClose(self.descriptor)
                self.descriptor = -1
            }
        }
    }

    private static func onQueue<T: Sendable>(_ queue: DispatchQueue, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
