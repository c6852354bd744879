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
