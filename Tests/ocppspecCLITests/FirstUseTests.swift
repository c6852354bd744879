import Foundation
import Testing

/// Rough edges a new user hits with `run` and `list` (issue 30 item 15), run as a binary.
@Suite("Listening address, busy port and list --dut, run as a binary", .serialized)
struct FirstUseTests {
    static func profile(in dir: URL, listen: String) throws -> URL {
        let file = dir.appendingPathComponent("dut.yaml")
        #expect(try CLI.run(["init", "--output", file.path]).status == 0)
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "listen: 0.0.0.0:9000", with: "listen: \(listen)")
        text = text.replacingOccurrences(of: "connectTimeout: 60s", with: "connectTimeout: 1s")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    static func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ocppspec-first-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func runPrintsADialableAddressForAllInterfaces() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let port = SimulatorBenchTests.freePort()
        let file = try Self.profile(in: dir, listen: "0.0.0.0:\(port)")
        let r = try CLI.run(["run", "--dut", file.path, "TC_B_01_CS", "--report", dir.path], timeout: .seconds(60))
        let line = try #require(r.stderr.split(separator: "\n").first { $0.hasPrefix("listening: ") }, "\(r.stderr)")
        let host = ProcessInfo.processInfo.hostName
        #expect(line == "listening: the station should connect to ws://127.0.0.1:\(port)/ocpp/CS001 (from this machine; the harness listens on all interfaces (0.0.0.0), so from another machine use ws://\(host):\(port)/ocpp/CS001 or this machine's IP address)")
        #expect(!line.contains("ws://0.0.0.0"))
    }

    @Test func aPortInUseIsSaidAsSuch() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Another program holds the port.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        #expect(listen(fd, 4) == 0)
        let port = Int(UInt16(bigEndian: address.sin_port))
        let file = try Self.profile(in: dir, listen: "127.0.0.1:\(port)")
        let r = try CLI.run(["run", "--dut", file.path, "TC_B_01_CS", "--report", dir.path], timeout: .seconds(60))
        #expect(r.status == 2)
        #expect(r.stderr.contains("ocppspec: port \(port) is in use: the harness (as the CSMS, connection.listen in \(file.path)) cannot listen on 127.0.0.1:\(port) because another program (perhaps another ocppspec) already listens there."), "\(r.stderr)")
        #expect(!r.stderr.contains("errno"), "\(r.stderr)")
        let simulator = try CLI.run(["simulate", "csms", "--port", "\(port)", "--control", "none"], timeout: .seconds(30))
        #expect(simulator.status == 2)
        #expect(simulator.stderr.contains("ocppspec: port \(port) is in use: the reference CSMS cannot listen on 127.0.0.1:\(port)"), "\(simulator.stderr)")
    }

    @Test func listWithAStationProfileLeavesTheCSMSCasesOut() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try Self.profile(in: dir, listen: "127.0.0.1:9000")
        let r = try CLI.run(["list", "--dut", file.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("TC_B_01_CS "))
        #expect(!r.stdout.contains("_CSMS "), "a station's list has no CSMS case")
        #expect(!r.stdout.contains("the case tests a CSMS"))
        // Asked for explicitly, the other role is listed as not applicable.
        let csms = try CLI.run(["list", "--dut", file.path, "--role", "csms"])
        #expect(csms.stdout.contains("[not applicable: the case tests a CSMS and the DUT profile describes a ChargingStation]"))
    }
}
