import Foundation
import OCPPProtocol
import OCPPTransport

/// A run against a real DUT over the network: the harness listens as the CSMS (the DUT is a
/// station) or dials as the station (the DUT is a CSMS), keeps that connection across cases, and
/// runs one case at a time, as a certification lab does.
public struct NetworkSession: Sendable {
    public var profile: DUTProfile
    public var version: OCPPVersion
    /// Called once the server listens (harness as CSMS), with the URL stations dial.
    public var onListening: (@Sendable (String) -> Void)?
    /// Handshakes the server refused (wrong password, station id, subprotocol…), for the console.
    public var onRejected: (@Sendable (HandshakeRejection) -> Void)?

    /// Replaces the profile's action driver (tests, and devices driven in-process).
    public var actionsOverride: (any ActionDriver)?
    /// Called when the harness (as CSMS) starts waiting for the station to connect, with a line
    /// saying who is awaited where and for how long.
    public var onWaiting: (@Sendable (String) -> Void)?

    public init(
        profile: DUTProfile, version: OCPPVersion, actions: (any ActionDriver)? = nil,
        onListening: (@Sendable (String) -> Void)? = nil, onRejected: (@Sendable (HandshakeRejection) -> Void)? = nil
    ) {
        self.profile = profile
        self.version = version
        self.actionsOverride = actions
        self.onListening = onListening
        self.onRejected = onRejected
    }

    public enum SetupError: Error, CustomStringConvertible {
        case configuration(String)
        public var description: String {
            switch self {
            case .configuration(let s): s
            }
        }
    }

    /// Starts the transport and runs `body` with an environment for the runner; stops everything
    /// when `body` returns.
    public func run<R: Sendable>(_ body: @escaping @Sendable (any DUTEnvironment) async throws -> R) async throws -> R {
        let actions = try actionsOverride ?? Self.actionDriver(for: profile)
        switch profile.role {
        case .chargingStation:
            let link = ChannelLink()
            var configurations = [try serverConfiguration()]
            // B10 cases: the harness also accepts the station on the endpoint of the profile's
            // `alternateCsmsUrl` (config `alternatePathPrefix`).
            if case .string(let alternate)? = profile.config["alternatePathPrefix"] { configurations[0].alternatePathPrefixes = [alternate] }
            // TC_B_47/50_CS: a second listener whose server certificate the new CSMS root signed.
            if let newRoot = try newRootServerConfiguration() { configurations.append(newRoot) }
            for index in configurations.indices { configurations[index].gate = link.gate }
            return try await Self.withServers(configurations[...], running: []) { servers in
                let stationURL = Self.dialable(servers[0].endpointURL) + "/" + profile.identity.stationId
                onListening?(stationURL)
                return try await withThrowingTaskGroup(of: R?.self) { group in
                    for server in servers {
                        group.addTask {
                            for await event in server.events {
                                switch event {
                                case .connected(let channel): await link.attach(channel)
                                case .rejected(let rejection) where rejection.reason == .refusedByHarness:
                                    await link.noteRefused(rejection.detail, path: rejection.path)
                                case .rejected(let rejection): onRejected?(rejection)
                                }
                            }
                            return nil
                        }
                    }
                    group.addTask {
                        var environment = BenchEnvironment(
                            link: link, actions: actions, dials: false, connectTimeout: profile.connectTimeout,
                            idle: IdleResponder(version: version, dutRole: .chargingStation, context: profile.interpolationContext),
                            keeper: BenchKeeper(profile: profile, version: version), resetGate: { link.gate.reset() })
                        environment.url = stationURL
                        environment.urlNote = Self.allInterfacesNote(profile.connection.listenHost)
                        environment.stationId = profile.identity.stationId
                        environment.onWaiting = onWaiting
                        let result = try await body(environment)
                        await link.shutdown()
                        return result
                    }
                    var result: R?
                    while let next = try await group.next() {
                        if let next {
                            result = next
                            group.cancelAll()
                        }
                    }
                    guard let result else { throw SetupError.configuration("the server stopped before the run ended") }
                    return result
                }
            }
        case .csms:
            let client = try clientConfiguration()
            let manager = ConnectionManager(configuration: client)
            let dialled = client.dialledURL
            let link = ChannelLink(dial: {
                do {
                    return try await manager.dial()
                } catch let error as TransportError {
                    // The cause with the URL dialled, for the verdict and the trace.
                    throw TransportError.connectFailed("\(dialled): \(error.cause)")
                }
            })
            manager.setLink(link)
            return try await withThrowingTaskGroup(of: R?.self) { group in
                group.addTask {
                    await manager.run()
                    return nil
                }
                group.addTask {
                    var environment = BenchEnvironment(
                        link: link, actions: actions, dials: true, connectTimeout: client.connectTimeout,
                        idle: IdleResponder(version: version, dutRole: .csms, context: profile.interpolationContext),
                        keeper: BenchKeeper(profile: profile, version: version), resetGate: { link.gate.reset() })
                    environment.url = dialled
                    environment.stationId = profile.identity.stationId
                    let result = try await body(environment)
                    await link.shutdown()
                    manager.stop()
                    return result
                }
                var result: R?
                while let next = try await group.next() {
                    if let next { result = next }
                }
                guard let result else { throw SetupError.configuration("the connection manager stopped before the run ended") }
                return result
            }
        }
    }

    func serverConfiguration() throws -> OCPPWebSocketServer.Configuration {
        let c = profile.connection
        let security: ServerSecurity
        switch c.securityProfile {
        case 0:
            security = .unsecured
        case 1:
            guard let password = c.password else { throw SetupError.configuration("security profile 1 needs connection.password") }
            security = .basicAuth(passwords: [profile.identity.stationId: BasicAuthPassword(password)])
        case 2:
            guard let password = c.password else { throw SetupError.configuration("security profile 2 needs connection.password") }
            security = .tlsWithBasicAuth(identity: try identity(), passwords: [profile.identity.stationId: BasicAuthPassword(password)])
        default:
            guard let ca = c.caCertificate else { throw SetupError.configuration("security profile 3 needs connection.ca (the CA that signs station certificates)") }
            security = .mutualTLS(identity: try identity(), trustedClientCAsPEM: try Self.read(ca, what: "connection.ca"))
        }
        return OCPPWebSocketServer.Configuration(
            host: c.listenHost, port: c.listenPort, pathPrefix: c.pathPrefix, stationIds: [profile.identity.stationId],
            versions: [version], security: security)
    }

    /// Runs one server per configuration, nested, and `body` with all of them listening.
    static func withServers<R: Sendable>(
        _ configurations: ArraySlice<OCPPWebSocketServer.Configuration>, running: [OCPPWebSocketServer],
        _ body: @escaping @Sendable ([OCPPWebSocketServer]) async throws -> R
    ) async throws -> R {
        guard let first = configurations.first else { return try await body(running) }
        return try await OCPPWebSocketServer.run(first) { server in
            try await withServers(configurations.dropFirst(), running: running + [server], body)
        }
    }

    /// The listener of `config.newRootCsmsUrl` (TC_B_47/50_CS): same station, credentials and
    /// versions as the main one, on `config.newRootListenPort` and `config.newRootPathPrefix`,
    /// presenting `config.newRootServerCertificate` / `newRootServerPrivateKey` (PEM files), a
    /// certificate signed by `config.csmsRootCertificate2`. `nil` when the profile has none.
    func newRootServerConfiguration() throws -> OCPPWebSocketServer.Configuration? {
        guard case .number(let port)? = profile.config["newRootListenPort"] else { return nil }
        guard profile.connection.securityProfile >= 2 else {
            throw SetupError.configuration("config.newRootListenPort needs security profile 2 or 3: the new-root endpoint is told apart by its TLS certificate")
        }
        guard case .string(let certificate)? = profile.config["newRootServerCertificate"], case .string(let key)? = profile.config["newRootServerPrivateKey"] else {
            throw SetupError.configuration("config.newRootListenPort needs config.newRootServerCertificate and config.newRootServerPrivateKey (PEM files; `ocppspec certs generate` writes them)")
        }
        var configuration = try serverConfiguration()
        configuration.port = Int(port.doubleValue)
        if case .string(let prefix)? = profile.config["newRootPathPrefix"] { configuration.pathPrefix = prefix }
        let identity = TLSIdentity(
            certificateChainPEM: try Self.read(certificate, what: "config.newRootServerCertificate"),
            privateKeyPEM: try Self.read(key, what: "config.newRootServerPrivateKey"))
        switch configuration.security {
        case .tlsWithBasicAuth(_, let passwords): configuration.security = .tlsWithBasicAuth(identity: identity, passwords: passwords)
        case .mutualTLS(_, let trusted): configuration.security = .mutualTLS(identity: identity, trustedClientCAsPEM: trusted)
        default: break
        }
        return configuration
    }

    func clientConfiguration() throws -> OCPPWebSocketClient.Configuration {
        let c = profile.connection
        guard let url = c.url else { throw SetupError.configuration("connection.url is required when the DUT is a CSMS") }
        // A template (`ws://host/ws/ocpp/{stationId}/`) is dialled as written, the id in its place;
        // otherwise the station id is appended as the last path segment.
        let endpoint = url.contains("{stationId}") || !url.hasSuffix("/") ? url : String(url.dropLast())
        var configuration = OCPPWebSocketClient.Configuration(endpoint: endpoint, stationId: profile.identity.stationId, subprotocols: [version.subprotocol])
        if c.securityProfile == 1 || c.securityProfile == 2 {
            guard let password = c.password else { throw SetupError.configuration("security profiles 1 and 2 need connection.password") }
            configuration.basicAuthPassword = BasicAuthPassword(password)
        }
        if c.securityProfile >= 2 {
            if let ca = c.caCertificate { configuration.trustedCAsPEM = try Self.read(ca, what: "connection.ca") }
        }
        if c.securityProfile == 3 { configuration.clientIdentity = try identity() }
        configuration.connectTimeout = profile.messageTimeout
        return configuration
    }

    func identity() throws -> TLSIdentity {
        let c = profile.connection
        guard let cert = c.certificate, let key = c.privateKey else {
            throw SetupError.configuration("security profile \(c.securityProfile) needs connection.certificate and connection.privateKey (PEM files)")
        }
        return TLSIdentity(certificateChainPEM: try Self.read(cert, what: "connection.certificate"), privateKeyPEM: try Self.read(key, what: "connection.privateKey"))
    }

    static func read(_ path: String, what: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw SetupError.configuration("\(what): cannot read \(path)")
        }
        return text
    }

    static func actionDriver(for profile: DUTProfile) throws -> any ActionDriver {
        switch profile.actions.driver {
        case .prompt: return PromptActionDriver(timeout: profile.actions.timeout)
        case .command: return CommandActionDriver(command: profile.actions.command, timeout: profile.actions.timeout)
        case .http:
            guard let text = profile.actions.url, let url = URL(string: text) else { throw SetupError.configuration("actions.url is not a URL") }
            return HTTPActionDriver(url: url, timeout: profile.actions.timeout)
        case .builtin:
            throw SetupError.configuration("the builtin action driver only works with the built-in reference devices (ocppspec demo / selftest)")
        }
    }

    /// A listening URL a station can dial: the loopback address instead of "all interfaces"
    /// (0.0.0.0, ::), which is not an address to connect to.
    static func dialable(_ url: String) -> String {
        url.replacingOccurrences(of: "://0.0.0.0:", with: "://127.0.0.1:").replacingOccurrences(of: "://[::]:", with: "://[::1]:")
    }

    /// Said after a loopback URL that stands for every interface the harness listens on.
    static func allInterfacesNote(_ listenHost: String) -> String {
        listenHost == "0.0.0.0" || listenHost == "::" ? " (or this machine's network address: the harness listens on all interfaces)" : ""
    }

}

/// Keeps a client connection (the harness or a simulated station dialling a CSMS) inside a scope:
/// each `dial()` opens a connection whose scope lasts until the next dial replaces it or `stop()`.
/// `run()` must be running (in a task group) for dials to be served.
public final class ConnectionManager: @unchecked Sendable {
    private let configuration: OCPPWebSocketClient.Configuration
    private let lock = NSLock()
    private var link: ChannelLink?
    private var stopped = false
    /// A dial request: who waits for the connection, and the configuration to dial with.
    private typealias Request = (continuation: CheckedContinuation<any MessageChannel, any Error>, configuration: OCPPWebSocketClient.Configuration)
    private let requests: AsyncStream<Request>
    private let requestContinuation: AsyncStream<Request>.Continuation

    public init(configuration: OCPPWebSocketClient.Configuration) {
        self.configuration = configuration
        (requests, requestContinuation) = AsyncStream.makeStream()
    }

    func setLink(_ link: ChannelLink) {
        lock.withLock { self.link = link }
    }

    /// Asks the manager for a new connection; returns once it is up.
    public func dial() async throws -> any MessageChannel {
        try await dial(adjusting: { _ in })
    }

    /// Asks for a new connection with the configuration changed for this attempt: another URL (a
    /// network profile, B09/B10) or other trusted CSMS roots (a station's installed ones, M05).
    public func dial(adjusting adjust: (inout OCPPWebSocketClient.Configuration) -> Void) async throws -> any MessageChannel {
        var configuration = self.configuration
        adjust(&configuration)
        let attempt = configuration
        return try await withCheckedThrowingContinuation { c in
            // After `stop()` nobody serves dials: the caller gets an error instead of waiting forever.
            if case .terminated = requestContinuation.yield((c, attempt)) { c.resume(throwing: TransportError.closed) }
        }
    }

    public func stop() {
        lock.withLock { stopped = true }
        requestContinuation.finish()
    }

    /// Serves dial requests one after another until stopped.
    public func run() async {
        var iterator = requests.makeAsyncIterator()
        var next = await iterator.next()
        while let request = next {
            if lock.withLock({ stopped }) {
                // Dials still queued when the manager stopped fail rather than connect.
                request.continuation.resume(throwing: TransportError.closed)
                next = await iterator.next()
                continue
            }
            var handedOver = false
            do {
                try await OCPPWebSocketClient.connect(request.configuration) { channel in
                    request.continuation.resume(returning: channel)
                    handedOver = true
                    // The connection's scope lasts until the next dial request or the end.
                    next = await iterator.next()
                }
            } catch {
                if !handedOver {
                    request.continuation.resume(throwing: error)
                    next = await iterator.next()
                }
            }
        }
    }
}
