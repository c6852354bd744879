import Foundation
import OCPPProtocol

/// The connector's plug retention lock (G05): a plug that is not fully in cannot be locked, so the
/// station does not close the power path and reports the problem through its device model.
extension ChargingStationStateMachine {
    /// From now on the lock of this connector cannot close (the next plug is not pushed fully in).
    public mutating func preventConnectorLock(evse: Int, connector: Int, now: Date) throws(ControlError) -> ([StationAction], JSONValue) {
        let index = try locate(evse: evse, connector: connector)
        let c = evses[index].connectors.firstIndex { $0.id == connector } ?? 0
        evses[index].connectors[c].lockObstructed = true
        evses[index].connectors[c].lockProblemReported = false
        checkConnectorLock(at: index, now: now)
        finish(now: now)
        return (take(), .object(["evse": .int(evse), "connector": .int(connector), "lock": "obstructed"]))
    }

    /// Whether a failed lock keeps the EVSE from charging (G05.FR.01).
    func lockBlocksCharging(at index: Int) -> Bool {
        version == .v201 && evses[index].lockFailed && !has(.chargesWithoutConnectorLock)
    }

    /// The station locks the plug when the session is authorized and the cable is in; a lock that
    /// fails is reported once with NotifyEvent ConnectorPlugRetentionLock.Problem = true (G05.FR.02).
    mutating func checkConnectorLock(at index: Int, now: Date) {
        guard version == .v201, evses[index].authorization != nil else { return }
        for c in evses[index].connectors.indices {
            let connector = evses[index].connectors[c]
            guard connector.plugged, connector.lockObstructed, !connector.lockProblemReported else { continue }
            evses[index].connectors[c].lockProblemReported = true
            guard !has(.lockFailureNotReported) else { continue }
            let timestamp = JSONValue.string(OCPPDateTime.string(now))
            enqueue("NotifyEvent", .object([
                "generatedAt": timestamp, "seqNo": 0, "tbc": false,
                "eventData": .array([.object([
                    "eventId": .int(Int(now.timeIntervalSince1970) % 1_000_000 * 10 + c),
                    "timestamp": timestamp, "trigger": "Delta", "actualValue": "true",
                    "eventNotificationType": "HardWiredNotification",
                    "component": .object([
                        "name": "ConnectorPlugRetentionLock",
                        "evse": .object(["id": .int(evses[index].id), "connectorId": .int(connector.id)]),
                    ]),
                    "variable": .object(["name": "Problem"]),
                ])]),
            ]))
        }
    }
}
