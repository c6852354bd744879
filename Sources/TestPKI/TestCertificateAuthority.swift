import Crypto
import Foundation
import SwiftASN1
import X509
import _CryptoExtras

/// An in-process certificate authority for OCPP security profiles 2 and 3 (OCPP 2.0.1 Part 2 A00,
/// OCPP 1.6 Security Whitepaper): it issues the CSMS's server certificate, the Charging Station's
/// client certificate, the broken variants the negative OCTT cases need, and signs the CSRs a station
/// sends in SignCertificateRequest so that CertificateSignedRequest can carry the result.
///
/// Everything goes in and out as PEM strings, which is what OCPP messages and TLS libraries take.
/// Every method takes `now` so that tests can pin validity windows exactly.
public struct TestCertificateAuthority: Sendable {
    /// The CA's self-signed root certificate.
    public let certificate: Certificate
    /// The CA's signing key.
    let privateKey: Certificate.PrivateKey

    /// Default lifetime of the root: long enough that no test run meets its end.
    public static let defaultCALifetime: TimeInterval = 10 * 365 * 86_400
    /// Default lifetime of an issued certificate.
    public static let defaultLeafLifetime: TimeInterval = 365 * 86_400
    /// Issued certificates start this long before `now`, so that a peer whose clock is a little behind
    /// still accepts them (OCTT allows a time deviation between the systems).
    public static let backdating: TimeInterval = 3_600

    /// Creates a new root CA with a fresh key.
    ///
    /// - Parameters:
    ///   - commonName: the CA's subject common name.
    ///   - organization: the CA's subject organization, if any.
    ///   - keyAlgorithm: the CA's key type; it decides the signature algorithm of everything it issues.
    ///   - now: the start of the validity window (backdated by ``backdating``).
    ///   - lifetime: how long the root is valid, in seconds.
    public init(
        commonName: String = "ocppspec Test Root CA", organization: String? = "ocppspec",
        keyAlgorithm: KeyAlgorithm = .ecdsaP256, now: Date = Date(), lifetime: TimeInterval = defaultCALifetime
    ) throws {
        let key = try keyAlgorithm.makePrivateKey()
        let name = try Self.distinguishedName(commonName: commonName, organization: organization)
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
            Critical(KeyUsage(digitalSignature: true, keyCertSign: true, cRLSign: true))
            SubjectKeyIdentifier(hash: key.publicKey)
        }
        self.certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: key.publicKey,
            notValidBefore: now - Self.backdating, notValidAfter: now + lifetime,
            issuer: name, subject: name, signatureAlgorithm: key.defaultSignatureAlgorithm,
            extensions: extensions, issuerPrivateKey: key
        )
        self.privateKey = key
    }

    /// A CA from a certificate and the key it certifies (``issueSuccessorRoot(commonName:organization:keyAlgorithm:now:lifetime:)``).
    init(certificate: Certificate, privateKey: Certificate.PrivateKey) {
        self.certificate = certificate
        self.privateKey = privateKey
    }

    /// Loads an existing CA from its PEM certificate and PEM private key (PKCS#8, SEC1 or PKCS#1).
    public init(certificatePEM: String, privateKeyPEM: String) throws {
        do {
            self.certificate = try Certificate(pemEncoded: certificatePEM)
        } catch {
            throw TestPKIError.invalidPEM(what: "a CA certificate", detail: "\(error)")
        }
        do {
            self.privateKey = try Certificate.PrivateKey(pemEncoded: privateKeyPEM)
        } catch {
            throw TestPKIError.invalidPEM(what: "the CA's private key", detail: "\(error)")
        }
    }

    /// The root certificate in PEM: what peers put in their trust store.
    public var certificatePEM: String {
        // Serialising a certificate that was parsed or built successfully cannot fail.
        (try? certificate.serializeAsPEM().pemString) ?? ""
    }

    /// The CA's private key in PEM.
    public var privateKeyPEM: String {
        (try? privateKey.serializeAsPEM().pemString) ?? ""
    }

    /// The root certificate and its key together.
    public var credential: PEMCredential {
        PEMCredential(certificatePEM: certificatePEM, privateKeyPEM: privateKeyPEM)
    }

    // MARK: - Issuing

    /// Issues a TLS server certificate for the CSMS (security profiles 2 and 3).
    ///
    /// - Parameters:
    ///   - hostnames: DNS subject alternative names; a client checks the host it dialled against them.
    ///   - ipAddresses: IP subject alternative names (IPv4 dotted quad or IPv6).
    ///   - commonName: the subject common name; defaults to the first host name. OCPP asks for the
    ///     CSMS's FQDN here (TC_A_05_CS); ``CertificateVariant/wrongCommonName(_:)`` replaces it and
    ///     also drops the alternative names, so that host name verification fails as it should.
    ///   - variant: valid, or one of the broken kinds.
    public func issueServerCertificate(
        hostnames: [String] = ["localhost"], ipAddresses: [String] = ["127.0.0.1"], commonName: String? = nil,
        organization: String? = nil, keyAlgorithm: KeyAlgorithm = .ecdsaP256, variant: CertificateVariant = .valid,
        now: Date = Date(), lifetime: TimeInterval = defaultLeafLifetime
    ) throws -> PEMCredential {
        var names: [GeneralName] = hostnames.map { .dnsName($0) }
        for address in ipAddresses {
            names.append(.ipAddress(ASN1OctetString(contentBytes: try Self.ipAddressBytes(address)[...])))
        }
        if case .wrongCommonName = variant { names = [] }
        let subjectAlternativeNames = SubjectAlternativeNames(names)
        return try issueLeaf(
            commonName: commonName ?? hostnames.first ?? "localhost", organization: organization,
            usage: .serverAuth, subjectAlternativeNames: subjectAlternativeNames.isEmpty ? nil : subjectAlternativeNames,
            keyAlgorithm: keyAlgorithm, variant: variant, now: now, lifetime: lifetime
        )
    }

    /// Issues a TLS client certificate for a Charging Station (security profile 3).
    ///
    /// OCPP 2.0.1 A00.FR.416/417 and TC_A_08_CSMS ask for the station's identity (its serial number,
    /// which is also the station id in the URL) as the subject common name, and the CSO's name as the
    /// organization when the CSMS checks it.
    public func issueClientCertificate(
        stationId: String, organization: String? = nil, keyAlgorithm: KeyAlgorithm = .ecdsaP256,
        variant: CertificateVariant = .valid, now: Date = Date(), lifetime: TimeInterval = defaultLeafLifetime
    ) throws -> PEMCredential {
        try issueLeaf(
            commonName: stationId, organization: organization, usage: .clientAuth, subjectAlternativeNames: nil,
            keyAlgorithm: keyAlgorithm, variant: variant, now: now, lifetime: lifetime
        )
    }

    /// Signs a PKCS#10 certificate signing request, as the CSMS does between SignCertificateRequest
    /// and CertificateSignedRequest (OCPP 2.0.1 A02/A03, OCPP 1.6 Security Whitepaper).
    ///
    /// The request's signature is verified first: a CSR that was not signed by the key it carries is
    /// refused. The certificate gets the CSR's subject and public key, this CA as issuer, and a
    /// client-authentication usage unless `usage` says otherwise.
    ///
    /// - Parameters:
    ///   - csrPEM: the CSR as the station sent it (`-----BEGIN CERTIFICATE REQUEST-----`).
    ///   - expectedCommonName: when set, a CSR whose subject common name differs is refused.
    /// - Returns: the signed certificate in PEM.
    public func signCSR(
        _ csrPEM: String, expectedCommonName: String? = nil, usage: ExtendedKeyUsage.Usage = .clientAuth,
        now: Date = Date(), lifetime: TimeInterval = defaultLeafLifetime
    ) throws -> String {
        let csr: CertificateSigningRequest
        do {
            csr = try CertificateSigningRequest(pemEncoded: csrPEM)
        } catch {
            throw TestPKIError.csrNotParseable("\(error)")
        }
        guard csr.publicKey.isValidSignature(csr.signature, for: csr) else {
            throw TestPKIError.csrSignatureInvalid
        }
        if let expectedCommonName {
            let found = csr.subject.commonName
            guard found == expectedCommonName else {
                throw TestPKIError.csrCommonNameMismatch(expected: expectedCommonName, found: found)
            }
        }
        let extensions = try leafExtensions(publicKey: csr.publicKey, usage: usage, subjectAlternativeNames: nil)
        let issued = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: csr.publicKey,
            notValidBefore: now - Self.backdating, notValidAfter: now + lifetime,
            issuer: certificate.subject, subject: csr.subject, signatureAlgorithm: privateKey.defaultSignatureAlgorithm,
            extensions: extensions, issuerPrivateKey: privateKey
        )
        return try issued.serializeAsPEM().pemString
    }

    // MARK: - Internals

    private func issueLeaf(
        commonName: String, organization: String?, usage: ExtendedKeyUsage.Usage,
        subjectAlternativeNames: SubjectAlternativeNames?, keyAlgorithm: KeyAlgorithm, variant: CertificateVariant,
        now: Date, lifetime: TimeInterval
    ) throws -> PEMCredential {
        let key = try keyAlgorithm.makePrivateKey()
        var subjectCommonName = commonName
        var notBefore = now - Self.backdating
        var notAfter = now + lifetime
        switch variant {
        case .valid, .selfSigned:
            break
        case .expired:
            // Ended a day ago: far enough that no clock skew tolerance makes it valid again.
            notBefore = now - lifetime - 86_400
            notAfter = now - 86_400
        case .notYetValid:
            notBefore = now + 86_400
            notAfter = now + 86_400 + lifetime
        case .wrongCommonName(let other):
            subjectCommonName = other
        }
        let subject = try Self.distinguishedName(commonName: subjectCommonName, organization: organization)
        let issuerKey = variant == .selfSigned ? key : privateKey
        let issuerName = variant == .selfSigned ? subject : certificate.subject
        // A self-signed leaf names itself as its authority.
        let authorityKey = variant == .selfSigned ? key.publicKey : nil
        let extensions = try leafExtensions(
            publicKey: key.publicKey, usage: usage, subjectAlternativeNames: subjectAlternativeNames, authorityKey: authorityKey
        )
        let issued = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: key.publicKey,
            notValidBefore: notBefore, notValidAfter: notAfter, issuer: issuerName, subject: subject,
            signatureAlgorithm: issuerKey.defaultSignatureAlgorithm, extensions: extensions, issuerPrivateKey: issuerKey
        )
        return PEMCredential(
            certificatePEM: try issued.serializeAsPEM().pemString,
            privateKeyPEM: try key.serializeAsPEM().pemString
        )
    }

    /// The extensions of an end-entity certificate. `authorityKey` is the signer's public key when it
    /// is not this CA's (self-signed variants).
    private func leafExtensions(
        publicKey: Certificate.PublicKey, usage: ExtendedKeyUsage.Usage, subjectAlternativeNames: SubjectAlternativeNames?,
        authorityKey: Certificate.PublicKey? = nil
    ) throws -> Certificate.Extensions {
        let authorityKeyIdentifier: ArraySlice<UInt8>
        if let authorityKey {
            authorityKeyIdentifier = SubjectKeyIdentifier(hash: authorityKey).keyIdentifier
        } else {
            authorityKeyIdentifier = try certificate.extensions.subjectKeyIdentifier?.keyIdentifier
                ?? SubjectKeyIdentifier(hash: certificate.publicKey).keyIdentifier
        }
        // RSA key exchange in TLS 1.2 needs keyEncipherment; ECDSA keys only sign.
        let isRSA = _RSA.Signing.PublicKey(publicKey) != nil
        return try Certificate.Extensions {
            Critical(BasicConstraints.notCertificateAuthority)
            Critical(KeyUsage(digitalSignature: true, keyEncipherment: isRSA))
            try ExtendedKeyUsage([usage])
            SubjectKeyIdentifier(hash: publicKey)
            AuthorityKeyIdentifier(keyIdentifier: authorityKeyIdentifier)
            if let subjectAlternativeNames {
                subjectAlternativeNames
            }
        }
    }

    static func distinguishedName(commonName: String, organization: String?) throws -> DistinguishedName {
        try DistinguishedName {
            if let organization {
                OrganizationName(organization)
            }
            CommonName(commonName)
        }
    }

    /// The bytes of an IP address for an `iPAddress` general name (RFC 5280 §4.2.1.6: 4 or 16 octets).
    static func ipAddressBytes(_ text: String) throws -> [UInt8] {
        if let v4 = ipv4Bytes(text) { return v4 }
        if let v6 = ipv6Bytes(text) { return v6 }
        throw TestPKIError.invalidIPAddress(text)
    }

    private static func ipv4Bytes(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), let value = UInt8(part) else { return nil }
            bytes.append(value)
        }
        return bytes
    }

    private static func ipv6Bytes(_ text: String) -> [UInt8]? {
        // "a:b::c": at most one "::", which stands for as many zero groups as are missing.
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result: [UInt16] = []
            for group in part.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(group.count), let value = UInt16(group, radix: 16) else { return nil }
                result.append(value)
            }
            return result
        }
        guard let head = groups(halves[0]) else { return nil }
        var all = head
        if halves.count == 2 {
            guard let tail = groups(halves[1]), head.count + tail.count < 8 else { return nil }
            all += Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard all.count == 8 else { return nil }
        return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }
}

extension DistinguishedName {
    /// The first common name in the name, if any.
    var commonName: String? {
        for rdn in self {
            for attribute in rdn where attribute.type == .RDNAttributeType.commonName {
                return String(describing: attribute.value)
            }
        }
        return nil
    }
}
