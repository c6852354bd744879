import Crypto
import Foundation
import OCPPProtocol
import SwiftASN1
@_spi(FixedExpiryValidationTime) import X509

extension TestCertificateAuthority {
    /// A new CSMS root certificate for a migration (OCPP 2.0.1 M05, TC_B_47/50_CS, TC_M_30/31_CS):
    /// a CA of its own, with a fresh key, whose certificate is signed by this CA. A station with
    /// AdditionalRootCertificateCheck accepts a new CSMS root only when the root it replaces signed
    /// it (M05.FR.10); any other station simply trusts it as one more root.
    public func issueSuccessorRoot(
        commonName: String, organization: String? = "ocppspec", keyAlgorithm: KeyAlgorithm = .ecdsaP256,
        now: Date = Date(), lifetime: TimeInterval = defaultCALifetime
    ) throws -> TestCertificateAuthority {
        let key = try keyAlgorithm.makePrivateKey()
        let name = try Self.distinguishedName(commonName: commonName, organization: organization)
        let authority = try certificate.extensions.subjectKeyIdentifier?.keyIdentifier
            ?? SubjectKeyIdentifier(hash: certificate.publicKey).keyIdentifier
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
            Critical(KeyUsage(digitalSignature: true, keyCertSign: true, cRLSign: true))
            SubjectKeyIdentifier(hash: key.publicKey)
            AuthorityKeyIdentifier(keyIdentifier: authority)
        }
        let issued = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: key.publicKey,
            notValidBefore: now - Self.backdating, notValidAfter: now + lifetime,
            issuer: certificate.subject, subject: name, signatureAlgorithm: privateKey.defaultSignatureAlgorithm,
            extensions: extensions, issuerPrivateKey: privateKey
        )
        return TestCertificateAuthority(certificate: issued, privateKey: key)
    }
}

/// OCPP's CertificateHashDataType of one certificate (2.0.1 M03/M04, 1.6 Security Whitepaper): how
/// a station names an installed certificate in GetInstalledCertificateIdsResponse and how a CSMS
/// names one to delete. SHA-256 of the DER issuer name, SHA-256 of the issuer's public key bits
/// (the subjectPublicKey BIT STRING value, as OCSP's CertID does), and the serial number in
/// hexadecimal without leading zeroes.
public struct CertificateHashData: Sendable, Hashable {
    public var hashAlgorithm = "SHA256"
    public var issuerNameHash: String
    public var issuerKeyHash: String
    public var serialNumber: String

    /// The hash data of `certificate`; `issuer` is the certificate that signed it (`nil`: it signed
    /// itself, as a root does).
    public init(of certificate: Certificate, issuer: Certificate? = nil) throws {
        var serializer = DER.Serializer()
        try serializer.serialize(certificate.issuer)
        issuerNameHash = Self.hex(SHA256.hash(data: serializer.serializedBytes))
        issuerKeyHash = Self.hex(SHA256.hash(data: (issuer ?? certificate).publicKey.subjectPublicKeyInfoBytes))
        let serial = Self.hex(certificate.serialNumber.bytes)
        let trimmed = serial.drop { $0 == "0" }
        serialNumber = trimmed.isEmpty ? "0" : String(trimmed)
    }

    /// The hash data of `certificate`, with its issuer taken from `issuerCandidates` when one of
    /// them signed it (otherwise it is taken to have signed itself).
    public init(of certificate: Certificate, issuerCandidates: [Certificate]) throws {
        let issuer = issuerCandidates.first {
            $0.subject == certificate.issuer && $0.publicKey.isValidSignature(certificate.signature, for: certificate)
        }
        try self.init(of: certificate, issuer: issuer)
    }

    /// The hash data of a PEM certificate, with its issuer taken from `issuerCandidates` (PEM).
    public init(pem: String, issuerCandidates: [String] = []) throws {
        let certificate: Certificate
        do {
            certificate = try Certificate(pemEncoded: pem)
        } catch {
            throw TestPKIError.invalidPEM(what: "a certificate", detail: "\(error)")
        }
        try self.init(of: certificate, issuerCandidates: issuerCandidates.compactMap { try? Certificate(pemEncoded: $0) })
    }

    /// As OCPP's CertificateHashDataType (GetInstalledCertificateIdsResponse, DeleteCertificateRequest).
    public var json: JSONValue {
        [
            "hashAlgorithm": .string(hashAlgorithm), "issuerNameHash": .string(issuerNameHash),
            "issuerKeyHash": .string(issuerKeyHash), "serialNumber": .string(serialNumber),
        ]
    }

    private static func hex<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}

/// How a station checks the certificate a CSMS presents in the TLS handshake (security profiles 2
/// and 3, A00.FR.3xx; M05 for which roots count): the chain must lead to one of the roots the
/// station trusts, each certificate within its validity period.
public enum ServerCertificateCheck {
    /// `nil` when `chainPEM` (leaf first) is trusted by `trustedRootsPEM`; otherwise why not.
    public static func failure(chainPEM: [String], trustedRootsPEM: [String], now: Date = Date()) async -> String? {
        let chain = chainPEM.compactMap { try? Certificate(pemEncoded: $0) }
        guard let leaf = chain.first, chain.count == chainPEM.count else { return "the server certificate chain is not valid PEM" }
        let roots = trustedRootsPEM.compactMap { try? Certificate(pemEncoded: $0) }
        guard !roots.isEmpty else { return "the station trusts no CSMS root certificate" }
        var verifier = Verifier(rootCertificates: CertificateStore(roots)) { RFC5280Policy(fixedExpiryValidationTime: now) }
        switch await verifier.validate(leaf: leaf, intermediates: CertificateStore(Array(chain.dropFirst()))) {
        case .validCertificate: return nil
        case .couldNotValidate(let failures):
            return "certificate \"\(leaf.subject)\" does not chain to a trusted CSMS root (\(failures.count) candidate chain(s) failed)"
        }
    }
}
