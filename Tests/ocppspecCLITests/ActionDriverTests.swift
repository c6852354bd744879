import Foundation
import Testing

/// The `prompt` driver in a pseudo-terminal and the `command` driver with a shell script, against a
/// reference station run as a separate process (`ocppspec simulate station`) over loopback.
@Suite("Action drivers end to end", .serialized)
struct ActionDriverTests {
    func workspace() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ocppspec-drivers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    func profile(driver: String, extra: String = "", timeout: String = "20s") -> String {
        """
        dut: { role: ChargingStation, vendor: ocppspec, model: ReferenceStation, stationId: CS001 }
        connection: { listen: "127.0.0.1:0", path: ocpp, securityProfile: 0 }
        versions: ["2.0.1"]
        profiles: [Core]
        evses: [ { id: 1, connectors: [1] } ]
        config: { heartbeatInterval: 2, bootTimeout: 20 }
        timing: { messageTimeout: 5s, timeDeviation: 1s, caseTimeout: 60s }
        actions: { driver: \(driver), timeout: \(timeout)\(extra) }
        """
    }

    /// Starts the harness (optionally inside `script` for a pseudo-terminal) and returns it with the
    /// URL it listens on.
    func startHarness(in dir: URL, pty: Bool, extra: [String] = []) throws -> (LiveProcess, String) {
        let args = ["run", "--dut", dir.appendingPathComponent("dut.yaml").path, "--cases", CLI.repositoryRoot.appendingPathComponent("TestCases").path,
                    "--report", dir.appendingPathComponent("Reports").path] + extra + ["TC_B_01_CS"]
        let harness: LiveProcess
        if pty {
            let command = ([CLI.binary.path] + args).map { "'\($0)'" }.joined(separator: " ")
            harness = try LiveProcess(executable: "/usr/bin/script", arguments: ["-q", "-e", "-c", command, "/dev/null"], directory: dir)
        } else {
            harness = try LiveProcess(executable: CLI.binary.path, arguments: args, directory: dir)
        }
        #expect(harness.waitFor("listening: the station should connect to "), "harness output: \(harness.text)")
        let line = harness.text.split(whereSeparator: \.isNewline).first { $0.contains("listening: the station should connect to ") } ?? ""
        let url = line.components(separatedBy: "connect to ").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return (harness, url)
    }

    @Test func promptDriverContinuesWhenTheAwaitedMessageArrives() throws {
        let dir = try workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        try profile(driver: "prompt").write(to: dir.appendingPathComponent("dut.yaml"), atomically: true, encoding: .utf8)
        let (harness, url) = try startHarness(in: dir, pty: true)
        defer { harness.stop() }
        let station = try LiveProcess(executable: CLI.binary.path, arguments: ["simulate", "station", "--url", url, "--interval", "2"], directory: dir)
        defer { station.stop() }
        // The operator reads the prompt and power cycles the station (here: the simulator's control).
        #expect(harness.waitFor(">>> ACTION (reboot): Power cycle the Charging Station"), "\(harness.text)")
        station.send("reboot")
        let status = harness.waitForExit()
        #expect(status == 0, "\(harness.text)")
        #expect(harness.text.contains("PASS"))
        #expect(harness.text.contains("TC_B_01_CS"))
        #expect(harness.text.contains("(the expected message arrived"), "the prompt is withdrawn by the awaited BootNotification")
    }

    /// TC_B_01_CS with the prompt driver, a 3 s action timeout and no operator, against the
    /// simulated station; `check` gets the exit status, the harness's output and the workspace.
    func promptRunWithoutOperator(extra: [String] = [], _ check: (Int32?, String, URL) throws -> Void) throws {
        let dir = try workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        try profile(driver: "prompt", timeout: "3s").write(to: dir.appendingPathComponent("dut.yaml"), atomically: true, encoding: .utf8)
        let (harness, url) = try startHarness(in: dir, pty: true, extra: extra)
        defer { harness.stop() }
        let station = try LiveProcess(executable: CLI.binary.path, arguments: ["simulate", "station", "--url", url, "--interval", "2"], directory: dir)
        defer { station.stop() }
        let status = harness.waitForExit()
        try check(status, harness.text, dir)
    }

    @Test func promptDriverWithNoOperatorIsInconclusive() throws {
        try promptRunWithoutOperator { status, text, _ in
            // A gate whose case did not run has tested nothing: exit 4, and the summary says why
            // (issue 30 item 3; --allow-inconclusive gives 0, see VerdictPolicyTests).
            #expect(status == 4, "an inconclusive case fails the run: \(text)")
            #expect(text.contains("INCONCLUSIVE"))
            #expect(text.contains("Result: FAILED (1 inconclusive)"))
            #expect(text.contains("the operator did not perform reboot within 3 s"))
        }
    }

    @Test func allowInconclusiveKeepsTheRunGreenAndSaysSo() throws {
        try promptRunWithoutOperator(extra: ["--allow-inconclusive"]) { status, text, dir in
            #expect(status == 0, "\(text)")
            #expect(text.contains("1 inconclusive allowed by --allow-inconclusive: those cases tested nothing"))
            let junit = try String(contentsOf: try #require(FileManager.default.enumerator(at: dir.appendingPathComponent("Reports"), includingPropertiesForKeys: nil)?
                .compactMap { $0 as? URL }.first { $0.lastPathComponent == "junit.xml" }), encoding: .utf8)
            #expect(junit.contains(#"<skipped type="inconclusive""#))
        }
    }

    @Test func commandDriverRunsTheScriptWithTheActionAndArguments() throws {
        let dir = try workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let control = dir.appendingPathComponent("control.txt")
        #expect(FileManager.default.createFile(atPath: control.path, contents: nil))
        let script = dir.appendingPathComponent("dut-ctl.sh")
        try """
            #!/bin/sh
            # The DUT's control hook: append the action to the simulator's command feed, log the call.
            echo "$@" >> "\(dir.path)/calls.log"
            echo "$1" >> "\(control.path)"
            """.write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        try profile(driver: "command", extra: ", command: [\"\(script.path)\"]").write(to: dir.appendingPathComponent("dut.yaml"), atomically: true, encoding: .utf8)
        let (harness, url) = try startHarness(in: dir, pty: false)
        defer { harness.stop() }
        let station = try LiveProcess(
            executable: "/bin/sh", arguments: ["-c", "tail -n +1 -f '\(control.path)' | '\(CLI.binary.path)' simulate station --url '\(url)' --interval 2"],
            directory: dir)
        defer {
            station.stop()
            // Stopping the shell leaves its pipeline behind: end `tail` (and the shell), and the
            // simulator, whose standard input then closes, ends with it. SIGKILL, because processes
            // started from the test runner inherit a signal mask that blocks SIGTERM.
            let pkill = Process()
            pkill.executableURL = URL(fileURLWithPath: "/usr/bin/pkill")
            pkill.arguments = ["-KILL", "-f", control.path]
            try? pkill.run()
            pkill.waitUntilExit()
        }
        let status = harness.waitForExit()
        #expect(status == 0, "\(harness.text)")
        #expect(harness.text.contains("PASS"))
        let calls = try String(contentsOf: dir.appendingPathComponent("calls.log"), encoding: .utf8)
        #expect(calls.hasPrefix("reboot"), "the script got the action name first: \(calls)")
        let junit = try String(contentsOf: try #require(FileManager.default.enumerator(at: dir.appendingPathComponent("Reports"), includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.first { $0.lastPathComponent == "junit.xml" }), encoding: .utf8)
        #expect(junit.contains("TC_B_01_CS"))
    }
}
