import BuiltinDUT
import ReferenceDevices
import Testing

/// The selftest runs each defect against the cases of the blocks its requirement names.
@Test func selftestReadsBlocksFromRequirementIds() {
    #expect(Selftest.blocks(of: .csmsAnswersWhilePendingOrRejected) == ["B"])
    #expect(Selftest.blocks(of: .csmsNullForOptionalFields) == nil)
}
