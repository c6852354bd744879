import Foundation
import OCPPProtocol
import Testing
import TestPKI

@testable import OCPPTransport

/// Interop with the Python `ocpp` library (v2.0.1) over `websockets`: an OCPP-J implementation
/// nobody here wrote. Our side's frames are parsed with ``FrameParser`` and every payload, sent or
/// received, is validated against the built-in 2.0.1 catalog; the Python side validates against the
/// official schemas it ships.
///
/// Without the venv the tests are skipped with a message, except in CI (`CI=true`), where they fail.
@Suite(.enabled(if: PythonPeer.isAvailable || PythonPeer.isCI, "\(PythonPeer.missingMessage)"))
struct InteropTests {
    static let catalog = MessageCatalog.builtIn(.v201)
    static let parser = FrameParser(version: .v201, catalog: catalog)

    init() throws {
        if !PythonPeer.isAvailable {
            Issue.record("CI=true but \(PythonPeer.missingMessage)")
            throw PythonMissing()
        }
    }

    struct PythonMissing: Error {}

    /// The CSMS side of the exchange: answers BootNotification and Heartbeat, validating both the
    /// station's requests and our responses. Returns the actions seen, in order.
    static func serveStation(_ connection: any MessageChannel) async throws -> [String] {
        var actions: [String] = []
        for await event in connection.events {
            guard case .text(let text, _) = event else { continue }
            let frame = try parser.parse(text)
            guard case .call(let call) = frame else {
                Issue.record("expected a CALL from the station, got \(frame)")
                continue
            }
            let entry = try #require(catalog[call.action])
            let violations = SchemaValidator().validate(call.payload, against: entry.request)
            #expect(violations.isEmpty, "the station's \(call.action) payload: \(violations)")
            actions.append(call.action)
            let payload: JSONValue
            switch call.action {
            case "BootNotification":
                payload = ["currentTime": "2025-06-01T12:00:00Z", "interval": 300, "status": "Accepted"]
            case "Heartbeat":
                payload = ["currentTime": "2025-06-01T12:00:01Z"]
            default:
                Issue.record("unexpected action \(call.action)")
                continue
            }
            let response = try #require(entry.response)
            #expect(SchemaValidator().validate(payload, against: response).isEmpty)
            try await connection.send(text: Frame.callResult(.init(messageId: call.messageId, payload: payload)).text)
        }
        return actions
    }

    @Test("Our CSMS serves a Python ocpp ChargePoint over ws://")
    func pythonStationOverPlainWebSocket() async throws {
        try await withTimeLimit(.seconds(40)) {
            try await OCPPWebSocketServer.run(.init(stationIds: ["CS001"])) { server in
                let peer = try PythonPeer(
                    script: "charge_point_v201.py", arguments: ["--url", server.endpointURL + "/CS001", "--station-id", "CS001"]
                )
                defer { peer.terminate() }
                try await Self.expectBootAndHeartbeat(server: server, peer: peer, profile: 0)
            }
        }
    }

    @Test("Our CSMS serves a Python ocpp ChargePoint over wss:// with a client certificate (profile 3)")
    func pythonStationOverMutualTLS() async throws {
        let pki = try PKIFixture()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ocppspec-interop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = ["ca.pem": pki.ca.certificatePEM, "client.pem": pki.client.certificatePEM, "client-key.pem": pki.client.privateKeyPEM]
        for (name, text) in files {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let configuration = OCPPWebSocketServer.Configuration(
            stationIds: ["CS001"], security: .mutualTLS(identity: pki.serverIdentity, trustedClientCAsPEM: pki.ca.certificatePEM)
        )
        try await withTimeLimit(.seconds(40)) {
            try await OCPPWebSocketServer.run(configuration) { server in
                #expect(server.endpointURL.hasPrefix("wss://127.0.0.1:"))
                let peer = try PythonPeer(
                    script: "charge_point_v201.py",
                    arguments: [
                        "--url", server.endpointURL + "/CS001", "--station-id", "CS001",
                        "--ca", directory.appendingPathComponent("ca.pem").path,
                        "--cert", directory.appendingPathComponent("client.pem").path,
                        "--key", directory.appendingPathComponent("client-key.pem").path,
                    ]
                )
                defer { peer.terminate() }
                let info = try await Self.expectBootAndHeartbeat(server: server, peer: peer, profile: 3)
                #expect(info.peerCertificateSubject == "O=Test CSO,CN=CS001")
                #expect(info.tlsVersion != nil)
            }
        }
    }

    /// Runs the station side to completion against our server and checks both views of it.
    @discardableResult
    static func expectBootAndHeartbeat(server: OCPPWebSocketServer, peer: PythonPeer, profile: Int) async throws -> ConnectionInfo {
        var serverEvents = server.events.makeAsyncIterator()
        guard let event = await serverEvents.next(), let connection = event.connection else {
            Issue.record("expected the Python station to connect; stderr: \(peer.stderr)")
            throw TimedOut(what: "a connection", limit: .seconds(0))
        }
        #expect(connection.info.subprotocol == "ocpp2.0.1")
        #expect(connection.info.securityProfile == profile)
        let actions = try await serveStation(connection)
        #expect(actions == ["BootNotification", "Heartbeat"])

        var lines = peer.lines.makeAsyncIterator()
        let connected = await peer.next("connected", from: &lines)
        #expect(connected?["subprotocol"]?.stringValue == "ocpp2.0.1", "\(String(describing: connected)) \(peer.stderr)")
        let boot = await peer.next("result", from: &lines)
        #expect(boot?["status"]?.stringValue == "Accepted", "\(String(describing: boot)) \(peer.stderr)")
        let heartbeat = await peer.next("result", from: &lines)
        #expect(heartbeat?["current_time"]?.stringValue == "2025-06-01T12:00:01Z")
        #expect(await peer.next("done", from: &lines) != nil)
        #expect(await peer.exitStatus(within: .seconds(10)) == 0, "\(peer.stderr)")
        return connection.info
    }

    @Test("Our station talks to a Python ocpp CSMS over ws://")
    func ourStationAgainstPythonCSMS() async throws {
        try await withTimeLimit(.seconds(40)) {
            let peer = try PythonPeer(script: "central_system_v201.py", arguments: ["--timeout", "30"])
            defer { peer.terminate() }
            var lines = peer.lines.makeAsyncIterator()
            let listening = try #require(await peer.next("listening", from: &lines), "\(peer.stderr)")
            let port = try #require(listening["port"]?.intValue)
            let client = OCPPWebSocketClient.Configuration(endpoint: "ws://127.0.0.1:\(port)/ocpp", stationId: "CS001")

            try await OCPPWebSocketClient.connect(client) { channel in
                #expect(channel.info.subprotocol == "ocpp2.0.1")
                var events = channel.events.makeAsyncIterator()
                let boot: JSONValue = [
                    "chargingStation": ["model": "ocppspec reference", "vendorName": "ocppspec"], "reason": "PowerUp",
                ]
                let bootResult = try await Self.call("BootNotification", boot, id: "boot-1", over: channel, events: &events)
                #expect(bootResult["status"]?.stringValue == "Accepted")
                #expect(bootResult["interval"]?.intValue == 300)
                let heartbeatResult = try await Self.call("Heartbeat", [:], id: "hb-1", over: channel, events: &events)
                #expect(RFC3339.isValidDateTime(try #require(heartbeatResult["currentTime"]?.stringValue)))
            }

            let connected = await peer.next("connected", from: &lines)
            #expect(connected?["path"]?.stringValue == "/ocpp/CS001")
            #expect(connected?["subprotocol"]?.stringValue == "ocpp2.0.1")
            let closed = await peer.next("closed", from: &lines)
            #expect(closed?["actions"] == ["BootNotification", "Heartbeat"])
            #expect(await peer.exitStatus(within: .seconds(10)) == 0, "\(peer.stderr)")
        }
    }

    /// Sends a CALL whose payload passed our validator, and returns the CALLRESULT's payload after
    /// parsing and validating it.
    static func call(
        _ action: String, _ payload: JSONValue, id: String, over channel: any MessageChannel,
        events: inout TransportEvents.Iterator
    ) async throws -> JSONValue {
        let entry = try #require(catalog[action])
        #expect(SchemaValidator().validate(payload, against: entry.request).isEmpty)
        try await channel.send(text: Frame.call(.init(messageId: id, action: action, payload: payload)).text)
        guard let text = await nextEvent(&events, where: { $0.text != nil }).match?.text else {
            Issue.record("the CSMS closed before answering \(action)")
            return .null
        }
        guard case .callResult(let result) = try parser.parse(text) else {
            Issue.record("expected a CALLRESULT for \(action), got \(text)")
            return .null
        }
        #expect(result.messageId == id)
        let violations = SchemaValidator().validate(result.payload, against: try #require(entry.response))
        #expect(violations.isEmpty, "the CSMS's \(action) response: \(violations)")
        return result.payload
    }
}
