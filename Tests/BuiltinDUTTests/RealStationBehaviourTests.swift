import BuiltinDUT
import ConformanceKit
import OCPPProtocol
import Testing

/// Behaviours a correct station may have that a real charging-station stack showed and the suite
/// judged false (issue 29), each reproduced by a `--reference-config` of the reference station:
/// the correct reference station so configured must pass every affected case (or be outside it,
/// notApplicable, where the OCTT prerequisite excludes it).
@Suite("Cases under the behaviours of a real station (issue 29)")
struct RealStationBehaviourTests {
    struct Variant: Sendable, CustomTestStringConvertible {
        var configuration: [String]
        var version: OCPPVersion
        var ids: [String]
        /// The cases whose OCTT prerequisite excludes this station.
        var notApplicable: Set<String> = []
        var testDescription: String { configuration.joined(separator: " ") }
    }

    static let variants: [Variant] = [
        // Item 1 (and 2): the power path closes at the plug-in, SuspendedEV until the EV draws.
        Variant(configuration: ["powerPathClosedAtPlugIn=true"], version: .v201, ids: [
            "TC_B_21_CS", "TC_B_22_CS", "TC_B_41_CS", "TC_C_04_CS", "TC_C_34_CS", "TC_E_01_CS", "TC_E_04_CS",
            "TC_E_05_CS", "TC_E_06_CS", "TC_E_30_CS", "TC_E_32_CS", "TC_E_38_CS",
            "TC_E_41_CS", "TC_E_42_CS", "TC_E_44_CS", "TC_E_50_CS", "TC_E_51_CS", "TC_F_08_CS", "TC_F_09_CS", "TC_G_11_CS",
            "TC_G_14_CS", "TC_G_17_CS", "TC_J_09_CS", "TC_C_15_CS",
        ]),
        // The cases of item 1 that need another stop point or no EVSE reset, with the station's own.
        Variant(configuration: ["powerPathClosedAtPlugIn=true", "txStopPoint=PowerPathClosed", "endInOneEvent=true"], version: .v201,
                ids: ["TC_E_07_CS", "TC_E_35_CS", "TC_E_37_CS", "TC_B_21_CS", "TC_E_06_CS", "TC_G_14_CS"]),
        Variant(configuration: ["powerPathClosedAtPlugIn=true", "resetPerEVSE=false"], version: .v201, ids: ["TC_B_29_CS"]),
        // Item 1a: a local stop authorization ends the transaction in one Ended / StopAuthorized event.
        Variant(configuration: ["txStopPoint=PowerPathClosed", "endInOneEvent=true"], version: .v201, ids: [
            "TC_B_21_CS", "TC_B_41_CS", "TC_E_06_CS", "TC_E_07_CS", "TC_E_32_CS", "TC_G_11_CS", "TC_G_14_CS", "TC_G_17_CS",
        ]),
        // Item 3: the heartbeat timer runs from power-up.
        Variant(configuration: ["heartbeatFromPowerUp=true"], version: .v16, ids: ["TC_001_CS", "TC_002_CS"]),
        // Item 6: sockets without a connector lock; and a fixed cable excludes the socket cases.
        Variant(configuration: ["connectorLock=false"], version: .v16, ids: ["TC_005_1_CS", "TC_017_1_CS", "TC_018_1_CS"],
                notApplicable: ["TC_017_1_CS", "TC_018_1_CS"]),
        Variant(configuration: ["features=FixedCable"], version: .v16, ids: ["TC_005_1_CS", "TC_017_1_CS", "TC_018_1_CS"],
                notApplicable: ["TC_005_1_CS", "TC_017_1_CS", "TC_018_1_CS"]),
        // Item 4: AuthorizeRemoteStart read-only, at false and at true.
        Variant(configuration: ["readOnlyVariables=AuthCtrlr.AuthorizeRemoteStart"], version: .v201, ids: ["TC_F_02_CS", "TC_F_03_CS"],
                notApplicable: ["TC_F_02_CS"]),
        Variant(configuration: ["readOnlyVariables=AuthCtrlr.AuthorizeRemoteStart", "authorizeRemoteStart=true"], version: .v201,
                ids: ["TC_F_02_CS", "TC_F_03_CS"], notApplicable: ["TC_F_03_CS"]),
        // Items 4 and 5: optional variables missing, attributeType Actual left out of answers.
        Variant(configuration: ["omittedVariables=SampledDataCtrlr.Enabled,Connector.AvailabilityState", "omitsActualAttributeType=true"],
                version: .v201, ids: ["TC_E_40_CS", "TC_B_06_CS", "TC_B_07_CS", "TC_B_09_CS", "TC_B_10_CS", "TC_B_13_CS", "TC_B_53_CS"]),
        // Item 8a: the station's own MessageTimeout (8 s) is not the harness's (the profile's 5 s).
        Variant(configuration: ["stationMessageTimeout=8"], version: .v201, ids: ["TC_E_41_CS", "TC_E_42_CS"]),
        // Item 8a rest: a shorter one (2 s): the station gives its unanswered CALL up after its own
        // timeout and sends its next CALL (a Heartbeat, the queued TransactionEvents) before the profile's.
        Variant(configuration: ["stationMessageTimeout=2"], version: .v201, ids: ["TC_E_41_CS", "TC_E_42_CS", "TC_E_50_CS", "TC_E_51_CS"]),
        Variant(configuration: ["stationMessageTimeout=2", "powerPathClosedAtPlugIn=true"], version: .v201,
                ids: ["TC_E_41_CS", "TC_E_42_CS", "TC_E_50_CS", "TC_E_51_CS"]),
    ]

    @Test(arguments: variants)
    func theCorrectStationPassesUnderTheBehaviour(_ variant: Variant) async {
        var selftest = Selftest(library: Repository.library, ids: variant.ids, parallelism: 12)
        selftest.concurrentDefects = 1
        let sweep = await selftest.correctUnder([variant.configuration], version: variant.version, role: .chargingStation)
        let results = sweep.first?.results ?? []
        #expect(Set(results.map(\.info.id)) == Set(variant.ids), "every case named ran")
        for r in results {
            let expected: VerdictKind = variant.notApplicable.contains(r.info.id) ? .notApplicable : .pass
            #expect(r.verdict.kind == expected, "\(r.info.id) under --reference-config \(variant.testDescription): \(r.verdict.kind.rawValue): \(r.verdict.headline)")
        }
    }

    /// The same configurations as profile statements: what the cases' `requires` read.
    @Test func theConfigurationsClaimWhatTheStationIs() throws {
        let noLock = try ReferenceProfile.profile(role: .chargingStation, version: .v16, overrides: ["connectorLock=false"])
        #expect(!noLock.features.contains("ConnectorLock"))
        let readOnlyFalse = try ReferenceProfile.profile(role: .chargingStation, version: .v201, overrides: ["readOnlyVariables=AuthCtrlr.AuthorizeRemoteStart"])
        #expect(readOnlyFalse.features.contains("ReadOnly.AuthCtrlr.AuthorizeRemoteStart=false"))
        let readOnlyTrue = try ReferenceProfile.profile(
            role: .chargingStation, version: .v201, overrides: ["readOnlyVariables=AuthCtrlr.AuthorizeRemoteStart", "authorizeRemoteStart=true"])
        #expect(readOnlyTrue.features.contains("ReadOnly.AuthCtrlr.AuthorizeRemoteStart=true"))
    }
}
