import Foundation
import OCPPProtocol

/// What the harness knows of a long-lived Charging Station under test, learnt from every frame
/// and physical action of the run (inside cases and between them). The bench keeper reads it to
/// bring the station back to Part 6's general pre-conditions before the next case (2.0.1 Part 6
/// §2.1, 1.6 OCTT §1.3): connectors available, idle with no transaction, no faults, schedules,
/// reservations or display messages.
///
/// A pure value: feed it frames and actions, read the facts. It never guesses a state it has not
/// seen; what it cannot know (a real station's own faults) is read from the station through
/// StatusNotification.
public struct BenchState: Sendable, Equatable {
    /// A connector as the case language names it: 2.0.1 EVSE id and connector id; in 1.6 the
    /// connectorId is the `evse` and `connector` is 1 (as the 1.6 states' actions write it).
    public struct Connector: Sendable, Hashable, Comparable, CustomStringConvertible {
        public var evse: Int
        public var connector: Int
        public init(evse: Int, connector: Int) {
            self.evse = evse
            self.connector = connector
        }
        public static func < (a: Connector, b: Connector) -> Bool { (a.evse, a.connector) < (b.evse, b.connector) }
        public var description: String { "EVSE \(evse) connector \(connector)" }
        /// As a 1.6 reader names it: "connector 1" (connector 0 being the Charge Point).
        public func name(in version: OCPPVersion) -> String {
            version == .v16 ? (evse == 0 ? "the Charge Point (connector 0)" : "connector \(evse)") : description
        }
    }

    public let version: OCPPVersion
    /// Transactions started and not ended: transaction id → the EVSE (1.6: connector) it runs on.
    public private(set) var openTransactions: [String: Int] = [:]
    /// The last status the station reported per connector (`Available`, `Occupied`, `Preparing`…).
    public private(set) var connectorStatus: [Connector: String] = [:]
    /// The timestamp of each connector's last status: a status the station queued while offline
    /// and delivers late must not overwrite a newer one.
    private var connectorStatusTime: [Connector: String] = [:]
    /// Connectors whose cable the harness plugged in (through the action driver) and did not unplug.
    public private(set) var pluggedIn: Set<Connector> = []
    /// EVSEs whose EV the harness suspended (`evSuspend`) and did not resume.
    public private(set) var evSuspended: Set<Int> = []
    /// EVSEs whose parking bay the harness occupied and did not leave.
    public private(set) var parkingBayOccupied: Set<Int> = []
    /// Connectors the harness faulted (`faultConnector`) and did not clear.
    public private(set) var faulted: Set<Connector> = []
    /// The harness took the station off the network (`goOffline`) and did not bring it back.
    public private(set) var offline = false
    /// Reservation ids the station accepted and that did not end yet.
    public private(set) var reservations: Set<Int> = []
    /// Display message ids the station accepted (2.0.1 SetDisplayMessage) and did not clear.
    public private(set) var displayMessages: Set<Int> = []
    /// The station accepted a charging profile since the last ClearChargingProfile.
    public private(set) var chargingProfilesSet = false
    /// The station accepted a non-empty local authorization list that was not emptied since.
    public private(set) var localListInstalled = false
    /// The harness made the station unable to store a local list (`preventLocalListStorage`).
    public private(set) var localListStorageBlocked = false
    /// idTokens were authorized since the last ClearCache, so the Authorization Cache may hold entries.
    public private(set) var authorizationCacheUsed = false

    /// CSMS under test: the status of the CSMS's last answer to a BootNotification of the
    /// harness (the station it plays), and a boot status the operator configured on the CSMS
    /// (`setBootStatus`) that is not Accepted.
    public private(set) var bootStatus: String?
    public private(set) var configuredBootStatus: String?

    /// CALLs awaiting their answer, by message id: what was asked, to read the answer in context.
    private var harnessCalls: [String: Frame.Call] = [:]
    private var dutCalls: [String: Frame.Call] = [:]

    public init(version: OCPPVersion) {
        self.version = version
    }

    // MARK: Feeding

    /// A frame on the wire, in either direction.
    public mutating func observe(frame text: String, fromDUT: Bool) {
        guard let frame = try? FrameParser(version: version).parse(text) else { return }
        switch frame {
        case .call(let call):
            if fromDUT {
                dutCalls[call.messageId] = call
                observeDUTRequest(call)
            } else {
                harnessCalls[call.messageId] = call
            }
        case .callResult(let result):
            if fromDUT {
                if let call = harnessCalls.removeValue(forKey: result.messageId) { observeDUTAnswer(to: call, result.payload) }
            } else {
                if let call = dutCalls.removeValue(forKey: result.messageId) { observeHarnessAnswer(to: call, result.payload) }
            }
        case .callError(let error), .callResultError(let error):
            if fromDUT { harnessCalls[error.messageId] = nil } else { dutCalls[error.messageId] = nil }
        case .send:
            break
        }
    }

    /// Every frame of a trace (a case's, or the keeper's own exchanges).
    public mutating func observe(trace: [TraceEntry]) {
        for entry in trace {
            switch entry.kind {
            case .fromDUT: observe(frame: entry.text, fromDUT: true)
            case .toDUT: observe(frame: entry.text, fromDUT: false)
            default: break
            }
        }
    }

    /// A physical action the driver carried out (or the operator confirmed).
    public mutating func observe(action name: String, arguments: JSONValue) {
        let evse = arguments["evse"]?.intValue ?? Int(arguments["evse"]?.stringValue ?? "") ?? 1
        let connector = Connector(evse: evse, connector: arguments["connector"]?.intValue ?? Int(arguments["connector"]?.stringValue ?? "") ?? 1)
        switch name {
        case "plugIn": pluggedIn.insert(connector)
        case "unplug":
            pluggedIn.remove(connector)
            evSuspended.remove(evse)
        case "evSuspend": evSuspended.insert(evse)
        case "evResume": evSuspended.remove(evse)
        case "enterParkingBay": parkingBayOccupied.insert(evse)
        case "leaveParkingBay": parkingBayOccupied.remove(evse)
        case "faultConnector": faulted.insert(connector)
        case "clearFault": faulted.remove(connector)
        case "setBootStatus":
            let status = arguments["status"]?.stringValue ?? "Accepted"
            configuredBootStatus = status == "Accepted" ? nil : status
        case "preventLocalListStorage": localListStorageBlocked = true
        case "restoreLocalListStorage": localListStorageBlocked = false
        case "goOffline": offline = true
        case "goOnline": offline = false
        case "reboot":
            // A power cycle brings the network back; what the station keeps (transactions it
            // ends, availability it persists) it reports again after the boot.
            offline = false
        default: break
        }
    }

    // MARK: Reading

    /// Connectors whose last reported status is not the idle one.
    public var connectorsNotAvailable: [(connector: Connector, status: String)] {
        connectorStatus.filter { $0.value != "Available" }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// What keeps the station from Part 6's general pre-conditions, as sentences; empty when idle.
    public var unmetPreconditions: [String] {
        var out: [String] = []
        if offline { out.append("the station was taken off the network (goOffline) and not brought back") }
        for (id, evse) in openTransactions.sorted(by: { $0.key < $1.key }) {
            out.append("a transaction is still running on \(version == .v16 ? "connector" : "EVSE") \(evse) (transaction \(id))")
        }
        for c in pluggedIn.sorted() { out.append("the EV cable is still plugged in at \(c.name(in: version))") }
        for e in parkingBayOccupied.sorted() { out.append("the parking bay of EVSE \(e) is still occupied") }
        for c in faulted.sorted() { out.append("\(c.name(in: version)) is still faulted") }
        for (c, status) in connectorsNotAvailable { out.append("\(c.name(in: version)) reports \(status), not Available") }
        return out
    }

    // MARK: Interpretation

    /// Whether RFC 3339 time `a` is before `b` (false when either does not parse).
    static func earlier(_ a: String, than b: String) -> Bool {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let g = ISO8601DateFormatter()
        guard let x = f.date(from: a) ?? g.date(from: a), let y = f.date(from: b) ?? g.date(from: b) else { return false }
        return x < y
    }

    private mutating func observeDUTRequest(_ call: Frame.Call) {
        let p = call.payload
        switch (version, call.action) {
        case (.v16, "StatusNotification"):
            guard let id = p["connectorId"]?.intValue, let status = p["status"]?.stringValue else { return }
            // Connector 0 is the Charge Point as a whole (kept as EVSE 0).
            let c = Connector(evse: id, connector: 1)
            if let time = p["timestamp"]?.stringValue, let last = connectorStatusTime[c], Self.earlier(time, than: last) { return }
            connectorStatus[c] = status
            if let time = p["timestamp"]?.stringValue { connectorStatusTime[c] = time }
        case (_, "StatusNotification"):
            guard let evse = p["evseId"]?.intValue, let connector = p["connectorId"]?.intValue, let status = p["connectorStatus"]?.stringValue else { return }
            let c = Connector(evse: evse, connector: connector)
            if let time = p["timestamp"]?.stringValue, let last = connectorStatusTime[c], Self.earlier(time, than: last) { return }
            connectorStatus[c] = status
            connectorStatusTime[c] = p["timestamp"]?.stringValue
        case (.v16, "StopTransaction"):
            if let id = p["transactionId"]?.intValue { openTransactions["\(id)"] = nil }
        case (_, "Authorize"):
            authorizationCacheUsed = true
        case (.v16, _):
            break
        case (_, "TransactionEvent"):
            if p["idToken"] != nil { authorizationCacheUsed = true }
            guard let id = p["transactionInfo"]?["transactionId"]?.stringValue else { return }
            switch p["eventType"]?.stringValue {
            case "Ended": openTransactions[id] = nil
            default: openTransactions[id] = p["evse"]?["id"]?.intValue ?? openTransactions[id] ?? 0
            }
        case (_, "NotifyEvent"):
            // A station may report availability as Connector.AvailabilityState instead of a
            // StatusNotification (TC_B_23_CS accepts either).
            for e in p["eventData"]?.arrayValue ?? [] where e["variable"]?["name"]?.stringValue == "AvailabilityState" && e["component"]?["name"]?.stringValue == "Connector" {
                guard let evse = e["component"]?["evse"]?["id"]?.intValue, let value = e["actualValue"]?.stringValue else { continue }
                connectorStatus[Connector(evse: evse, connector: e["component"]?["evse"]?["connectorId"]?.intValue ?? 1)] = value
            }
        case (_, "ReservationStatusUpdate"):
            if let id = p["reservationId"]?.intValue, p["reservationUpdateStatus"]?.stringValue != nil { reservations.remove(id) }
        default:
            break
        }
    }

    /// The harness answered a CALL of the DUT (the 1.6 transaction id is in the answer).
    private mutating func observeHarnessAnswer(to call: Frame.Call, _ payload: JSONValue) {
        guard version == .v16 else { return }
        switch call.action {
        case "StartTransaction":
            authorizationCacheUsed = true
            if let id = payload["transactionId"]?.intValue { openTransactions["\(id)"] = call.payload["connectorId"]?.intValue ?? 0 }
        default:
            break
        }
    }

    /// The DUT answered a CALL of the harness.
    private mutating func observeDUTAnswer(to call: Frame.Call, _ payload: JSONValue) {
        let status = payload["status"]?.stringValue
        let accepted = status == "Accepted"
        let p = call.payload
        switch call.action {
        case "BootNotification":
            bootStatus = status
        case "ReserveNow":
            if accepted, let id = (p["reservationId"] ?? p["id"])?.intValue { reservations.insert(id) }
        case "CancelReservation":
            if let id = p["reservationId"]?.intValue { reservations.remove(id) }
        case "SetDisplayMessage":
            if accepted, let id = p["message"]?["id"]?.intValue { displayMessages.insert(id) }
        case "ClearDisplayMessage":
            if let id = p["id"]?.intValue { displayMessages.remove(id) }
        case "SetChargingProfile":
            if accepted { chargingProfilesSet = true }
        case "ClearChargingProfile":
            if accepted || status == "Unknown", p["chargingProfileId"] == nil, p["id"] == nil, p["chargingProfileCriteria"] == nil { chargingProfilesSet = false }
        case "RemoteStartTransaction", "RequestStartTransaction":
            // A transaction follows; it is tracked from the station's own messages.
            break
        case "SendLocalList":
            if accepted {
                let entries = p["localAuthorizationList"]?.arrayValue ?? []
                if p["updateType"]?.stringValue == "Full" { localListInstalled = !entries.isEmpty } else if !entries.isEmpty { localListInstalled = true }
            }
        case "ClearCache":
            if accepted { authorizationCacheUsed = false }
        case "ChangeAvailability":
            // 1.6: connector 0 is the Charge Point itself, whose status a Charge Point need not
            // report; its accepting to be Operative is what the harness can know of it.
            if version == .v16, accepted, p["connectorId"]?.intValue == 0, p["type"]?.stringValue == "Operative" {
                connectorStatus[Connector(evse: 0, connector: 1)] = "Available"
            }
        default:
            break
        }
    }
}
