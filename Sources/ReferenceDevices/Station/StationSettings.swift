import OCPPProtocol

/// The configuration a station exposes to its CSMS: the 2.0.1 device model (components and
/// variables, Part 2 "Referenced Components and Variables") or the 1.6 configuration keys
/// (1.6 §9). The station reads its behaviour from here, so a SetVariables or
/// ChangeConfiguration changes what it does next.
struct StationSettings: Sendable {
    /// Where a 2.0.1 variable lives.
    struct Address: Hashable, Sendable {
        var component: String
        var componentInstance: String? = nil
        var evse: Int? = nil
        var connector: Int? = nil
        var variable: String
        var variableInstance: String? = nil
    }

    enum Mutability: String, Sendable { case readOnly = "ReadOnly", readWrite = "ReadWrite", writeOnly = "WriteOnly" }

    enum DataType: String, Sendable {
        case string, decimal, integer, dateTime, boolean, optionList = "OptionList", memberList = "MemberList", sequenceList = "SequenceList"
    }

    struct Variable: Sendable {
        var value: String
        var mutability: Mutability
        var dataType: DataType
        var valuesList: String? = nil
        var unit: String? = nil
    }

    /// A 1.6 configuration key.
    struct Key: Sendable {
        var value: String
        var readonly: Bool
        var kind: DataType
    }

    let version: OCPPVersion
    /// 2.0.1 variables, in report order.
    private(set) var addresses: [Address] = []
    private(set) var variables: [Address: Variable] = [:]
    /// 1.6 keys, in report order.
    private(set) var keyOrder: [String] = []
    private(set) var keys: [String: Key] = [:]

    init(configuration c: ChargingStationConfiguration) {
        version = c.version
        if c.version == .v16 { defineKeys(c) } else {
            defineVariables(c)
            applyVariations(c)
        }
    }

    // MARK: 2.0.1 device model

    private mutating func define(_ address: Address, _ value: String, _ mutability: Mutability, _ type: DataType, values: String? = nil, unit: String? = nil) {
        if variables[address] == nil { addresses.append(address) }
        variables[address] = Variable(value: value, mutability: mutability, dataType: type, valuesList: values, unit: unit)
    }

    private mutating func define(_ component: String, _ variable: String, instance: String? = nil, _ value: String, _ mutability: Mutability, _ type: DataType, values: String? = nil, unit: String? = nil) {
        define(Address(component: component, variable: variable, variableInstance: instance), value, mutability, type, values: values, unit: unit)
    }

    static let txPoints = "ParkingBayOccupancy,EVConnected,Authorized,DataSigned,PowerPathClosed,EnergyTransfer"
    static let measurands = "Energy.Active.Import.Register,Power.Active.Import,Current.Import,Voltage"

    private mutating func defineVariables(_ c: ChargingStationConfiguration) {
        let rw = Mutability.readWrite, ro = Mutability.readOnly
        define("OCPPCommCtrlr", "HeartbeatInterval", String(c.heartbeatInterval), rw, .integer, unit: "s")
        define("OCPPCommCtrlr", "OfflineThreshold", String(c.offlineThreshold), rw, .integer, unit: "s")
        // Read-only here: TC_B_39_CS expects SetVariables on it to be Rejected.
        define("OCPPCommCtrlr", "MessageTimeout", instance: "Default", String(Int(c.messageTimeout.seconds)), ro, .integer, unit: "s")
        define("OCPPCommCtrlr", "MessageAttempts", instance: "TransactionEvent", "3", rw, .integer)
        define("OCPPCommCtrlr", "MessageAttemptInterval", instance: "TransactionEvent", "10", rw, .integer, unit: "s")
        // Two network connection profile slots, 1 in use (B09: SetNetworkProfile names one of these).
        define("OCPPCommCtrlr", "NetworkConfigurationPriority", "1", rw, .sequenceList, values: "1,2")
        define("OCPPCommCtrlr", "NetworkProfileConnectionAttempts", "3", rw, .integer)
        define("OCPPCommCtrlr", "ResetRetries", "2", rw, .integer)
        define("OCPPCommCtrlr", "RetryBackOffRandomRange", "0", rw, .integer, unit: "s")
        define("OCPPCommCtrlr", "RetryBackOffRepeatTimes", "2", rw, .integer)
        define("OCPPCommCtrlr", "RetryBackOffWaitMinimum", "0", rw, .integer, unit: "s")
        define("OCPPCommCtrlr", "UnlockOnEVSideDisconnect", "true", rw, .boolean)
        define("OCPPCommCtrlr", "WebSocketPingInterval", "0", rw, .integer, unit: "s")
        define("OCPPCommCtrlr", "FileTransferProtocols", "HTTPS", ro, .memberList, values: "HTTP,HTTPS")
        define("AuthCtrlr", "Enabled", "true", rw, .boolean)
        define("AuthCtrlr", "AuthorizeRemoteStart", String(c.authorizeRemoteStart), rw, .boolean)
        define("AuthCtrlr", "LocalAuthorizeOffline", "true", rw, .boolean)
        define("AuthCtrlr", "LocalPreAuthorize", String(c.localPreAuthorize), rw, .boolean)
        define("AuthCtrlr", "OfflineTxForUnknownIdEnabled", "false", rw, .boolean)
        define("AuthCtrlr", "DisableRemoteAuthorization", "false", rw, .boolean)
        define("AuthCtrlr", "MasterPassGroupId", c.masterPassGroupId, rw, .string)
        define("AuthCacheCtrlr", "Enabled", String(c.authCacheEnabled), rw, .boolean)
        define("AuthCacheCtrlr", "Available", "true", ro, .boolean)
        define("AuthCacheCtrlr", "LifeTime", "86400", rw, .integer, unit: "s")
        define("AuthCacheCtrlr", "Storage", "100", ro, .integer)
        define("AuthCacheCtrlr", "Policy", "LRU", rw, .optionList, values: "LRU,LFU,FIFO,CUSTOM")
        define("AuthCacheCtrlr", "DisablePostAuthorize", "false", rw, .boolean)
        define("LocalAuthListCtrlr", "Enabled", String(c.localAuthListEnabled), rw, .boolean)
        define("LocalAuthListCtrlr", "Available", "true", ro, .boolean)
        define("LocalAuthListCtrlr", "Entries", "0", ro, .integer)
        define("LocalAuthListCtrlr", "ItemsPerMessage", "100", ro, .integer)
        define("LocalAuthListCtrlr", "BytesPerMessage", "10000", ro, .integer)
        define("LocalAuthListCtrlr", "Storage", "1000", ro, .integer)
        define("LocalAuthListCtrlr", "DisablePostAuthorize", "false", rw, .boolean)
        define("TxCtrlr", "TxStartPoint", c.txStartPoint.joined(separator: ","), rw, .memberList, values: Self.txPoints)
        define("TxCtrlr", "TxStopPoint", c.txStopPoint.joined(separator: ","), rw, .memberList, values: Self.txPoints)
        define("TxCtrlr", "EVConnectionTimeOut", String(c.evConnectionTimeOut), rw, .integer, unit: "s")
        define("TxCtrlr", "StopTxOnInvalidId", "true", rw, .boolean)
        define("TxCtrlr", "StopTxOnEVSideDisconnect", "true", rw, .boolean)
        define("TxCtrlr", "MaxEnergyOnInvalidId", "0", rw, .integer, unit: "Wh")
        define("TxCtrlr", "TxBeforeAcceptedEnabled", "false", rw, .boolean)
        define("SampledDataCtrlr", "Enabled", "true", rw, .boolean)
        define("SampledDataCtrlr", "TxStartedMeasurands", "Energy.Active.Import.Register", rw, .memberList, values: Self.measurands)
        define("SampledDataCtrlr", "TxUpdatedMeasurands", "Energy.Active.Import.Register", rw, .memberList, values: Self.measurands)
        define("SampledDataCtrlr", "TxEndedMeasurands", "Energy.Active.Import.Register", rw, .memberList, values: Self.measurands)
        define("SampledDataCtrlr", "TxUpdatedInterval", String(c.sampledDataInterval), rw, .integer, unit: "s")
        define("SampledDataCtrlr", "TxEndedInterval", "0", rw, .integer, unit: "s")
        define("SampledDataCtrlr", "RegisterValuesWithoutPhases", "false", rw, .boolean)
        define("AlignedDataCtrlr", "Enabled", "true", rw, .boolean)
        define("AlignedDataCtrlr", "Measurands", "Energy.Active.Import.Register", rw, .memberList, values: Self.measurands)
        define("AlignedDataCtrlr", "Interval", String(c.alignedDataInterval), rw, .integer, unit: "s")
        define("AlignedDataCtrlr", "TxEndedMeasurands", "Energy.Active.Import.Register", rw, .memberList, values: Self.measurands)
        define("AlignedDataCtrlr", "TxEndedInterval", "0", rw, .integer, unit: "s")
        define("AlignedDataCtrlr", "SendDuringIdle", "false", rw, .boolean)
        if c.signedMeterValues {
            // PICS C-42 (optional): signed meter values (J01.FR.21, J02.FR.21).
            define("SampledDataCtrlr", "SignReadings", "false", rw, .boolean)
            define("AlignedDataCtrlr", "SignReadings", "false", rw, .boolean)
            define("OCPPCommCtrlr", "PublicKeyWithSignedMeterValue", "Never", rw, .optionList, values: "Never,OncePerTransaction,EveryMeterValue")
        }
        define("DeviceDataCtrlr", "ItemsPerMessage", instance: "GetReport", "10", ro, .integer)
        define("DeviceDataCtrlr", "ItemsPerMessage", instance: "GetVariables", "20", ro, .integer)
        define("DeviceDataCtrlr", "ItemsPerMessage", instance: "SetVariables", "20", ro, .integer)
        define("DeviceDataCtrlr", "BytesPerMessage", instance: "GetReport", "10000", ro, .integer)
        define("DeviceDataCtrlr", "BytesPerMessage", instance: "GetVariables", "10000", ro, .integer)
        define("DeviceDataCtrlr", "BytesPerMessage", instance: "SetVariables", "10000", ro, .integer)
        define("ClockCtrlr", "DateTime", "", ro, .dateTime)
        define("ClockCtrlr", "NextTimeOffsetTransitionDateTime", "", rw, .dateTime)
        define("ClockCtrlr", "TimeSource", "Heartbeat", rw, .sequenceList, values: "Heartbeat,NTP,GPS,RealTimeClock,MobileNetwork,RadioTimeTransmitter")
        define("SecurityCtrlr", "SecurityProfile", "0", ro, .integer)
        define("SecurityCtrlr", "OrganizationName", "ocppspec", rw, .string)
        define("SecurityCtrlr", "Identity", c.stationId, ro, .string)
        // Required (dm_components_vars.csv): the number of installed certificates, read live.
        define("SecurityCtrlr", "CertificateEntries", "0", ro, .integer)
        define("SecurityCtrlr", "AdditionalRootCertificateCheck", c.additionalRootCertificateCheck ? "true" : "false", ro, .boolean)
        define("ChargingStation", "AvailabilityState", "Available", ro, .optionList, values: "Available,Occupied,Reserved,Unavailable,Faulted")
        define("ChargingStation", "Available", "true", ro, .boolean)
        define("ChargingStation", "SupplyPhases", "3", ro, .integer)
        for (index, connectors) in c.evses.enumerated() {
            let evse = index + 1
            define(Address(component: "EVSE", evse: evse, variable: "AvailabilityState"), "Available", ro, .optionList, values: "Available,Occupied,Reserved,Unavailable,Faulted")
            define(Address(component: "EVSE", evse: evse, variable: "Available"), "true", ro, .boolean)
            define(Address(component: "EVSE", evse: evse, variable: "Power", variableInstance: nil), String(Int(c.chargingPower)), ro, .decimal, unit: "W")
            define(Address(component: "EVSE", evse: evse, variable: "SupplyPhases"), "3", ro, .integer)
            for connector in 1...max(connectors, 1) {
                define(Address(component: "Connector", evse: evse, connector: connector, variable: "AvailabilityState"), "Available", ro, .optionList, values: "Available,Occupied,Reserved,Unavailable,Faulted")
                define(Address(component: "Connector", evse: evse, connector: connector, variable: "Available"), "true", ro, .boolean)
                define(Address(component: "Connector", evse: evse, connector: connector, variable: "ConnectorType"), "cType2", ro, .string)
                define(Address(component: "Connector", evse: evse, connector: connector, variable: "SupplyPhases"), "3", ro, .integer)
                // G05: the plug retention lock of the connector; Problem is true while it failed to lock.
                define(Address(component: "ConnectorPlugRetentionLock", evse: evse, connector: connector, variable: "Enabled"), "true", ro, .boolean)
                define(Address(component: "ConnectorPlugRetentionLock", evse: evse, connector: connector, variable: "Problem"), "false", ro, .boolean)
            }
        }
    }

    /// The station's own choices among the optional variables and mutabilities (issue 29):
    /// variables it does not have, variables that are read-only here.
    private mutating func applyVariations(_ c: ChargingStationConfiguration) {
        guard !c.omittedVariables.isEmpty || !c.readOnlyVariables.isEmpty else { return }
        for address in addresses {
            let name = address.component + "." + address.variable
            if c.omittedVariables.contains(name) { variables[address] = nil }
            if c.readOnlyVariables.contains(name) { variables[address]?.mutability = .readOnly }
        }
        addresses.removeAll { variables[$0] == nil }
    }

    /// The variable at an address, matching an absent instance or EVSE as "none".
    func variable(_ address: Address) -> Variable? { variables[address] }

    /// Whether any variable belongs to this component (name, instance, EVSE, connector).
    func hasComponent(_ address: Address) -> Bool {
        addresses.contains {
            $0.component == address.component && $0.componentInstance == address.componentInstance
                && $0.evse == address.evse && $0.connector == address.connector
        }
    }

    /// Why a value cannot be stored, or `nil` when it can.
    func rejection(of value: String, for variable: Variable) -> String? {
        switch variable.dataType {
        case .integer:
            guard let n = Int(value), n >= 0 else { return "\(value) is not a non-negative integer" }
        case .decimal:
            guard Double(value) != nil else { return "\(value) is not a number" }
        case .boolean:
            guard value == "true" || value == "false" else { return "\(value) is not true or false" }
        case .optionList:
            guard let list = variable.valuesList?.split(separator: ","), list.contains(Substring(value)) else {
                return "\(value) is not one of \(variable.valuesList ?? "")"
            }
        case .memberList, .sequenceList:
            let list = Set((variable.valuesList ?? "").split(separator: ",").map(String.init))
            // An empty list is a valid value (e.g. SampledDataCtrlr.TxEndedMeasurands "" in TC_J_03_CS).
            let members = value.isEmpty ? [] : value.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard !members.contains(where: { !list.contains($0) }) else { return "\(value) has members outside \(variable.valuesList ?? "")" }
        case .dateTime:
            guard OCPPDateTime.date(value) != nil else { return "\(value) is not an RFC 3339 date-time" }
        case .string:
            break
        }
        return nil
    }

    mutating func set(_ address: Address, to value: String) {
        variables[address]?.value = value
    }

    // MARK: 1.6 configuration keys (1.6 §9.1 Core, §9.4 Local Auth List Management)

    private mutating func key(_ name: String, _ value: String, readonly: Bool = false, _ kind: DataType) {
        if keys[name] == nil { keyOrder.append(name) }
        keys[name] = Key(value: value, readonly: readonly, kind: kind)
    }

    private mutating func defineKeys(_ c: ChargingStationConfiguration) {
        key("AllowOfflineTxForUnknownId", "false", .boolean)
        key("AuthorizationCacheEnabled", String(c.authCacheEnabled), .boolean)
        key("AuthorizeRemoteTxRequests", String(c.authorizeRemoteStart), .boolean)
        key("ClockAlignedDataInterval", String(c.alignedDataInterval), .integer)
        key("ConnectionTimeOut", String(c.evConnectionTimeOut), .integer)
        key("ConnectorPhaseRotation", "0.RST", .string)
        key("GetConfigurationMaxKeys", "50", readonly: true, .integer)
        key("HeartbeatInterval", String(c.heartbeatInterval), .integer)
        key("LocalAuthorizeOffline", "true", .boolean)
        key("LocalPreAuthorize", String(c.localPreAuthorize), .boolean)
        key("MeterValuesAlignedData", "Energy.Active.Import.Register", .memberList)
        key("MeterValuesSampledData", "Energy.Active.Import.Register", .memberList)
        key("MeterValueSampleInterval", String(c.sampledDataInterval), .integer)
        key("NumberOfConnectors", String(c.evses.reduce(0, +)), readonly: true, .integer)
        key("ResetRetries", "2", .integer)
        key("StopTransactionOnEVSideDisconnect", "true", .boolean)
        key("StopTransactionOnInvalidId", "true", .boolean)
        key("StopTxnAlignedData", "Energy.Active.Import.Register", .memberList)
        key("StopTxnSampledData", "Energy.Active.Import.Register", .memberList)
        key("SupportedFeatureProfiles", c.localAuthListSupported ? "Core,LocalAuthListManagement,RemoteTrigger" : "Core,RemoteTrigger", readonly: true, .string)
        key("TransactionMessageAttempts", "3", .integer)
        key("TransactionMessageRetryInterval", "10", .integer)
        key("UnlockConnectorOnEVSideDisconnect", "true", .boolean)
        key("WebSocketPingInterval", "0", .integer)
        guard c.localAuthListSupported else { return }
        key("LocalAuthListEnabled", String(c.localAuthListEnabled), .boolean)
        key("LocalAuthListMaxLength", "1000", readonly: true, .integer)
        key("SendLocalListMaxLength", "100", readonly: true, .integer)
    }

    mutating func setKey(_ name: String, to value: String) {
        keys[name]?.value = value
    }

    // MARK: Typed reads, by version

    private func read(_ component: String, _ variable: String, instance: String? = nil, or key16: String) -> String? {
        version == .v16 ? keys[key16]?.value : variables[Address(component: component, variable: variable, variableInstance: instance)]?.value
    }

    private func int(_ component: String, _ variable: String, instance: String? = nil, or key16: String, default d: Int) -> Int {
        read(component, variable, instance: instance, or: key16).flatMap { Int($0) } ?? d
    }

    private func bool(_ component: String, _ variable: String, or key16: String, default d: Bool) -> Bool {
        read(component, variable, or: key16).map { $0 == "true" } ?? d
    }

    var heartbeatInterval: Int { int("OCPPCommCtrlr", "HeartbeatInterval", or: "HeartbeatInterval", default: 60) }
    /// 2.0.1 only (B04): offline longer than this, a station reports every connector on reconnecting.
    var offlineThreshold: Int { int("OCPPCommCtrlr", "OfflineThreshold", or: "", default: 0) }
    /// 2.0.1 only (Part 4 §5.3): the first wait before reconnecting; 0 leaves the station's own delay.
    var retryBackOffWaitMinimum: Int { int("OCPPCommCtrlr", "RetryBackOffWaitMinimum", or: "", default: 0) }
    var retryBackOffRepeatTimes: Int { int("OCPPCommCtrlr", "RetryBackOffRepeatTimes", or: "", default: 0) }
    /// 2.0.1 only (B10): the network profile slots in the order the station tries them.
    var networkConfigurationPriority: [Int] {
        (read("OCPPCommCtrlr", "NetworkConfigurationPriority", or: "") ?? "").split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }
    /// 2.0.1 only (B10.FR.03): failed attempts on one slot before the next slot is tried.
    var networkProfileConnectionAttempts: Int { int("OCPPCommCtrlr", "NetworkProfileConnectionAttempts", or: "", default: 3) }
    var sampledDataInterval: Int { int("SampledDataCtrlr", "TxUpdatedInterval", or: "MeterValueSampleInterval", default: 0) }
    var alignedDataInterval: Int { int("AlignedDataCtrlr", "Interval", or: "ClockAlignedDataInterval", default: 0) }
    var evConnectionTimeOut: Int { int("TxCtrlr", "EVConnectionTimeOut", or: "ConnectionTimeOut", default: 60) }
    var authorizeRemoteStart: Bool { bool("AuthCtrlr", "AuthorizeRemoteStart", or: "AuthorizeRemoteTxRequests", default: false) }
    var localPreAuthorize: Bool { bool("AuthCtrlr", "LocalPreAuthorize", or: "LocalPreAuthorize", default: false) }
    var localAuthorizeOffline: Bool { bool("AuthCtrlr", "LocalAuthorizeOffline", or: "LocalAuthorizeOffline", default: true) }
    var offlineTxForUnknownId: Bool { bool("AuthCtrlr", "OfflineTxForUnknownIdEnabled", or: "AllowOfflineTxForUnknownId", default: false) }
    var authCacheEnabled: Bool { bool("AuthCacheCtrlr", "Enabled", or: "AuthorizationCacheEnabled", default: true) }
    /// A 1.6 station without the Local Auth List Management profile has no LocalAuthListEnabled key:
    /// its list is off.
    var localAuthListEnabled: Bool { bool("LocalAuthListCtrlr", "Enabled", or: "LocalAuthListEnabled", default: version == .v201) }
    var disableRemoteAuthorization: Bool { version == .v201 && bool("AuthCtrlr", "DisableRemoteAuthorization", or: "", default: false) }
    var unlockOnEVSideDisconnect: Bool { bool("OCPPCommCtrlr", "UnlockOnEVSideDisconnect", or: "UnlockConnectorOnEVSideDisconnect", default: true) }
    var stopTxOnEVSideDisconnect: Bool { bool("TxCtrlr", "StopTxOnEVSideDisconnect", or: "StopTransactionOnEVSideDisconnect", default: true) }
    var stopTxOnInvalidId: Bool { bool("TxCtrlr", "StopTxOnInvalidId", or: "StopTransactionOnInvalidId", default: true) }
    var sampledDataEnabled: Bool { version == .v16 || bool("SampledDataCtrlr", "Enabled", or: "", default: true) }
    /// 2.0.1: readings for the Ended event every so many seconds (0: none).
    var sampledTxEndedInterval: Int { int("SampledDataCtrlr", "TxEndedInterval", or: "", default: 0) }
    var alignedTxEndedInterval: Int { int("AlignedDataCtrlr", "TxEndedInterval", or: "", default: 0) }
    /// 2.0.1 AlignedDataCtrlr.SendDuringIdle (PICS C-28): clock-aligned values only while no transaction runs.
    var alignedSendDuringIdle: Bool { version == .v201 && bool("AlignedDataCtrlr", "SendDuringIdle", or: "", default: false) }
    /// 2.0.1 SignReadings of a data controller (PICS C-42; absent when signing is not supported).
    func signReadings(_ component: String) -> Bool { version == .v201 && bool(component, "SignReadings", or: "", default: false) }
    var publicKeyWithSignedMeterValue: String { read("OCPPCommCtrlr", "PublicKeyWithSignedMeterValue", or: "") ?? "Never" }
    var alignedDataEnabled: Bool { version == .v16 || bool("AlignedDataCtrlr", "Enabled", or: "", default: true) }
    var transactionMessageAttempts: Int { int("OCPPCommCtrlr", "MessageAttempts", instance: "TransactionEvent", or: "TransactionMessageAttempts", default: 3) }
    var transactionMessageRetryInterval: Int { int("OCPPCommCtrlr", "MessageAttemptInterval", instance: "TransactionEvent", or: "TransactionMessageRetryInterval", default: 10) }

    /// TxCtrlr.TxStartPoint (2.0.1 E01); 1.6 starts when plugged in and authorized.
    var txStartPoints: Set<String> {
        guard version == .v201 else { return ["PowerPathClosed"] }
        return Set((read("TxCtrlr", "TxStartPoint", or: "") ?? "").split(separator: ",").map(String.init))
    }

    /// TxCtrlr.TxStopPoint (2.0.1 E06); 1.6 stops when unplugged or deauthorized.
    var txStopPoints: Set<String> {
        guard version == .v201 else { return ["EVConnected", "Authorized"] }
        return Set((read("TxCtrlr", "TxStopPoint", or: "") ?? "").split(separator: ",").map(String.init))
    }

    /// Stores the heartbeat interval the CSMS gave in its BootNotificationResponse.
    mutating func setHeartbeatInterval(_ seconds: Int) {
        if version == .v16 { setKey("HeartbeatInterval", to: String(seconds)) } else {
            set(Address(component: "OCPPCommCtrlr", variable: "HeartbeatInterval"), to: String(seconds))
        }
    }

    mutating func setLocalListEntries(_ count: Int) {
        if version == .v201 { set(Address(component: "LocalAuthListCtrlr", variable: "Entries"), to: String(count)) }
    }
}
