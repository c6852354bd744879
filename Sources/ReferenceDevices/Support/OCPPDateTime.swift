import Foundation

/// Date-time text as OCPP writes it: RFC 3339 in UTC with millisecond precision
/// (2.0.1 Part 2 §2.1.4 asks for UTC and at most millisecond precision).
enum OCPPDateTime {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!)
    private static let plainStyle = Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!)

    /// `2024-05-06T10:00:00.000Z`.
    static func string(_ date: Date) -> String { style.format(date) }

    /// Reads a date-time with or without fractional seconds; `nil` when it is not one.
    static func date(_ text: String) -> Date? {
        (try? style.parse(text)) ?? (try? plainStyle.parse(text))
    }

    /// The next instant after `date` that is a whole multiple of `interval` seconds since midnight
    /// UTC: clock-aligned data is sampled on these (2.0.1 J01, 1.6 ClockAlignedDataInterval).
    static func nextAlignedInstant(after date: Date, interval: Int) -> Date {
        guard interval > 0 else { return date }
        let t = date.timeIntervalSince1970
        let step = Double(interval)
        let next = (floor(t / step) + 1) * step
        return Date(timeIntervalSince1970: next)
    }
}
