import OCPPProtocol
import Testing

@testable import ReferenceDevices

/// Block D (2.0.1) and the 1.6 Local Auth List Management profile between the reference CSMS and
/// the reference station, and the defects of both.
@Suite("Local Authorization List, OCPP 2.0.1 and 1.6")
struct LocalListTests {
    func run(csms defects: Set<Defect> = [], station stationDefects: Set<Defect> = [], _ body: @Sendable (Rig) async throws -> Void) async throws {
        try await Rig.run(station: StationV201Tests.config { $0.defects = stationDefects }, csms: StationV201Tests.csms { $0.defects = defects }) { rig in
            try await rig.booted()
            try await body(rig)
            rig.expectValidWire()
        }
    }

    func version(_ rig: Rig) async throws -> Int? {
        try await rig.csms.perform(action: "GetLocalListVersion")["versionNumber"]?.intValue
    }

    /// LocalAuthListCtrlr.Entries: how many idTokens the station's list holds.
    func entries(_ rig: Rig) async throws -> Int? {
        let reply = try await rig.csms.perform(action: "GetVariables", arguments: ["component": "LocalAuthListCtrlr", "variable": "Entries"])
        return reply["getVariableResult"]?.arrayValue?.first?["attributeValue"]?.stringValue.flatMap { Int($0) }
    }

    @Test("Full, Differential (the CSMS asks for the version first), removal and an empty Full list")
    func updates() async throws {
        try await run { rig in
            #expect(try await rig.csms.perform(action: "SendLocalList").text("status") == "Accepted")
            #expect(try await version(rig) == 1)
            let full = try #require(try await entries(rig))
            #expect(full > 1)
            let before = rig.log.all.count
            #expect(try await rig.csms.perform(action: "SendLocalList", arguments: ["updateType": "Differential"]).text("status") == "Accepted")
            let sent = rig.log.all.dropFirst(before).filter { !$0.fromStation }.compactMap { try? FrameParser(version: .v201).parse($0.text).action }
            #expect(sent == ["GetLocalListVersion", "SendLocalList"])
            #expect(try await version(rig) == 2)
            let removal: JSONValue = ["updateType": "Differential", "localAuthorizationList": [["idToken": ["idToken": "VALID001", "type": "ISO14443"]]]]
            #expect(try await rig.csms.perform(action: "SendLocalList", arguments: removal).text("status") == "Accepted")
            #expect(try await entries(rig) == full - 1, "the entry without idTokenInfo removed VALID001")
            #expect(try await rig.csms.perform(action: "SendLocalList", arguments: ["localAuthorizationList": []]).text("status") == "Accepted")
            #expect(try await entries(rig) == 0)
            #expect(try await version(rig) == 1, "a Full update without versionNumber argument carries 1")
        }
    }

    @Test("CSMS defects: the version not raised, an empty list filled in, a removal that keeps idTokenInfo")
    func csmsDefects() async throws {
        try await run(csms: [.csmsLocalListVersionNotIncreased]) { rig in
            let full = try await rig.csms.perform(action: "SendLocalList", arguments: ["versionNumber": 4])
            #expect(full.text("status") == "Accepted")
            let differential = try await rig.csms.perform(action: "SendLocalList", arguments: ["updateType": "Differential"])
            #expect(differential.text("status") == "VersionMismatch", "the update repeats version 4 instead of raising it")
        }
        let context = OperatorRequests.Context(version: .v201, defects: [.csmsEmptyLocalListFilledIn, .csmsLocalListRemovalKeepsInfo])
        let filled = try OperatorRequests.payload(for: "SendLocalList", arguments: ["localAuthorizationList": []], context: context)
        #expect(filled["localAuthorizationList"]?.arrayValue?.isEmpty == false)
        let removal = try OperatorRequests.payload(
            for: "SendLocalList", arguments: ["updateType": "Differential", "localAuthorizationList": [["idToken": ["idToken": "VALID001", "type": "ISO14443"]]]], context: context)
        #expect(removal["localAuthorizationList"]?.arrayValue?.first?["idTokenInfo"] != nil)
        let correct = try OperatorRequests.payload(for: "SendLocalList", arguments: ["localAuthorizationList": []], context: .init(version: .v201))
        #expect(correct["localAuthorizationList"] == nil && correct["versionNumber"]?.intValue == 1)
    }

    @Test("Station defects: an old differential version accepted, the list lost in a power cycle, a version reported while disabled")
    func stationDefects() async throws {
        try await run(station: [.localListAcceptsOldVersion]) { rig in
            _ = try await rig.csms.perform(action: "SendLocalList", arguments: ["versionNumber": 7])
            #expect(try await rig.csms.perform(action: "SendLocalList", arguments: ["versionNumber": 6, "updateType": "Differential"]).text("status") == "Accepted")
        }
        try await run(station: [.localListNotPersistedOverReboot]) { rig in
            _ = try await rig.csms.perform(action: "SendLocalList", arguments: ["versionNumber": 7])
            let mark = await rig.mark()
            try await rig.station.reboot()
            try await rig.expect("BootNotification", after: mark)
            #expect(try await version(rig) == 0)
        }
        try await run(station: [.localListVersionWhileDisabled]) { rig in
            _ = try await rig.csms.perform(action: "SendLocalList", arguments: ["versionNumber": 7])
            _ = try await rig.csms.perform(action: "SetVariables", arguments: ["component": "LocalAuthListCtrlr", "variable": "Enabled", "value": "false"])
            #expect(try await version(rig) == 7)
        }
    }

    @Test("1.6: without the profile, NotSupported and version -1; a failing list memory answers Failed; CSMS defects")
    func v16() async throws {
        try await Rig.run(station: StationV16Tests.config { $0.localAuthListSupported = false }, csms: StationV16Tests.csms()) { rig in
            try await rig.booted()
            let send = try await rig.csms.perform(action: "SendLocalList")
            #expect(send.text("status") == "NotSupported")
            let version = try await rig.csms.perform(action: "GetLocalListVersion")
            #expect(version["listVersion"]?.intValue == -1)
            let profiles = try await rig.csms.perform(action: "GetConfiguration", arguments: ["key": "SupportedFeatureProfiles"])
            #expect(profiles["configurationKey"]?.arrayValue?.first?.text("value") == "Core,RemoteTrigger")
            rig.expectValidWire()
        }
        try await Rig.run(station: StationV16Tests.config(), csms: StationV16Tests.csms()) { rig in
            try await rig.booted()
            _ = try await rig.station.perform(action: "preventLocalListStorage")
            let send = try await rig.csms.perform(action: "SendLocalList", arguments: ["listVersion": 2])
            #expect(send.text("status") == "Failed")
            rig.expectValidWire()
        }
        let context = OperatorRequests.Context(version: .v16, defects: [.csmsLocalListOnlyDifferential, .csmsDifferentialListWithoutInfo])
        let differential = try OperatorRequests.payload(for: "SendLocalList", arguments: ["updateType": "Full"], context: context)
        #expect(differential.text("updateType") == "Differential")
        #expect(differential["localAuthorizationList"]?.arrayValue?.allSatisfy { $0["idTagInfo"] == nil } == true)
        let correct = try OperatorRequests.payload(for: "SendLocalList", arguments: ["updateType": "Differential"], context: .init(version: .v16))
        #expect(correct["localAuthorizationList"]?.arrayValue?.allSatisfy { $0["idTagInfo"] != nil } == true)
    }
}
