import OCPPProtocol

/// One step of a case or reusable state.
public struct Step: Sendable {
    public var kind: Kind
    /// A name other steps and `forbid` windows can refer to.
    public var label: String?
    /// Requirement ids a failure of this step breaks (shown as the failure headline).
    public var requirements: [String]
    /// An optional step may not happen; the case goes on either way.
    public var optional: Bool
    /// Repeat the step for each element of a list (`forEach: connectors`), binding `item`.
    public var forEach: String?
    /// With `forEach`: `any` lets the instances happen in any order.
    public var anyOrder: Bool
    public var comment: String?
    /// For anyOf and unordered groups: how long the whole group may take.
    public var within: TimeExpression?
    /// Run the step only when this holds: `"{{x}} == value"` or `"{{x}} != value"`.
    public var when: String?
    public var location: SourceLocation
    /// The YAML the step was read from, so that lint can point into its payloads.
    public var source: YAMLNode?

    public indirect enum Kind: Sendable {
        /// The DUT sends a CALL; the harness checks it and replies.
        case receive(Receive)
        /// The harness sends a CALL; the DUT must answer.
        case send(Send)
        /// A physical action (DUT is a station) or an operator action (DUT is a CSMS).
        case action(PhysicalAction)
        /// One of several receives, whichever comes first.
        case anyOf([Step])
        /// All of these receives, in any order.
        case unordered([Step])
        /// For a while, the DUT must not send these CALLs.
        case expectNo(ExpectNo)
        /// The harness sends a raw text frame (negative tests), optionally expecting an answer.
        case raw(Raw)
        /// The DUT must close the connection.
        case expectClose(ExpectClose)
        /// The harness waits (background messages are still answered).
        case wait(TimeExpression)
        /// The harness closes or drops the connection, or (as a station) connects again.
        case connection(ConnectionStep)
        /// A named check over what was exchanged so far.
        case check(CheckCall)
        /// A reusable state, run in place.
        case state(StateReference)
    }

    /// "receive BootNotification", "send SetVariables"…: how reports name the step.
    public var summary: String {
        switch kind {
        case .receive(let r): "receive \(r.action)"
        case .send(let s): "send \(s.action)"
        case .action(let a): "action \(a.name)"
        case .anyOf(let alts): "any of " + alts.map(\.summary).joined(separator: " / ")
        case .unordered(let steps): "in any order: " + steps.map(\.summary).joined(separator: ", ")
        case .expectNo(let e): "expect no \(e.filter.description)"
        case .raw: "send raw frame"
        case .expectClose: "expect the connection to close"
        case .wait(let t): "wait \(t.text)"
        case .connection(let c): "connection \(c.operation.rawValue)"
        case .check(let c): "check \(c.name)"
        case .state(let s): "state \(s.name)"
        }
    }
}

/// The DUT sends a CALL of `action`.
public struct Receive: Sendable {
    public var action: String
    /// Subset match of the payload (strict: no other keys allowed).
    public var match: JSONValue?
    public var strict: Bool
    /// The message must arrive within this time from the start of the step…
    public var within: TimeExpression?
    /// …and not before this time.
    public var after: TimeExpression?
    public var reply: Reply
    /// Values to remember: name → JSON Pointer into the payload.
    public var capture: [(name: String, pointer: String)]
    /// Named checks on this message.
    public var checks: [CheckCall]
    /// Receive the same action repeatedly until a message matches this (e.g. `{tbc: "#optional false"}`).
    public var until: JSONValue?
    /// Hold the answer this long while the case goes on: the DUT's CALL stays outstanding, so a
    /// CALL it sends meanwhile breaks OCPP-J's one-outstanding-CALL rule.
    public var replyAfter: TimeExpression? = nil
}

/// What the harness answers to a received CALL.
public enum Reply: Sendable {
    /// The default reply of the background policy for this action.
    case automatic
    /// This payload (a template: `{{…}}` is interpolated).
    case payload(JSONValue)
    /// A CALLERROR with this code (written as the version spells it) and description.
    case callError(code: String, description: String)
    /// No answer at all (tests of the DUT's message timeout).
    case none
}

/// The harness sends a CALL.
public struct Send: Sendable {
    public var action: String
    public var payload: JSONValue
    /// Subset match of the CALLRESULT payload.
    public var expectReply: JSONValue?
    public var strictReply: Bool
    /// The DUT must answer with a CALLERROR with one of these codes (either spelling accepted).
    public var expectCallError: [String]?
    /// How long the DUT has to answer (default: the profile's message timeout).
    public var within: TimeExpression?
    public var capture: [(name: String, pointer: String)]
    public var checks: [CheckCall]
}

/// A physical or operator action, carried out by the profile's action driver.
public struct PhysicalAction: Sendable {
    public var name: String
    public var arguments: JSONValue
    /// For the prompt driver: what to tell the operator (defaults to a sentence made from the name).
    public var prompt: String?
}

public struct ExpectNo: Sendable {
    public var filter: MessageFilter
    public var duration: TimeExpression
}

public struct Raw: Sendable {
    /// The text to send as a WebSocket text frame (interpolated).
    public var text: String?
    /// Bytes to send, given as hex, when the frame is not text.
    public var bytes: [UInt8]?
    /// The DUT must answer with a CALLERROR with one of these codes.
    public var expectCallError: [String]?
    /// The message id the answer must carry ("-1" when the frame had none).
    public var expectMessageId: String?
    public var within: TimeExpression?
}

public struct ExpectClose: Sendable {
    public var within: TimeExpression
}

public struct ConnectionStep: Sendable {
    public enum Operation: String, Sendable {
        /// Close with a close frame.
        case close
        /// Drop TCP without a close frame.
        case drop
        /// (Harness as station) dial the CSMS again; (harness as CSMS) wait for the station to reconnect.
        case reconnect
        /// (Harness as CSMS) refuse the station's next connection attempt and wait for it.
        case refuse
    }

    public var operation: Operation
    public var code: UInt16?
    public var within: TimeExpression?
    /// `reconnect` / `refuse` with the harness as CSMS: the attempt must not come earlier than this
    /// after the step began (a back-off time, Part 4 §5.3).
    public var after: TimeExpression? = nil
    /// `reconnect` / `refuse` with the harness as CSMS: the request path of the attempt (a string or
    /// matcher, interpolated): which endpoint the station dialled (B10, network profiles).
    public var path: String? = nil
}
