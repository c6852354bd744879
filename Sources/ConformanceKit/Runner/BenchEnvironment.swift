import Foundation
import OCPPProtocol
import OCPPTransport

/// A long-lived DUT on one link, one case at a time, as in a lab (DESIGN.md, "A real DUT is a
/// bench"): between cases the DUT is answered until it is quiet, then the ``BenchKeeper`` brings
/// it to Part 6's general pre-conditions and reads the configuration the case writes; after the
/// case it restores that configuration. `ocppspec run` takes this path against a real device, and
/// the bench selftest takes it against one long-lived reference device.
public struct BenchEnvironment: DUTEnvironment {
    public let link: any DUTLink
    public let actions: any ActionDriver
    /// The harness dials (it plays the station): reconnect before a case when the link is down.
    public let dials: Bool
    /// How long to wait for the station to connect before a case (harness as CSMS).
    public let connectTimeout: Duration
    public let idle: IdleResponder
    public let keeper: BenchKeeper
    /// Resets the refusal gate of the link before each case (a refusal a previous case asked for
    /// and the station never used must not refuse its connection now).
    let resetGate: @Sendable () -> Void
    public var parallelism: Int { 1 }

    public init(
        link: any DUTLink, actions: any ActionDriver, dials: Bool, connectTimeout: Duration, idle: IdleResponder, keeper: BenchKeeper,
        resetGate: @escaping @Sendable () -> Void = {}
    ) {
        self.link = link
        self.actions = actions
        self.dials = dials
        self.connectTimeout = connectTimeout
        self.idle = idle
        self.keeper = keeper
        self.resetGate = resetGate
    }

    public func withDUT(for testCase: TestCase, _ body: @Sendable (any DUTLink, any ActionDriver) async -> CaseResult) async -> CaseResult {
        await run(testCase, writes: [], body)
    }

    public func withDUT(for testCase: TestCase, program: CaseProgram, _ body: @Sendable (any DUTLink, any ActionDriver) async -> CaseResult) async -> CaseResult {
        let writes = ConfigurationItem.writes(in: program, context: idle.context, version: testCase.version)
        return await run(testCase, writes: writes, body)
    }

    func run(_ testCase: TestCase, writes: [ConfigurationItem], _ body: @Sendable (any DUTLink, any ActionDriver) async -> CaseResult) async -> CaseResult {
        resetGate()
        if dials, await !link.isConnected { await link.reconnect() }
        let keeper = self.keeper
        let startedAt = Date()
        let clock = ContinuousClock()
        let start = clock.now
        // Between cases the DUT keeps talking (heartbeats, a boot after the previous case's
        // reboot…): answer it until it has been quiet for a moment, so a case starts clean.
        await idle.settle(link, waitForConnection: !dials ? connectTimeout : .zero) { text, fromDUT in
            await keeper.observe(frame: text, fromDUT: fromDUT)
        }
        let preparation = await keeper.prepare(link: link, actions: actions, writes: writes)
        if !preparation.unmet.isEmpty {
            return CaseResult(
                info: testCase.info,
                verdict: Verdict(kind: .inconclusive, reason: "pre-condition not met: " + preparation.unmet.joined(separator: "; ")),
                startedAt: startedAt, duration: start.duration(to: clock.now), trace: preparation.trace)
        }
        let tracking = TrackingActionDriver(base: actions, keeper: keeper)
        var result = await body(link, tracking)
        await keeper.observe(trace: result.trace)
        let restored = await keeper.restore(link: link, after: result.trace)
        // The keeper's frames are evidence too: before the case (offsets from the preparation's
        // start) and after it.
        result.trace = preparation.trace + result.trace + restored
        return result
    }
}

/// Tells the bench keeper of every physical action a case performs (a cable plugged in stays in
/// after the case unless the case unplugs it).
struct TrackingActionDriver: ActionDriver {
    let base: any ActionDriver
    let keeper: BenchKeeper

    func perform(id: Int, name: String, arguments: JSONValue, prompt: String) async -> ActionOutcome {
        let outcome = await base.perform(id: id, name: name, arguments: arguments, prompt: prompt)
        switch outcome {
        case .done, .confirmed: await keeper.observe(action: name, arguments: arguments)
        case .timedOut, .failed: break
        }
        return outcome
    }

    func cancel(id: Int) async {
        await base.cancel(id: id)
    }
}
