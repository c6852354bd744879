import OCPPProtocol

// MARK: Seeded defects, blocks F and G (CSMS under test; csms-fgjp)

extension OperatorRequests {
    /// The defects that change what the CSMS sends for an operator's UnlockConnector,
    /// TriggerMessage or ChangeAvailability.
    static let remoteControlDefects: Set<Defect> = [
        .csmsUnlockWrongEvse, .csmsTriggerMessageWrongMessage, .csmsTriggerMessageEvseDropped,
        .csmsChangeAvailabilityStatusSwapped, .csmsChangeAvailabilityConnectorDropped,
    ]

    /// MessageTriggerEnumType in schema order: the menu a defective CSMS indexes off by one.
    static let triggerMenu = [
        "BootNotification", "LogStatusNotification", "FirmwareStatusNotification", "Heartbeat", "MeterValues",
        "SignChargingStationCertificate", "SignV2GCertificate", "StatusNotification", "TransactionEvent",
        "SignCombinedCertificate", "PublishFirmwareStatusNotification",
    ]

    /// OCPP 1.6 MessageTrigger in schema order.
    static let triggerMenu16 = [
        "BootNotification", "DiagnosticsStatusNotification", "FirmwareStatusNotification", "Heartbeat", "MeterValues", "StatusNotification",
    ]

    /// The request a defective CSMS sends instead of the right one, or nil to build it normally.
    static func remoteControlDefect(_ action: String, arguments a: JSONValue, context c: Context) throws(ControlError) -> JSONValue? {
        guard !c.defects.isDisjoint(with: remoteControlDefects) else { return nil }
        var correct = c
        correct.defects.subtract(remoteControlDefects)
        let has = { (d: Defect) in c.defects.contains(d) }
        switch action {
        case "UnlockConnector" where has(.csmsUnlockWrongEvse),
             "TriggerMessage" where has(.csmsTriggerMessageWrongMessage) || has(.csmsTriggerMessageEvseDropped),
             "ChangeAvailability" where has(.csmsChangeAvailabilityStatusSwapped) || has(.csmsChangeAvailabilityConnectorDropped):
            break
        default:
            return nil
        }
        guard var request = (try payload(for: action, arguments: a, context: correct)).objectValue else { return nil }
        switch action {
        case "UnlockConnector":
            request["evseId"] = .int((request["evseId"]?.intValue ?? 1) + 1)
        case "TriggerMessage":
            let menu = c.version == .v16 ? triggerMenu16 : triggerMenu
            if has(.csmsTriggerMessageWrongMessage), let chosen = request["requestedMessage"]?.stringValue, let i = menu.firstIndex(of: chosen) {
                request["requestedMessage"] = .string(menu[(i + 1) % menu.count])
            }
            if has(.csmsTriggerMessageEvseDropped) { request[c.version == .v16 ? "connectorId" : "evse"] = nil }
        default:
            if has(.csmsChangeAvailabilityStatusSwapped), let status = request["operationalStatus"]?.stringValue {
                request["operationalStatus"] = .string(status == "Operative" ? "Inoperative" : "Operative")
            }
            if has(.csmsChangeAvailabilityConnectorDropped), var evse = request["evse"]?.objectValue {
                evse["connectorId"] = nil
                request["evse"] = .object(evse)
            }
        }
        return .object(request)
    }
}
