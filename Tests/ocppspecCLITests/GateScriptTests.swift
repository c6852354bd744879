import Foundation
import Testing

/// `ci/gate.sh` end to end, as a user's pipeline calls it (issue 30 item 13): the binary comes
/// from OCPPSPEC or PATH (never `swift run` in the caller's repository), the gate's exit status is
/// the run's, and the reports are where OCPPSPEC_REPORTS says.
@Suite("ci/gate.sh against a simulated CSMS", .serialized)
struct GateScriptTests {
    static let gate = CLI.repositoryRoot.appendingPathComponent("ci/gate.sh").path

    /// Runs the gate with exactly `environment` (plus a PATH), in `directory`.
    static func runGate(_ arguments: [String], environment: [String: String], in directory: URL) throws -> CLI.Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [gate] + arguments
        process.environment = ["PATH": "/usr/bin:/bin"].merging(environment) { $1 }
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outData = DataBox(), errData = DataBox()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { outData.set(out.fileHandleForReading.readDataToEndOfFile()); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData.set(err.fileHandleForReading.readDataToEndOfFile()); group.leave() }
        process.waitUntilExit()
        group.wait()
        return CLI.Output(status: process.terminationStatus, stdout: String(decoding: outData.get, as: UTF8.self), stderr: String(decoding: errData.get, as: UTF8.self))
    }

    static func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ocppspec-gate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A simulated 2.0.1 CSMS (with `defects`) and the profile it wrote.
    static func simulator(in dir: URL, name: String, defects: [String]) throws -> (LiveProcess, URL) {
        let profile = dir.appendingPathComponent("\(name).yaml")
        let simulator = try LiveProcess(
            executable: CLI.binary.path,
            arguments: ["simulate", "csms", "--ocpp", "2.0.1", "--port", "0", "--interval", "2", "--control", "none", "--control-port", "0", "--profile-out", profile.path]
                + defects.flatMap { ["--defect", $0] },
            directory: dir)
        return (simulator, profile)
    }

    @Test func theGatePassesACorrectCSMSAndFailsADefectiveOne() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cases = CLI.repositoryRoot.appendingPathComponent("TestCases").path
        for (name, defects, expected) in [("good", [String](), Int32(0)), ("bad", ["csmsAcceptsUnknownIdToken"], Int32(1))] {
            let (simulator, profile) = try Self.simulator(in: dir, name: name, defects: defects)
            defer { simulator.stop() }
            try #require(simulator.waitFor("profile: "), "\(simulator.text)")
            let reports = dir.appendingPathComponent("reports-\(name)")
            let r = try Self.runGate(
                [profile.path, "--ocpp", "2.0.1", "--cases", cases, "X_C_01_CSMS"],
                environment: ["OCPPSPEC": CLI.binary.path, "OCPPSPEC_REPORTS": reports.path], in: dir)
            #expect(r.status == expected, "\(name): \(r.stdout)\(r.stderr)")
            #expect(r.stdout.contains("ocppspec exit status: \(expected) (reports under \(reports.path)/)"), "\(r.stdout)")
            #expect(r.stdout.contains("ocppspec: \(CLI.binary.path) (0.1.0 (commit "), "\(r.stdout)")
            let runs = try FileManager.default.contentsOfDirectory(atPath: reports.path)
            #expect(runs.count == 1)
            let junit = try String(contentsOf: reports.appendingPathComponent(runs[0]).appendingPathComponent("junit.xml"), encoding: .utf8)
            #expect(junit.contains("tests=\"1\" failures=\"\(expected)\""), "\(junit.prefix(400))")
            // The report is evidence of what was tested: the profile's claims are in results.json
            // and in the JUnit properties (issue 30 item 7a).
            let data = try Data(contentsOf: reports.appendingPathComponent(runs[0]).appendingPathComponent("results.json"))
            let run = try #require((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["run"] as? [String: Any])
            let claims = try #require(run["dutClaims"] as? [String: Any], "\(run)")
            let profileText = try String(contentsOf: profile, encoding: .utf8)
            let vendor = try #require(claims["vendor"] as? String)
            #expect(!vendor.isEmpty && profileText.contains(vendor))
            #expect(claims["versions"] as? [String] == ["2.0.1"])
            #expect((claims["config"] as? [String: String])?.isEmpty == false, "\(claims)")
            #expect(claims["features"] is [String])
            #expect(junit.contains("<property name=\"dut.vendor\" value=\"\(vendor)\"/>"))
            #expect(junit.contains("<property name=\"harnessCommit\""))
            // Nothing was built or run in the caller's directory.
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent(".build").path))
        }
    }

    @Test func withoutABinaryTheGateSaysWhatToSetAndExitsTwo() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let none = try Self.runGate(["dut.yaml"], environment: [:], in: dir)
        #expect(none.status == 2)
        #expect(none.stderr.contains("ci/gate.sh: no ocppspec binary: OCPPSPEC is not set and there is no ocppspec on PATH."), "\(none.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent(".build").path), "the gate built nothing")
        let wrong = try Self.runGate(["dut.yaml"], environment: ["OCPPSPEC": dir.path], in: dir)
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("ci/gate.sh: OCPPSPEC is \"\(dir.path)\", which is not an executable file"), "\(wrong.stderr)")
        // ocppspec on PATH is used when OCPPSPEC is not set.
        let bin = dir.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: bin.appendingPathComponent("ocppspec"), withDestinationURL: CLI.binary)
        let onPath = try Self.runGate(["missing.yaml"], environment: ["PATH": bin.path + ":/usr/bin:/bin"], in: dir)
        #expect(onPath.status == 2, "a profile that does not exist is a usage error of ocppspec run")
        #expect(onPath.stdout.contains("ocppspec: \(bin.path)/ocppspec"), "\(onPath.stdout)")
        #expect(onPath.stdout.contains("ocppspec exit status: 2"))
        let usage = try Self.runGate([], environment: ["OCPPSPEC": CLI.binary.path], in: dir)
        #expect(usage.status == 2 && usage.stderr.contains("usage: ci/gate.sh dut.yaml"))
    }
}
