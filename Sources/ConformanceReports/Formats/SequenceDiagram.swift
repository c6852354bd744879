import ConformanceKit
import Foundation

/// The sequence diagram of one case as inline SVG: two lifelines (the harness and the DUT), one
/// arrow per frame with its offset and summary, and notes spanning both lifelines for connection
/// events, actions, the harness's notes and findings.
///
/// Every text is cut to fit and escaped with `Markup.escape`; the full frames are in the frame list
/// under the diagram, and each arrow links to its frame there (`#<anchor>-f<index>`). A text that
/// had to be cut keeps its whole self in a tooltip (`<title>`).
///
/// A report has hundreds of diagrams with thousands of rows, so a row is written small: it sits in
/// a group moved to its place (`translate`), and the arrow's line and head, the same in every row,
/// are drawn once in `definitions` (which a page holding diagrams includes once) and used from
/// there, coloured by the row's classes through `currentColor`.
public struct SequenceDiagram: Sendable {
    /// Entries beyond this many are summarised in one note, so that a runaway trace cannot make a
    /// report unusably large.
    public var maxRows: Int

    /// A diagram drawer showing at most `maxRows` trace entries per case.
    public init(maxRows: Int = 400) {
        self.maxRows = maxRows
    }

    // Geometry, in SVG user units (the SVG scales to its container).
    private static let width = 880.0
    private static let timeX = 8.0
    private static let harnessX = 190.0
    private static let dutX = 790.0
    private static let headerHeight = 52.0
    private static let frameRow = 40.0
    private static let noteRow = 30.0
    private var width: Double { Self.width }
    private var timeX: Double { Self.timeX }
    private var harnessX: Double { Self.harnessX }
    private var dutX: Double { Self.dutX }
    private var headerHeight: Double { Self.headerHeight }
    private var frameRow: Double { Self.frameRow }
    private var noteRow: Double { Self.noteRow }

    /// What every row draws the same, in an SVG of no size that a page must hold once: a message
    /// row's background and arrow (`#sq-in`, from the DUT; `#sq-out`, to it) and a note's box
    /// (`#sq-nb`). The row's classes colour them: the arrow through `currentColor`, the row and box
    /// through the custom properties `--sq-row`, `--sq-box` and `--sq-box-line` (both inherit into
    /// a `use`).
    public static var definitions: String {
        func arrow(_ id: String, from x1: Double, to x2: Double) -> String {
            let y = frameRow / 2
            let head = x2 > x1 ? x2 - 9 : x2 + 9
            return "<g id=\"\(id)\"><rect width=\"\(f(width))\" height=\"\(f(frameRow))\" style=\"fill:var(--sq-row,transparent)\"/>"
                + "<line x1=\"\(f(x1))\" y1=\"\(f(y))\" x2=\"\(f(head))\" y2=\"\(f(y))\" stroke=\"currentColor\"/>"
                + "<polygon points=\"\(f(x2)),\(f(y)) \(f(head)),\(f(y - 5)) \(f(head)),\(f(y + 5))\" fill=\"currentColor\"/></g>"
        }
        let left = harnessX - 60, right = dutX + 60
        let box = "<rect id=\"sq-nb\" x=\"\(f(left))\" y=\"3\" width=\"\(f(right - left))\" height=\"\(f(noteRow - 6))\" rx=\"4\" "
            + "style=\"fill:var(--sq-box,#f6f8fa);stroke:var(--sq-box-line,#d1d9e0)\"/>"
        return "<svg class=\"sq-defs\" xmlns=\"http://www.w3.org/2000/svg\" width=\"0\" height=\"0\" aria-hidden=\"true\"><defs>"
            + arrow("sq-in", from: dutX, to: harnessX) + arrow("sq-out", from: harnessX, to: dutX) + box + "</defs></svg>\n"
    }

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
            rows += "<text x=\"\(f(width / 2))\" y=\"\(f(y + 16))\" class=\"sq-empty\">no frames were exchanged</text>"
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
        let summary = e.summary ?? (fromDUT ? "frame from DUT" : "frame to DUT")
        var classes = ["sq-msg", fromDUT ? "sq-in" : "sq-out"]
        if summary.hasPrefix("CALLERROR") || summary.hasPrefix("CALLRESULTERROR") { classes.append("sq-err") }
        let offending = verdict.kind == .fail && verdict.offendingFrame != nil && verdict.offendingFrame == e.text
        if offending { classes.append("sq-bad") }
        var label = summary
        if let id = e.messageId { label += "  #\(id)" }
        if offending { label = "✘ " + label }
        let mid = (harnessX + dutX) / 2
        let arrowY = frameRow / 2
        var s = "<a href=\"#\(anchor)-f\(index)\" class=\"\(classes.joined(separator: " "))\" transform=\"translate(0,\(f(y)))\">"
        let shown = Self.cut(label, 64)
        if shown != label { s += "<title>\(Markup.escapeText(label))</title>" }
        s += "<use href=\"#\(fromDUT ? "sq-in" : "sq-out")\"/>"
        s += "<text x=\"\(f(timeX))\" y=\"\(f(arrowY + 4))\" class=\"sq-time\">\(Markup.escapeText(ReportFormat.offset(e.seconds)))</text>"
        s += "<text x=\"\(f(mid))\" y=\"\(f(arrowY - 6))\" class=\"sq-label\">\(Markup.escapeText(shown))</text>"
        s += "<text x=\"\(f(mid))\" y=\"\(f(arrowY + 13))\" class=\"sq-preview\">\(Markup.escapeText(Self.cut(Self.oneLine(e.text), 92)))</text>"
        s += "</a>"
        return s
    }

    private func note(_ e: TraceEntry, index: Int?, y: Double, anchor: String) -> String {
        let mid = (harnessX + dutX) / 2
        let cls = "sq-note sq-\(e.kind.rawValue)"
        let prefix: String
        switch e.kind {
        case .action: prefix = "action: "
        case .connection: prefix = "connection: "
        case .finding: prefix = "finding: "
        default: prefix = ""
        }
        let element = index == nil ? "g" : "a"
        var s = "<\(element)" + (index.map { " href=\"#\(anchor)-f\($0)\"" } ?? "") + " class=\"\(cls)\" transform=\"translate(0,\(f(y)))\">"
        let shown = Self.cut(prefix + Self.oneLine(e.text), 96)
        if shown != prefix + e.text { s += "<title>\(Markup.escapeText(prefix + e.text))</title>" }
        s += "<use href=\"#sq-nb\"/>"
        if index != nil {
            s += "<text x=\"\(f(timeX))\" y=\"18\" class=\"sq-time\">\(Markup.escapeText(ReportFormat.offset(e.seconds)))</text>"
        }
        s += "<text x=\"\(f(mid))\" y=\"19\" class=\"sq-note-t\">\(Markup.escapeText(shown))</text>"
        s += "</\(element)>"
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

    private func f(_ v: Double) -> String { Self.f(v) }

    private static func f(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : String(format: "%.1f", v)
    }
}
