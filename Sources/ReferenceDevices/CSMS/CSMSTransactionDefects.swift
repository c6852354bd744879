import OCPPProtocol

/// How a defective reference CSMS mishandles a TransactionEvent (seeded defects of blocks C and E,
/// CSMS under test): the CALLERROR it answers with where a correct CSMS sends a
/// TransactionEventResponse. A TransactionEvent cannot be rejected (E01), so every one of these
/// shows on the wire as a station's event the CSMS failed to take.
enum CSMSTransactionDefects {
    /// The stop reasons of OCPP 1.6 (Reason); 2.0.1 added StoppedByEV, MasterPass, Timeout and more.
    static let reasons16: Set<String> = [
        "DeAuthorized", "EmergencyStop", "EVDisconnected", "HardReset", "Local", "Other", "PowerLoss", "Reboot", "Remote", "SoftReset", "UnlockCommand",
    ]

    /// The error a defective CSMS answers `event` with, or nil when it takes it normally.
    /// `transaction` is the record before this event; `highestSeqNo` is the highest seqNo the
    /// station sent before, over all its transactions.
    static func error(for event: JSONValue, transaction: CSMSTransactionRecord, highestSeqNo: Int?, defects: Set<Defect>) -> (RPCErrorCode, String)? {
        let info = event["transactionInfo"]
        let eventType = event.text("eventType")
        let trigger = event.text("triggerReason") ?? ""
        if defects.contains(.csmsSeqNoPerStation), let seqNo = event["seqNo"]?.intValue, let highest = highestSeqNo, seqNo <= highest {
            return (.propertyConstraintViolation, "seqNo \(seqNo) was already processed for this station")
        }
        if defects.contains(.csmsEVCommunicationLostEndsTransaction),
            transaction.messages.contains(where: { $0.payload.text("triggerReason") == "EVCommunicationLost" })
        {
            return (.genericError, "transaction \(transaction.transactionId) is already closed")
        }
        if defects.contains(.csmsStartWithoutIdTokenRejected), eventType == "Started", event["idToken"] == nil {
            return (.occurrenceConstraintViolation, "a transaction needs an idToken")
        }
        if defects.contains(.csmsParkingBayTriggersUnknown), trigger == "EVDetected" || trigger == "EVDeparted" {
            return (.propertyConstraintViolation, "unknown triggerReason \(trigger)")
        }
        if defects.contains(.csmsSuspendedEVUnknown), info?.text("chargingState") == "SuspendedEV" {
            return (.propertyConstraintViolation, "unknown chargingState SuspendedEV")
        }
        if defects.contains(.csmsSignedMeterValueRejected), carriesSignedMeterValue(event) {
            return (.internalError, "meter value could not be stored")
        }
        guard eventType == "Ended" else { return nil }
        if defects.contains(.csmsStoppedReasonEnumOutdated), let reason = info?.text("stoppedReason"), !reasons16.contains(reason) {
            return (.propertyConstraintViolation, "unknown stoppedReason \(reason)")
        }
        if defects.contains(.csmsEndedOnStopAuthorizedRejected), trigger == "StopAuthorized" {
            return (.genericError, "a transaction cannot end on StopAuthorized")
        }
        if defects.contains(.csmsEndedWhileEVConnectedRejected), info?.text("chargingState") == "EVConnected" {
            return (.genericError, "the EV is still connected")
        }
        return nil
    }

    static func carriesSignedMeterValue(_ event: JSONValue) -> Bool {
        (event["meterValue"]?.arrayValue ?? []).contains { meterValue in
            (meterValue["sampledValue"]?.arrayValue ?? []).contains { $0["signedMeterValue"] != nil }
        }
    }
}
