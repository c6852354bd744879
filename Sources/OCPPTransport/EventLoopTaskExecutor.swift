import NIOCore

/// A task executor that runs jobs on one NIO event loop.
///
/// A task that handles one connection spends its life waiting for that connection's frames and
/// writing answers to it. Running it on the connection's event loop removes two thread hand-overs
/// per message (event loop → Swift concurrency pool → event loop): frames are delivered and writes
/// issued on the thread that owns the socket. The price is that such a task must not block.
@available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
final class EventLoopTaskExecutor: TaskExecutor {
    private let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        eventLoop.execute { job.runSynchronously(on: executor) }
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
