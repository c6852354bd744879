import ArgumentParser
import ConformanceKit
import ConformanceReports
import Foundation
import OCPPProtocol

/// Options of the commands that run cases (`run`, `demo`): one shard of the selection, only the
/// cases a previous report did not pass, and stopping at the first failure.
struct RunControlOptions: ParsableArguments {
    @Option(
        name: .customLong("shard"),
        help: ArgumentHelp(
            "Run only shard i of n (1-based): the selected cases sorted by id are dealt out in turn to n shards, the same way on every machine. Merge the shards' reports with `ocppspec report merge`.",
            valueName: "i/n"))
    var shard: String?

    @Option(
        name: .customLong("rerun-failed"),
        help: ArgumentHelp(
            "Run only the cases whose result in this report (a run folder with results.json, or the file) is fail, error or inconclusive; the other options narrow it further.",
            valueName: "report-dir"))
    var rerunFailed: String?

    @Flag(name: .customLong("fail-fast"), help: "Stop after the first case that fails or has an error; the cases left are reported as not run (cases already running finish).")
    var failFast = false

    /// `i/n` as numbers.
    struct Shard: Equatable, CustomStringConvertible {
        var index: Int
        var count: Int
        var description: String { "\(index)/\(count)" }
    }

    func validate() throws {
        _ = try parsedShard()
    }

    /// The `--shard` value, checked: 1 ≤ i ≤ n.
    func parsedShard() throws -> Shard? {
        guard let shard else { return nil }
        let parts = shard.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else {
            throw ValidationError("--shard must be i/n with whole numbers, such as 1/4 (the first of four shards), not \"\(shard)\".")
        }
        guard n >= 1 else { throw ValidationError("--shard \(shard): the number of shards must be at least 1.") }
        guard i >= 1, i <= n else {
            throw ValidationError("--shard \(shard): the shard number must be between 1 and \(n) (shards count from 1), not \(i).")
        }
        return Shard(index: i, count: n)
    }

    /// The shard's cases of `selected`: the selected cases sorted by id (then version and role),
    /// the k-th (from 0) going to shard k mod n + 1.
    static func cases(of shard: Shard, from selected: [TestCase]) -> [TestCase] {
        let sorted = selected.sorted { ($0.id, $0.version.rawValue, $0.dutRole.rawValue) < ($1.id, $1.version.rawValue, $1.dutRole.rawValue) }
        return sorted.enumerated().filter { $0.offset % shard.count == shard.index - 1 }.map(\.element)
    }

    /// The identity of a case across runs: version, role and id.
    static func key(_ version: OCPPVersion, _ role: OCPPRole, _ id: String) -> String {
        "\(version.rawValue)/\(role.rawValue)/\(id)"
    }

    /// The cases of a report whose result is fail, error or inconclusive, as ``key(_:_:_:)``s.
    /// - Throws: a usage error naming the path when the report cannot be read.
    func rerunKeys() throws -> Set<String>? {
        guard let rerunFailed else { return nil }
        var url = URL(fileURLWithPath: rerunFailed)
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue {
            url = url.appendingPathComponent("results.json")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw Self.usage(
                "--rerun-failed \(rerunFailed): cannot read \(url.path) (\(Self.reason(error))); give the folder of a run that wrote results.json, such as Reports/2026-11-25T12-00-00Z.")
        }
        let report: RunReport
        do {
            report = try ResultsJSON.decode(data, source: url.path)
        } catch {
            throw Self.usage("--rerun-failed \(rerunFailed): \(error)")
        }
        let rerun: Set<VerdictKind> = [.fail, .error, .inconclusive]
        let keys = report.results.filter { rerun.contains($0.verdict.kind) }.map { Self.key($0.info.version, $0.info.dutRole, $0.info.id) }
        guard !keys.isEmpty else {
            throw Self.usage(
                "--rerun-failed \(rerunFailed): the report's \(report.results.count) result(s) hold no fail, error or inconclusive case, so there is nothing to rerun.")
        }
        return Set(keys)
    }

    /// Prints `message` as ocppspec's usage error and returns the exit code 2 to throw.
    static func usage(_ message: String) -> ExitCode {
        FileHandle.printError("ocppspec: " + message)
        return ExitCode(2)
    }

    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
            let code = POSIXErrorCode(rawValue: Int32(underlying.code))
        {
            return String(cString: strerror(code.rawValue))
        }
        if ns.domain == NSCocoaErrorDomain, ns.code == NSFileReadNoSuchFileError { return "no such file" }
        return ns.localizedDescription
    }

    /// `library` with only the cases of `selection` that this run takes: those of the rerun
    /// report, then those of the shard. Cases outside `selection` stay (they are not planned
    /// anyway). A narrowing that leaves no case is a usage error (exit 2) saying why.
    func narrow(_ library: CaseLibrary, selection: Selection) throws -> CaseLibrary {
        var selected = library.cases.filter { selection.includes($0) }
        guard !selected.isEmpty else { return library }
        if let keys = try rerunKeys() {
            selected = selected.filter { keys.contains(Self.key($0.version, $0.dutRole, $0.id)) }
            if selected.isEmpty {
                FileHandle.printError(
                    "ocppspec: none of the \(keys.count) case(s) that did not pass in \(rerunFailed ?? "") is in the selection (\(selection.description)); nothing to rerun.")
                throw ExitCode(2)
            }
        }
        if let shard = try parsedShard() {
            let all = selected.count
            selected = Self.cases(of: shard, from: selected)
            if selected.isEmpty {
                FileHandle.printError(
                    "ocppspec: shard \(shard) has no case: the selection (\(selection.description)) has \(all) case(s), fewer than the \(shard.count) shards.")
                throw ExitCode(2)
            }
        }
        let keep = Set(selected.map { Self.key($0.version, $0.dutRole, $0.id) })
        var narrowed = library
        narrowed.cases = library.cases.filter { !selection.includes($0) || keep.contains(Self.key($0.version, $0.dutRole, $0.id)) }
        return narrowed
    }

    /// The selection as the report records it: with the rerun report.
    func describe(_ selection: Selection) -> String {
        guard let rerunFailed else { return selection.description }
        return selection.description + "; cases that did not pass in \(rerunFailed)"
    }
}

/// `--fail-fast`: remembers the first case that failed or had an error; from then on the
/// environment tells the runner to start no further case.
actor FailFast {
    private(set) var reason: String?

    func note(_ result: CaseResult) {
        guard reason == nil, result.verdict.kind == .fail || result.verdict.kind == .error else { return }
        reason = "--fail-fast: \(result.info.id) \(result.verdict.kind == .fail ? "failed" : "had an error")"
    }
}

/// A DUT environment that stops the run after the first fail or error (``FailFast``).
struct FailFastEnvironment: DUTEnvironment {
    let base: any DUTEnvironment
    let failFast: FailFast

    var parallelism: Int { base.parallelism }

    var stopReason: String? {
        get async {
            if let reason = await failFast.reason { return reason }
            return await base.stopReason
        }
    }

    func withDUT(for testCase: TestCase, _ body: @Sendable (any DUTLink, any ActionDriver) async -> CaseResult) async -> CaseResult {
        let result = await base.withDUT(for: testCase, body)
        await failFast.note(result)
        return result
    }

    func withDUT(for testCase: TestCase, program: CaseProgram, _ body: @Sendable (any DUTLink, any ActionDriver) async -> CaseResult) async -> CaseResult {
        let result = await base.withDUT(for: testCase, program: program, body)
        await failFast.note(result)
        return result
    }
}

extension RunControlOptions {
    /// Says on standard error why a `--fail-fast` run stopped and how many cases did not run.
    static func reportStop(_ failFast: FailFast?, results: [CaseResult], planned: Int) async {
        guard let failFast, let reason = await failFast.reason else { return }
        let left = max(0, planned - results.count)
        FileHandle.printError("\(reason); the run stopped there and \(left) of \(planned) planned case(s) did not run.")
    }
}
