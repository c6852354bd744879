import Foundation

/// A mutex around a value, for the little state a device shares between its control API and its
/// run loop. (`Synchronization.Mutex` would need macOS 15.)
final class SimpleLock<Value>: @unchecked Sendable {
    private let mutex = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        mutex.lock()
        defer { mutex.unlock() }
        return try body(&value)
    }
}
