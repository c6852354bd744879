import ConformanceKit
import Foundation
import OCPPProtocol
import ReferenceDevices

/// Proves the suite: every case must pass against the correct reference devices and each seeded
/// defect must make at least one case fail (DESIGN.md). Each defect runs against the cases of the
/// blocks its requirement names, which keeps the run cheap enough for every CI run.
public struct Selftest: Sendable {
    public var library: CaseLibrary
    public var versions: [OCPPVersion]
    public var roles: [OCPPRole]
    public var ids: [String]
    /// Only cases of these blocks (all when empty).
    public var blocks: [String] = []
    /// Only these defects (all applicable ones when empty).
    public var defects: [Defect]
    public var parallelism: Int
    /// Every defect against every case of its role and version, not only its blocks.
    public var fullCrossProduct: Bool
    /// How many defects run at the same time (each with `parallelism` cases at once).
    public var concurrentDefects: Int = 6
    public var progress: (@Sendable (String) -> Void)?
    /// `key=value` replacements of the reference profile's `config` (e.g. another TxStartPoint).
    public var referenceConfig: [String] = []
    /// Bench selftest: report every case as it starts and ends.
    public var benchVerbose = false

    public init(
        library: CaseLibrary, versions: [OCPPVersion] = OCPPVersion.allCases, roles: [OCPPRole] = OCPPRole.allCases, ids: [String] = [],
        defects: [Defect] = [], parallelism: Int = 8, fullCrossProduct: Bool = false, progress: (@Sendable (String) -> Void)? = nil
    ) {
        self.library = library
        self.versions = versions
        self.roles = roles
        self.ids = ids
        self.defects = defects
        self.parallelism = parallelism
        self.fullCrossProduct = fullCrossProduct
        self.progress = progress
    }

    /// Other reference configurations (`--reference-config` sets) under which the cases the
    /// default reference device cannot run (another TxStartPoint, signed meter values, a user
    /// interface…) are proven too: each case that does not apply by default runs on the correct
    /// device and against its blocks' defects under the first configurations that make it apply.
    public var alternativeConfigurations: [[String]] = []

    /// The configurations the CI selftest proves the library under besides the default.
    public static let referenceAlternatives: [[String]] = [
        ["txStartPoint=Authorized"], ["txStartPoint=EVConnected"], ["txStartPoint=ParkingBayOccupancy"],
        ["txStartPoint=EnergyTransfer"], ["txStartPoint=ParkingBayOccupancy,EVConnected"],
        ["txStopPoint=Authorized"], ["txStopPoint=EVConnected"], ["txStopPoint=PowerPathClosed"], ["txStopPoint=EnergyTransfer"], ["txStopPoint=ParkingBayOccupancy"],
        ["signedMeterValues=true"], ["txStartPoint=DataSigned", "signedMeterValues=true"], ["detachableCable=true"],
        ["resetPerEVSE=false"], ["masterPassUI=true"], ["localAuthList=false"],
        ["features=CableLockUntilAuthorized", "txStartPoint=Authorized,PowerPathClosed"],
        ["additionalRootCertificateCheck=true"],
    ]

    /// What a group showed under one alternative configuration.
    public struct Alternative: Sendable {
        public var configuration: [String]
        /// The cases that did not apply before and apply here, on the correct device.
        public var correct: [CaseResult]
        public var defectResults: [(defect: Defect, results: [CaseResult])]
    }

    public struct Group: Sendable {
        public var version: OCPPVersion
        public var role: OCPPRole
        public var correct: [CaseResult]
        /// Defect → the verdict of every case it was run against.
        public var defectResults: [(defect: Defect, results: [CaseResult])]
        /// Cases proven under other reference configurations (``Selftest/alternativeConfigurations``).
        public var alternatives: [Alternative] = []

        var allDefectResults: [(defect: Defect, results: [CaseResult])] { defectResults + alternatives.flatMap(\.defectResults) }

        /// Cases that fail (or error) on the correct device: the suite or the device is wrong.
        public var brokenOnCorrect: [CaseResult] {
            (correct + alternatives.flatMap(\.correct)).filter { $0.verdict.kind != .pass && $0.verdict.kind != .notApplicable }
        }
        /// Cases no defect made fail (cases that do not apply to the reference device are listed
        /// apart: they cannot be proven on it).
        public var unproven: [String] {
            let killed = Set(allDefectResults.flatMap { $0.results.filter { Selftest.detects($0) }.map(\.info.id) })
            let ran = correct.filter { $0.verdict.kind != .notApplicable } + alternatives.flatMap(\.correct)
            return ran.map(\.info.id).filter { !killed.contains($0) }
        }
        /// Cases the reference device does not claim the features of, in any configuration tried.
        public var notApplicableOnReference: [String] {
            let elsewhere = Set(alternatives.flatMap { $0.correct.map(\.info.id) })
            return correct.filter { $0.verdict.kind == .notApplicable }.map(\.info.id).filter { !elsewhere.contains($0) }
        }
        /// Defects no case caught, in the default or any alternative configuration.
        public var undetected: [Defect] {
            let caught = Set(allDefectResults.filter { $0.results.contains { Selftest.detects($0) } }.map(\.defect))
            var seen = Set<Defect>()
            return defectResults.map(\.defect).filter { !caught.contains($0) && seen.insert($0).inserted }
        }
    }

    /// Whether a seeded defect showed in this result: the case failed, or, for a defect that
    /// breaks a recommendation (OCPP-J 1.6's SHOULD NOT of concurrent CALLs), ended `nonStrict`.
    public static func detects(_ result: CaseResult) -> Bool {
        result.verdict.kind == .fail || result.verdict.kind == .nonStrict
    }

    /// The blocks a defect's requirement names (B02.FR.02 → B); nil when it names none (an
    /// OCPP-J rule or a 1.6 section), meaning every block.
    public static func blocks(of defect: Defect) -> Set<String>? {
        let letters = defect.requirement.matches(of: /\b([A-P])\d\d\.FR/).map { String($0.output.1) }
        return letters.isEmpty ? nil : Set(letters)
    }

    public func run() async -> [Group] {
        var groups: [Group] = []
        for version in versions {
            for role in roles {
                let selection = Selection(versions: [version], roles: [role], blocks: blocks, ids: ids)
                let cases = library.cases.filter { selection.includes($0) }
                guard !cases.isEmpty else { continue }
                progress?("OCPP \(version.rawValue), \(role.rawValue) under test: \(cases.count) cases on the correct reference device")
                let correct = await runCases(cases, version: version, role: role, defects: [])
                let applicable = Defect.applicable(to: role, version: version).filter { defects.isEmpty || defects.contains($0) }
                // Defects run side by side (each on its own devices); cases mostly wait on the
                // devices' timers, so overlapping them keeps the whole matrix fast.
                let byDefect = await sideBySide(applicable.count) { i in
                    let targeted = self.targeted(cases, by: applicable[i], version: version)
                    return targeted.isEmpty ? [] : await runCases(targeted, version: version, role: role, defects: [applicable[i]])
                } finished: { i, results in
                    let caught = results.filter { Selftest.detects($0) }.map(\.info.id)
                    progress?("  \(applicable[i].rawValue): \(caught.isEmpty ? "not caught" : "caught by " + caught.joined(separator: ", "))")
                }
                let defectResults = applicable.indices.map { (applicable[$0], byDefect[$0] ?? []) }
                var group = Group(version: version, role: role, correct: correct, defectResults: defectResults)
                var waiting = cases.filter { c in correct.contains { $0.info.id == c.id && $0.verdict.kind == .notApplicable } }
                for configuration in alternativeConfigurations where !waiting.isEmpty {
                    guard (try? ReferenceProfile.profile(role: role, version: version, overrides: referenceConfig + configuration)) != nil else { continue }
                    let tried = await runCases(waiting, version: version, role: role, defects: [], configuration: configuration)
                    let applying = tried.filter { $0.verdict.kind != .notApplicable }
                    guard !applying.isEmpty else { continue }
                    let proven = waiting.filter { c in applying.contains { $0.info.id == c.id } }
                    waiting.removeAll { c in applying.contains { $0.info.id == c.id } }
                    // The defects whose blocks these cases belong to, side by side as above.
                    let jobs: [(defect: Defect, cases: [TestCase])] = applicable.compactMap { defect in
                        let targeted = targeted(proven, by: defect, version: version)
                        return targeted.isEmpty ? nil : (defect, targeted)
                    }
                    let collected = await sideBySide(jobs.count) { i in
                        await runCases(jobs[i].cases, version: version, role: role, defects: [jobs[i].defect], configuration: configuration)
                    }
                    let results: [(defect: Defect, results: [CaseResult])] = jobs.indices.map { (jobs[$0].defect, collected[$0] ?? []) }
                    let caught = results.filter { $0.results.contains { Selftest.detects($0) } }.map(\.defect.rawValue)
                    progress?("  with --reference-config \(configuration.joined(separator: " ")): \(applying.map(\.info.id).joined(separator: ", ")) apply; defects caught: \(caught.isEmpty ? "none" : caught.joined(separator: ", "))")
                    group.alternatives.append(Alternative(configuration: configuration, correct: applying, defectResults: results))
                }
                groups.append(group)
            }
        }
        return groups
    }

    /// The configurations of the transaction points a real station may have, under which
    /// ``correctUnder(_:version:role:)`` checks that the correct device fails no case: a case
    /// written for the reference's defaults must not give a false verdict elsewhere.
    public static let transactionPointSweep: [[String]] = [
        ["txStartPoint=Authorized"], ["txStartPoint=EVConnected"], ["txStartPoint=ParkingBayOccupancy"],
        ["txStartPoint=EnergyTransfer"], ["txStopPoint=Authorized"], ["txStopPoint=EVConnected"],
        ["txStopPoint=PowerPathClosed"], ["txStopPoint=EnergyTransfer"], ["txStopPoint=ParkingBayOccupancy"],
    ]

    /// Every selected case on the correct device under each configuration, `concurrentDefects`
    /// configurations at a time: the results by configuration (a case that does not apply there is
    /// not applicable, as on a real station).
    public func correctUnder(_ configurations: [[String]], version: OCPPVersion, role: OCPPRole) async -> [(configuration: [String], results: [CaseResult])] {
        let selection = Selection(versions: [version], roles: [role], blocks: blocks, ids: ids)
        let cases = library.cases.filter { selection.includes($0) }
        let results = await sideBySide(configurations.count) { i in
            await runCases(cases, version: version, role: role, defects: [], configuration: configurations[i])
        }
        return configurations.indices.map { (configurations[$0], results[$0] ?? []) }
    }

    /// The cases a defect runs against: those of the blocks its requirement names. 1.6 cases have
    /// one block (Core…) and no 2.0.1 letters, so a 1.6 defect runs against all of them.
    func targeted(_ cases: [TestCase], by defect: Defect, version: OCPPVersion) -> [TestCase] {
        let blocks = fullCrossProduct || version == .v16 ? nil : Self.blocks(of: defect)
        return cases.filter { c in blocks.map { $0.contains(c.block) } ?? true }
    }

    /// Runs `count` defect jobs, `concurrentDefects` at a time (each on its own devices; cases
    /// mostly wait on the devices' timers, so overlapping them keeps the matrix fast).
    func sideBySide(
        _ count: Int, _ job: @escaping @Sendable (Int) async -> [CaseResult],
        finished: (Int, [CaseResult]) -> Void = { _, _ in }
    ) async -> [Int: [CaseResult]] {
        await withTaskGroup(of: (Int, [CaseResult]).self) { group in
            var next = 0
            var collected: [Int: [CaseResult]] = [:]
            func start() {
                guard next < count else { return }
                let i = next
                next += 1
                group.addTask { (i, await job(i)) }
            }
            for _ in 0..<max(1, concurrentDefects) { start() }
            while let (i, results) = await group.next() {
                collected[i] = results
                finished(i, results)
                start()
            }
            return collected
        }
    }

    func runCases(_ cases: [TestCase], version: OCPPVersion, role: OCPPRole, defects: Set<Defect>, configuration: [String] = []) async -> [CaseResult] {
        let profile = try? ReferenceProfile.profile(role: role, version: version, overrides: referenceConfig + configuration)
        let environment = BuiltinEnvironment(role: role, version: version, defects: defects, profile: profile, parallelism: parallelism)
        var subset = library
        subset.cases = cases
        let runner = Runner(library: subset, profile: environment.profile, selection: Selection(), sinks: [])
        let info = RunInfo(runId: "selftest", startedAt: Date(), dutDescription: "reference \(role.rawValue)", dutRole: role, harnessVersion: "selftest", selection: "")
        return await runner.run(environment: environment, clock: ContinuousClock(), runInfo: info)
    }

    /// The matrix as text: for each group, the correct-device line, each defect and what caught
    /// it, then the unproven cases and undetected defects.
    public static func matrix(_ groups: [Group]) -> String {
        var lines: [String] = []
        for g in groups {
            let passed = g.correct.filter { $0.verdict.kind == .pass }.count
            lines.append("OCPP \(g.version.rawValue), \(g.role.rawValue) under test")
            lines.append("  correct reference device: \(passed)/\(g.correct.count) pass")
            for r in g.brokenOnCorrect {
                lines.append("    \(r.verdict.kind.rawValue.uppercased()) \(r.info.id): \(r.verdict.headline)")
                if let frame = r.verdict.offendingFrame { lines.append("      offending frame: \(frame)") }
            }
            let width = max(20, (g.defectResults.map(\.defect.rawValue.count).max() ?? 0) + 2)
            // The requirement column as wide as its longest entry: never cut.
            let requirementWidth = max(28, (g.defectResults.map(\.defect.requirement.count).max() ?? 0) + 2)
            for (defect, results) in g.defectResults {
                let caught = results.filter { Selftest.detects($0) }.map { $0.info.id + ($0.verdict.kind == .nonStrict ? " (non-strict)" : "") }
                let errors = results.filter { $0.verdict.kind == .error }.map(\.info.id)
                var line = "  " + defect.rawValue.padding(toLength: width, withPad: " ", startingAt: 0) + defect.requirement.padding(toLength: requirementWidth, withPad: " ", startingAt: 0)
                let elsewhere = g.alternatives.contains { $0.defectResults.contains { $0.defect == defect && $0.results.contains { Selftest.detects($0) } } }
                line += !caught.isEmpty ? caught.joined(separator: " ")
                    : elsewhere ? "caught under another reference configuration (below)" : "UNDETECTED (\(results.count) cases ran)"
                if !errors.isEmpty { line += "  [errors: \(errors.joined(separator: " "))]" }
                lines.append(line)
            }
            for alternative in g.alternatives {
                lines.append("  with --reference-config \(alternative.configuration.joined(separator: " ")): \(alternative.correct.filter { $0.verdict.kind == .pass }.count)/\(alternative.correct.count) pass (\(alternative.correct.map(\.info.id).joined(separator: " ")))")
                for (defect, results) in alternative.defectResults {
                    let caught = results.filter { Selftest.detects($0) }.map(\.info.id)
                    guard !caught.isEmpty else { continue }
                    lines.append("    " + defect.rawValue.padding(toLength: width, withPad: " ", startingAt: 0) + caught.joined(separator: " "))
                }
            }
            lines.append("  unproven cases (no defect fails them): \(g.unproven.isEmpty ? "none" : g.unproven.joined(separator: " "))")
            if !g.notApplicableOnReference.isEmpty {
                lines.append("  not applicable to the reference device, so unproven here: \(g.notApplicableOnReference.joined(separator: " "))")
            }
            lines.append("  undetected defects: \(g.undetected.isEmpty ? "none" : g.undetected.map(\.rawValue).joined(separator: " "))")
        }
        return lines.joined(separator: "\n")
    }
}
