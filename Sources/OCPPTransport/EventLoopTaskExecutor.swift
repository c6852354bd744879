import NIOCore
import NIOPosix

/// A task executor that runs jobs on one NIO event loop.
///
/// A task that handles one connection spends its life waiting for that connection's frames and
/// writing answers to it. Running it on the connection's event loop removes two thread hand-overs
/// per message (event loop → Swift concurrency pool → event loop): frames are delivered and writes
/// issued on the thread that owns the socket. The price is that such a task must not block.
///
/// One more hand-over is saved where it is safe: while the frame handler delivers a message it
/// read (``InlineDelivery``), the job that resumes the waiting task runs at once, inside that
/// `channelRead`, the way a NIO handler answers a read, instead of going round the event loop's
/// task queue. Everywhere else (future callbacks, timers, other threads) and whenever a Swift task
/// is already running on this thread, jobs are queued: a job never runs nested inside another.
@available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
final class EventLoopTaskExecutor: TaskExecutor {
    private let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        if InlineDelivery.isActive, eventLoop.inEventLoop, !Self.isRunningTask {
            InlineDelivery.suspended { job.runSynchronously(on: executor) }
        } else {
            eventLoop.execute { job.runSynchronously(on: executor) }
        }
    }

    /// Whether a Swift task runs on this thread right now (as opposed to plain event loop work).
    private static var isRunningTask: Bool {
        withUnsafeCurrentTask { $0 != nil }
    }
}

/// Marks the stretch of a channel handler callback in which a task waiting for a connection's
/// events may be resumed in place (see ``EventLoopTaskExecutor``). Per thread.
enum InlineDelivery {
    /// Per-thread flag; only its own thread touches it.
    private final class Flag: @unchecked Sendable {
        var active = false
    }

    private static let flag = ThreadSpecificVariable<Flag>()

    private static var current: Flag {
        if let flag = flag.currentValue { return flag }
        let new = Flag()
        flag.currentValue = new
        return new
    }

    static var isActive: Bool { flag.currentValue?.active ?? false }

    /// Runs `body` (which delivers an event) with in-place resumption allowed.
    static func deliver(_ body: () -> Void) {
        with(active: true, body)
    }

    /// Runs `body` (a resumed job) with in-place resumption withdrawn, so that whatever the job
    /// resumes is queued.
    static func suspended(_ body: () -> Void) {
        with(active: false, body)
    }

    private static func with(active: Bool, _ body: () -> Void) {
        let flag = current
        let previous = flag.active
        flag.active = active
        defer { flag.active = previous }
        body()
    }
}

extension EventLoop {
    /// Runs `operation` with this event loop as the preferred task executor, where the platform
    /// has task executors (everywhere but older Apple systems); otherwise as it is.
    func withPreferredExecutor<T>(
        isolation: isolated (any Actor)? = #isolation, _ operation: () async throws -> T
    ) async rethrows -> T {
        if #available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *) {
            return try await withTaskExecutorPreference(EventLoopTaskExecutor(self), isolation: isolation, operation: operation)
        }
        return try await operation()
    }
}
