import ConformanceKit
import Foundation

/// The few formatting rules all reports share, so that the JUnit, HTML, JSON and console output
/// agree to the character on times and words.
public enum ReportFormat {
    /// Seconds with three decimals, rounded, in the POSIX locale: "1.234" (the JUnit `time` form).
    public static func seconds(_ value: Double) -> String {
        String(format: "%.3f", value.isFinite ? max(0, value) : 0)
    }

    /// A trace offset as shown beside frames: "+1.234s".
    public static func offset(_ value: Double) -> String {
        "+" + seconds(value) + "s"
    }

    /// UTC ISO 8601 with milliseconds: "2026-11-25T12:00:00.123Z".
    public static func timestamp(_ date: Date) -> String {
        // Milliseconds are computed here, rounded: the format style truncates, and a frame at
        // +0.655 s is 0.65499997… s in binary, which it would show as .654.
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let (seconds, fraction) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        let adjusted = fraction < 0 ? (seconds - 1, fraction + 1000) : (seconds, fraction)
        let whole = Date(timeIntervalSince1970: Double(adjusted.0)).formatted(Date.ISO8601FormatStyle())
        return String(whole.dropLast()) + String(format: ".%03dZ", Int(adjusted.1))
    }

    /// UTC ISO 8601 to the second: "2026-11-25T12:00:00Z" (JUnit testsuite `timestamp`).
    public static func timestampSeconds(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }

    /// Reads what `timestamp` or `timestampSeconds` wrote.
    public static func parseTimestamp(_ text: String) -> Date? {
        // The fraction is read by hand: the format style's parser can land a fraction of a
        // millisecond low (…00.655 read back as …00.654999), and timestamps must round-trip exactly.
        guard let dot = text.firstIndex(of: "."), let end = text[dot...].firstIndex(where: { !$0.isNumber && $0 != "." }) else {
            return try? Date.ISO8601FormatStyle().parse(text)
        }
        let digits = text[text.index(after: dot)..<end]
        guard !digits.isEmpty, let fraction = Double("0." + digits),
            let whole = try? Date.ISO8601FormatStyle().parse(String(text[..<dot] + text[end...]))
        else { return nil }
        return Date(timeIntervalSince1970: whole.timeIntervalSince1970 + fraction)
    }

    /// A duration for people: "850 ms", "12.3 s", "4 min 05 s".
    public static func humanDuration(_ seconds: Double) -> String {
        if seconds < 1 { return "\(Int((seconds * 1000).rounded())) ms" }
        if seconds < 60 { return String(format: "%.1f s", seconds) }
        let total = Int(seconds.rounded())
        if total < 3600 { return String(format: "%d min %02d s", total / 60, total % 60) }
        return String(format: "%d h %02d min", total / 3600, (total % 3600) / 60)
    }

    /// The verdict as a word for people: "pass", "non-strict", "fail", "inconclusive", "not
    /// applicable", "error".
    public static func word(_ kind: VerdictKind) -> String {
        switch kind {
        case .notApplicable: "not applicable"
        case .nonStrict: "non-strict"
        default: kind.rawValue
        }
    }

    /// The harness's and the DUT's role names in the case's version (1.6: Charge Point / Central
    /// System).
    public static func lifelineNames(_ info: CaseInfo) -> (harness: String, dut: String) {
        (info.version.name(of: info.dutRole.peer), info.version.name(of: info.dutRole))
    }
}
