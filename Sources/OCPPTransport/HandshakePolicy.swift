import Foundation
import OCPPProtocol

/// Decides whether an upgrade request becomes an OCPP-J connection: path and station id (OCPP-J
/// §3.1.1, §3.2), Basic authentication (security profiles 1 and 2) and subprotocol negotiation
/// (§3.1.2, §3.2). The channel handlers only carry out its decisions.
struct HandshakePolicy: Sendable {
    let path: StationPath
    /// The station ids the server expects; `nil` accepts any.
    let stationIds: Set<String>?
    /// The OCPP versions the server accepts.
    let versions: [OCPPVersion]
    let security: ServerSecurity
    /// Further endpoint paths the server accepts stations on (a second CSMS URL for network
    /// profile migration, B10).
    var alternatePaths: [StationPath] = []

    /// The subprotocols the server knows at all (Table 1 of OCPP-J, for the versions ocppspec speaks).
    static let knownSubprotocols: [String] = OCPPVersion.allCases.map(\.subprotocol)

    func decide(_ request: HandshakeRequest, at now: ContinuousClock.Instant = .now) -> HandshakeDecision {
        let offered = request.listValues("sec-websocket-protocol")
        var rejection = HandshakeRejection(
            reason: .badRequest, httpStatus: 400, detail: "", path: request.target, stationId: nil,
            offeredSubprotocols: offered, remoteAddress: request.remoteAddress, at: now
        )
        func reject(_ reason: HandshakeRejection.Reason, _ status: Int, _ detail: String, headers: [(String, String)] = []) -> HandshakeDecision {
            rejection.reason = reason
            rejection.httpStatus = status
            rejection.detail = detail
            return .reject(rejection, responseHeaders: headers)
        }

        // RFC 6455 §4.1: the opening handshake is a GET.
        guard request.method == "GET" else {
            return reject(.badRequest, 400, "Expected a GET request to open the WebSocket, but got \(request.method).")
        }
        let stationId: String
        do {
            stationId = try path.stationId(inRequestTarget: request.target)
        } catch {
            guard let alternate = alternatePaths.lazy.compactMap({ try? $0.stationId(inRequestTarget: request.target) }).first else {
                return reject(.wrongPath, 404, "The request path does not name a station: \(error).")
            }
            stationId = alternate
        }
        rejection.stationId = stationId
        if let stationIds, !stationIds.contains(stationId) {
            return reject(.unknownStationId, 404, "The station id \"\(stationId)\" is not one this CSMS expects (expected \(stationIds.sorted().joined(separator: ", "))).")
        }

        // Subprotocol negotiation: the first one in the client's order that this server accepts.
        let accepted = versions.map(\.subprotocol)
        let agreed = offered.first { accepted.contains($0) }
        let version = agreed.flatMap(OCPPVersion.init(subprotocol:))

        var findings = OCPPJHandshakeRules.stationIdFindings(stationId, version: version)
        var basicAuthUser: String?
        let authorization = request.values("authorization").first
        if let authorization, let credentials = try? BasicAuthorization(headerValue: authorization) {
            basicAuthUser = credentials.user
        }

        if let passwords = security.passwords {
            // RFC 7617 §2: a 401 names the scheme the server wants.
            let challenge = [("WWW-Authenticate", "Basic realm=\"OCPP\", charset=\"UTF-8\"")]
            guard let authorization else {
                return reject(.missingCredentials, 401, "Security profile \(security.profile) needs HTTP Basic authentication, but the request has no Authorization header.", headers: challenge)
            }
            let credentials: BasicAuthorization
            do {
                credentials = try BasicAuthorization(headerValue: authorization)
            } catch {
                return reject(.wrongCredentials, 401, "The Authorization header cannot be read: \(error).", headers: challenge)
            }
            // OCPP-J 1.6 §6.2.2 and 2.0.1 A00.FR.204: the user name is the station id of the URL.
            guard credentials.user == stationId else {
                return reject(.wrongCredentials, 401, "Expected the Basic auth user name to be the station id \"\(stationId)\", but it is \"\(credentials.user)\".", headers: challenge)
            }
            guard let expected = passwords[stationId] else {
                return reject(.wrongCredentials, 401, "No Basic auth password is configured for station \"\(stationId)\", so its credentials cannot be accepted.", headers: challenge)
            }
            guard expected.matches(credentials.password) else {
                return reject(.wrongCredentials, 401, "The Basic auth password for station \"\(stationId)\" is wrong (\(credentials.password.count) bytes given).", headers: challenge)
            }
            findings += OCPPJHandshakeRules.passwordFindings(credentials.password, version: version)
        }

        if case .mutualTLS = security, let commonName = request.peerCommonName, commonName != stationId {
            // TC_A_08_CSMS / A00.FR.417: the client certificate's CN is the station's identity. OCTT
            // reports a mismatch but may still open the connection, so the engine decides.
            findings.append("The client certificate's common name is \"\(commonName)\", but the station id in the URL is \"\(stationId)\".")
        }

        guard let agreed else {
            rejection.reason = .noAgreedSubprotocol
            rejection.httpStatus = 101
            let offeredText = offered.isEmpty ? "none" : offered.joined(separator: ", ")
            rejection.detail = "None of the offered subprotocols (\(offeredText)) is accepted (\(accepted.joined(separator: ", "))), so the handshake completed without Sec-WebSocket-Protocol and the connection was closed (OCPP-J §3.2)."
            return .acceptWithoutSubprotocol(rejection)
        }
        let info = ConnectionInfo(
            stationId: stationId, path: request.target, offeredSubprotocols: offered, subprotocol: agreed,
            securityProfile: security.profile, basicAuthUser: basicAuthUser, tlsVersion: request.tlsVersion,
            peerCertificateSubject: request.peerCertificateSubject, remoteAddress: request.remoteAddress,
            handshakeFindings: findings
        )
        return .accept(info, subprotocol: agreed)
    }
}
