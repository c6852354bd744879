/// What the sending side of a connection needs to know about its state, shared between the event
/// loop (which alone changes it, under the lock) and callers of `send` on any thread.
final class ConnectionStatus: @unchecked Sendable {
    private struct State {
        var closeStarted = false
        var closed = false
    }

    // `lock` guards `state`; nothing reaches it without the lock, hence `@unchecked Sendable`.
    private var state = State()
    private let lock = Lock()

    /// True once either side started the closing handshake or the connection is gone: RFC 6455
    /// §5.5.1 forbids data frames after a close frame.
    var acceptsData: Bool { lock.withLock { !state.closeStarted && !state.closed } }
    /// ``acceptsData`` read without the lock: only on the connection's event loop, the one thread
    /// that changes the state.
    var acceptsDataOnEventLoop: Bool { !state.closeStarted && !state.closed }
    /// True once the TCP connection is gone.
    var isClosed: Bool { lock.withLock { state.closed } }

    func markCloseStarted() { lock.withLock { state.closeStarted = true } }
    func markClosed() { lock.withLock { state.closed = true } }
}
