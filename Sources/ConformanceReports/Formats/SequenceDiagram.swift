import ConformanceKit
import Foundation

/// The sequence diagram of one case as inline SVG: two lifelines (the harness and the DUT), one
/// arrow per frame with its offset and summary, and notes spanning both lifelines for connection
/// events, actions, the harness's notes and findings.
///
/// Every text is cut to fit and escaped with `Markup.escape`; the full frames are in the frame list
/// under the diagram, and each arrow links to its frame there (`#<anchor>-f<index>`).
public struct SequenceDiagram: Sendable {
    /// Entries beyond this many are summarised in one note, so that a runaway trace cannot make a
    /// report unusably large.
    public var maxRows: Int

    /// A diagram drawer showing at most `maxRows` trace entries per case.
    public init(maxRows: Int = 400) {
        self.maxRows = maxRows
    }

    // Geometry, in SVG user units (the SVG scales to its container).
    private let width = 880.0
    private let timeX = 8.0
    private let harnessX = 190.0
    private let dutX = 790.0
    private let headerHeight = 52.0
    private let frameRow = 40.0
    private let noteRow = 30.0

    /// The SVG element for a case; `anchor` is the case's HTML id, used to link arrows to frames.
    public func render(_ result: CaseResult, anchor: String) -> String {
        let names = ReportFormat.lifelineNames(result.info)
        let shown = result.trace.prefix(maxRows)
        var rows = ""
        var y = headerHeight + 8
        for (index, entry) in shown.enumerated() {
            switch entry.kind {
            case .fromDUT, .toDUT:
                rows += arrow(entry, index: index, y: y, anchor: anchor, verdict: result.verdict)
                y += frameRow
            default:
                rows += note(entry, index: index, y: y, anchor: anchor)
                y += noteRow
            }
        }
        if result.trace.count > shown.count {
            let more = TraceEntry(kind: .note, offset: .zero, timestamp: Date(timeIntervalSince1970: 0),
                                  text: "… \(result.trace.count - shown.count) more entries: see the frame list")
            rows += note(more, index: nil, y: y, anchor: anchor)
            y += noteRow
        }
        if result.trace.isEmpty {
            rows += "<text x=\"\(f(width / 2))\" y=\"\(f(y + 16))\" class=\"sq-empty\" text-anchor=\"middle\">no frames were exchanged</text>"
            y += noteRow
        }
        let height = y + 10
        var svg = "<svg class=\"seq\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(f(width)) \(f(height))\" "
        svg += "width=\"\(f(width))\" height=\"\(f(height))\" role=\"img\" "
        svg += "aria-label=\"\(Markup.escapeAttribute("Sequence diagram of \(result.info.id)"))\">"
        svg += lifeline(x: harnessX, label: "ocppspec", role: names.harness, height: height, cls: "sq-harness")
        svg += lifeline(x: dutX, label: "DUT", role: names.dut, height: height, cls: "sq-dut")
        svg += rows
        svg += "</svg>"
        return svg
    }

    private func lifeline(x: Double, label: String, role: String, height: Double, cls: String) -> String {
        let boxWidth = 170.0
        var s = "<g class=\"\(cls)\">"
        s += "<line x1=\"\(f(x))\" y1=\"\(f(headerHeight - 8))\" x2=\"\(f(x))\" y2=\"\(f(height - 4))\" class=\"sq-life\"/>"
        s += "<rect x=\"\(f(x - boxWidth / 2))\" y=\"4\" width=\"\(f(boxWidth))\" height=\"\(f(headerHeight - 12))\" rx=\"6\" class=\"sq-head\"/>"
        s += "<text x=\"\(f(x))\" y=\"21\" text-anchor=\"middle\" class=\"sq-head-t\">\(Markup.escape(label))</text>"
        s += "<text x=\"\(f(x))\" y=\"36\" text-anchor=\"middle\" class=\"sq-head-r\">\(Markup.escape(role))</text>"
        s += "</g>"
        return s
    }

    private func arrow(_ e: TraceEntry, index: Int, y: Double, anchor: String, verdict: Verdict) -> String {
        let fromDUT = e.kind == .fromDUT
        let (x1, x2) = fromDUT ? (dutX, harnessX) : (harnessX, dutX)
        let arrowY = y + 20
        let summary = e.summary ?? (fromDUT ? "frame from DUT" : "frame to DUT")
        var classes = ["sq-msg", fromDUT ? "sq-in" : "sq-out"]
        if summary.hasPrefix("CALLERROR") || summary.hasPrefix("CALLRESULTERROR") { classes.append("sq-err") }
        let offending = verdict.kind == .fail && verdict.offendingFrame != nil && verdict.offendingFrame == e.text
        if offending { classes.append("sq-bad") }
        var label = summary
        if let id = e.messageId { label += "  #\(id)" }
        if offending { label = "✘ " + label }
        let mid = (harnessX + dutX) / 2
        let head = fromDUT ? x2 + 9 : x2 - 9
        var s = "<a href=\"#\(anchor)-f\(index)\"><g class=\"\(classes.joined(separator: " "))\">"
        s += "<title>\(Markup.escape(summary + (e.messageId.map { " (message id \($0))" } ?? "")))</title>"
        s += "<rect x=\"0\" y=\"\(f(y))\" width=\"\(f(width))\" height=\"\(f(frameRow))\" class=\"sq-row\"/>"
        s += "<text x=\"\(f(timeX))\" y=\"\(f(arrowY + 4))\" class=\"sq-time\">\(Markup.escape(ReportFormat.offset(e.seconds)))</text>"
        s += "<text x=\"\(f(mid))\" y=\"\(f(arrowY - 6))\" text-anchor=\"middle\" class=\"sq-label\">\(Markup.escape(Self.cut(label, 64)))</text>"
        s += "<line x1=\"\(f(x1))\" y1=\"\(f(arrowY))\" x2=\"\(f(head))\" y2=\"\(f(arrowY))\" class=\"sq-arrow\"/>"
        s += "<polygon points=\"\(f(x2)),\(f(arrowY)) \(f(head)),\(f(arrowY - 5)) \(f(head)),\(f(arrowY + 5))\" class=\"sq-tip\"/>"
        s += "<text x=\"\(f(mid))\" y=\"\(f(arrowY + 13))\" text-anchor=\"middle\" class=\"sq-preview\">\(Markup.escape(Self.cut(Self.oneLine(e.text), 92)))</text>"
        s += "</g></a>"
        return s
    }

    private func note(_ e: TraceEntry, index: Int?, y: Double, anchor: String) -> String {
        let left = harnessX - 60
        let right = dutX + 60
        let cls = "sq-note sq-\(e.kind.rawValue)"
        let prefix: String
        switch e.kind {
        case .action: prefix = "action: "
        case .connection: prefix = "connection: "
        case .finding: prefix = "finding: "
        default: prefix = ""
        }
        var s = index.map { "<a href=\"#\(anchor)-f\($0)\">" } ?? ""
        s += "<g class=\"\(cls)\"><title>\(Markup.escape(prefix + e.text))</title>"
        if index != nil {
            s += "<text x=\"\(f(timeX))\" y=\"\(f(y + 18))\" class=\"sq-time\">\(Markup.escape(ReportFormat.offset(e.seconds)))</text>"
        }
        s += "<rect x=\"\(f(left))\" y=\"\(f(y + 3))\" width=\"\(f(right - left))\" height=\"\(f(noteRow - 6))\" rx=\"4\" class=\"sq-box\"/>"
        s += "<text x=\"\(f((left + right) / 2))\" y=\"\(f(y + 19))\" text-anchor=\"middle\" class=\"sq-note-t\">\(Markup.escape(Self.cut(prefix + Self.oneLine(e.text), 96)))</text>"
        s += "</g>"
        if index != nil { s += "</a>" }
        return s
    }

    /// Cuts text to `limit` characters (grapheme clusters), marking the cut with "…".
    static func cut(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    /// Line breaks and runs of spaces folded, for one-line previews.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    private func f(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : String(format: "%.1f", v)
    }
}
