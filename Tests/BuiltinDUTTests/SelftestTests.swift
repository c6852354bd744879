import BuiltinDUT
import ConformanceKit
import Foundation
import OCPPProtocol
import ReferenceDevices
import Testing

/// The suite proven against the reference devices (DESIGN.md): every case in TestCases/ passes on
/// the correct devices and fails on at least one seeded defect. The matrix is printed for the log.
@Suite("Selftest of the case library against the reference devices")
struct SelftestTests {
    static var library: CaseLibrary { Repository.library }

    @Test func everyCasePassesOnTheCorrectDevicesAndIsKilledByADefect() async throws {
        #expect(Self.library.diagnostics.isEmpty, "case files with problems: \(Self.library.diagnostics.map(\.description))")
        #expect(!Self.library.cases.isEmpty)
        // Moderate concurrency: the reference devices run in real time, and a starved machine would
        // measure its own load rather than the cases.
        var selftest = Selftest(library: Self.library, parallelism: 8)
        selftest.concurrentDefects = 4
        // Cases the default reference cannot run are proven under the other reference configurations.
        selftest.alternativeConfigurations = Selftest.referenceAlternatives
        let groups = await selftest.run()
        print(Selftest.matrix(groups))
        for g in groups {
            for r in g.brokenOnCorrect {
                Issue.record("\(r.info.id) does not pass on the correct reference \(g.role.rawValue) (OCPP \(g.version.rawValue)): \(r.verdict.kind.rawValue): \(r.verdict.headline)")
            }
            #expect(g.unproven.isEmpty, "OCPP \(g.version.rawValue) \(g.role.rawValue): no seeded defect fails \(g.unproven.joined(separator: ", "))")
            #expect(g.undetected.isEmpty, "OCPP \(g.version.rawValue) \(g.role.rawValue): no case catches \(g.undetected.map(\.rawValue).joined(separator: ", "))")
        }
        let ran = groups.reduce(0) { $0 + $1.correct.count }
        #expect(ran == Self.library.cases.count, "every case of the library ran on a correct device")
    }

    @Test func defectBlocksComeFromTheirRequirementIds() {
        #expect(Selftest.blocks(of: .bootIgnoresPending) == ["B"])
        #expect(Selftest.blocks(of: .messageIdReused) == nil, "an OCPP-J rule applies to every block")
    }
}
