import ConformanceKit
import Foundation

/// `trace.jsonl`: every trace entry of every finished case, one JSON object per line, for `grep`,
/// `jq` and log correlation. Fields: `case` (OCTT id), `suite` ("ocpp2.0.1.B"), `index` (position
/// in the case's trace), `kind`, `offset` (seconds since the case started), `timestamp` (UTC, ms),
/// `text` (the frame exactly as on the wire, or the note), and when known `summary`, `messageId`,
/// `step`. Keys are sorted.
public enum TraceLines {
    /// The lines of one case, each ending in "\n".
    public static func lines(for result: CaseResult) -> String {
        var out = ""
        for (index, entry) in result.trace.enumerated() {
            let line = Line(
                case: result.info.id, suite: result.info.suiteName, index: index, kind: entry.kind,
                offset: ResultsJSON.seconds(entry.offset), timestamp: entry.timestamp, text: entry.text,
                summary: entry.summary, messageId: entry.messageId, step: entry.step)
            // Encoding a plain value type cannot fail; a line is never half-written.
            if let data = try? encoder.encode(line) {
                out += String(decoding: data, as: UTF8.self) + "\n"
            }
        }
        return out
    }

    struct Line: Codable {
        var `case`: String
        var suite: String
        var index: Int
        var kind: TraceEntry.Kind
        var offset: Double
        var timestamp: Date
        var text: String
        var summary: String?
        var messageId: String?
        var step: Int?
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(ReportFormat.timestamp(date))
        }
        return e
    }()
}
