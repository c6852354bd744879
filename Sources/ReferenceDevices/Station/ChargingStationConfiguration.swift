import OCPPProtocol

/// Everything that makes one reference Charging Station what it is: identity, EVSE layout, the
/// initial values of its configuration (which the CSMS can change later through SetVariables or
/// ChangeConfiguration), timing, and the seeded defects it is built with.
///
/// All intervals are in seconds of the device's ``DeviceClock``, so a demo can use a 2 s heartbeat
/// and tests can run on an accelerated clock.
public struct ChargingStationConfiguration: Sendable {
    /// The OCPP version the station speaks (1.6 or 2.0.1).
    public var version: OCPPVersion
    /// The station identity: the last path segment of its URL.
    public var stationId: String
    public var vendorName: String = "ocppspec"
    public var model: String = "ReferenceStation"
    public var serialNumber: String = "RS-0001"
    public var firmwareVersion: String = "1.0.0"
    /// Connectors per EVSE: `[1]` is one EVSE with one connector (the default), `[1, 1]` two EVSEs,
    /// `[2]` one EVSE with two connectors. In 1.6 every connector gets its own connectorId, counted
    /// across EVSEs from 1.
    public var evses: [Int] = [1]
    /// HeartbeatInterval before the CSMS sets one.
    public var heartbeatInterval: Int = 60
    /// How long to wait before resending BootNotification when the CSMS gave interval 0.
    public var bootRetryInterval: Int = 30
    /// OCPPCommCtrlr.OfflineThreshold.
    public var offlineThreshold: Int = 300
    /// SampledDataCtrlr.TxUpdatedInterval / MeterValueSampleInterval (0 disables).
    public var sampledDataInterval: Int = 60
    /// AlignedDataCtrlr.Interval / ClockAlignedDataInterval (0 disables).
    public var alignedDataInterval: Int = 0
    /// TxCtrlr.TxStartPoint (2.0.1).
    public var txStartPoint: [String] = ["PowerPathClosed"]
    /// TxCtrlr.TxStopPoint (2.0.1).
    public var txStopPoint: [String] = ["EVConnected", "Authorized"]
    /// TxCtrlr.EVConnectionTimeOut / ConnectionTimeOut.
    public var evConnectionTimeOut: Int = 60
    /// AuthCtrlr.AuthorizeRemoteStart / AuthorizeRemoteTxRequests.
    public var authorizeRemoteStart: Bool = false
    /// AuthCtrlr.LocalPreAuthorize / LocalPreAuthorize (OCTT's general precondition is false).
    public var localPreAuthorize: Bool = false
    /// AuthCacheCtrlr.Enabled / AuthorizationCacheEnabled.
    public var authCacheEnabled: Bool = true
    /// AuthCtrlr.MasterPassGroupId (2.0.1 C16); empty: no master pass.
    public var masterPassGroupId: String = ""
    /// Whether the station has a user interface on which a Master Pass holder picks the
    /// transactions to stop (C16.FR.01); without one, a Master Pass stops them all (C16.FR.02).
    public var masterPassUI: Bool = false
    /// LocalAuthListCtrlr.Enabled / LocalAuthListEnabled.
    public var localAuthListEnabled: Bool = true
    /// 1.6: whether the station has the Local Auth List Management feature profile at all. Without
    /// it the profile is missing from SupportedFeatureProfiles, its keys do not exist, SendLocalList
    /// is answered NotSupported and GetLocalListVersion -1.
    public var localAuthListSupported: Bool = true
    /// How long to wait for the answer to a CALL (OCPPCommCtrlr.MessageTimeout).
    public var messageTimeout: Duration = .seconds(30)
    /// How long to wait before dialling again after the connection was lost, and how long a
    /// reboot takes.
    public var reconnectDelay: Duration = .seconds(2)
    /// How long a log upload (GetLog) or a firmware download (UpdateFirmware) takes, in seconds.
    public var fileTransferDuration: Int = 10
    /// The power the EV draws while charging, in W: meter values grow by this.
    public var chargingPower: Double = 11_000
    /// The CSMS URL of network profile slot 1, the connection the station starts with (B09/B10: a
    /// SetNetworkProfile adds others, NetworkConfigurationPriority orders them from the next boot).
    public var csmsUrl: String = "ws://csms.invalid/ocpp"
    /// Whether a single EVSE can be reset (Part 5 PICS C-13); without it a Reset naming an EVSE is
    /// rejected (B11.FR.09, B12.FR.09).
    public var resetPerEVSE: Bool = true
    /// Whether the cable can be taken out at the station (2.0.1): then a disconnect at the EV side
    /// (`unplug` with type evSide) leaves it in the socket, and the connector Occupied.
    public var detachableCable: Bool = false
    /// Whether the station signs meter values (PICS C-42, optional): it then has the
    /// SampledDataCtrlr/AlignedDataCtrlr.SignReadings variables.
    public var signedMeterValues: Bool = false
    /// The CSMS root certificates (PEM) installed at manufacturing: the station accepts a CSMS whose
    /// server certificate chains to one of them (security profiles 2 and 3). InstallCertificate adds
    /// others (M05).
    public var csmsRootCertificates: [String] = []
    /// SecurityCtrlr.AdditionalRootCertificateCheck (2.0.1 M05.FR.09–16): one CSMS root at a time, a
    /// new one must be signed by the one it replaces, which is kept as a fallback until the station
    /// has connected with the new one.
    public var additionalRootCertificateCheck: Bool = false
    /// 2.0.1: the power path closes as soon as the EV is plugged in and authorized, but the EV
    /// draws no energy for ``evDrawDelay`` seconds: the station reports SuspendedEV until then, then
    /// Charging (ChargingStateEnumType SuspendedEV: "the EVSE is offering energy but the EV is not
    /// taking any"). A transaction that the closing power path starts (TxStartPoint PowerPathClosed)
    /// starts with triggerReason ChargingStateChanged and chargingState SuspendedEV (Part 6 reusable
    /// state EnergyTransferStarted, step 7). False: the EV draws at once.
    public var powerPathClosedAtPlugIn: Bool = false
    /// How long the EV waits before drawing energy under ``powerPathClosedAtPlugIn``, in seconds.
    public var evDrawDelay: Int = 1
    /// 2.0.1, TxStopPoint PowerPathClosed or EnergyTransfer without Authorized: a local stop
    /// authorization opens the power path at once, so the transaction ends in one
    /// `Ended / StopAuthorized` event (chargingState EVConnected) instead of `Updated /
    /// StopAuthorized` followed by `Ended / ChargingStateChanged`.
    public var endInOneEvent: Bool = false
    /// The heartbeat timer runs from power-up (each connection attempt that boots), not from the
    /// accepted BootNotification: when the interval is over before the boot is accepted, the first
    /// Heartbeat follows the acceptance at once; then one every interval (1.6 §4.6 allows it).
    public var heartbeatFromPowerUp: Bool = false
    /// 1.6: whether the connectors have a lock. Without one, UnlockConnector is answered
    /// NotSupported (1.6 §7.46 UnlockStatus: "Charge Point has no connector lock").
    public var connectorLock: Bool = true
    /// 2.0.1: GetVariables and SetVariables results leave attributeType out when it is Actual
    /// (the schemas: "Default is Actual when omitted").
    public var omitsActualAttributeType: Bool = false
    /// 2.0.1 variables (`Component.Variable`) the station does not have, e.g. optional ones of
    /// dm_components_vars.csv such as Connector.AvailabilityState: GetVariables answers
    /// UnknownVariable, reports leave them out.
    public var omittedVariables: Set<String> = []
    /// 2.0.1 variables (`Component.Variable`) that are ReadOnly at their initial value, e.g.
    /// AuthCtrlr.AuthorizeRemoteStart: SetVariables answers Rejected.
    public var readOnlyVariables: Set<String> = []
    /// The seeded defects this station has; defects of the CSMS or of another version are ignored.
    public var defects: Set<Defect> = []

    public init(version: OCPPVersion = .v201, stationId: String = "CS001", defects: Set<Defect> = []) {
        self.version = version
        self.stationId = stationId
        self.defects = defects
    }
}
