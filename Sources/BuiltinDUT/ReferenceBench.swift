import ConformanceKit
import Foundation
import OCPPProtocol
import OCPPTransport
import ReferenceDevices

/// One long-lived reference device for a whole run, reached the way a real DUT is: one link kept
/// across cases, one case at a time, through ``BenchEnvironment`` (the idle responder, the bench
/// keeper's pre-conditions and undo). The bench selftest runs the library on it to show that the
/// cases leave a device fit for the next one, as a lab's device must be.
public struct ReferenceBench: Sendable {
    public let role: OCPPRole
    public let version: OCPPVersion
    public let profile: DUTProfile
    /// Seeded defects of the long-lived device (tests of the bench keeper itself).
    public let defects: Set<Defect>

    /// Replaces the device's action driver (a test's rig that cannot do some action).
    public var wrapActions: (@Sendable (any ActionDriver) -> any ActionDriver)?

    public init(role: OCPPRole, version: OCPPVersion, profile: DUTProfile? = nil, defects: Set<Defect> = []) {
        self.role = role
        self.version = version
        self.defects = defects
        self.profile = profile ?? ReferenceProfile.profile(role: role, version: version)
    }

    var info: ConnectionInfo {
        ConnectionInfo(stationId: profile.identity.stationId, path: "/ocpp/\(profile.identity.stationId)", offeredSubprotocols: [version.subprotocol], subprotocol: version.subprotocol)
    }

    /// Runs `body` with the environment of one reference device that lives until `body` returns.
    public func run<R: Sendable>(_ body: @escaping @Sendable (any DUTEnvironment) async -> R) async -> R {
        switch role {
        case .chargingStation: return await withStation(body)
        case .csms: return await withCSMS(body)
        }
    }

    func withStation<R: Sendable>(_ body: @escaping @Sendable (any DUTEnvironment) async -> R) async -> R {
        let link = ChannelLink()
        let (station, actions) = BuiltinEnvironment.makeStation(profile: profile, version: version, defects: defects, info: info, link: link)
        let environment = BenchEnvironment(
            link: link, actions: wrapActions?(actions) ?? actions, dials: false, connectTimeout: .seconds(5),
            idle: IdleResponder(version: version, dutRole: .chargingStation, context: profile.interpolationContext),
            keeper: BenchKeeper(profile: profile, version: version), resetGate: { link.gate.reset() })
        return await withTaskGroup(of: R?.self) { group in
            group.addTask {
                await station.run()
                return nil
            }
            let result = await body(environment)
            group.cancelAll()
            await link.shutdown()
            return result
        }
    }

    func withCSMS<R: Sendable>(_ body: @escaping @Sendable (any DUTEnvironment) async -> R) async -> R {
        let csms = ReferenceCSMS(configuration: BuiltinEnvironment.csmsConfiguration(profile: profile, version: version, defects: defects), clock: .system)
        let info = self.info
        let stationId = profile.identity.stationId
        let (channels, channelContinuation) = AsyncStream.makeStream(of: InMemoryChannel.self)
        let link = ChannelLink(dial: {
            let pair = InMemoryChannel.pair(info: info)
            channelContinuation.yield(pair.server)
            return pair.client
        })
        let environment = BenchEnvironment(
            link: link, actions: wrapActions?(BuiltinEnvironment.csmsOperator(csms, stationId: stationId)) ?? BuiltinEnvironment.csmsOperator(csms, stationId: stationId), dials: true, connectTimeout: .seconds(5),
            idle: IdleResponder(version: version, dutRole: .csms, context: profile.interpolationContext),
            keeper: BenchKeeper(profile: profile, version: version), resetGate: { link.gate.reset() })
        return await withTaskGroup(of: R?.self) { group in
            group.addTask {
                await withDiscardingTaskGroup { serving in
                    for await channel in channels {
                        serving.addTask { await csms.serve(channel) }
                    }
                }
                return nil
            }
            let result = await body(KnownStation(base: environment, csms: csms, stationId: stationId))
            channelContinuation.finish()
            await link.shutdown()
            group.cancelAll()
            return result
        }
    }

    /// Before a case, the reference CSMS must know the station (it stays connected between cases
    /// in a lab; after a case that closed the connection the harness dials again).
    struct KnownStation: DUTEnvironment {
        let base: BenchEnvironment
        let csms: ReferenceCSMS
        let stationId: String
        var parallelism: Int { 1 }

        func withDUT(for testCase: TestCase, _ body: @Sendable (any DUTLink, any ActionDriver) async -> CaseResult) async -> CaseResult {
            await waitForStation()
            return await base.withDUT(for: testCase, body)
        }

        func withDUT(for testCase: TestCase, program: CaseProgram, _ body: @Sendable (any DUTLink, any ActionDriver) async -> CaseResult) async -> CaseResult {
            await waitForStation()
            return await base.withDUT(for: testCase, program: program, body)
        }

        func waitForStation() async {
            if await !base.link.isConnected { await base.link.reconnect() }
            for _ in 0..<1000 where await !csms.connectedStationIds.contains(stationId) {
                try? await Task.sleep(for: .milliseconds(1))
            }
        }
    }
}
