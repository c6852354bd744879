import ArgumentParser
import Foundation

/// The `ocppspec` command: OCPP conformance and interoperability testing.
struct OCPPSpec: AsyncParsableCommand {
    /// The release version; `--version` adds the commit.
    static let harnessVersion = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "ocppspec",
        abstract: "OCPP conformance and interoperability test harness (OCPP 1.6J, 2.0.1, 2.1).",
        discussion: """
            Exit codes: 0 success, 1 a check failed (invalid payload, failed case), \
            2 usage or configuration error, 3 harness error.
            """,
        version: Evidence.versionLine,
        subcommands: [Run.self, List.self, Lint.self, Init.self, Demo.self, SelftestCommand.self, Simulate.self, Validate.self, Certs.self, Report.self]
    )
}

/// Runs the command line with ocppspec's exit codes: argument errors exit 2 (not 64).
@main
enum Main {
    static func main() async {
        // A reader that goes away (`ocppspec list | head`, a hook that exits early) must not kill
        // the harness with SIGPIPE; writes then fail and are ignored.
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try OCPPSpec.parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            let code = OCPPSpec.exitCode(for: error)
            let message = OCPPSpec.fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                Foundation.exit(0)
            }
            if !message.isEmpty { try? FileHandle.standardError.write(contentsOf: Data((message + "\n").utf8)) }
            Foundation.exit(2)
        }
    }
}

extension FileHandle {
    /// Writes a line to standard error.
    static func printError(_ line: String) {
        try? standardError.write(contentsOf: Data((line + "\n").utf8))
    }
}
