import Foundation
import Testing

/// A gate that ran nothing must not pass: a selection matching no case, or needing a case file
/// that does not load, is a usage error (exit 2) for run, demo, list and selftest (issue 30 item 1).
@Suite("Selections that match nothing, run as a binary")
struct SelectionGateTests {
    @Test(arguments: [
        ["demo", "TC_NOPE"],
        ["list", "--ocpp", "2.0.1", "--block", "Z"],
        ["selftest", "--ocpp", "2.0.1", "--role", "cs", "TC_NOPE_CS"],
    ])
    func aSelectionThatMatchesNothingIsAUsageError(arguments: [String]) throws {
        let r = try CLI.run(arguments)
        #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("ocppspec: no case matches "), "\(r.stderr)")
        #expect(!r.stdout.contains("PASSED") && !r.stderr.contains("PASSED"))
    }

    @Test func runWithABlockOfNoCaseIsAUsageErrorNamingTheBlocks() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ocppspec-gate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try CLI.run(["init", "--output", dir.appendingPathComponent("dut.yaml").path]).status == 0)
        let r = try CLI.run(["run", "--dut", dir.appendingPathComponent("dut.yaml").path, "--block", "Z", "--report", dir.path])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("no case matches ocpp 2.0.1; role ChargingStation; block Z. No block \"Z\"; nearest: "), "\(r.stderr)")
    }

    @Test func aSelectedCaseFileThatDoesNotLoadStopsTheRun() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ocppspec-gate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let original = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent("TestCases/ocpp2.0.1/ChargingStation/B_Provisioning/TC_B_09_CS.yaml"), encoding: .utf8)
        let variant = dir.appendingPathComponent("TC_B_09_CS.yaml")
        try (original + "\ncomment: a key cases do not have\n").write(to: variant, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["init", "--output", dir.appendingPathComponent("dut.yaml").path]).status == 0)
        let r = try CLI.run(["run", "--dut", dir.appendingPathComponent("dut.yaml").path, "--cases", variant.path, "TC_B_09_CS", "--report", dir.path])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("unknown key \"comment\""), "\(r.stderr)")
        #expect(r.stderr.contains("1 file(s) the selection (ocpp 2.0.1; role ChargingStation; ids TC_B_09_CS) needs do not load (TC_B_09_CS.yaml)"), "\(r.stderr)")
        #expect(!r.stderr.contains("listening"), "the run did not start")
    }

    @Test func listShowsWholeBlockNames() throws {
        let r = try CLI.run(["list", "--ocpp", "1.6", "--block", "LocalAuthListManagement"])
        #expect(r.status == 0)
        #expect(r.stdout.contains(" LocalAuthListManagement "), "\(r.stdout)")
        #expect(!r.stdout.split(separator: "\n").contains { $0.contains(" Loca ") })
    }
}

/// A SHOULD not met is a finding: shown, counted apart, exit 0, and exit 1 only under `--strict`
/// (issue 19 item 3); a run in which no case applied tested nothing and exits 4.
@Suite("Verdict policy of the binary")
struct VerdictPolicyCLITests {
    func report(_ dir: URL) throws -> String {
        let files = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        return try String(contentsOf: try #require(files.first { $0.lastPathComponent == "junit.xml" }), encoding: .utf8)
    }

    @Test func aConcurrentCallOfA16CentralSystemIsNonStrictAndFailsOnlyUnderStrict() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ocppspec-strict-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = ["demo", "--ocpp", "1.6", "--role", "csms", "--defect", "csmsConcurrentCalls"]
        let lenient = try CLI.run(base + ["--report", dir.appendingPathComponent("lenient").path, "OCPPJ_03_CSMS"])
        #expect(lenient.status == 0, "\(lenient.stdout)\(lenient.stderr)")
        #expect(lenient.stdout.contains("≈ NON-STRICT"), "\(lenient.stdout)")
        #expect(lenient.stdout.contains("OCPP-J 1.6 4.1.1: step "), "\(lenient.stdout)")
        #expect(lenient.stdout.contains("Result: PASSED; 1 non-strict"), "\(lenient.stdout)")
        #expect(!(try report(dir.appendingPathComponent("lenient"))).contains("<failure"))

        let strict = try CLI.run(base + ["--strict", "--report", dir.appendingPathComponent("strict").path, "OCPPJ_03_CSMS"])
        #expect(strict.status == 1, "\(strict.stdout)\(strict.stderr)")
        #expect(strict.stdout.contains("Result: FAILED (1 non-strict)"), "\(strict.stdout)")
        #expect(try report(dir.appendingPathComponent("strict")).contains(#"<failure type="nonStrict""#))

        // The correct Central System holds its second CALL back: a plain pass, also under --strict.
        let correct = try CLI.run(["demo", "--ocpp", "1.6", "--role", "csms", "--strict", "--report", dir.appendingPathComponent("correct").path, "OCPPJ_03_CSMS"])
        #expect(correct.status == 0, "\(correct.stdout)\(correct.stderr)")
        #expect(correct.stdout.contains("✔ PASS"), "\(correct.stdout)")
    }
}
