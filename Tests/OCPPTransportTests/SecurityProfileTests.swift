import Foundation
import OCPPProtocol
import Testing
import TestPKI

@testable import OCPPTransport

/// Both ends are ours, on real sockets and real TLS: every security profile's positive path, and
/// the ways a handshake must fail (OCTT TC_A_01…TC_A_08, both roles).
@Suite struct SecurityProfileTests {
    @Test("A station connects and exchanges a text message both ways", arguments: [0, 1, 2, 3])
    func positivePath(profile: Int) async throws {
        let pki = try PKIFixture()
        let setup = LoopbackSetup(profile: profile, pki: pki)
        try await withTimeLimit {
            try await OCPPWebSocketServer.run(setup.server) { server in
                async let clientSide: (ConnectionInfo, String?) = OCPPWebSocketClient.connect(setup.client(for: server)) { channel in
                    try await channel.send(text: #"[2,"1","Heartbeat",{}]"#)
                    var events = channel.events.makeAsyncIterator()
                    return (channel.info, await nextEvent(&events) { $0.text != nil }.match?.text)
                }
                var serverEvents = server.events.makeAsyncIterator()
                let connection = try #require(await serverEvents.next()?.connection)
                var events = connection.events.makeAsyncIterator()
                #expect(await events.next()?.text == #"[2,"1","Heartbeat",{}]"#)
                try await connection.send(text: #"[3,"1",{"currentTime":"2025-01-01T00:00:00Z"}]"#)
                let (clientInfo, reply) = try await clientSide
                #expect(reply == #"[3,"1",{"currentTime":"2025-01-01T00:00:00Z"}]"#)

                let info = connection.info
                #expect(info.stationId == "CS001")
                #expect(info.path == "/ocpp/CS001")
                #expect(info.subprotocol == "ocpp2.0.1")
                #expect(info.version == .v201)
                #expect(info.securityProfile == profile)
                #expect(clientInfo.securityProfile == profile)
                #expect(info.basicAuthUser == (profile == 1 || profile == 2 ? "CS001" : nil))
                #expect(info.handshakeFindings.isEmpty)
                if profile >= 2 {
                    #expect(info.tlsVersion == "TLSv1.3")
                    #expect(clientInfo.tlsVersion == "TLSv1.3")
                    #expect(clientInfo.peerCertificateSubject == "CN=localhost")
                } else {
                    #expect(info.tlsVersion == nil)
                }
                #expect(info.peerCertificateSubject == (profile == 3 ? "O=Test CSO,CN=CS001" : nil))
            }
        }
    }

    @Test("Profile 2 works with RSA 2048 keys and TLS 1.2 only")
    func rsaOverTLS12() async throws {
        let pki = try PKIFixture(keyAlgorithm: .rsa2048)
        var tls12 = LoopbackSetup(profile: 2, pki: pki)
        tls12.server.maximumTLSVersion = .tls1_2
        let setup = tls12
        try await withTimeLimit {
            try await OCPPWebSocketServer.run(setup.server) { server in
                let (client, event) = await dialAndObserve(server, setup.client(for: server))
                guard case .connected(let info) = client else { Issue.record("expected a connection, got \(client)"); return }
                #expect(info.tlsVersion == "TLSv1.2")
                #expect(event?.connection?.info.tlsVersion == "TLSv1.2")
            }
        }
    }

    @Test("A wrong password gets HTTP 401 and the server reports it (TC_A_03_CSMS)", arguments: [1, 2])
    func wrongPassword(profile: Int) async throws {
        let setup = LoopbackSetup(profile: profile, pki: try PKIFixture())
        try await withTimeLimit {
            try await OCPPWebSocketServer.run(setup.server) { server in
                var client = setup.client(for: server)
                client.basicAuthPassword = BasicAuthPassword("WrongPassword0123456")
                let (outcome, event) = await dialAndObserve(server, client)
                guard case .handshakeRejected(let status, let reason)? = outcome.transportError else {
                    Issue.record("expected HTTP 401, got \(outcome)")
                    return
                }
                #expect(status == 401)
                #expect(reason.contains("password"))
                let rejection = try #require(event?.rejection)
                #expect(rejection.reason == .wrongCredentials)
                #expect(rejection.httpStatus == 401)
                #expect(rejection.stationId == "CS001")
            }
        }
    }

    @Test("Missing credentials and a user name other than the station id get HTTP 401 (TC_A_02_CSMS)")
    func missingAndWrongUser() async throws {
        let setup = LoopbackSetup(profile: 1, pki: try PKIFixture())
        try await withTimeLimit {
            try await OCPPWebSocketServer.run(setup.server) { server in
                var events = server.events.makeAsyncIterator()
                var client = setup.client(for: server)
                client.basicAuthPassword = nil
                let missing = await dial(client)
                #expect(missing.transportError == nil ? false : "\(missing)".contains("401"))
                #expect(await events.next()?.rejection?.reason == .missingCredentials)

                client = setup.client(for: server)
                client.basicAuthUser = "CS001Invalid"
                let wrongUser = await dial(client)
                #expect("\(wrongUser)".contains("401"))
                let rejection = await events.next()?.rejection
                #expect(rejection?.reason == .wrongCredentials)
                #expect(rejection?.detail.contains("CS001Invalid") == true)
            }
        }
    }

    @Test("An unknown station id and a wrong path get HTTP 404 (OCPP-J §3.2)")
    func notFound() async throws {
        let setup = LoopbackSetup(profile: 0, pki: try PKIFixture())
        try await withTimeLimit {
            try await OCPPWebSocketServer.run(setup.server) { server in
                var events = server.events.makeAsyncIterator()
                var client = setup.client(for: server)
                client.stationId = "CS999"
                #expect(await dial(client).transportError.map(Self.status) == 404)
                let unknown = try #require(await events.next()?.rejection)
                #expect(unknown.reason == .unknownStationId)
                #expect(unknown.stationId == "CS999")
                #expect(unknown.path == "/ocpp/CS999")

                client = setup.client(for: server)
                client.endpoint = "ws://127.0.0.1:\(server.port)/other"
                #expect(await dial(client).transportError.map(Self.status) == 404)
                let wrongPath = try #require(await events.next()?.rejection)
                #expect(wrongPath.reason == .wrongPath)
                #expect(wrongPath.path == "/other/CS001")
            }
        }
    }

    @Test("No agreed subprotocol: the handshake completes without the header, then the server closes and reports it")
    func noAgreedSubprotocol() async throws {
        let setup = LoopbackSetup(profile: 0, pki: try PKIFixture())
        try await withTimeLimit {
            try await OCPPWebSocketServer.run(setup.server) { server in
                var events = server.events.makeAsyncIterator()
                var client = setup.client(for: server, subprotocols: ["ocpp1.6", "ocpp1.5"])
                client.acceptsMissingSubprotocol = true
                let watching = client
                async let observed: (ConnectionInfo, [TransportEvent]) = OCPPWebSocketClient.connect(watching) { channel in
                    var iterator = channel.events.makeAsyncIterator()
                    return (channel.info, await drain(&iterator))
                }
                let rejection = try #require(await events.next()?.rejection)
                #expect(rejection.reason == .noAgreedSubprotocol)
                #expect(rejection.httpStatus == 101)
                #expect(rejection.offeredSubprotocols == ["ocpp1.6", "ocpp1.5"])
                let (info, clientEvents) = try await observed
                #expect(info.subprotocol == nil)
                #expect(clientEvents.last?.closeCode == .some(1002))

                // By default the client refuses such a connection itself.
                client.acceptsMissingSubprotocol = false
                let refused = await dial(client)
                #expect(refused.transportError.map(Self.status) == 101)
                #expect(await events.next()?.rejection?.reason == .noAgreedSubprotocol)
            }
        }
    }

    @Test("The subprotocol is the first one in the client's order that the server accepts")
    func subprotocolOrder() async throws {
        let setup = LoopbackSetup(profile: 0, pki: try PKIFixture(), versions: [.v201, .v16])
        try await withTimeLimit {
            try await OCPPWebSocketServer.run(setup.server) { server in
                let (first, _) = await dialAndObserve(server, setup.client(for: server, subprotocols: ["ocpp2.1", "ocpp1.6", "ocpp2.0.1"]))
                guard case .connected(let info) = first else { Issue.record("\(first)"); return }
                #expect(info.subprotocol == "ocpp1.6")
                #expect(info.version == .v16)
            }
        }
    }

    @Test("A client offering only TLS 1.1 is refused, and the server reports the TLS failure")
    func tls11Refused() async throws {
        let setup = LoopbackSetup(profile: 2, pki: try PKIFixture())
        try await withTimeLimit {
            try await OCPPWebSocketServer.run(setup.server) { server in
                var client = setup.client(for: server)
                client.minimumTLSVersion = .tls1_1
                client.maximumTLSVersion = .tls1_1
                let (outcome, event) = await dialAndObserve(server, client)
                guard case .tls(let detail)? = outcome.transportError else { Issue.record("expected a TLS error, got \(outcome)"); return }
                #expect(!detail.isEmpty)
                let rejection = try #require(event?.rejection)
                #expect(rejection.reason == .tlsFailure)
                #expect(rejection.httpStatus == nil)
            }
        }
    }

    @Test("The client refuses a CSMS certificate from an untrusted CA or for another host (TC_A_05_CS)")
    func untrustedServerCertificate() async throws {
        let pki = try PKIFixture()
        let otherCA = try TestCertificateAuthority(commonName: "Some Other CA")
        let setup = LoopbackSetup(profile: 2, pki: pki)
        try await withTimeLimit {
            try await OCPPWebSocketServer.run(setup.server) { server in
                var events = server.events.makeAsyncIterator()
                var client = setup.client(for: server)
                client.trustedCAsPEM = otherCA.certificatePEM
                guard case .tls? = await dial(client).transportError else { Issue.record("expected a TLS error"); return }
                #expect(await events.next()?.rejection?.reason == .tlsFailure)
            }
            var misnamed = setup
            misnamed.server.security = .tlsWithBasicAuth(
                identity: TLSIdentity(try pki.ca.issueServerCertificate(variant: .wrongCommonName("csms.example.com"))),
                passwords: ["CS001": LoopbackSetup.password]
            )
            try await OCPPWebSocketServer.run(misnamed.server) { server in
                guard case .tls(let detail)? = await dial(misnamed.client(for: server)).transportError else {
                    Issue.record("expected a TLS error for a certificate that names another host")
                    return
                }
                #expect(!detail.isEmpty)
            }
        }
    }

    @Test("Profile 3 without a client certificate fails TLS and is reported")
    func missingClientCertificate() async throws {
        let setup = LoopbackSetup(profile: 3, pki: try PKIFixture())
        try await withTimeLimit {
            try await OCPPWebSocketServer.run(setup.server) { server in
                var client = setup.client(for: server)
                client.clientIdentity = nil
                let (outcome, event) = await dialAndObserve(server, client)
                #expect(Self.isTLSOrDropped(outcome), "expected the TLS handshake to fail, got \(outcome)")
                let rejection = try #require(event?.rejection)
                #expect(rejection.reason == .tlsFailure)
                #expect(rejection.detail.contains("PEER_DID_NOT_RETURN_A_CERTIFICATE"))
            }
        }
    }

    @Test(
        "Profile 3 refuses expired, not yet valid and self-signed client certificates (TC_A_08_CSMS)",
        arguments: [CertificateVariant.expired, .notYetValid, .selfSigned]
    )
    func invalidClientCertificate(variant: CertificateVariant) async throws {
        let pki = try PKIFixture()
        let setup = LoopbackSetup(profile: 3, pki: pki)
        let bad = try pki.ca.issueClientCertificate(stationId: "CS001", variant: variant)
        try await withTimeLimit {
            try await OCPPWebSocketServer.run(setup.server) { server in
                var client = setup.client(for: server)
                client.clientIdentity = TLSIdentity(bad)
                let (outcome, event) = await dialAndObserve(server, client)
                #expect(Self.isTLSOrDropped(outcome), "expected the TLS handshake to fail, got \(outcome)")
                #expect(event?.rejection?.reason == .tlsFailure)
            }
        }
    }

    @Test("Profile 3 with a client certificate for another station connects, with a finding")
    func wrongCommonNameIsAFinding() async throws {
        let pki = try PKIFixture()
        let setup = LoopbackSetup(profile: 3, pki: pki)
        let other = try pki.ca.issueClientCertificate(stationId: "CS001", variant: .wrongCommonName("CS002"))
        try await withTimeLimit {
            try await OCPPWebSocketServer.run(setup.server) { server in
                var client = setup.client(for: server)
                client.clientIdentity = TLSIdentity(other)
                let (_, event) = await dialAndObserve(server, client)
                let info = try #require(event?.connection?.info)
                #expect(info.peerCertificateSubject == "CN=CS002")
                #expect(info.handshakeFindings.count == 1)
                #expect(info.handshakeFindings.first?.contains("CS002") == true)
            }
        }
    }

    @Test("A percent-encoded station id is decoded (OCPP-J §3.1.1 example RDAM 123)")
    func percentEncodedStationId() async throws {
        let setup = OCPPWebSocketServer.Configuration(pathPrefix: "ocppj", stationIds: ["RDAM 123"])
        try await withTimeLimit {
            try await OCPPWebSocketServer.run(setup) { server in
                let client = OCPPWebSocketClient.Configuration(endpoint: server.endpointURL, stationId: "RDAM 123")
                let (_, event) = await dialAndObserve(server, client)
                let info = try #require(event?.connection?.info)
                #expect(info.stationId == "RDAM 123")
                #expect(info.path == "/ocppj/RDAM%20123")
            }
        }
    }

    @Test("A 2.0.1 password outside 16–40 identifierString characters connects with a finding (TC_A_01_CS)")
    func passwordFormatFinding() async throws {
        let short = BasicAuthPassword("short pw")
        let configuration = OCPPWebSocketServer.Configuration(stationIds: ["CS001"], security: .basicAuth(passwords: ["CS001": short]))
        try await withTimeLimit {
            try await OCPPWebSocketServer.run(configuration) { server in
                let client = OCPPWebSocketClient.Configuration(endpoint: server.endpointURL, stationId: "CS001", basicAuthPassword: short)
                let (_, event) = await dialAndObserve(server, client)
                let findings = try #require(event?.connection?.info.handshakeFindings)
                #expect(findings.count == 2)
            }
        }
    }

    @Test("A refused TCP connection is reported as connectFailed")
    func connectionRefused() async throws {
        // Bind and release a port so that nothing listens on it.
        let port = try await OCPPWebSocketServer.run(.init()) { $0.port }
        let outcome = await dial(OCPPWebSocketClient.Configuration(endpoint: "ws://127.0.0.1:\(port)/ocpp", stationId: "CS001"))
        guard case .connectFailed? = outcome.transportError else { Issue.record("expected connectFailed, got \(outcome)"); return }
    }

    @Test("A CSMS that accepts TCP but never answers the upgrade fails with a timeout", arguments: ["ws", "wss"])
    func connectTimeout(scheme: String) async throws {
        let (listener, port) = try RawTCPConnection.silentListener()
        let pki = try PKIFixture()
        let client = OCPPWebSocketClient.Configuration(
            endpoint: "\(scheme)://127.0.0.1:\(port)/ocpp", stationId: "CS001", trustedCAsPEM: pki.ca.certificatePEM,
            connectTimeout: .milliseconds(300)
        )
        let started = ContinuousClock.now
        let outcome = try await withTimeLimit(.seconds(10)) { await dial(client) }
        guard case .timeout(let detail)? = outcome.transportError else { Issue.record("expected a timeout, got \(outcome)"); return }
        #expect(detail.contains("within 0.3 seconds"))
        #expect(ContinuousClock.now - started < .seconds(3))
        await listener.close()
    }

    static func status(_ error: TransportError) -> Int? {
        if case .handshakeRejected(let status, _) = error { return status }
        return nil
    }

    /// With TLS 1.3 the client finishes its side of the handshake before the server checks the
    /// client certificate; the server's alert still reaches it before the connection closes.
    static func isTLSOrDropped(_ outcome: DialOutcome) -> Bool {
        if case .tls? = outcome.transportError { return true }
        return false
    }
}
