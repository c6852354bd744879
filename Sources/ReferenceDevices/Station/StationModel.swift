import Foundation
import OCPPProtocol

/// An idToken as the station saw it presented (2.0.1 IdTokenType; 1.6 sends only `idToken`).
public struct IdToken: Hashable, Sendable {
    public var idToken: String
    public var type: String

    public init(_ idToken: String, type: String = "ISO14443") {
        self.idToken = idToken
        self.type = type
    }
}

/// What the authorization cache or local list knows about an idToken (C10, D01).
struct AuthorizationEntry: Sendable {
    var status: String
    var groupId: String?
    var expiry: Date?

    func isAccepted(at now: Date) -> Bool {
        status == "Accepted" && (expiry.map { $0 > now } ?? true)
    }
}

/// One connector of an EVSE: the physical plug and its availability.
struct ConnectorState: Sendable {
    var id: Int
    var plugged = false
    var faulted = false
    /// 1.6: the errorCode reported with Faulted (OtherError unless the fault says otherwise).
    var faultCode: String?
    var operative = true
    /// A ChangeAvailability that waits for the running transaction to end (G03.FR.05).
    var scheduledOperative: Bool?
    /// The plug cannot be locked (not pushed fully in): locking fails when charging should start (G05).
    var lockObstructed = false
    /// The lock failure was reported (NotifyEvent ConnectorPlugRetentionLock.Problem).
    var lockProblemReported = false
}

/// The authorization an EVSE holds before or during a transaction.
struct EVSEAuthorization: Sendable {
    var token: IdToken
    var groupId: String?
    /// The triggerReason the authorization is reported with: Authorized or RemoteStart.
    var trigger: String
    var remoteStartId: Int?
}

/// A transaction on one EVSE.
struct TransactionState: Sendable {
    /// The 2.0.1 transactionId; in 1.6 the local reference as text.
    var id: String
    /// The local number; in 1.6 the key under which the Central System's transactionId is kept.
    var ref: Int
    var connectorId: Int
    var seqNo = 0
    var token: IdToken?
    var groupId: String?
    var tokenReported = false
    var remoteStartId: Int?
    var remoteStartIdReported = false
    var evseReported = false
    var chargingState = "EVConnected"
    /// Why the session was stopped while the transaction goes on (TxStopPoint ParkingBayOccupancy):
    /// Local or Remote, reported when it finally ends.
    var stopReason: String?
    var meterStartWh: Int
    var startTime: Date
    /// Readings taken at SampledDataCtrlr/AlignedDataCtrlr.TxEndedInterval, reported with the
    /// Ended event (J01, J02).
    var endedSamples: [JSONValue] = []
}

/// One EVSE with its connectors, authorization and transaction.
struct EVSEState: Sendable {
    var id: Int
    var connectors: [ConnectorState]
    var operative = true
    var scheduledOperative: Bool?
    var authorization: EVSEAuthorization?
    var transaction: TransactionState?
    var evSuspended = false
    /// The EV has started drawing from the closed power path since it was plugged in (only
    /// consulted under ``ChargingStationConfiguration/powerPathClosedAtPlugIn``).
    var evDrawing = false
    /// A detachable cable is still in the socket but the EV side was disconnected (E09/E10).
    var evGone = false
    /// The idToken of the last session on this EVSE, kept after its transaction ended: with
    /// UnlockOnEVSideDisconnect false it alone releases a cable left locked in the socket (E09).
    var sessionToken: IdToken?
    /// A detachable cable stays locked in the socket after the EV side was disconnected, until
    /// ``sessionToken`` is presented again (E09, UnlockOnEVSideDisconnect false).
    var cableLocked = false
    /// The parking bay occupancy sensor of the EVSE sees a vehicle.
    var bayOccupied = false
    /// 1.6: the Central System declared the idTag invalid, StopTransactionOnInvalidId is false and
    /// MaxEnergyOnInvalidId (0) is used up: the Charge Point stops delivering energy (SuspendedEVSE).
    var suspendedInvalidId = false
    /// 2.0.1: the meter reading when the CSMS declared the transaction's idToken invalid while
    /// StopTxOnInvalidId is false; energy goes on up to MaxEnergyOnInvalidId Wh from here.
    var invalidIdSinceWh: Double?
    /// The energy register of the EVSE's meter, in Wh.
    var meterWh: Double = 0
    var lastMeterUpdate: Date?
    /// A transaction ended while the cable is still plugged in (1.6 Finishing).
    var finishing = false

    var plugged: Bool { connectors.contains(where: \.plugged) }
    var pluggedConnectorId: Int? { connectors.first(where: \.plugged)?.id }
    var faulted: Bool { connectors.contains(where: \.faulted) }
    /// A plugged-in connector whose lock cannot close (G05).
    var lockFailed: Bool { connectors.contains { $0.plugged && $0.lockObstructed } }
}
