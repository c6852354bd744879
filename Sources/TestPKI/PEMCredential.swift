/// A certificate and its private key, both PEM-encoded: what a TLS endpoint needs to present itself.
public struct PEMCredential: Sendable, Hashable {
    /// The certificate (`-----BEGIN CERTIFICATE-----`).
    public let certificatePEM: String
    /// The private key: PKCS#8 (`BEGIN PRIVATE KEY`) for ECDSA, PKCS#1 (`BEGIN RSA PRIVATE KEY`) for RSA.
    public let privateKeyPEM: String

    /// Wraps a certificate and key that are already PEM-encoded.
    public init(certificatePEM: String, privateKeyPEM: String) {
        self.certificatePEM = certificatePEM
        self.privateKeyPEM = privateKeyPEM
    }
}
