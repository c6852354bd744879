import Foundation

/// The independent checkers the report tests use: xmllint (Debian libxml2-utils) for the JUnit XSD,
/// headless Chromium for the HTML, Python's junitparser (scripts/setup-python.sh) as a JUnit reader,
/// and the signal probe executable. With CI=true a missing tool fails its tests; elsewhere those
/// tests are skipped with a message that says how to install the tool.
enum ExternalTools {
    static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    static let testsFolder = repositoryRoot.appendingPathComponent("Tests/ConformanceReportsTests")
    static let xsd = testsFolder.appendingPathComponent("Fixtures/junit-10.xsd")

    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    static let xmllint = which("xmllint")
    static let chromium = which("chromium") ?? which("chromium-browser") ?? which("google-chrome")
    static let python: String? = {
        let venv = repositoryRoot.appendingPathComponent(".venv/bin/python").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : nil
    }()

    /// Tests run when their tool is there, and always in CI, where the tool's absence is a failure.
    static var runXmllint: Bool { xmllint != nil || isCI }
    static var runChromium: Bool { chromium != nil || isCI }
    static var runJunitparser: Bool { python != nil || isCI }

    static let setupSystemHint = "missing: run bash scripts/setup-system.sh (installs libxml2-utils and chromium)"
    static let setupPythonHint = "the .venv with junitparser is missing: run bash scripts/setup-python.sh"

    /// The tool's path, or a failure that says how to get it.
    static func require(_ path: String?, _ name: String, hint: String) throws -> String {
        guard let path else { throw ToolError("\(name) is \(hint)") }
        return path
    }

    /// The signal probe: beside the test bundle in the build products folder.
    static var signalProbe: String? {
        if let p = ProcessInfo.processInfo.environment["OCPPSPEC_SIGNAL_PROBE"] { return p }
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var candidates = [exe.deletingLastPathComponent().appendingPathComponent("ReportsSignalProbe").path]
        if let bundle = Bundle.main.executableURL {
            candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("ReportsSignalProbe").path)
            candidates.append(bundle.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("ReportsSignalProbe").path)
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs a program to completion and collects its output.
    static func run(_ executable: String, _ arguments: [String], in directory: URL? = nil) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes concurrently so that neither can fill up and block the child.
        let errData = LockedData()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData.set(err.fileHandleForReading.readDataToEndOfFile())
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData.get(), as: UTF8.self))
    }

    /// A temporary folder for one test.
    static func temporaryFolder(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ocppspec-reports-\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    struct ToolError: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }

    final class LockedData: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        func set(_ d: Data) { lock.withLock { data = d } }
        func get() -> Data { lock.withLock { data } }
    }
}
