import Foundation
import Testing

/// `run`/`demo --shard i/n`, `--rerun-failed REPORT`, `--fail-fast` (issue 30 item 6), and the
/// evidence a report carries (item 7a), run as a binary.
@Suite("Shards, reruns, fail-fast and report evidence, run as a binary")
struct RunControlTests {
    static func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ocppspec-runctl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The one run folder under `reports` (the test gives each run its own).
    static func results(in reports: URL) throws -> [String: Any] {
        let runs = try FileManager.default.contentsOfDirectory(atPath: reports.path).sorted()
        try #require(runs.count == 1, "\(runs)")
        let data = try Data(contentsOf: reports.appendingPathComponent(runs[0]).appendingPathComponent("results.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func caseVerdicts(_ results: [String: Any]) -> [String: String] {
        var out: [String: String] = [:]
        for c in results["cases"] as? [[String: Any]] ?? [] {
            let id = (c["info"] as? [String: Any])?["id"] as? String ?? "?"
            out[id] = (c["verdict"] as? [String: Any])?["kind"] as? String ?? "?"
        }
        return out
    }

    static let selection = ["--ocpp", "2.0.1", "--role", "cs", "--id", "TC_B_0*"]

    @Test func shardsSplitTheSortedSelectionDisjointlyAndCompletely() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let list = try CLI.run(["list"] + Self.selection)
        #expect(list.status == 0)
        let ids = list.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }.filter { $0.hasPrefix("TC_") }.sorted()
        try #require(ids.count >= 4, "\(list.stdout)")
        var seen: [String] = []
        for i in 1...3 {
            let reports = dir.appendingPathComponent("shard\(i)")
            let r = try CLI.run(["demo"] + Self.selection + ["--shard", "\(i)/3", "--quiet", "--report", reports.path], timeout: .seconds(120))
            #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
            let results = try Self.results(in: reports)
            #expect((results["run"] as? [String: Any])?["shard"] as? String == "\(i)/3")
            let shardIds = ((results["planned"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }.sorted()
            // Dealt out in turn: the k-th sorted id (from 0) goes to shard k mod 3 + 1.
            #expect(shardIds == ids.enumerated().filter { $0.offset % 3 == i - 1 }.map(\.element))
            seen += shardIds
        }
        #expect(seen.sorted() == ids)
    }

    @Test(arguments: ["0/3", "4/3", "1-3", "a/b", "1/0", "/3"])
    func aBadShardIsAUsageError(shard: String) throws {
        let r = try CLI.run(["demo"] + Self.selection + ["--shard", shard])
        #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("--shard"), "\(r.stderr)")
        #expect(!r.stdout.contains("PASSED"))
    }

    @Test func runAcceptsTheShardOptions() throws {
        let help = try CLI.run(["run", "--help"])
        for option in ["--shard <i/n>", "--rerun-failed <report-dir>", "--fail-fast"] { #expect(help.stdout.contains(option), "\(option)") }
        let bad = try CLI.run(["run", "--dut", "nowhere.yaml", "--shard", "5/4"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--shard 5/4: the shard number must be between 1 and 4"), "\(bad.stderr)")
    }

    @Test func failFastStopsAfterTheFirstFailureAndRerunFailedRunsExactlyTheFailures() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        // setVariablesRejected makes TC_B_02_CS fail (its SetVariables is answered Rejected).
        let first = dir.appendingPathComponent("first")
        let r = try CLI.run(
            ["demo"] + Self.selection + ["--defect", "setVariablesRejected", "--fail-fast", "--parallel", "1", "--quiet", "--report", first.path],
            timeout: .seconds(120))
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        let results = try Self.results(in: first)
        let verdicts = Self.caseVerdicts(results)
        let failed = verdicts.filter { $0.value == "fail" || $0.value == "error" }.keys.sorted()
        try #require(failed.count == 1, "\(verdicts)")
        let planned = (results["planned"] as? [[String: Any]] ?? []).count
        let notRun = results["notRun"] as? [String] ?? []
        #expect(!notRun.isEmpty && verdicts.count + notRun.count == planned, "\(verdicts) \(notRun)")
        #expect(r.stderr.contains("--fail-fast: \(failed[0]) failed; the run stopped there and \(notRun.count) of \(planned) planned case(s) did not run."), "\(r.stderr)")

        // Only the failed case runs again, and on a correct device it passes.
        let again = dir.appendingPathComponent("again")
        let folder = first.appendingPathComponent(try FileManager.default.contentsOfDirectory(atPath: first.path)[0])
        let rerun = try CLI.run(["demo", "--rerun-failed", folder.path, "--quiet", "--report", again.path], timeout: .seconds(120))
        #expect(rerun.status == 0, "\(rerun.stdout)\(rerun.stderr)")
        let rerunResults = try Self.results(in: again)
        #expect(Self.caseVerdicts(rerunResults) == [failed[0]: "pass"])
        #expect(((rerunResults["run"] as? [String: Any])?["selection"] as? String)?.contains("cases that did not pass in \(folder.path)") == true)
    }

    @Test func rerunFailedOfAMissingReportIsAUsageErrorWithThePath() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = dir.appendingPathComponent("no-such-run")
        let r = try CLI.run(["demo", "--rerun-failed", missing.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("ocppspec: --rerun-failed \(missing.path): cannot read \(missing.path) (no such file)"), "\(r.stderr)")
        let garbage = dir.appendingPathComponent("results.json")
        try "not json".write(to: garbage, atomically: true, encoding: .utf8)
        let g = try CLI.run(["demo", "--rerun-failed", dir.path])
        #expect(g.status == 2)
        #expect(g.stderr.contains("\(garbage.path) is not an ocppspec results document"), "\(g.stderr)")
    }

    /// SHA-256 computed by Python's hashlib over the files, as the report documents it.
    static func pythonDigest(files: [String]) throws -> String {
        let script = """
            import hashlib, sys
            h = hashlib.sha256()
            for rel, path in sorted(zip(sys.argv[1::2], sys.argv[2::2])):
                h.update(rel.encode() + b"\\0" + open(path, "rb").read() + b"\\0")
            print(h.hexdigest())
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let root = CLI.repositoryRoot.appendingPathComponent("TestCases").path
        process.arguments = ["python3", "-c", script] + files.flatMap { [String($0.dropFirst(root.count + 1)), $0] }
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        process.waitUntilExit()
        return String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func git(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", CLI.repositoryRoot.path] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func isAncestorOfHead(_ commit: String) throws -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", CLI.repositoryRoot.path, "merge-base", "--is-ancestor", commit, "HEAD"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    @Test func reportsRecordTheCommitAndADigestOfTheCaseFiles() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let version = try CLI.run(["--version"])
        try #require(try Self.git(["rev-parse", "HEAD"]).count == 40, "the tests run in a git checkout")
        // The binary was built from this checkout: from HEAD, or from a commit before it when
        // commits came after the build (`swift test --skip-build`).
        let versionCommit = try #require(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).firstMatch(of: /^0\.1\.0 \(commit ([0-9a-f]{40})(-dirty)?\)$/)?.output.1, "\(version.stdout)")
        let head = String(versionCommit)
        #expect(try Self.isAncestorOfHead(head), "\(head) is not in this checkout's history")
        let r = try CLI.run(["demo", "--ocpp", "2.0.1", "--role", "cs", "TC_B_01_CS", "--quiet", "--report", dir.path], timeout: .seconds(120))
        #expect(r.status == 0, "\(r.stderr)")
        let run = try #require(try Self.results(in: dir)["run"] as? [String: Any])
        #expect((run["harnessCommit"] as? String)?.hasPrefix(head) == true, "\(run)")
        // The case file and every 2.0.1 station state file.
        let root = CLI.repositoryRoot.appendingPathComponent("TestCases")
        var files = [root.appendingPathComponent("ocpp2.0.1/ChargingStation/B_Provisioning/TC_B_01_CS.yaml").path]
        let states = root.appendingPathComponent("ocpp2.0.1/states")
        let enumerator = FileManager.default.enumerator(atPath: states.path)
        while let name = enumerator?.nextObject() as? String {
            guard name.hasSuffix(".yaml") else { continue }
            let text = try String(contentsOfFile: states.appendingPathComponent(name).path, encoding: .utf8)
            if text.contains("role: ChargingStation") { files.append(states.appendingPathComponent(name).path) }
        }
        #expect(run["caseFileCount"] as? Int == files.count, "\(run)")
        #expect(run["casesSHA256"] as? String == (try Self.pythonDigest(files: files)))
        let folder = dir.appendingPathComponent(try FileManager.default.contentsOfDirectory(atPath: dir.path)[0])
        let junit = try String(contentsOf: folder.appendingPathComponent("junit.xml"), encoding: .utf8)
        #expect(junit.contains("<property name=\"harnessCommit\" value=\"\(run["harnessCommit"] as? String ?? "?")\"/>"))
        #expect(junit.contains("<property name=\"casesSHA256\" value=\"\(run["casesSHA256"] as? String ?? "?") (\(files.count) files)\"/>"))
        let html = try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("Harness commit") && html.contains(run["casesSHA256"] as? String ?? "?"))
    }

    @Test func aRunFolderThatExistsIsNotReused() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        // The folders the run may name (this second and the next few) exist already, as when
        // another run started in the same second.
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH-mm-ss'Z'"
        let now = Date()
        for s in 0..<20 {
            let taken = dir.appendingPathComponent(formatter.string(from: now.addingTimeInterval(Double(s))))
            try FileManager.default.createDirectory(at: taken, withIntermediateDirectories: true)
            try "another run's".write(to: taken.appendingPathComponent("results.json"), atomically: true, encoding: .utf8)
        }
        let r = try CLI.run(["demo", "--ocpp", "2.0.1", "--role", "cs", "TC_B_01_CS", "--quiet", "--report", dir.path], timeout: .seconds(120))
        #expect(r.status == 0, "\(r.stderr)")
        let folders = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(folders.count == 21, "\(folders)")
        let new = folders.filter { $0.hasSuffix("Z-2") }
        #expect(new.count == 1, "\(folders)")
        #expect(r.stderr.contains("reports: \(dir.path)/\(new.first ?? "?")/report.html"), "\(r.stderr)")
        for f in folders where !f.hasSuffix("-2") {
            #expect(try String(contentsOf: dir.appendingPathComponent(f).appendingPathComponent("results.json"), encoding: .utf8) == "another run's")
        }
    }
}
