import OCPPProtocol
import OCPPTransport

/// What the engine hears from the DUT's side: a connection coming up, or an event on it.
public enum LinkEvent: Sendable {
    case connected(ConnectionInfo)
    case transport(TransportEvent)
    case connectFailed(String)
    /// Harness as CSMS: a connection attempt of the station was refused, as a case asked
    /// (``DUTLink/refuseNextConnection()``).
    case refused(String, path: String?)
}

/// The engine's view of the connection to the DUT, which may outlive a case (a real DUT keeps its
/// connection across cases, as in a lab) and may be replaced within one (reboots, reconnects).
public protocol DUTLink: Sendable {
    /// The next event, in order. Returns nil when the calling task is cancelled; an event is never
    /// lost that way, the next call gets it.
    func nextEvent() async -> LinkEvent?
    func send(text: String) async throws
    func sendFrame(opcode: UInt8, payload: [UInt8]) async throws
    func sendRaw(bytes: [UInt8]) async throws
    func close(code: UInt16, reason: String) async
    func drop() async
    /// Harness as station: close the current connection (if any) and dial again.
    func reconnect() async
    /// Harness as CSMS: refuse the station's next connection attempt (it sees the attempt fail);
    /// the refusal is reported as ``LinkEvent/refused(_:)``.
    func refuseNextConnection() async
    /// Whether a connection is up now.
    var isConnected: Bool { get async }
    /// Forget buffered events (between cases, so one case's leftovers do not leak into the next).
    func drain() async -> [LinkEvent]
}

/// A ``DUTLink`` over ``MessageChannel``s: the current one is replaced when a new connection is
/// attached (the station reconnected, or the harness dialled again).
public actor ChannelLink: DUTLink {
    private var buffer: [LinkEvent] = []
    private var waiter: CheckedContinuation<LinkEvent?, Never>?
    private var current: (any MessageChannel)?
    private var generation = 0
    private let dial: (@Sendable () async throws -> any MessageChannel)?
    private var pumps: [Int: Task<Void, Never>] = [:]

    /// - Parameter dial: how to (re)connect when the harness plays the station; nil when it plays
    ///   the CSMS (connections are then attached by the server).
    /// Refusals a case asked for; the server (or the in-memory dialler) of the station consults it.
    public nonisolated let gate: ConnectionGate

    public init(dial: (@Sendable () async throws -> any MessageChannel)? = nil, gate: ConnectionGate = ConnectionGate()) {
        self.dial = dial
        self.gate = gate
    }

    public func refuseNextConnection() {
        gate.refuseNext()
    }

    /// A connection attempt was refused because of the gate.
    public func noteRefused(_ detail: String, path: String?) {
        push(.refused(detail, path: path))
    }

    public var isConnected: Bool { current != nil }

    /// Makes `channel` the current connection and starts forwarding its events.
    ///
    /// The forwarding task ends when the channel's event stream ends (the connection closed) or
    /// when the link is shut down; it is the one unstructured task of the engine, bounded by the
    /// channel's lifetime, because a connection arrives from a server scope the link does not own.
    public func attach(_ channel: any MessageChannel) {
        if let old = current {
            Task { await old.close(code: 1000, reason: "replaced by a new connection") }
        }
        generation += 1
        let g = generation
        current = channel
        push(.connected(channel.info))
        pumps[g] = Task { [weak self] in
            for await event in channel.events {
                await self?.forward(event, generation: g)
            }
            await self?.pumpEnded(generation: g)
        }
    }

    private func forward(_ event: TransportEvent, generation g: Int) {
        if case .closed = event {
            // The close of a connection that was already replaced (a reconnect, a station that
            // came back) says nothing about the current one: reporting it would make a case
            // believe its new connection dropped.
            guard g == generation else { return }
            current = nil
        }
        push(.transport(event))
    }

    private func pumpEnded(generation g: Int) {
        // (Only the current connection's end is reported, as in `forward`.)
        pumps[g] = nil
        if g == generation, current != nil {
            current = nil
            push(.transport(.closed(code: nil, reason: "connection ended", at: .now)))
        }
    }

    private func push(_ event: LinkEvent) {
        if let w = waiter {
            waiter = nil
            w.resume(returning: event)
        } else {
            buffer.append(event)
        }
    }

    public func nextEvent() async -> LinkEvent? {
        if !buffer.isEmpty { return buffer.removeFirst() }
        if Task.isCancelled { return nil }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<LinkEvent?, Never>) in
                if !buffer.isEmpty {
                    c.resume(returning: buffer.removeFirst())
                } else if Task.isCancelled {
                    c.resume(returning: nil)
                } else {
                    waiter = c
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter() }
        }
    }

    private func cancelWaiter() {
        waiter?.resume(returning: nil)
        waiter = nil
    }

    public func drain() -> [LinkEvent] {
        gate.reset()
        defer { buffer = [] }
        return buffer
    }

    public func send(text: String) async throws {
        guard let current else { throw TransportError.closed }
        try await current.send(text: text)
    }

    public func sendFrame(opcode: UInt8, payload: [UInt8]) async throws {
        guard let current else { throw TransportError.closed }
        try await current.sendFrame(opcode: opcode, payload: payload, fin: true)
    }

    public func sendRaw(bytes: [UInt8]) async throws {
        guard let current else { throw TransportError.closed }
        try await current.sendRaw(bytes: bytes)
    }

    public func close(code: UInt16, reason: String) async {
        await current?.close(code: code, reason: reason)
    }

    public func drop() async {
        await current?.abort()
    }

    public func reconnect() async {
        if let old = current {
            current = nil
            await old.close(code: 1000, reason: "reconnecting")
        }
        guard let dial else {
            push(.connectFailed("this link cannot dial: the harness plays the CSMS and waits for the station"))
            return
        }
        do {
            attach(try await dial())
        } catch {
            push(.connectFailed((error as? TransportError)?.cause ?? "\(error)"))
        }
    }

    /// Closes the current connection and stops forwarding.
    public func shutdown() async {
        await current?.close(code: 1001, reason: "harness finished")
        current = nil
        for (_, t) in pumps { t.cancel() }
        pumps = [:]
        cancelWaiter()
    }
}
