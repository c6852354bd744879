import Foundation
import OCPPProtocol

/// Where the cases of a run find their DUT: a real device reached over the network (one
/// connection kept across cases, one case at a time), or built-in reference devices (a fresh
/// instance per case, cases in parallel).
public protocol DUTEnvironment: Sendable {
    /// How many cases may run at once (1 for a real DUT).
    var parallelism: Int { get }
    /// Why the run cannot go on; see the extension's default.
    var stopReason: String? { get async }
    /// Runs `body` with a link to a DUT that is ready for `testCase`; the environment cleans up
    /// afterwards. Returns nil and a verdict when the DUT cannot be reached at all.
    func withDUT(for testCase: TestCase, _ body: @Sendable (any DUTLink, any ActionDriver) async -> CaseResult) async -> CaseResult
    /// The same, for a case whose expanded program is known: a long-lived DUT reads the
    /// configuration the program writes before the case, to restore it afterwards.
    func withDUT(for testCase: TestCase, program: CaseProgram, _ body: @Sendable (any DUTLink, any ActionDriver) async -> CaseResult) async -> CaseResult
}

extension DUTEnvironment {
    public func withDUT(for testCase: TestCase, program: CaseProgram, _ body: @Sendable (any DUTLink, any ActionDriver) async -> CaseResult) async -> CaseResult {
        await withDUT(for: testCase, body)
    }
}

extension DUTEnvironment {
    /// Why the run cannot go on (the station never connected…), once it cannot: the runner then
    /// starts no further case, and the cases left are reported as not run. Nil by default.
    public var stopReason: String? {
        get async { nil }
    }
}

/// Runs selected cases against a DUT and streams results to sinks (DESIGN.md, "One run, as data").
public struct Runner: Sendable {
    public var library: CaseLibrary
    public var profile: DUTProfile
    public var selection: Selection
    /// Reporters; they get every result, and every trace entry as it happens (`traceRecorded`).
    public var sinks: [any ResultSink]

    public init(library: CaseLibrary, profile: DUTProfile, selection: Selection, sinks: [any ResultSink]) {
        self.library = library
        self.profile = profile
        self.selection = selection
        self.sinks = sinks
    }

    /// A case of the plan, and why it will not run if it will not.
    public struct PlannedCase: Sendable {
        public var testCase: TestCase
        public var notApplicable: String?
    }

    /// The selected cases in run order, each with the reason it does not apply to this DUT.
    public func plan() -> [PlannedCase] {
        library.cases.filter { selection.includes($0) }.map { c in
            PlannedCase(testCase: c, notApplicable: Self.notApplicableReason(c, profile: profile))
        }
    }

    public static func notApplicableReason(_ c: TestCase, profile: DUTProfile) -> String? {
        if c.dutRole != profile.role {
            return "the case tests a \(c.dutRole.rawValue) and the DUT profile describes a \(profile.role.rawValue)"
        }
        if !profile.versions.contains(c.version) {
            return "the DUT does not claim OCPP \(c.version.rawValue) (it claims \(profile.versions.map(\.rawValue).joined(separator: ", ")))"
        }
        // Part 5: certification profile membership, and the PICS condition of a CSMS case.
        if let reason = CertificationProfiles.notApplicableReason(c, profile: profile) { return reason }
        // `!Feature`: the case is for devices without the feature (an OCTT prerequisite such as
        // "does not support SummaryInventory").
        // `A|B`: any one of the alternatives is enough (an OCTT prerequisite such as "TxStartPoint
        // ParkingBayOccupancy OR Authorized").
        let claims = profile.claims
        let missing = c.requires.filter { item in
            !item.hasPrefix("!") && !item.split(separator: "|").contains { claims.contains(String($0)) }
        }
        if !missing.isEmpty {
            return "the DUT profile does not claim " + missing.joined(separator: ", ")
        }
        let excluded = c.requires.filter { $0.hasPrefix("!") }.map { String($0.dropFirst()) }.filter { claims.contains($0) }
        if !excluded.isEmpty {
            return "the case is for a DUT without " + excluded.joined(separator: ", ") + ", which the DUT profile claims"
        }
        return nil
    }

    /// Runs the plan with `environment`; returns every result (also those of an interrupted run,
    /// up to the interruption).
    ///
    /// With `announce: false` the sinks hear of the cases but not of the run's start and end, so
    /// that several runs (one per version and role, as `demo` does) make one report.
    public func run<C: Clock>(environment: any DUTEnvironment, clock: C, runInfo: RunInfo, announce: Bool = true) async -> [CaseResult] where C.Duration == Duration {
        let planned = plan()
        if announce { for s in sinks { await s.runStarted(runInfo, planned: planned.map(\.testCase.info)) } }
        let collector = ResultCollector(count: planned.count)
        let parallelism = max(1, environment.parallelism)
        await withTaskGroup(of: Void.self) { group in
            var next = 0
            func startNext() {
                guard next < planned.count, !Task.isCancelled else { return }
                let index = next
                next += 1
                group.addTask { [self] in
                    let result = await runOne(planned[index], environment: environment, clock: clock)
                    await collector.set(index, result)
                    for s in sinks { await s.caseFinished(result) }
                }
            }
            for _ in 0..<parallelism { startNext() }
            while await group.next() != nil {
                // A run that cannot go on lets the running cases finish and starts no other.
                if await environment.stopReason != nil { continue }
                startNext()
            }
        }
        let results = await collector.results
        let interrupted = results.count < planned.count
        if announce { for s in sinks { await s.runFinished(runInfo, results: results, interrupted: interrupted) } }
        return results
    }

    func runOne<C: Clock>(_ p: PlannedCase, environment: any DUTEnvironment, clock: C) async -> CaseResult where C.Duration == Duration {
        let c = p.testCase
        let info = c.info
        for s in sinks { await s.caseStarted(info) }
        if let reason = p.notApplicable {
            return CaseResult(info: info, verdict: Verdict(kind: .notApplicable, reason: reason), startedAt: Date(), duration: .zero)
        }
        let program: CaseProgram
        do {
            program = try CaseProgram.build(c, library: library.states, context: profile.interpolationContext)
        } catch {
            return CaseResult(info: info, verdict: Verdict(kind: .error, reason: "the case cannot be prepared: \(error)"), startedAt: Date(), duration: .zero)
        }
        let configuration = CaseMachine.Configuration(
            version: c.version, dutRole: c.dutRole,
            background: BackgroundPolicy.defaults(version: c.version, harnessRole: c.dutRole.peer).applying(c.background),
            context: Self.caseContext(profile.interpolationContext, caseId: c.id), messageTimeout: profile.messageTimeout, forbid: c.forbid, post: c.post)
        let machine = CaseMachine(program: program, configuration: configuration)
        var timeout = profile.caseTimeout
        if let t = c.timeout, let d = try? TimeExpression.evaluate(t.text) { timeout = d }
        let sinks = self.sinks
        let executor = CaseExecutor(clock: clock, caseTimeout: timeout) { entry in
            for s in sinks { await s.traceRecorded(entry, in: info) }
        }
        return await environment.withDUT(for: c, program: program) { link, actions in
            await executor.run(machine, info: info, link: link, actions: actions)
        }
    }
}

/// Results by plan position, so that parallel cases still report in plan order at the end.
actor ResultCollector {
    private var slots: [CaseResult?]

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ result: CaseResult) {
        slots[index] = result
    }

    var results: [CaseResult] { slots.compactMap { $0 } }
}

extension Runner {
    /// The profile's interpolation context plus `case.id` and `case.uid`: a short token, fresh per
    /// case run and stable within it, for values the harness invents and must reuse across steps
    /// (a transaction id the harness-as-station assigns, for instance).
    static func caseContext(_ base: JSONObject, caseId: String) -> JSONObject {
        var context = base
        let uid = String(UUID().uuidString.lowercased().prefix(8))
        context["case"] = ["id": .string(caseId), "uid": .string(uid)]
        return context
    }
}
