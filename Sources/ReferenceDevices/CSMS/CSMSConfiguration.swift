import OCPPProtocol

/// How the reference CSMS treats the stations that connect to it: boot decisions, heartbeat
/// interval, the idTokens it knows, timing, and the seeded defects it is built with.
public struct CSMSConfiguration: Sendable {
    /// What the CSMS knows about one idToken (2.0.1 IdTokenInfo / 1.6 IdTagInfo).
    public struct IdTokenRecord: Sendable, Hashable {
        /// Accepted, Invalid, Blocked or Expired.
        public var status: String
        /// The group the token belongs to (2.0.1 groupIdToken, 1.6 parentIdTag).
        public var groupId: String?

        public init(status: String, groupId: String? = nil) {
            self.status = status
            self.groupId = groupId
        }
    }

    /// The version used when the connection does not name one (in-memory channels).
    public var version: OCPPVersion
    /// The BootNotificationResponse status for stations not listed in `bootStatusByStation`.
    public var bootStatus: String = "Accepted"
    /// BootNotificationResponse status by station id: Accepted, Pending or Rejected.
    public var bootStatusByStation: [String: String] = [:]
    /// The interval in an Accepted BootNotificationResponse: the heartbeat interval.
    public var heartbeatInterval: Int = 300
    /// The interval in a Pending or Rejected BootNotificationResponse: when to boot again.
    public var retryInterval: Int = 30
    /// The idTokens the CSMS knows; any other is Unknown (2.0.1) or Invalid (1.6).
    public var idTokens: [String: IdTokenRecord] = CSMSConfiguration.defaultIdTokens
    /// How long to wait for a station's answer to a CALL.
    public var messageTimeout: Duration = .seconds(30)
    /// The tariff (2.0.1, block I): the CSMS sends the running cost with CostUpdated after each
    /// periodic TransactionEvent and the final cost in its answer to the Ended one.
    public var pricePerKWh: Double = 0.25
    /// The seeded defects this CSMS has; defects of the station or of another version are ignored.
    public var defects: Set<Defect> = []

    /// Test data shared with the harness's default DUT profile.
    public static let defaultIdTokens: [String: IdTokenRecord] = [
        "VALID001": IdTokenRecord(status: "Accepted", groupId: "GROUP001"),
        "VALID002": IdTokenRecord(status: "Accepted", groupId: "GROUP001"),
        "INVALID001": IdTokenRecord(status: "Invalid"),
        "BLOCKED001": IdTokenRecord(status: "Blocked"),
        "EXPIRED001": IdTokenRecord(status: "Expired"),
        "MASTERPASS001": IdTokenRecord(status: "Accepted", groupId: CSMSConfiguration.masterPassGroupId),
    ]

    /// The group of Master Pass idTokens (TxCtrlr MasterPassGroupId, C16): tokens that may stop
    /// any transaction and start none.
    public static let masterPassGroupId = "MASTERGROUP"

    public init(version: OCPPVersion = .v201, defects: Set<Defect> = []) {
        self.version = version
        self.defects = defects
    }
}
