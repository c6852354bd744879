import ArgumentParser
import Foundation
import TestPKI

/// `ocppspec certs`: test certificates for OCPP security profiles 2 and 3.
struct Certs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certs",
        abstract: "Make test certificates for OCPP security profiles 2 (TLS) and 3 (TLS with client certificates).",
        subcommands: [Generate.self]
    )
}

extension KeyAlgorithm: ExpressibleByArgument {}

extension Certs {
    /// `ocppspec certs generate`: a CA, a CSMS server certificate and a station client certificate.
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a test CA, a CSMS server certificate and a Charging Station client certificate as PEM files.",
            discussion: """
                Example:
                  ocppspec certs generate --out certs/ --station-id CS001 --key-type rsa
                Writes ca.pem, ca-key.pem, server.pem, server-key.pem, client.pem, client-key.pem, the second
                CSMS root of a migration (ca2.pem, signed by ca.pem) with its server certificate
                (server-newroot.pem, server-newroot-key.pem), and README.txt.
                The certificates are for tests only: the keys are written unencrypted.
                """
        )

        @Option(help: ArgumentHelp("The folder to write the files into; created if missing.", valueName: "dir"))
        var out: String

        @Option(name: .customLong("station-id"), help: "The Charging Station identity: the client certificate's common name.")
        var stationId: String

        @Option(name: .customLong("key-type"), help: "The key type of all three certificates: rsa (RSA 2048) or ecdsa (P-256).")
        var keyType: KeyAlgorithm = .ecdsaP256

        @Option(help: "The CSMS host name for the server certificate (also accepted: an IPv4 or IPv6 address).")
        var hostname: String = "localhost"

        @Option(help: "The CSO name for the client certificate's organization (O), when the CSMS checks it.")
        var organization: String?

        @Flag(help: "Overwrite files that already exist.")
        var force = false

        static let fileNames = [
            "ca.pem", "ca-key.pem", "server.pem", "server-key.pem", "client.pem", "client-key.pem",
            "ca2.pem", "server-newroot.pem", "server-newroot-key.pem", "README.txt",
        ]

        func validate() throws {
            guard !stationId.isEmpty else { throw ValidationError("--station-id must not be empty.") }
            // OCPP-J 2.0.1 §3.1.1: the identity is the Basic auth user name, so it cannot hold ":".
            guard !stationId.contains(":") else {
                throw ValidationError("--station-id must not contain \":\" (OCPP-J uses it to separate user name and password), but it is \"\(stationId)\".")
            }
            guard !hostname.isEmpty else { throw ValidationError("--hostname must not be empty.") }
            if !force {
                let existing = Self.fileNames.filter { FileManager.default.fileExists(atPath: URL(fileURLWithPath: out).appendingPathComponent($0).path) }
                if !existing.isEmpty {
                    throw ValidationError("\(out) already holds \(existing.joined(separator: ", ")); pass --force to overwrite them.")
                }
            }
        }

        func run() throws {
            let isAddress = hostname.contains(":") || hostname.split(separator: ".").count == 4 && hostname.allSatisfy { $0.isNumber || $0 == "." }
            let ca = try TestCertificateAuthority(commonName: "ocppspec Test Root CA", keyAlgorithm: keyType)
            let server = try ca.issueServerCertificate(
                hostnames: isAddress ? [] : [hostname],
                ipAddresses: isAddress ? [hostname] : ["127.0.0.1"],
                commonName: hostname, keyAlgorithm: keyType
            )
            let client = try ca.issueClientCertificate(stationId: stationId, organization: organization, keyAlgorithm: keyType)
            // TC_B_47/50_CS: the new CSMS root a migration installs (signed by the first, as
            // AdditionalRootCertificateCheck asks) and the certificate of the endpoint it signs.
            let ca2 = try ca.issueSuccessorRoot(commonName: "ocppspec Test Root CA 2", keyAlgorithm: keyType)
            let newRootServer = try ca2.issueServerCertificate(
                hostnames: isAddress ? [] : [hostname],
                ipAddresses: isAddress ? [hostname] : ["127.0.0.1"],
                commonName: hostname, keyAlgorithm: keyType
            )

            let directory = URL(fileURLWithPath: out, isDirectory: true)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let files: [(String, String, Bool)] = [
                ("ca.pem", ca.certificatePEM, false), ("ca-key.pem", ca.privateKeyPEM, true),
                ("server.pem", server.certificatePEM, false), ("server-key.pem", server.privateKeyPEM, true),
                ("client.pem", client.certificatePEM, false), ("client-key.pem", client.privateKeyPEM, true),
                ("ca2.pem", ca2.certificatePEM, false),
                ("server-newroot.pem", newRootServer.certificatePEM, false), ("server-newroot-key.pem", newRootServer.privateKeyPEM, true),
                ("README.txt", readme(), false),
            ]
            for (name, text, isSecret) in files {
                let url = directory.appendingPathComponent(name)
                try text.write(to: url, atomically: true, encoding: .utf8)
                // Private keys are readable by their owner only, as TLS libraries and ssh expect.
                try FileManager.default.setAttributes([.posixPermissions: isSecret ? 0o600 : 0o644], ofItemAtPath: url.path)
            }
            print("Wrote a test PKI (\(keyType == .rsa2048 ? "RSA 2048" : "ECDSA P-256")) to \(directory.path): \(Self.fileNames.joined(separator: ", "))")
        }

        func readme() -> String {
            """
            Test PKI written by `ocppspec certs generate` on \(ISO8601DateFormatter().string(from: Date())).
            For tests only: the private keys are not encrypted. Key type: \(keyType == .rsa2048 ? "RSA 2048" : "ECDSA P-256"), SHA-256 signatures.

            ca.pem           The root CA certificate. Install it as the trusted root on both sides:
                             the Charging Station trusts the CSMS through it (security profiles 2 and 3),
                             and the CSMS trusts station client certificates through it (profile 3).
            ca-key.pem       The CA's private key, to sign more certificates or a station's CSR
                             (SignCertificate / CertificateSigned).
            server.pem       The CSMS server certificate, issued by the CA, for "\(hostname)"
                             (server authentication).
            server-key.pem   Its private key.
            client.pem       The Charging Station client certificate, issued by the CA, with
                             CN=\(stationId)\(organization.map { " and O=\($0)" } ?? "") (client authentication, profile 3).
            client-key.pem   Its private key.
            ca2.pem          A second CSMS root, signed by ca.pem: the "new CSMS Root certificate 2" of
                             TC_B_47/50_CS. Give it to the harness as config.csmsRootCertificate2
                             (and ca.pem as config.csmsRootCertificate).
            server-newroot.pem, server-newroot-key.pem
                             A CSMS server certificate issued by ca2.pem, for the harness's new-root
                             endpoint (config.newRootServerCertificate / newRootServerPrivateKey).

            The certificates are valid for one year from now (the CA for ten), backdated by one hour
            to tolerate small clock differences.
            """
        }
    }
}
