import NIOHTTP1

/// What happened during one server-side handshake, written on the event loop by the pipeline
/// (request, decision, failure) and read by the connection's task once the upgrade future completes,
/// so that every failed attempt can be reported with its cause.
final class ServerHandshakeRecord: @unchecked Sendable {
    private struct State {
        var head: (method: String, target: String, headers: [(name: String, value: String)])?
        var request: HandshakeRequest?
        var decision: HandshakeDecision?
        var failure: (reason: HandshakeRejection.Reason, status: Int?, detail: String)?
    }

    // `lock` guards `state`, hence `@unchecked Sendable`.
    private var state = State()
    private let lock = Lock()
    let remoteAddress: String?

    init(remoteAddress: String?) {
        self.remoteAddress = remoteAddress
    }

    /// Notes a request head as it arrives, before any decision.
    func record(head: HTTPRequestHead) {
        lock.withLock {
            state.head = (head.method.rawValue, head.uri, head.headers.map { ($0.name, $0.value) })
        }
    }

    /// The request as far as it is known: the head, before TLS details are added.
    func request() -> HandshakeRequest? {
        lock.withLock {
            if let request = state.request { return request }
            guard let head = state.head else { return nil }
            return HandshakeRequest(method: head.method, target: head.target, headers: head.headers, remoteAddress: remoteAddress)
        }
    }

    func record(request: HandshakeRequest, decision: HandshakeDecision) {
        lock.withLock {
            state.request = request
            state.decision = decision
        }
    }

    var decision: HandshakeDecision? { lock.withLock { state.decision } }

    /// Records why the handshake failed; the first cause wins, later ones are consequences.
    func recordFailure(_ reason: HandshakeRejection.Reason, status: Int? = nil, detail: String) {
        lock.withLock {
            if state.failure == nil { state.failure = (reason, status, detail) }
        }
    }

    var hasFailure: Bool { lock.withLock { state.failure != nil } }

    /// The rejection to report for an upgrade that failed with `error`.
    func rejection(after error: any Error) -> HandshakeRejection {
        let request = self.request()
        return lock.withLock {
            let offered = request?.listValues("sec-websocket-protocol") ?? []
            var stationId: String?
            if case .reject(let rejection, _) = state.decision { stationId = rejection.stationId }
            if let failure = state.failure {
                return HandshakeRejection(
                    reason: failure.reason, httpStatus: failure.status, detail: failure.detail, path: request?.target,
                    stationId: stationId, offeredSubprotocols: offered, remoteAddress: remoteAddress
                )
            }
            return HandshakeRejection(
                reason: .closedDuringHandshake, httpStatus: nil,
                detail: "The peer closed the connection before the WebSocket handshake completed (\(error)).",
                path: request?.target, stationId: stationId, offeredSubprotocols: offered, remoteAddress: remoteAddress
            )
        }
    }
}
