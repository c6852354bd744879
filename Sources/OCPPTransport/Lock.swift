import Foundation

/// A small mutex for state shared between tasks where an actor hop would cost too much.
final class Lock: @unchecked Sendable {
    private let mutex = NSLock()

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        mutex.lock()
        defer { mutex.unlock() }
        return try body()
    }
}
