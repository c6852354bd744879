import BuiltinDUT
import ConformanceKit
import OCPPProtocol
import ReferenceDevices
import Testing

@Suite struct ReferenceProfileTests {
    @Test func stationProfileStatesTransactionPoints() {
        let profile = ReferenceProfile.profile(role: .chargingStation, version: .v201)
        #expect(profile.config["txStartPoint"] == "PowerPathClosed")
        #expect(profile.config["txStopPoint"] == "EVConnected,Authorized")
    }

    /// The template of `ocppspec init` (ProfileCatalog) and the built-in profiles use the idTokens
    /// the reference CSMS knows, each with the status its name says (issue 18: "the template's
    /// idTokens are unknown to the reference CSMS").
    @Test func templateIdTokensAreTheOnesTheReferenceCSMSKnows() throws {
        let known = CSMSConfiguration.defaultIdTokens
        let expected = ["valid": "Accepted", "valid2": "Accepted", "invalid": "Invalid", "blocked": "Blocked", "expired": "Expired", "masterPass": "Accepted"]
        var tokens = JSONObject()
        for e in ProfileCatalog.idTokens { tokens[e.name] = e.defaultValue }
        for (name, status) in expected {
            let token = try #require(tokens[name]?["idToken"]?.stringValue, "\(name)")
            #expect(known[token]?.status == status, "\(name) = \(token)")
        }
        #expect(known[try #require(tokens["unknown"]?["idToken"]?.stringValue)] == nil)
        #expect(tokens["groupId"]?.stringValue == known[tokens["valid"]?["idToken"]?.stringValue ?? ""]?.groupId)
        #expect(tokens["masterPassGroupId"]?.stringValue == CSMSConfiguration.masterPassGroupId)
        for role in [OCPPRole.chargingStation, .csms] {
            let reference = ReferenceProfile.profile(role: role, version: .v201)
            #expect(reference.testData["idTokens"] == .object(tokens))
        }
    }
}
