import OCPPProtocol

/// The OCPP-J rules on what a Charging Station sends in its handshake that a CSMS can check without
/// refusing the connection. Each finding is a sentence for ``ConnectionInfo/handshakeFindings``.
enum OCPPJHandshakeRules {
    /// OCPP 2.0.1 Part 4 §3.1.1 (and 2.1): the identity may not contain ":" (it is the Basic auth
    /// user name) and is at most 48 characters long. OCPP 1.6 sets no such limits in OCPP-J.
    static func stationIdFindings(_ stationId: String, version: OCPPVersion?) -> [String] {
        guard let version, version != .v16 else { return [] }
        var findings: [String] = []
        if stationId.contains(":") {
            findings.append("The station id \"\(stationId)\" contains a colon, which OCPP-J \(version.rawValue) §3.1.1 forbids because it separates user name and password in Basic auth.")
        }
        if stationId.count > 48 {
            findings.append("The station id is \(stationId.count) characters long; OCPP-J \(version.rawValue) §3.1.1 allows at most 48.")
        }
        return findings
    }

    /// The characters of OCPP 2.0.1's identifierString besides letters and digits (Part 2 §2.1.6).
    static let identifierStringSpecials: Set<UInt8> = Set("*-_=:+|@.".utf8)

    /// The password format each version asks for:
    /// - 1.6 (OCTT TC_085_CS): the AuthorizationKey is at least 16 bytes and its hex form 20 to 40
    ///   digits, so the key is 16 to 20 bytes.
    /// - 2.0.1 and 2.1 (TC_A_01_CS, `SecurityCtrlr.BasicAuthPassword`): 16 to 40 characters, letters,
    ///   digits and the identifierString special characters only.
    static func passwordFindings(_ password: [UInt8], version: OCPPVersion?) -> [String] {
        guard let version else { return [] }
        switch version {
        case .v16:
            guard (16...20).contains(password.count) else {
                return ["The Basic auth password (AuthorizationKey) is \(password.count) bytes long; OCPP 1.6 expects a key of 16 to 20 bytes (20 to 40 hex digits in ChangeConfiguration)."]
            }
            return []
        case .v201, .v21:
            var findings: [String] = []
            if !(16...40).contains(password.count) {
                findings.append("The Basic auth password is \(password.count) characters long; OCPP \(version.rawValue) BasicAuthPassword must be 16 to 40 characters.")
            }
            let allowed = password.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || identifierStringSpecials.contains(byte)
            }
            if !allowed {
                findings.append("The Basic auth password contains characters outside letters, digits and \"*-_=:+|@.\", which OCPP \(version.rawValue) BasicAuthPassword (identifierString) does not allow.")
            }
            return findings
        }
    }
}
