import OCPPTransport
import TestPKI

/// Certificates for the TLS tests, made fresh by ``TestCertificateAuthority`` for each test.
struct PKIFixture: Sendable {
    let ca: TestCertificateAuthority
    let server: PEMCredential
    let client: PEMCredential
    let stationId: String

    init(stationId: String = "CS001", keyAlgorithm: KeyAlgorithm = .ecdsaP256) throws {
        self.stationId = stationId
        ca = try TestCertificateAuthority(keyAlgorithm: keyAlgorithm)
        server = try ca.issueServerCertificate(keyAlgorithm: keyAlgorithm)
        client = try ca.issueClientCertificate(stationId: stationId, organization: "Test CSO", keyAlgorithm: keyAlgorithm)
    }

    var serverIdentity: TLSIdentity { TLSIdentity(server) }
    var clientIdentity: TLSIdentity { TLSIdentity(client) }
}

extension TLSIdentity {
    init(_ credential: PEMCredential) {
        self.init(certificateChainPEM: credential.certificatePEM, privateKeyPEM: credential.privateKeyPEM)
    }
}
