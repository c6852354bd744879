import Foundation
import OCPPProtocol
import OCPPTransport

/// The reference CSMS: answers what stations send (boot, heartbeat, status, authorization,
/// transactions, reports), records it, and sends operator requests on demand through
/// ``perform(action:arguments:stationId:)``.
///
/// Every accepted connection is handed to ``serve(_:)``, which returns when the connection closes;
/// run one per connection as a child task of the server's task group.
public actor ReferenceCSMS {
    public let configuration: CSMSConfiguration
    let defects: Set<Defect>
    private let clock: DeviceClock

    private enum PendingAnswer {
        case expecting
        case arrived(Frame)
        case waiting(CheckedContinuation<Frame, any Error>)
    }

    private struct Session {
        var token: Int
        var channel: any MessageChannel
        var version: OCPPVersion
        var pending: [String: PendingAnswer] = [:]
        var busy = false
        var gate: [CheckedContinuation<Void, Never>] = []
    }

    private var sessions: [String: Session] = [:]
    private var sessionCounter = 0
    private var lastConnected: String?
    /// The status of the last BootNotification answer per station (B02.FR.09, B03.FR.07).
    private var registrations: [String: String] = [:]
    private var bootOverrides: [String: String] = [:]
    private var callWaiters: [Int: (predicate: @Sendable (CSMSReceivedCall) -> Bool, continuation: CheckedContinuation<CSMSReceivedCall, any Error>)] = [:]
    private var waiterCounter = 0
    private var nextTransactionId = 1
    private var requestCounter = 0
    /// The reservationId of the last ReserveNow sent to each station (the default one to cancel).
    private var lastReservation: [String: Int] = [:]
    private var lastDisplayMessage: [String: Int] = [:]
    private var transactionOrder: [String] = []
    private var transactionsByKey: [String: CSMSTransactionRecord] = [:]

    /// Every BootNotification answered, in order.
    public private(set) var bootNotifications: [CSMSBootRecord] = []
    /// Every CALL any station sent, in order.
    public private(set) var receivedCalls: [CSMSReceivedCall] = []
    /// The last connector status each station reported, by "stationId/evse/connector".
    public private(set) var connectorStatuses: [String: String] = [:]

    public init(configuration: CSMSConfiguration, clock: DeviceClock = .system) {
        self.configuration = configuration
        self.clock = clock
        defects = configuration.defects.filter { $0.device == .csms }
    }

    private func has(_ d: Defect, _ version: OCPPVersion) -> Bool { defects.contains(d) && d.versions.contains(version) }

    // MARK: Queries

    /// The transactions seen, in order of their first message.
    public var transactions: [CSMSTransactionRecord] { transactionOrder.compactMap { transactionsByKey[$0] } }

    /// The stations connected now.
    public var connectedStationIds: [String] { sessions.keys.sorted() }

    /// The last BootNotification of a station.
    public func lastBoot(of stationId: String) -> CSMSBootRecord? { bootNotifications.last { $0.stationId == stationId } }

    /// Changes the answer to the next BootNotification of one station (or of any, with `nil`); the
    /// boot after that gets the configured status again, as a CSMS that holds a new station
    /// Pending (or Rejected) once while it provisions it.
    public func setBootStatus(_ status: String, for stationId: String? = nil) {
        if let stationId { bootOverrides[stationId] = status } else { bootOverrides["*"] = status }
    }

    /// Waits for a CALL from a station, at index `after` or later of ``receivedCalls``, that
    /// matches; throws ``ControlError/timeout(_:)`` after `timeout` of the CSMS's clock.
    public func waitForCall(
        _ action: String, from stationId: String? = nil, after index: Int = 0, timeout: Duration,
        where predicate: @escaping @Sendable (JSONValue) -> Bool = { _ in true }
    ) async throws -> CSMSReceivedCall {
        let matches: @Sendable (CSMSReceivedCall) -> Bool = { call in
            call.index >= index && call.action == action && (stationId == nil || call.stationId == stationId) && predicate(call.payload)
        }
        if let found = receivedCalls.first(where: matches) { return found }
        waiterCounter += 1
        let id = waiterCounter
        return try await withThrowingTaskGroup(of: CSMSReceivedCall?.self) { group in
            group.addTask { try await self.registerWaiter(id, matches) }
            group.addTask { [clock] in
                try? await clock.sleep(for: timeout)
                await self.expireWaiter(id, description: "no \(action) from \(stationId ?? "any station") within \(timeout)")
                return nil
            }
            defer { group.cancelAll() }
            while let next = try await group.next() {
                if let call = next { return call }
            }
            throw ControlError.timeout("no \(action) within \(timeout)")
        }
    }

    private var expiredWaiters: Set<Int> = []

    private func registerWaiter(_ id: Int, _ predicate: @escaping @Sendable (CSMSReceivedCall) -> Bool) async throws -> CSMSReceivedCall {
        if let found = receivedCalls.first(where: predicate) { return found }
        if expiredWaiters.remove(id) != nil { throw ControlError.timeout("waiting for a CALL") }
        return try await withCheckedThrowingContinuation { k in callWaiters[id] = (predicate, k) }
    }

    private func expireWaiter(_ id: Int, description: String) {
        if let waiter = callWaiters.removeValue(forKey: id) {
            waiter.continuation.resume(throwing: ControlError.timeout(description))
        } else {
            expiredWaiters.insert(id)
        }
    }

    // MARK: Serving a connection

    /// Serves one station connection until it closes.
    public func serve(_ channel: any MessageChannel) async {
        let stationId = channel.info.stationId
        let version = channel.info.version ?? configuration.version
        sessionCounter += 1
        let token = sessionCounter
        if let old = sessions[stationId] { failPending(old, with: TransportError.closed) }
        sessions[stationId] = Session(token: token, channel: channel, version: version)
        lastConnected = stationId
        for await event in channel.events {
            switch event {
            case .text(let text, _):
                await handle(text, stationId: stationId, token: token, channel: channel, version: version)
            case .closed:
                break
            case .invalidText, .binary, .ping, .pong, .violation:
                continue
            }
        }
        if let session = sessions[stationId], session.token == token {
            sessions[stationId] = nil
            failPending(session, with: TransportError.closed)
        }
    }

    private func failPending(_ session: Session, with error: any Error) {
        for case .waiting(let k) in session.pending.values { k.resume(throwing: error) }
        for k in session.gate { k.resume() }
    }

    private func handle(_ text: String, stationId: String, token: Int, channel: any MessageChannel, version: OCPPVersion) async {
        let catalog = MessageCatalog.builtIn(version)
        let frame: Frame
        do {
            frame = try FrameParser(version: version, catalog: catalog).parse(text)
        } catch {
            if case .unknownAction = error.kind, has(.csmsIgnoresUnknownAction, version) { return }
            if error.warrantsReply { try? await channel.send(text: error.callError(for: version).text) }
            return
        }
        switch frame {
        case .call(let call):
            let reply = await answer(call, stationId: stationId, version: version, catalog: catalog)
            if has(.csmsSlowResponses, version) {
                try? await clock.sleep(for: configuration.messageTimeout + .seconds(1))
            }
            var messageId = call.messageId
            if has(.csmsWrongMessageIdInResult, version) { messageId = UUID().uuidString.lowercased() }
            let out: Frame
            switch reply {
            case .result(let payload): out = .callResult(Frame.CallResult(messageId: messageId, payload: payload))
            case .error(let code, let description):
                out = .callError(Frame.CallError(messageId: messageId, errorCode: code.spelling(for: version), errorDescription: description))
            case .none: return
            }
            try? await channel.send(text: out.text)
            if case .result = reply { sendRunningCost(after: call, stationId: stationId, version: version) }
        case .callResult, .callError:
            guard var session = sessions[stationId], session.token == token else { return }
            switch session.pending[frame.messageId] {
            case .expecting: session.pending[frame.messageId] = .arrived(frame)
            case .waiting(let k):
                session.pending[frame.messageId] = nil
                k.resume(returning: frame)
            case .arrived, .none: break
            }
            sessions[stationId] = session
        case .callResultError, .send:
            break
        }
    }

    private enum Reply {
        case result(JSONValue)
        case error(RPCErrorCode, String)
        case none
    }

    private func record(_ call: Frame.Call, stationId: String) {
        let entry = CSMSReceivedCall(index: receivedCalls.count, stationId: stationId, action: call.action, payload: call.payload, at: clock.now())
        receivedCalls.append(entry)
        for (id, waiter) in callWaiters where waiter.predicate(entry) {
            callWaiters[id] = nil
            waiter.continuation.resume(returning: entry)
        }
    }

    private func object(_ members: KeyValuePairs<String, JSONValue?>, _ version: OCPPVersion) -> JSONValue {
        .object(members, nullForAbsent: has(.csmsNullForOptionalFields, version))
    }

    private func answer(_ call: Frame.Call, stationId: String, version: OCPPVersion, catalog: MessageCatalog) async -> Reply {
        record(call, stationId: stationId)
        if let schema = catalog.schema(for: call.action, response: false), !has(.csmsAcceptsInvalidPayload, version),
            let violation = SchemaValidator(maxViolations: 1).validate(call.payload, against: schema).first
        {
            return .error(violation.errorCode, "\(call.action): \(violation)")
        }
        let p = call.payload
        let now = clock.now()
        let registration = registrations[stationId]
        if version != .v16, call.action != "BootNotification", registration == "Pending" || registration == "Rejected",
            !has(.csmsAnswersWhilePendingOrRejected, version)
        {
            // B02.FR.09 / B03.FR.07: a station that is not accepted gets SecurityError.
            return .error(.securityError, "the station is \(registration ?? "") and may only send BootNotification")
        }
        if version == .v201, let (code, text) = CSMSAnswerDefects.error(action: call.action, payload: p, defects: defects) {
            return .error(code, "\(call.action): \(text)")
        }
        switch call.action {
        case "BootNotification":
            var status = bootOverrides.removeValue(forKey: stationId) ?? bootOverrides.removeValue(forKey: "*") ?? configuration.bootStatusByStation[stationId] ?? configuration.bootStatus
            // Seeded defect (block B, CSMS under test): a station once held Pending stays Pending.
            if registration == "Pending", has(.csmsBootStaysPending, version) { status = "Pending" }
            registrations[stationId] = status
            bootNotifications.append(CSMSBootRecord(stationId: stationId, request: p, status: status, at: now))
            let interval = status == "Accepted" ? configuration.heartbeatInterval : configuration.retryInterval
            return .result(.object(["currentTime": .string(bootTime(now, version)), "interval": .int(interval), "status": .string(status)]))
        case "Heartbeat":
            let time = has(.csmsHeartbeatWrongTime, version) ? now.addingTimeInterval(3600) : now
            return .result(.object(["currentTime": .string(OCPPDateTime.string(time))]))
        case "StatusNotification":
            if has(.csmsStatusNotificationCallError, version) { return .error(.internalError, "status could not be stored") }
            let connector = version == .v16 ? "\(p["connectorId"]?.intValue ?? 0)" : "\(p["evseId"]?.intValue ?? 0)/\(p["connectorId"]?.intValue ?? 0)"
            connectorStatuses["\(stationId)/\(connector)"] = p.text(version == .v16 ? "status" : "connectorStatus")
            return .result(.object(JSONObject()))
        case "Authorize":
            if version == .v16 { return .result(.object(["idTagInfo": idTagInfo(p.text("idTag") ?? "", version)])) }
            return .result(.object(["idTokenInfo": idTokenInfo(p["idToken"]?.text("idToken") ?? "", version)]))
        case "TransactionEvent":
            let id = p["transactionInfo"]?.text("transactionId") ?? ""
            var tx = transaction(stationId: stationId, id: id)
            let highestSeqNo = transactions.filter { $0.stationId == stationId }.flatMap(\.seqNos).max()
            if let (code, text) = CSMSTransactionDefects.error(for: p, transaction: tx, highestSeqNo: highestSeqNo, defects: defects.filter { $0.versions.contains(version) }) {
                return .error(code, text)
            }
            if tx.idToken == nil { tx.idToken = p["idToken"]?.text("idToken") }
            tx.messages.append((call.action, p))
            if p.text("eventType") == "Ended" { tx.isEnded = true }
            store(tx)
            var answer = JSONObject()
            if let token = p["idToken"]?.text("idToken"), !has(.csmsTransactionEventNoIdTokenInfo, version) {
                answer["idTokenInfo"] = has(.csmsTransactionEventTokenNotChecked, version) ? .object(["status": "Accepted"]) : idTokenInfo(token, version)
            }
            // I03.FR.02: the final cost goes into the answer to the Ended event.
            if tx.isEnded, !has(.csmsTotalCostMissing, version) { answer["totalCost"] = .number(JSONNumber(cost(of: tx))) }
            return .result(.object(answer))
        case "StartTransaction":
            let assigned = has(.csmsTransactionIdReused, version) ? 1 : nextTransactionId
            nextTransactionId += 1
            var tx = CSMSTransactionRecord(stationId: stationId, transactionId: String(assigned), idToken: p.text("idTag"))
            tx.messages.append((call.action, p))
            store(tx, replacing: true)
            return .result(.object(["idTagInfo": idTagInfo(p.text("idTag") ?? "", version), "transactionId": .int(assigned)]))
        case "StopTransaction":
            let id = String(p["transactionId"]?.intValue ?? 0)
            var tx = transaction(stationId: stationId, id: id)
            tx.messages.append((call.action, p))
            tx.isEnded = true
            store(tx)
            if let tag = p.text("idTag") { return .result(.object(["idTagInfo": idTagInfo(tag, version)])) }
            return .result(.object(JSONObject()))
        case "MeterValues":
            if version == .v16, let id = p["transactionId"]?.intValue {
                var tx = transaction(stationId: stationId, id: String(id))
                tx.messages.append((call.action, p))
                store(tx)
            }
            return .result(.object(JSONObject()))
        case "DataTransfer":
            // Seeded defect (block P, CSMS under test): every vendor extension is "accepted".
            if has(.csmsDataTransferAcceptsUnknownVendor, version) { return .result(.object(["status": "Accepted"])) }
            return .result(.object(["status": "UnknownVendorId"]))
        default:
            // Notifications (NotifyReport, NotifyEvent, SecurityEventNotification, status
            // notifications…) are acknowledged with an empty answer where the schema allows it.
            if let schema = catalog.schema(for: call.action, response: true), SchemaValidator().isValid(.object(JSONObject()), against: schema) {
                return .result(.object(JSONObject()))
            }
            return .error(.notSupported, "\(call.action) is not supported by this CSMS")
        }
    }

    private func bootTime(_ now: Date, _ version: OCPPVersion) -> String {
        if has(.csmsBootCurrentTimeStale, version) { return OCPPDateTime.string(now.addingTimeInterval(-367)) }
        guard has(.csmsBootCurrentTimeLocal, version) else { return OCPPDateTime.string(now) }
        return String(OCPPDateTime.string(now).prefix(19))
    }

    private func authorizationStatus(_ token: String, _ version: OCPPVersion) -> (String, String?) {
        guard let record = configuration.idTokens[token] else {
            if has(.csmsAcceptsUnknownIdToken, version) { return ("Accepted", nil) }
            return (version == .v16 ? "Invalid" : "Unknown", nil)
        }
        if has(.csmsRejectsValidIdToken, version) { return ("Invalid", nil) }
        if record.status == "Invalid", has(.csmsAcceptsInvalidIdTag, version) { return ("Accepted", record.groupId) }
        if record.status == "Blocked", has(.csmsAcceptsBlockedIdToken, version) { return ("Accepted", record.groupId) }
        if record.status == "Invalid", has(.csmsAcceptsInvalidIdToken, version) { return ("Accepted", record.groupId) }
        if record.status == "Expired", has(.csmsAcceptsExpiredIdToken, version) { return ("Accepted", record.groupId) }
        return (record.status, record.groupId)
    }

    private func idTokenInfo(_ token: String, _ version: OCPPVersion) -> JSONValue {
        let (status, known) = authorizationStatus(token, version)
        let group = has(.csmsGroupIdTokenMissing, version) ? nil : known
        return object(["status": .string(status), "groupIdToken": group.map { .object(["idToken": .string($0), "type": "Central"]) }], version)
    }

    private func idTagInfo(_ token: String, _ version: OCPPVersion) -> JSONValue {
        let (status, group) = authorizationStatus(token, version)
        return object(["status": .string(status), "parentIdTag": group.map(JSONValue.string)], version)
    }

    private func transaction(stationId: String, id: String) -> CSMSTransactionRecord {
        transactionsByKey["\(stationId)/\(id)"] ?? CSMSTransactionRecord(stationId: stationId, transactionId: id)
    }

    private func store(_ tx: CSMSTransactionRecord, replacing: Bool = false) {
        let key = "\(tx.stationId)/\(tx.transactionId)"
        if transactionsByKey[key] == nil { transactionOrder.append(key) } else if replacing {
            transactionOrder.removeAll { $0 == key }
            transactionOrder.append(key)
        }
        transactionsByKey[key] = tx
    }

    // MARK: Tariff (block I)

    /// What the transaction has cost so far: the energy its meter readings show (the last
    /// Energy.Active.Import.Register value less the first, in kWh) at the configured price, in cents.
    private func cost(of tx: CSMSTransactionRecord) -> Double {
        let readings = tx.messages.flatMap { $0.payload["meterValue"]?.arrayValue ?? [] }
            .flatMap { $0["sampledValue"]?.arrayValue ?? [] }
            .filter { ($0.text("measurand") ?? "Energy.Active.Import.Register") == "Energy.Active.Import.Register" }
            .compactMap { value -> Double? in
                guard let number = value["value"]?.numberValue?.doubleValue else { return nil }
                return value["unitOfMeasure"]?.text("unit") == "kWh" ? number : number / 1000
            }
        guard let first = readings.first, let last = readings.last else { return 0 }
        return ((max(0, last - first) * configuration.pricePerKWh) * 100).rounded() / 100
    }

    /// I02: after a periodic TransactionEvent the driver is shown the running cost (CostUpdated),
    /// sent once the event is answered.
    private func sendRunningCost(after call: Frame.Call, stationId: String, version: OCPPVersion) {
        let p = call.payload
        guard version == .v201, call.action == "TransactionEvent", p.text("eventType") == "Updated", p.text("triggerReason") == "MeterValuePeriodic",
            let id = p["transactionInfo"]?.text("transactionId")
        else { return }
        let total = cost(of: transaction(stationId: stationId, id: id))
        // Seeded defect: the running cost names another transaction.
        let named = has(.csmsCostUpdatedWrongTransaction, version) ? "\(id)-cost" : id
        Task { _ = try? await self.call("CostUpdated", payload: ["totalCost": .number(JSONNumber(total)), "transactionId": .string(named)], stationId: stationId) }
    }

    // MARK: Operator requests

    /// Makes the CSMS send a request to a connected station and returns the station's answer
    /// payload. `action` names the message (RequestStartTransaction, Reset, GetVariables, 1.6
    /// RemoteStartTransaction…); missing arguments get defaults (see ``OperatorRequests``);
    /// `payload` in the arguments is sent as it is. `stationId` defaults to the station that
    /// connected last. Throws when the station answers with CALLERROR or not within the message
    /// timeout.
    public func perform(
        action: String, arguments: JSONValue = .object(JSONObject()), stationId: String? = nil, onSent: (@Sendable () -> Void)? = nil
    ) async throws -> JSONValue {
        guard let id = stationId ?? lastConnected, let session = sessions[id] else { throw ControlError.noStation(stationId) }
        // D01: a differential update carries the version the list will have, so the CSMS first asks
        // the station which version it holds. The operator's request is under way once that is sent.
        var stationListVersion: Int?
        var onSent = onSent
        if action == "SendLocalList", arguments["versionNumber"] == nil, arguments["listVersion"] == nil, arguments.text("updateType") == "Differential" {
            let reply = try await perform(action: "GetLocalListVersion", stationId: id, onSent: onSent)
            stationListVersion = (reply["versionNumber"] ?? reply["listVersion"])?.intValue
            onSent = nil
        }
        requestCounter += 1
        let context = OperatorRequests.Context(
            version: session.version, defects: defects.filter { $0.versions.contains(session.version) }, counter: requestCounter,
            activeTransactionId: transactions.last { $0.stationId == id && !$0.isEnded }?.transactionId,
            idTokens: configuration.idTokens, stationListVersion: stationListVersion, now: clock.now(), lastReservationId: lastReservation[id],
            lastDisplayMessageId: lastDisplayMessage[id])
        var frame: Frame
        if let substitute = OperatorRequests.substitute(for: action, context: context) {
            frame = try await call(substitute.action, payload: substitute.payload, stationId: id, onSent: onSent)
        } else {
            let payload = try OperatorRequests.payload(for: action, arguments: arguments, context: context)
            if action == "ReserveNow", let reservation = payload["reservationId"]?.intValue { lastReservation[id] = reservation }
            if action == "SetDisplayMessage", let message = payload["message"]?["id"]?.intValue { lastDisplayMessage[id] = message }
            frame = try await call(action, payload: payload, stationId: id, onSent: onSent)
            // Seeded defect (block F, CSMS under test): a trigger the station did not accept is sent again.
            if action == "TriggerMessage", has(.csmsTriggerMessageRetried, session.version), case .callResult(let r) = frame, r.payload["status"]?.stringValue != "Accepted" {
                frame = try await call(action, payload: payload, stationId: id)
            }
        }
        switch frame {
        case .callResult(let r): return r.payload
        case .callError(let e): throw ControlError.callError(code: e.errorCode, description: e.errorDescription)
        default: throw ControlError.callError(code: "Unexpected", description: frame.text)
        }
    }

    /// Sends one CALL and waits for its answer, keeping to one outstanding CALL per station
    /// (OCPP-J §4.1.1) unless the csmsConcurrentCalls defect is on.
    private func call(_ action: String, payload: JSONValue, stationId: String, onSent: (@Sendable () -> Void)? = nil) async throws -> Frame {
        guard let session = sessions[stationId] else { throw ControlError.noStation(stationId) }
        let concurrent = has(.csmsConcurrentCalls, session.version)
        if !concurrent { await acquire(stationId) }
        defer { if !concurrent { release(stationId) } }
        guard var current = sessions[stationId], current.token == session.token else { throw TransportError.closed }
        let messageId = UUID().uuidString.lowercased()
        current.pending[messageId] = .expecting
        sessions[stationId] = current
        let text = Frame.call(Frame.Call(messageId: messageId, action: action, payload: payload)).text
        do {
            try await current.channel.send(text: text)
            onSent?()
        } catch {
            sessions[stationId]?.pending[messageId] = nil
            throw error
        }
        let timeout = configuration.messageTimeout
        return try await withThrowingTaskGroup(of: Frame?.self) { group in
            group.addTask { try await self.answer(to: messageId, stationId: stationId) }
            group.addTask { [clock] in
                try? await clock.sleep(for: timeout)
                await self.abandon(messageId, stationId: stationId, reason: "\(stationId) did not answer \(action) within \(timeout)")
                return nil
            }
            defer { group.cancelAll() }
            while let next = try await group.next() {
                if let frame = next { return frame }
            }
            throw ControlError.timeout("\(stationId) did not answer \(action)")
        }
    }

    private func answer(to messageId: String, stationId: String) async throws -> Frame {
        guard var session = sessions[stationId] else { throw TransportError.closed }
        switch session.pending[messageId] {
        case .arrived(let frame):
            session.pending[messageId] = nil
            sessions[stationId] = session
            return frame
        case .expecting:
            return try await withCheckedThrowingContinuation { k in
                sessions[stationId]?.pending[messageId] = .waiting(k)
            }
        case .waiting, .none:
            throw ControlError.timeout("no answer to \(messageId)")
        }
    }

    private func abandon(_ messageId: String, stationId: String, reason: String) {
        guard let entry = sessions[stationId]?.pending.removeValue(forKey: messageId) else { return }
        if case .waiting(let k) = entry { k.resume(throwing: ControlError.timeout(reason)) }
    }

    private func acquire(_ stationId: String) async {
        guard let session = sessions[stationId] else { return }
        if !session.busy {
            sessions[stationId]?.busy = true
            return
        }
        await withCheckedContinuation { k in sessions[stationId]?.gate.append(k) }
    }

    private func release(_ stationId: String) {
        guard var session = sessions[stationId] else { return }
        if session.gate.isEmpty {
            session.busy = false
        } else {
            session.gate.removeFirst().resume()
        }
        sessions[stationId] = session
    }
}
