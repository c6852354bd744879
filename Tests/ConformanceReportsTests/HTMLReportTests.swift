import ConformanceKit
import Foundation
import OCPPProtocol
import Testing

@testable import ConformanceReports

@Suite struct HTMLReportTests {
    let html = HTMLReportWriter().render(SampleRun.report)

    @Test func selfContained() {
        // Nothing is loaded from anywhere: no scripts at all, no external styles, fonts or images.
        #expect(!html.contains("<script"))
        #expect(!html.contains("<link"))
        #expect(!html.contains("src="))
        #expect(!html.contains("url("))
        #expect(!html.contains("@import"))
        #expect(html.contains("Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\""))
    }

    @Test func everyCaseWithItsDiagramAndFrames() {
        for result in SampleRun.results {
            #expect(html.contains(">\(result.info.id)<"))
        }
        #expect(html.components(separatedBy: "<svg class=\"seq\"").count - 1 == SampleRun.results.count)
        #expect(html.contains("<details class=\"case v-fail\" id=\"case-TC_B_02_CS\" open>"))
        #expect(html.contains("<details class=\"case v-pass\" id=\"case-TC_B_01_CS\">"))
        // A failed case's frames pretty-printed, with offset and timestamp.
        #expect(html.contains("<code>+0.401s</code><code>2026-11-25T08:00:02.401Z</code><span class=\"dir\">Charging Station → CSMS</span>"))
        #expect(html.contains("[\n  2,\n  \"boot-1\",\n  \"BootNotification\",\n  {\n    \"reason\": \"PowerUp\""))
        // A passing case's trace: one line per entry, the frame as on the wire, each line a link target.
        #expect(html.contains(#"<span id="case-TC_B_01_CS-f2" class="k-fromDUT">+0.430s  2026-11-25T08:00:00.430Z  Charging Station → CSMS  step 2  CALL BootNotification  [2,"19223201","BootNotification",{"reason":"PowerUp","#))
        // Expected vs actual and the offending frame.
        #expect(html.contains("<h4>Expected</h4><pre>BootNotification"))
        #expect(html.contains("<h4>Offending frame</h4><pre>[\n  2,\n  &quot;tx-1&quot;"))
    }

    @Test("The fields where the received payload differed are marked in expected, actual and the offending frame")
    func differingFieldsAreMarked() {
        var result = SampleRun.fail
        result.verdict = Verdict(
            kind: .fail, reason: #"StatusNotification does not match step 2: /connectorStatus: expected "Occupied", found "Available""#,
            step: StepReference(number: 2, summary: "receive StatusNotification"),
            expected: #"{"evseId":1,"connectorStatus":"Occupied"}"#,
            actual: #"{"timestamp":"2026-11-25T08:00:03.000Z","connectorStatus":"Available","evseId":1,"connectorId":"<b>1</b>"}"#,
            offendingFrame: #"[2,"s-9","StatusNotification",{"timestamp":"2026-11-25T08:00:03.000Z","connectorStatus":"Available","evseId":1,"connectorId":"<b>1</b>"}]"#)
        result.verdict.differences = ["/connectorStatus", "/connectorId"]
        let page = HTMLReportWriter().render(RunReport(run: SampleRun.run, hostname: "h", planned: [result.info], results: [result], interrupted: false, finished: true))
        let marked = "<mark class=\"diff\">&quot;connectorStatus&quot;: &quot;"
        #expect(page.contains("<h4>Expected</h4><pre>{\n  &quot;evseId&quot;: 1,\n  \(marked)Occupied&quot;</mark>\n}</pre>"))
        #expect(page.contains("<h4>Actual</h4><pre>{\n  &quot;timestamp&quot;: &quot;2026-11-25T08:00:03.000Z&quot;,\n  \(marked)Available&quot;</mark>,"))
        // In the frame, the pointers are taken inside the payload; the DUT's text stays escaped.
        #expect(page.contains("<h4>Offending frame</h4><pre>[\n  2,\n  &quot;s-9&quot;,\n  &quot;StatusNotification&quot;,\n  {\n    &quot;timestamp&quot;"))
        #expect(page.contains("    \(marked)Available&quot;</mark>,"))
        #expect(page.contains("<mark class=\"diff\">&quot;connectorId&quot;: &quot;&lt;b&gt;1&lt;/b&gt;&quot;</mark>"))
        #expect(!page.contains("<b>1</b>"))
        // connectorId is absent from the expectation: nothing there to mark, and the payload is never marked whole.
        #expect(page.components(separatedBy: "<mark class=\"diff\">").count - 1 == 1 + 2 + 2 + 2, "expected 1, actual 2, frame 2, the list 2")
        #expect(page.contains("<div class=\"diffs\">Differs at: <mark class=\"diff\"><code>/connectorStatus</code></mark> <mark class=\"diff\"><code>/connectorId</code></mark></div>"))
        #expect(HTMLStyle.css.contains("mark.diff{"), "the mark is styled by the report's own CSS")
    }

    @Test("Without differences nothing is marked")
    func noDifferencesNoMarks() {
        #expect(!html.contains("<mark"))
    }

    /// Issue 30: anchors carry no run index, and the cases are listed by version then id, so two
    /// runs of the same cases give the same page whatever order the cases finished in.
    @Test("Anchors and order do not depend on the order cases finished in")
    func anchorsAndOrderAreStable() {
        var reversed = SampleRun.report
        reversed.results.reverse()
        let other = HTMLReportWriter().render(reversed)
        for id in ["TC_B_01_CS", "TC_B_02_CS", "TC_B_20_CS", "TC_B_45_CS", "TC_E_04_CS"] {
            #expect(html.contains("id=\"case-\(id)\"") && other.contains("id=\"case-\(id)\""), "\(id)")
        }
        #expect(!html.contains("id=\"case-1-"))
        #expect(other == html, "the same cases in another finishing order give the same page")
        let positions = ["TC_B_01_CS", "TC_B_02_CS", "TC_B_20_CS", "TC_B_45_CS", "TC_E_04_CS"].map { other.range(of: "id=\"case-\($0)\"")!.lowerBound }
        #expect(positions == positions.sorted(), "listed by case id")
        #expect(JUnitWriter().render(reversed) == JUnitWriter().render(SampleRun.report))
    }

    @Test("An id held for two versions carries the version in its anchor; anchors stay unique")
    func anchorsOfAnIdInTwoVersions() {
        func result(_ version: OCPPVersion) -> CaseResult {
            CaseResult(info: CaseInfo(id: "OCPPJ_01_CS", name: "RPC", version: version, dutRole: .chargingStation, block: "OCPPJ", blockName: "OCPPJ"),
                       verdict: .passed, startedAt: SampleRun.start, duration: .seconds(1))
        }
        let report = RunReport(run: SampleRun.run, hostname: "h", results: [result(.v201), result(.v16), result(.v201), SampleRun.pass], finished: true)
        let page = HTMLReportWriter().render(report)
        #expect(page.contains("id=\"case-1.6-OCPPJ_01_CS\""))
        #expect(page.contains("id=\"case-2.0.1-OCPPJ_01_CS\""))
        #expect(page.contains("id=\"case-2.0.1-OCPPJ_01_CS-2\""))
        #expect(page.contains("id=\"case-TC_B_01_CS\""), "an id held for one version only has no version")
        #expect(page.range(of: "case-1.6-OCPPJ_01_CS\"")!.lowerBound < page.range(of: "case-2.0.1-OCPPJ_01_CS\"")!.lowerBound)
    }

    @Test func summaryByProfileAndBlock() {
        #expect(html.contains("<h2>By certification profile</h2>"))
        #expect(html.contains("<tr><td>2.0.1</td><td>Core</td><td>4</td>"))
        #expect(html.contains("<tr><td>2.0.1</td><td>Advanced Security</td><td>1</td>"))
        #expect(html.contains("<h2>By functional block</h2>"))
        #expect(html.contains("<tr><td>2.0.1</td><td>B Provisioning</td><td>4</td>"))
        #expect(html.contains("<tr><td>2.0.1</td><td>E Transactions</td><td>1</td>"))
    }

    @Test func dutTextIsEscapedEverywhere() {
        #expect(!html.contains(SampleRun.scriptPayload))
        #expect(html.contains("&lt;script&gt;document.title=&#39;pwned&#39;"))
        #expect(html.contains(#"\u{1B}[31m (raw bytes \u{0}\u{7})"#))
    }

    @Test func interruptedBannerAndNotRunList() {
        var report = SampleRun.report
        report.results.removeLast(2)
        report.interrupted = true
        let page = HTMLReportWriter().render(report)
        #expect(page.contains("<div class=\"banner\" id=\"interrupted\">⚠ This run was interrupted: 3 of 5 planned cases finished; 2 did not run"))
        #expect(page.contains("<h2>Not run (2)</h2>"))
    }

    @Test(.enabled(if: ExternalTools.runChromium, "chromium \(ExternalTools.setupSystemHint)"))
    func headlessChromiumShowsEveryCaseAndRunsNoDUTScript() throws {
        let chromium = try ExternalTools.require(ExternalTools.chromium, "chromium", hint: ExternalTools.setupSystemHint)
        let folder = try ExternalTools.temporaryFolder("chromium")
        let page = folder.appendingPathComponent("report.html")
        try Data(html.utf8).write(to: page)
        let dom = try Self.dumpDOM(chromium, page, folder: folder)
        try #require(dom.contains("</html>"), "chromium printed no DOM")
        for result in SampleRun.results {
            #expect(dom.contains(result.info.id), "the DOM lacks \(result.info.id)")
        }
        #expect(dom.components(separatedBy: "<svg class=\"seq\"").count - 1 == SampleRun.results.count)
        // The DUT's script is text: its effects (title, element) are absent, its text is present.
        #expect(dom.contains("<title>ocppspec report – ACME Wallbox 22"))
        #expect(!dom.contains("pwned</title>"))
        #expect(!dom.contains("<p id=\"xss-executed\">"))
        #expect(dom.contains("&lt;script&gt;document.title='pwned'"))
        #expect(!dom.contains("<script"))
    }

    /// The control for the test above: the same payload, unescaped, does run in this Chromium, so
    /// the absence of its effects there means something.
    @Test(.enabled(if: ExternalTools.runChromium, "chromium \(ExternalTools.setupSystemHint)"))
    func controlUnescapedPayloadDoesRunInChromium() throws {
        let chromium = try ExternalTools.require(ExternalTools.chromium, "chromium", hint: ExternalTools.setupSystemHint)
        let folder = try ExternalTools.temporaryFolder("chromium-control")
        let page = folder.appendingPathComponent("control.html")
        try Data("<!DOCTYPE html><html><head><title>control</title></head><body>\(SampleRun.scriptPayload)</body></html>".utf8).write(to: page)
        let dom = try Self.dumpDOM(chromium, page, folder: folder)
        #expect(dom.contains("<p id=\"xss-executed\">"))
        #expect(dom.contains("<title>pwned</title>"))
    }

    static func dumpDOM(_ chromium: String, _ page: URL, folder: URL) throws -> String {
        let profile = folder.appendingPathComponent("profile").path
        var arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage",
            "--user-data-dir=\(profile)", "--virtual-time-budget=3000", "--dump-dom", page.absoluteString,
        ]
        var executable = chromium
        // A hung browser must not hang the test run.
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/timeout") {
            arguments.insert(contentsOf: ["120", chromium], at: 0)
            executable = "/usr/bin/timeout"
        }
        let out = try ExternalTools.run(executable, arguments)
        if out.status != 0 {
            throw ExternalTools.ToolError("chromium exited \(out.status): \(out.stderr.suffix(2000))")
        }
        return out.stdout
    }
}
