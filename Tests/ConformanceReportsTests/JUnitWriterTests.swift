import ConformanceKit
import Foundation
import Testing

@testable import ConformanceReports

@Suite struct JUnitWriterTests {
    let xml = JUnitWriter().render(SampleRun.report)

    @Test func onePerVersionAndBlockSuiteWithCounts() {
        // `time` is wall time (first start to last end: 65.037 s), not the cases' sum (63.873 s).
        #expect(xml.contains(#"<testsuites name="ocppspec 2026-11-25T08-00-00Z" tests="5" failures="1" errors="2" time="65.037">"#))
        // The inconclusive case counts as an error (a CI view must not show it passed), the
        // not-applicable one as skipped.
        #expect(xml.contains(#"<testsuite name="ocpp2.0.1.B" tests="4" failures="1" errors="1" skipped="1" time="65.000" timestamp="2026-11-25T08:00:00Z" hostname="ci-runner-7">"#))
        #expect(xml.contains(#"<testsuite name="ocpp2.0.1.E" tests="1" failures="0" errors="1" skipped="0" time="0.037" timestamp="2026-11-25T08:01:05Z" hostname="ci-runner-7">"#))
        #expect(xml.contains(#"<property name="interrupted" value="false"/>"#))
    }

    @Test func verdictsMapToJUnitOutcomes() {
        #expect(xml.contains(#"<testcase name="TC_B_01_CS Cold Boot Charging Station - Accepted" classname="ocpp2.0.1.B" time="1.832">"#))
        #expect(xml.contains(#"<failure type="fail" message="B02.FR.02: step 3 (receive BootNotification): the station sent TransactionEvent while its registration was Pending">"#))
        #expect(xml.contains(#"<error type="inconclusive" message="inconclusive: step 1 (action plugIn): the operator did not confirm action plugIn (evse 1) within 60 s">"#))
        #expect(xml.contains(#"<skipped type="notApplicable" message="the DUT profile does not claim security profile 3 (PICS securityProfiles: [1, 2])">"#))
        #expect(xml.contains(#"<error type="error" message="step 2 (action plugIn): the command driver `dut-ctl plugIn --evse 1` exited with status 127 (command not found)">"#))
    }

    @Test func failureBodyExplainsStepByStep() {
        let detail = JUnitWriter().detail(SampleRun.fail)
        #expect(detail.contains("Step 3 (receive BootNotification) \"boot again after the interval\" at TestCases/ocpp2.0.1/ChargingStation/B_Provisioning/TC_B_02_CS.yaml:21:5"))
        #expect(detail.contains("Requirements: B02.FR.02"))
        #expect(detail.contains("Expected: BootNotification"))
        #expect(detail.contains("Actual: TransactionEvent"))
        #expect(detail.contains(#"Offending frame: [2,"tx-1","TransactionEvent""#))
    }

    @Test func traceGoesToSystemOutEscaped() {
        #expect(xml.contains("<system-out>+0.000s  2026-11-25T08:00:00.000Z  action  step 1  reboot"))
        #expect(xml.contains("Charging Station -&gt; CSMS  step 2  CALL BootNotification  [2,&quot;19223201&quot;"))
        #expect(!xml.contains("<script>"))
        #expect(xml.contains("&lt;script&gt;document.title="))
        // NUL and BEL are not XML characters at all; ESC is invisible: all three made visible.
        #expect(xml.contains(#"\u{1B}[31m (raw bytes \u{0}\u{7})"#))
    }

    @Test func noCasesYetIsStillAReport() {
        let empty = RunReport(run: SampleRun.run, hostname: "h", planned: SampleRun.planned, interrupted: true, finished: true)
        let text = JUnitWriter().render(empty)
        // Every planned case is listed as not run, so the totals never look complete.
        #expect(text.contains(#"<testsuites name="ocppspec 2026-11-25T08-00-00Z" tests="5" failures="0" errors="0""#))
        #expect(text.contains(#"<testsuite name="ocppspec.notRun" tests="5" failures="0" errors="0" skipped="5""#))
        #expect(text.components(separatedBy: #"<skipped type="notRun" message="not run: interrupted"/>"#).count - 1 == 5)
        #expect(text.contains(#"<property name="notRun" value="5"/>"#))
    }

    @Test(.enabled(if: ExternalTools.runXmllint, "xmllint \(ExternalTools.setupSystemHint)"))
    func validatesAgainstJUnit10XSD() throws {
        let xmllint = try ExternalTools.require(ExternalTools.xmllint, "xmllint", hint: ExternalTools.setupSystemHint)
        let folder = try ExternalTools.temporaryFolder("xsd")
        var interrupted = SampleRun.report
        interrupted.interrupted = true
        interrupted.results.removeLast(2)
        let documents = [
            ("full.xml", xml),
            ("interrupted.xml", JUnitWriter().render(interrupted)),
            ("empty.xml", JUnitWriter().render(RunReport(run: SampleRun.run, hostname: "h", interrupted: true))),
        ]
        for (name, text) in documents {
            let file = folder.appendingPathComponent(name)
            try Data(text.utf8).write(to: file)
            let result = try ExternalTools.run(xmllint, ["--noout", "--schema", ExternalTools.xsd.path, file.path])
            #expect(result.status == 0, "xmllint rejected \(name): \(result.stderr)")
            #expect(result.stderr.contains("validates"), "\(result.stderr)")
        }
    }

    @Test(.enabled(if: ExternalTools.runJunitparser, "junitparser: \(ExternalTools.setupPythonHint)"))
    func junitparserReadsCountsAndNames() throws {
        let python = try ExternalTools.require(ExternalTools.python, "python", hint: ExternalTools.setupPythonHint)
        let folder = try ExternalTools.temporaryFolder("junitparser")
        let file = folder.appendingPathComponent("junit.xml")
        try Data(xml.utf8).write(to: file)
        let out = try ExternalTools.run(python, ["scripts/junit_summary.py", file.path], in: ExternalTools.repositoryRoot)
        try #require(out.status == 0, "junit_summary.py failed: \(out.stderr)")
        let summary = try JSONDecoder().decode(JUnitSummary.self, from: Data(out.stdout.utf8))
        #expect(summary.tests == 5)
        #expect(summary.failures == 1)
        #expect(summary.errors == 2)
        #expect(summary.skipped == 1)
        #expect(summary.suites.map(\.name) == ["ocpp2.0.1.B", "ocpp2.0.1.E"])
        let cases = summary.suites.flatMap(\.cases)
        #expect(cases.map(\.name) == SampleRun.results.map { "\($0.info.id) \($0.info.name)" })
        #expect(Set(cases.map(\.classname)) == ["ocpp2.0.1.B", "ocpp2.0.1.E"])
        #expect(cases.map { $0.results.first?.kind ?? "pass" } == ["pass", "failure", "error", "skipped", "error"])
        #expect(cases[2].results.first?.message?.hasPrefix("inconclusive: ") == true)
        #expect(cases[1].results.first?.message == SampleRun.fail.verdict.headline)
        #expect(cases[0].time == 1.832)
        #expect(cases[1].system_out?.contains("CALL TransactionEvent") == true)
        #expect(cases[1].system_out?.contains(SampleRun.scriptPayload.replacingOccurrences(of: "\"", with: "\\\"")) == true)
        #expect(summary.suites[0].properties["interrupted"] == "false")
        #expect(summary.suites[0].hostname == "ci-runner-7")
    }

    struct JUnitSummary: Decodable {
        var tests: Int
        var failures: Int
        var errors: Int
        var skipped: Int
        var suites: [Suite]
        struct Suite: Decodable {
            var name: String
            var hostname: String?
            var properties: [String: String]
            var cases: [Case]
        }
        struct Case: Decodable {
            var name: String
            var classname: String
            var time: Double
            var results: [Outcome]
            var system_out: String?
        }
        struct Outcome: Decodable {
            var kind: String
            var message: String?
            var type: String?
        }
    }
}
