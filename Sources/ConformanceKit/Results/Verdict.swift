import OCPPProtocol

/// The outcome of one test case (DESIGN.md, "Verdicts"). What makes a run's exit code non-zero is
/// the `VerdictPolicy`'s to say: `fail` and `error` always, `inconclusive` unless allowed,
/// `nonStrict` only under `--strict`.
public enum VerdictKind: String, Sendable, Codable, CaseIterable, Comparable {
    /// The DUT did everything the case checks.
    case pass
    /// The DUT met every requirement the case checks (SHALL, MUST) but not a recommendation
    /// (SHOULD, RECOMMENDED): a finding, not a failure. Autobahn's NON-STRICT is the model.
    case nonStrict
    /// The DUT broke a requirement.
    case fail
    /// A precondition was not reached or an operator did not act in time: no judgement.
    case inconclusive
    /// The DUT profile does not claim a feature the case requires.
    case notApplicable
    /// The harness or its configuration is wrong; says nothing about the DUT.
    case error

    /// Severity order for summaries: error > fail > inconclusive > nonStrict > notApplicable > pass.
    var severity: Int {
        switch self {
        case .pass: 0
        case .notApplicable: 1
        case .nonStrict: 2
        case .inconclusive: 3
        case .fail: 4
        case .error: 5
        }
    }

    public static func < (lhs: VerdictKind, rhs: VerdictKind) -> Bool { lhs.severity < rhs.severity }
}

/// Which verdicts make a run fail (its exit code non-zero, its reports "FAILED"). `fail` and
/// `error` always do. `inconclusive` does by default: a gate whose cases did not run has tested
/// nothing (`--allow-inconclusive` keeps them from failing the run). `nonStrict` does only under
/// `--strict`.
public struct VerdictPolicy: Sendable, Hashable, Codable {
    /// A recommendation not met (`nonStrict`) fails the run.
    public var strict: Bool
    /// An `inconclusive` case does not fail the run.
    public var allowInconclusive: Bool

    public init(strict: Bool = false, allowInconclusive: Bool = false) {
        self.strict = strict
        self.allowInconclusive = allowInconclusive
    }

    /// Whether a case with this verdict makes the run fail.
    public func fails(_ kind: VerdictKind) -> Bool {
        switch kind {
        case .pass, .notApplicable: false
        case .nonStrict: strict
        case .inconclusive: !allowInconclusive
        case .fail, .error: true
        }
    }

    /// The process exit code for these verdicts: 3 a harness error, 1 a case failed (or, under
    /// `--strict`, missed a recommendation), 4 nothing was judged where something should have
    /// been (an inconclusive case, or no case that applied to the device), else 0.
    public func exitCode(_ kinds: some Sequence<VerdictKind>) -> Int32 {
        let all = Array(kinds)
        let failing = Set(all.filter(fails))
        if failing.contains(.error) { return 3 }
        if failing.contains(.fail) || failing.contains(.nonStrict) { return 1 }
        if failing.contains(.inconclusive) { return 4 }
        // A run that tested nothing never passes.
        if !all.contains(where: { $0 != .notApplicable }) { return 4 }
        return 0
    }
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
    /// The recommendations (SHOULD) the DUT did not meet during the case, each with its step,
    /// requirement and frame; nil when there were none. A `nonStrict` verdict has at least one; a
    /// `fail` may carry some too, found before the failure.
    public var recommendations: [Verdict]?
    /// Where a received payload differed from the expectation: JSON Pointers (RFC 6901) into the
    /// payload (`/connectorStatus`, `/idTokenInfo/status`), each once, in the order found; nil when
    /// the verdict is not about a payload that failed to match. Reports mark these fields in
    /// `expected`, `actual` and the offending frame.
    public var differences: [String]?

    public init(
        kind: VerdictKind, reason: String, step: StepReference? = nil, requirements: [String] = [],
        expected: String? = nil, actual: String? = nil, offendingFrame: String? = nil, recommendations: [Verdict]? = nil
    ) {
        self.kind = kind
        self.reason = reason
        self.step = step
        self.requirements = requirements
        self.expected = expected
        self.actual = actual
        self.offendingFrame = offendingFrame
        self.recommendations = recommendations
    }

    public static let passed = Verdict(kind: .pass, reason: "all checks passed")

    /// The distinct pointers of these mismatches, in order.
    public static func pointers(of mismatches: [Mismatch]) -> [String] {
        var seen = Set<String>()
        return mismatches.map(\.pointer).filter { seen.insert($0).inserted }
    }

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
