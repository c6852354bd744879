import Crypto
import Foundation
import OCPPProtocol

extension DUTProfile {
    /// Config keys whose values are secrets: never written into a report.
    public static func isSecretConfigKey(_ key: String) -> Bool {
        let k = key.lowercased()
        return ["password", "authorizationkey", "secret", "privatekey", "passphrase"].contains { k.contains($0) }
    }

    /// The profile's claims, secrets as "***": keys that name a secret, values equal to one of the
    /// profile's secrets or holding a private key. A PEM certificate is shortened to its digest.
    public var reportClaims: DUTClaims {
        let profile = self
        var config: [String: String] = [:]
        let secrets = Set(profile.secrets)
        for member in profile.config.members {
            let (key, value) = (member.key, member.value)
            // `<key>HashData` is derived from a certificate already listed.
            if key.hasSuffix("HashData") { continue }
            var text: String
            if case .string(let s) = value { text = s } else { text = value.jsonText }
            if Self.isSecretConfigKey(key) || secrets.contains(text) || text.contains("PRIVATE KEY") {
                text = "***"
            } else if text.contains("-----BEGIN CERTIFICATE-----") {
                text = "PEM certificate, SHA-256 \(SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined())"
            }
            config[key] = text
        }
        return DUTClaims(
            vendor: profile.identity.vendor, model: profile.identity.model, stationId: profile.identity.stationId,
            firmwareVersion: profile.identity.firmwareVersion, versions: profile.versions.map(\.rawValue), profiles: profile.profiles,
            features: profile.features, securityProfile: profile.connection.securityProfile,
            evses: profile.evses.map { "\($0.id): \($0.connectors.map(String.init).joined(separator: ","))" }, config: config)
    }
}
