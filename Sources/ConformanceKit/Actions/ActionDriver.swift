import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import OCPPProtocol

/// Carries out physical actions (DUT is a station) or operator actions (DUT is a CSMS) for the
/// engine: by telling an operator, running a command, calling a URL, or calling a built-in device.
public protocol ActionDriver: Sendable {
    /// Performs the action and says how it ended. `prompt` is the sentence for a human.
    func perform(id: Int, name: String, arguments: JSONValue, prompt: String) async -> ActionOutcome
    /// The awaited message arrived: a pending prompt for this action may be withdrawn.
    func cancel(id: Int) async
}

/// Runs an executable per action: `<command…> <action> --key value …` (arguments flattened from
/// the JSON object), and the action's JSON on standard input. Exit 0 means done; exit 64
/// (``unsupportedExitCode``) means this rig cannot do the action (the case is not applicable);
/// any other status is a failure of the driver.
public struct CommandActionDriver: ActionDriver {
    /// The exit status by which a command says it cannot perform the action (as EX_USAGE, 64).
    public static let unsupportedExitCode: Int32 = 64

    public var command: [String]
    public var timeout: Duration

    public init(command: [String], timeout: Duration) {
        self.command = command
        self.timeout = timeout
    }

    public func perform(id: Int, name: String, arguments: JSONValue, prompt: String) async -> ActionOutcome {
        guard let executable = command.first else { return .failed("no command configured for the command action driver") }
        // A hook that exits without reading its input closes the pipe; writing to it must be an
        // error to ignore, not a SIGPIPE that ends the harness.
        _ = Self.ignoreBrokenPipes
        var args = Array(command.dropFirst()) + [name]
        for m in arguments.objectValue ?? JSONObject() {
            args.append("--\(m.key)")
            if case .string(let s) = m.value { args.append(s) } else { args.append(m.value.jsonText) }
        }
        let process = Process()
        if executable.contains("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = args
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable] + args
        }
        let stdin = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return .failed("cannot run \(executable): \(error.localizedDescription)")
        }
        let body: JSONValue = ["action": .string(name), "arguments": arguments]
        try? stdin.fileHandleForWriting.write(contentsOf: Data(body.jsonText.utf8))
        try? stdin.fileHandleForWriting.close()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now >= deadline {
                process.terminate()
                return .failed("\(executable) \(name) did not finish within \(timeout)")
            }
            try? await Task.sleep(for: .milliseconds(10))
            if Task.isCancelled {
                process.terminate()
                return .failed("cancelled")
            }
        }
        let errText = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if process.terminationStatus == Self.unsupportedExitCode {
            return .unsupported("\(executable) \(name) exited with status \(Self.unsupportedExitCode)\(errText.isEmpty ? "" : ": \(errText)")")
        }
        guard process.terminationStatus == 0 else {
            return .failed("\(executable) \(name) exited with status \(process.terminationStatus)\(errText.isEmpty ? "" : ": \(errText)")")
        }
        return .done
    }

    public func cancel(id: Int) async {}

    private static let ignoreBrokenPipes: Void = {
        signal(SIGPIPE, SIG_IGN)
    }()
}

/// POSTs `{"action": name, "arguments": {...}}` to a URL. A 2xx answer means done, unless its
/// body is a JSON object with `"supported": false`; HTTP 501 (Not Implemented) means the rig or
/// CSMS cannot do the action (the case is not applicable); any other answer is a failure, reported
/// with the answer's body.
public struct HTTPActionDriver: ActionDriver {
    public var url: URL
    public var timeout: Duration

    public init(url: URL, timeout: Duration) {
        self.url = url
        self.timeout = timeout
    }

    public func perform(id: Int, name: String, arguments: JSONValue, prompt: String) async -> ActionOutcome {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let body: JSONValue = ["action": .string(name), "arguments": arguments]
        request.httpBody = Data(body.jsonText.utf8)
        request.timeoutInterval = Double(timeout.components.seconds) + 1
        let result: Result<(Int, Data), Error> = await withCheckedContinuation { c in
            let task = URLSession.shared.dataTask(with: request) { data, response, error in
                if let error {
                    c.resume(returning: .failure(error))
                } else {
                    c.resume(returning: .success(((response as? HTTPURLResponse)?.statusCode ?? 0, data ?? Data())))
                }
            }
            task.resume()
        }
        switch result {
        case .success(let (status, body)): return Self.outcome(status: status, body: body, url: url)
        case .failure(let error): return .failed("POST \(url) failed: \(error.localizedDescription)")
        }
    }

    /// What an answer of the action endpoint means (see the type's documentation).
    static func outcome(status: Int, body: Data, url: URL) -> ActionOutcome {
        let text = String(decoding: body.prefix(2000), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let quoted = text.isEmpty ? "an empty body" : "\"\(text)\""
        if status == 501 { return .unsupported("POST \(url) answered HTTP 501 with \(quoted)") }
        if (200..<300).contains(status) {
            if let json = try? JSONParser(maxDepth: 8).parse(text), json["supported"] == .bool(false) {
                return .unsupported("POST \(url) answered HTTP \(status) with \(quoted)")
            }
            return .done
        }
        return .failed("POST \(url) answered HTTP \(status) with \(quoted); expected 2xx (done), 501 or {\"supported\": false} (cannot)")
    }

    public func cancel(id: Int) async {}
}

/// Calls an in-process device (the reference devices' control API).
public struct BuiltinActionDriver: ActionDriver {
    public typealias Perform = @Sendable (_ name: String, _ arguments: JSONValue) async throws -> Void
    let body: Perform

    public init(_ body: @escaping Perform) {
        self.body = body
    }

    public func perform(id: Int, name: String, arguments: JSONValue, prompt: String) async -> ActionOutcome {
        do {
            try await body(name, arguments)
            return .done
        } catch {
            return .failed("\(error)")
        }
    }

    public func cancel(id: Int) async {}
}
