import Foundation
import OCPPProtocol
import TestPKI
import X509

/// One certificate in the station's store (M05): its type, its PEM as installed, and the
/// certificate parsed once.
struct InstalledCertificate: Sendable, Equatable {
    var type: String
    var pem: String
    var certificate: Certificate

    init?(type: String, pem: String) {
        guard let certificate = try? Certificate(pemEncoded: pem) else { return nil }
        self.type = type
        self.pem = pem
        self.certificate = certificate
    }
}

/// The station's CSMS roots across a migration (M05 with AdditionalRootCertificateCheck).
struct CertificateStore201: Sendable {
    var installed: [InstalledCertificate] = []
    /// The CSMS root a new one replaced, kept until the station has connected with the new one
    /// (M05.FR.12).
    var fallbackCSMSRoot: InstalledCertificate?
    /// The last connection attempt failed on the CSMS certificate while a fallback root exists: the
    /// next one validates with the fallback root (M05.FR.14–16).
    var useFallbackRoot = false
}

/// Root certificates (2.0.1 M03 GetInstalledCertificateIds, M05 InstallCertificate) and the roots
/// the station validates the CSMS certificate with at each connection attempt (TC_B_47/50_CS).
extension ChargingStationStateMachine {
    static let rootCertificateTypes: Set<String> = ["CSMSRootCertificate", "ManufacturerRootCertificate", "MORootCertificate", "V2GRootCertificate"]

    /// The roots a CSMS certificate must chain to for the next connection attempt.
    public var trustedCSMSRoots: [String] {
        if has(.installedCSMSRootIgnored) { return configuration.csmsRootCertificates }
        if certificates.useFallbackRoot, let fallback = certificates.fallbackCSMSRoot { return [fallback.pem] }
        return certificates.installed.filter { $0.type == "CSMSRootCertificate" }.map(\.pem)
    }

    /// Whether the station checks the CSMS certificate at all (a defect does not).
    public var validatesServerCertificate: Bool { !has(.serverCertificateNotChecked) }

    /// A connection attempt failed because the CSMS certificate did not chain to a trusted root:
    /// with a fallback root, the next attempt uses it (M05.FR.14), on the previous network profile
    /// when the new one was the one tried (B10.FR.07, M05.FR.15/16).
    mutating func serverCertificateRejected() {
        if certificates.fallbackCSMSRoot != nil { certificates.useFallbackRoot = true }
    }

    /// Connected: with the new root the fallback is no longer needed (M05.FR.13); with the fallback
    /// the migration is rolled back, the old root is the CSMS root again (M05.FR.14).
    mutating func certificatesAfterConnecting() {
        guard let fallback = certificates.fallbackCSMSRoot else { return }
        if certificates.useFallbackRoot {
            certificates.installed.removeAll { $0.type == "CSMSRootCertificate" }
            certificates.installed.append(fallback)
        }
        certificates.fallbackCSMSRoot = nil
        certificates.useFallbackRoot = false
    }

    /// M05: InstallCertificateRequest.
    mutating func installCertificate(_ p: JSONValue, now: Date) -> Reply {
        let type = p.text("certificateType") ?? "", pem = p.text("certificate") ?? ""
        func status(_ s: String, _ reason: String? = nil) -> Reply {
            var body: JSONObject = ["status": .string(s)]
            if let reason { body["statusInfo"] = .object(["reasonCode": .string(reason)]) }
            return .result(.object(body))
        }
        guard Self.rootCertificateTypes.contains(type), let entry = InstalledCertificate(type: type, pem: pem) else { return status("Rejected", "InvalidCertificate") }
        let certificate = entry.certificate
        // M05.FR.07: an expired or not yet valid certificate is not installed.
        guard certificate.notValidBefore <= now, now <= certificate.notValidAfter else { return status("Rejected", "InvalidCertificate") }
        if type == "CSMSRootCertificate", configuration.additionalRootCertificateCheck {
            // M05.FR.09–12: one CSMS root at a time; the new one must be signed by the one it
            // replaces (otherwise Rejected), which stays as the fallback.
            guard let current = certificates.installed.last(where: { $0.type == type }),
                  certificate.issuer == current.certificate.subject,
                  current.certificate.publicKey.isValidSignature(certificate.signature, for: certificate)
            else { return status("Rejected", "InvalidCertificate") }
            certificates.installed.removeAll { $0.type == type }
            certificates.installed.append(entry)
            certificates.fallbackCSMSRoot = has(.noFallbackCSMSRoot) ? nil : current
            certificates.useFallbackRoot = false
            return status("Accepted")
        }
        if !certificates.installed.contains(entry) { certificates.installed.append(entry) }
        return status("Accepted")
    }

    /// M03: GetInstalledCertificateIdsRequest, every installed root of the requested types (all
    /// types when none is given); NotFound when there is none.
    func installedCertificateIds(_ p: JSONValue) -> Reply {
        let wanted = p["certificateType"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let issuers = (certificates.installed + (certificates.fallbackCSMSRoot.map { [$0] } ?? [])).map(\.certificate)
        let chain: [JSONValue] = certificates.installed.filter { wanted.isEmpty || wanted.contains($0.type) }.compactMap { entry in
            guard let hash = try? CertificateHashData(of: entry.certificate, issuerCandidates: issuers) else { return nil }
            return ["certificateType": .string(entry.type), "certificateHashData": hash.json]
        }
        guard !chain.isEmpty else { return .result(["status": "NotFound"]) }
        return .result(["status": "Accepted", "certificateHashDataChain": .array(chain)])
    }
}
