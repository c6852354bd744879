import OCPPProtocol

/// How the harness treats CALLs from the DUT that no current step names (DESIGN.md, "Unsolicited
/// messages"): tolerated actions get a valid default reply and are recorded; any other one fails
/// the case. It also knows the default reply of every action a step may answer automatically.
public struct BackgroundPolicy: Sendable {
    /// Actions the DUT may send at any time.
    public var tolerated: Set<String>
    /// Reply templates (interpolated like step replies) per action.
    public var replies: [String: JSONValue]
    /// Actions whose reply is computed from the request (e.g. one result per requested variable).
    public var computed: Set<String>
    /// Actions tolerated only when their payload matches a template (subset match), e.g. the
    /// periodic meter-value TransactionEvents a 2.0.1 station sends during any transaction.
    public var toleratedWhen: [String: JSONValue] = [:]
    /// More such templates a case adds (`background.tolerateWhen`); any one matching tolerates.
    public var alsoToleratedWhen: [String: [JSONValue]] = [:]
    /// Members added to the answers to an action (a case's `background.replyAdditions`).
    public var replyAdditions: [String: ReplyAddition] = [:]

    /// Whether a CALL with this action and payload may arrive unasked.
    public func tolerates(_ action: String, payload: JSONValue) -> Bool {
        if tolerated.contains(action) { return true }
        let templates = (toleratedWhen[action].map { [$0] } ?? []) + (alsoToleratedWhen[action] ?? [])
        return templates.contains { PayloadMatcher().mismatches($0, payload).isEmpty }
    }

    /// The default policy for the harness playing `harnessRole` in `version`.
    public static func defaults(version: OCPPVersion, harnessRole: OCPPRole) -> BackgroundPolicy {
        let empty: JSONValue = .object(JSONObject())
        switch (version, harnessRole) {
        case (.v16, .csms):
            return BackgroundPolicy(
                tolerated: ["Heartbeat", "StatusNotification", "MeterValues", "DiagnosticsStatusNotification", "FirmwareStatusNotification",
                            "SecurityEventNotification", "LogStatusNotification", "SignedFirmwareStatusNotification"],
                replies: [
                    "Heartbeat": ["currentTime": "{{now}}"],
                    "BootNotification": ["status": "Accepted", "currentTime": "{{now}}", "interval": "{{config.heartbeatInterval}}"],
                    "Authorize": ["idTagInfo": ["status": "Accepted"]],
                    "StartTransaction": ["transactionId": "{{randomInt}}", "idTagInfo": ["status": "Accepted"]],
                    "StopTransaction": empty, "StatusNotification": empty, "MeterValues": empty,
                    "DiagnosticsStatusNotification": empty, "FirmwareStatusNotification": empty, "SecurityEventNotification": empty,
                    "LogStatusNotification": empty, "SignedFirmwareStatusNotification": empty,
                    "DataTransfer": ["status": "UnknownVendorId"], "SignCertificate": ["status": "Accepted"],
                ],
                computed: [])
        case (_, .csms):
            return BackgroundPolicy(
                tolerated: ["Heartbeat", "StatusNotification", "NotifyEvent", "MeterValues", "SecurityEventNotification", "NotifyReport",
                            "LogStatusNotification", "FirmwareStatusNotification", "NotifyMonitoringReport", "NotifyChargingLimit",
                            "NotifyCustomerInformation", "NotifyDisplayMessages", "ReservationStatusUpdate",
                            "PublishFirmwareStatusNotification", "ReportChargingProfiles", "ClearedChargingLimit"],
                replies: [
                    "Heartbeat": ["currentTime": "{{now}}"],
                    "BootNotification": ["status": "Accepted", "currentTime": "{{now}}", "interval": "{{config.heartbeatInterval}}"],
                    "Authorize": ["idTokenInfo": ["status": "Accepted"]],
                    "TransactionEvent": empty, "StatusNotification": empty, "NotifyEvent": empty, "MeterValues": empty,
                    "SecurityEventNotification": empty, "NotifyReport": empty, "LogStatusNotification": empty,
                    "FirmwareStatusNotification": empty, "NotifyMonitoringReport": empty, "NotifyChargingLimit": empty,
                    "NotifyCustomerInformation": empty, "NotifyDisplayMessages": empty, "ReservationStatusUpdate": empty,
                    "PublishFirmwareStatusNotification": empty, "ReportChargingProfiles": empty, "ClearedChargingLimit": empty,
                    "NotifyEVChargingNeeds": ["status": "Accepted"], "NotifyEVChargingSchedule": ["status": "Accepted"],
                    "DataTransfer": ["status": "UnknownVendorId"], "SignCertificate": ["status": "Accepted"],
                    "GetCertificateStatus": ["status": "Accepted"],
                ],
                computed: [],
                // Sampled and clock-aligned meter values (J01/J02) come at their own pace during
                // every transaction; other TransactionEvents must be named by a step.
                toleratedWhen: ["TransactionEvent": ["eventType": "Updated", "triggerReason": "#oneOf MeterValuePeriodic MeterValueClock"]])
        case (.v16, .chargingStation):
            return BackgroundPolicy(
                tolerated: ["GetConfiguration", "ChangeConfiguration", "GetLocalListVersion", "DataTransfer"],
                replies: [
                    "ChangeConfiguration": ["status": "Accepted"], "GetLocalListVersion": ["listVersion": 0],
                    "DataTransfer": ["status": "UnknownVendorId"], "RemoteStartTransaction": ["status": "Accepted"],
                    "RemoteStopTransaction": ["status": "Accepted"], "Reset": ["status": "Accepted"],
                    "UnlockConnector": ["status": "Unlocked"], "ChangeAvailability": ["status": "Accepted"],
                    "ClearCache": ["status": "Accepted"], "TriggerMessage": ["status": "Accepted"],
                    "SendLocalList": ["status": "Accepted"], "CancelReservation": ["status": "Accepted"],
                    "ReserveNow": ["status": "Accepted"], "SetChargingProfile": ["status": "Accepted"],
                    "ClearChargingProfile": ["status": "Accepted"], "GetCompositeSchedule": ["status": "Rejected"],
                    "UpdateFirmware": empty, "GetDiagnostics": empty,
                ],
                computed: ["GetConfiguration"])
        case (_, .chargingStation):
            return BackgroundPolicy(
                // CostUpdated: a CSMS with a tariff may send the running cost during any transaction (I02).
                tolerated: ["GetVariables", "SetVariables", "GetBaseReport", "GetReport", "GetLocalListVersion", "GetInstalledCertificateIds", "DataTransfer",
                            "CostUpdated"],
                replies: [
                    "GetBaseReport": ["status": "EmptyResultSet"], "GetReport": ["status": "EmptyResultSet"],
                    "GetLocalListVersion": ["versionNumber": 0], "GetInstalledCertificateIds": ["status": "NotFound"],
                    "DataTransfer": ["status": "UnknownVendorId"], "RequestStartTransaction": ["status": "Accepted"],
                    "RequestStopTransaction": ["status": "Accepted"], "Reset": ["status": "Accepted"],
                    "UnlockConnector": ["status": "Unlocked"], "ChangeAvailability": ["status": "Accepted"],
                    "ClearCache": ["status": "Accepted"], "TriggerMessage": ["status": "Accepted"],
                    "SendLocalList": ["status": "Accepted"], "CancelReservation": ["status": "Accepted"],
                    "ReserveNow": ["status": "Accepted"], "SetChargingProfile": ["status": "Accepted"],
                    "ClearChargingProfile": ["status": "Accepted"], "GetTransactionStatus": ["messagesInQueue": false],
                    "CostUpdated": empty, "SetNetworkProfile": ["status": "Accepted"],
                ],
                computed: ["GetVariables", "SetVariables"])
        }
    }

    /// The policy with a case's overrides applied.
    public func applying(_ overrides: BackgroundOverrides) -> BackgroundPolicy {
        var p = self
        p.tolerated.formUnion(overrides.tolerate)
        p.tolerated.subtract(overrides.strict)
        for (action, template) in overrides.tolerateWhen { p.alsoToleratedWhen[action, default: []].append(template) }
        for action in overrides.strict {
            p.toleratedWhen[action] = nil
            p.alsoToleratedWhen[action] = nil
        }
        for (k, v) in overrides.replies { p.replies[k] = v }
        for (k, v) in overrides.replyAdditions { p.replyAdditions[k] = v }
        return p
    }

    /// The default reply to `action` with this request, or nil when the policy has none.
    public func defaultReply(to action: String, request: JSONValue) -> JSONValue? {
        if computed.contains(action) {
            switch action {
            case "GetVariables":
                let items = request["getVariableData"]?.arrayValue ?? []
                return ["getVariableResult": .array(items.map { item in
                    var r: JSONObject = ["attributeStatus": "UnknownVariable"]
                    r["component"] = item["component"] ?? ["name": "Unknown"]
                    r["variable"] = item["variable"] ?? ["name": "Unknown"]
                    return .object(r)
                })]
            case "SetVariables":
                let items = request["setVariableData"]?.arrayValue ?? []
                return ["setVariableResult": .array(items.map { item in
                    var r: JSONObject = ["attributeStatus": "Accepted"]
                    r["component"] = item["component"] ?? ["name": "Unknown"]
                    r["variable"] = item["variable"] ?? ["name": "Unknown"]
                    return .object(r)
                })]
            case "GetConfiguration":
                let keys = request["key"]?.arrayValue ?? []
                return ["configurationKey": [], "unknownKey": .array(keys)]
            default:
                return nil
            }
        }
        return replies[action]
    }
}
