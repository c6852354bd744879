import Foundation
import OCPPProtocol
import OCPPTransport

/// Runs one case: feeds the ``CaseMachine`` with link events, timers and action outcomes, and
/// carries out what it asks for. Generic over the clock, so engine tests use a manual clock and
/// never sleep. Everything it starts lives in one task group that ends with the case.
public struct CaseExecutor<C: Clock>: Sendable where C.Duration == Duration {
    public let clock: C
    /// The hard bound of the case: beyond it the case is an `error` (the harness or DUT hung).
    public let caseTimeout: Duration
    /// Called for every trace entry as it happens (console `--verbose`).
    public let observer: (@Sendable (TraceEntry) async -> Void)?

    public init(clock: C, caseTimeout: Duration, observer: (@Sendable (TraceEntry) async -> Void)? = nil) {
        self.clock = clock
        self.caseTimeout = caseTimeout
        self.observer = observer
    }

    private enum Event: Sendable {
        case machine(CaseMachine.Input)
        case hardTimeout
    }

    public func run(_ machine: CaseMachine, info: CaseInfo, link: any DUTLink, actions: any ActionDriver) async -> CaseResult {
        var machine = machine
        let startedAt = Date()
        let start = clock.now
        let (events, continuation) = AsyncStream.makeStream(of: Event.self)
        let clock = self.clock
        let caseTimeout = self.caseTimeout
        var observed = 0

        // Physical actions run one after the other, in step order: the next one starts when the
        // previous one is done (a driver may finish a later action first otherwise).
        let (actionQueue, actionContinuation) = AsyncStream.makeStream(of: QueuedAction.self)

        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await a in actionQueue {
                    if Task.isCancelled { break }
                    let outcome = await actions.perform(id: a.id, name: a.name, arguments: a.arguments, prompt: a.prompt)
                    continuation.yield(.machine(.actionFinished(id: a.id, outcome: outcome)))
                }
            }
            group.addTask {
                while !Task.isCancelled, let e = await link.nextEvent() {
                    switch e {
                    case .connected(let info): continuation.yield(.machine(.connected(info)))
                    case .transport(let t): continuation.yield(.machine(.transport(t)))
                    case .connectFailed(let why): continuation.yield(.machine(.connectFailed(why)))
                    case .refused(let why, let path): continuation.yield(.machine(.refused(why, path: path)))
                    }
                }
            }
            group.addTask {
                try? await clock.sleep(until: start.advanced(by: caseTimeout), tolerance: nil)
                if !Task.isCancelled { continuation.yield(.hardTimeout) }
            }
            var armed: Duration?
            func arm() {
                guard let d = machine.nextDeadline, d != armed else { return }
                armed = d
                group.addTask {
                    try? await clock.sleep(until: start.advanced(by: d), tolerance: nil)
                    if !Task.isCancelled { continuation.yield(.machine(.timer)) }
                }
            }
            func publishTrace() async {
                guard let observer else { return }
                while observed < machine.trace.count {
                    await observer(machine.trace[observed])
                    observed += 1
                }
            }

            var pending: [CaseMachine.Input] = [.start]
            var iterator = events.makeAsyncIterator()
            loop: while true {
                let input: CaseMachine.Input
                if !pending.isEmpty {
                    input = pending.removeFirst()
                } else {
                    guard let e = await iterator.next() else { break loop }
                    switch e {
                    case .machine(let i): input = i
                    case .hardTimeout:
                        let step = machine.currentStep
                        machine.abort(Verdict(
                            kind: .error,
                            reason: "the case did not finish within its hard time bound of \(CaseMachine.format(caseTimeout)); the harness stopped it",
                            step: step))
                        break loop
                    }
                }
                let outputs = machine.handle(input, now: start.duration(to: clock.now), date: Date())
                for output in outputs {
                    switch output {
                    case .sendText(let text):
                        do { try await link.send(text: text) } catch { pending.append(.transport(.closed(code: nil, reason: "send failed: \(error)", at: .now))) }
                    case .sendFrame(let opcode, let payload):
                        do { try await link.sendFrame(opcode: opcode, payload: payload) } catch { pending.append(.transport(.closed(code: nil, reason: "send failed: \(error)", at: .now))) }
                    case .sendBytes(let bytes):
                        do { try await link.sendRaw(bytes: bytes) } catch { pending.append(.transport(.closed(code: nil, reason: "send failed: \(error)", at: .now))) }
                    case .close(let code, let reason):
                        await link.close(code: code, reason: reason)
                    case .drop:
                        await link.drop()
                    case .reconnect:
                        group.addTask { await link.reconnect() }
                    case .refuseNextConnection:
                        await link.refuseNextConnection()
                    case .perform(let id, let name, let arguments, let prompt):
                        actionContinuation.yield(QueuedAction(id: id, name: name, arguments: arguments, prompt: prompt))
                    case .cancelAction(let id):
                        await actions.cancel(id: id)
                    case .finished:
                        break
                    }
                }
                await publishTrace()
                if machine.isFinished { break loop }
                arm()
            }
            await publishTrace()
            continuation.finish()
            actionContinuation.finish()
            group.cancelAll()
        }
        let verdict = machine.verdict ?? Verdict(kind: .error, reason: "the case ended without a verdict")
        return CaseResult(info: info, verdict: verdict, startedAt: startedAt, duration: start.duration(to: clock.now), trace: machine.trace, warnings: machine.warnings)
    }
}

extension CaseMachine {
    /// Ends the case from outside (hard timeout, interruption).
    public mutating func abort(_ verdict: Verdict) {
        var out: [Output] = []
        note(.finding, verdict.reason)
        finish(&out, verdict)
    }
}

/// A physical action waiting for the ones before it.
struct QueuedAction: Sendable {
    var id: Int
    var name: String
    var arguments: JSONValue
    var prompt: String
}
