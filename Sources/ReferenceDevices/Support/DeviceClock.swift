import Foundation

/// The time source of a reference device: how long to wait, and what the wall clock reads.
///
/// Devices never read `Date()` or sleep on their own; everything goes through this value so that
/// tests and demos can run a whole boot–heartbeat–transaction cycle in milliseconds. The wall
/// clock advances with the sleeping clock, so timestamps in messages stay consistent with the
/// intervals the device was configured with.
public struct DeviceClock: Sendable {
    private let sleepFor: @Sendable (Duration) async throws -> Void
    private let wallClock: @Sendable () -> Date

    /// A clock from a sleeping function and a wall clock.
    public init(sleep: @escaping @Sendable (Duration) async throws -> Void, now: @escaping @Sendable () -> Date) {
        self.sleepFor = sleep
        self.wallClock = now
    }

    /// Wraps any `Clock` measured in `Duration`; the wall clock starts at `start` and advances as
    /// that clock does.
    public init<C: Clock>(_ clock: C, wallClockStart start: Date = Date()) where C.Duration == Duration {
        let origin = clock.now
        self.sleepFor = { try await clock.sleep(for: $0) }
        self.wallClock = { start.addingTimeInterval(origin.duration(to: clock.now).seconds) }
    }

    /// Real time.
    public static var system: DeviceClock {
        DeviceClock(sleep: { try await ContinuousClock().sleep(for: $0) }, now: { Date() })
    }

    /// Time that runs `factor` times faster than real time: a 60 s heartbeat interval passes in
    /// 60/`factor` s, and the wall clock moves 60 s meanwhile.
    public static func accelerated(by factor: Double, wallClockStart start: Date = Date()) -> DeviceClock {
        precondition(factor > 0, "an acceleration factor must be positive")
        let clock = ContinuousClock()
        let origin = clock.now
        return DeviceClock(
            sleep: { try await clock.sleep(for: $0 / factor) },
            now: { start.addingTimeInterval(origin.duration(to: clock.now).seconds * factor) })
    }

    /// Suspends for `duration` of this clock's time; throws `CancellationError` when cancelled.
    public func sleep(for duration: Duration) async throws {
        guard duration > .zero else { return try Task.checkCancellation() }
        try await sleepFor(duration)
    }

    /// The current wall-clock time.
    public func now() -> Date { wallClock() }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }

    /// A duration of a number of seconds that may be fractional.
    static func seconds(fractional value: Double) -> Duration {
        .nanoseconds(Int64((value * 1e9).rounded()))
    }
}
