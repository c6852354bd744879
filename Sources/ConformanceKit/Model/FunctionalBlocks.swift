import OCPPProtocol

/// The blocks a case's `block:` may name, per OCPP version: for 2.0.1 and 2.1 the functional
/// blocks of Part 2 (letter and name, as `B Provisioning`), for 1.6 the feature profiles the OCTT
/// groups its cases by; plus ocppspec's own groups (`OCPPJ`, and `Extra` in 1.6).
public enum FunctionalBlocks {
    static let v201 = [
        "A Security", "B Provisioning", "C Authorization", "D Local Authorization List Management", "E Transactions", "F Remote Control",
        "G Availability", "H Reservation", "I Tariff and Cost", "J MeterValues", "K Smart Charging", "L Firmware Management",
        "M ISO 15118 Certificate Management", "N Diagnostics", "O Display Message", "P DataTransfer", "OCPPJ",
    ]

    /// The block names of `version`.
    public static func names(_ version: OCPPVersion) -> [String] {
        switch version {
        case .v16: return ["Core", "FirmwareManagement", "LocalAuthListManagement", "Reservation", "SmartCharging", "RemoteTrigger", "OCPPJ", "Extra"]
        case .v201: return v201
        case .v21: return v201 + ["Q Bidirectional Power Transfer", "R DER Control", "S Battery Swapping"]
        }
    }

    /// Why `block` is not one of `version`'s blocks, or nil when it is.
    public static func problem(_ block: String, version: OCPPVersion) -> String? {
        let known = names(version)
        guard !known.contains(block) else { return nil }
        var message = "block \"\(block)\" is not a block of OCPP \(version.rawValue)"
        let letter = block.split(separator: " ").first.map(String.init) ?? block
        if let byLetter = known.first(where: { $0.hasPrefix(letter + " ") }) {
            message += " (did you mean \"\(byLetter)\"?)"
        } else if let guess = NodeReader.closest(block, in: known) {
            message += " (did you mean \"\(guess)\"?)"
        }
        return message + "; its blocks: " + known.joined(separator: ", ")
    }
}
