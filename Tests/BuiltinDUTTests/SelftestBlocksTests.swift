import BuiltinDUT
import ReferenceDevices
import OCPPProtocol
import Testing

/// The selftest runs each defect against the cases of the blocks its requirement names.
@Test func selftestReadsBlocksFromRequirementIds() {
    #expect(Selftest.blocks(of: .csmsAnswersWhilePendingOrRejected) == ["B"])
    #expect(Selftest.blocks(of: .csmsNullForOptionalFields) == nil)
}

/// Every currentTime a CSMS sends is checked against the harness's clock in every case (issue 19:
/// about 100 BootNotification answers up to 367 s old had passed).
@Test func staleBootCurrentTimeFailsEveryCaseThatBoots() async throws {
    var library = Repository.library
    library.cases = library.cases.filter { ["TC_B_01_CSMS", "TC_003_CSMS"].contains($0.id) }
    for version in [OCPPVersion.v201, .v16] {
        let selftest = Selftest(library: library, versions: [version], roles: [.csms], defects: [.csmsBootCurrentTimeStale], parallelism: 2)
        let groups = await selftest.run()
        let group = try #require(groups.first)
        #expect(group.correct.allSatisfy { $0.verdict.kind == .pass }, "the correct CSMS's time is current")
        let results = try #require(group.defectResults.first { $0.defect == .csmsBootCurrentTimeStale }?.results)
        #expect(!results.isEmpty)
        for r in results {
            #expect(r.verdict.kind == .fail, "\(r.info.id): \(r.verdict.headline)")
            #expect(r.verdict.headline.contains("currentTime in its BootNotification answer is 367"), "\(r.verdict.headline)")
        }
    }
}
