import BuiltinDUT
import ConformanceKit
import Foundation
import OCPPProtocol
import ReferenceDevices
import Testing

/// The bench path a real DUT takes (one long-lived device, pre-conditions before each case, the
/// configuration restored after it), on the reference devices.
@Suite("Bench: one long-lived device, every case in a row")
struct BenchTests {
    static let library = CaseLibrary.load(paths: [
        Repository.root.appendingPathComponent("TestCases").path,
        Repository.root.appendingPathComponent("Tests/BuiltinDUTTests/Fixtures/bench").path,
    ])

    func runOnBench(_ ids: [String], defects: Set<Defect> = [], overrides: [String] = [], refusing refused: Set<String> = []) async throws -> [CaseResult] {
        #expect(Self.library.diagnostics.isEmpty, "\(Self.library.diagnostics.map(\.description))")
        var subset = Self.library
        subset.cases = ids.compactMap { id in Self.library.cases.first { $0.id == id } }
        #expect(subset.cases.count == ids.count)
        let profile = try ReferenceProfile.profile(role: .chargingStation, version: .v201, overrides: overrides)
        let runner = Runner(library: subset, profile: profile, selection: Selection(), sinks: [])
        let info = RunInfo(runId: "bench-test", startedAt: Date(), dutDescription: "reference station", dutRole: .chargingStation, harnessVersion: "test", selection: "")
        var bench = ReferenceBench(role: .chargingStation, version: .v201, profile: profile, defects: defects)
        if !refused.isEmpty { bench.wrapActions = { RefusingDriver(base: $0, refused: refused) } }
        return await bench.run { environment in
            await runner.run(environment: environment, clock: ContinuousClock(), runInfo: info)
        }
    }

    @Test("A case that leaves a transaction running: the keeper stops it and TC_B_01_CS passes after it")
    func leftoverTransactionIsStopped() async throws {
        let results = try await runOnBench(["X_BENCH_01_CS", "TC_B_01_CS"])
        try #require(results.count == 2)
        #expect(results[0].verdict.kind == .pass, "\(results[0].verdict.headline)")
        #expect(results[1].verdict.kind == .pass, "\(results[1].verdict.headline)")
        let sent = results[1].trace.filter { $0.kind == .toDUT }.map(\.text)
        #expect(sent.contains { $0.contains("\"RequestStopTransaction\"") }, "the keeper asked the station to stop the transaction")
        #expect(results[1].trace.contains { $0.kind == .action && $0.text.contains("unplug") }, "the keeper had the cable taken out")
    }

    @Test("A station that does not stop the transaction: the next case is inconclusive, with the reason")
    func stationThatWillNotStopMakesTheNextCaseInconclusive() async throws {
        // The station ignores RequestStopTransaction, and the operator does not take the cable
        // out (the prompt times out): the transaction goes on.
        let results = try await runOnBench(["X_BENCH_01_CS", "TC_B_01_CS"], defects: [.remoteStopIgnored], refusing: ["unplug"])
        try #require(results.count == 2)
        #expect(results[1].verdict.kind == .inconclusive)
        #expect(!results[1].trace.contains { $0.text.contains("case started") }, "the case itself did not run")
        #expect(results[1].verdict.reason.contains("pre-condition not met: a transaction is still running on EVSE 1"), "\(results[1].verdict.reason)")
    }

    @Test("Configuration a case writes is written back after it")
    func configurationIsRestored() async throws {
        // The fixture sets OCPPCommCtrlr.MessageAttemptInterval[TransactionEvent] (10 on the reference station) to 37.
        let results = try await runOnBench(["X_BENCH_02_CS"])
        try #require(results.count == 1)
        #expect(results[0].verdict.kind == .pass, "\(results[0].verdict.headline)")
        let sent = results[0].trace.filter { $0.kind == .toDUT }.map(\.text)
        let restore = sent.last { $0.contains("\"SetVariables\"") }
        #expect(restore?.contains("\"attributeValue\":\"10\"") == true, "the keeper wrote the value read before the case back: \(restore ?? "nothing")")
    }
}

/// A rig whose operator does not perform some actions in time.
struct RefusingDriver: ActionDriver {
    let base: any ActionDriver
    let refused: Set<String>

    func perform(id: Int, name: String, arguments: JSONValue, prompt: String) async -> ActionOutcome {
        refused.contains(name) ? .timedOut(after: .seconds(1)) : await base.perform(id: id, name: name, arguments: arguments, prompt: prompt)
    }

    func cancel(id: Int) async {
        await base.cancel(id: id)
    }
}

/// The bench selftest: the whole library on one long-lived correct device per version and role,
/// in catalogue order and in a seeded shuffled order, gives exactly the verdicts of fresh devices.
@Suite("Bench selftest of the whole library")
struct BenchSelftestTests {
    @Test("One long-lived device per version and role, catalogue and shuffled order: the fresh verdicts")
    func benchVerdictsEqualFreshVerdicts() async throws {
        #expect(Repository.library.diagnostics.isEmpty)
        let jobs: [(OCPPVersion, OCPPRole, UInt64?)] = OCPPVersion.allCases.filter { $0 != .v21 }.flatMap { v in
            OCPPRole.allCases.flatMap { r -> [(OCPPVersion, OCPPRole, UInt64?)] in [(v, r, nil), (v, r, UInt64(20261207))] }
        }
        // Each bench is its own device, mostly waiting on its timers: all side by side.
        let groups = await withTaskGroup(of: [Selftest.BenchGroup].self) { group in
            for (version, role, seed) in jobs {
                group.addTask {
                    let selftest = Selftest(library: Repository.library, versions: [version], roles: [role], parallelism: 4)
                    return await selftest.bench(seed: seed)
                }
            }
            var all: [Selftest.BenchGroup] = []
            for await g in group { all += g }
            return all
        }
        print(Selftest.benchReport(groups.sorted { ($0.version.rawValue, $0.role.rawValue, $0.order) < ($1.version.rawValue, $1.role.rawValue, $1.order) }, showTraces: true))
        #expect(groups.count == jobs.count)
        for g in groups {
            #expect(g.bench.count == g.fresh.count && !g.bench.isEmpty, "OCPP \(g.version.rawValue) \(g.role.rawValue) \(g.order): every case ran on the bench")
            #expect(g.bench.contains { $0.verdict.kind == .pass }, "the bench tested something")
            for d in g.differences {
                Issue.record("OCPP \(g.version.rawValue) \(g.role.rawValue), \(g.order): \(d.bench.info.id) is \(d.bench.verdict.kind.rawValue) on the bench and \(d.fresh?.verdict.kind.rawValue ?? "not run") fresh: \(d.bench.verdict.headline)")
            }
        }
    }
}
