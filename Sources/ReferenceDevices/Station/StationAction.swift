/// A timer of the Charging Station state machine. Starting a timer that runs replaces it.
public enum StationTimer: Hashable, Sendable {
    /// Resend BootNotification (Pending or Rejected, B02/B03).
    case bootRetry
    /// Send the next Heartbeat (G02).
    case heartbeat
    /// The outstanding CALL got no answer in time.
    case callTimeout
    /// Dial the CSMS again.
    case reconnect
    /// Resend a transaction message that failed (E13 / 1.6 TransactionMessageRetryInterval).
    case transactionRetry
    /// Sample meter values of the transaction on this EVSE (J02).
    case sampledMeterValues(evse: Int)
    /// Clock-aligned meter values (J01).
    case alignedMeterValues
    /// Take a reading for the Ended event of the transaction on this EVSE (SampledDataCtrlr.TxEndedInterval).
    case txEndedSampled(evse: Int)
    /// Take clock-aligned readings for the Ended events of running transactions (AlignedDataCtrlr.TxEndedInterval).
    case txEndedAligned
    /// The EV was not plugged in in time after authorization (E03.FR.05).
    case evConnectionTimeout(evse: Int)
    /// The EV starts drawing energy from the closed power path (``ChargingStationConfiguration/powerPathClosedAtPlugIn``).
    case evDraws(evse: Int)
    /// The log upload in progress moves on (N01).
    case logUpload
    /// The firmware update in progress moves to its next stage (L01).
    case firmwareUpdate
}

/// What the Charging Station state machine asks its driver to do.
public enum StationAction: Equatable, Sendable {
    /// Send this text frame on the current connection.
    case send(String)
    /// Start (or restart) a timer.
    case startTimer(StationTimer, after: Duration)
    /// Stop a timer if it runs.
    case cancelTimer(StationTimer)
    /// Dial the CSMS.
    case connect
    /// Drop the current connection (reboot, going offline).
    case disconnect
}
