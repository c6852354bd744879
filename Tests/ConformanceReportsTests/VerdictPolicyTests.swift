import ConformanceKit
import Foundation
import Testing

@testable import ConformanceReports

/// Which verdicts fail a run (issue 19 item 3: a SHOULD not met is a finding, `--strict` fails on
/// it; issue 30 item 3: an inconclusive case fails the gate unless allowed), how every report shows
/// them, and what an interruption or a re-run merge leaves in the reports (issue 30 items 4, 5).
@Suite struct VerdictPolicyTests {
    /// TC_B_01_CS as a case that met every requirement but one recommendation.
    static var nonStrict: CaseResult {
        var r = SampleRun.pass
        let finding = Verdict(
            kind: .nonStrict, reason: "the DUT sent a CALL (GetConfiguration, id c-2) while its CALL c-1 was still unanswered (OCPP-J 1.6 §4.1.1: SHOULD NOT)",
            step: StepReference(number: 4, summary: "receive GetConfiguration"), requirements: ["OCPP-J 1.6 4.1.1"],
            offendingFrame: #"[2,"c-2","GetConfiguration",{}]"#)
        r.verdict = Verdict(
            kind: .nonStrict, reason: "every requirement met, but a recommendation was not: " + finding.reason,
            step: finding.step, requirements: finding.requirements, offendingFrame: finding.offendingFrame, recommendations: [finding])
        return r
    }

    static func report(_ results: [CaseResult], policy: VerdictPolicy) -> RunReport {
        var run = SampleRun.run
        run.policy = policy
        return RunReport(run: run, hostname: "h", planned: results.map(\.info), results: results, finished: true)
    }

    @Test func exitCodes() {
        let defaults = VerdictPolicy()
        #expect(defaults.exitCode([.pass, .notApplicable]) == 0)
        #expect(defaults.exitCode([.pass, .nonStrict]) == 0)
        #expect(defaults.exitCode([.pass, .inconclusive]) == 4)
        #expect(defaults.exitCode([.inconclusive, .fail]) == 1)
        #expect(defaults.exitCode([.fail, .error]) == 3)
        // A run that judged nothing never passes.
        #expect(defaults.exitCode([.notApplicable, .notApplicable]) == 4)
        #expect(defaults.exitCode([]) == 4)
        #expect(VerdictPolicy(strict: true).exitCode([.pass, .nonStrict]) == 1)
        #expect(VerdictPolicy(allowInconclusive: true).exitCode([.pass, .inconclusive]) == 0)
        #expect(VerdictKind.nonStrict > .notApplicable && VerdictKind.nonStrict < .inconclusive)
    }

    @Test func nonStrictPassesInJUnitUnlessStrict() {
        let lenient = JUnitWriter().render(Self.report([SampleRun.fail, Self.nonStrict], policy: VerdictPolicy()))
        #expect(lenient.contains(#"tests="2" failures="1" errors="0""#))
        #expect(!lenient.contains(#"type="nonStrict""#))
        // The finding leads the case's output, so a reader of the CI log sees it.
        #expect(lenient.contains("<system-out>TC_B_01_CS Cold Boot Charging Station - Accepted: non-strict"))
        #expect(lenient.contains("Recommendation not met 1: step 4 (receive GetConfiguration): OCPP-J 1.6 4.1.1: the DUT sent a CALL"))

        let strict = JUnitWriter().render(Self.report([SampleRun.fail, Self.nonStrict], policy: VerdictPolicy(strict: true)))
        #expect(strict.contains(#"tests="2" failures="2" errors="0""#))
        #expect(strict.contains(#"<failure type="nonStrict" message="non-strict: OCPP-J 1.6 4.1.1: step 4 (receive GetConfiguration): every requirement met"#))
    }

    @Test func inconclusiveIsAnErrorInJUnitUnlessAllowed() {
        let gate = JUnitWriter().render(Self.report([SampleRun.inconclusive], policy: VerdictPolicy()))
        #expect(gate.contains(#"<error type="inconclusive" message="inconclusive: "#))
        #expect(gate.contains(#"tests="1" failures="0" errors="1""#))
        let allowed = JUnitWriter().render(Self.report([SampleRun.inconclusive], policy: VerdictPolicy(allowInconclusive: true)))
        #expect(allowed.contains(#"<skipped type="inconclusive" message="inconclusive: "#))
        #expect(allowed.contains(#"tests="1" failures="0" errors="0" skipped="1""#))
    }

    @Test func consoleCountsNonStrictApartAndStrictFailsOnIt() async {
        func output(_ policy: VerdictPolicy) async -> String {
            let out = Messages()
            let console = ConsoleReporter(options: .init(color: .never), output: { out.append($0) })
            var run = SampleRun.run
            run.policy = policy
            await console.runStarted(run, planned: [Self.nonStrict.info])
            await console.caseFinished(Self.nonStrict)
            await console.runFinished(run, results: [Self.nonStrict], interrupted: false)
            return out.text
        }
        let lenient = await output(VerdictPolicy())
        #expect(lenient.contains("[1/1] ≈ NON-STRICT   TC_B_01_CS"))
        #expect(lenient.contains("0 pass, 1 non-strict, 0 fail"))
        #expect(lenient.contains("Result: PASSED; 1 non-strict (a recommendation not met; --strict fails on it)\n"))
        let strict = await output(VerdictPolicy(strict: true))
        #expect(strict.contains("Result: FAILED (1 non-strict)\n"))
    }

    @Test func htmlShowsTheFindingsAndNeverAGreenBadgeForNothingTested() {
        let html = HTMLReportWriter().render(Self.report([Self.nonStrict], policy: VerdictPolicy()))
        #expect(html.contains("Recommendations not met (1)"))
        #expect(html.contains(#"class="overall bg-pass">PASSED"#))
        #expect(html.contains(#"class="chip v-nonStrict">non-strict"#))
        let strict = HTMLReportWriter().render(Self.report([Self.nonStrict], policy: VerdictPolicy(strict: true)))
        #expect(strict.contains(#"class="overall bg-fail">FAILED"#))
        let nothing = HTMLReportWriter().render(Self.report([SampleRun.notApplicable], policy: VerdictPolicy()))
        #expect(nothing.contains(#"class="overall bg-notApplicable">NOTHING TESTED"#))
        var interrupted = Self.report([SampleRun.pass], policy: VerdictPolicy())
        interrupted.interrupted = true
        #expect(HTMLReportWriter().render(interrupted).contains(#"class="overall bg-inconclusive">INTERRUPTED"#))
    }

    @Test func resultsJSONKeepsThePolicyAndTheFindings() throws {
        let report = Self.report([Self.nonStrict], policy: VerdictPolicy(strict: true))
        let text = String(decoding: ResultsJSON.encode(report), as: UTF8.self)
        #expect(text.contains(#""nonStrict" : 1"#))
        let back = try ResultsJSON.decode(ResultsJSON.encode(report))
        #expect(back.run.policy == VerdictPolicy(strict: true))
        #expect(back.results[0].verdict.recommendations?.first?.requirements == ["OCPP-J 1.6 4.1.1"])
        // A document from before the policy was recorded reads as the default policy.
        let old = text.replacingOccurrences(of: #""policy" : {"#, with: #""oldPolicy" : {"#)
        #expect(try ResultsJSON.decode(Data(old.utf8)).run.policy == nil)
    }

    /// "Re-run the failures, then merge": the merged report keeps the later result, whichever
    /// folder comes first, and says which it kept.
    @Test func mergeKeepsTheLatestResult() throws {
        var first = Self.report([SampleRun.pass, SampleRun.fail], policy: VerdictPolicy())
        first.hostname = "first"
        var rerun = SampleRun.fail
        rerun.verdict = .passed
        rerun.startedAt = SampleRun.fail.startedAt.addingTimeInterval(3600)
        var second = Self.report([rerun], policy: VerdictPolicy())
        second.hostname = "rerun"
        let root = try ExternalTools.temporaryFolder("merge-latest")
        try ReportSession.write(first, to: root.appendingPathComponent("first"))
        try ReportSession.write(second, to: root.appendingPathComponent("rerun"))
        for order in [["first", "rerun"], ["rerun", "first"]] {
            let out = root.appendingPathComponent("merged-" + order[0])
            let outcome = try ReportMerger.merge(folders: order.map { root.appendingPathComponent($0) }, into: out)
            let merged = try ResultsJSON.decode(Data(contentsOf: out.appendingPathComponent("results.json")))
            #expect(merged.results.map(\.verdict.kind) == [.pass, .pass], "order \(order)")
            #expect(outcome.warnings.count == 1)
            #expect(outcome.warnings.first?.contains("keeps the later one, pass from \(root.appendingPathComponent("rerun").path)") == true, "\(outcome.warnings)")
            #expect(outcome.warnings.first?.contains("not fail from \(root.appendingPathComponent("first").path)") == true)
        }
    }

    /// A signal handler marks the reports at once, without the session's executor, and no later
    /// write unmarks them; the case that was running becomes an `error` "interrupted".
    @Test func interruptNowMarksTheReportsAndLaterWritesKeepTheMark() async throws {
        let folder = try ExternalTools.temporaryFolder("interrupt-now")
        let session = try ReportSession(folder: folder, hostname: "h")
        await session.runStarted(SampleRun.run, planned: SampleRun.planned)
        await session.caseFinished(SampleRun.pass)
        await session.caseStarted(SampleRun.fail.info)
        session.interruptNow()
        let marked = try ResultsJSON.decode(Data(contentsOf: session.url(of: .results)))
        #expect(marked.interrupted && marked.finished)
        #expect(marked.results.map(\.info.id) == ["TC_B_01_CS"])
        // A case that finishes after the signal is kept, the mark too.
        await session.caseFinished(SampleRun.inconclusive)
        var json = try ResultsJSON.decode(Data(contentsOf: session.url(of: .results)))
        #expect(json.interrupted && json.finished)
        await session.interrupt()
        json = try ResultsJSON.decode(Data(contentsOf: session.url(of: .results)))
        let running = json.results.first { $0.info.id == "TC_B_02_CS" }
        #expect(running?.verdict.kind == .error)
        #expect(running?.verdict.reason.hasPrefix("interrupted: the run was stopped while this case was running") == true)
        let junit = try String(contentsOf: session.url(of: .junit), encoding: .utf8)
        #expect(junit.contains(#"<testsuites name="ocppspec 2026-11-25T08-00-00Z" tests="5""#))
        #expect(junit.components(separatedBy: #"type="notRun""#).count - 1 == 2)
        let html = try String(contentsOf: session.url(of: .html), encoding: .utf8)
        #expect(html.contains(">INTERRUPTED<"))
    }
}
