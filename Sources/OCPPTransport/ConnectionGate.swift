/// Lets a test case refuse a station's next connection attempts (Part 4 §5.3: the station must back
/// off longer after each failed attempt). A server configured with a gate answers an otherwise
/// acceptable upgrade request with HTTP 503 while refusals are pending, and reports it as a
/// ``HandshakeRejection`` with reason ``HandshakeRejection/Reason/refusedByHarness``; an in-memory
/// dialler consults the same gate.
public final class ConnectionGate: Sendable {
    private let lock = Lock()
    private nonisolated(unsafe) var pending = 0

    public init() {}

    /// The next connection attempt is refused (calls add up).
    public func refuseNext() {
        lock.withLock { pending += 1 }
    }

    /// Whether this attempt is to be refused; consumes one pending refusal.
    public func takeRefusal() -> Bool {
        lock.withLock {
            guard pending > 0 else { return false }
            pending -= 1
            return true
        }
    }

    /// Forgets pending refusals (between cases).
    public func reset() {
        lock.withLock { pending = 0 }
    }
}
