import ConformanceKit
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The terminal's view of a run: one line per case as it finishes, with a progress count, and a
/// summary table at the end.
///
/// ```
/// [ 3/12] ✔ PASS          TC_B_01_CS Cold Boot Charging Station (1.204 s)
/// [ 4/12] ✘ FAIL          TC_B_02_CS Cold Boot Charging Station - Pending (2.000 s)
///         B02.FR.02: step 3 (receive BootNotification): no BootNotification within 120 s
/// ```
///
/// Colour only when standard output is a terminal and `NO_COLOR` is unset (no-color.org), unless
/// forced either way. `quiet` prints only the cases that need attention (fail, error,
/// inconclusive) and the summary; `verbose` also prints every frame live, through
/// `traceRecorded(_:in:)`. Every text is redacted.
public actor ConsoleReporter: ResultSink {
    /// How much to print.
    public enum Verbosity: Sendable {
        /// Only fail, error and inconclusive cases, and the summary.
        case quiet
        /// Every case, and the summary.
        case normal
        /// Every case with every frame as it happens, and the summary.
        case verbose
    }

    /// Whether to colour the output.
    public enum ColorMode: Sendable {
        /// When standard output is a terminal and NO_COLOR is unset.
        case auto
        /// Always colour (e.g. a CI log viewer that shows ANSI colours).
        case always
        /// Never colour.
        case never
    }

    /// How the reporter prints.
    public struct Options: Sendable {
        /// How much to print.
        public var verbosity: Verbosity
        /// Whether to colour.
        public var color: ColorMode
        /// Applied to every line; give the run's redactor.
        public var redactor: Redactor
        /// A live status line (for a terminal): the running cases, each with its step and the
        /// last thing that happened in it, rewritten in place below the finished cases.
        public var statusLine: Bool

        /// Normal verbosity, automatic colour, no secrets unless given, no status line.
        public init(verbosity: Verbosity = .normal, color: ColorMode = .auto, redactor: Redactor = Redactor(), statusLine: Bool = false) {
            self.verbosity = verbosity
            self.color = color
            self.redactor = redactor
            self.statusLine = statusLine
        }
    }

    private var options: Options
    private let useColor: Bool
    private let output: @Sendable (String) -> Void
    private var planned = 0
    private var finished = 0
    private var results: [CaseResult] = []
    /// The running cases in start order, with what the status line says of each.
    private var running: [(id: String, status: String)] = []
    private var statusShown = false

    /// - Parameter output: receives whole lines with their "\n"; standard output unless given.
    public init(options: Options = Options(), output: @escaping @Sendable (String) -> Void = ConsoleReporter.standardOutput) {
        self.options = options
        self.output = output
        self.useColor = Self.shouldUseColor(options.color, environment: ProcessInfo.processInfo.environment, isTerminal: isatty(STDOUT_FILENO) == 1)
    }

    /// Writes to standard output unbuffered, so lines appear as cases finish even through a pipe.
    public static let standardOutput: @Sendable (String) -> Void = { try? FileHandle.standardOutput.write(contentsOf: Data($0.utf8)) }

    /// The colour decision: `auto` colours a terminal unless NO_COLOR is set to anything non-empty.
    public static func shouldUseColor(_ mode: ColorMode, environment: [String: String], isTerminal: Bool) -> Bool {
        switch mode {
        case .always: true
        case .never: false
        case .auto: isTerminal && (environment["NO_COLOR"] ?? "").isEmpty
        }
    }

    /// Redacts more secrets from now on (see `ReportSession.addSecrets`).
    public func addSecrets(_ secrets: [String]) {
        options.redactor = options.redactor.adding(secrets: secrets)
    }

    // MARK: - ResultSink

    public func runStarted(_ run: RunInfo, planned: [CaseInfo]) async {
        self.planned = planned.count
        finished = 0
        results = []
        var line = "ocppspec \(run.harnessVersion): \(planned.count) case\(planned.count == 1 ? "" : "s") against \(printable(run.dutDescription))"
        if let shard = run.shard { line += " (shard \(shard))" }
        emit(style(line, .bold))
    }

    public func caseStarted(_ info: CaseInfo) async {
        if options.statusLine {
            running.append((info.id, "starting"))
            drawStatus()
        }
        guard options.verbosity == .verbose else { return }
        emit(style("▶ \(printable(info.id)) \(printable(info.name))", .bold))
    }

    public func traceRecorded(_ entry: TraceEntry, in info: CaseInfo) async {
        if options.statusLine, let i = running.firstIndex(where: { $0.id == info.id }) {
            running[i].status = Self.status(of: entry)
            drawStatus()
        }
        guard options.verbosity == .verbose else { return }
        let arrow: String
        switch entry.kind {
        case .fromDUT: arrow = "← DUT"
        case .toDUT: arrow = "→ DUT"
        default: arrow = "· \(entry.kind.rawValue)"
        }
        var line = "    \(ReportFormat.offset(entry.seconds)) \(arrow)"
        if let summary = entry.summary { line += " \(printable(summary))" }
        line += "  \(printable(entry.text))"
        emit(entry.kind == .finding ? style(line, .red) : style(line, .dim))
    }

    public func caseFinished(_ result: CaseResult) async {
        running.removeAll { $0.id == result.info.id }
        defer { drawStatus() }
        finished += 1
        results.append(result)
        let kind = result.verdict.kind
        if options.verbosity == .quiet, kind == .pass || kind == .notApplicable { return }
        let width = String(max(planned, finished)).count
        let count = planned > 0 ? "[\(pad(String(finished), width))/\(planned)]" : "[\(finished)]"
        var line = "\(count) \(style(symbol(kind) + " " + label(kind).padding(toLength: 12, withPad: " ", startingAt: 0), color(kind)))"
        line += " \(printable(result.info.id)) \(printable(result.info.name)) (\(ReportFormat.seconds(result.seconds)) s)"
        emit(line)
        if kind != .pass {
            emit(String(repeating: " ", count: count.count + 1) + style(printable(result.verdict.headline), color(kind)))
        }
    }

    public func runFinished(_ run: RunInfo, results all: [CaseResult], interrupted: Bool) async {
        let results = all.isEmpty ? self.results : all
        let counts = VerdictCounts(results)
        let seconds = results.reduce(0) { $0 + $1.seconds }
        let wall = RunReport.wallSeconds(of: results)
        emit("")
        // The run's wall time, and the cases' times added up, said as such (cases run side by side
        // in a demo; a bench run spends time between cases).
        var line = "\(counts.total) case\(counts.total == 1 ? "" : "s") in \(ReportFormat.humanDuration(wall)) wall time "
        line += "(\(ReportFormat.humanDuration(seconds)) summed case time): "
        line += VerdictKind.allCases.map { "\(counts[$0]) \(ReportFormat.word($0))" }.joined(separator: ", ")
        emit(style(line, .bold))
        emit(table(results))
        if interrupted {
            let notRun = max(0, planned - results.count)
            emit(style("Interrupted: \(notRun) of \(max(planned, results.count)) planned cases did not run.", .yellow))
        }
        let policy = run.verdictPolicy
        let judged = counts.total - counts.notApplicable
        var result = "Result: "
        if interrupted {
            result += style("INTERRUPTED", .yellow)
        } else if judged == 0 {
            result += style("NOTHING TESTED", .yellow) + " (no case applied to the device)"
        } else {
            result += counts.isSuccess(under: policy) ? style("PASSED", .green) : style("FAILED", .red)
        }
        if !counts.isSuccess(under: policy) { result += " (\(counts.failing(under: policy)))" }
        if counts.nonStrict > 0 && !policy.strict {
            result += "; \(counts.nonStrict) non-strict (a recommendation not met; --strict fails on it)"
        }
        if counts.inconclusive > 0 && policy.allowInconclusive {
            result += "; \(counts.inconclusive) inconclusive allowed by --allow-inconclusive: those cases tested nothing"
        }
        emit(result)
    }

    // MARK: - Formatting

    /// The per-block summary table, columns aligned.
    /// The OCPP version is a column of its own: blocks of different versions are different rows
    /// (1.6 `OCPPJ` and 2.0.1 `OCPPJ`).
    func table(_ results: [CaseResult]) -> String {
        let rows = RunReport.groupedByVersion(results) { [$0.info.blockName] } + [("total", "", VerdictCounts(results))]
        let headers = ["ocpp", "block", "cases"] + VerdictKind.allCases.map { $0 == .notApplicable ? "n/a" : ReportFormat.word($0) }
        let versionWidth = max(headers[0].count, rows.map(\.version.count).max() ?? 0)
        let labelWidth = max(headers[1].count, rows.map(\.label.count).max() ?? 0)
        var lines: [String] = []
        var header = headers[0].padding(toLength: versionWidth, withPad: " ", startingAt: 0) + "  "
        header += headers[1].padding(toLength: labelWidth, withPad: " ", startingAt: 0)
        for h in headers.dropFirst(2) { header += "  " + pad(h, max(5, h.count)) }
        lines.append(style(header, .bold))
        for row in rows {
            var l = row.version.padding(toLength: versionWidth, withPad: " ", startingAt: 0) + "  "
            l += row.label.padding(toLength: labelWidth, withPad: " ", startingAt: 0)
            l += "  " + pad(String(row.counts.total), 5)
            for (kind, h) in zip(VerdictKind.allCases, headers.dropFirst(3)) {
                let n = row.counts[kind]
                let cell = pad(String(n), max(5, h.count))
                l += "  " + (n > 0 && kind != .pass ? style(cell, color(kind)) : cell)
            }
            lines.append(l)
        }
        return lines.joined(separator: "\n")
    }

    /// Untrusted text (most of it came from the DUT) with control characters made visible, so that
    /// a frame cannot move the cursor, recolour or retitle the user's terminal (ANSI escapes).
    nonisolated static func printable(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value <= 0x9F) {
                    out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// Redacted before control characters are escaped, so that escaping cannot split a secret.
    private func printable(_ text: String) -> String { Self.printable(options.redactor.redact(text)) }

    private func emit(_ line: String) {
        clearStatus()
        output(options.redactor.redact(line) + "\n")
    }

    /// What the status line says of a case after `entry`: its step and what happened last.
    static func status(of entry: TraceEntry) -> String {
        var what: String
        switch entry.kind {
        case .fromDUT: what = "← " + (entry.summary ?? "message")
        case .toDUT: what = "→ " + (entry.summary ?? "message")
        default: what = entry.summary ?? entry.text
        }
        if what.count > 60 { what = String(what.prefix(59)) + "…" }
        let step = entry.step.map { "step \($0), " } ?? ""
        return "\(step)\(ReportFormat.offset(entry.seconds)): \(what)"
    }

    /// The status line as it stands (without the terminal's control characters).
    func statusText() -> String? {
        guard !running.isEmpty else { return nil }
        let first = running[0]
        var text = "[\(finished)/\(planned)] running \(first.id) (\(first.status))"
        if running.count > 1 { text += " and \(running.count - 1) more" }
        return printable(text)
    }

    /// Rewrites the status line in place ("\r" and erase-line), cut to the terminal's width.
    private func drawStatus() {
        guard options.statusLine else { return }
        guard let text = statusText() else { return clearStatus() }
        let width = Self.terminalWidth()
        let shown = text.count >= width ? String(text.prefix(max(width - 2, 10))) + "…" : text
        // statusText() is already redacted (printable); style() already knows about colour.
        output("\r\u{1B}[K" + style(shown, .dim))
        statusShown = true
    }

    private func clearStatus() {
        guard statusShown else { return }
        output("\r\u{1B}[K")
        statusShown = false
    }

    private static func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 100
    }

    private func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    private func symbol(_ kind: VerdictKind) -> String {
        switch kind {
        case .pass: "✔"
        case .nonStrict: "≈"
        case .fail: "✘"
        case .inconclusive: "?"
        case .notApplicable: "–"
        case .error: "!"
        }
    }

    private func label(_ kind: VerdictKind) -> String {
        kind == .notApplicable ? "N/A" : ReportFormat.word(kind).uppercased()
    }

    private enum Style: String {
        case bold = "1", dim = "2", red = "31", green = "32", yellow = "33", magenta = "35", cyan = "36", gray = "90"
    }

    private func color(_ kind: VerdictKind) -> Style {
        switch kind {
        case .pass: .green
        case .nonStrict: .cyan
        case .fail: .red
        case .inconclusive: .yellow
        case .notApplicable: .gray
        case .error: .magenta
        }
    }

    private func style(_ text: String, _ s: Style) -> String {
        useColor ? "\u{1B}[\(s.rawValue)m\(text)\u{1B}[0m" : text
    }
}
