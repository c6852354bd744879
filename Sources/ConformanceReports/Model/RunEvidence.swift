import ConformanceKit
import Foundation

extension RunInfo {
    /// The run's evidence as name/value pairs (JUnit `<properties>`, the HTML header): the
    /// harness's commit, the digest of the case files, and what the DUT profile claims (config
    /// values one pair each, `dut.config.<key>`, secrets already "***").
    public var evidence: [(String, String)] {
        // A run that recorded no evidence (written before it existed) shows none.
        guard harnessCommit != nil || casesSHA256 != nil || dutClaims != nil else { return [] }
        var pairs: [(String, String)] = [("harnessCommit", harnessCommit ?? "unknown commit")]
        if let casesSHA256 { pairs.append(("casesSHA256", casesSHA256 + (caseFileCount.map { " (\($0) files)" } ?? ""))) }
        guard let dut = dutClaims else { return pairs }
        pairs.append(("dut.vendor", dut.vendor))
        pairs.append(("dut.model", dut.model))
        pairs.append(("dut.stationId", dut.stationId))
        if let firmware = dut.firmwareVersion { pairs.append(("dut.firmwareVersion", firmware)) }
        pairs.append(("dut.versions", dut.versions.joined(separator: ", ")))
        pairs.append(("dut.profiles", dut.profiles.joined(separator: ", ")))
        pairs.append(("dut.features", dut.features.joined(separator: ", ")))
        pairs.append(("dut.securityProfile", String(dut.securityProfile)))
        pairs.append(("dut.evses", dut.evses.joined(separator: "; ")))
        for key in dut.config.keys.sorted() { pairs.append(("dut.config.\(key)", dut.config[key] ?? "")) }
        return pairs
    }

    /// Labels for the HTML header.
    public static let evidenceLabels: [String: String] = [
        "harnessCommit": "Harness commit", "casesSHA256": "Case files SHA-256", "dut.vendor": "Vendor", "dut.model": "Model",
        "dut.stationId": "Station id", "dut.firmwareVersion": "Firmware", "dut.versions": "Claimed OCPP versions",
        "dut.profiles": "Claimed profiles", "dut.features": "Claimed features", "dut.securityProfile": "Security profile", "dut.evses": "EVSEs: connectors",
    ]
}
