import ConformanceKit
import OCPPProtocol
import Foundation
import Testing

@testable import ConformanceReports

@Suite struct ConsoleReporterTests {
    func runAll(_ options: ConsoleReporter.Options, interrupted: Bool = false) async -> String {
        let out = Messages()
        let console = ConsoleReporter(options: options, output: { out.append($0) })
        await console.runStarted(SampleRun.run, planned: SampleRun.planned)
        let results = interrupted ? Array(SampleRun.results.prefix(3)) : SampleRun.results
        for result in results {
            await console.caseStarted(result.info)
            for entry in result.trace { await console.traceRecorded(entry, in: result.info) }
            await console.caseFinished(result)
        }
        await console.runFinished(SampleRun.run, results: results, interrupted: interrupted)
        return out.text
    }

    @Test func oneLinePerCaseWithProgressAndSummary() async {
        let text = await runAll(.init(color: .never, redactor: SampleRun.redactor))
        #expect(text.contains("[1/5] ✔ PASS         TC_B_01_CS Cold Boot Charging Station - Accepted (1.832 s)\n"))
        #expect(text.contains("[2/5] ✘ FAIL         TC_B_02_CS Cold Boot Charging Station - Pending (2.004 s)\n      B02.FR.02: step 3 (receive BootNotification): the station sent TransactionEvent while its registration was Pending\n"))
        #expect(text.contains("[4/5] – N/A          TC_B_45_CS"))
        #expect(text.contains("[5/5] ! ERROR        TC_E_04_CS"))
        #expect(text.contains("5 cases in 1 min 05 s wall time (1 min 04 s summed case time): 1 pass, 0 non-strict, 1 fail, 1 inconclusive, 1 not applicable, 1 error\n"))
        #expect(text.contains("ocpp   block           cases   pass  non-strict   fail  inconclusive    n/a  error\n"))
        #expect(text.contains("2.0.1  B Provisioning      4      1           0      1             1      1      0\n"))
        #expect(text.contains("total                      5      1           0      1             1      1      1\n"))
        // An inconclusive case fails the run by default: it tested nothing (issue 30 item 3).
        #expect(text.contains("Result: FAILED (1 fail, 1 inconclusive, 1 error)\n"))
        #expect(!text.contains("\u{1B}["))
        #expect(!text.contains("CALL BootNotification"))
    }

    /// 1.6 and 2.0.1 both have an `OCPPJ` block and a `Core` profile: they are different rows,
    /// each with its version (issue 30 item 10).
    @Test func blocksAndProfilesOfDifferentVersionsAreDifferentRows() async {
        func result(_ id: String, _ version: OCPPVersion, _ block: String, _ profile: String, _ kind: VerdictKind) -> CaseResult {
            CaseResult(
                info: CaseInfo(id: id, name: id, version: version, dutRole: .chargingStation, block: block, blockName: block, profiles: [profile]),
                verdict: Verdict(kind: kind, reason: kind == .pass ? "" : "x"), startedAt: SampleRun.start, duration: .seconds(1))
        }
        let results = [
            result("OCPPJ_01_CS", .v16, "OCPPJ", "Core", .pass), result("OCPPJ_01_CS", .v201, "OCPPJ", "Core", .fail),
            result("TC_042_1_CS", .v16, "LocalAuthListManagement", "LocalAuthListManagement", .pass),
            result("TC_D_01_CS", .v201, "D Local Authorization List Management", "Local Authorization List Management", .pass),
        ]
        let console = ConsoleReporter(options: .init(color: .never), output: { _ in })
        let table = await console.table(results).split(separator: "\n").map(String.init)
        #expect(table.contains("1.6    OCPPJ                                      1      1           0      0             0      0      0"), "\(table)")
        #expect(table.contains("2.0.1  OCPPJ                                      1      0           0      1             0      0      0"), "\(table)")
        #expect(table.count == 6)
        let report = RunReport(run: SampleRun.run, hostname: "h", results: results, finished: true)
        #expect(report.countsByVersionAndProfile.map { "\($0.version) \($0.label) \($0.counts.total)" } == [
            // In document order (version, then case id), whatever order the cases finished in.
            "1.6 Core 1", "1.6 LocalAuthListManagement 1", "2.0.1 Core 1", "2.0.1 Local Authorization List Management 1",
        ])
        let html = HTMLReportWriter().render(report)
        #expect(html.contains("<th>OCPP</th><th>block</th>") && html.contains("<th>OCPP</th><th>profile</th>"))
        #expect(html.contains("<tr><td>1.6</td><td>Core</td><td>1</td>") && html.contains("<tr><td>2.0.1</td><td>Core</td><td>1</td>"))
    }

    @Test func quietShowsOnlyWhatNeedsAttention() async {
        let text = await runAll(.init(verbosity: .quiet, color: .never))
        #expect(!text.contains("TC_B_01_CS"))
        #expect(!text.contains("TC_B_45_CS"))
        #expect(text.contains("[2/5] ✘ FAIL"))
        #expect(text.contains("[3/5] ? INCONCLUSIVE"))
        #expect(text.contains("Result: FAILED"))
    }

    @Test func verboseShowsFramesLiveRedactedAndDefused() async {
        let text = await runAll(.init(verbosity: .verbose, color: .never, redactor: SampleRun.redactor))
        #expect(text.contains("▶ TC_B_01_CS Cold Boot Charging Station - Accepted\n    +0.000s · action  reboot"))
        #expect(text.contains(#"    +0.430s ← DUT CALL BootNotification  [2,"19223201","BootNotification""#))
        #expect(text.contains("Authorization: Basic [REDACTED]"))
        #expect(!text.contains(SampleRun.basicAuthPassword))
        // The DUT's ESC byte is shown, not sent to the terminal.
        #expect(text.contains(#"dut-ctl: command not found\u{1B}[31m (raw bytes \u{0}\u{7})"#))
        #expect(!text.contains("\u{1B}"))
    }

    @Test func colourOnlyForATerminalWithoutNoColor() async {
        #expect(ConsoleReporter.shouldUseColor(.auto, environment: [:], isTerminal: true))
        #expect(!ConsoleReporter.shouldUseColor(.auto, environment: [:], isTerminal: false))
        #expect(!ConsoleReporter.shouldUseColor(.auto, environment: ["NO_COLOR": "1"], isTerminal: true))
        #expect(ConsoleReporter.shouldUseColor(.auto, environment: ["NO_COLOR": ""], isTerminal: true))
        #expect(ConsoleReporter.shouldUseColor(.always, environment: ["NO_COLOR": "1"], isTerminal: false))
        #expect(!ConsoleReporter.shouldUseColor(.never, environment: [:], isTerminal: true))
        let text = await runAll(.init(color: .always))
        #expect(text.contains("\u{1B}[32m✔ PASS"))
        #expect(text.contains("\u{1B}[31m✘ FAIL"))
    }

    @Test func interruptedRunSaysHowManyDidNotRun() async {
        let text = await runAll(.init(color: .never), interrupted: true)
        #expect(text.contains("Interrupted: 2 of 5 planned cases did not run.\n"))
    }
}

/// The summary reports the run's wall time, and the cases' summed time labelled as such (issue 30
/// item 9, issue 19 item 7): cases side by side take less wall time than their sum, and a bench
/// run spends time between cases that no case's time holds.
@Suite struct WallTimeTests {
    static func result(_ id: String, start: Double, seconds: Double) -> CaseResult {
        let info = CaseInfo(id: id, name: id, version: .v201, dutRole: .chargingStation, block: "B", blockName: "B Provisioning", profiles: [], requirements: [])
        return CaseResult(info: info, verdict: .passed, startedAt: Date(timeIntervalSince1970: 1_000 + start), duration: .milliseconds(Int64(seconds * 1000)))
    }

    @Test func wallTimeSpansFromTheFirstStartToTheLastEnd() {
        // Two cases side by side (0–10 s, 2–12 s) and one after a 17 s pause (29–31 s).
        let results = [Self.result("A", start: 0, seconds: 10), Self.result("B", start: 2, seconds: 10), Self.result("C", start: 29, seconds: 2)]
        #expect(RunReport.wallSeconds(of: results) == 31)
        #expect(RunReport(run: SampleRun.run, hostname: "h", results: results).seconds == 22)
    }

    @Test func theConsoleSaysWhichTimeIsWhich() async {
        let out = Messages()
        let console = ConsoleReporter(options: .init(color: .never), output: { out.append($0) })
        let results = [Self.result("A", start: 0, seconds: 10), Self.result("B", start: 27, seconds: 4)]
        await console.runStarted(SampleRun.run, planned: results.map(\.info))
        for r in results { await console.caseFinished(r) }
        await console.runFinished(SampleRun.run, results: results, interrupted: false)
        #expect(out.text.contains("2 cases in 31.0 s wall time (14.0 s summed case time): 2 pass"), "\(out.text)")
    }

    @Test func junitTotalsAreWallTime() {
        let results = [Self.result("A", start: 0, seconds: 10), Self.result("B", start: 27, seconds: 4)]
        let xml = JUnitWriter().render(RunReport(run: SampleRun.run, hostname: "h", planned: results.map(\.info), results: results, finished: true))
        #expect(xml.contains("<testsuites name=\"ocppspec \(SampleRun.run.runId)\" tests=\"2\" failures=\"0\" errors=\"0\" time=\"31.000\">"), "\(xml)")
    }
}
