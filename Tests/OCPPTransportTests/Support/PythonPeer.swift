import Foundation
import OCPPProtocol

/// A Python program from `scripts/interop/`, run with the project's venv, whose stdout carries one
/// JSON object per line. Used for interop with an OCPP implementation nobody here wrote.
final class PythonPeer: @unchecked Sendable {
    // `process` is only touched through its own thread-safe methods; `stderrText` behind `lock`.
    private let process: Process
    private let lock = NSLock()
    private var stderrText = ""
    /// The peer's stdout, one parsed JSON line at a time.
    let lines: AsyncStream<JSONValue>

    /// The repository root, found from this file's path.
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var python: URL { repositoryRoot.appendingPathComponent(".venv/bin/python") }
    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: python.path) }
    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }
    /// Why the interop tests cannot run, for the skip message or the CI failure.
    static let missingMessage =
        "The Python venv is missing at .venv/bin/python; run scripts/setup-python.sh to create it (interop tests need the `ocpp` and `websockets` packages)."

    init(script: String, arguments: [String]) throws {
        process = Process()
        process.executableURL = Self.python
        process.arguments = ["-u", Self.repositoryRoot.appendingPathComponent("scripts/interop/\(script)").path] + arguments
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        let (lines, continuation) = AsyncStream.makeStream(of: JSONValue.self)
        self.lines = lines
        let pending = LineBuffer()
        stdout.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                continuation.finish()
                return
            }
            for line in pending.append(data) {
                if let value = try? JSONParser().parse(line) { continuation.yield(value) }
            }
        }
        stderr.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                return
            }
            guard let self else { return }
            self.lock.lock()
            self.stderrText += String(decoding: data, as: UTF8.self)
            self.lock.unlock()
        }
        try process.run()
    }

    /// What the peer wrote to stderr so far, for failure messages.
    var stderr: String {
        lock.lock()
        defer { lock.unlock() }
        return stderrText
    }

    /// The next line whose `event` field is `event`; `nil` if stdout ends first.
    func next(_ event: String, from iterator: inout AsyncStream<JSONValue>.Iterator) async -> JSONValue? {
        while let line = await iterator.next() {
            if line["event"]?.stringValue == event { return line }
            if line["event"]?.stringValue == "error" { return line }
        }
        return nil
    }

    /// Waits for the process to end, polling so that the wait stays cancellable; `nil` on timeout.
    func exitStatus(within limit: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + limit
        while process.isRunning {
            guard ContinuousClock.now < deadline, (try? await Task.sleep(for: .milliseconds(20))) != nil else { return nil }
        }
        return process.terminationStatus
    }

    /// Stops the peer if it is still running.
    func terminate() {
        if process.isRunning { process.terminate() }
    }

    deinit {
        terminate()
    }
}

/// Splits a byte stream into lines across reads.
private final class LineBuffer: @unchecked Sendable {
    // Only the pipe's readability handler, which runs serially, uses it.
    private var buffer = Data()

    func append(_ data: Data) -> [String] {
        buffer.append(data)
        var lines: [String] = []
        while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
            lines.append(String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self))
            buffer.removeSubrange(buffer.startIndex...newline)
        }
        return lines
    }
}
