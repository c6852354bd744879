import OCPPProtocol

/// The outcome of one test case (DESIGN.md, "Verdicts"). Only `fail` and `error` make a run's exit
/// code non-zero.
public enum VerdictKind: String, Sendable, Codable, CaseIterable, Comparable {
    /// The DUT did everything the case checks.
    case pass
    /// The DUT broke a requirement.
    case fail
    /// A precondition was not reached or an operator did not act in time: no judgement.
    case inconclusive
    /// The DUT profile does not claim a feature the case requires.
    case notApplicable
    /// The harness or its configuration is wrong; says nothing about the DUT.
    case error

    /// Severity order for summaries: error > fail > inconclusive > notApplicable > pass.
    var severity: Int {
        switch self {
        case .pass: 0
        case .notApplicable: 1
        case .inconclusive: 2
        case .fail: 3
        case .error: 4
        }
    }

    public static func < (lhs: VerdictKind, rhs: VerdictKind) -> Bool { lhs.severity < rhs.severity }
}

/// Where in a case file something is: `file:line:column` (1-based).
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// A verdict with everything a reader needs to act on it.
public struct Verdict: Sendable, Hashable, Codable {
    public var kind: VerdictKind
    /// One sentence: what went wrong (or "all checks passed").
    public var reason: String
    /// The step that decided the verdict: its number in the case (1-based, after reusable states
    /// were expanded), its label and where it is written.
    public var step: StepReference?
    /// The requirement ids the failed check stands for (e.g. B02.FR.02).
    public var requirements: [String]
    /// What the case expected, in words or JSON.
    public var expected: String?
    /// What came instead.
    public var actual: String?
    /// The frame that showed the problem, as received.
    public var offendingFrame: String?

    public init(
        kind: VerdictKind, reason: String, step: StepReference? = nil, requirements: [String] = [],
        expected: String? = nil, actual: String? = nil, offendingFrame: String? = nil
    ) {
        self.kind = kind
        self.reason = reason
        self.step = step
        self.requirements = requirements
        self.expected = expected
        self.actual = actual
        self.offendingFrame = offendingFrame
    }

    public static let passed = Verdict(kind: .pass, reason: "all checks passed")

    /// "B02.FR.02: step 3 (receive BootNotification): <reason>" — the headline of a failure.
    public var headline: String {
        var parts: [String] = []
        if !requirements.isEmpty { parts.append(requirements.joined(separator: ", ")) }
        if let step { parts.append("step \(step.number) (\(step.summary))") }
        parts.append(reason)
        return parts.joined(separator: ": ")
    }
}

/// A step of a case as reports refer to it.
public struct StepReference: Sendable, Hashable, Codable {
    public var number: Int
    /// e.g. "receive BootNotification", "send SetVariables", "action plugIn".
    public var summary: String
    public var label: String?
    /// The reusable state the step came from, if any.
    public var state: String?
    public var location: SourceLocation?

    public init(number: Int, summary: String, label: String? = nil, state: String? = nil, location: SourceLocation? = nil) {
        self.number = number
        self.summary = summary
        self.label = label
        self.state = state
        self.location = location
    }
}
