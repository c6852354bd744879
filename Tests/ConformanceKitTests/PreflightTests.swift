import Foundation
import Testing
@testable import ConformanceKit
import OCPPProtocol

/// Issue 18 (pre-flight of the DUT profile) and issue 19 items 2 and 5: the profile catalogue
/// describes everything the library reads, a profile is checked before any case runs, Part 5
/// decides applicability, and an action the rig cannot do is not applicable.
@Suite("Pre-flight and applicability")
struct PreflightTests {
    static let library = EndToEndTests.library

    /// Every `{{config.…}}` / `{{testData.…}}` a case (or a state it uses) reads, and every
    /// feature it requires, is described in ProfileCatalog for the case's version and role; else
    /// `init` would write a profile that cannot run the case.
    @Test func catalogueDescribesEveryKeyAndFeatureTheLibraryReads() throws {
        #expect(Self.library.cases.count > 400)
        var undescribed: Set<String> = []
        for c in Self.library.cases {
            let scope = ProfileCatalog.Scope(version: c.version, role: c.dutRole)
            for path in Preflight.placeholders(of: c, states: Self.library.states) {
                let parts = path.split(separator: ".").map(String.init)
                if parts[0] == "config" {
                    let key = parts[1]
                    if !ProfileCatalog.entries(ProfileCatalog.config, for: scope).contains(where: { $0.name == key }) {
                        undescribed.insert("\(c.id): config.\(key)")
                    }
                } else if parts.count >= 3, parts[1] == "idTokens" {
                    if !ProfileCatalog.entries(ProfileCatalog.idTokens, for: scope).contains(where: { $0.name == parts[2] }) {
                        undescribed.insert("\(c.id): \(path)")
                    }
                } else {
                    undescribed.insert("\(c.id): \(path)")
                }
            }
            for item in c.requires {
                for name in item.trimmingCharacters(in: CharacterSet(charactersIn: "!")).split(separator: "|").map(String.init)
                where !ProfileCatalog.isKnownFeature(name) {
                    undescribed.insert("\(c.id): feature \(name)")
                }
            }
        }
        for condition in CertificationProfiles.csmsConditions.values where !ProfileCatalog.entries(ProfileCatalog.features, for: .csms201).contains(where: { $0.name == condition.feature }) {
            undescribed.insert("CSMS condition feature \(condition.feature)")
        }
        #expect(undescribed.isEmpty, "not in ProfileCatalog: \(undescribed.sorted().joined(separator: "; "))")
    }

    @Test func placeholdersComeFromTheCaseItsStatesAndTheirWhenConditions() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("preflight-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try """
            state: Plugged
            ocpp: "2.0.1"
            role: ChargingStation
            purpose: test
            steps:
              - action: plugIn
                when: "{{config.txStartPoint}} contains EVConnected"
                with: { evse: 1 }
            """.write(to: dir.appendingPathComponent("Plugged.yaml"), atomically: true, encoding: .utf8)
        try """
            id: TC_X_01_CS
            name: Test
            ocpp: "2.0.1"
            block: X Test
            purpose: test
            given: [Plugged]
            # a comment naming {{config.notRead}} is not a read
            steps:
              - send: Heartbeat
                payload: { at: "{{ now - config.alignedDataInterval }}" }
                within: "{{config.messageTimeout}}s"
              - action: presentIdToken
                with: { idToken: "{{testData.idTokens.valid2.idToken}}" }
            """.write(to: dir.appendingPathComponent("TC_X_01_CS.yaml"), atomically: true, encoding: .utf8)
        let library = CaseLibrary.load(paths: [dir.path])
        let c = try #require(library.cases.first)
        #expect(Preflight.placeholders(of: c, states: library.states)
            == ["config.txStartPoint", "config.messageTimeout", "config.alignedDataInterval", "testData.idTokens.valid2.idToken"])
    }

    @Test func missingValuesAndUnknownKeysAreReportedTogetherWithDidYouMean() throws {
        let cases = Self.library.cases.filter { ["TC_E_01_CS", "TC_B_01_CS"].contains($0.id) }
        #expect(cases.count == 2)
        var profile = testProfile()
        profile.config["heartbeatIntervall"] = 300
        profile.features = ["ResetPerEVSEE"]
        profile.testData = ["idTokens": ["valid": ["idToken": "V", "type": "ISO14443"], "vaild2": ["idToken": "W", "type": "ISO14443"]]]
        let problems = Preflight.problems(cases: cases, states: Self.library.states, profile: profile)
        #expect(problems.contains { $0.contains("config.txStartPoint is missing; TC_E_01_CS reads it.") })
        #expect(problems.contains("the DUT profile: config.heartbeatIntervall is not a key any case reads (did you mean heartbeatInterval?)."))
        #expect(problems.contains("the DUT profile: features lists \"ResetPerEVSEE\", which no case requires (did you mean ResetPerEVSE?)."))
        #expect(problems.contains("the DUT profile: testData.idTokens.vaild2 is not an idToken any case uses (did you mean valid2?)."))
    }

    @Test func aCompleteProfileHasNoProblems() throws {
        var profile = testProfile()
        for e in ProfileCatalog.entries(ProfileCatalog.config, for: .station201) where e.derivedFrom == nil && e.onlyWhen == nil {
            profile.config[e.name] = e.defaultValue
        }
        var tokens = JSONObject()
        for e in ProfileCatalog.entries(ProfileCatalog.idTokens, for: .station201) { tokens[e.name] = e.defaultValue }
        profile.testData = ["idTokens": .object(tokens)]
        profile.versions = [.v201]
        let applicable = Self.library.cases.filter { Runner.notApplicableReason($0, profile: profile) == nil }
        #expect(applicable.count > 50)
        #expect(Preflight.problems(cases: applicable, states: Self.library.states, profile: profile) == [])
    }

    @Test func didYouMeanIsWithinTwoEdits() {
        #expect(ProfileCatalog.didYouMean("heartbeatIntervall", among: ["heartbeatInterval", "bootTimeout"]) == "heartbeatInterval")
        #expect(ProfileCatalog.didYouMean("ResetPerEVSEE", among: ["ResetPerEVSE"]) == "ResetPerEVSE")
        #expect(ProfileCatalog.didYouMean("somethingElse", among: ["ResetPerEVSE"]) == nil)
        #expect(ProfileCatalog.levenshtein("kitten", "sitting") == 3)
    }

    // MARK: Part 5 applicability

    func csmsProfile(profiles: [String], features: [String] = []) -> DUTProfile {
        var p = testProfile(role: .csms)
        p.versions = [.v201]
        p.profiles = profiles
        p.features = features
        return p
    }

    func testCase(_ id: String) throws -> TestCase {
        try #require(Self.library.cases.first { $0.id == id })
    }

    @Test func csmsCaseOutsideItsPICSConditionIsNotApplicableWithTheReason() throws {
        let reason = Runner.notApplicableReason(try testCase("TC_B_02_CSMS"), profile: csmsProfile(profiles: ["Core"]))
        #expect(reason == "TC_B_02_CSMS needs C-44 (Support for sending a BootNotification Pending before Accepting), which the DUT profile does not claim (feature BootNotificationPending)")
        #expect(Runner.notApplicableReason(try testCase("TC_B_02_CSMS"), profile: csmsProfile(profiles: ["Core"], features: ["BootNotificationPending"])) == nil)
        #expect(Runner.notApplicableReason(try testCase("TC_E_29_CSMS"), profile: csmsProfile(profiles: ["Core"]))?.contains("C-16") == true)
        #expect(Runner.notApplicableReason(try testCase("TC_B_01_CSMS"), profile: csmsProfile(profiles: ["Core"])) == nil)
    }

    @Test func stationCaseOutsideItsPICSConditionIsNotApplicable() throws {
        var station = testProfile()
        station.versions = [.v201]
        #expect(Runner.notApplicableReason(try testCase("TC_E_03_CS"), profile: station)
            == "TC_E_03_CS needs C-30 – C-35 (one or more local start authorization options), which the DUT profile does not claim (feature LocalAuthorization)")
        station.features = ["LocalAuthorization", "CombinedStationCertificate"]
        #expect(Runner.notApplicableReason(try testCase("TC_E_03_CS"), profile: station) == nil)
        #expect(Runner.notApplicableReason(try testCase("TC_F_27_CS"), profile: station)
            == "TC_F_27_CS is for a DUT without ISO-3 (Combined charging station certificate), which the DUT profile claims (feature CombinedStationCertificate)")
        for condition in CertificationProfiles.stationConditions.values {
            #expect(ProfileCatalog.entries(ProfileCatalog.features, for: .station201).contains { $0.name == condition.feature }, "\(condition.feature)")
        }
    }

    @Test func caseOutsideTheClaimedCertificationProfilesIsNotApplicable() throws {
        let core = csmsProfile(profiles: ["Core"])
        #expect(Runner.notApplicableReason(try testCase("TC_D_01_CSMS"), profile: core)
            == "TC_D_01_CSMS belongs to the Local Authorization List Management certification profile, which the DUT profile does not claim (it claims Core)")
        #expect(Runner.notApplicableReason(try testCase("TC_I_02_CSMS"), profile: core)?.contains("Advanced User Interface") == true)
        #expect(Runner.notApplicableReason(try testCase("TC_D_01_CSMS"), profile: csmsProfile(profiles: ["Core", "Local Authorization List Management"])) == nil)
        // Station cases too, and 1.6 profiles by the case's own `profiles:`.
        var station = testProfile()
        station.profiles = ["Core"]
        let list16 = try testCase("TC_042_2_CS")
        #expect(Runner.notApplicableReason(list16, profile: station)
            == "TC_042_2_CS belongs to the LocalAuthListManagement certification profile, which the DUT profile does not claim (it claims Core)")
        station.profiles = ["Core", "Local Auth List Management"]
        #expect(Runner.notApplicableReason(list16, profile: station)?.contains("certification profile") != true)
    }

    @Test func excludeLeavesOutIdsAndGlobs() {
        let s = Selection(versions: [.v201], roles: [.csms], excluded: ["TC_B_0*", "TC_E_29_CSMS"])
        let chosen = Self.library.cases.filter(s.includes).map(\.id)
        #expect(chosen.contains("TC_B_10_CSMS"))
        #expect(!chosen.contains("TC_B_01_CSMS"))
        #expect(!chosen.contains("TC_E_29_CSMS"))
        #expect(chosen.contains("TC_E_30_CSMS"))
    }

    // MARK: Actions the rig cannot perform

    @Test func unsupportedActionMakesTheCaseNotApplicable() throws {
        var d = Driver(try Fixture.machine("""
            steps:
              - action: faultConnector
                with: { evse: 1, connector: 1 }
              - receive: StatusNotification
            """))
        d.start()
        d.feed(.actionFinished(id: 1, outcome: .unsupported("the operator answered \"n\"")))
        #expect(d.verdict?.kind == .notApplicable)
        #expect(d.verdict?.reason == "this rig cannot perform faultConnector (the operator answered \"n\")")
        var c = Driver(try Fixture.machine("""
            steps:
              - action: ClearCache
              - receive: ClearCache
            """, id: "TC_X_01_CSMS", profile: testProfile(role: .csms)))
        c.start()
        c.feed(.actionFinished(id: 1, outcome: .unsupported("POST http://x answered HTTP 501 with an empty body")))
        #expect(c.verdict?.kind == .notApplicable)
        #expect(c.verdict?.reason == "the CSMS cannot send ClearCache (POST http://x answered HTTP 501 with an empty body)")
    }

    @Test func httpAnswersOfTheActionEndpoint() throws {
        let url = try #require(URL(string: "http://127.0.0.1:1/action"))
        #expect(HTTPActionDriver.outcome(status: 200, body: Data(), url: url) == .done)
        #expect(HTTPActionDriver.outcome(status: 204, body: Data(#"{"supported": true}"#.utf8), url: url) == .done)
        #expect(HTTPActionDriver.outcome(status: 200, body: Data(#"{"supported": false}"#.utf8), url: url)
            == .unsupported(#"POST http://127.0.0.1:1/action answered HTTP 200 with "{"supported": false}""#))
        #expect(HTTPActionDriver.outcome(status: 501, body: Data("no ClearCache here".utf8), url: url)
            == .unsupported(#"POST http://127.0.0.1:1/action answered HTTP 501 with "no ClearCache here""#))
        #expect(HTTPActionDriver.outcome(status: 500, body: Data("database down".utf8), url: url)
            == .failed(#"POST http://127.0.0.1:1/action answered HTTP 500 with "database down"; expected 2xx (done), 501 or {"supported": false} (cannot)"#))
    }

    @Test func commandExitCode64IsUnsupported() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cmd64-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = dir.appendingPathComponent("rig.sh")
        try "#!/bin/sh\nif [ \"$1\" = faultConnector ]; then echo 'no fault relay' >&2; exit 64; fi\nexit 3\n".write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        let driver = CommandActionDriver(command: [script.path], timeout: .seconds(10))
        #expect(await driver.perform(id: 1, name: "faultConnector", arguments: [:], prompt: "")
            == .unsupported("\(script.path) faultConnector exited with status 64: no fault relay"))
        #expect(await driver.perform(id: 2, name: "plugIn", arguments: [:], prompt: "") == .failed("\(script.path) plugIn exited with status 3"))
    }

    @Test func operatorAnswerNIsUnsupported() {
        #expect(PromptActionDriver.outcome(ofAnswer: "n") == .unsupported("the operator answered \"n\""))
        #expect(PromptActionDriver.outcome(ofAnswer: " No ") == .unsupported("the operator answered \"No\""))
        #expect(PromptActionDriver.outcome(ofAnswer: "") == .confirmed)
    }

    /// docs/actions.md is the vocabulary's text, and names every action the library uses.
    @Test func actionsDocumentIsGeneratedFromTheVocabularyAndComplete() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let doc = try String(contentsOf: root.appendingPathComponent("docs/actions.md"), encoding: .utf8)
        #expect(doc == ActionVocabulary.markdown + "\n", "docs/actions.md is stale: run `ocppspec list --actions > docs/actions.md`")
        var missing: Set<String> = []
        func visit(_ steps: [Step], role: OCPPRole) {
            for s in steps {
                switch s.kind {
                case .action(let a):
                    let known = role == .chargingStation ? ActionVocabulary.stationArguments[a.name] != nil : ActionVocabulary.csmsRequests[a.name] != nil
                    if !known { missing.insert("\(role.rawValue) \(a.name)") }
                case .anyOf(let inner), .unordered(let inner): visit(inner, role: role)
                default: break
                }
            }
        }
        for c in Self.library.cases { visit(c.steps, role: c.dutRole) }
        for s in Self.library.states.states.values { visit(s.steps, role: s.dutRole) }
        #expect(missing.isEmpty, "actions without documented arguments: \(missing.sorted())")
        #expect(Set(ActionVocabulary.station.keys) == Set(ActionVocabulary.stationArguments.keys))
    }
}
