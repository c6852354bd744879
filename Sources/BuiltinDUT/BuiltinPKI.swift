import Foundation
import TestPKI

/// The certificates of the built-in harness endpoints, made once per process with ``TestPKI``.
///
/// The reference station is connected in memory, without a TLS record layer, but it still
/// authenticates the CSMS as over security profile 2: every connection attempt presents the server
/// certificate of the endpoint dialled, and the station's trusted CSMS roots must validate it
/// (``ServerCertificateCheck``, RFC 5280 path validation). The harness's usual endpoints present a
/// certificate of the CSMS root the station has from the factory; the `newRootPathPrefix` endpoint
/// one of a second root, signed by the first (OCTT "Configured (new) CSMS Root certificate 2",
/// TC_B_47/50_CS).
public enum BuiltinPKI {
    struct Material: Sendable {
        var csmsRoot: String
        var csmsRoot2: String
        var serverChain: [String]
        var newRootServerChain: [String]
    }

    static let material: Material = {
        do {
            let root = try TestCertificateAuthority(commonName: "ocppspec builtin CSMS Root")
            let root2 = try root.issueSuccessorRoot(commonName: "ocppspec builtin CSMS Root 2")
            return Material(
                csmsRoot: root.certificatePEM, csmsRoot2: root2.certificatePEM,
                serverChain: [try root.issueServerCertificate(hostnames: ["builtin"]).certificatePEM],
                newRootServerChain: [try root2.issueServerCertificate(hostnames: ["builtin"]).certificatePEM])
        } catch {
            // Key generation and signing with swift-crypto do not fail on a working machine.
            fatalError("the built-in test PKI could not be created: \(error)")
        }
    }()

    /// The CSMS root the reference station trusts from the factory (PEM).
    public static var csmsRoot: String { material.csmsRoot }
    /// The new CSMS root a migration installs, signed by ``csmsRoot`` (PEM).
    public static var csmsRoot2: String { material.csmsRoot2 }
    /// The path prefix of the endpoint whose server certificate ``csmsRoot2`` signed.
    public static let newRootPathPrefix = "ocpp-newroot"

    /// The certificate chain the endpoint at `path` (`/ocpp-newroot/CS001`) presents.
    static func serverChain(forPath path: String) -> [String] {
        path.hasPrefix("/\(newRootPathPrefix)/") ? material.newRootServerChain : material.serverChain
    }
}
