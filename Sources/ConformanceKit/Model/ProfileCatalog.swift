import OCPPProtocol

/// Every value a case reads from the DUT profile (`{{config.…}}`, `{{testData.idTokens.…}}`) and
/// every feature name a case may `require`, with what it means, the Part 5 PICS question it
/// answers where there is one, and a default. `ocppspec init` writes its templates from this
/// table, `ocppspec list --features` prints it, and the pre-flight of `run` checks profiles against
/// it (``Preflight``). A test fails when a case reads a key or requires a feature described here
/// for none of the case's version and role.
public enum ProfileCatalog {
    /// A version and the role of the device under test: which templates an entry goes into.
    public enum Scope: String, Sendable, Hashable, CaseIterable {
        case station201 = "2.0.1 Charging Station"
        case csms201 = "2.0.1 CSMS"
        case station16 = "1.6 Charge Point"
        case csms16 = "1.6 Central System"

        public init(version: OCPPVersion, role: OCPPRole) {
            switch (version, role) {
            case (.v16, .chargingStation): self = .station16
            case (.v16, .csms): self = .csms16
            case (_, .chargingStation): self = .station201
            case (_, .csms): self = .csms201
            }
        }

        static let stations: Set<Scope> = [.station201, .station16]
        static let all = Set(allCases)
    }

    public struct Entry: Sendable {
        /// The key under `config:`, the name under `testData.idTokens:`, or the feature name.
        public var name: String
        public var meaning: String
        /// The Part 5 PICS question it answers (2.0.1), e.g. "C-13 Support for Reset per EVSE".
        public var pics: String?
        /// What `init` writes: a config value, an idToken, or (features) whether it is claimed.
        public var defaultValue: JSONValue
        public var scopes: Set<Scope>
        /// Given by the harness from other parts of the profile; never written under `config:`
        /// or `features:`.
        public var derivedFrom: String?
        /// Written commented out by `init`, with this reason: a value only some set-ups have (a
        /// file that must exist, a second listener).
        public var onlyWhen: String?

        init(
            _ name: String, _ meaning: String, pics: String? = nil, default defaultValue: JSONValue = .bool(false), _ scopes: Set<Scope>,
            derivedFrom: String? = nil, onlyWhen: String? = nil
        ) {
            self.name = name
            self.meaning = meaning
            self.pics = pics
            self.defaultValue = defaultValue
            self.scopes = scopes
            self.derivedFrom = derivedFrom
            self.onlyWhen = onlyWhen
        }
    }

    // MARK: config

    /// The keys under `config:`.
    public static let config: [Entry] = [
        Entry("heartbeatInterval", "Seconds between Heartbeats: the interval the harness (as CSMS) sends in BootNotificationResponse, and (as station) the interval it expects the CSMS to send.", default: 300, Scope.all),
        Entry("bootTimeout", "Seconds a reboot of the station may take, from the reset until its BootNotification.", default: 180, Scope.stations),
        Entry("stationModel", "The chargePointModel / chargingStation.model the harness reports when it plays the station.", default: "ocppspec", [.csms201, .csms16]),
        Entry("stationVendor", "The vendor name the harness reports when it plays the station.", default: "ocppspec", [.csms201, .csms16]),
        Entry("transactionDuration", "OCTT \"Configured Transaction Duration\": seconds a case lets the EV charge before it ends the transaction.", default: 60, [.station201, .csms201]),
        Entry("txUpdatedInterval", "Seconds between the periodic TransactionEvent Updated messages with meter values (SampledDataCtrlr.TxUpdatedInterval; the harness as station uses it too).", default: 60, [.station201, .csms201]),
        Entry("txUpdatedMeasurands", "SampledDataCtrlr.TxUpdatedMeasurands the cases configure.", default: "Energy.Active.Import.Register", [.station201]),
        Entry("txStartPoint", "TxCtrlr.TxStartPoint of the station, comma-separated; the cases also derive the claims TxStartPoint.<value> and TxStartPoint=<list> from it.", pics: "C-09 Supported Transaction Start points (TxStartPoint)", default: "PowerPathClosed", [.station201]),
        Entry("txStopPoint", "TxCtrlr.TxStopPoint of the station, comma-separated; the cases also derive the claims TxStopPoint.<value> and TxStopPoint=<list> from it.", pics: "C-10 Supported Transaction Stop points (TxStopPoint)", default: "EVConnected,Authorized", [.station201]),
        Entry("authorizeRemoteStart", "AuthCtrlr.AuthorizeRemoteStart: the station sends Authorize after RequestStartTransaction.", pics: "C-48 Authorization of remote start (AuthorizeRemoteStart)", default: false, [.station201]),
        Entry("evConnectionTimeout", "OCTT \"Configured ev_connection_timeout\": TxCtrlr.EVConnectionTimeOut the cases set, in seconds.", default: 30, [.station201]),
        Entry("retryBackOffWaitMinimum", "OCTT RetryBackOffWaitMinimum_duration: OCPPCommCtrlr.RetryBackOffWaitMinimum, in seconds.", default: 5, [.station201]),
        Entry("offlineThreshold", "OCPPCommCtrlr.OfflineThreshold the offline cases set, in seconds (OCTT: RetryBackOffWaitMinimum_duration + 60).", default: 65, [.station201]),
        Entry("messageAttemptIntervalTransactionEvent", "OCTT message_attempts_transaction_event_interval: OCPPCommCtrlr.MessageAttemptIntervalTransactionEvent, in seconds.", default: 10, [.station201]),
        Entry("alignedDataInterval", "OCTT \"Configured clock-aligned Meter Values interval\": AlignedDataCtrlr.Interval, in seconds.", default: 60, [.station201]),
        Entry("alignedTxEndedInterval", "OCTT clock_aligned_tx_ended_meter_values_interval: AlignedDataCtrlr.TxEndedInterval, in seconds.", default: 60, [.station201]),
        Entry("sampledTxEndedInterval", "OCTT sampled_tx_ended_meter_values_interval: SampledDataCtrlr.TxEndedInterval, in seconds.", default: 60, [.station201]),
        Entry("detachableCable", "The charging cable can be taken out at the station (a socket, not a fixed cable).", default: false, [.station201]),
        Entry("alternateCsmsUrl", "B10 network profiles: a second harness endpoint the station migrates to, as the station reaches it.", default: "ws://127.0.0.1:9000/ocpp-alt", [.station201]),
        Entry("alternatePathPrefix", "The URL path of that second endpoint; the harness accepts the station on both paths.", default: "ocpp-alt", [.station201]),
        Entry("configurationSlot", "OCTT <Configured configurationSlot>: the network profile slot in use.", default: 1, [.station201]),
        Entry("configurationSlot2", "OCTT <Configured configurationSlot2>: a second, free network profile slot.", default: 2, [.station201]),
        Entry("ocppInterface", "OCTT <Configured ocppInterface>: the interface of the network profiles the cases send (Wired0, Wireless0…).", default: "Wired0", [.station201]),
        Entry("networkPriorityRebootsItself", "The station reboots by itself after a new NetworkConfigurationPriority (true) or answers RebootRequired (false).", default: false, [.station201]),
        Entry("csmsRootCertificate", "M05 (TC_B_47/50_CS, security profile 2 or 3): the CSMS root certificate the station trusts, PEM text or a PEM file.", default: "certs/ca.pem", [.station201], onlyWhen: "security profile 2 or 3 (TC_B_47/50_CS)"),
        Entry("csmsRootCertificate2", "M05: the new CSMS root certificate a migration installs, PEM text or a PEM file.", default: "certs/ca2.pem", [.station201], onlyWhen: "security profile 2 or 3 (TC_B_47/50_CS)"),
        Entry("csmsRootCertificateHashData", "The CertificateHashData of csmsRootCertificate, computed by the harness.", default: .null, [.station201], derivedFrom: "csmsRootCertificate"),
        Entry("csmsRootCertificate2HashData", "The CertificateHashData of csmsRootCertificate2, computed by the harness.", default: .null, [.station201], derivedFrom: "csmsRootCertificate2"),
        Entry("newRootCsmsUrl", "M05: the harness endpoint presenting a certificate of root 2, as the station reaches it.", default: "wss://127.0.0.1:8444/ocpp-newroot", [.station201], onlyWhen: "security profile 2 or 3 (TC_B_47/50_CS)"),
        Entry("newRootPathPrefix", "M05: the URL path of that endpoint.", default: "ocpp-newroot", [.station201], onlyWhen: "security profile 2 or 3 (TC_B_47/50_CS)"),
        Entry("newRootListenPort", "M05: the port the harness listens on for that endpoint.", default: 8444, [.station201], onlyWhen: "security profile 2 or 3 (TC_B_47/50_CS)"),
        Entry("newRootServerCertificate", "M05: the server certificate (PEM file) of that endpoint, signed by root 2.", default: "certs/server-newroot.pem", [.station201], onlyWhen: "security profile 2 or 3 (TC_B_47/50_CS)"),
        Entry("newRootServerPrivateKey", "M05: its private key (PEM file).", default: "certs/server-newroot-key.pem", [.station201], onlyWhen: "security profile 2 or 3 (TC_B_47/50_CS)"),
        Entry("logLocation", "OCTT <Configured log_location>: where GetLog asks the station to upload its log.", default: "https://files.example.com/logs/", [.station201]),
        Entry("firmwareLocation", "OCTT <Configured firmware_location>: the firmware image UpdateFirmware points to.", default: "https://files.example.com/firmware/image.bin", [.station201]),
        Entry("firmwareSigningCertificate", "OCTT signingCertificate of UpdateFirmware (PEM text).", default: "", [.station201]),
        Entry("firmwareSignature", "OCTT signature of the firmware image (base64).", default: "", [.station201]),
        Entry("meterValueSampleInterval", "1.6 OCTT <Configured MeterValueSampleInterval>, in seconds (a string: ChangeConfiguration values are strings).", default: "60", [.station16]),
        Entry("clockAlignedDataInterval", "OCTT <Configured ClockAlignedDataInterval>, in seconds (1.6: a string for ChangeConfiguration; 2.0.1 CSMS: the harness as station).", default: "60", [.station16, .csms201]),
        Entry("connectionTimeOut", "OCTT <Configured ConnectionTimeOut>: seconds between plugging in / authorizing and the other, in seconds (a string).", default: "60", [.station16, .csms16]),
        Entry("messageTimeout", "Set from timing.messageTimeout.", default: .null, Scope.all, derivedFrom: "timing.messageTimeout"),
        Entry("timeDeviation", "Set from timing.timeDeviation.", default: .null, Scope.all, derivedFrom: "timing.timeDeviation"),
    ]

    // MARK: testData.idTokens

    /// The names under `testData.idTokens:`. The defaults are the tokens the reference CSMS
    /// (`ocppspec simulate csms`) knows, so that a template runs against it unedited.
    public static let idTokens: [Entry] = [
        Entry("valid", "An idToken the CSMS accepts (status Accepted, in group groupId).", default: ["idToken": "VALID001", "type": "ISO14443"], Scope.all),
        Entry("valid2", "A second accepted idToken of the same group.", default: ["idToken": "VALID002", "type": "ISO14443"], Scope.all),
        Entry("invalid", "An idToken the CSMS answers with Invalid.", default: ["idToken": "INVALID001", "type": "ISO14443"], Scope.all),
        Entry("blocked", "An idToken the CSMS answers with Blocked.", default: ["idToken": "BLOCKED001", "type": "ISO14443"], Scope.all),
        Entry("expired", "An idToken the CSMS answers with Expired.", default: ["idToken": "EXPIRED001", "type": "ISO14443"], Scope.all),
        Entry("unknown", "An idToken the CSMS has never been told about.", default: ["idToken": "UNKNOWN999", "type": "ISO14443"], [.csms201, .csms16]),
        Entry("groupId", "The group id of valid and valid2.", default: "GROUP001", Scope.all),
        Entry("masterPass", "C16: an idToken of the Master Pass group (TxCtrlr.MasterPassGroupId): it may stop any transaction and start none.", default: ["idToken": "MASTERPASS001", "type": "ISO14443"], [.station201, .csms201]),
        Entry("masterPassGroupId", "C16: the Master Pass group id.", default: "MASTERGROUP", [.station201, .csms201]),
    ]

    // MARK: features

    /// The names under `features:` (PICS answers), and the claims the harness derives itself.
    public static let features: [Entry] = [
        Entry("ResetPerEVSE", "The station resets a single EVSE (B11.FR.08); a CSMS: it can reset a single EVSE.", pics: "C-13 Support for Reset per EVSE (AllowReset)", [.station201, .csms201]),
        Entry("AuthorizationCache", "The station keeps an Authorization Cache.", pics: "C-49 Authorization Cache (AuthCacheEnabled)", [.station201, .station16]),
        Entry("AuthCacheLifeTime", "Cached idTokens expire (AuthCacheCtrlr.LifeTime).", pics: "C-53 Support for lifetime cached token (AuthCacheLifeTime)", [.station201]),
        Entry("AuthCacheDisablePostAuthorize", "Remote authorization can be disabled for cached invalid idTokens.", pics: "C-59 Option for disabling remote authorization for cached invalid idTokens", [.station201]),
        Entry("LocalAuthListManagement", "The station keeps a Local Authorization List (SendLocalList, GetLocalListVersion).", pics: "LA-1 Authorization list support (LocalAuthListEnabled); 1.6: the Local Auth List Management profile", [.station201, .station16]),
        Entry("DisableRemoteAuthorization", "Remote authorization can be disabled (AuthCtrlr.DisableRemoteAuthorization).", pics: "C-58 Option for disabling remote authorization (DisableRemoteAuthorization)", [.station201]),
        Entry("MaxEnergyOnInvalidId", "The station lets an EV charge a limited energy on an invalid idToken.", pics: "C-03 Support for maximizing energy for invalid ids (MaxEnergyOnInvalidId)", [.station201]),
        Entry("OfflineTxForUnknownId", "The station starts transactions offline for unknown idTokens.", pics: "C-02 Support for allowing Offline Authorization for Unknown Ids", [.station201]),
        Entry("MasterPass", "The station supports a Master Pass (C16), with or without a user interface.", pics: "C-07 / C-08 Support for using a Master Pass", [.station201]),
        Entry("MasterPass.WithUI", "The Master Pass holder chooses at the station's user interface which transactions to stop.", pics: "C-07 Support for using a Master Pass for charging stations with UI", [.station201]),
        Entry("MasterPass.WithoutUI", "A Master Pass stops every transaction (no user interface).", pics: "C-08 Support for using a Master Pass for charging stations without UI", [.station201]),
        Entry("TriggerMessage.Heartbeat", "TriggerMessage for Heartbeat (a station answers it; a CSMS sends it).", [.station201, .station16]),
        Entry("TriggerMessage.MeterValues", "TriggerMessage for MeterValues (a station answers it; a CSMS sends it).", pics: "C-29.1 Trigger message - MeterValues", [.station201, .station16, .csms201]),
        Entry("TriggerMessage.TransactionEvent", "TriggerMessage for TransactionEvent (a station answers it; a CSMS sends it).", pics: "C-29.2 Trigger message - TransactionEvent", [.station201, .csms201]),
        Entry("TriggerMessage.LogStatusNotification", "TriggerMessage for LogStatusNotification (a station answers it; a CSMS sends it).", pics: "C-29.3 Trigger message - LogStatusNotification", [.station201, .station16, .csms201]),
        Entry("TriggerMessage.FirmwareStatusNotification", "TriggerMessage for FirmwareStatusNotification (a station answers it; a CSMS sends it).", pics: "C-29.4 Trigger message - FirmwareStatusNotification", [.station201, .station16, .csms201]),
        Entry("TriggerMessage.StatusNotification", "TriggerMessage for StatusNotification (a station answers it; a CSMS sends it).", pics: "C-29.5 Trigger message - StatusNotification", [.station201, .station16, .csms201]),
        Entry("TriggerMessage.BootNotification", "TriggerMessage for BootNotification (a station answers it; a CSMS sends it).", pics: "C-29.6 Trigger message - BootNotification", [.station201, .station16]),
        Entry("SignedMeterValues", "The station signs meter values.", pics: "C-42 Signed Metervalues (SampledDataSignReadings)", [.station201]),
        Entry("AlignedDataSendDuringIdle", "Clock-aligned meter values can be sent only while idle (AlignedDataCtrlr.SendDuringIdle).", pics: "C-28 Toggle sending clock aligned meter values when a transaction is ongoing / Idle", [.station201]),
        Entry("NetworkProfileFallbackReconnect", "The station falls back to the default OCPP reconnection after NetworkProfileConnectionAttempts.", pics: "C-47 Support for falling back to default OCPP reconnection mechanism", [.station201]),
        Entry("NetworkProfileSlots2", "The station has at least two network configuration slots (NetworkConfigurationPriority).", [.station201]),
        Entry("AdditionalRootCertificateCheck", "SecurityCtrlr.AdditionalRootCertificateCheck is implemented.", pics: "AS-2 Additional root certificate check mechanism implemented (AdditionalRootCertificateCheck)", [.station201]),
        Entry("SummaryInventory", "The station provides the SummaryInventory base report.", pics: "C-56 Support for providing the SummaryInventory", [.station201]),
        Entry("ConnectorLock", "The connector has a lock the station controls (UnlockConnector).", [.station201, .station16]),
        Entry("ConnectorLockFailure", "The rig can make the connector lock fail (the unlock reports UnlockFailed).", [.station201]),
        Entry("ConnectorPlugRetentionLock", "The connector has a plug retention lock (ConnectorPlugRetentionLock component).", [.station201]),
        Entry("CableLockUntilAuthorized", "The cable stays locked until the EV is authorized (TxCtrlr / Connector lock behaviour).", [.station201]),
        Entry("DetachableCable", "The cable can be taken out at the station (a socket).", [.station201]),
        Entry("FixedCable", "The cable is fixed to the station.", [.station201]),
        Entry("BackupPower", "The station keeps running on backup power when mains fails.", [.station201]),
        Entry("SharedIdTokenReader", "One idToken reader serves several EVSEs.", [.station201]),
        Entry("TariffAndCost", "The station shows tariff and running cost (TariffCostCtrlr).", [.station201]),
        Entry("DisplayMessages", "The station shows display messages set by the CSMS (DisplayMessageCtrlr, block O).", pics: "Advanced User Interface certification profile", [.station201]),
        // CSMS features (Part 5 Table 3): the conditions of CSMS cases (``CertificationProfiles/csmsConditions``).
        Entry("BootNotificationPending", "The CSMS can be configured to answer a BootNotification with Pending before Accepted.", pics: "C-44 Support for sending a BootNotification Pending before Accepting", [.csms201]),
        Entry("MultipleGetVariables", "The CSMS sends GetVariablesRequest with more than one element.", pics: "C-45 Support for Multiple elements GetVariablesRequest", [.csms201]),
        Entry("MultipleSetVariables", "The CSMS sends SetVariablesRequest with more than one element.", pics: "C-46 Support for Multiple elements SetVariablesRequest", [.csms201]),
        Entry("ConfigurationInventory", "The CSMS retrieves the ConfigurationInventory base report.", pics: "C-17 Support for retrieving the ConfigurationInventory", [.csms201]),
        Entry("FullInventoryManualTrigger", "An operator can make the CSMS request the FullInventory base report.", pics: "C-50.2 GetBaseReport - FullInventory - Manual trigger", [.csms201]),
        Entry("TransactionStatus", "The CSMS checks the TransactionStatus (GetTransactionStatus).", pics: "C-16 Support for checking the TransactionStatus", [.csms201]),
        Entry("ScheduledFirmwareUpdate", "The CSMS schedules firmware updates (installDateTime).", pics: "C-15 Support for scheduled firmware updates", [.csms201]),
        Entry("CustomerInformation.CustomerIdentifier", "The CSMS retrieves / deletes CustomerInformation by customerIdentifier.", pics: "C-14 Support for retrieving / deleting CustomerInformation - CustomerIdentifier", [.csms201]),
        Entry("CustomerInformation.CustomerCertificate", "The CSMS retrieves / deletes CustomerInformation by customer certificate.", pics: "ISO-4 Support for retrieving / deleting CustomerInformation - CustomerCertificate", [.csms201]),
        Entry("GetLocalListVersion", "The CSMS sends GetLocalListVersion.", pics: "LA-2 Support for GetLocalListVersion", [.csms201]),
        Entry("TxDefaultProfileEVSE0", "The CSMS sets a TxDefaultProfile on EVSE 0.", pics: "SC-4 Support for TxDefaultProfile on EVSEID #0", [.csms201]),
        Entry("ReservationConnectorType", "The CSMS reserves by connector type.", pics: "R-1 Support for reservations of connectorType", [.csms201]),
        Entry("CombinedStationCertificate", "A combined charging station certificate (OCPP and ISO 15118).", pics: "ISO-3 Combined charging station certificate", [.csms201, .station201]),
        Entry("LocalAuthorization", "The station starts transactions on a local authorization (RFID, KeyCode, a locally generated id, MacAddress or NoAuthorization).", pics: "C-30 – C-35 Authorization options for local start", [.station201]),
        Entry("LocalAuthorization.IdToken", "The station authorizes locally by an idToken: RFID ISO14443, RFID ISO15693 or KeyCode.", pics: "C-30 / C-31 / C-32 Local Authorization - using RFID ISO14443 / RFID ISO15693 / KeyCode", [.station201]),
        Entry("MultipleEVSEs", "The EVSE layout has more than one EVSE.", [.station201, .station16], derivedFrom: "evses"),
        Entry("ServerCertificateValidation", "The station authenticates the CSMS by its server certificate.", [.station201], derivedFrom: "connection.securityProfile 2 or 3"),
    ]

    /// Claim prefixes the harness derives from `config.txStartPoint` / `config.txStopPoint`.
    public static let derivedClaimPrefixes = ["TxStartPoint.", "TxStartPoint=", "TxStopPoint.", "TxStopPoint=", "ocpp"]

    /// Whether `name` is a feature the catalogue knows, or a claim the harness derives.
    public static func isKnownFeature(_ name: String) -> Bool {
        features.contains { $0.name == name } || derivedClaimPrefixes.contains { name.hasPrefix($0) } || isReadOnlyStatement(name)
    }

    /// `ReadOnly.<Component>.<Variable>=<value>`: the profile states that a variable is read-only
    /// with that value (an OCTT prerequisite such as TC_F_02_CS's "AuthorizeRemoteStart is
    /// ReadOnly false"; TestCases/README.md).
    public static func isReadOnlyStatement(_ name: String) -> Bool {
        guard name.hasPrefix("ReadOnly."), let eq = name.firstIndex(of: "=") else { return false }
        return name[name.index(name.startIndex, offsetBy: 9)..<eq].split(separator: ".").count == 2
    }

    public static func entries(_ list: [Entry], for scope: Scope) -> [Entry] {
        list.filter { $0.scopes.contains(scope) }
    }

    /// The nearest of `candidates` to `name` within an edit distance of 2 (case-insensitive).
    public static func didYouMean(_ name: String, among candidates: [String]) -> String? {
        let lowered = name.lowercased()
        var best: (String, Int)?
        for c in candidates {
            let d = levenshtein(lowered, c.lowercased())
            if d <= 2, d < (best?.1 ?? Int.max) { best = (c, d) }
        }
        return best?.0
    }

    static func levenshtein(_ a: String, _ b: String) -> Int { EditDistance.between(a, b) }
}
