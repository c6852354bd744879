import BuiltinDUT
import ConformanceKit
import Foundation
import NIOPosix
import OCPPProtocol
import OCPPTransport
import ReferenceDevices
import TestPKI
import Testing

/// TC_B_47_CS and TC_B_50_CS as a lab runs them: the harness listens over TLS (security profile 2)
/// on its main endpoint and on a second listener whose certificate a new CSMS root signed, and the
/// reference station dials over real TLS, trusting exactly the CSMS roots it has installed.
@Suite("CSMS root migration over real TLS (TC_B_47/50_CS)", .serialized)
struct CSMSRootMigrationOverTLSTests {
    static var library: CaseLibrary { Repository.library }

    /// A port nothing listens on now (bound and released at once).
    static func freePort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        try await channel.close()
        return port
    }

    static func write(_ text: String, _ name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// Runs `ids` with the harness over TLS against a reference station dialling over TLS.
    func run(_ ids: [String], additionalRootCertificateCheck: Bool, defects: Set<Defect> = []) async throws -> [String: CaseResult] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("migration-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let root = try TestCertificateAuthority(commonName: "Lab CSMS Root")
        let root2 = try root.issueSuccessorRoot(commonName: "Lab CSMS Root 2")
        let server = try root.issueServerCertificate(), newRootServer = try root2.issueServerCertificate()
        let (port, newRootPort) = (try await Self.freePort(), try await Self.freePort())

        var profile = ReferenceProfile.profile(role: .chargingStation, version: .v201)
        profile.connection = .init(
            listenHost: "127.0.0.1", listenPort: port, pathPrefix: "ocpp", securityProfile: 2, password: "lab-password-0123",
            certificate: try Self.write(server.certificatePEM, "server.pem", in: directory),
            privateKey: try Self.write(server.privateKeyPEM, "server-key.pem", in: directory))
        profile.actions = .init(driver: .prompt)
        profile.config["csmsRootCertificate"] = .string(try Self.write(root.certificatePEM, "ca.pem", in: directory))
        profile.config["csmsRootCertificate2"] = .string(try Self.write(root2.certificatePEM, "ca2.pem", in: directory))
        profile.config["alternateCsmsUrl"] = .string("wss://127.0.0.1:\(port)/ocpp-alt")
        profile.config["newRootCsmsUrl"] = .string("wss://127.0.0.1:\(newRootPort)/ocpp-newroot")
        profile.config["newRootListenPort"] = .number(JSONNumber(newRootPort))
        profile.config["newRootServerCertificate"] = .string(try Self.write(newRootServer.certificatePEM, "server-newroot.pem", in: directory))
        profile.config["newRootServerPrivateKey"] = .string(try Self.write(newRootServer.privateKeyPEM, "server-newroot-key.pem", in: directory))
        if additionalRootCertificateCheck { profile.features.append("AdditionalRootCertificateCheck") }
        profile.features.removeAll { $0 == "ServerCertificateValidation" }   // claimed here by security profile 2
        profile.resolveCSMSRoots()

        var configuration = ChargingStationConfiguration(version: .v201, stationId: profile.identity.stationId, defects: defects)
        configuration.evses = profile.evses.map(\.connectors.count)
        configuration.heartbeatInterval = ReferenceProfile.interval
        configuration.reconnectDelay = .milliseconds(200)
        configuration.messageTimeout = profile.messageTimeout
        configuration.csmsUrl = "wss://127.0.0.1:\(port)/ocpp"
        configuration.csmsRootCertificates = [root.certificatePEM]
        configuration.additionalRootCertificateCheck = additionalRootCertificateCheck
        var client = OCPPWebSocketClient.Configuration(endpoint: configuration.csmsUrl, stationId: configuration.stationId, subprotocols: ["ocpp2.0.1"])
        client.basicAuthPassword = BasicAuthPassword("lab-password-0123")
        client.trustedCAsPEM = root.certificatePEM
        let dialer = ConnectionManager(configuration: client)
        let station = ReferenceChargingStation(configuration: configuration, clock: .system) { try await dialer.dial($0) }
        let harnessProfile = profile
        let session = NetworkSession(profile: profile, version: .v201, actions: BuiltinActionDriver { name, _ in
            struct Unexpected: Error { var name: String }
            throw Unexpected(name: name)
        })
        let results = try await session.run { environment in
            try await withThrowingTaskGroup(of: [CaseResult]?.self) { group in
                group.addTask {
                    await dialer.run()
                    return nil
                }
                group.addTask {
                    await station.run()
                    return nil
                }
                group.addTask {
                    let runner = Runner(library: Self.library, profile: harnessProfile, selection: Selection(ids: ids), sinks: [])
                    let info = RunInfo(runId: "tls", startedAt: Date(), dutDescription: "reference station over TLS", harnessVersion: "test", selection: "")
                    return await runner.run(environment: environment, clock: ContinuousClock(), runInfo: info, announce: false)
                }
                var out: [CaseResult] = []
                while let next = try await group.next() {
                    if let next {
                        out = next
                        dialer.stop()
                        group.cancelAll()
                    }
                }
                return out
            }
        }
        return Dictionary(uniqueKeysWithValues: results.map { ($0.info.id, $0) })
    }

    @Test func newRootMigrationPassesOnTheCorrectStationAndFailsWhenTheNewRootIsIgnored() async throws {
        #expect(Self.library.diagnostics.isEmpty, "\(Self.library.diagnostics)")
        let correct = try await run(["TC_B_50_CS"], additionalRootCertificateCheck: false)
        #expect(correct["TC_B_50_CS"]?.verdict.kind == .pass, "\(String(describing: correct["TC_B_50_CS"]?.verdict))")
        let broken = try await run(["TC_B_50_CS"], additionalRootCertificateCheck: false, defects: [.installedCSMSRootIgnored])
        #expect(broken["TC_B_50_CS"]?.verdict.kind == .fail, "\(String(describing: broken["TC_B_50_CS"]?.verdict))")
    }

    @Test func fallbackToTheOldRootPassesOnTheCorrectStationAndFailsWithoutAFallbackRoot() async throws {
        let correct = try await run(["TC_B_47_CS"], additionalRootCertificateCheck: true)
        #expect(correct["TC_B_47_CS"]?.verdict.kind == .pass, "\(String(describing: correct["TC_B_47_CS"]?.verdict))")
        let broken = try await run(["TC_B_47_CS"], additionalRootCertificateCheck: true, defects: [.noFallbackCSMSRoot])
        #expect(broken["TC_B_47_CS"]?.verdict.kind == .fail, "\(String(describing: broken["TC_B_47_CS"]?.verdict))")
    }
}
