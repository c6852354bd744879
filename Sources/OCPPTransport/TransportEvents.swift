import NIOConcurrencyHelpers
import NIOCore

/// The events of one connection, in order, as ``MessageChannel/events`` hands them out: a
/// single-consumer async sequence that finishes after `.closed`.
///
/// It does what `AsyncStream<TransportEvent>` did, with less work per message: the type is not
/// generic (no metadata lookups or witness calls per event), a waiting consumer is resumed with the
/// event itself, and events that arrive while the consumer is busy wait in a buffer it empties
/// without suspending. The buffer is unbounded, as the stream's was; the WebSocket limits bound
/// each message. Only one task may wait on it at a time. When the waiting task is cancelled the
/// sequence ends: `next()` returns what is buffered, then `nil`. (An owner that ends the sequence
/// itself when the consuming task is cancelled, as the server does for `onConnection`, spares
/// each wait its own cancellation handler: ``Buffer/endsWhenCancelled(_:)``.)
public struct TransportEvents: AsyncSequence, Sendable {
    public typealias Element = TransportEvent
    public typealias Failure = Never

    let buffer: Buffer

    /// A sequence and the producer end that feeds it.
    static func make() -> (events: TransportEvents, producer: Buffer) {
        let buffer = Buffer()
        return (TransportEvents(buffer: buffer), buffer)
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(buffer: buffer)
    }

    public struct Iterator: AsyncIteratorProtocol {
        public typealias Element = TransportEvent
        public typealias Failure = Never

        @usableFromInline let buffer: Buffer

        @inlinable public mutating func next() async -> TransportEvent? {
            await buffer.next()
        }

        @inlinable public mutating func next(isolation actor: isolated (any Actor)?) async -> TransportEvent? {
            await buffer.next()
        }
    }

    /// The state shared by the producer (the frame handler on the event loop, or an in-memory
    /// peer) and the consumer.
    @usableFromInline final class Buffer: @unchecked Sendable {
        private struct State {
            var pending = CircularBuffer<TransportEvent>(initialCapacity: 4)
            /// The consumer, while it waits for an event; `pending` is then empty.
            var waiter: UnsafeContinuation<TransportEvent?, Never>?
            /// No more events will be accepted; `next()` returns `nil` once `pending` is empty.
            var finished = false
            /// The owner finishes the sequence when the consuming task is cancelled, so a wait
            /// needs no cancellation handler of its own.
            var ownerHandlesCancellation = false
        }

        // `lock` guards `state`; nothing reaches it without the lock, hence `@unchecked Sendable`.
        private let lock = NIOLock()
        private var state = State()

        /// Delivers `event`, at once to a waiting consumer; `.closed` is the last one and ends the
        /// sequence. Ignored after the end.
        func yield(_ event: TransportEvent) {
            let waiter = lock.withLock { () -> UnsafeContinuation<TransportEvent?, Never>? in
                guard !state.finished else { return nil }
                if case .closed = event { state.finished = true }
                if let waiter = state.waiter {
                    state.waiter = nil
                    return waiter
                }
                state.pending.append(event)
                return nil
            }
            // Resumed outside the lock: the consumer may run at once and call `next()` again.
            waiter?.resume(returning: event)
        }

        /// Ends the sequence after the events already delivered.
        func finish() {
            let waiter = lock.withLock { () -> UnsafeContinuation<TransportEvent?, Never>? in
                state.finished = true
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: nil)
        }

        /// Runs `operation`, the whole consumption of the sequence by the calling task, and ends the
        /// sequence if that task is cancelled, so that each `next()` need not install a handler of
        /// its own (a handler costs a task allocation and two status-record updates per wait).
        /// Cancelling a child task that iterates the sequence then no longer ends it: only the
        /// task that runs `operation` counts.
        func endsWhenCancelled<T>(isolation actor: isolated (any Actor)? = #isolation, _ operation: () async -> T) async -> T {
            lock.withLock { state.ownerHandlesCancellation = true }
            return await withTaskCancellationHandler(operation: operation, onCancel: { finish() }, isolation: actor)
        }

        private enum Ready {
            case event(TransportEvent)
            case end
            /// Nothing yet; `guarded` when the owner handles cancellation.
            case wait(guarded: Bool)
        }

        /// What the consumer gets now, under the lock; with `waiter`, it is stored to be resumed
        /// when there is nothing yet.
        private func take(registering waiter: UnsafeContinuation<TransportEvent?, Never>? = nil) -> Ready {
            lock.withLock {
                if let event = state.pending.popFirst() { return .event(event) }
                if state.finished { return .end }
                if let waiter {
                    precondition(state.waiter == nil, "Two tasks wait for the events of one connection; only one may.")
                    state.waiter = waiter
                }
                return .wait(guarded: state.ownerHandlesCancellation)
            }
        }

        /// The next event, or `nil` once the sequence has ended. Runs on the caller's executor (no
        /// hop to another on entry) and waits in place, without a helper frame.
        @usableFromInline nonisolated(nonsending) func next() async -> TransportEvent? {
            // Events that came while the consumer was busy are taken without suspending.
            switch take() {
            case .event(let event): return event
            case .end: return nil
            case .wait(guarded: true):
                return await withUnsafeContinuation(register)
            case .wait(guarded: false):
                return await withTaskCancellationHandler {
                    await withUnsafeContinuation(register)
                } onCancel: {
                    finish()
                }
            }
        }

        /// Stores `continuation` to be resumed by the producer, or resumes it at once with what
        /// came in the meantime.
        private func register(_ continuation: UnsafeContinuation<TransportEvent?, Never>) {
            switch take(registering: continuation) {
            case .event(let event): continuation.resume(returning: event)
            case .end: continuation.resume(returning: nil)
            case .wait: break
            }
        }
    }
}
