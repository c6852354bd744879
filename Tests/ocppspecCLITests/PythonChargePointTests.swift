import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The harness, playing the Central System, against an OCPP 1.6 Charge Point nobody here wrote:
/// `scripts/interop/charge_point_v16.py`, built on the Python `ocpp` library, driven through the
/// `http` action driver. Cold boot and remote start cases; each case gets a freshly started
/// Charge Point, as a lab powers a device up for each case.
@Suite("Harness against a Python ocpp 1.6 Charge Point", .serialized)
struct PythonChargePointTests {
    static var python: String { CLI.repositoryRoot.appendingPathComponent(".venv/bin/python").path }
    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// A TCP port that was free a moment ago on 127.0.0.1.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        try #require(bound == 0)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func profile(port: Int, controlPort: Int) -> String {
        """
        dut:
          role: ChargingStation
          vendor: ocpp-python
          model: PyCP16
          stationId: CP16
        connection:
          listen: 127.0.0.1:\(port)
          path: ocpp
          securityProfile: 0
        versions: ["1.6"]
        profiles: [Core]
        features: []
        evses:
          - id: 1
            connectors: [1]
        testData:
          idTokens:
            valid:   { idToken: "VALID001", type: ISO14443 }
            invalid: { idToken: "INVALID001", type: ISO14443 }
            groupId: GROUP001
        config:
          heartbeatInterval: 3        # numbers, as people write them; the harness types them per schema
          bootTimeout: 15
          connectionTimeOut: 3
          meterValueSampleInterval: 5
        timing:
          messageTimeout: 10s
          timeDeviation: 2s
          caseTimeout: 2m
        actions:
          driver: http
          url: http://127.0.0.1:\(controlPort)/action
          timeout: 10s
        """
    }

    @Test(arguments: ["TC_001_CS", "TC_002_CS", "TC_010_CS", "TC_011_1_CS", "TC_011_2_CS", "TC_027_CS"])
    func casePassesAgainstThePythonChargePoint(_ caseId: String) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.python) else {
            if Self.isCI { Issue.record("the Python venv is missing (scripts/setup.sh installs it)") }
            return
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ocppspec-pycp16-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let port = try Self.freePort(), controlPort = try Self.freePort()
        try Self.profile(port: port, controlPort: controlPort).write(to: dir.appendingPathComponent("dut.yaml"), atomically: true, encoding: .utf8)
        let chargePoint = try LiveProcess(
            executable: Self.python,
            arguments: [CLI.repositoryRoot.appendingPathComponent("scripts/interop/charge_point_v16.py").path,
                        "--url", "ws://127.0.0.1:\(port)/ocpp/CP16", "--control-port", "\(controlPort)", "--timeout", "120"],
            directory: dir)
        defer { chargePoint.stop() }
        try #require(chargePoint.waitFor("\"control\""), "the Python charge point did not start: \(chargePoint.text)")
        let run = try CLI.run(["run", "--dut", "dut.yaml", "--cases", CLI.repositoryRoot.appendingPathComponent("TestCases").path, "--ocpp", "1.6", caseId],
                              in: dir, timeout: .seconds(90))
        #expect(run.status == 0, "\(caseId) against the Python charge point:\n\(run.stdout)\n\(run.stderr)\ncharge point:\n\(chargePoint.text)")
        #expect(run.stdout.contains("PASS") && run.stdout.contains(caseId))
        // The Charge Point really took part: it booted and was driven over its control port.
        #expect(chargePoint.text.contains("\"connected\""))
    }
}
