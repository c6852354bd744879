import ConformanceKit
import Foundation
import OCPPProtocol

extension Selftest {
    /// One version and role of the bench selftest: the verdicts on fresh devices and on one
    /// long-lived device that ran the cases in `order`.
    public struct BenchGroup: Sendable {
        public var version: OCPPVersion
        public var role: OCPPRole
        /// "catalogue order" or "shuffled (seed N)".
        public var order: String
        public var fresh: [CaseResult]
        public var bench: [CaseResult]

        /// Cases whose verdict on the bench differs from the fresh one, in bench order.
        public var differences: [(bench: CaseResult, fresh: CaseResult?)] {
            bench.compactMap { b in
                let f = fresh.first { $0.info.id == b.info.id }
                return f?.verdict.kind == b.verdict.kind ? nil : (b, f)
            }
        }
    }

    /// Runs the selected cases of each version and role on fresh reference devices and, in the
    /// same run, one after another on one long-lived reference device through the bench path a
    /// real DUT takes (``BenchEnvironment``: idle responder, pre-conditions, undo). With `seed`
    /// the bench order is a shuffle of the catalogue order drawn from that seed.
    public func bench(seed: UInt64?) async -> [BenchGroup] {
        var groups: [BenchGroup] = []
        for version in versions {
            for role in roles {
                let selection = Selection(versions: [version], roles: [role], blocks: blocks, ids: ids)
                var cases = library.cases.filter { selection.includes($0) }
                guard !cases.isEmpty else { continue }
                let clock = ContinuousClock()
                let t0 = clock.now
                let fresh = await runCases(cases, version: version, role: role, defects: [])
                progress?("  fresh devices: \(cases.count) cases in \(t0.duration(to: clock.now))")
                if let seed {
                    var generator = SeededGenerator(seed: seed)
                    cases.shuffle(using: &generator)
                }
                progress?("OCPP \(version.rawValue), \(role.rawValue) under test: \(cases.count) cases on one long-lived reference device, \(seed.map { "shuffled (seed \($0))" } ?? "catalogue order")")
                let t1 = clock.now
                let bench = await runOnBench(cases, version: version, role: role)
                progress?("  bench device: \(cases.count) cases in \(t1.duration(to: clock.now))")
                groups.append(BenchGroup(version: version, role: role, order: seed.map { "shuffled (seed \($0))" } ?? "catalogue order", fresh: fresh, bench: bench))
            }
        }
        return groups
    }

    func runOnBench(_ cases: [TestCase], version: OCPPVersion, role: OCPPRole) async -> [CaseResult] {
        let profile = (try? ReferenceProfile.profile(role: role, version: version, overrides: referenceConfig)) ?? ReferenceProfile.profile(role: role, version: version)
        var subset = library
        subset.cases = cases
        let progress = self.progress
        let runner = Runner(library: subset, profile: profile, selection: Selection(), sinks: [BenchProgress(progress: benchVerbose ? progress : nil)])
        let info = RunInfo(runId: "selftest-bench", startedAt: Date(), dutDescription: "reference \(role.rawValue) (bench)", dutRole: role, harnessVersion: "selftest", selection: "")
        return await ReferenceBench(role: role, version: version, profile: profile).run { environment in
            let results = await runner.run(environment: environment, clock: ContinuousClock(), runInfo: info)
            for r in results where r.verdict.kind != .pass && r.verdict.kind != .notApplicable {
                progress?("  bench: \(r.verdict.kind.rawValue.uppercased()) \(r.info.id): \(r.verdict.headline)")
            }
            return results
        }
    }

    /// The bench comparison as text.
    public static func benchReport(_ groups: [BenchGroup], showTraces: Bool = false) -> String {
        var lines: [String] = []
        for g in groups {
            let count = { (results: [CaseResult], kind: VerdictKind) in results.filter { $0.verdict.kind == kind }.count }
            lines.append("OCPP \(g.version.rawValue), \(g.role.rawValue) under test, one long-lived device, \(g.order)")
            lines.append("  fresh devices: \(count(g.fresh, .pass)) pass, \(count(g.fresh, .notApplicable)) not applicable, \(g.fresh.count - count(g.fresh, .pass) - count(g.fresh, .notApplicable)) other")
            lines.append("  bench device:  \(count(g.bench, .pass)) pass, \(count(g.bench, .notApplicable)) not applicable, \(g.bench.count - count(g.bench, .pass) - count(g.bench, .notApplicable)) other")
            let differences = g.differences
            lines.append("  verdicts that differ from the fresh run: \(differences.isEmpty ? "none" : String(differences.count))")
            for d in differences {
                lines.append("    \(d.bench.info.id): fresh \(d.fresh?.verdict.kind.rawValue ?? "not run"), bench \(d.bench.verdict.kind.rawValue): \(d.bench.verdict.headline)")
                if showTraces {
                    // The cause is often in the case before: the end of its trace first.
                    if let i = g.bench.firstIndex(where: { $0.info.id == d.bench.info.id }), i > 0 {
                        lines.append("      … end of the case before, \(g.bench[i - 1].info.id):")
                        for e in g.bench[i - 1].trace.suffix(25) {
                            lines.append("      \(String(format: "%8.3f", e.seconds)) \(e.kind.rawValue) \(e.text.prefix(300))")
                        }
                        lines.append("      … \(d.bench.info.id):")
                    }
                    for e in d.bench.trace.suffix(40) {
                        lines.append("      \(String(format: "%8.3f", e.seconds)) \(e.kind.rawValue) \(e.text.prefix(300))")
                    }
                }
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// SplitMix64: a small deterministic generator, so that a shuffled bench order can be replayed
/// from its seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Says which case the bench is at (`selftest --bench --verbose`).
struct BenchProgress: ResultSink {
    let progress: (@Sendable (String) -> Void)?
    func runStarted(_ run: RunInfo, planned: [CaseInfo]) async {}
    func caseStarted(_ info: CaseInfo) async { progress?("  bench: \(info.id) …") }
    func caseFinished(_ result: CaseResult) async {
        let prepared = result.trace.last { $0.text.hasPrefix("bench: the station is idle") || $0.text.hasPrefix("bench: before the case") }
        progress?("  bench: \(result.info.id) \(result.verdict.kind.rawValue) in \(result.duration)\(prepared.map { " (preparation until \($0.seconds) s)" } ?? "")\(result.verdict.kind == .pass ? "" : ": " + result.verdict.headline)")
    }
    func runFinished(_ run: RunInfo, results: [CaseResult], interrupted: Bool) async {}
}
