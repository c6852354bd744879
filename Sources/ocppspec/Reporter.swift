import ConformanceKit
import ConformanceReports
import Foundation

/// The reporters of one command run: console progress, and junit.xml, report.html, results.json
/// and trace.jsonl under `root/<run>`, written as results arrive and kept valid if the run is
/// interrupted (SIGINT/SIGTERM).
struct Reporter {
    let runId: String
    let session: ReportSession
    let console: ConsoleReporter
    let trap: SignalTrap

    init(root: String, runName: String?, quiet: Bool, verbose: Bool, secrets: [String], stationId: String?) throws {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH-mm-ss'Z'"
        let base = runName ?? formatter.string(from: Date())
        var all = secrets
        if let stationId { for s in secrets { all += Redactor.basicAuthSecrets(username: stationId, password: s) } }
        let redactor = Redactor(secrets: all)
        let claimed: String
        do {
            claimed = try Self.claimFolder(root: root, name: base)
        } catch {
            throw ValidationErrorText("Cannot write reports to \(URL(fileURLWithPath: root).appendingPathComponent(base).path): \(error)")
        }
        runId = claimed
        let folder = URL(fileURLWithPath: root).appendingPathComponent(runId)
        do {
            session = try ReportSession(folder: folder, redactor: redactor)
        } catch {
            throw ValidationErrorText("Cannot write reports to \(folder.path): \(error)")
        }
        // A live status line on a terminal; with --verbose every frame is printed anyway.
        let live = !verbose && isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
        console = ConsoleReporter(options: .init(verbosity: verbose ? .verbose : quiet ? .quiet : .normal, color: .auto, redactor: redactor, statusLine: live))
        let session = self.session
        // The reports are marked interrupted on the signal's own queue first: the run's tasks may
        // keep the concurrency pool too busy for the finalizer to get there before the grace ends.
        trap = SignalTrap.install(immediate: { session.interruptNow() }, finalizer: { await session.interrupt() })
    }

    var sinks: [any ResultSink] { [session, console] }

    /// Creates `root/name`, or `root/name-2`, `-3`… when that exists (two runs started in the
    /// same second): `mkdir` either creates the folder or fails, so two processes never share one.
    /// Returns the folder's name.
    static func claimFolder(root: String, name: String) throws -> String {
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        var candidate = name
        var n = 1
        while true {
            let path = URL(fileURLWithPath: root).appendingPathComponent(candidate).path
            if mkdir(path, 0o755) == 0 { return candidate }
            guard errno == EEXIST else { throw ValidationErrorText("cannot create \(path): \(String(cString: strerror(errno)))") }
            n += 1
            candidate = "\(name)-\(n)"
        }
    }

    func printLocation() {
        trap.cancel()
        FileHandle.printError("reports: \(session.url(of: .html).path) (also junit.xml, results.json, trace.jsonl)")
    }
}

struct ValidationErrorText: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
