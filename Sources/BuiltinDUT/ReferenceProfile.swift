import ConformanceKit
import OCPPProtocol

/// The DUT profiles of the built-in reference devices: short intervals so that a whole suite runs
/// in seconds, with every check kept (DESIGN.md, "Reference devices and seeded defects").
public enum ReferenceProfile {
    /// Heartbeat / boot retry interval of the reference devices, in seconds.
    public static let interval = 2

    public static func profile(role: OCPPRole, version: OCPPVersion) -> DUTProfile {
        let idTokens: JSONValue = [
            "valid": ["idToken": "VALID001", "type": "ISO14443"],
            "valid2": ["idToken": "VALID002", "type": "ISO14443"],
            "invalid": ["idToken": "INVALID001", "type": "ISO14443"],
            "blocked": ["idToken": "BLOCKED001", "type": "ISO14443"],
            "expired": ["idToken": "EXPIRED001", "type": "ISO14443"],
            "unknown": ["idToken": "UNKNOWN999", "type": "ISO14443"],
            "groupId": "GROUP001",
        ]
        return DUTProfile(
            role: role,
            identity: .init(vendor: "ocppspec", model: role == .chargingStation ? "ReferenceStation" : "ReferenceCSMS", stationId: "CS001", firmwareVersion: "1.0.0"),
            connection: .init(listenHost: "127.0.0.1", listenPort: 0, pathPrefix: "ocpp", url: "builtin", securityProfile: 0, password: nil, caCertificate: nil, certificate: nil, privateKey: nil),
            versions: [version], profiles: ["Core"],
            // 1.6: optional Charge Point features the reference station has (OCTT prerequisites).
            features: version == .v16 && role == .chargingStation ? ["AuthorizationCache", "LocalAuthListManagement"] : [],
            evses: [.init(id: 1, connectors: [1]), .init(id: 2, connectors: [1])],
            testData: ["idTokens": idTokens],
            config: [
                "heartbeatInterval": .number(JSONNumber(interval)), "bootTimeout": 10,
                "stationModel": "ReferenceStation", "stationVendor": "ocppspec",
                // 1.6 OCTT "<Configured …>" values in seconds, as strings: cases send them in
                // ChangeConfiguration, whose values are strings.
                "meterValueSampleInterval": "3", "connectionTimeOut": "3", "clockAlignedDataInterval": "3",
            ],
            messageTimeout: .seconds(5), timeDeviation: .seconds(1), caseTimeout: .seconds(90),
            actions: .init(driver: .builtin, command: [], url: nil, timeout: .seconds(30)))
    }
}
