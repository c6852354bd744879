import Foundation
import Testing

/// Issue 18: a profile from `ocppspec init` runs the library with nothing edited but the address,
/// and a typo in a profile stops `run` with exit 2 before it connects.
@Suite("init and pre-flight")
struct InitPreflightTests {
    func workspace() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ocppspec-preflight-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test(arguments: [("2.0.1", "cs"), ("2.0.1", "csms"), ("1.6", "cs"), ("1.6", "csms")])
    func initWritesAProfileThePreflightAccepts(version: String, role: String) throws {
        let dir = try workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("dut.yaml").path
        let written = try CLI.run(["init", "--ocpp", version, "--role", role, "--output", file])
        #expect(written.status == 0, "\(written.stderr)")
        let list = try CLI.run(["list", "--dut", file, "--ocpp", version, "--role", role])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("pre-flight: the profile has every value the "), "\(list.stdout.suffix(400))")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        if role == "csms" {
            // What CSMS cases read (issue 19 item 7): a second valid token, ConnectionTimeOut…
            #expect(text.contains("valid2: {\"idToken\":\"VALID002\""))
            #expect(text.contains(version == "1.6" ? "connectionTimeOut:" : "txUpdatedInterval:"))
        }
    }

    @Test func unknownRoleIsAUsageError() throws {
        let dir = try workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["init", "--role", "foo", "--output", dir.appendingPathComponent("x.yaml").path])
        #expect(r.status != 0)
        #expect(r.stderr.contains("--role must be cs (a Charging Station under test) or csms (a CSMS under test), not \"foo\"."))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x.yaml").path))
    }

    @Test func typosStopTheRunBeforeConnecting() throws {
        let dir = try workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("dut.yaml").path
        #expect(try CLI.run(["init", "--output", file]).status == 0)
        var text = try String(contentsOfFile: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "  heartbeatInterval:", with: "  heartbeatIntervall:")
            .replacingOccurrences(of: "features: []", with: "features: [ResetPerEVSEE]")
            .replacingOccurrences(of: "listen: 0.0.0.0:9000", with: "listen: 127.0.0.1:0")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let run = try CLI.run(["run", "--dut", file, "--report", dir.appendingPathComponent("r").path])
        #expect(run.status == 2)
        // Each problem at the line and column where the profile names the key.
        let lines = text.components(separatedBy: "\n")
        let keyLine = try #require(lines.firstIndex { $0.hasPrefix("  heartbeatIntervall:") }) + 1
        let featureLine = try #require(lines.firstIndex { $0.hasPrefix("features: [ResetPerEVSEE]") }) + 1
        #expect(run.stderr.contains("dut.yaml:\(keyLine):3: config.heartbeatIntervall is not a key any case reads (did you mean heartbeatInterval?)."), "\(run.stderr)")
        #expect(run.stderr.contains("dut.yaml:\(featureLine):12: features lists \"ResetPerEVSEE\", which no case requires (did you mean ResetPerEVSE?)."))
        #expect(run.stderr.contains("nothing was sent to the device"))
        #expect(!run.stderr.contains("listening:"), "the harness must not listen before the pre-flight passed")
        let list = try CLI.run(["list", "--dut", file])
        #expect(list.status == 2)
        #expect(list.stderr.contains("did you mean heartbeatInterval?"))
    }

    @Test func listShowsWholeBlockNames() throws {
        let r = try CLI.run(["list", "--ocpp", "1.6", "--role", "cs", "TC_042_2_CS"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("TC_042_2_CS      1.6    LocalAuthListManagement "), "\(r.stdout)")
    }

    @Test func listFeaturesPrintsMeaningsAndPICS() throws {
        let r = try CLI.run(["list", "--features", "--ocpp", "2.0.1", "--role", "csms"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("BootNotificationPending [PICS C-44 Support for sending a BootNotification Pending before Accepting]"))
        #expect(r.stdout.contains("connectionTimeOut") == false)
        let cs = try CLI.run(["list", "--features", "--ocpp", "2.0.1", "--role", "cs"])
        #expect(cs.stdout.contains("ResetPerEVSE [PICS C-13 Support for Reset per EVSE (AllowReset)]"))
        #expect(cs.stdout.contains("  txStartPoint (default \"PowerPathClosed\")"))
    }

    /// A profile from `init --role csms`, address set, against `ocppspec simulate csms`: the
    /// template's idTokens are the ones the reference CSMS knows, and no case errs on a missing value.
    @Test func initProfileRunsAgainstTheReferenceCSMS() throws {
        let dir = try workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csms = try LiveProcess(executable: CLI.binary.path, arguments: ["simulate", "csms", "--port", "0"], directory: dir)
        defer { csms.stop() }
        #expect(csms.waitFor("/ocpp; commands"), "\(csms.text)")
        // The endpoint, from "reference CSMS … on ws://127.0.0.1:PORT/ocpp; commands …" (the
        // "listening: ws://…/ocpp/<stationId>" line says it too, with a placeholder).
        let url = try #require(csms.text.split(whereSeparator: { $0 == " " || $0.isNewline }).first { $0.hasPrefix("ws://") && !$0.contains("<") })
            .replacingOccurrences(of: ";", with: "")
        let file = dir.appendingPathComponent("dut.yaml").path
        #expect(try CLI.run(["init", "--role", "csms", "--output", file]).status == 0)
        let text = try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(of: "ws://127.0.0.1:9000/ocpp", with: url)
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let run = try CLI.run(
            ["run", "--dut", file, "--report", dir.appendingPathComponent("r").path, "TC_B_01_CSMS", "TC_C_02_CSMS", "TC_C_06_CSMS", "TC_C_07_CSMS", "TC_C_08_CSMS", "TC_E_03_CSMS"],
            timeout: .seconds(120))
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("6 pass, 0 non-strict, 0 fail, 0 inconclusive, 0 not applicable, 0 error"), "\(run.stdout)")
    }
}
