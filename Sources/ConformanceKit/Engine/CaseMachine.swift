import Foundation
import OCPPProtocol
import OCPPTransport

/// The step engine of one case as a plain state machine (STYLE.md: the async-http-client way):
/// events go in through ``handle(_:now:date:)``, actions for the driver come out. It owns every
/// decision about matching, replies, timing and verdicts; it does no I/O and reads no clock, so
/// its tests feed events with exact instants and run in microseconds.
public struct CaseMachine: Sendable {
    /// What happened, as the driver tells it.
    public enum Input: Sendable {
        /// Begin the case (the connection, if any, is already up).
        case start
        /// A (new) connection to the DUT is established.
        case connected(ConnectionInfo)
        /// Dialling the DUT again failed (harness as station).
        case connectFailed(String)
        /// The harness refused a connection attempt of the station, as a `connection: refuse` step
        /// asked (harness as CSMS).
        case refused(String, path: String?)
        /// A transport event of the current connection.
        case transport(TransportEvent)
        /// The deadline the machine asked for (``nextDeadline``) has come.
        case timer
        /// A physical action finished.
        case actionFinished(id: Int, outcome: ActionOutcome)
    }

    /// What the driver must do.
    public enum Output: Sendable, Equatable {
        case sendText(String)
        case sendFrame(opcode: UInt8, payload: [UInt8])
        case sendBytes([UInt8])
        case close(code: UInt16, reason: String)
        case drop
        /// Harness as station: dial the CSMS again (after closing the current connection).
        case reconnect
        /// Harness as CSMS: refuse the station's next connection attempt.
        case refuseNextConnection
        /// Carry out a physical action; report back with `.actionFinished(id:…)`.
        case perform(id: Int, name: String, arguments: JSONValue, prompt: String)
        /// The awaited message came: an operator prompt for this action may be withdrawn.
        case cancelAction(id: Int)
        case finished(Verdict)
    }

    public struct Configuration: Sendable {
        public var version: OCPPVersion
        public var dutRole: OCPPRole
        public var catalog: MessageCatalog
        public var background: BackgroundPolicy
        public var context: JSONObject
        public var messageTimeout: Duration
        public var forbid: [Forbid]
        public var post: [CheckCall]
        /// The harness's message ids: unique for the whole run and across runs (OCPP-J §4.1.4).
        public var messageIds: MessageIdSource = .run

        public init(
            version: OCPPVersion, dutRole: OCPPRole, catalog: MessageCatalog? = nil, background: BackgroundPolicy? = nil,
            context: JSONObject, messageTimeout: Duration, forbid: [Forbid] = [], post: [CheckCall] = []
        ) {
            self.version = version
            self.dutRole = dutRole
            self.catalog = catalog ?? .builtIn(version)
            self.background = background ?? .defaults(version: version, harnessRole: dutRole.peer)
            self.context = context
            self.messageTimeout = messageTimeout
            self.forbid = forbid
            self.post = post
        }
    }

    // MARK: State

    let program: CaseProgram
    let config: Configuration
    let parser: FrameParser
    public private(set) var trace: [TraceEntry] = []
    public private(set) var warnings: [String] = []
    public private(set) var verdict: Verdict?
    /// Recommendations (SHOULD) the DUT did not meet so far; they make a passing case
    /// `nonStrict` and travel with any other verdict.
    public private(set) var recommendations: [Verdict] = []
    /// Every CALL the DUT sent, for named checks.
    public private(set) var received: [ReceivedCall] = []
    var captures = JSONObject()

    var index = -1
    var stepStart: Duration = .zero
    var phase: Phase = .idle
    var now: Duration = .zero
    var date = Date(timeIntervalSince1970: 0)

    /// CALLs the harness sent and awaits answers to: message id → what for.
    var outstanding: [String: Outstanding] = [:]
    /// A CALL of the DUT not yet answered (only when a step withholds the reply).
    var dutUnanswered: String?
    /// Answers held by a `replyAfter` step, sent when due (or when the case ends).
    var heldReplies: [(due: Duration, frame: Frame)] = []
    /// Set while a `replyAfter` step builds its answer: `send` holds frames until then.
    var holdingUntil: Duration?
    /// When the harness withheld that answer: once the message timeout has passed the DUT may
    /// regard the CALL as failed and send the next one (E13 retries, TC_E_41_CS).
    var dutUnansweredSince: Duration = .zero
    /// Message ids of the DUT's CALLs on the current connection.
    var dutMessageIds: Set<String> = []
    var nextActionId = 1
    /// Prompt-style actions not yet confirmed: id → action name.
    var pendingActions: [Int: String] = [:]
    /// The step of each action not yet finished: a driver's failure is that step's, even when
    /// the case has moved on to the step that awaits the action's effect.
    var actionSteps: [Int: StepReference] = [:]
    /// Each running action as the trace names it ("plugIn(evse 1, connector 1)") and the number of
    /// the step that ran it; kept until the driver reports, also after a matched message withdrew it.
    var actionTraceNames: [Int: (name: String, step: Int)] = [:]
    var connected = false
    var lastClose: String?
    /// The earliest a connection attempt awaited by a `connection: reconnect`/`refuse` step may come
    /// (offset from the step's start).
    var attemptAfter: Duration?
    /// The request path (interpolated string or matcher) a `connection` step expects the attempt on.
    var attemptPath: JSONValue?
    /// The last message that had the right action but did not match, for the timeout message:
    /// the frame, how its payload differed, and the expectation (filled in) it was matched against.
    var nearMiss: (frame: String, mismatches: [Mismatch], template: JSONValue?, payload: JSONValue)?

    struct Outstanding {
        var action: String
        var entry: Int?
        var raw: Bool
        /// When the request went out (wall clock), to judge times the answer carries.
        var sentAt: Date? = nil
    }

    enum Phase {
        case idle
        case receiving(deadline: Duration, after: Duration?)
        case awaitingReply(messageId: String, deadline: Duration)
        case awaitingRawAnswer(messageId: String?, deadline: Duration)
        case group(members: [Member], deadline: Duration)
        case quiet(until: Duration, filter: MessageFilter?)
        case awaitingClose(deadline: Duration)
        case awaitingConnection(deadline: Duration)
        /// A connection attempt to refuse (`connection: refuse`).
        case awaitingRefusal(deadline: Duration)
        /// An action the next step depends on (it is not a reaction the case waits for) is running.
        case acting(id: Int)
        case done
    }

    /// One member of an unordered group: a receive or an anyOf of receives, with its bindings.
    struct Member {
        var step: Step
        var bindings: JSONObject
        var done: Bool
    }

    public init(program: CaseProgram, configuration: Configuration) {
        self.program = program
        self.config = configuration
        self.parser = FrameParser(version: configuration.version, catalog: configuration.catalog)
    }

    /// When the machine wants a `.timer` input (offset from case start), if at all: the step's
    /// deadline, or an answer held by `replyAfter` that is due earlier.
    public var nextDeadline: Duration? {
        let held = heldReplies.map(\.due).min()
        guard let step = phaseDeadline else { return held }
        guard let held else { return step }
        return min(step, held)
    }

    /// The deadline of the current phase (step timeout, quiet period), if any.
    var phaseDeadline: Duration? {
        switch phase {
        case .receiving(let d, _), .awaitingReply(_, let d), .awaitingRawAnswer(_, let d), .group(_, let d),
            .awaitingClose(let d), .awaitingConnection(let d), .awaitingRefusal(let d):
            return d
        case .quiet(let until, _):
            return until
        case .idle, .done, .acting:
            return nil
        }
    }

    public var isFinished: Bool { verdict != nil }

    /// The entry being run (1-based number), for reports of a hard timeout.
    public var currentStep: StepReference? {
        program.entries.indices.contains(index) ? program.entries[index].reference : nil
    }

    // MARK: Events

    public mutating func handle(_ input: Input, now: Duration, date: Date) -> [Output] {
        guard verdict == nil else { return [] }
        self.now = now
        self.date = date
        var out: [Output] = []
        releaseHeldReplies(final: false, &out)
        switch input {
        case .start:
            note(.note, "case started")
            advance(&out)
        case .connected(let info):
            connected = true
            dutMessageIds = []
            dutUnanswered = nil
            note(.connection, "connected: station \(info.stationId), subprotocol \(info.subprotocol ?? "none"), security profile \(info.securityProfile)\(info.tlsVersion.map { ", \($0)" } ?? "")")
            if let finding = info.handshakeFindings.first {
                // The transport let the connection in but the DUT broke an OCPP-J connection rule.
                fail(&out, "the DUT's connection breaks an OCPP-J rule: \(finding)", requirements: ["OCPP-J 3"])
                return out
            }
            if case .awaitingConnection = phase, attemptCameInTime("connected", &out), attemptOnPath(info.path, &out) { advance(&out) }
        case .refused(let detail, let path):
            note(.connection, "harness refused a connection attempt\(path.map { " on \($0)" } ?? ""): \(detail)")
            if case .awaitingRefusal = phase, attemptCameInTime("tried to connect", &out), attemptOnPath(path, &out) { advance(&out) }
        case .connectFailed(let reason):
            note(.connection, "connecting failed: \(reason)")
            // Unreachable is not a broken requirement: the address, credentials or the DUT's
            // state are wrong, and nothing about the case's checks can be said.
            finish(&out, Verdict(kind: .error, reason: "could not connect to the DUT: \(reason)", step: currentStep))
        case .transport(let event):
            transport(event, &out)
        case .timer:
            timer(&out)
        case .actionFinished(let id, let outcome):
            actionFinished(id, outcome, &out)
        }
        return out
    }

    mutating func transport(_ event: TransportEvent, _ out: inout [Output]) {
        switch event {
        case .text(let text, _):
            note(.fromDUT, text)
            textReceived(text, &out)
        case .invalidText(let bytes, _):
            note(.fromDUT, String(decoding: bytes, as: UTF8.self))
            fail(&out, "the DUT sent a text frame that is not valid UTF-8 (RFC 6455 §8.1)", requirements: ["OCPP-J 4.1.1"])
        case .binary(let bytes, _):
            note(.fromDUT, "<binary frame, \(bytes.count) bytes>")
            fail(&out, "the DUT sent a binary frame; OCPP-J uses text frames only", requirements: ["OCPP-J 4.1.1"])
        case .ping, .pong:
            break
        case .violation(let what, _):
            note(.finding, what)
            fail(&out, "WebSocket protocol violation by the DUT: \(what)")
        case .closed(let code, let reason, _):
            connected = false
            outstandingClosed()
            lastClose = "code \(code.map(String.init) ?? "none")\(reason.isEmpty ? "" : ", \(reason)")"
            note(.connection, "connection closed (\(lastClose!))")
            switch phase {
            case .awaitingClose:
                advance(&out)
            case .awaitingReply(let id, _):
                if let o = outstanding[id] {
                    fail(&out, "the connection closed before the DUT answered \(o.action)", expected: "a CALLRESULT for message \(id)", actual: "connection closed (\(lastClose!))")
                }
            default:
                break
            }
        }
    }

    mutating func outstandingClosed() {
        dutUnanswered = nil
    }

    // MARK: Frames from the DUT

    mutating func textReceived(_ text: String, _ out: inout [Output]) {
        let frame: Frame
        do {
            frame = try parser.parse(text)
        } catch {
            if error.warrantsReply { send(&out, error.callError(for: config.version)) }
            if case .unknownAction(let action, let version) = error.kind, error.messageType == .call {
                // A well-formed CALL of an action the version does not have: not a malformed frame.
                fail(&out, "the DUT sent unknown action \(action) (answered \(error.errorCode(for: config.version).rawValue)): it is not an action of OCPP \(version.rawValue)",
                     requirements: ["OCPP-J 4.2"], actual: text, frame: text)
                return
            }
            fail(&out, "the DUT sent a malformed frame: \(error)", requirements: ["OCPP-J 4.2"], actual: text, frame: text)
            return
        }
        switch frame {
        case .call(let call):
            callReceived(call, text: text, &out)
        case .send(let call):
            sendReceived(call, text: text, &out)
        case .callResult(let result):
            resultReceived(result, text: text, &out)
        case .callError(let error), .callResultError(let error):
            errorReceived(error, isResultError: frame.messageType == .callResultError, text: text, &out)
        }
    }

    mutating func sendReceived(_ call: Frame.Call, text: String, _ out: inout [Output]) {
        // 2.1 SEND: never answered, may come at any time; validate and record.
        guard validateRequest(call, text: text, &out) else { return }
        received.append(ReceivedCall(action: call.action, payload: call.payload, offset: now, step: currentNumber))
    }

    /// How long the DUT waits for an answer before it gives a CALL up and may send the next one:
    /// its own OCPPCommCtrlr.MessageTimeout when the case read it (capture `dutMessageTimeout`,
    /// TC_E_41/42_CS) or the profile states it (`config.stationMessageTimeout`), else the
    /// harness's message timeout. A station with a shorter timeout than the profile's legitimately
    /// sends its next CALL after its own.
    var dutOwnMessageTimeout: Duration {
        let context = contextWith(JSONObject())
        for value in [context["captured"]?["dutMessageTimeout"], context["config"]?["stationMessageTimeout"]] {
            guard let value else { continue }
            if let seconds = value.intValue ?? value.stringValue.flatMap({ Int($0) }), seconds > 0 { return .seconds(seconds) }
        }
        return config.messageTimeout
    }

    mutating func callReceived(_ call: Frame.Call, text: String, _ out: inout [Output]) {
        // OCPP-J: one outstanding CALL per direction.
        // (A quarter second of slack for the transit of the two frames.)
        if let pending = dutUnanswered, now - dutUnansweredSince >= dutOwnMessageTimeout - .milliseconds(250) {
            note(.note, "the withheld answer to CALL \(pending) is past the message timeout; the DUT may send again")
            dutUnanswered = nil
        }
        if let pending = dutUnanswered {
            let reason = "the DUT sent a CALL (\(call.action), id \(call.messageId)) while its CALL \(pending) was still unanswered"
            // OCPP-J 1.6 §4.1.1: "A Charge Point or Central System SHOULD NOT send a CALL message
            // to the other party unless all the CALL messages it sent before have been responded
            // to or have timed out." A recommendation: noted, and the CALL is handled as usual.
            // 2.0.1 Part 4 §4.1.1 makes it "SHALL NOT": a failure.
            guard config.version == .v16 else {
                fail(&out, reason, requirements: ["OCPP-J 4.1.1"], frame: text)
                return
            }
            recommend(reason + " (OCPP-J 1.6 §4.1.1: SHOULD NOT)", requirements: ["OCPP-J 1.6 4.1.1"], frame: text)
        }
        if dutMessageIds.contains(call.messageId) {
            fail(&out, "the DUT reused message id \"\(call.messageId)\" on the same connection", requirements: ["OCPP-J 4.2.1"], frame: text)
            return
        }
        dutMessageIds.insert(call.messageId)
        guard let entry = config.catalog[call.action] else { return }
        if !entry.isSent(by: config.dutRole) {
            send(&out, .callError(Frame.CallError(messageId: call.messageId, errorCode: RPCErrorCode.notSupported.spelling(for: config.version), errorDescription: "\(call.action) is not sent by a \(config.dutRole.rawValue)")))
            fail(&out, "the DUT sent \(call.action), which only a \(config.dutRole.peer.rawValue) may send", frame: text)
            return
        }
        guard validateRequest(call, text: text, &out) else { return }
        received.append(ReceivedCall(action: call.action, payload: call.payload, offset: now, step: currentNumber))

        for rule in config.forbid where forbidActive(rule) && rule.actions.matches(call.action) {
            fail(&out, "the DUT sent \(call.action), which is forbidden \(forbidWindow(rule))", requirements: rule.requirements,
                 expected: "no \(rule.actions.description)", actual: call.payload.jsonText, frame: text)
            return
        }

        switch phase {
        case .receiving(_, let after):
            let entry = program.entries[index]
            if case .receive(let r) = entry.step.kind {
                if tryReceive(call, text: text, step: entry.step, receive: r, bindings: entry.bindings, after: after, &out) { return }
            } else if case .anyOf(let alternatives) = entry.step.kind {
                for alt in alternatives {
                    if case .receive(let r) = alt.kind, r.action == call.action,
                        tryReceive(call, text: text, step: alt, receive: r, bindings: entry.bindings, after: after, &out, alternative: true)
                    {
                        return
                    }
                }
                if verdict != nil { return }
            }
            if verdict != nil { return }
            // An optional step may be skipped when the next step is what arrived.
            if entry.step.optional, index + 1 < program.entries.count, nextStepWants(call.action) {
                note(.note, "optional step \(entry.number) did not happen")
                advance(&out)
                if verdict == nil, case .receiving = phase { callReceivedAgain(call, text: text, &out) }
                return
            }
            background(call, text: text, &out)
        case .group(var members, let deadline):
            for i in members.indices where !members[i].done {
                let candidates: [Step]
                switch members[i].step.kind {
                case .anyOf(let alts): candidates = alts
                default: candidates = [members[i].step]
                }
                for candidate in candidates {
                    guard case .receive(let r) = candidate.kind, r.action == call.action else { continue }
                    let template = interpolated(r.match, bindings: members[i].bindings, &out)
                    if verdict != nil { return }
                    let mismatches = template.map { PayloadMatcher(strict: r.strict).mismatches($0, call.payload) } ?? []
                    if mismatches.isEmpty {
                        members[i].done = true
                        phase = .group(members: members, deadline: deadline)
                        complete(call, text: text, step: candidate, receive: r, bindings: members[i].bindings, &out)
                        if verdict != nil { return }
                        // Optional members do not hold the group: it completes when the others did.
                        if members.allSatisfy({ $0.done || $0.step.optional }) { advance(&out) }
                        return
                    }
                    // Keep the closest member for the failure message.
                    if let miss = nearMiss, miss.frame == text, miss.mismatches.count <= mismatches.count { continue }
                    nearMiss = (text, mismatches, template, call.payload)
                }
            }
            background(call, text: text, &out)
        case .quiet(_, let filter):
            if let filter, filter.matches(call.action) {
                let entry = program.entries[index]
                fail(&out, "the DUT sent \(call.action) while it must not send \(filter.description)", requirements: entry.step.requirements,
                     expected: "no \(filter.description) for \(describe(entry))", actual: call.payload.jsonText, frame: text)
                return
            }
            background(call, text: text, &out)
        case .acting where !stepLeftAfterCurrent:
            // The last step is an action and the DUT reacted before the driver reported it done
            // (TC_C_33_CS under TxStartPoint EnergyTransfer: presenting the card starts the
            // transaction). No step is left to judge the message; after the case it would not
            // have been judged either, so it must not fail the case on a race.
            answerWithDefaultReply(call, &out)
            note(.note, "\(call.action) came while the last step's action was still being performed; no step is left to judge it")
        default:
            background(call, text: text, &out)
        }
    }

    /// Answers a CALL with the background policy's default reply, when it has one.
    mutating func answerWithDefaultReply(_ call: Frame.Call, _ out: inout [Output]) {
        guard let template = config.background.defaultReply(to: call.action, request: call.payload),
            let reply = interpolated(template, bindings: JSONObject(), &out) else { return }
        sendResult(&out, to: call, payload: reply, template: template)
    }

    /// Whether a step after the current one will run (one whose `when` does not rule it out).
    var stepLeftAfterCurrent: Bool {
        guard index + 1 < program.entries.count else { return false }
        return program.entries[(index + 1)...].contains { entry in
            guard let condition = entry.step.when else { return true }
            return conditionHolds(condition, bindings: entry.bindings) != false
        }
    }

    /// Re-dispatches a CALL after an optional step was skipped (without re-validating it).
    mutating func callReceivedAgain(_ call: Frame.Call, text: String, _ out: inout [Output]) {
        guard case .receiving(_, let after) = phase else { return }
        let entry = program.entries[index]
        if case .receive(let r) = entry.step.kind,
            tryReceive(call, text: text, step: entry.step, receive: r, bindings: entry.bindings, after: after, &out)
        {
            return
        }
        if verdict == nil { background(call, text: text, &out) }
    }

    /// Whether the next step that will run (steps whose `when` does not hold are passed over)
    /// waits for something the DUT does.
    var nextStepAwaitsDUT: Bool {
        var i = index + 1
        while i < program.entries.count {
            let entry = program.entries[i]
            if let condition = entry.step.when, conditionHolds(condition, bindings: entry.bindings) == false {
                i += 1
                continue
            }
            switch entry.step.kind {
            case .receive, .anyOf, .unordered, .expectClose: return true
            case .connection(let c): return c.operation == .reconnect
            default: return false
            }
        }
        return false
    }

    /// A side-effect-free reading of a `when` condition; nil when it cannot be evaluated yet.
    func conditionHolds(_ condition: String, bindings: JSONObject) -> Bool? {
        let interpolator = Interpolator(context: contextWith(bindings), now: date)
        let outcome = Self.evaluateWhen(condition) { side in
            (try? interpolator.interpolate(string: side)).map(Self.whenText)
        }
        guard case .holds(let holds) = outcome else { return nil }
        return holds
    }

    func nextStepWants(_ action: String) -> Bool {
        guard index + 1 < program.entries.count else { return false }
        switch program.entries[index + 1].step.kind {
        case .receive(let r): return r.action == action
        case .anyOf(let alts): return alts.contains { if case .receive(let r) = $0.kind { return r.action == action } else { return false } }
        default: return false
        }
    }

    /// Tries a receive step on a CALL. Returns true when the CALL was consumed (matched, or the
    /// case finished because of it).
    mutating func tryReceive(
        _ call: Frame.Call, text: String, step: Step, receive r: Receive, bindings: JSONObject, after: Duration?,
        _ out: inout [Output], alternative: Bool = false
    ) -> Bool {
        guard r.action == call.action else { return false }
        let template = interpolated(r.match, bindings: bindings, &out)
        if verdict != nil { return true }
        let mismatches = template.map { PayloadMatcher(strict: r.strict).mismatches($0, call.payload) } ?? []
        if !mismatches.isEmpty {
            nearMiss = (text, mismatches, template, call.payload)
            // A tolerated background message (a StatusNotification of another connector…) may come
            // before the one the step waits for; anything else that does not match fails now.
            if config.background.tolerates(call.action, payload: call.payload) || alternative { return false }
            reply(to: call, with: r.reply, bindings: bindings, &out)
            fail(&out, "\(call.action) does not match step \(program.entries[index].number): " + mismatches.map(\.description).joined(separator: "; "),
                 requirements: step.requirements, expected: template?.jsonText, actual: call.payload.jsonText, frame: text, differences: mismatches)
            return true
        }
        if let after, now - stepStart < after {
            reply(to: call, with: r.reply, bindings: bindings, &out)
            fail(&out, "\(call.action) arrived \(Self.format(now - stepStart)) after the step began, earlier than the allowed \(Self.format(after))",
                 requirements: step.requirements, expected: "not before \(Self.format(after))", actual: Self.format(now - stepStart), frame: text)
            return true
        }
        complete(call, text: text, step: step, receive: r, bindings: bindings, &out)
        if verdict != nil { return true }
        if let until = r.until {
            let untilTemplate = interpolated(until, bindings: bindings, &out) ?? .object(JSONObject())
            if !PayloadMatcher().mismatches(untilTemplate, call.payload).isEmpty {
                // Stay on this step: more of the same message are due; the deadline restarts.
                stepStart = now
                phase = .receiving(deadline: now + deadlineFor(r.within, bindings: bindings, &out), after: nil)
                return true
            }
        }
        advance(&out)
        return true
    }

    /// The matched message: captures, checks, reply.
    mutating func complete(_ call: Frame.Call, text: String, step: Step, receive r: Receive, bindings: JSONObject, _ out: inout [Output]) {
        nearMiss = nil
        for id in pendingActions.keys.sorted() { out.append(.cancelAction(id: id)) }
        pendingActions = [:]
        capture(r.capture, from: call.payload, &out)
        if verdict != nil { return }
        runChecks(r.checks, message: call.payload, bindings: bindings, frame: text, &out)
        if verdict != nil { return }
        if let delay = r.replyAfter {
            holdingUntil = now + duration(delay, bindings: bindings, &out)
            reply(to: call, with: r.reply, bindings: bindings, &out)
            holdingUntil = nil
            if heldReplies.contains(where: { $0.frame.messageId == call.messageId }) {
                dutUnanswered = call.messageId
                dutUnansweredSince = now
                note(.note, "holding the answer to \(call.action) for \(delay.text) as the step asks")
            }
        } else {
            reply(to: call, with: r.reply, bindings: bindings, &out)
        }
        note(.note, "step \(program.entries[index].number): received \(call.action) as expected")
    }

    mutating func background(_ call: Frame.Call, text: String, _ out: inout [Output]) {
        if config.background.tolerates(call.action, payload: call.payload), let payload = config.background.defaultReply(to: call.action, request: call.payload) {
            guard let resolved = interpolated(payload, bindings: JSONObject(), &out) else { return }
            sendResult(&out, to: call, payload: resolved, template: payload)
            note(.note, "background: answered \(call.action) with the default reply")
            return
        }
        var waiting = "nothing"
        if program.entries.indices.contains(index) { waiting = describe(program.entries[index]) }
        var message = "unexpected \(call.action) from the DUT while waiting for \(waiting)"
        var differences: [Mismatch]?
        if case .receiving = phase, case .receive(let r) = program.entries[index].step.kind, r.action == call.action {
            message = "\(call.action) does not match the step"
        }
        // In a group, say how the message missed what the group awaits of that action.
        if case .group = phase, let nearMiss, nearMiss.frame == text, !nearMiss.mismatches.isEmpty {
            message = "\(call.action) matches nothing the step awaits: " + nearMiss.mismatches.map(\.description).joined(separator: "; ")
            differences = nearMiss.mismatches
        }
        answerWithDefaultReply(call, &out)
        fail(&out, message, requirements: program.entries.indices.contains(index) ? program.entries[index].step.requirements : [],
             expected: waiting, actual: call.payload.jsonText, frame: text, differences: differences)
    }

    mutating func validateRequest(_ call: Frame.Call, text: String, _ out: inout [Output]) -> Bool {
        guard let schema = config.catalog.schema(for: call.action, response: false) else { return true }
        let violations = SchemaValidator().validate(call.payload, against: schema)
        guard violations.isEmpty else {
            let code = violations[0].errorCode.spelling(for: config.version)
            if call.messageId.count <= 36 {
                send(&out, .callError(Frame.CallError(messageId: call.messageId, errorCode: code, errorDescription: String(violations[0].description.prefix(255)))))
            }
            fail(&out, "\(call.action) from the DUT breaks its schema: " + violations.map(\.description).joined(separator: "; "),
                 requirements: ["schema \(call.action)Request"], actual: call.payload.jsonText, frame: text)
            return false
        }
        return true
    }

    // MARK: Answers from the DUT

    mutating func resultReceived(_ result: Frame.CallResult, text: String, _ out: inout [Output]) {
        guard let o = outstanding.removeValue(forKey: result.messageId) else {
            fail(&out, "the DUT answered message id \"\(result.messageId)\", which the harness never sent or was already answered",
                 requirements: ["OCPP-J 4.2.2"], frame: text)
            return
        }
        if let schema = config.catalog.schema(for: o.action, response: true) {
            let violations = SchemaValidator().validate(result.payload, against: schema)
            if !violations.isEmpty {
                fail(&out, "\(o.action) response from the DUT breaks its schema: " + violations.map(\.description).joined(separator: "; "),
                     requirements: ["schema \(o.action)Response"], actual: result.payload.jsonText, frame: text)
                return
            }
        }
        if staleCurrentTime(o.action, result.payload, sentAt: o.sentAt ?? date, text: text, &out) { return }
        guard let entryIndex = o.entry, entryIndex == index else {
            note(.note, "late answer to \(o.action) ignored")
            return
        }
        let entry = program.entries[entryIndex]
        switch (phase, entry.step.kind) {
        case (.awaitingReply, .send(let s)):
            // With expectReply as well, a CALLRESULT is the other accepted answer (OCTT "… OR a CallError").
            if let codes = s.expectCallError, s.expectReply == nil {
                fail(&out, "the DUT answered \(s.action) with a CALLRESULT, not a CALLERROR", requirements: entry.step.requirements,
                     expected: "CALLERROR " + codes.joined(separator: " or "), actual: result.payload.jsonText, frame: text)
                return
            }
            if let template = interpolated(s.expectReply, bindings: entry.bindings, &out) {
                let mismatches = PayloadMatcher(strict: s.strictReply).mismatches(template, result.payload)
                if !mismatches.isEmpty {
                    fail(&out, "\(s.action) response does not match: " + mismatches.map(\.description).joined(separator: "; "),
                         requirements: entry.step.requirements, expected: template.jsonText, actual: result.payload.jsonText, frame: text, differences: mismatches)
                    return
                }
            }
            if verdict != nil { return }
            capture(s.capture, from: result.payload, &out)
            if verdict != nil { return }
            runChecks(s.checks, message: result.payload, bindings: entry.bindings, frame: text, &out)
            if verdict != nil { return }
            note(.note, "step \(entry.number): \(s.action) answered as expected")
            advance(&out)
        case (.awaitingRawAnswer, .raw(let r)):
            if r.expectCallError != nil {
                fail(&out, "the DUT answered the raw frame with a CALLRESULT, not a CALLERROR", requirements: entry.step.requirements,
                     expected: "CALLERROR " + (r.expectCallError ?? []).joined(separator: " or "), actual: text, frame: text)
                return
            }
            advance(&out)
        default:
            note(.note, "answer to \(o.action) received")
        }
    }

    mutating func errorReceived(_ error: Frame.CallError, isResultError: Bool, text: String, _ out: inout [Output]) {
        if error.code(for: config.version) == nil {
            fail(&out, "the DUT used error code \"\(error.errorCode)\", which OCPP \(config.version.rawValue) does not define",
                 requirements: ["OCPP-J 4.3"], expected: RPCErrorCode.wireSpellings(for: config.version).joined(separator: ", "), actual: error.errorCode, frame: text)
            return
        }
        if isResultError {
            note(.note, "the DUT rejected one of the harness's answers: \(error.errorCode) \(error.errorDescription)")
            fail(&out, "the DUT answered a CALLRESULT of the harness with CALLRESULTERROR \(error.errorCode): \(error.errorDescription)", frame: text)
            return
        }
        // A CALLERROR about a frame whose id the DUT could not read comes with id "-1".
        let key = outstanding[error.messageId] != nil ? error.messageId : (error.messageId == "-1" ? outstanding.keys.first(where: { outstanding[$0]?.raw == true }) : nil)
        guard let id = key, let o = outstanding.removeValue(forKey: id) else {
            fail(&out, "the DUT sent a CALLERROR for message id \"\(error.messageId)\", which the harness never sent or was already answered",
                 requirements: ["OCPP-J 4.2.3"], frame: text)
            return
        }
        guard let entryIndex = o.entry, entryIndex == index else {
            note(.note, "late CALLERROR for \(o.action) ignored")
            return
        }
        let entry = program.entries[entryIndex]
        let expected: [String]?
        var expectedId: String?
        switch entry.step.kind {
        case .send(let s): expected = s.expectCallError
        case .raw(let r):
            expected = r.expectCallError
            // The id may be a template (`ocppspec-j01-{{case.uid}}`), as the raw frame's is.
            if let id = r.expectMessageId { expectedId = interpolated(.string(id), bindings: entry.bindings, &out)?.stringValue ?? id }
        default: expected = nil
        }
        guard let codes = expected else {
            fail(&out, "the DUT answered \(o.action) with CALLERROR \(error.errorCode) \"\(error.errorDescription)\"", requirements: entry.step.requirements,
                 expected: "a CALLRESULT", actual: text, frame: text)
            return
        }
        let got = error.code(for: config.version)
        let wanted = codes.compactMap { RPCErrorCode(wire: $0, version: config.version) ?? RPCErrorCode(rawValue: $0) }
        guard let got, wanted.contains(got) else {
            fail(&out, "the DUT answered with CALLERROR \(error.errorCode), expected \(codes.joined(separator: " or "))",
                 requirements: entry.step.requirements, expected: codes.joined(separator: " or "), actual: error.errorCode, frame: text)
            return
        }
        if let expectedId, error.messageId != expectedId {
            fail(&out, "the CALLERROR carries message id \"\(error.messageId)\", expected \"\(expectedId)\"",
                 requirements: entry.step.requirements, expected: expectedId, actual: error.messageId, frame: text)
            return
        }
        note(.note, "step \(entry.number): CALLERROR \(error.errorCode) as expected")
        advance(&out)
    }

    // MARK: Time

    mutating func timer(_ out: inout [Output]) {
        guard let deadline = phaseDeadline, now >= deadline else { return }
        let entry = program.entries.indices.contains(index) ? program.entries[index] : nil
        switch phase {
        case .receiving:
            guard let entry else { return }
            if entry.step.optional {
                note(.note, "optional step \(entry.number) (\(entry.step.summary)) did not happen")
                advance(&out)
                return
            }
            if let (id, name) = pendingActions.min(by: { $0.key < $1.key }) {
                _ = id
                finish(&out, Verdict(kind: .inconclusive, reason: "nothing happened after the action \(name): the operator or driver may not have performed it",
                                     step: entry.reference, requirements: entry.step.requirements))
                return
            }
            var reason = "no \(describe(entry)) within \(Self.format(deadline - stepStart))"
            var expected = expectedText(entry)
            var actual = "nothing"
            if let near = nearMiss {
                reason += "; the closest message did not match: " + near.mismatches.map(\.description).joined(separator: "; ")
                // Expected and actual side by side as payloads, like a message that fails at once.
                if let template = near.template { expected = template.jsonText }
                actual = near.payload.jsonText
            } else if !connected, let close = lastClose {
                reason += " (the connection closed: \(close), and was not re-established)"
            }
            fail(&out, reason, requirements: entry.step.requirements, expected: expected, actual: actual, frame: nearMiss?.frame, differences: nearMiss?.mismatches)
        case .awaitingReply(let id, _):
            let action = outstanding[id]?.action ?? "the request"
            fail(&out, "the DUT did not answer \(action) within \(Self.format(deadline - stepStart))", requirements: entry?.step.requirements ?? [],
                 expected: "a CALLRESULT for message \(id)", actual: "nothing")
        case .awaitingRawAnswer:
            guard let entry else { return }
            if case .raw(let r) = entry.step.kind, r.expectCallError == nil {
                advance(&out)
                return
            }
            fail(&out, "the DUT did not answer the raw frame within \(Self.format(deadline - stepStart))", requirements: entry.step.requirements,
                 expected: "a CALLERROR", actual: "nothing")
        case .group(let members, _):
            guard let entry else { return }
            let missing = members.filter { !$0.done && !$0.step.optional }
            if missing.isEmpty {
                advance(&out)
                return
            }
            var reason = "\(missing.count) of \(members.count) expected messages did not arrive within \(Self.format(deadline - stepStart))"
            if let near = nearMiss { reason += "; the closest message did not match: " + near.mismatches.map(\.description).joined(separator: "; ") }
            let missingText = missing.map { m in describe(m.step, bindings: m.bindings) + (m.bindings["item"].map { " for \($0.jsonText)" } ?? "") }.joined(separator: "; ")
            fail(&out, reason, requirements: entry.step.requirements, expected: missingText, actual: nearMiss?.payload.jsonText ?? "nothing", frame: nearMiss?.frame,
                 differences: nearMiss?.mismatches)
        case .quiet:
            advance(&out)
        case .awaitingClose:
            fail(&out, "the DUT did not close the connection within \(Self.format(deadline - stepStart))", requirements: entry?.step.requirements ?? [],
                 expected: "the connection to close", actual: "still open")
        case .awaitingRefusal:
            fail(&out, "the DUT did not try to connect within \(Self.format(deadline - stepStart))", requirements: entry?.step.requirements ?? [],
                 expected: "a connection attempt", actual: "none")
        case .awaitingConnection:
            fail(&out, "the DUT did not connect within \(Self.format(deadline - stepStart))", requirements: entry?.step.requirements ?? [],
                 expected: "a WebSocket connection", actual: "none")
        case .idle, .done, .acting:
            break
        }
    }

    /// Whether a connection attempt awaited by a `connection` step came no earlier than its
    /// `after`; fails the case otherwise.
    mutating func attemptCameInTime(_ what: String, _ out: inout [Output]) -> Bool {
        guard let after = attemptAfter else { return true }
        attemptAfter = nil
        guard now - stepStart < after else { return true }
        let entry = program.entries.indices.contains(index) ? program.entries[index] : nil
        fail(&out, "the DUT \(what) \(Self.format(now - stepStart)) after the step began, earlier than the allowed \(Self.format(after))",
             requirements: entry?.step.requirements ?? [], expected: "not before \(Self.format(after))", actual: Self.format(now - stepStart))
        return false
    }

    /// Whether a connection attempt awaited by a `connection` step with `path` came on that path;
    /// fails the case otherwise.
    mutating func attemptOnPath(_ path: String?, _ out: inout [Output]) -> Bool {
        guard let expected = attemptPath else { return true }
        attemptPath = nil
        let actual = path ?? ""
        let mismatches = PayloadMatcher().mismatches(expected, .string(actual))
        guard !mismatches.isEmpty else { return true }
        let entry = program.entries.indices.contains(index) ? program.entries[index] : nil
        fail(&out, "the DUT's connection attempt came on \(actual.isEmpty ? "an unknown path" : actual): " + mismatches.map(\.description).joined(separator: "; "),
             requirements: entry?.step.requirements ?? [], expected: expected.stringValue ?? expected.jsonText, actual: actual)
        return false
    }

    mutating func actionFinished(_ id: Int, _ outcome: ActionOutcome, _ out: inout [Output]) {
        let traced = actionTraceNames.removeValue(forKey: id)
        let name = pendingActions.removeValue(forKey: id) ?? traced?.name ?? "action"
        let step = actionSteps.removeValue(forKey: id) ?? currentStep
        // The trace names the action with its arguments, at the step that ran it (the driver may
        // report after later steps began).
        let traceName = traced?.name ?? name
        let traceStep = traced?.step ?? currentNumber
        let blocking: Bool
        if case .acting(let acting) = phase, acting == id { blocking = true } else { blocking = false }
        switch outcome {
        case .done:
            note(.action, "\(traceName): done", step: traceStep)
            if blocking { advance(&out) }
        case .confirmed:
            note(.action, "\(traceName): the operator confirmed", step: traceStep)
            if blocking { advance(&out) }
        case .timedOut(let after):
            note(.action, "\(traceName): the operator did not act within \(Self.format(after))", step: traceStep)
            finish(&out, Verdict(kind: .inconclusive, reason: "the operator did not perform \(name) within \(Self.format(after))", step: step))
        case .unsupported(let how):
            note(.action, "\(traceName): not supported (\(how))", step: traceStep)
            let what = config.dutRole == .csms
                ? (ActionVocabulary.csmsSetup[name] != nil ? "the CSMS cannot be set up with \(name)" : "the CSMS cannot send \(name)")
                : "this rig cannot perform \(name)"
            finish(&out, Verdict(kind: .notApplicable, reason: "\(what) (\(how))", step: step))
        case .failed(let message):
            note(.action, "\(traceName) failed: \(message)", step: traceStep)
            finish(&out, Verdict(kind: .error, reason: "the action driver could not perform \(name): \(message)", step: step))
        }
    }

    // MARK: Steps

    var currentNumber: Int? { program.entries.indices.contains(index) ? program.entries[index].number : nil }
    var currentRequirements: [String] { program.entries.indices.contains(index) ? program.entries[index].step.requirements : [] }

    /// Moves to the next step and starts it; non-blocking steps run through at once.
    mutating func advance(_ out: inout [Output]) {
        while verdict == nil {
            index += 1
            stepStart = now
            nearMiss = nil
            guard index < program.entries.count else {
                phase = .done
                runPostChecks(&out)
                if verdict == nil { finish(&out, .passed) }
                return
            }
            let entry = program.entries[index]
            let b = entry.bindings
            if let condition = entry.step.when {
                guard let holds = evaluate(condition, bindings: b, &out) else { return }
                if !holds {
                    note(.note, "step \(entry.number) skipped: \(condition) does not hold")
                    continue
                }
            }
            switch entry.step.kind {
            case .receive(let r):
                phase = .receiving(deadline: now + deadlineFor(r.within, bindings: b, &out), after: r.after.map { duration($0, bindings: b, &out) })
                return
            case .anyOf(let alts):
                var within = entry.step.within
                for a in alts where within == nil { if case .receive(let r) = a.kind, let w = r.within { within = w } }
                phase = .receiving(deadline: now + deadlineFor(within, bindings: b, &out), after: nil)
                return
            case .unordered(let steps):
                var members: [Member]
                if let groupMembers = entry.members {
                    members = groupMembers.map { Member(step: $0.step, bindings: $0.bindings, done: false) }
                } else {
                    members = steps.map { Member(step: $0, bindings: b, done: false) }
                }
                // Members with a `when` that does not hold are left out of the group.
                var kept: [Member] = []
                for m in members {
                    if let condition = m.step.when {
                        guard let holds = evaluate(condition, bindings: m.bindings, &out) else { return }
                        if !holds { continue }
                    }
                    kept.append(m)
                }
                members = kept
                var within = entry.step.within
                for m in members where within == nil {
                    if case .receive(let r) = m.step.kind, let w = r.within { within = w }
                    if case .anyOf(let alts) = m.step.kind { for a in alts { if case .receive(let r) = a.kind, let w = r.within { within = w } } }
                }
                if members.isEmpty { continue }
                phase = .group(members: members, deadline: now + deadlineFor(within, bindings: b, &out))
                return
            case .send(let s):
                guard var payload = interpolated(s.payload, bindings: b, &out) else { return }
                if let schema = config.catalog.schema(for: s.action, response: false) {
                    let violations: [SchemaViolation]
                    (payload, violations) = PlaceholderTyping.conform(payload, template: s.payload, schema: schema)
                    if !violations.isEmpty {
                        finish(&out, Verdict(kind: .error, reason: "the case's \(s.action) payload breaks the schema: " + violations.map(\.description).joined(separator: "; "), step: entry.reference))
                        return
                    }
                }
                guard let catalogEntry = config.catalog[s.action], catalogEntry.isSent(by: config.dutRole.peer) else {
                    finish(&out, Verdict(kind: .error, reason: "\(s.action) is not a message the harness (\(config.dutRole.peer.rawValue)) may send in OCPP \(config.version.rawValue)", step: entry.reference))
                    return
                }
                let id = newMessageId()
                outstanding[id] = Outstanding(action: s.action, entry: index, raw: false, sentAt: date)
                send(&out, .call(Frame.Call(messageId: id, action: s.action, payload: payload)))
                phase = .awaitingReply(messageId: id, deadline: now + deadlineFor(s.within, bindings: b, &out))
                return
            case .raw(let r):
                if let bytes = r.bytes {
                    note(.toDUT, "<\(bytes.count) raw bytes>")
                    out.append(.sendFrame(opcode: 0x1, payload: bytes))
                } else if let text = r.text {
                    guard case .string(let resolved)? = interpolated(.string(text), bindings: b, &out) else { return }
                    note(.toDUT, resolved)
                    out.append(.sendText(resolved))
                    // Track the id (if readable) so the DUT's answer correlates.
                    let id = (try? JSONParser().parse(resolved))?.arrayValue.flatMap { $0.count > 1 ? $0[1].stringValue : nil }
                    outstanding[id ?? "raw-\(index)"] = Outstanding(action: "raw frame", entry: index, raw: true)
                }
                phase = .awaitingRawAnswer(messageId: nil, deadline: now + deadlineFor(r.within, bindings: b, &out))
                return
            case .action(let a):
                guard let args = interpolated(a.arguments, bindings: b, &out) else { return }
                let id = nextActionId
                nextActionId += 1
                pendingActions[id] = a.name
                actionSteps[id] = entry.reference
                actionTraceNames[id] = (Self.traceName(of: a.name, arguments: args), entry.number)
                let prompt = a.prompt.flatMap { p -> String? in
                    if case .string(let s)? = interpolated(.string(p), bindings: b, &out) { return s }
                    return nil
                } ?? ActionVocabulary.prompt(for: a.name, arguments: args, dutRole: config.dutRole)
                note(.action, "\(a.name) \(args.jsonText): \(prompt)")
                out.append(.perform(id: id, name: a.name, arguments: args, prompt: prompt))
                // When the next step waits for the DUT's reaction, the action runs alongside it (an
                // operator may still be acting when the message comes). When the harness acts next
                // (sends, waits), the action must be complete first, or the order would be a race.
                if nextStepAwaitsDUT { continue }
                phase = .acting(id: id)
                return
            case .expectNo(let e):
                phase = .quiet(until: now + duration(e.duration, bindings: b, &out), filter: e.filter)
                return
            case .wait(let t):
                phase = .quiet(until: now + duration(t, bindings: b, &out), filter: nil)
                return
            case .expectClose(let e):
                if !connected && lastClose != nil {
                    continue
                }
                phase = .awaitingClose(deadline: now + duration(e.within, bindings: b, &out))
                return
            case .connection(let c):
                switch c.operation {
                case .close:
                    out.append(.close(code: c.code ?? 1000, reason: "closed by the test case"))
                    note(.connection, "harness closes the connection (code \(c.code ?? 1000))")
                    connected = false
                    continue
                case .drop:
                    out.append(.drop)
                    note(.connection, "harness drops the connection")
                    connected = false
                    continue
                case .reconnect:
                    if config.dutRole == .csms { out.append(.reconnect) }
                    connected = false
                    attemptAfter = config.dutRole == .csms ? nil : c.after.map { duration($0, bindings: b, &out) }
                    attemptPath = config.dutRole == .csms ? nil : c.path.flatMap { interpolated(.string($0), bindings: b, &out) }
                    phase = .awaitingConnection(deadline: now + deadlineFor(c.within, bindings: b, &out))
                    return
                case .refuse:
                    guard config.dutRole == .chargingStation else {
                        finish(&out, Verdict(kind: .error, reason: "connection: refuse needs the harness as CSMS (a Charging Station under test)", step: entry.reference))
                        return
                    }
                    out.append(.refuseNextConnection)
                    note(.connection, "harness will refuse the next connection attempt")
                    attemptAfter = c.after.map { duration($0, bindings: b, &out) }
                    attemptPath = c.path.flatMap { interpolated(.string($0), bindings: b, &out) }
                    phase = .awaitingRefusal(deadline: now + deadlineFor(c.within, bindings: b, &out))
                    return
                }
            case .check(let call):
                runChecks([call], message: nil, bindings: b, frame: nil, &out)
                continue
            case .state:
                continue
            }
        }
    }

    // MARK: Helpers

    mutating func reply(to call: Frame.Call, with reply: Reply, bindings: JSONObject, _ out: inout [Output]) {
        switch reply {
        case .none:
            dutUnanswered = call.messageId
            dutUnansweredSince = now
            note(.note, "withholding the answer to \(call.action) as the step asks")
        case .callError(let code, let description):
            let wire = (RPCErrorCode(wire: code, version: config.version) ?? RPCErrorCode(rawValue: code)).map { $0.spelling(for: config.version) } ?? code
            send(&out, .callError(Frame.CallError(messageId: call.messageId, errorCode: wire, errorDescription: description)))
        case .automatic:
            guard let template = config.background.defaultReply(to: call.action, request: call.payload) else {
                finish(&out, Verdict(kind: .error, reason: "the harness has no default reply for \(call.action); the step must give one with reply:", step: currentStep))
                return
            }
            guard let payload = interpolated(template, bindings: bindings, &out) else { return }
            sendResult(&out, to: call, payload: payload, template: template)
        case .payload(let template):
            guard let payload = interpolated(template, bindings: bindings, &out) else { return }
            sendResult(&out, to: call, payload: payload, template: template)
        }
    }

    mutating func sendResult(_ out: inout [Output], to call: Frame.Call, payload: JSONValue, template: JSONValue? = nil) {
        var payload = payload
        if let addition = config.background.replyAdditions[call.action], addition.applies(to: call.payload) {
            guard let resolved = interpolated(.object(addition.add), bindings: JSONObject(), &out) else { return }
            payload = ReplyAddition.adding(resolved.objectValue ?? addition.add, to: payload)
        }
        if let schema = config.catalog.schema(for: call.action, response: true) {
            let violations: [SchemaViolation]
            (payload, violations) = PlaceholderTyping.conform(payload, template: template, schema: schema)
            if !violations.isEmpty {
                finish(&out, Verdict(kind: .error, reason: "the harness's reply to \(call.action) breaks the schema (a case or profile error): " + violations.map(\.description).joined(separator: "; "), step: currentStep))
                return
            }
        }
        send(&out, .callResult(Frame.CallResult(messageId: call.messageId, payload: payload)))
    }

    mutating func send(_ out: inout [Output], _ frame: Frame) {
        if let due = holdingUntil {
            heldReplies.append((due: due, frame: frame))
            return
        }
        let text = frame.text
        trace.append(TraceEntry(kind: .toDUT, offset: now, timestamp: date, text: text, summary: Self.summary(of: frame), messageId: frame.messageId, step: currentNumber))
        out.append(.sendText(text))
    }

    /// Sends the held answers that are due (all of them when the case ends).
    mutating func releaseHeldReplies(final: Bool, _ out: inout [Output]) {
        guard !heldReplies.isEmpty else { return }
        let due = heldReplies.filter { final || $0.due <= now }
        heldReplies.removeAll { final || $0.due <= now }
        for held in due {
            send(&out, held.frame)
            if dutUnanswered == held.frame.messageId { dutUnanswered = nil }
        }
    }

    /// A CSMS under test answers the harness's BootNotification and Heartbeat with its current
    /// time (B01.FR.02 / G02.FR.02; 1.6 §4.2, §4.6: "the current time of the Central System"):
    /// in every case, that time must be within the profile's time deviation of the harness's
    /// clock. A stale answer (a replay, a cached response) fails the case. Returns whether it did.
    mutating func staleCurrentTime(_ action: String, _ payload: JSONValue, sentAt: Date, text: String, _ out: inout [Output]) -> Bool {
        guard config.dutRole == .csms, action == "BootNotification" || action == "Heartbeat",
              let value = payload["currentTime"]?.stringValue, let sent = Checks16.date(value) else { return false }
        let deviation = config.context["config"]?["timeDeviation"]?.numberValue?.doubleValue ?? 4
        // The CSMS read its clock between the request going out and the answer coming in: judge
        // it against that window, so a slow link or a loaded machine is not the CSMS's fault.
        let early = sent.timeIntervalSince(sentAt), late = sent.timeIntervalSince(date)
        guard early < -deviation || late > deviation else { return false }
        let off = early < -deviation ? early : late
        let requirement = config.version == .v16 ? (action == "Heartbeat" ? "1.6 §4.6 Heartbeat" : "1.6 §4.2 BootNotification") : (action == "Heartbeat" ? "G02.FR.02" : "B01.FR.02")
        fail(&out, "the CSMS's currentTime in its \(action) answer is \(String(format: "%.1f", abs(off))) s \(off < 0 ? "behind" : "ahead of") the harness's clock, more than the allowed time deviation of \(Self.format(.milliseconds(Int64(deviation * 1000))))",
             requirements: [requirement], expected: "a currentTime between \(Interpolator.format(sentAt)) and \(Interpolator.format(date)), give or take \(deviation) s", actual: value, frame: text)
        return true
    }

    func newMessageId() -> String {
        config.messageIds.next()
    }

    mutating func capture(_ requested: [(name: String, pointer: String)], from payload: JSONValue, _ out: inout [Output]) {
        for c in requested {
            var value: JSONValue? = payload
            for token in c.pointer.split(separator: "/", omittingEmptySubsequences: true) {
                let key = String(token).replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
                if case .array(let a)? = value, let i = Int(key) { value = a.indices.contains(i) ? a[i] : nil } else { value = value?[key] }
            }
            guard let value else {
                fail(&out, "could not capture \(c.name): nothing at \(c.pointer)", requirements: currentRequirements, expected: "a value at \(c.pointer)", actual: payload.jsonText)
                return
            }
            captures[c.name] = value
            note(.note, "captured \(c.name) = \(value.jsonText)")
        }
    }

    mutating func runChecks(_ checks: [CheckCall], message: JSONValue?, bindings: JSONObject, frame: String?, _ out: inout [Output]) {
        for call in checks {
            guard let check = CheckRegistry.check(named: call.name) else {
                finish(&out, Verdict(kind: .error, reason: "unknown check \"\(call.name)\" (\(call.location))", step: currentStep))
                return
            }
            guard case .object(let args)? = interpolated(.object(call.arguments), bindings: bindings, &out) else { return }
            if let failure = check(CheckInput(message: message, arguments: args, received: received, context: contextWith(bindings))) {
                fail(&out, "check \(call.name): \(failure.reason)", requirements: call.requirements, expected: failure.expected, actual: failure.actual, frame: frame)
                return
            }
            note(.note, "check \(call.name) passed")
        }
    }

    mutating func runPostChecks(_ out: inout [Output]) {
        guard !config.post.isEmpty else { return }
        for call in config.post {
            guard let check = CheckRegistry.check(named: call.name) else {
                finish(&out, Verdict(kind: .error, reason: "unknown check \"\(call.name)\" (\(call.location))"))
                return
            }
            guard case .object(let args)? = interpolated(.object(call.arguments), bindings: JSONObject(), &out) else { return }
            if let failure = check(CheckInput(message: nil, arguments: args, received: received, context: contextWith(JSONObject()))) {
                finish(&out, Verdict(kind: .fail, reason: "post-scenario check \(call.name): \(failure.reason)", requirements: call.requirements,
                                     expected: failure.expected, actual: failure.actual))
                return
            }
            note(.note, "post-scenario check \(call.name) passed")
        }
    }

    func contextWith(_ bindings: JSONObject) -> JSONObject {
        var root = config.context
        var captured = JSONObject()
        for m in captures {
            captured[m.key] = m.value
            if root[m.key] == nil { root[m.key] = m.value }
        }
        root["captured"] = .object(captured)
        for m in bindings { root[m.key] = m.value }
        return root
    }

    /// The context a step's templates are filled in with: the profile, the captures, and the
    /// step's bindings, which may themselves hold templates (state parameters written with {{…}}).
    func interpolationContext(_ bindings: JSONObject) -> JSONObject {
        var context = contextWith(JSONObject())
        let interpolator = Interpolator(context: context, now: date)
        for m in bindings {
            context[m.key] = (try? interpolator.interpolate(m.value)) ?? m.value
        }
        return context
    }

    /// A template filled in as `interpolated` fills it, for messages: nil when it cannot be.
    func filledIn(_ template: JSONValue, bindings: JSONObject) -> JSONValue? {
        try? Interpolator(context: interpolationContext(bindings), now: date).interpolate(template)
    }

    mutating func interpolated(_ template: JSONValue?, bindings: JSONObject, _ out: inout [Output]) -> JSONValue? {
        guard let template else { return nil }
        do {
            return try Interpolator(context: interpolationContext(bindings), now: date).interpolate(template)
        } catch {
            finish(&out, Verdict(kind: .error, reason: "cannot fill in the template: \(error.message)", step: currentStep))
            return nil
        }
    }

    mutating func duration(_ expr: TimeExpression, bindings: JSONObject, _ out: inout [Output]) -> Duration {
        guard case .string(let text)? = interpolated(.string(expr.text), bindings: bindings, &out) else {
            if case .number(let n)? = interpolated(.string(expr.text), bindings: bindings, &out) { return .milliseconds(Int64(n.doubleValue * 1000)) }
            return .zero
        }
        do {
            return try TimeExpression.evaluate(text)
        } catch {
            finish(&out, Verdict(kind: .error, reason: "bad duration \"\(expr.text)\": \(error.message)", step: currentStep))
            return .zero
        }
    }

    mutating func deadlineFor(_ expr: TimeExpression?, bindings: JSONObject, _ out: inout [Output]) -> Duration {
        guard let expr else { return config.messageTimeout }
        return duration(expr, bindings: bindings, &out)
    }

    /// A window is open after the step labelled `from` completed, up to and including the step
    /// labelled `until` (while the case waits for it).
    func forbidActive(_ rule: Forbid) -> Bool {
        let from = rule.from.flatMap { program.index(ofLabel: $0) } ?? -1
        let until = rule.until.flatMap { program.index(ofLabel: $0) } ?? program.entries.count
        return index > from && index <= until
    }

    /// Evaluates a `when:` condition when the engine reaches its step; a malformed condition or a
    /// side that cannot be filled in ends the case with an error (nil).
    mutating func evaluate(_ condition: String, bindings: JSONObject, _ out: inout [Output]) -> Bool? {
        let outcome = Self.evaluateWhen(condition) { side in
            interpolated(.string(side), bindings: bindings, &out).map(Self.whenText)
        }
        switch outcome {
        case .holds(let holds):
            return holds
        case .malformed(let reason):
            finish(&out, Verdict(kind: .error, reason: reason, step: currentStep))
            return nil
        case .unresolved:
            // `interpolated` has ended the case with what it could not fill in.
            return nil
        }
    }

    enum WhenOutcome: Equatable {
        case holds(Bool)
        case malformed(String)
        /// A side could not be filled in.
        case unresolved
    }

    /// `when:` conditions: `<a> == <b>`, `<a> != <b>`, `<list> contains <b>`, `<list> !contains <b>`
    /// (a list is comma-separated text such as a TxStartPoint value), joined by `&&` (binds
    /// tighter) and `||`. `side` fills in one side (trimmed) as text. The one reading of the syntax,
    /// for the step being run and for looking ahead past skipped steps alike.
    static func evaluateWhen(_ condition: String, side: (String) -> String?) -> WhenOutcome {
        var any = false
        for alternative in condition.components(separatedBy: "||") {
            var all = true
            for clause in alternative.components(separatedBy: "&&") {
                // A false clause decides the chain: later ones are not filled in, so they may name
                // a capture that exists only when the earlier clauses hold.
                guard all else { break }
                guard let op = ["!contains", " contains ", "!=", "=="].first(where: { clause.contains($0) }) else {
                    return .malformed("when: \"\(condition)\" must be made of \"<a> == <b>\", \"<a> != <b>\", \"<a> contains <b>\" or \"<a> !contains <b>\" joined by && or ||")
                }
                let sides = clause.components(separatedBy: op)
                guard sides.count == 2 else {
                    return .malformed("when: \"\(condition)\" has a clause with more than one operator: \"\(clause)\"")
                }
                guard let left = side(sides[0].trimmingCharacters(in: .whitespaces)), let right = side(sides[1].trimmingCharacters(in: .whitespaces)) else {
                    return .unresolved
                }
                let holds: Bool
                switch op {
                case "==": holds = left == right
                case "!=": holds = left != right
                default:
                    let members = left.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                    holds = members.contains(right) == (op == " contains ")
                }
                all = all && holds
            }
            any = any || all
        }
        return .holds(any)
    }

    /// A filled-in side of a condition as the text it is compared as.
    static func whenText(_ value: JSONValue) -> String {
        if case .string(let s) = value { return s }
        return value.jsonText
    }

    func forbidWindow(_ rule: Forbid) -> String {
        switch (rule.from, rule.until) {
        case (nil, nil): return "during this case"
        case (let f?, nil): return "from step \(f) on"
        case (nil, let u?): return "until step \(u)"
        case (let f?, let u?): return "between steps \(f) and \(u)"
        }
    }

    /// A step in words, its expectation filled in with the values the step matches with (the
    /// template as written only when it cannot be filled in).
    func describe(_ step: Step, bindings: JSONObject) -> String {
        switch step.kind {
        case .receive(let r): return r.action + (r.match.map { " matching \((filledIn($0, bindings: bindings) ?? $0).jsonText)" } ?? "")
        case .anyOf(let alts): return alts.map { describe($0, bindings: bindings) }.joined(separator: " or ")
        default: return step.summary
        }
    }

    func describe(_ entry: CaseProgram.Entry) -> String { describe(entry.step, bindings: entry.bindings) }

    func expectedText(_ entry: CaseProgram.Entry) -> String { describe(entry) }

    /// An action as the trace names it: `plugIn(evse 1, connector 1)`, `reboot`.
    static func traceName(of action: String, arguments: JSONValue) -> String {
        guard case .object(let members) = arguments, !members.isEmpty else { return action }
        let list = members.map { m in "\(m.key) \(m.value.stringValue ?? m.value.jsonText)" }
        return "\(action)(\(list.joined(separator: ", ")))"
    }

    mutating func note(_ kind: TraceEntry.Kind, _ text: String, step: Int?) {
        trace.append(TraceEntry(kind: kind, offset: now, timestamp: date, text: text, summary: nil, messageId: nil, step: step))
    }

    mutating func note(_ kind: TraceEntry.Kind, _ text: String) {
        var summary: String?
        var id: String?
        if kind == .fromDUT, let frame = try? parser.parse(text) {
            summary = Self.summary(of: frame)
            id = frame.messageId
        }
        trace.append(TraceEntry(kind: kind, offset: now, timestamp: date, text: text, summary: summary, messageId: id, step: currentNumber))
    }

    static func summary(of frame: Frame) -> String {
        switch frame {
        case .call(let c): "CALL \(c.action)"
        case .send(let c): "SEND \(c.action)"
        case .callResult: "CALLRESULT"
        case .callError(let e): "CALLERROR \(e.errorCode)"
        case .callResultError(let e): "CALLRESULTERROR \(e.errorCode)"
        }
    }

    mutating func fail(
        _ out: inout [Output], _ reason: String, requirements: [String] = [], expected: String? = nil, actual: String? = nil, frame: String? = nil,
        differences: [Mismatch]? = nil
    ) {
        note(.finding, reason)
        var verdict = Verdict(kind: .fail, reason: reason, step: currentStep, requirements: requirements, expected: expected, actual: actual, offendingFrame: frame)
        if let differences, !differences.isEmpty { verdict.differences = Verdict.pointers(of: differences) }
        finish(&out, verdict)
    }

    /// Records a recommendation (SHOULD) the DUT did not meet: a finding shown in every report; the
    /// case goes on, and ends `nonStrict` if nothing else goes wrong.
    mutating func recommend(_ reason: String, requirements: [String] = [], expected: String? = nil, actual: String? = nil, frame: String? = nil) {
        note(.finding, "recommendation not met: " + reason)
        recommendations.append(Verdict(
            kind: .nonStrict, reason: reason, step: currentStep, requirements: requirements, expected: expected, actual: actual, offendingFrame: frame))
    }

    mutating func finish(_ out: inout [Output], _ given: Verdict) {
        guard self.verdict == nil else { return }
        var verdict = given
        if !recommendations.isEmpty {
            if verdict.kind == .pass {
                let first = recommendations[0]
                let more = recommendations.count > 1 ? " (and \(recommendations.count - 1) more recommendation(s) not met)" : ""
                verdict = Verdict(
                    kind: .nonStrict, reason: "every requirement met, but a recommendation was not: " + first.reason + more,
                    step: first.step, requirements: recommendations.flatMap(\.requirements).reduce(into: []) { if !$0.contains($1) { $0.append($1) } },
                    expected: first.expected, actual: first.actual, offendingFrame: first.offendingFrame)
            }
            verdict.recommendations = recommendations
        }
        // The DUT still waits for the answers a replyAfter step held: give them now.
        releaseHeldReplies(final: true, &out)
        self.verdict = verdict
        phase = .done
        for id in pendingActions.keys.sorted() { out.append(.cancelAction(id: id)) }
        pendingActions = [:]
        out.append(.finished(verdict))
    }

    static func format(_ d: Duration) -> String {
        let s = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        if s < 1 { return String(format: "%.0f ms", s * 1000) }
        return s == s.rounded() ? String(format: "%.0f s", s) : String(format: "%.3f s", s)
    }
}

/// How a physical action ended.
public enum ActionOutcome: Sendable, Equatable {
    /// The driver carried it out (builtin, command, http).
    case done
    /// The operator said it is done (prompt).
    case confirmed
    /// The operator did not act in time (prompt): the case is inconclusive.
    case timedOut(after: Duration)
    /// The driver could not do it: the case is an error.
    case failed(String)
    /// The rig or the CSMS cannot do this at all (HTTP 501, `{"supported": false}`, the command's
    /// exit code 64, the operator's "n"): the case is not applicable to this DUT. The text says
    /// how the driver said so.
    case unsupported(String)
}
