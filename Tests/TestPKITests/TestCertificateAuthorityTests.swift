import Crypto
import Foundation
import SwiftASN1
import Testing
@_spi(FixedExpiryValidationTime) import X509
import _CryptoExtras

@testable import TestPKI

/// Every certificate the test PKI makes is read back with swift-certificates and checked field by
/// field: issuer, subject, validity window, names, usages, and the chain to the CA.
@Suite struct TestCertificateAuthorityTests {
    static let now = Date(timeIntervalSince1970: 1_750_000_000)

    static func parse(_ pem: String) throws -> Certificate { try Certificate(pemEncoded: pem) }

    static func commonName(_ name: DistinguishedName) -> String? {
        name.flatMap { $0 }.first { $0.type == .RDNAttributeType.commonName }.map { String(describing: $0.value) }
    }

    static func organization(_ name: DistinguishedName) -> String? {
        name.flatMap { $0 }.first { $0.type == .RDNAttributeType.organizationName }.map { String(describing: $0.value) }
    }

    /// Verifies `certificate` against the CA as a TLS peer would, at `time`.
    static func verify(_ certificate: Certificate, ca: TestCertificateAuthority, at time: Date) async -> Bool {
        var verifier = Verifier(rootCertificates: CertificateStore([ca.certificate])) {
            RFC5280Policy(fixedExpiryValidationTime: time)
        }
        let result = await verifier.validate(leaf: certificate, intermediates: CertificateStore())
        if case .validCertificate = result { return true }
        return false
    }

    @Test("The CA is self-signed, a CA, and valid now", arguments: KeyAlgorithm.allCases)
    func rootCertificate(keyAlgorithm: KeyAlgorithm) throws {
        let ca = try TestCertificateAuthority(commonName: "Lab Root", organization: "Lab", keyAlgorithm: keyAlgorithm, now: Self.now)
        let root = try Self.parse(ca.certificatePEM)
        #expect(root.issuer == root.subject)
        #expect(Self.commonName(root.subject) == "Lab Root")
        #expect(try root.extensions.basicConstraints == .isCertificateAuthority(maxPathLength: nil))
        #expect(try root.extensions.keyUsage?.keyCertSign == true)
        #expect(root.publicKey.isValidSignature(root.signature, for: root))
        #expect(root.notValidBefore <= Self.now && Self.now < root.notValidAfter)
        let reloaded = try TestCertificateAuthority(certificatePEM: ca.certificatePEM, privateKeyPEM: ca.privateKeyPEM)
        #expect(reloaded.certificate == ca.certificate)
        #expect(ca.privateKeyPEM.contains(keyAlgorithm == .rsa2048 ? "BEGIN RSA PRIVATE KEY" : "BEGIN PRIVATE KEY"))
    }

    @Test("Server certificates name localhost and 127.0.0.1 and chain to the CA", arguments: KeyAlgorithm.allCases)
    func serverCertificate(keyAlgorithm: KeyAlgorithm) async throws {
        let ca = try TestCertificateAuthority(keyAlgorithm: keyAlgorithm, now: Self.now)
        let issued = try ca.issueServerCertificate(keyAlgorithm: keyAlgorithm, now: Self.now)
        let certificate = try Self.parse(issued.certificatePEM)
        #expect(certificate.issuer == ca.certificate.subject)
        #expect(Self.commonName(certificate.subject) == "localhost")
        let names = try #require(try certificate.extensions.subjectAlternativeNames)
        #expect(names.contains(.dnsName("localhost")))
        #expect(names.contains(.ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1]))))
        #expect(try certificate.extensions.extendedKeyUsage?.contains(.serverAuth) == true)
        #expect(try certificate.extensions.basicConstraints == .notCertificateAuthority)
        #expect(await Self.verify(certificate, ca: ca, at: Self.now))
        // The key in the PEM is the certificate's key.
        let key = try Certificate.PrivateKey(pemEncoded: issued.privateKeyPEM)
        #expect(key.publicKey == certificate.publicKey)
        #expect((_RSA.Signing.PublicKey(certificate.publicKey) != nil) == (keyAlgorithm == .rsa2048))
        if keyAlgorithm == .rsa2048 {
            #expect(_RSA.Signing.PublicKey(certificate.publicKey)?.keySizeInBits == 2048)
        } else {
            #expect(P256.Signing.PublicKey(certificate.publicKey) != nil)
        }
    }

    @Test("IPv6 and extra host names go into the subject alternative names")
    func serverNames() throws {
        let ca = try TestCertificateAuthority(now: Self.now)
        let issued = try ca.issueServerCertificate(hostnames: ["csms.test", "localhost"], ipAddresses: ["::1", "10.0.0.7"], now: Self.now)
        let names = try #require(try Self.parse(issued.certificatePEM).extensions.subjectAlternativeNames)
        #expect(names.contains(.dnsName("csms.test")))
        #expect(names.contains(.ipAddress(ASN1OctetString(contentBytes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]))))
        #expect(names.contains(.ipAddress(ASN1OctetString(contentBytes: [10, 0, 0, 7]))))
        #expect(throws: TestPKIError.invalidIPAddress("300.1.1.1")) { try ca.issueServerCertificate(ipAddresses: ["300.1.1.1"]) }
    }

    @Test("Client certificates carry the station id as CN and the CSO as O (A00.FR.416)", arguments: KeyAlgorithm.allCases)
    func clientCertificate(keyAlgorithm: KeyAlgorithm) async throws {
        let ca = try TestCertificateAuthority(now: Self.now)
        let issued = try ca.issueClientCertificate(stationId: "CS001", organization: "Example CSO", keyAlgorithm: keyAlgorithm, now: Self.now)
        let certificate = try Self.parse(issued.certificatePEM)
        #expect(Self.commonName(certificate.subject) == "CS001")
        #expect(Self.organization(certificate.subject) == "Example CSO")
        #expect(try certificate.extensions.extendedKeyUsage?.contains(.clientAuth) == true)
        #expect(await Self.verify(certificate, ca: ca, at: Self.now))
    }

    @Test("Negative variants: expired, not yet valid, wrong CN, self-signed")
    func negativeVariants() async throws {
        let ca = try TestCertificateAuthority(now: Self.now)

        let expired = try Self.parse(ca.issueClientCertificate(stationId: "CS001", variant: .expired, now: Self.now).certificatePEM)
        #expect(expired.notValidAfter < Self.now)
        #expect(expired.issuer == ca.certificate.subject)
        #expect(!(await Self.verify(expired, ca: ca, at: Self.now)))

        let early = try Self.parse(ca.issueClientCertificate(stationId: "CS001", variant: .notYetValid, now: Self.now).certificatePEM)
        #expect(early.notValidBefore > Self.now)
        #expect(!(await Self.verify(early, ca: ca, at: Self.now)))

        let misnamed = try Self.parse(ca.issueClientCertificate(stationId: "CS001", variant: .wrongCommonName("CS999"), now: Self.now).certificatePEM)
        #expect(Self.commonName(misnamed.subject) == "CS999")
        #expect(await Self.verify(misnamed, ca: ca, at: Self.now))

        let misnamedServer = try Self.parse(ca.issueServerCertificate(variant: .wrongCommonName("elsewhere.test"), now: Self.now).certificatePEM)
        #expect(Self.commonName(misnamedServer.subject) == "elsewhere.test")
        #expect(try misnamedServer.extensions.subjectAlternativeNames == nil)

        let selfSigned = try Self.parse(ca.issueClientCertificate(stationId: "CS001", variant: .selfSigned, now: Self.now).certificatePEM)
        #expect(selfSigned.issuer == selfSigned.subject)
        #expect(selfSigned.issuer != ca.certificate.subject)
        #expect(selfSigned.publicKey.isValidSignature(selfSigned.signature, for: selfSigned))
        #expect(!(await Self.verify(selfSigned, ca: ca, at: Self.now)))
    }

    @Test("A CSR is verified and signed: issuer is the CA, subject and key come from the CSR (A02/A03)", arguments: KeyAlgorithm.allCases)
    func csrRoundTrip(keyAlgorithm: KeyAlgorithm) async throws {
        let ca = try TestCertificateAuthority(now: Self.now)
        let stationKey = try keyAlgorithm.makePrivateKey()
        let subject = try DistinguishedName {
            OrganizationName("Example CSO")
            CommonName("CS001")
        }
        let csr = try CertificateSigningRequest(
            version: .v1, subject: subject, privateKey: stationKey, attributes: CertificateSigningRequest.Attributes()
        )
        let csrPEM = try csr.serializeAsPEM().pemString
        let signedPEM = try ca.signCSR(csrPEM, expectedCommonName: "CS001", now: Self.now)
        let signed = try Self.parse(signedPEM)
        #expect(signed.issuer == ca.certificate.subject)
        #expect(signed.subject == subject)
        #expect(signed.publicKey == stationKey.publicKey)
        #expect(try signed.extensions.extendedKeyUsage?.contains(.clientAuth) == true)
        #expect(await Self.verify(signed, ca: ca, at: Self.now))
    }

    @Test("Bad CSRs are refused with a sentence: not PEM, wrong signature, wrong CN")
    func badCSRs() throws {
        let ca = try TestCertificateAuthority(now: Self.now)
        #expect { try ca.signCSR("hello") } throws: { error in
            guard case TestPKIError.csrNotParseable = error else { return false }
            return "\(error)".hasPrefix("Expected a PEM-encoded PKCS#10")
        }

        // A CSR whose signature was made by another key than the one it carries.
        let key = P256.Signing.PrivateKey()
        let otherKey = P256.Signing.PrivateKey()
        let subject = try DistinguishedName { CommonName("CS001") }
        let honest = try CertificateSigningRequest(
            version: .v1, subject: subject, privateKey: .init(key), attributes: CertificateSigningRequest.Attributes()
        )
        let forged = try CertificateSigningRequest(
            version: .v1, subject: subject, publicKey: .init(otherKey.publicKey), attributes: honest.attributes,
            signatureAlgorithm: honest.signatureAlgorithm, signature: honest.signature
        )
        #expect(throws: TestPKIError.csrSignatureInvalid) { try ca.signCSR(try forged.serializeAsPEM().pemString) }

        let pem = try honest.serializeAsPEM().pemString
        #expect(throws: TestPKIError.csrCommonNameMismatch(expected: "CS002", found: "CS001")) {
            try ca.signCSR(pem, expectedCommonName: "CS002")
        }
    }
}
