import Foundation
import OCPPProtocol
import OCPPTransport

/// Keeps a long-lived DUT fit for the next case (DESIGN.md, "A real DUT is a bench"): before a
/// case it establishes Part 6's general pre-conditions (2.0.1 Part 6 §2.1, 1.6 OCTT §1.3) through
/// OCPP where OCPP can and through the action driver where only the physical world can, and reads
/// the configuration the case is going to write; after the case it writes that configuration back.
/// A pre-condition it cannot establish is reported, and the case becomes inconclusive, never failed.
public actor BenchKeeper {
    public let version: OCPPVersion
    public let dutRole: OCPPRole
    let profile: DUTProfile
    let ids: MessageIdSource
    /// What the harness knows of the station (charging station under test only).
    public private(set) var state: BenchState
    /// Configuration read before the case, to restore after it (or at the next preparation when
    /// the connection was down).
    private var saved: [ConfigurationItem: String] = [:]
    private var pendingRestore: [(ConfigurationItem, String)] = []

    public init(profile: DUTProfile, version: OCPPVersion) {
        self.profile = profile
        self.version = version
        self.dutRole = profile.role
        // The run's ids: the keeper's CALLs never repeat an id of a case either.
        self.ids = .run
        self.state = BenchState(version: version)
    }

    /// How long the keeper waits for the station to react to one of its requests.
    var reactionTime: Duration { max(.seconds(2), min(profile.messageTimeout, .seconds(10))) }

    /// What a preparation did and found.
    public struct Preparation: Sendable {
        /// Every frame and note of the preparation.
        public var trace: [TraceEntry]
        /// The general pre-conditions that still do not hold: the case must not run.
        public var unmet: [String]
    }

    public func observe(trace: [TraceEntry]) {
        state.observe(trace: trace)
    }

    public func observe(action name: String, arguments: JSONValue) {
        state.observe(action: name, arguments: arguments)
    }

    /// Frames answered between cases by the idle responder (kept for the next case's trace: the
    /// frames between cases are evidence too).
    public func observe(frame text: String, fromDUT: Bool) {
        state.observe(frame: text, fromDUT: fromDUT)
        let clock = ContinuousClock()
        let start = idleStart ?? clock.now
        idleStart = start
        let frame = try? FrameParser(version: version).parse(text)
        idleTrace.append(TraceEntry(
            kind: fromDUT ? .fromDUT : .toDUT, offset: start.duration(to: clock.now), timestamp: Date(), text: text,
            summary: frame.map(BenchExchange.summary), messageId: frame?.messageId))
    }

    private var idleTrace: [TraceEntry] = []
    private var idleStart: ContinuousClock.Instant?

    // MARK: Before a case

    public func prepare(link: any DUTLink, actions: any ActionDriver, writes: [ConfigurationItem]) async -> Preparation {
        var exchange = BenchExchange(link: link, version: version, dutRole: dutRole, context: profile.interpolationContext, ids: ids, state: state)
        var unmet: [String] = []
        if dutRole == .chargingStation {
            await restorePending(&exchange)
            unmet = await establishIdle(&exchange, actions: actions)
            if unmet.isEmpty { await clearLeftovers(&exchange, actions: actions) }
            if unmet.isEmpty { await read(writes, &exchange) }
        } else {
            unmet = await establishAccepted(&exchange, actions: actions)
        }
        state = exchange.state
        let between = idleTrace.isEmpty ? [] : [TraceEntry(kind: .note, offset: .zero, timestamp: Date(), text: "bench: between cases, the idle responder answered \(idleTrace.filter { $0.kind == .fromDUT }.count) message(s) of the DUT")] + idleTrace
        idleTrace = []
        idleStart = nil
        return Preparation(trace: between + exchange.trace, unmet: unmet)
    }

    /// Brings the station to idle: network back, transactions stopped, cables out, parking bays
    /// left, faults cleared, connectors operative, reservations cancelled. Returns what still
    /// does not hold.
    func establishIdle(_ exchange: inout BenchExchange, actions: any ActionDriver) async -> [String] {
        if exchange.state.unmetPreconditions.isEmpty { return [] }
        exchange.note(.note, "bench: before the case, bringing the station to the general pre-conditions: " + exchange.state.unmetPreconditions.joined(separator: "; "))
        if exchange.state.offline {
            await perform("goOnline", [:], &exchange, actions)
            await exchange.listen(upTo: reactionTime) { _ in false }
        }
        for attempt in 0..<2 {
            for (id, _) in exchange.state.openTransactions.sorted(by: { $0.key < $1.key }) {
                let payload: JSONValue = version == .v16
                    ? ["transactionId": .number(JSONNumber(Int(id) ?? 0))]
                    : ["transactionId": .string(id)]
                _ = await exchange.call(version == .v16 ? "RemoteStopTransaction" : "RequestStopTransaction", payload, timeout: profile.messageTimeout)
            }
            if !exchange.state.openTransactions.isEmpty {
                // A station ends the transaction at once, or when its stop point is reached (the
                // cable out, under TxStopPoint EVConnected): unplug if it does not end soon.
                await exchange.listen(upTo: attempt == 0 ? .seconds(1) : reactionTime) { $0.openTransactions.isEmpty }
            }
            for e in exchange.state.parkingBayOccupied.sorted() { await perform("leaveParkingBay", ["evse": .number(JSONNumber(e))], &exchange, actions) }
            for c in cablesIn(exchange.state) {
                await perform("unplug", ["evse": .number(JSONNumber(c.evse)), "connector": .number(JSONNumber(c.connector))], &exchange, actions)
            }
            for c in exchange.state.faulted.sorted() {
                await perform("clearFault", ["evse": .number(JSONNumber(c.evse)), "connector": .number(JSONNumber(c.connector))], &exchange, actions)
            }
            await exchange.listen(upTo: reactionTime) { $0.openTransactions.isEmpty && Self.settledStatus($0) }
            // A status the station did not report again (it may see nothing to report after the
            // cable went out unseen) is read from it, where it supports TriggerMessage (F06).
            if exchange.state.openTransactions.isEmpty, profile.claims.contains("TriggerMessage.StatusNotification") {
                for (c, _) in exchange.state.connectorsNotAvailable where c.evse > 0 {
                    let payload: JSONValue = version == .v16
                        ? ["requestedMessage": "StatusNotification", "connectorId": .number(JSONNumber(c.evse))]
                        : ["requestedMessage": "StatusNotification", "evse": ["id": .number(JSONNumber(c.evse)), "connectorId": .number(JSONNumber(c.connector))]]
                    _ = await exchange.call("TriggerMessage", payload, timeout: profile.messageTimeout)
                }
                await exchange.listen(upTo: .seconds(1)) { Self.settledStatus($0) }
            }
            // Availability is kept per level (the station, an EVSE or 1.6 connector): make the
            // station operative, then each connector still reported Unavailable.
            let unavailable = exchange.state.connectorStatus.filter { $0.value == "Unavailable" }.keys.sorted()
            if !unavailable.isEmpty {
                let station: JSONValue = version == .v16 ? ["connectorId": 0, "type": "Operative"] : ["operationalStatus": "Operative"]
                _ = await exchange.call("ChangeAvailability", station, timeout: profile.messageTimeout)
                await exchange.listen(upTo: .milliseconds(500)) { !$0.connectorStatus.values.contains("Unavailable") }
                for c in exchange.state.connectorStatus.filter({ $0.value == "Unavailable" }).keys.sorted() where !(version == .v16 && c.evse == 0) {
                    if version == .v16 {
                        _ = await exchange.call("ChangeAvailability", ["connectorId": .number(JSONNumber(c.evse)), "type": "Operative"], timeout: profile.messageTimeout)
                        continue
                    }
                    // 2.0.1 keeps an EVSE's and a connector's availability apart (G03, G04).
                    let evse = JSONNumber(c.evse), connector = JSONNumber(c.connector)
                    _ = await exchange.call("ChangeAvailability", ["operationalStatus": "Operative", "evse": ["id": .number(evse)]], timeout: profile.messageTimeout)
                    if exchange.state.connectorStatus[c] == "Unavailable" {
                        _ = await exchange.call("ChangeAvailability", ["operationalStatus": "Operative", "evse": ["id": .number(evse), "connectorId": .number(connector)]], timeout: profile.messageTimeout)
                    }
                }
            }
            for id in exchange.state.reservations.sorted() {
                _ = await exchange.call("CancelReservation", ["reservationId": .number(JSONNumber(id))], timeout: profile.messageTimeout)
            }
            if await exchange.listen(upTo: reactionTime, until: { $0.unmetPreconditions.isEmpty }) { break }
        }
        // Whatever else the station says about it (a last StatusNotification) is part of the
        // preparation, not of the case.
        await exchange.settle(quiet: .milliseconds(300), limit: reactionTime)
        let unmet = exchange.state.unmetPreconditions
        if unmet.isEmpty { exchange.note(.note, "bench: the station is idle") }
        return unmet
    }

    /// CSMS under test: the station the harness plays is Accepted (Part 6 §3.1, 1.6 OCTT §1.3
    /// "Charge Point is Accepted by the Central System"). A case that had the operator make the
    /// CSMS answer Pending or Rejected leaves that setting behind; it is undone, and the station
    /// boots again until the CSMS accepts it.
    func establishAccepted(_ exchange: inout BenchExchange, actions: any ActionDriver) async -> [String] {
        let s = exchange.state
        guard s.configuredBootStatus != nil || (s.bootStatus != nil && s.bootStatus != "Accepted") else { return [] }
        exchange.note(.note, "bench: before the case, the CSMS last answered the station's BootNotification with \(s.bootStatus ?? "nothing")\(s.configuredBootStatus.map { " and was configured to answer \($0)" } ?? ""): booting again")
        if s.configuredBootStatus != nil {
            let args: JSONValue = ["status": "Accepted"]
            let outcome = await actions.perform(id: 0, name: "setBootStatus", arguments: args, prompt: ActionVocabulary.prompt(for: "setBootStatus", arguments: args, dutRole: .csms))
            exchange.note(.action, "bench: setBootStatus {\"status\":\"Accepted\"}: \(outcome)")
            if outcome == .done || outcome == .confirmed { exchange.state.observe(action: "setBootStatus", arguments: args) }
        }
        let vendor = profile.config["stationVendor"]?.stringValue ?? profile.identity.vendor
        let model = profile.config["stationModel"]?.stringValue ?? profile.identity.model
        let boot: JSONValue = version == .v16
            ? ["chargePointVendor": .string(vendor), "chargePointModel": .string(model)]
            : ["reason": "PowerUp", "chargingStation": ["model": .string(model), "vendorName": .string(vendor)]]
        let answer = await exchange.call("BootNotification", boot, timeout: profile.messageTimeout)
        let status = answer?["status"]?.stringValue
        guard status == "Accepted" else {
            return ["the CSMS does not accept the station: it answered BootNotification with \(status ?? "no answer")"]
        }
        return []
    }

    /// Connectors the EV cable is in: plugged by the harness, or reported so by the station.
    func cablesIn(_ s: BenchState) -> [BenchState.Connector] {
        let occupied: Set<String> = ["Occupied", "Preparing", "Charging", "SuspendedEV", "SuspendedEVSE", "Finishing"]
        var out = s.pluggedIn
        for (c, status) in s.connectorStatus where occupied.contains(status) { out.insert(c) }
        return out.sorted()
    }

    /// No connector in a state that is on its way to Available.
    static func settledStatus(_ s: BenchState) -> Bool {
        !s.connectorStatus.values.contains { ["Occupied", "Preparing", "Charging", "SuspendedEV", "SuspendedEVSE", "Finishing", "Faulted"].contains($0) }
    }

    /// What does not make a case impossible but is not the starting point Part 6 assumes: a
    /// charging profile, display messages, a 1.6 local list or authorization cache with entries, a
    /// list memory the harness made fail.
    func clearLeftovers(_ exchange: inout BenchExchange, actions: any ActionDriver) async {
        if exchange.state.localListStorageBlocked { await perform("restoreLocalListStorage", [:], &exchange, actions) }
        // 1.6 OCTT §1.3: "Charge Point has no installed local authorization list" (an empty full
        // list; its version then reads 0, 1.6 §5.9).
        if version == .v16, exchange.state.localListInstalled {
            _ = await exchange.call("SendLocalList", ["listVersion": 1, "updateType": "Full", "localAuthorizationList": []], timeout: profile.messageTimeout)
        }
        // 2.0.1: a list an earlier case installed would authorize idTokens that a case with the
        // Memory State "N/a" expects the station to ask the CSMS about (the versions the D cases
        // check are set by those cases themselves).
        if version != .v16, exchange.state.localListInstalled, profile.claims.contains("LocalAuthListManagement") {
            _ = await exchange.call("SendLocalList", ["versionNumber": 1, "updateType": "Full"], timeout: profile.messageTimeout)
        }
        if exchange.state.chargingProfilesSet {
            _ = await exchange.call("ClearChargingProfile", [:], timeout: profile.messageTimeout)
        }
        for id in exchange.state.displayMessages.sorted() {
            _ = await exchange.call("ClearDisplayMessage", ["id": .number(JSONNumber(id))], timeout: profile.messageTimeout)
        }
        // 1.6 OCTT §1.3: "Charge Point has an empty authorization cache". 2.0.1 Part 6 §2.1 does
        // not list it, but a case whose Memory State is "N/a" assumes the station remembers no
        // idToken of an earlier case (TC_C_26_CS: an idToken unknown to it; TC_C_33_CS: a cache
        // it fills itself).
        if exchange.state.authorizationCacheUsed, version == .v16 || profile.claims.contains("AuthorizationCache") {
            _ = await exchange.call("ClearCache", [:], timeout: profile.messageTimeout)
        }
    }

    func perform(_ name: String, _ arguments: JSONObject, _ exchange: inout BenchExchange, _ actions: any ActionDriver) async {
        let args = JSONValue.object(arguments)
        let outcome = await actions.perform(id: 0, name: name, arguments: args, prompt: ActionVocabulary.prompt(for: name, arguments: args, dutRole: .chargingStation))
        switch outcome {
        case .done, .confirmed:
            exchange.note(.action, "bench: \(name) \(args.jsonText): done")
            exchange.state.observe(action: name, arguments: args)
        case .timedOut(let after):
            exchange.note(.action, "bench: \(name) \(args.jsonText): the operator did not act within \(after)")
        case .failed(let why):
            exchange.note(.action, "bench: \(name) \(args.jsonText) failed: \(why)")
        case .unsupported(let how):
            exchange.note(.action, "bench: \(name) \(args.jsonText): this rig cannot do it (\(how))")
        }
    }

    // MARK: Configuration

    /// Reads the values the case is going to write, to restore them afterwards.
    func read(_ items: [ConfigurationItem], _ exchange: inout BenchExchange) async {
        saved = [:]
        guard !items.isEmpty else { return }
        switch version {
        case .v16:
            let keys = items.compactMap(\.key)
            guard let answer = await exchange.call("GetConfiguration", ["key": .array(keys.map { .string($0) })], timeout: profile.messageTimeout) else { return }
            for entry in answer["configurationKey"]?.arrayValue ?? [] {
                guard let key = entry["key"]?.stringValue, entry["readonly"]?.boolValue != true, let value = entry["value"]?.stringValue,
                      let item = items.first(where: { $0.key?.lowercased() == key.lowercased() }) else { continue }
                saved[item] = value
            }
        default:
            let data = items.map(\.getVariableData)
            guard let answer = await exchange.call("GetVariables", ["getVariableData": .array(data)], timeout: profile.messageTimeout) else { return }
            for result in answer["getVariableResult"]?.arrayValue ?? [] {
                guard result["attributeStatus"]?.stringValue == "Accepted", let value = result["attributeValue"]?.stringValue,
                      let item = items.first(where: { $0.matches(result) }) else { continue }
                saved[item] = value
            }
        }
    }

    // MARK: After a case

    /// Writes back what the case changed (as its trace shows), with the values read before it.
    public func restore(link: any DUTLink, after trace: [TraceEntry]) async -> [TraceEntry] {
        guard dutRole == .chargingStation, !saved.isEmpty else { return [] }
        let written = ConfigurationItem.written(in: trace, version: version)
        pendingRestore = saved.filter { item, value in written[item].map { $0 != value } ?? false }.sorted { $0.key.label < $1.key.label }
        saved = [:]
        guard !pendingRestore.isEmpty else { return [] }
        var exchange = BenchExchange(link: link, version: version, dutRole: dutRole, context: profile.interpolationContext, ids: ids, state: state)
        if await link.isConnected { await restorePending(&exchange) }
        state = exchange.state
        return exchange.trace
    }

    func restorePending(_ exchange: inout BenchExchange) async {
        guard !pendingRestore.isEmpty else { return }
        exchange.note(.note, "bench: restoring the configuration the case changed: " + pendingRestore.map { "\($0.0.label) = \($0.1)" }.joined(separator: ", "))
        var left: [(ConfigurationItem, String)] = []
        for (item, value) in pendingRestore {
            let answer: JSONValue?
            switch version {
            case .v16:
                answer = await exchange.call("ChangeConfiguration", ["key": .string(item.key ?? ""), "value": .string(value)], timeout: profile.messageTimeout)
            default:
                answer = await exchange.call("SetVariables", ["setVariableData": [item.setVariableData(value)]], timeout: profile.messageTimeout)
            }
            if answer == nil, exchange.connectionLost { left.append((item, value)) }
        }
        pendingRestore = left
    }
}

/// A configuration key (1.6) or a variable attribute (2.0.1) a case writes.
public struct ConfigurationItem: Sendable, Hashable {
    /// 1.6: the configuration key.
    public var key: String?
    /// 2.0.1: `{name, instance?, evse?}`.
    public var component: JSONValue?
    /// 2.0.1: `{name, instance?}`.
    public var variable: JSONValue?
    /// 2.0.1: Actual when absent.
    public var attributeType: String?

    public init(key: String) {
        self.key = key
    }

    public init(component: JSONValue, variable: JSONValue, attributeType: String?) {
        self.component = Self.normal(component)
        self.variable = Self.normal(variable)
        self.attributeType = attributeType == "Actual" ? nil : attributeType
    }

    /// For messages and notes: `AuthorizeRemoteStart`, `AuthCtrlr.LocalPreAuthorize`.
    public var label: String {
        if let key { return key }
        let c = component?["name"]?.stringValue ?? "?"
        let ci = component?["instance"]?.stringValue.map { "[\($0)]" } ?? ""
        let e = component?["evse"]?["id"]?.intValue.map { "@EVSE\($0)" } ?? ""
        let v = variable?["name"]?.stringValue ?? "?"
        let vi = variable?["instance"]?.stringValue.map { "[\($0)]" } ?? ""
        return "\(c)\(ci)\(e).\(v)\(vi)" + (attributeType.map { " (\($0))" } ?? "")
    }

    var getVariableData: JSONValue {
        var o: JSONObject = ["component": component ?? [:], "variable": variable ?? [:]]
        if let attributeType { o["attributeType"] = .string(attributeType) }
        return .object(o)
    }

    func setVariableData(_ value: String) -> JSONValue {
        var o: JSONObject = ["component": component ?? [:], "variable": variable ?? [:], "attributeValue": .string(value)]
        if let attributeType { o["attributeType"] = .string(attributeType) }
        return .object(o)
    }

    /// A GetVariables or SetVariables result (or data item) about this attribute.
    func matches(_ item: JSONValue) -> Bool {
        guard let c = item["component"], let v = item["variable"] else { return false }
        return ConfigurationItem(component: c, variable: v, attributeType: item["attributeType"]?.stringValue) == self
    }

    /// Only what identifies a component or variable (names are compared as written; an evse's
    /// connectorId is part of it).
    static func normal(_ v: JSONValue) -> JSONValue {
        var o = JSONObject()
        for key in ["name", "instance"] { if let value = v[key] { o[key] = value } }
        if let evse = v["evse"] {
            var e = JSONObject()
            if let id = evse["id"] { e["id"] = id }
            if let connector = evse["connectorId"] { e["connectorId"] = connector }
            o["evse"] = .object(e)
        }
        return .object(o)
    }

    /// The items a case's program sends SetVariables / ChangeConfiguration for (interpolated with
    /// the run's context where the names are templates; an item whose names cannot be resolved
    /// before the case runs is left out, and then cannot be restored).
    public static func writes(in program: CaseProgram, context: JSONObject, version: OCPPVersion) -> [ConfigurationItem] {
        var out: [ConfigurationItem] = []
        func visit(_ step: Step, bindings: JSONObject) {
            switch step.kind {
            case .send(let s):
                var root = context
                for m in bindings { root[m.key] = m.value }
                guard let payload = try? Interpolator(context: root).interpolate(s.payload) else { return }
                out += items(sentIn: s.action, payload, version: version)
            case .anyOf(let steps), .unordered(let steps):
                for inner in steps { visit(inner, bindings: bindings) }
            default:
                break
            }
        }
        for entry in program.entries {
            if let members = entry.members {
                for m in members { visit(m.step, bindings: m.bindings) }
            } else {
                visit(entry.step, bindings: entry.bindings)
            }
        }
        var seen = Set<ConfigurationItem>()
        return out.filter { item in
            guard !item.label.contains("{{") else { return false }
            return seen.insert(item).inserted
        }
    }

    static func items(sentIn action: String, _ payload: JSONValue, version: OCPPVersion) -> [ConfigurationItem] {
        switch action {
        case "ChangeConfiguration":
            return payload["key"]?.stringValue.map { [ConfigurationItem(key: $0)] } ?? []
        case "SetVariables":
            return (payload["setVariableData"]?.arrayValue ?? []).compactMap { d in
                guard let c = d["component"], let v = d["variable"] else { return nil }
                return ConfigurationItem(component: c, variable: v, attributeType: d["attributeType"]?.stringValue)
            }
        default:
            return []
        }
    }

    /// What the harness wrote in a trace, with the last value written per item.
    static func written(in trace: [TraceEntry], version: OCPPVersion) -> [ConfigurationItem: String] {
        let parser = FrameParser(version: version)
        var out: [ConfigurationItem: String] = [:]
        for entry in trace where entry.kind == .toDUT {
            guard case .call(let call)? = try? parser.parse(entry.text) else { continue }
            switch call.action {
            case "ChangeConfiguration":
                if let key = call.payload["key"]?.stringValue, let value = call.payload["value"]?.stringValue { out[ConfigurationItem(key: key)] = value }
            case "SetVariables":
                for d in call.payload["setVariableData"]?.arrayValue ?? [] {
                    guard let c = d["component"], let v = d["variable"], let value = d["attributeValue"]?.stringValue else { continue }
                    out[ConfigurationItem(component: c, variable: v, attributeType: d["attributeType"]?.stringValue)] = value
                }
            default:
                continue
            }
        }
        return out
    }
}
