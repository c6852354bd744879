import Foundation
import OCPPProtocol

// MARK: Display messages (2.0.1 block O)

/// The display messages the CSMS set (O01, O02, O06): kept in the order they came, replaced when
/// one with the same id comes, removed by ClearDisplayMessage (O05) or when the transaction they
/// were meant for ends, and kept over a reboot. The screen itself is not modelled: what the
/// station would show follows from this list.
extension ChargingStationStateMachine {
    /// MessageFormatEnumType values this station's display can show; HTML is not among them.
    static let displayFormats: Set<String> = ["ASCII", "UTF8", "URI"]

    mutating func setDisplayMessage(_ p: JSONValue) -> String {
        guard var message = p["message"], let id = message["id"]?.intValue else { return "Rejected" }
        if let transactionId = message.text("transactionId"), !evses.contains(where: { $0.transaction?.id == transactionId }),
            !has(.displayMessageUnknownTransactionAccepted)
        {
            // O02.FR.01: a message for a transaction the station does not know is refused.
            return "UnknownTransaction"
        }
        if message["transactionId"] != nil, has(.displayMessageTransactionRefused) { return "UnknownTransaction" }
        if let format = message["message"]?.text("format"), !Self.displayFormats.contains(format) { return "NotSupportedMessageFormat" }
        if has(.displayMessagePriorityNotStored) { message = message.setting("priority", to: "NormalCycle") }
        // O06.FR.01: a message with a known id replaces the old one, all its fields included.
        if let index = displayMessages.firstIndex(where: { $0["id"]?.intValue == id }), !has(.displayMessageReplaceKeepsOld) {
            displayMessages[index] = message
        } else {
            displayMessages.append(message)
        }
        return "Accepted"
    }

    /// O03, O04: the messages that match every criterion given are reported in a
    /// NotifyDisplayMessages after the answer; none is Unknown.
    mutating func getDisplayMessages(_ p: JSONValue) -> String {
        let ids = p["id"]?.arrayValue?.compactMap(\.intValue)
        let priority = p.text("priority"), state = p.text("state")
        let matching = displayMessages.filter { message in
            if has(.getDisplayMessagesIgnoresCriteria) { return true }
            if let ids, !ids.contains(message["id"]?.intValue ?? -1) { return false }
            if let priority, message.text("priority") != priority { return false }
            if let state, message.text("state") != state { return false }
            return true
        }
        guard !matching.isEmpty || has(.getDisplayMessagesEmptyAccepted) else { return "Unknown" }
        enqueue(OutgoingCall(action: "NotifyDisplayMessages", payload: object([
            "requestId": .int(p["requestId"]?.intValue ?? 0), "tbc": .bool(false),
            "messageInfo": matching.isEmpty ? nil : .array(matching),
        ]), requestedByCSMS: true))
        return "Accepted"
    }

    /// O05: a known message is removed; an unknown id is Unknown.
    mutating func clearDisplayMessage(_ p: JSONValue) -> String {
        let id = p["id"]?.intValue
        guard let index = displayMessages.firstIndex(where: { $0["id"]?.intValue == id }) else {
            return has(.clearUnknownDisplayMessageAccepted) ? "Accepted" : "Unknown"
        }
        if !has(.clearDisplayMessageNotRemoved) { displayMessages.remove(at: index) }
        return "Accepted"
    }

    /// O02: a message meant for one transaction goes when that transaction ends.
    mutating func removeDisplayMessages(ofTransaction transactionId: String) {
        guard !has(.displayMessageOutlivesTransaction) else { return }
        displayMessages.removeAll { $0.text("transactionId") == transactionId }
    }
}
