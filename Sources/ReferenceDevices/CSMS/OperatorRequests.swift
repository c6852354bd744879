import Foundation
import OCPPProtocol

/// Builds the payload of a request the CSMS sends on an operator's behalf, from loose arguments
/// with sensible defaults, so that a case file can say `send RequestStartTransaction` with no
/// arguments at all.
///
/// Arguments per action (all optional; `payload` replaces everything):
/// - RequestStartTransaction: `idToken` (string or IdTokenType object), `type`, `evseId`, `remoteStartId`
/// - RequestStopTransaction: `transactionId` (default: the station's open transaction)
/// - Reset: `type` (Immediate), `evseId`; 1.6: `type` (Soft)
/// - ChangeAvailability: `operationalStatus` (Inoperative), `evseId`, `connectorId`; 1.6: `type`, `connectorId` (0)
/// - UnlockConnector: `evseId` (1), `connectorId` (1)
/// - GetVariables: `getVariableData`, or `component`, `variable`, `instance`, `evseId`, `attributeType`
/// - SetVariables: `setVariableData`, or `component`, `variable`, `value`, `instance`, `evseId`
/// - GetBaseReport: `reportBase` (FullInventory), `requestId`
/// - TriggerMessage: `requestedMessage` (Heartbeat), `evseId`, `connectorId`
/// - SendLocalList: `versionNumber`/`listVersion` (one above the station's list version, which the
///   CSMS asks for first in a 2.0.1 Differential update; 1 otherwise), `updateType` (Full),
///   `localAuthorizationList` (default: the CSMS's idTokens; an empty list is left out in 2.0.1,
///   where the field needs at least one entry)
/// - DataTransfer: `vendorId`, `messageId`, `data`
/// - SetDisplayMessage: `id` (a new one), `priority` (NormalCycle), `state`, `startDateTime`,
///   `endDateTime`, `transactionId`, `format` (UTF8), `language`, `content`; GetDisplayMessages:
///   `requestId`, `id` (one or a list), `priority`, `state`; ClearDisplayMessage: `id` (the last
///   message set)
/// - 1.6 ReserveNow: `connectorId` (1; 0 for the Charge Point), `idTag`, `parentIdTag` (the idTag's
///   group), `expiryDate` (an hour from now), `reservationId`; CancelReservation: `reservationId`
///   (the last reservation made)
/// - 1.6 RemoteStartTransaction: `idTag`, `connectorId`; RemoteStopTransaction: `transactionId`;
///   ChangeConfiguration: `key` (HeartbeatInterval), `value` (300); GetConfiguration: `key`
/// - any other action: the arguments are the payload.
public enum OperatorRequests {
    /// What the builder may draw defaults from.
    public struct Context: Sendable {
        public var version: OCPPVersion
        public var defects: Set<Defect>
        public var counter: Int
        public var activeTransactionId: String?
        public var idTokens: [String: CSMSConfiguration.IdTokenRecord]
        /// The Local Authorization List version the station reported just before, if the CSMS asked.
        public var stationListVersion: Int?
        /// The CSMS's time: a reservation expires an hour after it is made.
        public var now: Date
        /// The reservationId of the last reservation the CSMS made at this station.
        public var lastReservationId: Int?
        /// The id of the last display message the CSMS set at this station.
        public var lastDisplayMessageId: Int?

        public init(
            version: OCPPVersion, defects: Set<Defect> = [], counter: Int = 1, activeTransactionId: String? = nil,
            idTokens: [String: CSMSConfiguration.IdTokenRecord] = CSMSConfiguration.defaultIdTokens, stationListVersion: Int? = nil,
            now: Date = Date(), lastReservationId: Int? = nil, lastDisplayMessageId: Int? = nil
        ) {
            self.version = version
            self.defects = defects
            self.counter = counter
            self.activeTransactionId = activeTransactionId
            self.idTokens = idTokens
            self.stationListVersion = stationListVersion
            self.now = now
            self.lastReservationId = lastReservationId
            self.lastDisplayMessageId = lastDisplayMessageId
        }

        var firstValidToken: String {
            idTokens.filter { $0.value.status == "Accepted" && $0.value.groupId != CSMSConfiguration.masterPassGroupId }.keys.sorted().first ?? "VALID001"
        }
    }

    /// The message a defective CSMS sends instead of the requested one, with its payload, or nil
    /// when it sends the requested message.
    public static func substitute(for action: String, context c: Context) -> (action: String, payload: JSONValue)? {
        if action == "ClearCache", c.defects.contains(.csmsClearCacheSendsEmptyLocalList) {
            // The wrong button behind "clear authorization data": an empty full local list instead.
            if c.version == .v16 {
                return ("SendLocalList", .object(["listVersion": .int(c.counter), "updateType": "Full", "localAuthorizationList": .array([])]))
            }
            return ("SendLocalList", .object(["versionNumber": .int(c.counter), "updateType": "Full"]))
        }
        return nil
    }

    /// SendLocalList in either version: the update type (Full unless the operator chose another)
    /// and the list version (the chosen one, or one above the station's), as the seeded defects
    /// change them.
    static func localListUpdate(_ a: JSONValue, _ c: Context) -> (updateType: String, version: Int) {
        let updateType = c.defects.contains(.csmsLocalListOnlyDifferential) ? "Differential" : a.text("updateType") ?? "Full"
        let bump = c.defects.contains(.csmsLocalListVersionNotIncreased) ? 0 : 1
        let chosen = a["versionNumber"]?.intValue ?? a["listVersion"]?.intValue
        return (updateType, chosen ?? (c.stationListVersion ?? 0) + bump)
    }

    /// The payload for `action`; throws when the version has no such CSMS-initiated message.
    public static func payload(for action: String, arguments a: JSONValue, context c: Context) throws(ControlError) -> JSONValue {
        if let payload = a["payload"] { return payload }
        if c.version == .v201, let broken = try blockBDefect(action, arguments: a, context: c) { return broken }
        if let broken = try remoteControlDefect(action, arguments: a, context: c) { return broken }
        let catalog = MessageCatalog.builtIn(c.version)
        guard let entry = catalog[action], entry.isSent(by: .csms) else { throw .unknownAction("\(action) (not a request the CSMS sends in OCPP \(c.version.rawValue))") }
        let nulls = c.defects.contains(.csmsNullForOptionalFields)
        func object(_ members: KeyValuePairs<String, JSONValue?>) -> JSONValue { .object(members, nullForAbsent: nulls) }
        let evseId = a["evseId"]?.intValue ?? a["evse"]?.intValue
        let connectorId = a["connectorId"]?.intValue ?? a["connector"]?.intValue
        if c.version == .v16 {
            switch action {
            case "RemoteStartTransaction":
                return object([
                    "connectorId": connectorId.map(JSONValue.int),
                    "idTag": c.defects.contains(.csmsRemoteStartMissingIdToken) ? nil : .string(a.text("idTag") ?? a.text("idToken") ?? c.firstValidToken),
                ])
            case "RemoteStopTransaction":
                let id = a["transactionId"]?.intValue ?? c.activeTransactionId.flatMap { Int($0) } ?? 0
                return .object(["transactionId": .int(c.defects.contains(.csmsRemoteStopWrongTransactionId) ? id + 1 : id)])
            case "Reset":
                var type = a.text("type") ?? "Soft"
                if c.defects.contains(.csmsResetTypeSwapped) { type = type == "Hard" ? "Soft" : "Hard" }
                return .object(["type": .string(type)])
            case "ChangeAvailability":
                return .object(["connectorId": .int(connectorId ?? 0), "type": .string(a.text("type") ?? "Inoperative")])
            case "UnlockConnector":
                return .object(["connectorId": .int((connectorId ?? 1) + (c.defects.contains(.csmsUnlockWrongConnector) ? 1 : 0))])
            case "ChangeConfiguration":
                let value = c.defects.contains(.csmsChangeConfigurationValueLost) ? "0" : (a.text("value") ?? "300")
                return .object(["key": .string(a.text("key") ?? "HeartbeatInterval"), "value": .string(value)])
            case "GetConfiguration":
                var keys = a["key"]?.arrayValue ?? a.text("key").map { [.string($0)] }
                if c.defects.contains(.csmsGetConfigurationWrongKeys) { keys = keys == nil ? [.string("HeartbeatInterval")] : nil }
                return keys.map { .object(["key": .array($0)]) } ?? .object(JSONObject())
            case "TriggerMessage":
                return object(["requestedMessage": .string(a.text("requestedMessage") ?? "Heartbeat"), "connectorId": connectorId.map(JSONValue.int)])
            case "SendLocalList":
                let (updateType, version) = localListUpdate(a, c)
                let withoutInfo = updateType == "Differential" && c.defects.contains(.csmsDifferentialListWithoutInfo)
                let list = a["localAuthorizationList"] ?? .array(c.idTokens.keys.sorted().map { tag in
                    withoutInfo ? .object(["idTag": .string(tag)]) : .object(["idTag": .string(tag), "idTagInfo": .object(["status": .string(c.idTokens[tag]!.status)])])
                })
                return .object([
                    "listVersion": .int(version), "localAuthorizationList": list, "updateType": .string(updateType),
                ])
            case "DataTransfer":
                return object(["vendorId": .string(a.text("vendorId") ?? "org.ocppspec"), "messageId": a["messageId"], "data": a["data"]])
            case "GetLocalListVersion" where c.defects.contains(.csmsGetLocalListVersionWithPayload):
                return .object(["listVersion": 0])
            case "ReserveNow":
                // connectorId 0 reserves the Charge Point (any connector); the parentIdTag is the
                // idTag's group, so that another card of the group may use the reservation.
                var connector = connectorId ?? 1
                if c.defects.contains(.csmsReserveNowConnectorSwapped) { connector = connector == 0 ? 1 : 0 }
                let idTag = a.text("idTag") ?? c.firstValidToken
                return object([
                    "connectorId": .int(connector),
                    "expiryDate": .string(a.text("expiryDate") ?? OCPPDateTime.string(c.now.addingTimeInterval(3600))),
                    "idTag": .string(idTag), "parentIdTag": (a.text("parentIdTag") ?? c.idTokens[idTag]?.groupId).map(JSONValue.string),
                    "reservationId": .int(a["reservationId"]?.intValue ?? c.counter),
                ])
            case "CancelReservation":
                let chosen = a["reservationId"]?.intValue
                let reservation = c.defects.contains(.csmsCancelReservationLastOnly) ? c.lastReservationId ?? chosen : chosen ?? c.lastReservationId
                return .object(["reservationId": .int(reservation ?? c.counter)])
            case "ClearCache", "GetLocalListVersion":
                return .object(JSONObject())
            default:
                return a
            }
        }
        if let request = displayMessageRequest(action, arguments: a, context: c) { return request }
        switch action {
        case "RequestStartTransaction":
            var token: JSONValue? = a["idToken"]?.objectValue != nil ? a["idToken"] : .object([
                "idToken": .string(a.text("idToken") ?? c.firstValidToken), "type": .string(a.text("type") ?? "Central"),
            ])
            if c.defects.contains(.csmsRemoteStartMissingIdToken) { token = nil }
            return object(["evseId": evseId.map(JSONValue.int), "remoteStartId": .int(a["remoteStartId"]?.intValue ?? c.counter), "idToken": token])
        case "RequestStopTransaction":
            if c.defects.contains(.csmsRequestStopInternalId) { return .object(["transactionId": .string(String(c.counter))]) }
            return .object(["transactionId": .string(a.text("transactionId") ?? c.activeTransactionId ?? "")])
        case "Reset":
            let type = c.defects.contains(.csmsResetWrongType) ? "Hard" : (a.text("type") ?? "Immediate")
            return object(["type": .string(type), "evseId": evseId.map(JSONValue.int)])
        case "ChangeAvailability":
            var evse: JSONValue?
            if let e = a["evse"], e.objectValue != nil { evse = e } else if let evseId {
                evse = object(["id": .int(evseId), "connectorId": connectorId.map(JSONValue.int)])
            }
            return object(["evse": evse, "operationalStatus": .string(a.text("operationalStatus") ?? "Inoperative")])
        case "UnlockConnector":
            return .object(["evseId": .int(evseId ?? 1), "connectorId": .int(connectorId ?? 1)])
        case "GetVariables":
            if let data = a["getVariableData"] { return .object(["getVariableData": data]) }
            return .object(["getVariableData": .array([object([
                "attributeType": a["attributeType"],
                "component": component(a, evseId: evseId, connectorId: connectorId, nulls: nulls),
                "variable": object(["name": .string(a.text("variable") ?? "HeartbeatInterval"), "instance": a["instance"]]),
            ])])])
        case "SetVariables":
            if let data = a["setVariableData"] { return .object(["setVariableData": data]) }
            return .object(["setVariableData": .array([object([
                "attributeType": a["attributeType"], "attributeValue": .string(a.text("value") ?? a.text("attributeValue") ?? "300"),
                "component": component(a, evseId: evseId, connectorId: connectorId, nulls: nulls),
                "variable": object(["name": .string(a.text("variable") ?? "HeartbeatInterval"), "instance": a["instance"]]),
            ])])])
        case "GetBaseReport":
            return .object(["requestId": .int(a["requestId"]?.intValue ?? c.counter), "reportBase": .string(a.text("reportBase") ?? "FullInventory")])
        case "TriggerMessage":
            var evse: JSONValue?
            if let evseId { evse = object(["id": .int(evseId), "connectorId": connectorId.map(JSONValue.int)]) }
            return object(["evse": evse, "requestedMessage": .string(a.text("requestedMessage") ?? "Heartbeat")])
        case "SendLocalList":
            let info = { (token: String) -> JSONValue in .object(["status": .string(c.idTokens[token]?.status ?? "Accepted")]) }
            let everyToken: [JSONValue] = c.idTokens.keys.sorted().map { token in
                .object(["idToken": .object(["idToken": .string(token), "type": "ISO14443"]), "idTokenInfo": info(token)])
            }
            var list = a["localAuthorizationList"]?.arrayValue ?? everyToken
            if list.isEmpty, c.defects.contains(.csmsEmptyLocalListFilledIn) { list = everyToken }
            if c.defects.contains(.csmsLocalListRemovalKeepsInfo) {
                // An entry without idTokenInfo removes the idToken (D01.FR.17); this CSMS fills it in.
                list = list.map { entry in
                    guard var e = entry.objectValue, e["idTokenInfo"] == nil, let token = entry["idToken"]?.text("idToken") else { return entry }
                    e["idTokenInfo"] = info(token)
                    return .object(e)
                }
            }
            let (updateType, version) = localListUpdate(a, c)
            return object([
                "versionNumber": .int(version), "updateType": .string(updateType), "localAuthorizationList": list.isEmpty ? nil : .array(list),
            ])
        case "DataTransfer":
            return object(["messageId": a["messageId"], "data": a["data"], "vendorId": .string(a.text("vendorId") ?? "org.ocppspec")])
        case "GetTransactionStatus":
            if c.defects.contains(.csmsTransactionStatusIdDropped) { return .object(JSONObject()) }
            if a["transactionId"] == nil, c.defects.contains(.csmsTransactionStatusEmptyId) { return .object(["transactionId": ""]) }
            return object(["transactionId": a["transactionId"]])
        case "GetLocalListVersion" where c.defects.contains(.csmsGetLocalListVersionWithPayload):
            return .object(["versionNumber": 0])
        case "ClearCache", "GetLocalListVersion":
            return .object(JSONObject())
        default:
            return a
        }
    }

    // MARK: Seeded defects, block B (CSMS under test)

    /// The request a defective CSMS sends instead of the right one, or nil to build it normally.
    private static func blockBDefect(_ action: String, arguments a: JSONValue, context c: Context) throws(ControlError) -> JSONValue? {
        var correct = c
        correct.defects.subtract([.csmsVariableRequestsFirstItemOnly, .csmsGetBaseReportWrongBase, .csmsNetworkProfileWrongVersion])
        guard correct.defects.count < c.defects.count else { return nil }
        switch action {
        case "GetVariables" where c.defects.contains(.csmsVariableRequestsFirstItemOnly),
             "SetVariables" where c.defects.contains(.csmsVariableRequestsFirstItemOnly):
            let key = action == "GetVariables" ? "getVariableData" : "setVariableData"
            var payload = try payload(for: action, arguments: a, context: correct)
            if let items = payload[key]?.arrayValue, items.count > 1 {
                var object = JSONObject()
                object[key] = .array([items[0]])
                payload = .object(object)
            }
            return payload
        case "GetBaseReport" where c.defects.contains(.csmsGetBaseReportWrongBase):
            var args = a.objectValue ?? JSONObject()
            args["reportBase"] = "SummaryInventory"
            return try payload(for: action, arguments: .object(args), context: correct)
        case "SetNetworkProfile" where c.defects.contains(.csmsNetworkProfileWrongVersion):
            guard var request = (try payload(for: action, arguments: a, context: correct)).objectValue,
                var data = request["connectionData"]?.objectValue
            else { return nil }
            data["ocppVersion"] = "OCPP16"
            request["connectionData"] = .object(data)
            return .object(request)
        default:
            return nil
        }
    }

    private static func component(_ a: JSONValue, evseId: Int?, connectorId: Int?, nulls: Bool) -> JSONValue {
        if let c = a["component"], c.objectValue != nil { return c }
        var evse: JSONValue?
        if let evseId { evse = .object(["id": .int(evseId), "connectorId": connectorId.map(JSONValue.int)], nullForAbsent: nulls) }
        return .object(["name": .string(a.text("component") ?? "OCPPCommCtrlr"), "instance": a["componentInstance"], "evse": evse], nullForAbsent: nulls)
    }
}
