import Foundation
import Testing
import X509

@testable import TestPKI

/// The new CSMS root of a migration (M05), CertificateHashData checked against openssl's OCSP
/// CertID (the same three hashes), and the server certificate check a station makes.
@Suite struct CSMSRootRolloverTests {
    /// openssl's view of a certificate's CertID with SHA-256: (issuerNameHash, issuerKeyHash, serial).
    static func opensslCertID(certificate: String, issuer: String) throws -> (String, String, String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("certid-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let certificateURL = directory.appendingPathComponent("cert.pem"), issuerURL = directory.appendingPathComponent("issuer.pem")
        try certificate.write(to: certificateURL, atomically: true, encoding: .utf8)
        try issuer.write(to: issuerURL, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "ocsp", "-sha256", "-issuer", issuerURL.path, "-cert", certificateURL.path, "-no_nonce",
                             "-reqout", directory.appendingPathComponent("req.der").path, "-req_text"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        func field(_ name: String) -> String {
            text.split(separator: "\n").first { $0.contains(name + ":") }.map { String($0.split(separator: ":").last!).trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        }
        return (field("Issuer Name Hash"), field("Issuer Key Hash"), field("Serial Number"))
    }

    @Test func successorRootIsACASignedByThePreviousRoot() throws {
        let root = try TestCertificateAuthority(commonName: "Old Root")
        let root2 = try root.issueSuccessorRoot(commonName: "New Root")
        #expect(root2.certificate.issuer == root.certificate.subject)
        #expect(root2.certificate.subject != root.certificate.subject)
        #expect(root.certificate.publicKey.isValidSignature(root2.certificate.signature, for: root2.certificate))
        #expect(try root2.certificate.extensions.basicConstraints == .isCertificateAuthority(maxPathLength: nil))
    }

    @Test(arguments: [KeyAlgorithm.ecdsaP256, .rsa2048])
    func hashDataIsTheOCSPCertID(_ algorithm: KeyAlgorithm) throws {
        let root = try TestCertificateAuthority(commonName: "Old Root", keyAlgorithm: algorithm)
        let root2 = try root.issueSuccessorRoot(commonName: "New Root", keyAlgorithm: algorithm)
        // A self-signed root is its own issuer; the new root's issuer is the old one.
        for (certificate, issuer) in [(root.certificatePEM, root.certificatePEM), (root2.certificatePEM, root.certificatePEM)] {
            let ours = try CertificateHashData(pem: certificate, issuerCandidates: [root.certificatePEM, root2.certificatePEM])
            let (nameHash, keyHash, serial) = try Self.opensslCertID(certificate: certificate, issuer: issuer)
            #expect(!nameHash.isEmpty && !keyHash.isEmpty && !serial.isEmpty, "openssl printed no CertID")
            #expect(ours.hashAlgorithm == "SHA256")
            #expect(ours.issuerNameHash == nameHash)
            #expect(ours.issuerKeyHash == keyHash)
            // openssl prints the serial with leading zeroes when the first byte is below 0x10.
            #expect(ours.serialNumber == String(serial.drop { $0 == "0" }))
        }
    }

    @Test func serverCertificateCheckFollowsTheTrustedRoots() async throws {
        let root = try TestCertificateAuthority(commonName: "Old Root")
        let root2 = try root.issueSuccessorRoot(commonName: "New Root")
        let oldServer = try root.issueServerCertificate().certificatePEM
        let newServer = try root2.issueServerCertificate().certificatePEM
        #expect(await ServerCertificateCheck.failure(chainPEM: [oldServer], trustedRootsPEM: [root.certificatePEM]) == nil)
        #expect(await ServerCertificateCheck.failure(chainPEM: [newServer], trustedRootsPEM: [root2.certificatePEM]) == nil)
        #expect(await ServerCertificateCheck.failure(chainPEM: [newServer], trustedRootsPEM: [root.certificatePEM, root2.certificatePEM]) == nil)
        #expect(await ServerCertificateCheck.failure(chainPEM: [oldServer], trustedRootsPEM: [root2.certificatePEM]) != nil)
        #expect(await ServerCertificateCheck.failure(chainPEM: [newServer], trustedRootsPEM: [root.certificatePEM]) != nil)
        #expect(await ServerCertificateCheck.failure(chainPEM: [newServer], trustedRootsPEM: []) != nil)
        let expired = try root.issueServerCertificate(variant: .expired).certificatePEM
        #expect(await ServerCertificateCheck.failure(chainPEM: [expired], trustedRootsPEM: [root.certificatePEM]) != nil)
    }
}
