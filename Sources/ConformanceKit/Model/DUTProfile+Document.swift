import Foundation
import OCPPProtocol

extension DUTProfile {
    /// The profile as a document `ProfileLoader` reads back (JSON, which is YAML too): what
    /// `ocppspec simulate station --profile-out` writes for the device it simulates, so a run
    /// against it over a socket describes exactly that device.
    public var document: JSONValue {
        var dut: JSONObject = [
            "role": .string(role == .chargingStation ? "ChargingStation" : "CSMS"),
            "vendor": .string(identity.vendor), "model": .string(identity.model), "stationId": .string(identity.stationId),
        ]
        if let firmware = identity.firmwareVersion { dut["firmwareVersion"] = .string(firmware) }
        var connection: JSONObject = ["path": .string(connection.pathPrefix), "securityProfile": .number(JSONNumber(self.connection.securityProfile))]
        if role == .chargingStation {
            connection["listen"] = .string("\(self.connection.listenHost):\(self.connection.listenPort)")
        } else if let url = self.connection.url {
            connection["url"] = .string(url)
        }
        for (key, value) in [("password", self.connection.password), ("ca", self.connection.caCertificate), ("certificate", self.connection.certificate), ("privateKey", self.connection.privateKey)] {
            if let value { connection[key] = .string(value) }
        }
        var actions: JSONObject = ["driver": .string(self.actions.driver.rawValue), "timeout": .string(Self.text(self.actions.timeout))]
        if !self.actions.command.isEmpty { actions["command"] = .array(self.actions.command.map { .string($0) }) }
        if let url = self.actions.url { actions["url"] = .string(url) }
        return [
            "dut": .object(dut),
            "connection": .object(connection),
            "versions": .array(versions.map { .string($0.rawValue) }),
            "profiles": .array(profiles.map { .string($0) }),
            "features": .array(features.map { .string($0) }),
            "evses": .array(evses.map { ["id": .number(JSONNumber($0.id)), "connectors": .array($0.connectors.map { .number(JSONNumber($0)) })] }),
            "testData": .object(testData),
            "config": .object(config),
            "timing": [
                "messageTimeout": .string(Self.text(messageTimeout)), "timeDeviation": .string(Self.text(timeDeviation)),
                "caseTimeout": .string(Self.text(caseTimeout)), "connectTimeout": .string(Self.text(connectTimeout)),
            ],
            "actions": .object(actions),
        ]
    }

    /// The profile without `config` keys no case reads (a reference device's own knobs, such as
    /// `signedMeterValues`, which the pre-flight would report as unknown).
    public var withCaseConfigOnly: DUTProfile {
        var p = self
        let known = Set(ProfileCatalog.config.map(\.name))
        p.config = JSONObject(p.config.members.filter { known.contains($0.key) || $0.key.hasSuffix("HashData") })
        return p
    }

    /// A duration as the profile writes it: `5s`, `250ms`.
    static func text(_ d: Duration) -> String {
        let ms = Int64(seconds(d) * 1000)
        return ms % 1000 == 0 ? "\(ms / 1000)s" : "\(ms)ms"
    }
}
