import BuiltinDUT
import ConformanceKit
import OCPPProtocol
import ReferenceDevices
import Testing

/// How the seeded defects of the B and P blocks are aimed, and what the reference profile claims.
@Suite("Selftest targeting of the provisioning defects")
struct ProvisioningSelftestTests {
    @Test("A defect runs against the blocks its requirement names; one naming no requirement runs against all")
    func blocksOfDefects() {
        #expect(Selftest.blocks(of: .offlineStatusChangesLost) == ["B"])
        #expect(Selftest.blocks(of: .availabilityNotPersistedOverReset) == ["B", "G"])
        #expect(Selftest.blocks(of: .dataTransferAcceptedUnknownVendor) == ["P"])
        #expect(Selftest.blocks(of: .customDataRejected) == nil)
    }

    @Test("The reference 2.0.1 station claims reset per EVSE (PICS C-13) and not SummaryInventory (C-56)")
    func referenceClaims() {
        let station = ReferenceProfile.profile(role: .chargingStation, version: .v201)
        #expect(station.claims.contains("ResetPerEVSE"))
        #expect(!station.claims.contains("SummaryInventory"))
        #expect(!ReferenceProfile.profile(role: .chargingStation, version: .v16).claims.contains("ResetPerEVSE"))
    }
}
