import BuiltinDUT
import ConformanceKit
import OCPPProtocol
import Testing

@Suite struct ReferenceProfileTests {
    @Test func stationProfileStatesTransactionPoints() {
        let profile = ReferenceProfile.profile(role: .chargingStation, version: .v201)
        #expect(profile.config["txStartPoint"] == "PowerPathClosed")
        #expect(profile.config["txStopPoint"] == "EVConnected,Authorized")
    }
}
