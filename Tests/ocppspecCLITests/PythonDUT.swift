import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A device under test from `scripts/interop/`, run with the project's Python (`.venv`) in a
/// temporary folder of its own, next to the DUT profile the harness reads there.
struct PythonDUT {
    let folder: URL
    let process: LiveProcess

    static var python: String { CLI.repositoryRoot.appendingPathComponent(".venv/bin/python").path }

    /// Writes `profile(port, controlPort)` as dut.yaml and starts `script` with `arguments(port,
    /// controlPort)` on two free ports, waiting until it prints `ready`. Nil when the venv is
    /// missing (an issue under CI, where scripts/setup.sh must have installed it).
    static func start(
        _ script: String, ready: String, profile: (Int, Int) -> String, arguments: (Int, Int) -> [String]
    ) throws -> PythonDUT? {
        guard FileManager.default.isExecutableFile(atPath: python) else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record("the Python venv is missing (scripts/setup.sh installs it)") }
            return nil
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ocppspec-\(script)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let port = try freePort(), controlPort = try freePort()
        try profile(port, controlPort).write(to: folder.appendingPathComponent("dut.yaml"), atomically: true, encoding: .utf8)
        let process = try LiveProcess(
            executable: python,
            arguments: [CLI.repositoryRoot.appendingPathComponent("scripts/interop/\(script)").path] + arguments(port, controlPort),
            directory: folder)
        let dut = PythonDUT(folder: folder, process: process)
        try #require(process.waitFor(ready), "\(script) did not start: \(process.text)")
        return dut
    }

    /// `ocppspec run` against the device, with the repository's cases, from its folder.
    func run(_ arguments: [String], timeout: Duration) throws -> CLI.Output {
        try CLI.run(["run", "--dut", "dut.yaml", "--cases", CLI.repositoryRoot.appendingPathComponent("TestCases").path] + arguments,
                    in: folder, timeout: timeout)
    }

    func stop() {
        process.stop()
        try? FileManager.default.removeItem(at: folder)
    }

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
}
