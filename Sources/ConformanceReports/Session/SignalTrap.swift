import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns SIGINT and SIGTERM into an orderly stop: runs a finalizer (typically
/// `ReportSession.interrupt()`, which marks the reports interrupted) and then exits with the
/// conventional status 128 + signal number: 130 for SIGINT, 143 for SIGTERM.
///
/// Finished results are never at risk: the session has already written them atomically when each
/// case finished, so the finalizer only adds the "interrupted" marker. A second signal while the
/// finalizer runs, or a finalizer that takes longer than `grace`, exits at once.
///
/// ```swift
/// let trap = SignalTrap.install { await session.interrupt() }
/// defer { trap.cancel() }
/// ```
public final class SignalTrap: @unchecked Sendable {
    // @unchecked: the sources are set once in init and only cancelled afterwards; DispatchSource is
    // thread-safe. The flag is guarded by the lock.
    private let sources: [DispatchSourceSignal]
    private let signals: [Int32]
    private let lock = NSLock()
    private var stopping = false

    /// Installs the handlers. Keep the returned trap alive for as long as they should work.
    /// - Parameters:
    ///   - signals: the signals to catch; SIGINT and SIGTERM unless given.
    ///   - grace: how long the finalizer may take before the process exits anyway.
    ///   - announce: writes one line to standard error when a signal arrives.
    ///   - immediate: run synchronously on the signal's own queue before anything else, for work
    ///     that must not wait for the concurrency pool (which a busy run may starve): e.g.
    ///     `ReportSession.interruptNow()`.
    ///   - finalizer: what to do before exiting.
    ///   - exit: how to exit; `Foundation.exit` unless given.
    public static func install(
        signals: [Int32] = [SIGINT, SIGTERM], grace: Duration = .seconds(10), announce: Bool = true,
        immediate: @escaping @Sendable () -> Void = {},
        finalizer: @escaping @Sendable () async -> Void,
        exit: @escaping @Sendable (Int32) -> Void = { Foundation.exit($0) }
    ) -> SignalTrap {
        SignalTrap(signals: signals, grace: grace, announce: announce, immediate: immediate, finalizer: finalizer, exit: exit)
    }

    private init(
        signals: [Int32], grace: Duration, announce: Bool, immediate: @escaping @Sendable () -> Void, finalizer: @escaping @Sendable () async -> Void,
        exit: @escaping @Sendable (Int32) -> Void
    ) {
        let queue = DispatchQueue(label: "ocppspec.signals")
        var sources: [DispatchSourceSignal] = []
        for signo in signals {
            // The default action would kill the process before the handler runs.
            signal(signo, SIG_IGN)
            sources.append(DispatchSource.makeSignalSource(signal: signo, queue: queue))
        }
        self.sources = sources
        self.signals = signals
        for (signo, source) in zip(signals, sources) {
            source.setEventHandler { [weak self] in
                self?.handle(signo, grace: grace, announce: announce, queue: queue, immediate: immediate, finalizer: finalizer, exit: exit)
            }
            source.resume()
        }
    }

    /// Stops catching the signals and restores their default action.
    public func cancel() {
        for source in sources { source.cancel() }
        for signo in signals { signal(signo, SIG_DFL) }
    }

    /// 128 + the signal number, the shell's convention for "killed by signal".
    public static func exitStatus(for signo: Int32) -> Int32 { 128 + signo }

    private func handle(
        _ signo: Int32, grace: Duration, announce: Bool, queue: DispatchQueue, immediate: @escaping @Sendable () -> Void,
        finalizer: @escaping @Sendable () async -> Void,
        exit: @escaping @Sendable (Int32) -> Void
    ) {
        let status = Self.exitStatus(for: signo)
        let first = lock.withLock {
            defer { stopping = true }
            return !stopping
        }
        guard first else {
            exit(status)
            return
        }
        if announce {
            let name = signo == SIGINT ? "SIGINT" : signo == SIGTERM ? "SIGTERM" : "signal \(signo)"
            try? FileHandle.standardError.write(contentsOf: Data("\nocppspec: \(name) received; finishing the reports of the cases that ran, then stopping.\n".utf8))
        }
        immediate()
        let (seconds, attoseconds) = grace.components
        let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
        queue.asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) { exit(status) }
        // A signal arrives outside any task, so an unstructured task is the only way into async code;
        // it ends the process, so nothing is left behind.
        Task {
            await finalizer()
            exit(status)
        }
    }
}
