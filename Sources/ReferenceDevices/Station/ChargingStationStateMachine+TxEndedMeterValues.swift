import Foundation
import OCPPProtocol

/// Readings for the Ended event of a 2.0.1 transaction, taken during the transaction at
/// SampledDataCtrlr.TxEndedInterval (from its start) and AlignedDataCtrlr.TxEndedInterval (on the
/// clock), and the signature of signed meter values (PICS C-42).
extension ChargingStationStateMachine {
    /// Starts the TxEndedInterval timer of the transaction on an EVSE (0 stops it).
    mutating func scheduleTxEndedSample(evse: Int) {
        let interval = settings.sampledTxEndedInterval
        guard version == .v201, interval > 0, !has(.txEndedSamplesMissing) else {
            actions.append(.cancelTimer(.txEndedSampled(evse: evse)))
            return
        }
        actions.append(.startTimer(.txEndedSampled(evse: evse), after: .seconds(interval)))
    }

    mutating func takeTxEndedSample(evse: Int, now: Date) {
        guard let index = evseIndex(evse), evses[index].transaction != nil else { return }
        advanceMeter(at: index, now: now)
        let list = measurands(component: "SampledDataCtrlr", variable: "TxEndedMeasurands")
        if let value = meterValue201(at: index, context: "Sample.Periodic", measurands: list, now: now) {
            evses[index].transaction?.endedSamples.append(value)
        }
        scheduleTxEndedSample(evse: evse)
    }

    /// Starts the clock-aligned TxEndedInterval timer at the next whole multiple of the interval.
    mutating func scheduleTxEndedAligned(now: Date) {
        let interval = settings.alignedTxEndedInterval
        guard version == .v201, interval > 0, !has(.txEndedSamplesMissing) else {
            actions.append(.cancelTimer(.txEndedAligned))
            return
        }
        let next = OCPPDateTime.nextAlignedInstant(after: now, interval: interval)
        actions.append(.startTimer(.txEndedAligned, after: .seconds(fractional: max(next.timeIntervalSince(now), 0.001))))
    }

    mutating func takeTxEndedAlignedSamples(now: Date) {
        let list = measurands(component: "AlignedDataCtrlr", variable: "TxEndedMeasurands")
        for index in evses.indices where evses[index].transaction != nil {
            advanceMeter(at: index, now: now)
            if let value = meterValue201(at: index, context: "Sample.Clock", measurands: list, now: now) {
                evses[index].transaction?.endedSamples.append(value)
            }
        }
        scheduleTxEndedAligned(now: now.addingTimeInterval(0.01))
    }

    /// A stand-in signature: the reading in OCMF-like text, base64 encoded. The public key is
    /// left empty unless OCPPCommCtrlr.PublicKeyWithSignedMeterValue asks for it.
    func signedMeterValue(_ measurand: String, value: Double, now: Date) -> JSONValue {
        let data = "OCMF|{\"MV\":\"\(measurand)\",\"RV\":\(value),\"TM\":\"\(OCPPDateTime.string(now))\"}|{\"SA\":\"ECDSA-secp256r1-SHA256\"}"
        let key = settings.publicKeyWithSignedMeterValue == "Never" ? "" : Data("ocppspec-reference-station-public-key".utf8).base64EncodedString()
        return .object([
            "signedMeterData": .string(Data(data.utf8).base64EncodedString()),
            "signingMethod": "ECDSA-secp256r1-SHA256",
            "encodingMethod": "OCMF",
            "publicKey": .string(key),
        ])
    }
}
