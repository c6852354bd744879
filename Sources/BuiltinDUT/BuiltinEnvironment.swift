import ConformanceKit
import Foundation
import OCPPProtocol
import OCPPTransport
import ReferenceDevices
import TestPKI

/// A fresh reference device per case, connected in memory, with the given seeded defects; cases
/// may run in parallel because nothing is shared between them.
public struct BuiltinEnvironment: DUTEnvironment {
    public let role: OCPPRole
    public let version: OCPPVersion
    public let defects: Set<Defect>
    public let profile: DUTProfile
    public let parallelism: Int

    public init(role: OCPPRole, version: OCPPVersion, defects: Set<Defect> = [], profile: DUTProfile? = nil, parallelism: Int = 8) {
        self.role = role
        self.version = version
        self.defects = defects
        self.profile = profile ?? ReferenceProfile.profile(role: role, version: version)
        self.parallelism = parallelism
    }

    var info: ConnectionInfo {
        ConnectionInfo(stationId: profile.identity.stationId, path: "/ocpp/\(profile.identity.stationId)", offeredSubprotocols: [version.subprotocol], subprotocol: version.subprotocol)
    }

    public func withDUT(for testCase: TestCase, _ body: @Sendable (any DUTLink, any ActionDriver) async -> CaseResult) async -> CaseResult {
        switch role {
        case .chargingStation: return await withStation(body)
        case .csms: return await withCSMS(body)
        }
    }

    /// The reference station's configuration for `profile` (shared by fresh and bench devices).
    public static func stationConfiguration(profile: DUTProfile, version: OCPPVersion, defects: Set<Defect>) -> ChargingStationConfiguration {
        var configuration = ChargingStationConfiguration(version: version, stationId: profile.identity.stationId, defects: defects.filter { $0.device == .chargingStation })
        configuration.evses = profile.evses.map(\.connectors.count)
        configuration.heartbeatInterval = ReferenceProfile.interval
        configuration.bootRetryInterval = ReferenceProfile.interval
        configuration.reconnectDelay = .milliseconds(50)
        configuration.sampledDataInterval = ReferenceProfile.interval
        // The station is configured as the profile says (ReferenceProfile, or overridden with
        // `--reference-config txStartPoint=EVConnected`), so that both always agree.
        configuration.txStartPoint = ReferenceProfile.list(profile.config["txStartPoint"]) ?? ReferenceProfile.txStartPoint
        configuration.txStopPoint = ReferenceProfile.list(profile.config["txStopPoint"]) ?? ReferenceProfile.txStopPoint
        configuration.signedMeterValues = profile.config["signedMeterValues"] == .bool(true)
        configuration.detachableCable = profile.config["detachableCable"] == .bool(true)
        configuration.messageTimeout = profile.messageTimeout
        // PICS C-13 as the profile claims it (`--reference-config resetPerEVSE=false` drops it).
        configuration.resetPerEVSE = profile.features.contains("ResetPerEVSE")
        // 1.6: the Local Auth List Management profile as claimed (`--reference-config localAuthList=false` drops it).
        configuration.localAuthListSupported = version == .v201 || profile.features.contains("LocalAuthListManagement")
        // Slot 1 of the station's network profiles is the harness's endpoint; a case may add the
        // profile's `alternateCsmsUrl` (B10). The path of the URL the station dials is the path the
        // harness sees, as over a network.
        configuration.csmsUrl = "ws://builtin/\(profile.connection.pathPrefix)"
        configuration.masterPassUI = profile.config["masterPassUI"] == .bool(true)
        // Behaviours a real station may have (issue 29), each under a `--reference-config` switch.
        configuration.powerPathClosedAtPlugIn = profile.config["powerPathClosedAtPlugIn"] == .bool(true)
        configuration.endInOneEvent = profile.config["endInOneEvent"] == .bool(true)
        configuration.heartbeatFromPowerUp = profile.config["heartbeatFromPowerUp"] == .bool(true)
        configuration.connectorLock = profile.config["connectorLock"] != .bool(false)
        // `stationMessageTimeout=8`: the station's own MessageTimeout differs from the harness's.
        if let seconds = profile.config["stationMessageTimeout"]?.intValue { configuration.messageTimeout = .seconds(seconds) }
        configuration.omitsActualAttributeType = profile.config["omitsActualAttributeType"] == .bool(true)
        configuration.omittedVariables = Set(ReferenceProfile.list(profile.config["omittedVariables"]) ?? [])
        configuration.readOnlyVariables = Set(ReferenceProfile.list(profile.config["readOnlyVariables"]) ?? [])
        configuration.authorizeRemoteStart = profile.config["authorizeRemoteStart"] == .bool(true)
        configuration.csmsRootCertificates = [BuiltinPKI.csmsRoot]
        configuration.additionalRootCertificateCheck = profile.config["additionalRootCertificateCheck"] == .bool(true)
        return configuration
    }

    /// A reference station attached to `link` in memory, and the driver of its physical world.
    static func makeStation(profile: DUTProfile, version: OCPPVersion, defects: Set<Defect>, info base: ConnectionInfo, link: ChannelLink) -> (ReferenceChargingStation, BuiltinActionDriver) {
        let configuration = stationConfiguration(profile: profile, version: version, defects: defects)
        let stationId = profile.identity.stationId
        let station = ReferenceChargingStation(configuration: configuration, clock: .system) { (request: CSMSDial) in
            var info = base
            info.path = Self.path(of: request.url) + "/" + stationId
            // The station authenticates the endpoint as in a TLS handshake: the chain the endpoint
            // presents must lead to a root the station trusts for this attempt (M05, TC_B_47/50).
            if let roots = request.trustedRootsPEM,
               let failure = await ServerCertificateCheck.failure(chainPEM: BuiltinPKI.serverChain(forPath: info.path), trustedRootsPEM: roots) {
                throw TransportError.tls("the station rejected the CSMS certificate: \(failure)")
            }
            // A case refusing this attempt (`connection: refuse`): the station's dial fails.
            if link.gate.takeRefusal() {
                await link.noteRefused("in-memory connection attempt refused", path: info.path)
                throw TransportError.connectFailed("refused by the harness")
            }
            let pair = InMemoryChannel.pair(info: info)
            await link.attach(pair.server)
            return pair.client
        }
        let actions = BuiltinActionDriver { name, arguments in
            // A physical action does not follow the CSMS's last answer within microseconds: let the
            // station read the frames already sent to it first. Without this pause a plug-in could
            // overtake the AuthorizeResponse sent just before it, and the station would report the
            // start with triggerReason Authorized instead of CablePluggedIn (a flaky verdict that
            // only the in-process reference station shows).
            try await Task.sleep(for: .milliseconds(30))
            _ = try await station.perform(action: name, arguments: arguments)
        }
        return (station, actions)
    }

    func withStation(_ body: @Sendable (any DUTLink, any ActionDriver) async -> CaseResult) async -> CaseResult {
        let link = ChannelLink()
        let (station, actions) = Self.makeStation(profile: profile, version: version, defects: defects, info: info, link: link)
        let idle = IdleResponder(version: version, dutRole: .chargingStation, context: profile.interpolationContext)
        return await withTaskGroup(of: CaseResult?.self) { group in
            group.addTask {
                await station.run()
                return nil
            }
            await idle.settle(link, waitForConnection: .seconds(5))
            let result = await body(link, actions)
            group.cancelAll()
            await link.shutdown()
            return result
        }
    }

    /// The path of a URL (`ws://host:port/ocpp-alt` → `/ocpp-alt`), without a trailing slash.
    static func path(of url: String) -> String {
        guard let scheme = url.range(of: "://") else { return "" }
        let rest = url[scheme.upperBound...]
        guard let slash = rest.firstIndex(of: "/") else { return "" }
        var path = String(rest[slash...])
        while path.hasSuffix("/") { path.removeLast() }
        return path
    }

    public static func csmsConfiguration(profile: DUTProfile, version: OCPPVersion, defects: Set<Defect>) -> CSMSConfiguration {
        var configuration = CSMSConfiguration(version: version, defects: defects.filter { $0.device == .csms })
        configuration.heartbeatInterval = ReferenceProfile.interval
        configuration.retryInterval = ReferenceProfile.interval
        configuration.messageTimeout = profile.messageTimeout
        return configuration
    }

    /// The operator of a reference CSMS: an action makes it send a request to `stationId`.
    static func csmsOperator(_ csms: ReferenceCSMS, stationId: String) -> BuiltinActionDriver {
        BuiltinActionDriver { name, arguments in
            if name == "setBootStatus" {
                await csms.setBootStatus(arguments["status"]?.stringValue ?? "Accepted", for: stationId)
            } else {
                try await csms.performOnceSent(action: name, arguments: arguments, stationId: stationId)
            }
        }
    }

    func withCSMS(_ body: @Sendable (any DUTLink, any ActionDriver) async -> CaseResult) async -> CaseResult {
        let csms = ReferenceCSMS(configuration: Self.csmsConfiguration(profile: profile, version: version, defects: defects), clock: .system)
        let info = self.info
        let stationId = profile.identity.stationId
        let (channels, channelContinuation) = AsyncStream.makeStream(of: InMemoryChannel.self)
        let link = ChannelLink(dial: {
            let pair = InMemoryChannel.pair(info: info)
            channelContinuation.yield(pair.server)
            return pair.client
        })
        let actions = Self.csmsOperator(csms, stationId: stationId)
        return await withTaskGroup(of: CaseResult?.self) { group in
            group.addTask {
                await withDiscardingTaskGroup { serving in
                    for await channel in channels {
                        serving.addTask { await csms.serve(channel) }
                    }
                }
                return nil
            }
            await link.reconnect()
            // The case may begin with an operator action; the CSMS must know the station by then,
            // as a CSMS in the lab does (the station stays connected between cases).
            for _ in 0..<1000 where await !csms.connectedStationIds.contains(stationId) {
                try? await Task.sleep(for: .milliseconds(1))
            }
            let result = await body(link, actions)
            channelContinuation.finish()
            await link.shutdown()
            group.cancelAll()
            return result
        }
    }
}
