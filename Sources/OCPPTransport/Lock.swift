import NIOConcurrencyHelpers

/// A small mutex for state shared between tasks where an actor hop would cost too much.
final class Lock: @unchecked Sendable {
    // NIO's lock is a plain pthread mutex called directly; `send` takes one on every message.
    private let mutex = NIOLock()

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        try mutex.withLock(body)
    }
}
