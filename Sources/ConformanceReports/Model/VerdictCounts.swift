import ConformanceKit

/// How many cases got each verdict.
public struct VerdictCounts: Sendable, Hashable, Codable {
    /// Cases with that verdict.
    public var pass = 0
    /// Cases with that verdict: every requirement met, a recommendation (SHOULD) not.
    public var nonStrict = 0
    /// Cases with that verdict.
    public var fail = 0
    /// Cases with that verdict.
    public var inconclusive = 0
    /// Cases with that verdict.
    public var notApplicable = 0
    /// Cases with that verdict.
    public var error = 0

    /// No cases.
    public init() {}

    /// Counts of the given results' verdicts.
    public init(_ results: [CaseResult]) {
        for r in results { add(r.verdict.kind) }
    }

    /// Counts one more verdict.
    public mutating func add(_ kind: VerdictKind) {
        switch kind {
        case .pass: pass += 1
        case .nonStrict: nonStrict += 1
        case .fail: fail += 1
        case .inconclusive: inconclusive += 1
        case .notApplicable: notApplicable += 1
        case .error: error += 1
        }
    }

    /// The count of one verdict.
    public subscript(kind: VerdictKind) -> Int {
        switch kind {
        case .pass: pass
        case .nonStrict: nonStrict
        case .fail: fail
        case .inconclusive: inconclusive
        case .notApplicable: notApplicable
        case .error: error
        }
    }

    /// All cases counted.
    public var total: Int { pass + nonStrict + fail + inconclusive + notApplicable + error }

    /// Cases the DUT was actually judged on or could have been: all but notApplicable.
    public var applicable: Int { total - notApplicable }

    /// `(pass + nonStrict) / applicable` (0 when nothing was applicable): a notApplicable case
    /// neither helps nor hurts, an inconclusive or error one counts against, because certification
    /// needs a pass; a nonStrict case met every requirement.
    public var passRate: Double { applicable == 0 ? 0 : Double(pass + nonStrict) / Double(applicable) }

    /// Whether the run passes under the default policy: no fail, error or inconclusive case.
    public var isSuccess: Bool { isSuccess(under: VerdictPolicy()) }

    /// Whether no case has a verdict that fails the run under `policy` (DESIGN.md, Verdicts).
    public func isSuccess(under policy: VerdictPolicy) -> Bool {
        !VerdictKind.allCases.contains { self[$0] > 0 && policy.fails($0) }
    }

    /// "2 fail, 1 inconclusive": the counts of the verdicts that fail the run under `policy`.
    public func failing(under policy: VerdictPolicy) -> String {
        VerdictKind.allCases.filter { self[$0] > 0 && policy.fails($0) }
            .map { "\(self[$0]) \(ReportFormat.word($0))" }.joined(separator: ", ")
    }
}
