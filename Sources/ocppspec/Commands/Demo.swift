import ArgumentParser
import BuiltinDUT
import ConformanceKit
import Foundation
import OCPPProtocol

/// `ocppspec demo`: every case against the built-in reference devices, in both roles.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run every case against the built-in reference devices (both roles, no hardware) and write the reports.",
        discussion: VerdictOptions.exitCodes)

    @OptionGroup var selection: SelectionOptions
    @OptionGroup var control: RunControlOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var verdicts: VerdictOptions

    @Option(help: "Seed these defects into the reference devices (see `ocppspec selftest --list-defects`).")
    var defect: [String] = []

    /// 16: a case against a reference device spends nearly all its time waiting on the device's
    /// timers (the 2.0.1 station set took 14 s of CPU in 33 s of wall time on 2 cores at 16), so
    /// more cases side by side shorten the run without loading the machine.
    @Option(help: "How many cases run at once, each against its own reference device.")
    var parallel: Int = 16

    @Option(name: .customLong("reference-config"), help: ArgumentHelp("Replace a config value of the reference profile (and device), e.g. txStartPoint=EVConnected.", valueName: "key=value"))
    var referenceConfig: [String] = []

    func run() async throws {
        let chosen = try selection.selection()
        let loaded = try selection.library(strict: false, for: chosen)
        try SelectionOptions.requireMatches(chosen, in: loaded, matched: loaded.cases.contains { chosen.includes($0) })
        let library = try control.narrow(loaded, selection: chosen)
        let defects = try DefectOption.parse(defect)
        let reporter = try output.makeReporter(runName: nil, secrets: [])
        let clock = ContinuousClock()
        let started = clock.now
        var all: [CaseResult] = []
        var groups: [(OCPPVersion, OCPPRole, Selection)] = []
        for version in OCPPVersion.allCases {
            for role in OCPPRole.allCases where library.cases.contains(where: { $0.version == version && $0.dutRole == role }) {
                var sel = chosen
                if !sel.versions.isEmpty && !sel.versions.contains(version) { continue }
                if !sel.roles.isEmpty && !sel.roles.contains(role) { continue }
                sel.versions = [version]
                sel.roles = [role]
                groups.append((version, role, sel))
            }
        }
        // One report for the whole demo: the run starts once, with every planned case.
        let planned = groups.flatMap { g in library.cases.filter { g.2.includes($0) }.map(\.info) }
        try SelectionOptions.requireMatches(chosen, in: library, matched: !planned.isEmpty)
        let info = Evidence.record(
            RunInfo(
                runId: reporter.runId, startedAt: Date(), dutDescription: "built-in reference devices",
                harnessVersion: OCPPSpec.harnessVersion, selection: control.describe(chosen), shard: try control.parsedShard()?.description, policy: verdicts.policy),
            cases: groups.flatMap { g in library.cases.filter { g.2.includes($0) } }, library: library, roots: try selection.resolvedPaths(), profile: nil)
        for s in reporter.sinks { await s.runStarted(info, planned: planned) }
        let failFast = control.failFast ? FailFast() : nil
        for (version, role, sel) in groups {
            // --fail-fast: after a failure no further group starts.
            if let failFast, await failFast.reason != nil { break }
            let profile = try ReferenceProfile.profile(role: role, version: version, overrides: referenceConfig)
            let builtin = BuiltinEnvironment(role: role, version: version, defects: defects, profile: profile, parallelism: parallel)
            let environment: any DUTEnvironment = failFast.map { FailFastEnvironment(base: builtin, failFast: $0) } ?? builtin
            let runner = Runner(library: library, profile: builtin.profile, selection: sel, sinks: reporter.sinks)
            all += await runner.run(environment: environment, clock: clock, runInfo: info, announce: false)
        }
        for s in reporter.sinks { await s.runFinished(info, results: all, interrupted: all.count < planned.count) }
        let elapsed = started.duration(to: clock.now)
        FileHandle.printError(String(format: "demo: %d case(s) in %.1f s", all.count, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
        await RunControlOptions.reportStop(failFast, results: all, planned: planned.count)
        reporter.printLocation()
        throw ExitCode(verdicts.policy.exitCode(all.map(\.verdict.kind)))
    }
}
