import Foundation
import Testing
@testable import ConformanceKit
import OCPPProtocol
import OCPPTransport

/// The engine over real loopback WebSockets against small in-test devices: the B-block case files
/// of the repository pass against correct devices and fail, for the right reason, against faulty ones.
@Suite("End to end over loopback WebSockets", .serialized)
struct EndToEndTests {
    static let library: CaseLibrary = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return CaseLibrary.load(paths: [root.appendingPathComponent("TestCases").path])
    }()

    func stationProfile() -> DUTProfile {
        var p = testProfile()
        p.connection.listenPort = 0
        p.config["heartbeatInterval"] = 2
        p.config["bootTimeout"] = 10
        p.messageTimeout = .seconds(3)
        p.timeDeviation = .seconds(1)
        p.caseTimeout = .seconds(30)
        p.versions = [.v201]
        return p
    }

    func runStation(_ ids: [String], defects: Set<TestStation.Defect>) async throws -> [String: CaseResult] {
        #expect(Self.library.diagnostics.isEmpty, "\(Self.library.diagnostics)")
        let profile = stationProfile()
        let station = TestStation(defects: defects)
        let url = Box<String>()
        let actions = BuiltinActionDriver { name, _ in
            guard name == "reboot" else { throw FixtureError("unexpected action \(name)") }
            await station.reboot()
        }
        let recorder = ResultRecorder()
        let session = NetworkSession(profile: profile, version: .v201, actions: actions, onListening: { url.set($0) })
        let results = try await session.run { environment in
            try await withThrowingTaskGroup(of: [CaseResult]?.self) { group in
                group.addTask {
                    guard let full = url.get else { return nil }
                    let endpoint = String(full.dropLast(profile.identity.stationId.count + 1))
                    await station.run(url: endpoint, stationId: profile.identity.stationId)
                    return nil
                }
                group.addTask {
                    let runner = Runner(library: Self.library, profile: profile, selection: Selection(ids: ids), sinks: [recorder])
                    return await runner.run(environment: environment, clock: ContinuousClock(), runInfo: RunInfo(runId: "t", startedAt: Date(), dutDescription: "test", harnessVersion: "test", selection: ""))
                }
                var out: [CaseResult] = []
                while let r = try await group.next() {
                    if let r {
                        out = r
                        group.cancelAll()
                    }
                }
                return out
            }
        }
        return Dictionary(uniqueKeysWithValues: results.map { ($0.info.id, $0) })
    }

    @Test func bBlockCasesPassAgainstACorrectStation() async throws {
        let results = try await runStation(["TC_B_01_CS", "TC_B_02_CS", "TC_B_03_CS"], defects: [])
        for id in ["TC_B_01_CS", "TC_B_02_CS", "TC_B_03_CS"] {
            let r = try #require(results[id])
            #expect(r.verdict.kind == .pass, "\(id): \(r.verdict.headline)\n\(r.trace.map { "\($0.kind) \($0.text)" }.joined(separator: "\n"))")
            if ProcessInfo.processInfo.environment["SHOW_TRACE"] != nil { print(r.trace.map { "\(r.info.id) \($0.seconds) \($0.kind) \($0.text)" }.joined(separator: "\n")) }
        }
    }

    @Test func pendingCaseCatchesAStationThatTalksWhilePending() async throws {
        let results = try await runStation(["TC_B_02_CS"], defects: [.talksWhilePending])
        let v = try #require(results["TC_B_02_CS"]).verdict
        #expect(v.kind == .fail)
        #expect(v.requirements == ["B02.FR.02"])
        #expect(v.reason == "the DUT sent StatusNotification, which is forbidden between steps pending and acceptedAfterInterval")
    }

    @Test func rejectedCaseCatchesAnEarlyRetry() async throws {
        let results = try await runStation(["TC_B_03_CS"], defects: [.retriesRejectedBootAtOnce])
        let v = try #require(results["TC_B_03_CS"]).verdict
        #expect(v.kind == .fail)
        #expect(v.requirements == ["B03.FR.04"])
        #expect(v.reason.hasPrefix("BootNotification arrived ") && v.reason.hasSuffix("earlier than the allowed 1 s"))
    }

    @Test func coldBootCatchesMissingConnectorStatus() async throws {
        let results = try await runStation(["TC_B_01_CS"], defects: [.noStatusAfterBoot])
        let v = try #require(results["TC_B_01_CS"]).verdict
        #expect(v.kind == .fail)
        #expect(v.requirements == ["B01.FR.05"])
        #expect(v.reason.hasPrefix("1 of 2 expected messages did not arrive within 3 s"))
    }

    // MARK: CSMS under test

    func runCSMS(_ ids: [String], defects: Set<TestCSMS.Defect>) async throws -> [String: CaseResult] {
        let csms = TestCSMS(defects: defects)
        let config = OCPPWebSocketServer.Configuration(stationIds: ["CS1"], versions: [.v201])
        return try await OCPPWebSocketServer.run(config) { server in
            try await withThrowingTaskGroup(of: [String: CaseResult]?.self) { group in
                group.addTask {
                    await withDiscardingTaskGroup { conns in
                        for await event in server.events {
                            if case .connected(let channel) = event { conns.addTask { await csms.serve(channel) } }
                        }
                    }
                    return nil
                }
                group.addTask {
                    var profile = testProfile(role: .csms)
                    profile.connection.url = server.endpointURL
                    profile.config["heartbeatInterval"] = 1
                    profile.messageTimeout = .seconds(3)
                    profile.caseTimeout = .seconds(20)
                    profile.versions = [.v201]
                    // The test CSMS can answer Pending first (setBootStatus): Part 5 C-44, which TC_B_02_CSMS needs.
                    profile.features = ["BootNotificationPending"]
                    let runProfile = profile
                    let actions = BuiltinActionDriver { name, args in
                        guard name == "setBootStatus" else { throw FixtureError("unexpected action \(name)") }
                        await csms.setBootStatus(args["status"]?.stringValue ?? "Accepted")
                    }
                    let session = NetworkSession(profile: profile, version: .v201, actions: actions)
                    let results = try await session.run { environment in
                        await Runner(library: Self.library, profile: runProfile, selection: Selection(ids: ids), sinks: [])
                            .run(environment: environment, clock: ContinuousClock(), runInfo: RunInfo(runId: "t", startedAt: Date(), dutDescription: "test", harnessVersion: "test", selection: ""))
                    }
                    return Dictionary(uniqueKeysWithValues: results.map { ($0.info.id, $0) })
                }
                var out: [String: CaseResult] = [:]
                while let r = try await group.next() {
                    if let r {
                        out = r
                        group.cancelAll()
                    }
                }
                return out
            }
        }
    }

    @Test func csmsCasesPassAgainstACorrectCSMS() async throws {
        let results = try await runCSMS(["TC_B_01_CSMS", "TC_B_02_CSMS"], defects: [])
        for id in ["TC_B_01_CSMS", "TC_B_02_CSMS"] {
            let r = try #require(results[id])
            #expect(r.verdict.kind == .pass, "\(id): \(r.verdict.headline)")
        }
    }

    @Test func csmsCasesCatchFaultyCSMSs() async throws {
        let rejecting = try await runCSMS(["TC_B_01_CSMS"], defects: [.rejectsEveryone])
        #expect(rejecting["TC_B_01_CSMS"]?.verdict.reason == #"BootNotification response does not match: /status: expected "Accepted", found "Rejected""#)
        #expect(rejecting["TC_B_01_CSMS"]?.verdict.requirements == ["B01.FR.02"])
        let ignoring = try await runCSMS(["TC_B_02_CSMS"], defects: [.ignoresPendingSetting])
        #expect(ignoring["TC_B_02_CSMS"]?.verdict.reason == #"BootNotification response does not match: /status: expected "Pending", found "Accepted""#)
    }
}
