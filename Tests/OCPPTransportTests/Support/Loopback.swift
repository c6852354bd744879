import OCPPProtocol
import OCPPTransport

/// One server and one client on 127.0.0.1 in a chosen security profile, for loopback tests.
struct LoopbackSetup: Sendable {
    var server: OCPPWebSocketServer.Configuration
    var stationId: String
    var password: BasicAuthPassword?
    var trustedCAsPEM: String?
    var clientIdentity: TLSIdentity?

    static let password = BasicAuthPassword("0123456789abcdefABCDEF")

    /// Server and matching client settings for security profile 0 to 3.
    init(profile: Int, pki: PKIFixture, versions: [OCPPVersion] = [.v201]) {
        stationId = pki.stationId
        let security: ServerSecurity
        switch profile {
        case 1:
            security = .basicAuth(passwords: [stationId: Self.password])
            password = Self.password
        case 2:
            security = .tlsWithBasicAuth(identity: pki.serverIdentity, passwords: [stationId: Self.password])
            password = Self.password
            trustedCAsPEM = pki.ca.certificatePEM
        case 3:
            security = .mutualTLS(identity: pki.serverIdentity, trustedClientCAsPEM: pki.ca.certificatePEM)
            trustedCAsPEM = pki.ca.certificatePEM
            clientIdentity = pki.clientIdentity
        default:
            security = .unsecured
        }
        server = OCPPWebSocketServer.Configuration(stationIds: [stationId], versions: versions, security: security)
    }

    /// The client settings for a running server.
    func client(for server: OCPPWebSocketServer, subprotocols: [String] = ["ocpp2.0.1"]) -> OCPPWebSocketClient.Configuration {
        OCPPWebSocketClient.Configuration(
            endpoint: server.endpointURL, stationId: stationId, subprotocols: subprotocols, basicAuthPassword: password,
            trustedCAsPEM: trustedCAsPEM, clientIdentity: clientIdentity, connectTimeout: .seconds(5)
        )
    }
}

/// What a client saw when dialling: the connection's info, or the error.
enum DialOutcome: Sendable {
    case connected(ConnectionInfo)
    case failed(TransportError)
    case otherError(String)

    var transportError: TransportError? {
        if case .failed(let error) = self { return error }
        return nil
    }
}

/// Dials and closes at once, reporting what happened.
func dial(_ configuration: OCPPWebSocketClient.Configuration) async -> DialOutcome {
    do {
        return .connected(try await OCPPWebSocketClient.connect(configuration) { $0.info })
    } catch let error as TransportError {
        return .failed(error)
    } catch {
        return .otherError("\(error)")
    }
}

/// Dials a server and returns both sides' view: the client's outcome and the server's first event.
func dialAndObserve(
    _ server: OCPPWebSocketServer, _ configuration: OCPPWebSocketClient.Configuration
) async -> (client: DialOutcome, server: ServerEvent?) {
    async let outcome = dial(configuration)
    var events = server.events.makeAsyncIterator()
    let event = await events.next()
    return (await outcome, event)
}
