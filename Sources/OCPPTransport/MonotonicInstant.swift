/// When the transport saw something: a reading of the continuous (monotonic) clock, as connection
/// events carry it.
///
/// It stands for a `ContinuousClock.Instant` (``instant``) but is stored as the `Duration` since a
/// fixed origin. The standard library keeps the layout of `ContinuousClock.Instant` private, so an
/// enum with such a payload is copied, switched over and destroyed through runtime calls; with
/// this type ``TransportEvent`` has a layout the compiler knows, which matters on the path every
/// message takes.
public struct MonotonicInstant: Sendable, Hashable, Comparable {
    /// The time since ``origin``.
    let sinceOrigin: Duration

    /// Taken once, when the first instant is read.
    private static let origin = ContinuousClock.now

    /// The instant `instant` stands for.
    public init(_ instant: ContinuousClock.Instant) {
        sinceOrigin = Self.origin.duration(to: instant)
    }

    /// The current reading of the continuous clock.
    public static var now: MonotonicInstant {
        MonotonicInstant(.now)
    }

    /// The same moment as a `ContinuousClock.Instant`.
    public var instant: ContinuousClock.Instant {
        Self.origin.advanced(by: sinceOrigin)
    }

    /// The time from this instant to `other` (negative when `other` is earlier).
    public func duration(to other: MonotonicInstant) -> Duration {
        other.sinceOrigin - sinceOrigin
    }

    public static func < (lhs: MonotonicInstant, rhs: MonotonicInstant) -> Bool {
        lhs.sinceOrigin < rhs.sinceOrigin
    }
}
