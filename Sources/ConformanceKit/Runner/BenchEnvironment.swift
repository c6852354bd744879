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
    /// Where the station connects (harness as CSMS) or the URL the harness dials.
    public var url = ""
    public var stationId = ""
    /// Said after `url` in the waiting line (the harness listens on all interfaces…).
    public var urlNote = ""
    public var onWaiting: (@Sendable (String) -> Void)?
    let state = ConnectionHistory()
    public var parallelism: Int { 1 }
    /// Set once no further case can run (the DUT never connected): the runner starts no more.
    public var stopReason: String? {
        get async { await state.stopReason }
    }

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
        let (url, stationId, connectTimeout, onWaiting, note) = (self.url, self.stationId, self.connectTimeout, self.onWaiting, self.urlNote)
        let outcome = await idle.settle(link, waitForConnection: !dials ? connectTimeout : .zero, onWaiting: {
            onWaiting?("waiting for \(stationId) to connect to \(url)\(note), up to \(CaseMachine.format(connectTimeout)) (timing.connectTimeout)")
        }, observe: { text, fromDUT in
            await keeper.observe(frame: text, fromDUT: fromDUT)
        })
        switch outcome {
        case .ready:
            await state.connected()
        case .connectFailed(let cause):
            // The connection never came up: nothing of the DUT was tested, so this is the
            // harness's or the setup's error, not the DUT failing. With no connection ever,
            // nothing else can run either.
            var reason = "could not connect to the CSMS at \(cause)"
            if await !state.everConnected {
                reason += "; the run stops here and the remaining cases do not run"
                await state.stop(reason)
            }
            return Self.notRun(testCase, reason: reason, startedAt: startedAt)
        case .notConnected:
            let reason: String
            if await state.everConnected {
                reason = "the station did not connect to \(url) again within \(CaseMachine.format(connectTimeout)) (timing.connectTimeout); the run stops here and the remaining cases do not run"
            } else {
                reason = "the station never connected to \(url) within \(CaseMachine.format(connectTimeout)) (timing.connectTimeout); the run stops here and the remaining cases do not run"
            }
            await state.stop(reason)
            return Self.notRun(testCase, reason: reason, startedAt: startedAt)
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

extension BenchEnvironment {
    /// A case that could not start because the DUT is not connected: a harness/setup `error`.
    static func notRun(_ testCase: TestCase, reason: String, startedAt: Date) -> CaseResult {
        let seconds = Date().timeIntervalSince(startedAt)
        let duration = Duration.milliseconds(Int64((seconds * 1000).rounded()))
        return CaseResult(
            info: testCase.info, verdict: Verdict(kind: .error, reason: reason), startedAt: startedAt, duration: duration,
            trace: [TraceEntry(kind: .connection, offset: duration, timestamp: Date(), text: reason)])
    }
}

/// What the bench environment learnt of the connection across cases.
actor ConnectionHistory {
    var everConnected = false
    var stopReason: String?

    func connected() { everConnected = true }
    func stop(_ reason: String) { stopReason = reason }
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
        case .timedOut, .failed, .unsupported: break
        }
        return outcome
    }

    func cancel(id: Int) async {
        await base.cancel(id: id)
    }
}
