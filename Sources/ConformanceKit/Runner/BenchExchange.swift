import Foundation
import OCPPProtocol
import OCPPTransport

/// A short conversation with the DUT outside any case (the bench keeper's cleanup): sends the
/// harness's CALLs one at a time and waits for their answers, answers the DUT's CALLs with the
/// background defaults, and records every frame in a trace of its own, as a case would.
struct BenchExchange {
    let link: any DUTLink
    let version: OCPPVersion
    let policy: BackgroundPolicy
    let parser: FrameParser
    let context: JSONObject
    let ids: MessageIdSource
    let clock = ContinuousClock()
    let start: ContinuousClock.Instant
    var state: BenchState
    private(set) var trace: [TraceEntry] = []
    /// The connection closed while the exchange ran.
    private(set) var connectionLost = false

    init(link: any DUTLink, version: OCPPVersion, dutRole: OCPPRole, context: JSONObject, ids: MessageIdSource, state: BenchState) {
        self.link = link
        self.version = version
        self.policy = BackgroundPolicy.defaults(version: version, harnessRole: dutRole.peer)
        self.parser = FrameParser(version: version, catalog: .builtIn(version))
        self.context = context
        self.ids = ids
        self.start = clock.now
        self.state = state
    }

    mutating func note(_ kind: TraceEntry.Kind, _ text: String, messageId: String? = nil, summary: String? = nil) {
        trace.append(TraceEntry(kind: kind, offset: start.duration(to: clock.now), timestamp: Date(), text: text, summary: summary, messageId: messageId))
    }

    /// Sends `action` and returns the DUT's answer, or nil (CALLERROR, no answer within
    /// `timeout`, connection lost); the reason is in the trace.
    mutating func call(_ action: String, _ payload: JSONValue, timeout: Duration) async -> JSONValue? {
        let id = ids.next()
        let text = Frame.call(.init(messageId: id, action: action, payload: payload)).text
        do {
            try await link.send(text: text)
        } catch {
            note(.note, "bench: could not send \(action): \(error)")
            connectionLost = true
            return nil
        }
        note(.toDUT, text, messageId: id, summary: "CALL \(action)")
        state.observe(frame: text, fromDUT: false)
        let deadline = clock.now + timeout
        while clock.now < deadline {
            guard let event = await Self.nextEvent(link, within: clock.now.duration(to: deadline)) else { break }
            if case .answer(let frame) = await handle(event), frame.messageId == id {
                switch frame {
                case .callResult(let r): return r.payload
                case .callError(let e):
                    note(.note, "bench: \(action) answered with CALLERROR \(e.errorCode)")
                    return nil
                default: return nil
                }
            }
            if connectionLost { return nil }
        }
        note(.note, "bench: no answer to \(action) within \(timeout)")
        return nil
    }

    /// Answers the DUT until `done` holds for the state (checked after every event and once at
    /// the start) or `timeout` passes; returns whether `done` held.
    @discardableResult
    mutating func listen(upTo timeout: Duration, until done: (BenchState) -> Bool) async -> Bool {
        if done(state) { return true }
        let deadline = clock.now + timeout
        while clock.now < deadline {
            guard let event = await Self.nextEvent(link, within: clock.now.duration(to: deadline)) else { break }
            _ = await handle(event)
            if done(state) { return true }
        }
        return done(state)
    }

    /// Answers the DUT until it has been quiet for `quiet`, at most `limit` in all.
    mutating func settle(quiet: Duration, limit: Duration) async {
        let deadline = clock.now + limit
        while clock.now < deadline {
            guard let event = await Self.nextEvent(link, within: min(quiet, clock.now.duration(to: deadline))) else { return }
            _ = await handle(event)
        }
    }

    enum Handled {
        case answer(Frame)
        case other
    }

    /// Records an event, answers a CALL of the DUT, and returns an answer to one of ours.
    mutating func handle(_ event: LinkEvent) async -> Handled {
        switch event {
        case .connected(let info):
            connectionLost = false
            note(.connection, "connected: \(info.path)")
            return .other
        case .connectFailed(let why), .refused(let why, _):
            note(.connection, "connection failed: \(why)")
            return .other
        case .transport(let t):
            switch t {
            case .closed(let code, let reason, _):
                connectionLost = true
                note(.connection, "connection closed (code \(code.map(String.init) ?? "none"), \(reason))")
                return .other
            case .text(let text, _):
                state.observe(frame: text, fromDUT: true)
                guard let frame = try? parser.parse(text) else {
                    note(.fromDUT, text)
                    return .other
                }
                note(.fromDUT, text, messageId: frame.messageId, summary: Self.summary(frame))
                if case .call(let call) = frame {
                    await answer(call)
                    return .other
                }
                return .answer(frame)
            default:
                return .other
            }
        }
    }

    private mutating func answer(_ call: Frame.Call) async {
        let reply: Frame
        if let template = policy.defaultReply(to: call.action, request: call.payload),
           let payload = try? Interpolator(context: context).interpolate(template) {
            reply = .callResult(.init(messageId: call.messageId, payload: payload))
        } else {
            reply = .callError(.init(messageId: call.messageId, errorCode: RPCErrorCode.notImplemented.spelling(for: version), errorDescription: "the harness is between cases"))
        }
        let text = reply.text
        state.observe(frame: text, fromDUT: false)
        note(.toDUT, text, messageId: call.messageId, summary: Self.summary(reply))
        try? await link.send(text: text)
    }

    static func summary(_ frame: Frame) -> String {
        CaseMachine.summary(of: frame)
    }

    /// The link's next event, or nil when none comes within `timeout`. An event that arrives as
    /// the time runs out is still returned, never lost.
    static func nextEvent(_ link: any DUTLink, within timeout: Duration) async -> LinkEvent? {
        guard timeout > .zero else { return nil }
        return await withTaskGroup(of: LinkEvent?.self) { group in
            group.addTask { await link.nextEvent() }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            var got: LinkEvent?
            if let first = await group.next() { got = first }
            group.cancelAll()
            for await rest in group where got == nil { got = rest }
            return got
        }
    }
}
