import OCPPProtocol

// MARK: Seeded defects, blocks G, J and P (CSMS under test; csms-fgjp)

/// How a defective 2.0.1 CSMS refuses notifications a correct one simply acknowledges: the CALLERROR
/// it answers with, or nil when the defects do not touch this request.
enum CSMSAnswerDefects {
    static func error(action: String, payload p: JSONValue, defects: Set<Defect>) -> (RPCErrorCode, String)? {
        if defects.contains(.csmsCustomDataRejected), hasVendorMembersInCustomData(p) {
            return (.formatViolation, "customData may only hold vendorId")
        }
        switch action {
        case "NotifyEvent" where defects.contains(.csmsNotifyEventUnknownComponentError):
            let known: Set<String> = ["ChargingStation", "EVSE", "Connector"]
            let names = (p["eventData"]?.arrayValue ?? []).compactMap { $0["component"]?["name"]?.stringValue }
            if let unknown = names.first(where: { !known.contains($0) }) { return (.propertyConstraintViolation, "unknown component \(unknown)") }
        case "MeterValues" where defects.contains(.csmsMeterValuesCallError):
            return (.internalError, "meter values outside a transaction cannot be stored")
        default:
            break
        }
        guard action == "MeterValues" || action == "TransactionEvent" else { return nil }
        if action == "TransactionEvent", defects.contains(.csmsMeterValuePeriodicTriggerUnknown),
            let reason = p["triggerReason"]?.stringValue, reason == "MeterValuePeriodic" || reason == "MeterValueClock"
        {
            return (.propertyConstraintViolation, "unknown triggerReason \(reason)")
        }
        let sampled = (p["meterValue"]?.arrayValue ?? []).flatMap { $0["sampledValue"]?.arrayValue ?? [] }
        if defects.contains(.csmsSignedMeterValueRejected), sampled.contains(where: { $0["signedMeterValue"] != nil }) {
            return (.formatViolation, "unexpected member signedMeterValue")
        }
        if defects.contains(.csmsMeterValueContextRejected),
            let context = sampled.compactMap({ $0["context"]?.stringValue }).first(where: { $0 != "Sample.Periodic" })
        {
            return (.propertyConstraintViolation, "unsupported reading context \(context)")
        }
        return nil
    }

    /// Whether some customData object (at any depth) holds more than its vendorId.
    static func hasVendorMembersInCustomData(_ value: JSONValue) -> Bool {
        switch value {
        case .object(let object):
            for member in object {
                if member.key == "customData", let data = member.value.objectValue, data.keys.contains(where: { $0 != "vendorId" }) { return true }
                if hasVendorMembersInCustomData(member.value) { return true }
            }
            return false
        case .array(let items):
            return items.contains(where: hasVendorMembersInCustomData)
        default:
            return false
        }
    }
}
