import OCPPProtocol

/// One conformance test case, as written in its YAML file (DESIGN.md, "The test-case file").
public struct TestCase: Sendable {
    /// The OCTT id, e.g. TC_B_02_CS; the file is named after it.
    public var id: String
    public var name: String
    public var version: OCPPVersion
    /// The role of the device under test: `_CS` ids test a Charging Station, `_CSMS` ids a CSMS.
    public var dutRole: OCPPRole
    /// Block letter (2.0.1: A–P) or 1.6 profile name.
    public var block: String
    public var blockName: String
    public var profiles: [String]
    public var useCases: [String]
    public var requirements: [String]
    public var purpose: String
    /// Features (PICS) the DUT must claim for the case to apply.
    public var requires: [String]
    /// Reusable states reached before the steps, in order.
    public var given: [StateReference]
    public var steps: [Step]
    /// Windows in which certain messages must not arrive.
    public var forbid: [Forbid]
    /// Named checks run after the last step over everything that was exchanged.
    public var post: [CheckCall]
    /// Overrides of the background policy for unsolicited messages.
    public var background: BackgroundOverrides
    /// An overall time bound for the case (beyond it the case is an `error`: the harness hung).
    public var timeout: TimeExpression?
    public var location: SourceLocation

    public var info: CaseInfo {
        CaseInfo(
            id: id, name: name, version: version, dutRole: dutRole, block: block, blockName: blockName,
            profiles: profiles, useCases: useCases, requirements: requirements, purpose: purpose, file: location.file)
    }
}

/// A reusable state, written once and used by many cases (OCTT Part 6 §2.18 / §3.18).
public struct ReusableState: Sendable {
    public var name: String
    public var version: OCPPVersion
    public var dutRole: OCPPRole
    public var purpose: String
    /// Parameters with default values, overridable by the caller (`given: [{state: X, with: {...}}]`).
    public var parameters: JSONObject
    public var given: [StateReference]
    public var steps: [Step]
    public var location: SourceLocation
}

/// `given: [Booted]` or `given: [{state: EnergyTransferStarted, with: {evse: 1}}]`.
public struct StateReference: Sendable {
    public var name: String
    public var arguments: JSONObject
    public var location: SourceLocation
}

/// Overrides of the background policy (see ``BackgroundPolicy``).
public struct BackgroundOverrides: Sendable {
    /// More actions the DUT may send at any time, answered with a default or the given reply.
    public var tolerate: [String]
    /// Replies to use for background actions instead of the defaults.
    public var replies: [String: JSONValue]
    /// Actions that are NOT tolerated in this case, although the default policy would.
    public var strict: [String]
    /// Actions tolerated in this case when their payload matches a template (subset match), in
    /// addition to what the default policy tolerates, e.g. the queued TransactionEvents a station
    /// sends with `offline: true` after reconnecting (TC_E_31_CS).
    public var tolerateWhen: [String: JSONValue]
    /// Members added to every answer the harness gives to an action, steps' replies included, when
    /// the request matches a template: the OCTT's "IF the TransactionEventRequest has eventType
    /// Ended THEN the TransactionEventResponse has totalCost" (TC_I_02_CS).
    public var replyAdditions: [String: ReplyAddition]
    /// Where the case file says `background:` (for the lint's messages).
    public var location: SourceLocation?

    public init(
        tolerate: [String] = [], replies: [String: JSONValue] = [:], strict: [String] = [], tolerateWhen: [String: JSONValue] = [:],
        replyAdditions: [String: ReplyAddition] = [:], location: SourceLocation? = nil
    ) {
        self.tolerate = tolerate
        self.replies = replies
        self.strict = strict
        self.tolerateWhen = tolerateWhen
        self.replyAdditions = replyAdditions
        self.location = location
    }
}

/// Members to add to the harness's answers to one action (``BackgroundOverrides/replyAdditions``).
public struct ReplyAddition: Sendable {
    /// Subset template of the request; nil: every request.
    public var when: JSONValue?
    /// Members to add; a member the answer already has keeps its value.
    public var add: JSONObject

    public init(when: JSONValue? = nil, add: JSONObject) {
        self.when = when
        self.add = add
    }

    /// Whether the members go into the answer to `request`.
    func applies(to request: JSONValue) -> Bool {
        when.map { PayloadMatcher().mismatches($0, request).isEmpty } ?? true
    }

    /// `reply` with those of `members` it does not have yet.
    static func adding(_ members: JSONObject, to reply: JSONValue) -> JSONValue {
        guard var object = reply.objectValue else { return reply }
        for member in members where object[member.key] == nil { object[member.key] = member.value }
        return .object(object)
    }
}

/// A window in which the DUT must not send some CALLs: from `from` (a step label, or the start)
/// until `until` (a step label, or the end of the case).
public struct Forbid: Sendable {
    public var actions: MessageFilter
    public var from: String?
    public var until: String?
    public var requirements: [String]
    public var location: SourceLocation
}

/// Which CALLs a rule is about: listed actions, or any action except some.
public struct MessageFilter: Sendable, Hashable {
    public var actions: [String]
    public var any: Bool
    public var except: [String]

    public init(actions: [String] = [], any: Bool = false, except: [String] = []) {
        self.actions = actions
        self.any = any
        self.except = except
    }

    public func matches(_ action: String) -> Bool {
        if any { return !except.contains(action) }
        return actions.contains(action)
    }

    public var description: String {
        if any { return except.isEmpty ? "any message" : "any message except " + except.joined(separator: ", ") }
        return actions.joined(separator: " or ")
    }
}

/// A call of a named Swift check (DESIGN.md: what a file cannot express).
public struct CheckCall: Sendable {
    public var name: String
    public var arguments: JSONObject
    public var requirements: [String]
    public var location: SourceLocation
}
