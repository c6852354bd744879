import ArgumentParser
import ConformanceKit
import Foundation
import OCPPProtocol

/// `ocppspec run`: runs cases against a real DUT described by a profile.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the selected cases against the device described by a DUT profile.",
        discussion: """
            The harness listens as the CSMS when the DUT is a Charging Station, or dials the CSMS as a \
            Charging Station when the DUT is a CSMS, and keeps that connection across cases. \
            Exit codes: 0 all pass or not applicable, 1 a case failed, 2 usage or configuration error, 3 a harness error.
            """)

    @Option(help: ArgumentHelp("The DUT profile (see `ocppspec init`).", valueName: "dut.yaml"))
    var dut: String

    @OptionGroup var selection: SelectionOptions
    @OptionGroup var control: RunControlOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var verdicts: VerdictOptions

    func run() async throws {
        let profile: DUTProfile
        do {
            profile = try ProfileLoader.load(path: dut)
        } catch {
            FileHandle.printError("\(error)")
            throw ExitCode(2)
        }
        var chosen = try selection.selection()
        let version = chosen.versions.first ?? profile.versions.first ?? .v201
        chosen.versions = [version]
        chosen.roles = [profile.role]
        let loaded = try selection.library(strict: false, for: chosen)
        try SelectionOptions.requireMatches(chosen, in: loaded, matched: loaded.cases.contains { chosen.includes($0) })
        let library = try control.narrow(loaded, selection: chosen)
        var runner = Runner(library: library, profile: profile, selection: chosen, sinks: [])
        // Pre-flight: every value the applicable cases read, and no key the library does not
        // know, before anything is sent to the device (a missing value found mid-case leaves the
        // device dirty for the next one).
        let applicable = runner.plan().filter { $0.notApplicable == nil }.map(\.testCase)
        let problems = Preflight.problems(cases: applicable, states: library.states, profile: profile)
        if !problems.isEmpty {
            for p in problems { FileHandle.printError(p) }
            FileHandle.printError("pre-flight: \(problems.count) problem(s) in \(dut); nothing was sent to the device. Fix the profile (`ocppspec init` writes every key with its meaning) and run again.")
            throw ExitCode(2)
        }
        try SelectionOptions.requireMatches(chosen, in: library, matched: !runner.plan().isEmpty)
        let reporter = try output.makeReporter(runName: nil, secrets: profile.secrets, stationId: profile.identity.stationId)
        var session = NetworkSession(
            profile: profile, version: version,
            onListening: { url in FileHandle.printError("listening: the station should connect to \(url)\(Self.allInterfacesNote(url, listenHost: profile.connection.listenHost))") },
            onRejected: { r in FileHandle.printError("refused a connection: \(r)") })
        session.onWaiting = { line in FileHandle.printError(line) }
        runner.sinks = reporter.sinks
        let configured = runner
        let info = Evidence.record(
            RunInfo(
                runId: reporter.runId, startedAt: Date(), dutDescription: "\(profile.identity.vendor) \(profile.identity.model) (\(profile.identity.stationId))",
                dutRole: profile.role, harnessVersion: OCPPSpec.harnessVersion, selection: control.describe(chosen),
                shard: try control.parsedShard()?.description, policy: verdicts.policy),
            cases: runner.plan().map(\.testCase), library: library, roots: try selection.resolvedPaths(), profile: profile)
        let failFast = control.failFast ? FailFast() : nil
        let results: [CaseResult]
        do {
            results = try await session.run { environment in
                let environment: any DUTEnvironment = failFast.map { FailFastEnvironment(base: environment, failFast: $0) } ?? environment
                return await configured.run(environment: environment, clock: ContinuousClock(), runInfo: info)
            }
        } catch where PortInUse.matches(error) && profile.role == .chargingStation {
            FileHandle.printError(PortInUse.message(port: profile.connection.listenPort, host: profile.connection.listenHost, what: "the harness (as the CSMS, connection.listen in \(dut))"))
            throw ExitCode(2)
        } catch {
            FileHandle.printError("cannot run: \(error)")
            throw ExitCode(2)
        }
        await RunControlOptions.reportStop(failFast, results: results, planned: runner.plan().count)
        reporter.printLocation()
        throw ExitCode(verdicts.policy.exitCode(results.map(\.verdict.kind)))
    }

    /// After the loopback URL printed for a harness listening on all interfaces (0.0.0.0, ::): the
    /// URL with this machine's name, for a station on another machine.
    static func allInterfacesNote(_ url: String, listenHost: String, hostName: String = ProcessInfo.processInfo.hostName) -> String {
        guard listenHost == "0.0.0.0" || listenHost == "::" else { return "" }
        let remote = url.replacingOccurrences(of: "://127.0.0.1:", with: "://\(hostName):").replacingOccurrences(of: "://[::1]:", with: "://\(hostName):")
        return " (from this machine; the harness listens on all interfaces (\(listenHost)), so from another machine use \(remote) or this machine's IP address)"
    }
}
