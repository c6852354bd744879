import ConformanceKit
import Foundation

/// `junit.xml`: valid against the Jenkins xunit `junit-10.xsd` (the common JUnit schema that CI
/// systems read).
///
/// Mapping of verdicts (DESIGN.md, Verdicts), under the run's `VerdictPolicy`:
/// - `pass`: a bare `<testcase>`.
/// - `nonStrict` (every requirement met, a recommendation not): a `<testcase>` whose
///   `<system-out>` starts with the findings, so CI shows it passed; under `--strict`
///   `<failure type="nonStrict" message="non-strict: <headline>">`.
/// - `fail`: `<failure type="fail" message="<headline>">` with step, requirements, expected, actual,
///   offending frame and case-file location in the body.
/// - `error`: `<error type="error" …>`: the harness or its configuration was wrong, not the DUT.
/// - `notApplicable`: `<skipped type="notApplicable" message="<reason>">`.
/// - `inconclusive`: `<error type="inconclusive" message="inconclusive: <headline>">`: a gate whose
///   case did not run has tested nothing, so a CI test view must not show it passed. With
///   `--allow-inconclusive` it is `<skipped type="inconclusive" …>` instead.
/// - A planned case an interruption left unfinished: `<error type="interrupted">` for the ones that
///   were running, `<skipped type="notRun" message="not run: interrupted">` for the rest, so the
///   totals of an interrupted run never look complete.
///
/// One `<testsuite>` per version + block (`ocpp2.0.1.B`, also the `classname` of its cases), with
/// counts, `time` (sum of its cases, 3 decimals), `timestamp` (its first case's start, UTC) and
/// `hostname`. Its `<properties>` carry the run id, DUT, harness version, selection, shard, block
/// name and `interrupted` (true when the run was stopped before every planned case ran). Each case's
/// trace is in `<system-out>`, its warnings in `<system-err>`.
public struct JUnitWriter: Sendable {
    /// The writer has no settings.
    public init() {}

    /// The whole document.
    public func render(_ report: RunReport) -> String {
        var testcases: [String] = []
        return render(report, testcases: &testcases)
    }

    /// The whole document, reusing the `<testcase>` elements already rendered for the first
    /// `testcases.count` results and adding the new ones: a streaming session renders each case
    /// once instead of once per later case.
    public func render(_ report: RunReport, testcases: inout [String]) -> String {
        if testcases.count > report.results.count { testcases.removeAll() }
        for r in report.results.dropFirst(testcases.count) { testcases.append(testcase(r, policy: report.run.verdictPolicy)) }
        let policy = report.run.verdictPolicy
        // Cases an interruption left without a result: listed, so that the totals say so.
        let notRun = report.interrupted ? report.notRun.map(Self.notRunElement) : []
        let tally = Tally(report.results, policy: policy, notRun: notRun.count)
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        x += "<testsuites name=\"\(attr("ocppspec \(report.run.runId)"))\" tests=\"\(tally.tests)\" "
        x += "failures=\"\(tally.failures)\" errors=\"\(tally.errors)\" time=\"\(ReportFormat.seconds(report.wallSeconds))\">\n"
        let suites = report.suites
        if suites.isEmpty && notRun.isEmpty {
            // A run interrupted before its first case still says who ran and that it stopped.
            x += suite(name: "ocppspec", blockName: "", results: [], elements: [], report: report)
        }
        for s in suites {
            let elements = s.indices.map { testcases[$0] }
            x += suite(name: s.name, blockName: s.blockName, results: s.indices.map { report.results[$0] }, elements: elements, report: report)
        }
        if !notRun.isEmpty {
            x += suite(name: "ocppspec.notRun", blockName: "not run: interrupted", results: [], elements: notRun.map(\.element), report: report, notRun: notRun.count)
        }
        x += "</testsuites>\n"
        return x
    }

    /// How many testcases a suite or the document has, and how JUnit counts them under `policy`.
    struct Tally {
        var tests = 0, failures = 0, errors = 0, skipped = 0

        init(_ results: [CaseResult], policy: VerdictPolicy, notRun: Int = 0) {
            let c = VerdictCounts(results)
            tests = c.total + notRun
            failures = c.fail + (policy.strict ? c.nonStrict : 0)
            errors = c.error + (policy.allowInconclusive ? 0 : c.inconclusive)
            skipped = c.notApplicable + (policy.allowInconclusive ? c.inconclusive : 0) + notRun
        }
    }

    private func suite(name: String, blockName: String, results: [CaseResult], elements: [String], report: RunReport, notRun: Int = 0) -> String {
        let tally = Tally(results, policy: report.run.verdictPolicy, notRun: notRun)
        // Wall time of the suite (its first case's start to its last one's end), as CI tools sum
        // and show it; the cases' own times are on each testcase.
        let time = RunReport.wallSeconds(of: results)
        let start = results.map(\.startedAt).min() ?? report.run.startedAt
        var x = "  <testsuite name=\"\(attr(name))\" tests=\"\(tally.tests)\" failures=\"\(tally.failures)\" errors=\"\(tally.errors)\" "
        x += "skipped=\"\(tally.skipped)\" time=\"\(ReportFormat.seconds(time))\" "
        x += "timestamp=\"\(ReportFormat.timestampSeconds(start))\" hostname=\"\(attr(report.hostname))\">\n"
        x += "    <properties>\n"
        var properties: [(String, String)] = [
            ("run", report.run.runId),
            ("dut", report.run.dutDescription),
            ("harness", "ocppspec \(report.run.harnessVersion)"),
            ("selection", report.run.selection),
        ]
        if let role = report.run.dutRole { properties.append(("dutRole", role.rawValue)) }
        if let shard = report.run.shard { properties.append(("shard", shard)) }
        if !blockName.isEmpty { properties.append(("block", blockName)) }
        properties.append(("interrupted", report.interrupted ? "true" : "false"))
        if report.interrupted { properties.append(("notRun", String(report.notRun.count))) }
        properties += report.run.evidence
        for (key, value) in properties {
            x += "      <property name=\"\(attr(key))\" value=\"\(attr(value))\"/>\n"
        }
        x += "    </properties>\n"
        for element in elements { x += element }
        x += "  </testsuite>\n"
        return x
    }

    /// A planned case an interrupted run did not reach.
    static func notRunElement(_ info: CaseInfo) -> (info: CaseInfo, element: String) {
        let name = Markup.escapeAttribute("\(info.id) \(info.name)")
        let element = "    <testcase name=\"\(name)\" classname=\"\(Markup.escapeAttribute(info.suiteName))\" time=\"0.000\">\n"
            + "      <skipped type=\"notRun\" message=\"not run: interrupted\"/>\n    </testcase>\n"
        return (info, element)
    }

    private func testcase(_ r: CaseResult, policy: VerdictPolicy) -> String {
        var x = "    <testcase name=\"\(attr("\(r.info.id) \(r.info.name)"))\" classname=\"\(attr(r.info.suiteName))\" "
        x += "time=\"\(ReportFormat.seconds(r.seconds))\">\n"
        let v = r.verdict
        var out = r.trace.isEmpty ? "" : traceText(r)
        switch v.kind {
        case .pass:
            break
        case .nonStrict where policy.strict:
            x += "      <failure type=\"nonStrict\" message=\"\(attr("non-strict: " + v.headline))\">\(Markup.escape(detail(r)))</failure>\n"
        case .nonStrict:
            // Passed in CI's eyes; the findings lead the output so nobody misses them.
            out = detail(r) + (out.isEmpty ? "" : "\n\n" + out)
        case .inconclusive where !policy.allowInconclusive:
            x += "      <error type=\"inconclusive\" message=\"\(attr("inconclusive: " + v.headline))\">\(Markup.escape(detail(r)))</error>\n"
        case .fail:
            x += "      <failure type=\"fail\" message=\"\(attr(v.headline))\">\(Markup.escape(detail(r)))</failure>\n"
        case .error:
            x += "      <error type=\"error\" message=\"\(attr(v.headline))\">\(Markup.escape(detail(r)))</error>\n"
        case .notApplicable:
            x += "      <skipped type=\"notApplicable\" message=\"\(attr(v.reason))\">\(Markup.escape(detail(r)))</skipped>\n"
        case .inconclusive:
            x += "      <skipped type=\"inconclusive\" message=\"\(attr("inconclusive: " + v.headline))\">\(Markup.escape(detail(r)))</skipped>\n"
        }
        if !out.isEmpty {
            x += "      <system-out>\(Markup.escape(out))</system-out>\n"
        }
        if !r.warnings.isEmpty {
            x += "      <system-err>\(Markup.escape(r.warnings.map { "warning: \($0)" }.joined(separator: "\n")))</system-err>\n"
        }
        x += "    </testcase>\n"
        return x
    }

    /// The step-by-step explanation in a failure, error or skip: what a CI viewer shows when the
    /// case is opened.
    func detail(_ r: CaseResult) -> String {
        let v = r.verdict
        var lines = ["\(r.info.id) \(r.info.name): \(ReportFormat.word(v.kind))"]
        if let step = v.step {
            var s = "Step \(step.number) (\(step.summary))"
            if let label = step.label { s += " \"\(label)\"" }
            if let state = step.state { s += " in state \(state)" }
            if let location = step.location { s += " at \(location)" }
            lines.append(s)
        }
        if !v.requirements.isEmpty { lines.append("Requirements: \(v.requirements.joined(separator: ", "))") }
        lines.append("Reason: \(v.reason)")
        if let expected = v.expected { lines.append("Expected: \(expected)") }
        if let actual = v.actual { lines.append("Actual: \(actual)") }
        if let frame = v.offendingFrame { lines.append("Offending frame: \(frame)") }
        if let file = r.info.file { lines.append("Case file: \(file)") }
        for (i, finding) in (v.recommendations ?? []).enumerated() {
            var line = "Recommendation not met \(i + 1): "
            if let step = finding.step { line += "step \(step.number) (\(step.summary)): " }
            if !finding.requirements.isEmpty { line += finding.requirements.joined(separator: ", ") + ": " }
            line += finding.reason
            lines.append(line)
            if let frame = finding.offendingFrame { lines.append("  Frame: \(frame)") }
        }
        return lines.joined(separator: "\n")
    }

    /// One line per trace entry: offset, wall-clock time, direction, summary, text.
    func traceText(_ r: CaseResult) -> String {
        let names = ReportFormat.lifelineNames(r.info)
        return r.trace.map { e in
            var parts = [ReportFormat.offset(e.seconds), ReportFormat.timestamp(e.timestamp)]
            switch e.kind {
            case .fromDUT: parts.append("\(names.dut) -> \(names.harness)")
            case .toDUT: parts.append("\(names.harness) -> \(names.dut)")
            default: parts.append(e.kind.rawValue)
            }
            if let step = e.step { parts.append("step \(step)") }
            if let summary = e.summary { parts.append(summary) }
            parts.append(e.text)
            return parts.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    private func attr(_ text: String) -> String { Markup.escapeAttribute(text) }
}
