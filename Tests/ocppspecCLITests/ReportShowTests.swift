import Foundation
import Testing

/// `ocppspec report show RUN_DIR CASE_ID` (issue 30 item 8): one case of a run, in a terminal.
@Suite("ocppspec report show")
struct ReportShowTests {
    /// A run folder written by the demo, with two cases.
    static func runFolder() throws -> URL {
        let reports = FileManager.default.temporaryDirectory.appendingPathComponent("ocppspec-show-\(UUID().uuidString)")
        let demo = try CLI.run(["demo", "--report", reports.path, "--quiet", "TC_B_01_CS", "TC_B_02_CS"], timeout: .seconds(120))
        try #require(demo.status == 0, "demo failed: \(demo.stderr)")
        let runs = try FileManager.default.contentsOfDirectory(atPath: reports.path)
        try #require(runs.count == 1)
        return reports.appendingPathComponent(runs[0])
    }

    @Test("prints the verdict, the reason and the trace in order, with times and direction")
    func showsOneCase() throws {
        let folder = try Self.runFolder()
        let out = try CLI.run(["report", "show", folder.path, "TC_B_01_CS"])
        #expect(out.status == 0, "\(out.stderr)")
        let lines = out.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("TC_B_01_CS Cold Boot Charging Station (OCPP 2.0.1, B Provisioning, DUT is Charging Station)") == true, "\(lines)")
        #expect(lines.contains("Reason: all checks passed"))
        #expect(lines.contains { $0.hasPrefix("Verdict: pass, after ") })
        let trace = lines.drop { !$0.hasPrefix("Trace (") }.dropFirst()
        #expect(trace.count > 3)
        // Each entry: offset, timestamp, direction…; offsets never go back.
        let boot = try #require(trace.first { $0.contains("CALL BootNotification") })
        #expect(boot.contains("Charging Station → CSMS"))
        #expect(boot.contains(#"[2,""#), "the frame as on the wire")
        let offsets = trace.compactMap { Double($0.trimmingCharacters(in: .whitespaces).split(separator: " ").first?.dropFirst().dropLast() ?? "") }
        #expect(offsets.count == trace.count)
        #expect(offsets == offsets.sorted())
        #expect(!out.stdout.contains("TC_B_02_CS"), "only the case asked for")
    }

    @Test("a case that is not in the run is an error naming the nearest ids (exit 2)")
    func unknownCase() throws {
        let folder = try Self.runFolder()
        let out = try CLI.run(["report", "show", folder.path, "TC_B_1_CS"])
        #expect(out.status == 2)
        #expect(out.stdout.isEmpty)
        #expect(out.stderr.contains("has no result for case TC_B_1_CS; the nearest case ids in it: TC_B_01_CS, TC_B_02_CS."), "\(out.stderr)")
    }

    @Test("a folder that is not there, or holds no results.json, is an error (exit 2)")
    func missingFolder() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("ocppspec-no-such-run-\(UUID().uuidString)")
        let out = try CLI.run(["report", "show", missing.path, "TC_B_01_CS"])
        #expect(out.status == 2)
        #expect(out.stderr.contains("\(missing.path) does not exist; expected a run's report folder (Reports/<run>/) or its results.json."), "\(out.stderr)")
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("ocppspec-empty-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let none = try CLI.run(["report", "show", empty.path, "TC_B_01_CS"])
        #expect(none.status == 2)
        #expect(none.stderr.contains("holds no results.json"), "\(none.stderr)")
    }
}
