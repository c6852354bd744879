import ConformanceKit
import Foundation
import Testing

@testable import ConformanceReports

@Suite struct ResultsJSONTests {
    @Test func roundTripKeepsEverythingTheReportsShow() throws {
        let report = SampleRun.report
        let decoded = try ResultsJSON.decode(ResultsJSON.encode(report))
        #expect(decoded.run == report.run)
        #expect(decoded.hostname == report.hostname)
        #expect(decoded.planned == report.planned)
        #expect(decoded.results.map(\.verdict) == report.results.map(\.verdict))
        #expect(decoded.results.map(\.trace.count) == report.results.map(\.trace.count))
        // Regenerated reports are identical to the originals: nothing was lost.
        #expect(JUnitWriter().render(decoded) == JUnitWriter().render(report))
        #expect(HTMLReportWriter().render(decoded) == HTMLReportWriter().render(report))
        let again = String(decoding: ResultsJSON.encode(decoded), as: UTF8.self)
        let first = String(decoding: ResultsJSON.encode(report), as: UTF8.self)
        let difference = zip(again.split(separator: "\n"), first.split(separator: "\n")).first { $0.0 != $0.1 }
        #expect(difference == nil, "first differing line: \(String(describing: difference))")
    }

    @Test func documentedFieldsForTools() throws {
        let object = try JSONSerialization.jsonObject(with: ResultsJSON.encode(SampleRun.report)) as! [String: Any]
        #expect(object["format"] as? String == "ocppspec.results/1")
        #expect(object["interrupted"] as? Bool == false)
        let summary = object["summary"] as! [String: Any]
        #expect(summary["total"] as? Int == 5)
        #expect(summary["fail"] as? Int == 1)
        let cases = object["cases"] as! [[String: Any]]
        #expect(cases[1]["headline"] as? String == SampleRun.fail.verdict.headline)
        #expect(cases[1]["suite"] as? String == "ocpp2.0.1.B")
        #expect(cases[1]["seconds"] as? Double == 2.004)
        let trace = cases[1]["trace"] as! [[String: Any]]
        #expect(trace[2]["offset"] as? Double == 0.401)
        #expect(trace[2]["timestamp"] as? String == "2026-11-25T08:00:02.401Z")
    }

    @Test func wrongDocumentsAreRefusedWithASentence() {
        #expect(throws: ResultsJSON.ReadError.self) { try ResultsJSON.decode(Data("{}".utf8), source: "a/results.json") }
        do {
            _ = try ResultsJSON.decode(Data(#"{"format":"other/9"}"#.utf8), source: "b.json")
        } catch {
            #expect("\(error)".contains("b.json is not an ocppspec results document"))
        }
    }

    @Test func traceLinesCarryTheCaseId() throws {
        let lines = TraceLines.lines(for: SampleRun.fail).split(separator: "\n")
        #expect(lines.count == SampleRun.fail.trace.count)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            #expect(object["case"] as? String == "TC_B_02_CS")
            #expect(object["suite"] as? String == "ocpp2.0.1.B")
        }
    }

    @Test func mergeShardsIntoOneRun() throws {
        let all = SampleRun.report
        var shard1 = all
        shard1.results = Array(all.results.prefix(3))
        shard1.planned = Array(all.planned.prefix(3))
        shard1.run.shard = "1/2"
        shard1.hostname = "worker-1"
        var shard2 = all
        shard2.results = Array(all.results.suffix(2)) + [all.results[0]]
        shard2.planned = Array(all.planned.suffix(2))
        shard2.run.shard = "2/2"
        shard2.run.startedAt = all.run.startedAt.addingTimeInterval(-5)
        shard2.hostname = "worker-2"

        let root = try ExternalTools.temporaryFolder("merge")
        let folders = [root.appendingPathComponent("shard-1"), root.appendingPathComponent("shard-2")]
        try ReportSession.write(shard2, to: folders[1])
        try ReportSession.write(shard1, to: folders[0])
        let out = root.appendingPathComponent("merged")
        let outcome = try ReportMerger.merge(folders: folders, into: out)

        let merged = try ResultsJSON.decode(Data(contentsOf: out.appendingPathComponent("results.json")))
        #expect(merged.results.map(\.info.id) == all.results.map(\.info.id))
        #expect(merged.run.runId == "merged")
        #expect(merged.run.shard == nil)
        #expect(merged.run.startedAt == all.run.startedAt.addingTimeInterval(-5))
        #expect(merged.hostname == "worker-1, worker-2")
        #expect(outcome.warnings.count == 1)
        #expect(outcome.warnings.first?.contains("TC_B_01_CS has results in both") == true)
        let junit = try String(contentsOf: out.appendingPathComponent("junit.xml"), encoding: .utf8)
        #expect(junit.contains(#"tests="5" failures="1" errors="2""#))
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.components(separatedBy: "<svg class=\"seq\"").count - 1 == 5)
        let trace = try String(contentsOf: out.appendingPathComponent("trace.jsonl"), encoding: .utf8)
        #expect(trace.split(separator: "\n").count == all.results.reduce(0) { $0 + $1.trace.count })
    }

    @Test func mergeRefusesAFolderWithoutResults() throws {
        let root = try ExternalTools.temporaryFolder("merge-missing")
        #expect {
            try ReportMerger.merge(folders: [root.appendingPathComponent("nope")], into: root.appendingPathComponent("out"))
        } throws: { error in
            "\(error)".contains("must contain the results.json")
        }
    }
}
