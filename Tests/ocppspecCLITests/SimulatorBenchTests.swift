import Foundation
import Testing

/// The bench a user builds: `ocppspec simulate` (the reference device as its own process, driven
/// over its HTTP control port) and `ocppspec run` against it over a real loopback socket, every
/// case of the selection in a row on that one device and one connection. Every case must pass or
/// not apply, as on fresh devices (issue 18's reproduction: before the bench keeper, the correct
/// station failed most 1.6 cases run this way).
@Suite("ocppspec run against ocppspec simulate over a socket", .serialized)
struct SimulatorBenchTests {
    struct Pair {
        var name: String
        var simulate: [String]
        var run: [String]
    }

    /// A TCP port nothing listens on now.
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Starts the simulator, waits for the profile it writes, runs the harness with it; returns
    /// the harness's output and exit status.
    static func runPair(_ pair: Pair, in dir: URL) throws -> (status: Int32?, text: String) {
        let profile = dir.appendingPathComponent("\(pair.name).yaml")
        let simulator = try LiveProcess(executable: CLI.binary.path, arguments: pair.simulate + ["--control", "none", "--control-port", "0", "--profile-out", profile.path], directory: dir)
        defer { simulator.stop() }
        guard simulator.waitFor("profile: ") else { return (nil, "the simulator wrote no profile: \(simulator.text)") }
        let harness = try LiveProcess(
            executable: CLI.binary.path,
            arguments: ["run", "--dut", profile.path, "--cases", CLI.repositoryRoot.appendingPathComponent("TestCases").path,
                        "--report", dir.appendingPathComponent("Reports-\(pair.name)").path] + pair.run,
            directory: dir)
        defer { harness.stop() }
        let status = harness.waitForExit(timeout: .seconds(1500))
        return (status, harness.text)
    }

    @Test("Station and CSMS libraries in one run each, on one simulated device over a socket")
    func libraryInARowOnOneSimulatedDevice() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ocppspec-simbench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let p16 = Self.freePort(), p201 = Self.freePort()
        let pairs = [
            Pair(name: "cs16", simulate: ["simulate", "station", "--ocpp", "1.6", "--url", "ws://127.0.0.1:\(p16)/ocpp/CS001", "--interval", "2"], run: ["--ocpp", "1.6"]),
            Pair(name: "csms16", simulate: ["simulate", "csms", "--ocpp", "1.6", "--port", "0", "--interval", "2"], run: ["--ocpp", "1.6"]),
            Pair(name: "csms201", simulate: ["simulate", "csms", "--ocpp", "2.0.1", "--port", "0", "--interval", "2"], run: ["--ocpp", "2.0.1"]),
            Pair(name: "cs201", simulate: ["simulate", "station", "--ocpp", "2.0.1", "--url", "ws://127.0.0.1:\(p201)/ocpp/CS001", "--interval", "2"], run: ["--ocpp", "2.0.1"]),
        ]
        // The four benches are independent devices and mostly wait on their timers: side by side.
        let outcomes = await withTaskGroup(of: (String, Int32?, String).self) { group in
            for pair in pairs {
                group.addTask {
                    do {
                        let (status, text) = try Self.runPair(pair, in: dir)
                        return (pair.name, status, text)
                    } catch {
                        return (pair.name, nil, "\(error)")
                    }
                }
            }
            var out: [(String, Int32?, String)] = []
            for await o in group { out.append(o) }
            return out
        }
        for (name, status, text) in outcomes.sorted(by: { $0.0 < $1.0 }) {
            let summary = text.split(whereSeparator: \.isNewline).filter { $0.hasPrefix("total") || $0.hasPrefix("Result:") }.joined(separator: " | ")
            print("\(name): exit \(status.map(String.init) ?? "none"): \(summary)")
            #expect(status == 0, "\(name): \(text.split(whereSeparator: \.isNewline).filter { $0.contains("FAIL") || $0.contains("ERROR") || $0.contains("INCONCLUSIVE") }.joined(separator: "\n"))")
            #expect(text.contains("Result: PASSED"), "\(name)")
            // The summary table's total line: cases, then passes.
            let total = text.split(whereSeparator: \.isNewline).first { $0.hasPrefix("total") }?.split(separator: " ").compactMap { Int($0) } ?? []
            #expect(total.count >= 2 && total[1] > 0, "\(name): no case passed, so the run tested nothing")
        }
    }

    /// The simulator's control port answers an operator request once it is sent, as the built-in
    /// operator does, so a second request can follow while the first is open: over the socket, on
    /// one simulated CSMS that already ran OCPPJ_01/02, OCPPJ_03_CSMS sees the csmsConcurrentCalls
    /// defect (before, the port answered only after the station's reply, the harness's next action
    /// waited for that, and the case passed without testing anything).
    @Test("A concurrent-CALL defect of a simulated CSMS is seen over the socket (1.6: non-strict; 2.0.1: fail)")
    func concurrentCallsOverTheSocket() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ocppspec-simconc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for (version, expected, verdict) in [("1.6", Int32(1), "NON-STRICT"), ("2.0.1", Int32(1), "FAIL")] {
            let pair = Pair(
                name: "conc\(version)", simulate: ["simulate", "csms", "--ocpp", version, "--port", "0", "--defect", "csmsConcurrentCalls"],
                run: ["--ocpp", version, "--block", "OCPPJ", "--strict"])
            let (status, text) = try Self.runPair(pair, in: dir)
            #expect(status == expected, "\(version): \(text)")
            #expect(text.contains(verdict) && text.contains("OCPPJ_03_CSMS"), "\(version): \(text)")
            #expect(text.contains("still unanswered"), "\(version): \(text)")
        }
    }
}
