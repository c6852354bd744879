import Foundation

/// Finds the project's Python environment (made by scripts/setup-python.sh), which holds the
/// independent oracles: the official OCA schemas and the reference `jsonschema` validator.
enum PythonOracle {
    static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    static var python: String? {
        if let p = ProcessInfo.processInfo.environment["OCPPSPEC_PYTHON"] { return p }
        let venv = repositoryRoot.appendingPathComponent(".venv/bin/python").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : nil
    }

    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// Tests that need the oracle run when it is there, and always in CI (where its absence fails).
    static var shouldRun: Bool { python != nil || isCI }

    /// Runs a Python script of the repository and returns its standard output.
    static func run(_ arguments: [String]) throws -> String {
        guard let python else {
            throw OracleError("the Python oracle is missing: run scripts/setup-python.sh (CI must)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = arguments
        process.currentDirectoryURL = repositoryRoot
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw OracleError("python \(arguments.joined(separator: " ")) exited \(process.terminationStatus): \(String(decoding: errData, as: UTF8.self))")
        }
        return String(decoding: outData, as: UTF8.self)
    }

    struct OracleError: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }
}
