import OCPPProtocol

/// The names of physical and operator actions that case files use, and the sentence an operator
/// reads for each (DESIGN.md, "Physical actions"). Drivers receive the name and arguments as is.
public enum ActionVocabulary {
    /// Actions on a Charging Station under test (the harness plays the CSMS).
    public static let station: [String: String] = [
        "reboot": "Power cycle the Charging Station (switch it off and on again).",
        "plugIn": "Plug the EV cable into EVSE {evse}, connector {connector}.",
        "unplug": "Unplug the EV cable from EVSE {evse}, connector {connector}.",
        "presentIdToken": "Present idToken {idToken} ({type}) at EVSE {evse}.",
        "evSuspend": "Let the EV on EVSE {evse} stop drawing energy (EV suspended).",
        "evResume": "Let the EV on EVSE {evse} draw energy again.",
        "goOffline": "Disconnect the Charging Station from the network (it must stay powered).",
        "goOnline": "Reconnect the Charging Station to the network.",
        "faultConnector": "Make connector {connector} of EVSE {evse} report a fault.",
        "clearFault": "Clear the fault of connector {connector} of EVSE {evse}.",
        "enterParkingBay": "Drive the EV into the parking bay of EVSE {evse} (parking bay occupancy sensor).",
        "leaveParkingBay": "Drive the EV out of the parking bay of EVSE {evse}.",
        "preventConnectorLock": "Make sure the connector lock of EVSE {evse}, connector {connector} cannot lock (do not push the plug fully in).",
        "preventLocalListStorage": "Put the Charging Station in a state in which it cannot store a Local Authorization List (list memory full or write-protected).",
        "restoreLocalListStorage": "Let the Charging Station store a Local Authorization List again (undo preventLocalListStorage).",
        "masterPassSelect": "On the station's user interface, choose as the Master Pass holder which transactions to stop: {stop} (all, or an EVSE id).",
    ]

    /// Operator set-up actions on a CSMS under test that are not a message it sends.
    public static let csmsSetup: [String: String] = [
        "setBootStatus": "Configure the CSMS to answer the next BootNotification of this station with status {status}.",
    ]

    /// One argument of an action: its name, JSON type, default when a case leaves it out, and meaning.
    public struct Argument: Sendable {
        public var name: String
        public var type: String
        public var defaultValue: String
        public var meaning: String

        init(_ name: String, _ type: String, _ defaultValue: String, _ meaning: String) {
            self.name = name
            self.type = type
            self.defaultValue = defaultValue
            self.meaning = meaning
        }
    }

    static let evse = Argument("evse", "integer", "1", "the EVSE id")
    static let connector = Argument("connector", "integer", "1", "the connector id on that EVSE")

    /// The arguments of each station action (the drivers get them as `--name value` / JSON).
    public static let stationArguments: [String: [Argument]] = [
        "reboot": [], "goOffline": [], "goOnline": [], "preventLocalListStorage": [], "restoreLocalListStorage": [],
        "plugIn": [evse, connector], "unplug": [evse, connector],
        "presentIdToken": [Argument("idToken", "string", "required", "the idToken value"), Argument("type", "string", "ISO14443", "its IdTokenEnumType"), evse],
        "evSuspend": [evse], "evResume": [evse], "enterParkingBay": [evse], "leaveParkingBay": [evse],
        "faultConnector": [evse, connector, Argument("type", "string", "(any fault)", "the kind of fault, where a case names one")],
        "clearFault": [evse, connector], "preventConnectorLock": [evse, connector],
        "masterPassSelect": [Argument("stop", "string or integer", "all", "which transactions the Master Pass holder stops: all, or an EVSE id")],
    ]

    static let evseId = Argument("evseId", "integer", "absent (the whole station)", "the EVSE (1.6: connectorId)")
    static let connectorId = Argument("connectorId", "integer", "absent", "the connector")

    /// Operator actions on a CSMS under test: make the CSMS send this request (named after it) with
    /// these values; a value the case leaves out is the CSMS's choice, shown as the default the
    /// reference CSMS (`ocppspec simulate csms`) uses.
    public static let csmsRequests: [String: [Argument]] = [
        "ClearCache": [], "GetLocalListVersion": [],
        "Reset": [Argument("type", "string", "Immediate (1.6: Soft)", "the reset type"), evseId],
        "ChangeAvailability": [Argument("operationalStatus", "string", "Inoperative", "2.0.1 status (1.6: type)"), evseId, connectorId],
        "UnlockConnector": [Argument("evseId", "integer", "1", "the EVSE"), Argument("connectorId", "integer", "1", "the connector")],
        "TriggerMessage": [Argument("requestedMessage", "string", "Heartbeat", "the message to trigger"), evseId, connectorId],
        "RequestStartTransaction": [evseId, Argument("idToken", "string or IdTokenType object", "a valid idToken", "the idToken; a string gets type type"), Argument("type", "string", "Central", "the idToken type"), Argument("remoteStartId", "integer", "a fresh number", "the remoteStartId")],
        "RequestStopTransaction": [Argument("transactionId", "string", "the running transaction", "the transaction to stop")],
        "RemoteStartTransaction": [Argument("connectorId", "integer", "absent", "1.6: the connector"), Argument("idTag", "string", "a valid idTag", "1.6: the idTag")],
        "RemoteStopTransaction": [Argument("transactionId", "integer", "the running transaction", "1.6: the transaction to stop")],
        "GetVariables": [Argument("component", "string", "OCPPCommCtrlr", "the component"), Argument("variable", "string", "HeartbeatInterval", "the variable"), Argument("getVariableData", "array", "one entry from component/variable", "the whole getVariableData list instead")],
        "SetVariables": [Argument("component", "string", "OCPPCommCtrlr", "the component"), Argument("variable", "string", "HeartbeatInterval", "the variable"), Argument("value", "string", "300", "the attributeValue"), Argument("setVariableData", "array", "one entry from component/variable/value", "the whole setVariableData list instead")],
        "GetBaseReport": [Argument("reportBase", "string", "FullInventory", "the report base"), Argument("requestId", "integer", "a fresh number", "the requestId")],
        "ChangeConfiguration": [Argument("key", "string", "HeartbeatInterval", "1.6: the key"), Argument("value", "string", "300", "1.6: the value")],
        "GetConfiguration": [Argument("key", "string or array of strings", "absent (every key)", "1.6: the keys")],
        "SendLocalList": [Argument("updateType", "string", "Full", "Full or Differential"), Argument("localAuthorizationList", "array", "every idToken the CSMS knows", "the list entries")],
        "ReserveNow": [Argument("connectorId", "integer", "1", "1.6: the connector (0: any)"), Argument("idTag", "string", "a valid idTag", "the idTag"), Argument("reservationId", "integer", "a fresh number", "the reservation id"), Argument("expiryDate", "date-time string", "now + 1 h", "when the reservation expires")],
        "CancelReservation": [Argument("reservationId", "integer", "the last reservation", "the reservation to cancel")],
        "GetTransactionStatus": [Argument("transactionId", "string", "absent", "the transaction asked about")],
        "SetNetworkProfile": [Argument("configurationSlot", "integer", "required", "the slot"), Argument("connectionData", "NetworkConnectionProfileType object", "required", "the profile")],
        "SetDisplayMessage": [Argument("id", "integer", "a fresh number", "the message id"), Argument("priority", "string", "NormalCycle", "the priority"), Argument("content", "string", "a fixed text", "the text"), Argument("format", "string", "UTF8", "the message format"), Argument("state", "string", "absent", "the charging state it shows in"), Argument("startDateTime", "date-time string", "absent", "shown from"), Argument("endDateTime", "date-time string", "absent", "shown until"), Argument("transactionId", "string", "absent", "the transaction it belongs to")],
        "GetDisplayMessages": [Argument("id", "integer or array of integers", "absent", "the message ids asked for"), Argument("priority", "string", "absent", "filter by priority"), Argument("state", "string", "absent", "filter by state")],
        "ClearDisplayMessage": [Argument("id", "integer", "the last message set", "the message to clear")],
        "DataTransfer": [Argument("vendorId", "string", "org.ocppspec", "the vendor id"), Argument("messageId", "string", "absent", "the message id"), Argument("data", "any", "absent", "the data")],
        "setBootStatus": [Argument("status", "string", "required", "Accepted, Pending or Rejected")],
    ]

    /// docs/actions.md: every action with its arguments, and how a driver says it cannot do one
    /// (a test keeps the file equal to this text; `ocppspec list --actions` prints it).
    public static var markdown: String {
        var out: [String] = [
            "# Actions",
            "",
            "Generated from Sources/ConformanceKit/Actions/ActionVocabulary.swift (`ocppspec list --actions > docs/actions.md`).",
            "",
            "A case's `action:` step is carried out by the DUT profile's action driver (`actions.driver`):",
            "",
            "- `prompt`: the operator reads the sentence below and presses Enter when done, or types `n` when the rig cannot do it.",
            "- `command`: runs `<command…> <action> --<argument> <value> …` with `{\"action\": …, \"arguments\": {…}}` on standard input; exit 0: done; exit \(CommandActionDriver.unsupportedExitCode): this rig cannot do it; any other status: the driver failed.",
            "- `http`: POSTs `{\"action\": …, \"arguments\": {…}}` to `actions.url`; a 2xx answer: done, unless its body is `{\"supported\": false}`; HTTP 501: this rig cannot do it; any other answer: the driver failed (the body is quoted in the verdict).",
            "",
            "An action the rig cannot do makes the case `notApplicable` (\"the CSMS cannot send ClearCache\", \"this rig cannot perform faultConnector\"); a driver that fails makes it `error`; an operator who does not act within `actions.timeout` makes it `inconclusive`.",
            "",
            "## Station actions (a Charging Station is tested)",
            "",
        ]
        for name in station.keys.sorted() {
            out.append("### \(name)")
            out.append("")
            out.append(station[name] ?? "")
            out.append("")
            out += table(stationArguments[name] ?? [])
        }
        out.append("## Operator actions (a CSMS is tested)")
        out.append("")
        out.append("Each makes the CSMS send the request it is named after (\"Make the CSMS send ClearCache.\"), except the set-up actions, which configure the CSMS. A value a case leaves out is the CSMS's own choice; the default column says what the reference CSMS chooses.")
        out.append("")
        for name in csmsRequests.keys.sorted() {
            out.append("### \(name)")
            out.append("")
            if let setup = csmsSetup[name] { out.append(setup) } else { out.append("Make the CSMS send \(name).") }
            out.append("")
            out += table(csmsRequests[name] ?? [])
        }
        return out.joined(separator: "\n")
    }

    static func table(_ arguments: [Argument]) -> [String] {
        guard !arguments.isEmpty else { return ["No arguments.", ""] }
        return ["| argument | type | default | meaning |", "|---|---|---|---|"] + arguments.map { "| `\($0.name)` | \($0.type) | \($0.defaultValue) | \($0.meaning) |" } + [""]
    }

    /// A sentence for the operator, with `{name}` filled from the arguments.
    public static func prompt(for name: String, arguments: JSONValue, dutRole: OCPPRole) -> String {
        var text: String
        if dutRole == .chargingStation, let template = station[name] {
            text = template
        } else if dutRole == .csms, let template = csmsSetup[name] {
            text = template
        } else if dutRole == .csms {
            let args = arguments.objectValue.map { $0.members.map { "\($0.key)=\($0.value.jsonText)" }.joined(separator: ", ") } ?? ""
            text = "Make the CSMS send \(name)\(args.isEmpty ? "" : " with \(args)")."
        } else {
            text = "Perform \(name) \(arguments.jsonText)."
        }
        for m in arguments.objectValue ?? JSONObject() {
            let value: String
            if case .string(let s) = m.value { value = s } else { value = m.value.jsonText }
            text = text.replacingOccurrences(of: "{\(m.key)}", with: value)
        }
        return text
    }
}
