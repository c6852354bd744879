import Foundation
import OCPPProtocol
import OCPPTransport

/// Answers the DUT between cases, when no case is listening: CALLs get the background policy's
/// default reply (a BootNotification is accepted), answers and other events are dropped.
public struct IdleResponder: Sendable {
    public let version: OCPPVersion
    public let dutRole: OCPPRole
    public let context: JSONObject
    /// How long the link must be quiet before a case starts.
    public var quiet: Duration = .milliseconds(300)

    public init(version: OCPPVersion, dutRole: OCPPRole, context: JSONObject) {
        self.version = version
        self.dutRole = dutRole
        self.context = context
    }

    /// How settling ended: the link is ready for a case, or the connection is not there.
    public enum Outcome: Sendable, Equatable {
        case ready
        /// Dialling the DUT failed (harness as station); the cause, as the transport gave it.
        case connectFailed(String)
        /// The DUT did not connect within the wait (harness as CSMS).
        case notConnected
    }

    /// Answers events until none came for ``quiet``. With `waitForConnection` > 0 and no
    /// connection yet, first waits up to that long for the DUT to connect (`onWaiting` is called
    /// once when it starts waiting). A failed dial is returned, not dropped: the case that follows
    /// must not run on a connection that never came up. `observe` hears every frame, in either
    /// direction (the bench keeper's view of the DUT).
    @discardableResult
    public func settle(
        _ link: any DUTLink, waitForConnection: Duration, onWaiting: (@Sendable () -> Void)? = nil,
        observe: (@Sendable (_ text: String, _ fromDUT: Bool) async -> Void)? = nil
    ) async -> Outcome {
        let clock = ContinuousClock()
        if waitForConnection > .zero, await !link.isConnected {
            onWaiting?()
            let deadline = clock.now + waitForConnection
            while clock.now < deadline, await !link.isConnected {
                try? await Task.sleep(for: .milliseconds(20))
            }
            if await !link.isConnected { return .notConnected }
        }
        var failure: String?
        let policy = BackgroundPolicy.defaults(version: version, harnessRole: dutRole.peer)
        let parser = FrameParser(version: version, catalog: .builtIn(version))
        while !Task.isCancelled {
            // Whichever finishes first wins; an event fetched in the same instant as the timeout
            // is still collected, so nothing the DUT sent is lost.
            let event = await BenchExchange.nextEvent(link, within: quiet)
            guard let event else { break }
            switch event {
            case .connectFailed(let reason): failure = reason
            case .connected: failure = nil
            case .transport(.text(let text, _)): await observe?(text, true)
            default: break
            }
            guard case .transport(.text(let text, _)) = event, let frame = try? parser.parse(text), case .call(let call) = frame,
                let template = policy.defaultReply(to: call.action, request: call.payload),
                let payload = try? Interpolator(context: context).interpolate(template)
            else { continue }
            let answer = Frame.callResult(.init(messageId: call.messageId, payload: payload)).text
            await observe?(answer, false)
            try? await link.send(text: answer)
        }
        if let failure, await !link.isConnected { return .connectFailed(failure) }
        return .ready
    }
}
