import OCPPProtocol
import Testing

@testable import OCPPTransport

/// The handshake decisions as plain values, without sockets.
@Suite struct HandshakePolicyTests {
    static let password = BasicAuthPassword("0123456789abcdef")

    static func request(
        _ target: String = "/ocpp/CS001", protocols: String? = "ocpp2.0.1", authorization: String? = nil, method: String = "GET"
    ) -> HandshakeRequest {
        var headers: [(name: String, value: String)] = [("Host", "localhost")]
        if let protocols { headers.append(("Sec-WebSocket-Protocol", protocols)) }
        if let authorization { headers.append(("Authorization", authorization)) }
        return HandshakeRequest(method: method, target: target, headers: headers)
    }

    static func policy(
        versions: [OCPPVersion] = [.v201], security: ServerSecurity = .unsecured, stationIds: Set<String>? = ["CS001"]
    ) -> HandshakePolicy {
        HandshakePolicy(path: StationPath(prefix: "ocpp"), stationIds: stationIds, versions: versions, security: security)
    }

    static func basic(_ user: String, _ password: String) -> String {
        BasicAuthorization(user: user, password: Array(password.utf8)).headerValue
    }

    @Test("OCPP-J 1.6 §6.2.2 example: AL1000 with key 0001020304050607FFFFFFFFFFFFFFFFFFFFFFFF")
    func ocpp16AuthorizationExample() throws {
        let key = try #require(BasicAuthPassword(hexAuthorizationKey: "0001020304050607FFFFFFFFFFFFFFFFFFFFFFFF"))
        #expect(key.bytes.count == 20)
        let header = BasicAuthorization(user: "AL1000", password: key.bytes).headerValue
        #expect(header == "Basic QUwxMDAwOgABAgMEBQYH////////////////")
        let parsed = try BasicAuthorization(headerValue: "basic  QUwxMDAwOgABAgMEBQYH////////////////")
        #expect(parsed.user == "AL1000")
        #expect(key.matches(parsed.password))
        #expect(BasicAuthPassword(hexAuthorizationKey: "0G") == nil)
        #expect(BasicAuthPassword(hexAuthorizationKey: "123") == nil)
    }

    @Test("Authorization headers that are not Basic credentials are named precisely")
    func badAuthorizationHeaders() {
        #expect(throws: BasicAuthorization.ParseError.notBasicScheme("Bearer")) { try BasicAuthorization(headerValue: "Bearer abc") }
        #expect(throws: BasicAuthorization.ParseError.notBase64) { try BasicAuthorization(headerValue: "Basic ***") }
        #expect(throws: BasicAuthorization.ParseError.noColon) { try BasicAuthorization(headerValue: "Basic Q1MwMDE=") }
    }

    @Test("Paths: prefix, one station id segment, percent-decoding, query ignored")
    func stationPaths() throws {
        let path = StationPath(prefix: "/webServices/ocpp/")
        #expect(try path.stationId(inRequestTarget: "/webServices/ocpp/CS3211") == "CS3211")
        #expect(try path.stationId(inRequestTarget: "/webServices/ocpp/RDAM%20123?x=1") == "RDAM 123")
        #expect(try path.stationId(inRequestTarget: "/webServices/ocpp/a%2Fb") == "a/b")
        #expect(throws: StationPath.Mismatch.self) { try path.stationId(inRequestTarget: "/ocpp/CS3211") }
        #expect(throws: StationPath.Mismatch.self) { try path.stationId(inRequestTarget: "/webServices/ocpp/") }
        #expect(throws: StationPath.Mismatch.self) { try path.stationId(inRequestTarget: "/webServices/ocpp/CS1/extra") }
        #expect(throws: StationPath.Mismatch.self) { try path.stationId(inRequestTarget: "/webServices/ocpp/%FF") }
        #expect(path.requestTarget(stationId: "RDAM 123/4") == "/webServices/ocpp/RDAM%20123%2F4")
        #expect(try StationPath(prefix: "").stationId(inRequestTarget: "/CS1") == "CS1")
    }

    @Test("The first offered subprotocol the server accepts wins, in the client's order")
    func subprotocolNegotiation() {
        let policy = Self.policy(versions: [.v16, .v201, .v21])
        guard case .accept(let info, let chosen) = policy.decide(Self.request(protocols: "ocpp1.2, ocpp2.0.1,ocpp1.6")) else {
            Issue.record("expected an accepted handshake")
            return
        }
        #expect(chosen == "ocpp2.0.1")
        #expect(info.offeredSubprotocols == ["ocpp1.2", "ocpp2.0.1", "ocpp1.6"])
        guard case .acceptWithoutSubprotocol(let rejection) = Self.policy().decide(Self.request(protocols: nil)) else {
            Issue.record("expected a handshake without subprotocol")
            return
        }
        #expect(rejection.httpStatus == 101)
        #expect(rejection.detail.contains("none"))
    }

    @Test("Basic auth: missing, wrong user, wrong password, unknown station, and success")
    func basicAuthDecisions() {
        let policy = Self.policy(security: .basicAuth(passwords: ["CS001": Self.password]))
        func reason(_ authorization: String?) -> HandshakeRejection.Reason? {
            if case .reject(let rejection, let headers) = policy.decide(Self.request(authorization: authorization)) {
                #expect(headers.contains { $0.0 == "WWW-Authenticate" })
                return rejection.reason
            }
            return nil
        }
        #expect(reason(nil) == .missingCredentials)
        #expect(reason(Self.basic("CS002", "0123456789abcdef")) == .wrongCredentials)
        #expect(reason(Self.basic("CS001", "0123456789abcdeX")) == .wrongCredentials)
        #expect(reason("Digest x") == .wrongCredentials)
        #expect(reason(Self.basic("CS001", "0123456789abcdef")) == nil)
        let unknown = Self.policy(security: .basicAuth(passwords: [:]), stationIds: nil)
        if case .reject(let rejection, _) = unknown.decide(Self.request(authorization: Self.basic("CS001", "x"))) {
            #expect(rejection.detail.contains("No Basic auth password is configured"))
        } else {
            Issue.record("expected a rejection without a configured password")
        }
    }

    @Test("Password format per version: 1.6 keys of 16–20 bytes, 2.x 16–40 identifierString characters")
    func passwordRules() {
        #expect(OCPPJHandshakeRules.passwordFindings(Array("OCA_OCTT_admin_test".utf8), version: .v16).isEmpty)
        #expect(OCPPJHandshakeRules.passwordFindings(Array(repeating: 0xFF, count: 20), version: .v16).isEmpty)
        #expect(OCPPJHandshakeRules.passwordFindings(Array(repeating: 0x41, count: 21), version: .v16).count == 1)
        #expect(OCPPJHandshakeRules.passwordFindings(Array("abc*-_=:+|@.ABC123".utf8), version: .v201).isEmpty)
        #expect(OCPPJHandshakeRules.passwordFindings(Array("short".utf8), version: .v201).count == 1)
        #expect(OCPPJHandshakeRules.passwordFindings(Array("has spaces in it, sadly".utf8), version: .v21).count == 1)
        #expect(OCPPJHandshakeRules.passwordFindings(Array(repeating: 0x41, count: 41), version: .v201).count == 1)
    }

    @Test("Station ids in 2.x: no colon, at most 48 characters")
    func stationIdRules() {
        #expect(OCPPJHandshakeRules.stationIdFindings("CS:1", version: .v201).count == 1)
        #expect(OCPPJHandshakeRules.stationIdFindings(String(repeating: "x", count: 49), version: .v21).count == 1)
        #expect(OCPPJHandshakeRules.stationIdFindings("CS:1", version: .v16).isEmpty)
        let policy = Self.policy(stationIds: nil)
        if case .accept(let info, _) = policy.decide(Self.request("/ocpp/CS:1")) {
            #expect(info.handshakeFindings.count == 1)
        } else {
            Issue.record("expected the connection to be accepted with a finding")
        }
    }

    @Test("Other methods than GET, unknown ids and wrong paths are refused with their status")
    func refusals() {
        func status(_ request: HandshakeRequest) -> Int? {
            if case .reject(let rejection, _) = Self.policy().decide(request) { return rejection.httpStatus }
            return nil
        }
        #expect(status(Self.request(method: "POST")) == 400)
        #expect(status(Self.request("/ocpp/CS002")) == 404)
        #expect(status(Self.request("/other/CS001")) == 404)
        #expect(status(Self.request("/ocpp/CS001")) == nil)
    }
}
