import OCPPProtocol

// MARK: Block O, Display Messages (OCPP 2.0.1; CSMS under test)

extension OperatorRequests {
    /// The text a display message carries when the operator gives none.
    static let defaultDisplayMessageContent = "Charging is free today"

    /// SetDisplayMessage, GetDisplayMessages and ClearDisplayMessage from the operator's arguments
    /// (see ``OperatorRequests``), as the seeded defects of block O change them; nil for any other
    /// action.
    static func displayMessageRequest(_ action: String, arguments a: JSONValue, context c: Context) -> JSONValue? {
        let has = { (d: Defect) in c.defects.contains(d) }
        let nulls = has(.csmsNullForOptionalFields)
        func object(_ members: KeyValuePairs<String, JSONValue?>) -> JSONValue { .object(members, nullForAbsent: nulls) }
        switch action {
        case "SetDisplayMessage":
            var format = a.text("format") ?? "UTF8"
            if has(.csmsDisplayMessageFormatLowercase) { format = format.lowercased() }
            let content = object([
                "format": .string(format), "language": a["language"],
                "content": .string(a.text("content") ?? defaultDisplayMessageContent),
            ])
            let dropTimes = has(.csmsDisplayMessageTimesDropped)
            let message = object([
                "id": .int(a["id"]?.intValue ?? c.counter),
                "priority": .string(has(.csmsDisplayMessagePriorityInFront) ? "InFront" : a.text("priority") ?? "NormalCycle"),
                "state": has(.csmsDisplayMessageStateDropped) ? nil : a["state"],
                "startDateTime": dropTimes ? nil : a["startDateTime"], "endDateTime": dropTimes ? nil : a["endDateTime"],
                "transactionId": has(.csmsDisplayMessageTransactionDropped) ? nil : a["transactionId"],
                "message": content,
            ])
            return .object(["message": message])
        case "GetDisplayMessages":
            // `id` may be one id or a list of them.
            let ids = a["id"].map { $0.arrayValue ?? [$0] }
            let filtered = !has(.csmsGetDisplayMessagesFiltersDropped)
            var priority = filtered ? a["priority"] : nil
            if priority == nil, ids == nil, a["state"] == nil, has(.csmsGetDisplayMessagesDefaultPriority) { priority = "NormalCycle" }
            return object([
                "id": filtered ? ids.map(JSONValue.array) : nil, "requestId": .int(a["requestId"]?.intValue ?? c.counter),
                "priority": priority, "state": filtered ? a["state"] : nil,
            ])
        case "ClearDisplayMessage":
            let id = a["id"]?.intValue ?? c.lastDisplayMessageId ?? c.counter
            return .object(["id": .int(has(.csmsClearDisplayMessageOffByOne) ? id + 1 : id)])
        default:
            return nil
        }
    }
}
