import ConformanceKit
import Foundation

/// `results.json`: the whole run as data, for tools and for `ocppspec report merge`, which
/// regenerates every other report from it. The schema is described in this module's README.md;
/// `format` changes when a field changes meaning.
public enum ResultsJSON {
    /// The value of the document's `format` field.
    public static let format = "ocppspec.results/1"

    /// The document as written: stable key order (sorted), two-space indentation, UTC timestamps
    /// with milliseconds, durations in seconds.
    public static func encode(_ report: RunReport) -> Data {
        let document = Document(report)
        // Encoding plain value types with no custom encoder that throws cannot fail.
        return (try? encoder.encode(document)) ?? Data("{}".utf8)
    }

    /// Reads a document that `encode` wrote.
    /// - Throws: `ResultsJSON.ReadError` saying what is wrong, as a sentence.
    public static func decode(_ data: Data, source: String = "results.json") throws -> RunReport {
        let document: Document
        do {
            document = try decoder.decode(Document.self, from: data)
        } catch let error as DecodingError {
            throw ReadError("\(source) is not an ocppspec results document: \(describe(error))")
        }
        guard document.format == format else {
            throw ReadError("\(source) has format \"\(document.format)\", but this ocppspec reads \"\(format)\".")
        }
        return document.report
    }

    /// A results document that cannot be read.
    public struct ReadError: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    // MARK: - The document

    struct Document: Codable {
        var format: String
        var run: RunInfo
        var hostname: String
        var interrupted: Bool
        var finished: Bool
        /// Derived, for tools; ignored when read.
        var summary: Summary?
        var planned: [CaseInfo]
        /// Derived: ids of planned cases with no result; ignored when read.
        var notRun: [String]?
        var cases: [Case]

        init(_ report: RunReport) {
            format = ResultsJSON.format
            run = report.run
            hostname = report.hostname
            interrupted = report.interrupted
            finished = report.finished
            summary = Summary(counts: report.counts, seconds: report.seconds)
            planned = report.planned
            notRun = report.notRun.map(\.id)
            cases = report.results.map(Case.init)
        }

        var report: RunReport {
            RunReport(
                run: run, hostname: hostname, planned: planned, results: cases.map(\.result),
                interrupted: interrupted, finished: finished)
        }
    }

    struct Summary: Codable {
        var total: Int
        var pass: Int
        /// Absent in documents written before the verdict existed.
        var nonStrict: Int?
        var fail: Int
        var inconclusive: Int
        var notApplicable: Int
        var error: Int
        var passRate: Double
        var seconds: Double

        init(counts: VerdictCounts, seconds: Double) {
            total = counts.total
            pass = counts.pass
            nonStrict = counts.nonStrict
            fail = counts.fail
            inconclusive = counts.inconclusive
            notApplicable = counts.notApplicable
            error = counts.error
            passRate = (counts.passRate * 10000).rounded() / 10000
            self.seconds = (seconds * 1000).rounded() / 1000
        }
    }

    struct Case: Codable {
        var info: CaseInfo
        /// Derived: "ocpp2.0.1.B"; ignored when read.
        var suite: String?
        var verdict: Verdict
        /// Derived: `Verdict.headline`; ignored when read.
        var headline: String?
        var startedAt: Date
        var seconds: Double
        var trace: [Entry]
        var warnings: [String]

        init(_ r: CaseResult) {
            info = r.info
            suite = r.info.suiteName
            verdict = r.verdict
            headline = r.verdict.headline
            startedAt = r.startedAt
            seconds = ResultsJSON.seconds(r.duration)
            trace = r.trace.map(Entry.init)
            warnings = r.warnings
        }

        var result: CaseResult {
            CaseResult(
                info: info, verdict: verdict, startedAt: startedAt, duration: ResultsJSON.duration(seconds),
                trace: trace.map(\.entry), warnings: warnings)
        }
    }

    struct Entry: Codable {
        var kind: TraceEntry.Kind
        /// Seconds since the case started.
        var offset: Double
        var timestamp: Date
        var text: String
        var summary: String?
        var messageId: String?
        var step: Int?

        init(_ e: TraceEntry) {
            kind = e.kind
            offset = ResultsJSON.seconds(e.offset)
            timestamp = e.timestamp
            text = e.text
            summary = e.summary
            messageId = e.messageId
            step = e.step
        }

        var entry: TraceEntry {
            TraceEntry(
                kind: kind, offset: ResultsJSON.duration(offset), timestamp: timestamp, text: text, summary: summary,
                messageId: messageId, step: step)
        }
    }

    /// A Duration as seconds at nanosecond resolution, divided once so that 1.832 s is written
    /// "1.832" and not "1.8319999999999999".
    static func seconds(_ duration: Duration) -> Double {
        let (s, atto) = duration.components
        return Double(s * 1_000_000_000 + atto / 1_000_000_000) / 1e9
    }

    /// Seconds back to a Duration at nanosecond resolution, which is finer than any report shows.
    static func duration(_ seconds: Double) -> Duration {
        guard seconds.isFinite, seconds > 0 else { return .zero }
        return .nanoseconds(Int64((seconds * 1e9).rounded()))
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(ReportFormat.timestamp(date))
        }
        return e
    }()

    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .custom { decoder in
            let c = try decoder.singleValueContainer()
            let text = try c.decode(String.self)
            guard let date = ReportFormat.parseTimestamp(text) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "\"\(text)\" is not an ISO 8601 timestamp")
            }
            return date
        }
        return d
    }()

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let p = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return p.isEmpty ? "at the top level" : "at \(p)"
        }
        switch error {
        case .keyNotFound(let key, let context): return "\"\(key.stringValue)\" is missing \(path(context))."
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(context.debugDescription) \(path(context))."
        @unknown default: return "\(error)"
        }
    }
}
