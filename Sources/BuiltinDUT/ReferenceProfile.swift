import ConformanceKit
import OCPPProtocol

/// The DUT profiles of the built-in reference devices: short intervals so that a whole suite runs
/// in seconds, with every check kept (DESIGN.md, "Reference devices and seeded defects").
public enum ReferenceProfile {
    /// Heartbeat / boot retry interval of the reference devices, in seconds.
    public static let interval = 2
    /// TxCtrlr.TxStartPoint of the reference station: the transaction starts when the cable is
    /// plugged in and the EV is authorized.
    public static let txStartPoint = ["PowerPathClosed"]
    /// TxCtrlr.TxStopPoint of the reference station: the transaction ends when the EV is unplugged
    /// or the authorization ends.
    public static let txStopPoint = ["EVConnected", "Authorized"]

    /// A comma-separated config value as a list (nil when absent or not text).
    static func list(_ value: JSONValue?) -> [String]? {
        guard case .string(let text)? = value else { return nil }
        return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The reference profile with some `config` values replaced (`key=value`; numbers and
    /// true/false keep their type), e.g. to prove cases that need another TxStartPoint;
    /// `features=A,B` adds claimed features instead.
    public static func profile(role: OCPPRole, version: OCPPVersion, overrides: [String]) throws(OverrideError) -> DUTProfile {
        var p = profile(role: role, version: version)
        for item in overrides {
            guard let eq = item.firstIndex(of: "="), eq != item.startIndex else { throw OverrideError(text: item) }
            let key = String(item[..<eq]), text = String(item[item.index(after: eq)...])
            if key == "features" {
                // `features=A,B`: the reference device is claimed to have these too (PICS), to prove
                // cases for hardware it does not model, e.g. a cable lock (TC_C_05_CS).
                p.features += text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                continue
            }
            if let n = Int(text) {
                p.config[key] = .number(JSONNumber(n))
            } else if text == "true" || text == "false" {
                p.config[key] = .bool(text == "true")
            } else {
                p.config[key] = .string(text)
            }
        }
        // `resetPerEVSE=false`: a station without PICS C-13, for the cases that require "!ResetPerEVSE".
        if p.config["resetPerEVSE"] == .bool(false) { p.features.removeAll { $0 == "ResetPerEVSE" } }
        // `localAuthList=false`: a 1.6 Charge Point without the Local Auth List Management profile,
        // for the cases that require "!LocalAuthListManagement" (TC_043_1_CS).
        if p.config["localAuthList"] == .bool(false) { p.features.removeAll { $0 == "LocalAuthListManagement" } }
        // `connectorLock=false`: a 1.6 Charge Point with sockets but no connector lock (UnlockConnector
        // answers NotSupported, 1.6 §7.46), for which the unlock cases are notApplicable.
        if version == .v16, p.config["connectorLock"] == .bool(false) { p.features.removeAll { $0 == "ConnectorLock" } }
        // `readOnlyVariables=AuthCtrlr.AuthorizeRemoteStart`: the station has it ReadOnly at the
        // profile's `authorizeRemoteStart`, which the profile states as the PICS statement
        // `ReadOnly.AuthCtrlr.AuthorizeRemoteStart=<value>` (OCTT prerequisites of TC_F_02/03_CS).
        if role == .chargingStation, version == .v201, list(p.config["readOnlyVariables"])?.contains("AuthCtrlr.AuthorizeRemoteStart") == true {
            p.features.append("ReadOnly.AuthCtrlr.AuthorizeRemoteStart=\(p.config["authorizeRemoteStart"] == .bool(true))")
        }
        // `masterPassUI=true`: the station has a user interface for the Master Pass (C-07 instead of C-08).
        if role == .chargingStation, version == .v201, p.config["masterPassUI"] == .bool(true) {
            p.features = p.features.map { $0 == "MasterPass.WithoutUI" ? "MasterPass.WithUI" : $0 }
        }
        // `signedMeterValues=true` builds the station with signed meter values (PICS C-42), which
        // it then claims as the feature SignedMeterValues.
        if role == .chargingStation, version == .v201, p.config["signedMeterValues"] == .bool(true) { p.features.append("SignedMeterValues") }
        // `detachableCable=true`: the cable can be taken out at the station (claimed as DetachableCable).
        if role == .chargingStation, version == .v201, p.config["detachableCable"] == .bool(true) { p.features.append("DetachableCable") }
        // `additionalRootCertificateCheck=true`: SecurityCtrlr.AdditionalRootCertificateCheck (PICS AS-2).
        if role == .chargingStation, version == .v201, p.config["additionalRootCertificateCheck"] == .bool(true) { p.features.append("AdditionalRootCertificateCheck") }
        return p
    }

    public struct OverrideError: Error, CustomStringConvertible {
        public var text: String
        public var description: String { "a reference config override must be key=value, not \"\(text)\"" }
    }

    public static func profile(role: OCPPRole, version: OCPPVersion) -> DUTProfile {
        let idTokens: JSONValue = [
            "valid": ["idToken": "VALID001", "type": "ISO14443"],
            "valid2": ["idToken": "VALID002", "type": "ISO14443"],
            "invalid": ["idToken": "INVALID001", "type": "ISO14443"],
            "blocked": ["idToken": "BLOCKED001", "type": "ISO14443"],
            "expired": ["idToken": "EXPIRED001", "type": "ISO14443"],
            "unknown": ["idToken": "UNKNOWN999", "type": "ISO14443"],
            "groupId": "GROUP001",
            // C16 Master Pass: a token of the MasterPassGroupId group the reference CSMS knows.
            "masterPass": ["idToken": "MASTERPASS001", "type": "ISO14443"],
            "masterPassGroupId": "MASTERGROUP",
        ]
        var profile = DUTProfile(
            role: role,
            identity: .init(vendor: "ocppspec", model: role == .chargingStation ? "ReferenceStation" : "ReferenceCSMS", stationId: "CS001", firmwareVersion: "1.0.0"),
            connection: .init(listenHost: "127.0.0.1", listenPort: 0, pathPrefix: "ocpp", url: "builtin", securityProfile: 0, password: nil, caCertificate: nil, certificate: nil, privateKey: nil),
            // Every certification profile of the version: the reference devices implement what
            // each case of the library tests (Part 5 membership, CertificationProfiles).
            versions: [version], profiles: CertificationProfiles.names(versions: [version]),
            // What the reference station supports (PICS): cases `require` these. ResetPerEVSE: PICS
            // C-13, the reference station resets single EVSEs (B11.FR.08).
            features: role == .chargingStation
                ? ["ConnectorLock", "TriggerMessage.Heartbeat", "TriggerMessage.StatusNotification", "TriggerMessage.BootNotification",
                   "TriggerMessage.MeterValues", "TriggerMessage.FirmwareStatusNotification", "TriggerMessage.LogStatusNotification",
                   "DisableRemoteAuthorization", "TriggerMessage.TransactionEvent", "ConnectorPlugRetentionLock"]
                    // NetworkProfileSlots2: at least two network profile slots (TC_B_45/46/49_CS);
                    // NetworkProfileFallbackReconnect: PICS C-47, reconnects after NetworkProfileConnectionAttempts.
                    + (version == .v201 ? ["ResetPerEVSE", "NetworkProfileSlots2", "NetworkProfileFallbackReconnect", "AlignedDataSendDuringIdle"] : ["AuthorizationCache", "LocalAuthListManagement"])
                    // ServerCertificateValidation: the station authenticates the CSMS by its certificate
                    // (what security profile 2 or 3 gives a real station; BuiltinPKI models it in memory).
                    + (version == .v201 ? ["ServerCertificateValidation"] : [])
                    // C-49 authorization cache, C-53 AuthCacheLifeTime, C-08 Master Pass without a user
                    // interface (C-07, with one, under `--reference-config masterPassUI=true`);
                    // AuthCacheCtrlr.DisablePostAuthorize, TxCtrlr.MaxEnergyOnInvalidId, AuthCtrlr.OfflineTxForUnknownIdEnabled;
                    // the 2.0.1 station keeps a Local Authorization List too (D01, TC_E_45_CS).
                    + (version == .v201 ? ["AuthorizationCache", "AuthCacheLifeTime", "MasterPass", "MasterPass.WithoutUI",
                                               "AuthCacheDisablePostAuthorize", "MaxEnergyOnInvalidId", "OfflineTxForUnknownId",
                                               "LocalAuthListManagement", "TariffAndCost"] : [])
                    // Display messages set by the CSMS (block O, DisplayMessageCtrlr).
                    + (version == .v201 ? ["DisplayMessages"] : [])
                    // Part 5 C-30 (ISO14443 cards, presentIdToken): local start authorization.
                    + (version == .v201 ? ["LocalAuthorization", "LocalAuthorization.IdToken"] : [])
                // The reference CSMS implements every optional CSMS feature of Part 5 the library
                // has cases for (C-44 Pending, C-16 TransactionStatus …).
                : Array(Set(CertificationProfiles.csmsConditions.values.map(\.feature))).sorted(),
            evses: [.init(id: 1, connectors: [1]), .init(id: 2, connectors: [1])],
            testData: ["idTokens": idTokens],
            config: [
                "heartbeatInterval": .number(JSONNumber(interval)), "bootTimeout": 10,
                "stationModel": "ReferenceStation", "stationVendor": "ocppspec",
                // TxCtrlr.TxStartPoint / TxStopPoint of the reference station (2.0.1, E01/E06), as
                // comma-separated lists: transaction states branch on them with `when: … contains …`.
                "txStartPoint": .string(txStartPoint.joined(separator: ",")),
                "txStopPoint": .string(txStopPoint.joined(separator: ",")),
                // OCTT "Configured Transaction Duration": how long a test lets the EV charge.
                "transactionDuration": 2,
                // AuthCtrlr.AuthorizeRemoteStart: the reference station does not send Authorize after RequestStartTransaction.
                "authorizeRemoteStart": false,
                // OCTT "Configured ev_connection_timeout" (TxCtrlr.EVConnectionTimeOut set by TC_E_05_CS), in seconds.
                "evConnectionTimeout": 3,
                // OCTT transaction_updated_metervalues_* and RetryBackOffWaitMinimum_duration (offline cases).
                "txUpdatedMeasurands": "Energy.Active.Import.Register", "txUpdatedInterval": .number(JSONNumber(interval)),
                "retryBackOffWaitMinimum": 5,
                // OCTT: OfflineThreshold of the offline cases, RetryBackOffWaitMinimum_duration + 60 (s).
                "offlineThreshold": 65,
                // OCTT message_attempts_transaction_event_interval (s), E13 (the cases set the attempts themselves).
                "messageAttemptIntervalTransactionEvent": 2,
                // OCTT meter value intervals (2.0.1 block J), in seconds: "Configured clock-aligned Meter
                // Values interval", clock_aligned_tx_ended_meter_values_interval and
                // sampled_tx_ended_meter_values_interval. signedMeterValues: PICS C-42 (off by default).
                "alignedDataInterval": 3, "alignedTxEndedInterval": 1, "sampledTxEndedInterval": 1,
                "signedMeterValues": false,
                // The built-in station models a cable permanently attached at the station side.
                "detachableCable": false,
                // B10 (TC_B_45/46/49_CS): a second endpoint of the harness, for a network profile
                // the station migrates to; the harness accepts stations on both paths.
                "alternateCsmsUrl": "ws://builtin/ocpp-alt", "alternatePathPrefix": "ocpp-alt",
                // OCTT <Configured configurationSlot> (in use) and <Configured configurationSlot2>,
                // <Configured ocppInterface>; the station does not reboot by itself after a new
                // NetworkConfigurationPriority (it answers RebootRequired).
                "configurationSlot": 1, "configurationSlot2": 2, "ocppInterface": "Wired0", "networkPriorityRebootsItself": false,
                // M05 (TC_B_47/50_CS): the CSMS root the station trusts, the new root 2 (signed by it)
                // a migration installs, and the harness endpoint presenting a certificate of root 2.
                // additionalRootCertificateCheck: SecurityCtrlr.AdditionalRootCertificateCheck.
                "csmsRootCertificate": .string(BuiltinPKI.csmsRoot), "csmsRootCertificate2": .string(BuiltinPKI.csmsRoot2),
                "newRootCsmsUrl": .string("wss://builtin/\(BuiltinPKI.newRootPathPrefix)"), "newRootPathPrefix": .string(BuiltinPKI.newRootPathPrefix),
                "additionalRootCertificateCheck": false,
                // 1.6 OCTT "<Configured …>" values in seconds, as strings: cases send them in
                // ChangeConfiguration, whose values are strings.
                "meterValueSampleInterval": "3", "connectionTimeOut": "3", "clockAlignedDataInterval": "3",
                // OCTT <Configured log_location>, <Configured firmware_location>, signingCertificate and
                // signature (GetLog / UpdateFirmware, F06 trigger cases). The reference station
                // simulates the transfer and checks neither.
                "logLocation": "https://files.example.com/logs/", "firmwareLocation": "https://files.example.com/firmware/rs-1.0.1.bin",
                "firmwareSigningCertificate": "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUVGVzdFNpZ25pbmdDZXJ0aWZpY2F0ZTAKBggqhkjOPQQDAjAA\n-----END CERTIFICATE-----",
                "firmwareSignature": "dGVzdCBzaWduYXR1cmUgb2YgdGhlIGZpcm13YXJlIGltYWdl",
                // The reference station has no user interface for the Master Pass (C16.FR.02); true
                // gives it one (C16.FR.01, action masterPassSelect) and claims MasterPass.WithUI.
                "masterPassUI": false,
            ],
            messageTimeout: .seconds(5), timeDeviation: .seconds(1), caseTimeout: .seconds(90),
            actions: .init(driver: .builtin, command: [], url: nil, timeout: .seconds(30)))
        profile.resolveCSMSRoots()
        return profile
    }
}
