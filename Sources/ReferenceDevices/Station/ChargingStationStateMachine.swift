import Foundation
import OCPPProtocol

/// The reference Charging Station as a plain value: events go in through `mutating` methods
/// (a frame arrived, a timer fired, the connection came up, someone plugged in a cable) and each
/// returns the ``StationAction``s its driver must carry out. It never sleeps, reads the clock or
/// touches a socket, so it is tested as a value and runs on any clock.
///
/// Behaviour follows OCPP 2.0.1 (Part 2 use cases, Part 6 expectations) or OCPP 1.6 edition 2,
/// except where a seeded ``Defect`` of the configuration says otherwise.
public struct ChargingStationStateMachine: Sendable {
    /// Where the station is in its registration with the CSMS (B01–B03).
    public enum Registration: String, Sendable {
        case notBooted, booting, pending, rejected, accepted
    }

    /// What an outgoing CALL is for, so that its answer can be acted on.
    enum Purpose: Sendable {
        case none
        case boot
        case authorize(evse: Int, token: IdToken, remoteStartId: Int?, stopping: Bool)
        case transactionEvent(evse: Int, transactionId: String)
        case startTransaction(evse: Int, ref: Int)
    }

    struct OutgoingCall: Sendable {
        var action: String
        var payload: JSONValue
        var purpose: Purpose = .none
        var isTransactionMessage = false
        /// Sent because the CSMS asked for it (the report after a GetBaseReport): allowed while
        /// Pending, when the CSMS may retrieve configuration and reports (B02, TC_B_02_CS).
        var requestedByCSMS = false
        /// 1.6: the local transaction reference whose Central System id goes into `transactionId`.
        var transactionRef: Int?
        var attempts = 0
        var messageId: String?
    }

    public let configuration: ChargingStationConfiguration
    public var version: OCPPVersion { configuration.version }
    let defects: Set<Defect>
    let catalog: MessageCatalog
    let parser: FrameParser
    var settings: StationSettings

    public internal(set) var registration: Registration = .notBooted
    /// Whether a connection to the CSMS is up.
    public internal(set) var isConnected = false
    /// False after `goOffline` until `goOnline`: the station does not dial.
    var wantsOnline = true
    var bootReason = "PowerUp"
    /// A reboot that waits until the transaction messages before it are delivered.
    var pendingReboot: String?
    /// A Reset OnIdle that waits for transactions to end (B12.FR.01).
    var resetWhenIdle = false
    var outstanding: OutgoingCall?
    var queue: [OutgoingCall] = []
    /// A failed transaction message waits for the retry timer (E13).
    var holdTransactionMessages = false
    /// heartbeatFromPowerUp: the heartbeat timer ran out before the boot was accepted; the
    /// Heartbeat goes out as soon as it is.
    var heartbeatDueAtBoot = false
    var evses: [EVSEState]
    var stationOperative = true
    var scheduledStationOperative: Bool?
    var cache: [String: AuthorizationEntry] = [:]
    var localList: [String: AuthorizationEntry] = [:]
    var localListVersion = 0
    /// The list memory fails: SendLocalList cannot be stored (the `preventLocalListStorage` action).
    var localListStorageFails = false
    /// The display messages the CSMS set (block O), in the order they came; kept over a reboot.
    var displayMessages: [JSONValue] = []

    /// Whether GetLocalListVersion reports the stored version: only while the list is on, unless
    /// the station has the localListVersionWhileDisabled defect (D02.FR.03, 1.6 §5.9).
    var reportsLocalListVersion: Bool { settings.localAuthListEnabled || has(.localListVersionWhileDisabled) }
    /// Authorization cache times and Master Pass state (C10, C16), see +GroupIdAndMasterPass.
    var authorizationExtras = AuthorizationExtras()
    var lastMessageId: String?
    var transactionCounter = 0
    /// 1.6: local transaction reference → transactionId from the Central System.
    var centralTransactionIds: [Int: Int] = [:]
    /// When the connection of an accepted station was lost (B04: offline threshold).
    var offlineSince: Date?
    /// Failed reconnection attempts since the connection was lost (Part 4 §5.3 back-off).
    var reconnectAttempts = 0
    /// B09/B10: the CSMS URL per network profile slot; the slots in use since the last boot, in
    /// priority order; the one being tried and the failed attempts on it.
    var networkProfiles: [Int: String] = [:]
    var activeSlots: [Int] = [1]
    var slotIndex = 0
    var slotAttempts = 0
    /// Installed root certificates and the CSMS root fallback (M03, M05).
    var certificates = CertificateStore201()
    /// Connector statuses last reported, by "evse/connector".
    var reportedStatus: [String: String] = [:]
    /// The log upload (N01) and the firmware update (L01) in progress, if any.
    var logUpload: FileTransferState?
    var firmwareUpdate: FileTransferState?
    var actions: [StationAction] = []

    public init(configuration: ChargingStationConfiguration) {
        self.configuration = configuration
        defects = configuration.defects.filter { $0.device == .chargingStation && $0.versions.contains(configuration.version) }
        catalog = MessageCatalog.builtIn(configuration.version)
        parser = FrameParser(version: configuration.version, catalog: catalog)
        settings = StationSettings(configuration: configuration)
        networkProfiles[1] = configuration.csmsUrl
        certificates.installed = configuration.csmsRootCertificates.compactMap { InstalledCertificate(type: "CSMSRootCertificate", pem: $0) }
        if configuration.version == .v16 {
            // 1.6 addresses connectors only: each connector is modelled as its own EVSE.
            let count = max(configuration.evses.reduce(0, +), 1)
            evses = (1...count).map { EVSEState(id: $0, connectors: [ConnectorState(id: 1)]) }
        } else {
            evses = configuration.evses.enumerated().map { index, connectors in
                EVSEState(id: index + 1, connectors: (1...max(connectors, 1)).map { ConnectorState(id: $0) })
            }
        }
    }

    func has(_ defect: Defect) -> Bool { defects.contains(defect) }

    mutating func take() -> [StationAction] {
        defer { actions = [] }
        return actions
    }

    // MARK: Connection

    /// The station is switched on: it dials the CSMS.
    public mutating func powerOn() -> [StationAction] {
        [.connect]
    }

    /// A connection to the CSMS is up.
    public mutating func connected(now: Date) -> [StationAction] {
        isConnected = true
        reconnectAttempts = 0
        slotAttempts = 0
        certificatesAfterConnecting()
        if let since = offlineSince, registration == .accepted, version == .v201 {
            // B04.FR.01: offline longer than OfflineThreshold, every connector is reported again;
            // shorter (B04.FR.02), only the connectors whose status changed meanwhile.
            if now.timeIntervalSince(since) > Double(settings.offlineThreshold), !has(.offlineFullReportMissing) { reportedStatus = [:] }
            if has(.offlineStatusChangesLost) { reportedStatus = currentStatuses() }
        }
        offlineSince = nil
        if registration == .accepted {
            // Back after a connection loss: no new boot (B04); report what changed and flush the queue.
            reportStatusChanges(now: now)
        } else {
            sendBootNotification(now: now)
            if configuration.heartbeatFromPowerUp {
                // The heartbeat timer runs from power-up, not from the accepted boot.
                heartbeatDueAtBoot = false
                scheduleHeartbeat()
            }
        }
        pump(now: now)
        return take()
    }

    /// Dialling failed: try again later. `certificateRejected`: the CSMS certificate did not chain
    /// to a trusted root (TLS handshake), which may switch to the fallback root (M05).
    public mutating func connectFailed(now: Date, certificateRejected: Bool = false) -> [StationAction] {
        reconnectAttempts += 1
        if certificateRejected { serverCertificateRejected() }
        networkProfileAttemptFailed()
        if wantsOnline { actions.append(.startTimer(.reconnect, after: reconnectWait)) }
        return take()
    }

    /// Part 4 §5.3: RetryBackOffWaitMinimum before the first attempt, doubled after each failed one
    /// up to RetryBackOffRepeatTimes doublings (RetryBackOffRandomRange is 0 here).
    var reconnectWait: Duration {
        let minimum = version == .v201 ? settings.retryBackOffWaitMinimum : 0
        guard minimum > 0 else { return configuration.reconnectDelay }
        let doublings = has(.reconnectBackOffNotDoubled) ? 0 : min(reconnectAttempts, max(settings.retryBackOffRepeatTimes, 0))
        return .seconds(minimum << doublings)
    }

    /// Every connector's status now, keyed as `reportedStatus` is.
    func currentStatuses() -> [String: String] {
        var out: [String: String] = [:]
        if version == .v16 { out["0"] = stationOperative ? "Available" : "Unavailable" }
        for index in evses.indices {
            for connector in evses[index].connectors {
                out["\(evses[index].id)/\(connector.id)"] = connectorStatus(evse: index, connector: connector.id)
            }
        }
        return out
    }

    /// The connection was lost (not closed by the station itself).
    public mutating func disconnected(now: Date) -> [StationAction] {
        if isConnected && registration == .accepted { offlineSince = now }
        dropConnection()
        if wantsOnline { actions.append(.startTimer(.reconnect, after: reconnectWait)) }
        return take()
    }

    mutating func dropConnection() {
        isConnected = false
        if let call = outstanding, call.isTransactionMessage {
            // Not acknowledged: it goes out again after reconnecting (E11.FR.02).
            var again = call
            again.messageId = nil
            queue.insert(again, at: 0)
        }
        outstanding = nil
        queue.removeAll { !$0.isTransactionMessage }
        if registration != .accepted { registration = .notBooted }
        actions += [.cancelTimer(.callTimeout), .cancelTimer(.heartbeat), .cancelTimer(.bootRetry)]
    }

    // MARK: Frames

    /// A text frame arrived from the CSMS.
    public mutating func frameReceived(_ text: String, now: Date) -> [StationAction] {
        let frame: Frame
        do {
            frame = try parser.parse(text)
        } catch {
            if error.warrantsReply {
                var reply = error.callError(for: version)
                if case .unknownAction = error.kind, has(.unknownActionWrongError), case .callError(var e) = reply {
                    e.errorCode = RPCErrorCode.formatViolation.spelling(for: version)
                    reply = .callError(e)
                }
                actions.append(.send(reply.text))
            }
            return take()
        }
        switch frame {
        case .call(let call):
            handleCall(call, now: now)
        case .callResult(let result):
            guard let call = outstanding, call.messageId == result.messageId else { break }
            outstanding = nil
            actions.append(.cancelTimer(.callTimeout))
            handleResult(of: call, payload: result.payload, now: now)
        case .callError(let error):
            guard let call = outstanding, call.messageId == error.messageId else { break }
            outstanding = nil
            actions.append(.cancelTimer(.callTimeout))
            handleFailure(of: call, now: now)
        case .callResultError, .send:
            break
        }
        finish(now: now)
        return take()
    }

    private mutating func handleCall(_ call: Frame.Call, now: Date) {
        func error(_ code: RPCErrorCode, _ description: String) {
            let frame = Frame.callError(Frame.CallError(messageId: call.messageId, errorCode: code.spelling(for: version), errorDescription: description))
            actions.append(.send(frame.text))
        }
        if let schema = catalog.schema(for: call.action, response: false) {
            let violations = SchemaValidator(maxViolations: 1).validate(call.payload, against: schema)
            if let first = violations.first {
                return error(first.errorCode, "\(call.action): \(first)")
            }
        }
        if has(.customDataRejected), call.payload["customData"] != nil {
            return error(.formatViolation, "\(call.action): unexpected member customData")
        }
        if registration == .rejected, !has(.rejectedNoSecurityError) {
            // B03.FR.08: while Rejected the station answers nothing but SecurityError.
            return error(.securityError, "the station is not accepted by the CSMS")
        }
        switch respond(to: call.action, payload: call.payload, now: now) {
        case .result(let payload):
            actions.append(.send(Frame.callResult(Frame.CallResult(messageId: call.messageId, payload: payload)).text))
        case .error(let code, let description):
            error(code, description)
        }
    }

    enum Reply {
        case result(JSONValue)
        case error(RPCErrorCode, String)
    }

    // MARK: Outgoing CALLs

    /// Queues a CALL. Messages other than transaction messages and BootNotification are dropped
    /// when there is no connection: a station reports its current state after reconnecting instead.
    mutating func enqueue(_ call: OutgoingCall, first: Bool = false) {
        if !call.isTransactionMessage && !isConnected { return }
        if call.isTransactionMessage && has(.offlineQueueDropped) && !isConnected { return }
        if first { queue.insert(call, at: 0) } else { queue.append(call) }
    }

    mutating func enqueue(_ action: String, _ payload: JSONValue, purpose: Purpose = .none) {
        enqueue(OutgoingCall(action: action, payload: payload, purpose: purpose))
    }

    private func maySend(_ call: OutgoingCall) -> Bool {
        if call.action == "BootNotification" { return true }
        if call.isTransactionMessage && holdTransactionMessages { return false }
        switch registration {
        case .accepted: return true
        case .pending: return (call.requestedByCSMS && !has(.pendingWithholdsReports)) || has(.bootIgnoresPending)
        case .rejected: return has(.bootRejectedSendsOtherMessages) && call.action == "Heartbeat"
        case .notBooted, .booting: return false
        }
    }

    /// Sends the next queued CALL when none is outstanding (OCPP-J allows one at a time).
    mutating func pump(now: Date) {
        // 1.6 (TC_015/TC_016): the StopTransaction and the Finishing status it causes go out before
        // the reboot; 2.0.1 waits for the transaction messages only.
        let drained = version == .v16 && !has(.resetRebootsBeforeStatusReport) ? queue.isEmpty : !queue.contains(where: \.isTransactionMessage)
        if let reason = pendingReboot, outstanding == nil, drained || !isConnected {
            pendingReboot = nil
            reboot(reason: reason, powerLoss: false, now: now)
            return
        }
        guard isConnected, outstanding == nil, let index = queue.firstIndex(where: maySend) else { return }
        var call = queue.remove(at: index)
        let id: String
        if has(.messageIdReused), call.action == "Heartbeat", let last = lastMessageId {
            id = last
        } else {
            id = UUID().uuidString.lowercased()
        }
        lastMessageId = id
        call.messageId = id
        call.attempts += 1
        var payload = call.payload
        if let ref = call.transactionRef {
            let transactionId = has(.ownTransactionIdInStop) ? ref : (centralTransactionIds[ref] ?? 0)
            payload = payload.setting("transactionId", to: .int(transactionId))
        }
        outstanding = call
        actions.append(.send(Frame.call(Frame.Call(messageId: id, action: call.action, payload: payload)).text))
        actions.append(.startTimer(.callTimeout, after: configuration.messageTimeout))
    }

    private mutating func handleFailure(of call: OutgoingCall, now: Date) {
        if call.isTransactionMessage {
            // E13: retry a transaction message up to MessageAttempts times, waiting longer each time.
            if (call.attempts < settings.transactionMessageAttempts || has(.transactionRetryIgnoresMaxAttempts)) && !has(.transactionMessageNotRetried) {
                var again = call
                again.messageId = nil
                queue.insert(again, at: 0)
                holdTransactionMessages = true
                let wait = settings.transactionMessageRetryInterval * (has(.transactionRetryIntervalNotMultiplied) ? 1 : call.attempts)
                actions.append(.startTimer(.transactionRetry, after: .seconds(wait)))
            }
        } else if case .boot = call.purpose {
            actions.append(.startTimer(.bootRetry, after: .seconds(configuration.bootRetryInterval)))
        }
    }

    /// Work that follows every event: report connector status changes and send what is queued.
    mutating func finish(now: Date) {
        reportStatusChanges(now: now)
        pump(now: now)
    }

    // MARK: Timers

    /// A timer the driver ran for this state machine has expired.
    public mutating func timerFired(_ timer: StationTimer, now: Date) -> [StationAction] {
        switch timer {
        case .bootRetry:
            if registration == .pending || registration == .rejected || registration == .booting { sendBootNotification(now: now) }
        case .heartbeat:
            if registration == .accepted || has(.bootIgnoresPending) || has(.bootRejectedSendsOtherMessages) {
                enqueue("Heartbeat", .object(JSONObject()))
                scheduleHeartbeat()
            } else if configuration.heartbeatFromPowerUp {
                heartbeatDueAtBoot = true
            }
        case .callTimeout:
            if let call = outstanding {
                outstanding = nil
                handleFailure(of: call, now: now)
            }
        case .reconnect:
            if wantsOnline && !isConnected { actions.append(.connect) }
        case .transactionRetry:
            holdTransactionMessages = false
        case .sampledMeterValues(let evse):
            sampleMeterValues(evse: evse, now: now)
        case .alignedMeterValues:
            alignedMeterValues(now: now)
        case .txEndedSampled(let evse):
            takeTxEndedSample(evse: evse, now: now)
        case .txEndedAligned:
            takeTxEndedAlignedSamples(now: now)
        case .evConnectionTimeout(let evse):
            evConnectionTimedOut(evse: evse, now: now)
        case .evDraws(let evse):
            evStartsDrawing(evse: evse, now: now)
        case .logUpload:
            logUploadProgressed(now: now)
        case .firmwareUpdate:
            firmwareUpdateProgressed(now: now)
        }
        finish(now: now)
        return take()
    }

    mutating func scheduleHeartbeat() {
        var interval = Double(max(settings.heartbeatInterval, 1))
        if has(.heartbeatLate) { interval *= 1.5 }
        if has(.heartbeatEarly) { interval *= 0.5 }
        actions.append(.startTimer(.heartbeat, after: .seconds(fractional: interval)))
    }

    // MARK: Boot (B01–B03, 1.6 §4.2)

    mutating func sendBootNotification(now: Date) {
        registration = .booting
        queue.removeAll { $0.action == "BootNotification" }
        let c = configuration
        let payload: JSONValue
        if version == .v16 {
            payload = .object([
                "chargePointVendor": .string(c.vendorName), "chargePointModel": .string(c.model),
                "chargePointSerialNumber": .string(c.serialNumber), "firmwareVersion": .string(c.firmwareVersion),
            ])
        } else {
            payload = .object([
                "reason": .string(has(.bootReasonAlwaysPowerUp) ? "PowerUp" : bootReason),
                "chargingStation": .object([
                    "model": .string(c.model), "vendorName": .string(c.vendorName),
                    "serialNumber": .string(c.serialNumber), "firmwareVersion": .string(c.firmwareVersion),
                ]),
            ])
        }
        enqueue(OutgoingCall(action: "BootNotification", payload: payload, purpose: .boot), first: true)
    }

    private mutating func handleBootResponse(_ payload: JSONValue, now: Date) {
        let status = payload.text("status") ?? "Rejected"
        let interval = payload["interval"]?.intValue ?? 0
        let retry = interval > 0 ? interval : configuration.bootRetryInterval
        switch status {
        case "Accepted":
            registration = .accepted
            if interval > 0 { settings.setHeartbeatInterval(interval) }
            actions.append(.cancelTimer(.bootRetry))
            if !configuration.heartbeatFromPowerUp { scheduleHeartbeat() }
            reportedStatus = [:]
            reportStatusChanges(now: now)
            if configuration.heartbeatFromPowerUp, heartbeatDueAtBoot {
                // The interval since power-up is over: a Heartbeat at once, then every interval.
                heartbeatDueAtBoot = false
                enqueue("Heartbeat", .object(JSONObject()))
                scheduleHeartbeat()
            }
            if version == .v201 {
                let type = bootReason == "PowerUp" ? "StartupOfTheDevice" : "ResetOrReboot"
                enqueue("SecurityEventNotification", .object(["type": .string(type), "timestamp": .string(OCPPDateTime.string(now))]))
            }
            scheduleAlignedMeterValues(now: now)
            scheduleTxEndedAligned(now: now)
        case "Pending":
            registration = .pending
            actions.append(.startTimer(.bootRetry, after: .seconds(retry)))
            if has(.bootIgnoresPending) {
                scheduleHeartbeat()
                reportedStatus = [:]
                reportStatusChanges(now: now, force: true)
            }
        default:
            registration = .rejected
            // The defects act well inside the interval so that they show even with the short
            // intervals and the time deviation of the reference profile.
            let wait = has(.bootRejectedRetriesEarly) ? Double(retry) / 4 : Double(retry)
            actions.append(.startTimer(.bootRetry, after: .seconds(fractional: wait)))
            if has(.bootRejectedSendsOtherMessages) {
                actions.append(.startTimer(.heartbeat, after: .seconds(fractional: Double(retry) / 2)))
            }
        }
    }

    // MARK: Answers

    private mutating func handleResult(of call: OutgoingCall, payload: JSONValue, now: Date) {
        switch call.purpose {
        case .none:
            break
        case .boot:
            handleBootResponse(payload, now: now)
        case .authorize(let evse, let token, let remoteStartId, let stopping):
            let info = version == .v16 ? payload["idTagInfo"] : payload["idTokenInfo"]
            authorizationAnswered(evse: evse, token: token, info: info ?? .object(JSONObject()), remoteStartId: remoteStartId, stopping: stopping, now: now)
        case .transactionEvent(let evse, let transactionId):
            // I02/I03: the running or final cost and a message for the driver go to the display
            // (not modelled); the defect takes such an answer for a bad one and sends the event again.
            if has(.tariffAnswerResent), payload["totalCost"] != nil || payload["updatedPersonalMessage"] != nil {
                var again = call
                again.messageId = nil
                enqueue(again, first: true)
                return
            }
            if let info = payload["idTokenInfo"] {
                transactionAuthorizationAnswered(evse: evse, transactionId: transactionId, info: info, now: now)
            }
        case .startTransaction(let evse, let ref):
            centralTransactionIds[ref] = payload["transactionId"]?.intValue ?? 0
            if let info = payload["idTagInfo"] {
                transactionAuthorizationAnswered(evse: evse, transactionId: String(ref), info: info, now: now)
            }
        }
    }

    // MARK: Reboot

    /// Power cycle (`powerLoss`) or a reboot the station chose (Reset). Transactions do not survive.
    mutating func reboot(reason: String, powerLoss: Bool, now: Date) {
        for index in evses.indices where evses[index].transaction != nil {
            endTransaction(at: index, trigger: "AbnormalCondition", stoppedReason: "PowerLoss", reason16: powerLoss ? "PowerLoss" : "Reboot", now: now)
        }
        for index in evses.indices {
            evses[index].authorization = nil
            evses[index].evSuspended = false
            evses[index].finishing = false
            actions += [.cancelTimer(.sampledMeterValues(evse: evses[index].id)), .cancelTimer(.evConnectionTimeout(evse: evses[index].id))]
        }
        applyScheduledAvailability()
        if version == .v201, has(.cacheNotPersistedOverReboot) { cache = [:] }
        if has(.localListNotPersistedOverReboot) {
            localList = [:]
            localListVersion = 0
            settings.setLocalListEntries(0)
        }
        authorizationExtras.pendingMasterPass = nil
        if has(.displayMessagesLostOnReboot) { displayMessages = [] }
        if has(.availabilityNotPersistedOverReset) && reason == "RemoteReset" || has(.availabilityLostOnPowerCycle) && powerLoss {
            stationOperative = true
            for index in evses.indices {
                evses[index].operative = true
                for c in evses[index].connectors.indices { evses[index].connectors[c].operative = true }
            }
        }
        resetWhenIdle = false
        offlineSince = nil
        applyNetworkConfigurationPriority()
        bootReason = reason
        if isConnected {
            actions.append(.disconnect)
        }
        dropConnection()
        registration = .notBooted
        holdTransactionMessages = false
        actions += [.cancelTimer(.alignedMeterValues), .cancelTimer(.transactionRetry)]
        if wantsOnline { actions.append(.startTimer(.reconnect, after: configuration.reconnectDelay)) }
    }

    // MARK: Status (G01; 1.6 §4.9)

    /// The 2.0.1 ConnectorStatus or the 1.6 ChargePointStatus a connector has now.
    func connectorStatus(evse index: Int, connector: Int) -> String {
        let evse = evses[index]
        guard let c = evse.connectors.first(where: { $0.id == connector }) else { return "Unavailable" }
        if c.faulted { return "Faulted" }
        if !stationOperative || !evse.operative || !c.operative { return "Unavailable" }
        // G04: a station-wide Inoperative that waits for running transactions (Scheduled) already
        // applies to the EVSEs without one.
        if version == .v201, scheduledStationOperative == false, evse.transaction == nil, !has(.idleEVSEsAvailableWhileScheduled) { return "Unavailable" }
        if version == .v201 { return c.plugged ? "Occupied" : "Available" }
        if evse.transaction != nil {
            if evse.suspendedInvalidId { return "SuspendedEVSE" }
            if evse.evSuspended { return "SuspendedEV" }
            return c.plugged ? "Charging" : "SuspendedEVSE"
        }
        if c.plugged { return evse.finishing ? "Finishing" : "Preparing" }
        return evse.authorization != nil ? "Preparing" : "Available"
    }

    /// Sends a StatusNotification for every connector whose status differs from the one last
    /// reported. Only while accepted and connected; after a reconnect the differences go out.
    mutating func reportStatusChanges(now: Date, force: Bool = false) {
        guard isConnected, registration == .accepted || force else { return }
        if version == .v16 {
            let status = stationOperative ? "Available" : "Unavailable"
            if reportedStatus["0"] != status {
                reportedStatus["0"] = status
                if !has(.connector0StatusMissing) { enqueueStatus(evse: 0, connector: 0, status: status, now: now) }
            }
        }
        for index in evses.indices {
            for (position, connector) in evses[index].connectors.enumerated() {
                let evseId = evses[index].id
                var status = connectorStatus(evse: index, connector: connector.id)
                let key = "\(evseId)/\(connector.id)"
                guard reportedStatus[key] != status else { continue }
                reportedStatus[key] = status
                if has(.occupiedNotReported), status == "Occupied" { continue }
                let isSecond = version == .v16 ? evseId == 2 : (position == 1 || (evseId == 2 && position == 0))
                if has(.noStatusNotificationConnector2), isSecond { continue }
                if has(.statusNotificationWrongStatus), status == "Available" { status = "Unavailable" }
                enqueueStatus(evse: evseId, connector: connector.id, status: status, errorCode: status == "Faulted" ? connector.faultCode : nil, now: now)
            }
        }
    }

    mutating func enqueueStatus(evse: Int, connector: Int, status: String, errorCode: String? = nil, now: Date) {
        let timestamp = JSONValue.string(OCPPDateTime.string(now))
        if version == .v16 {
            enqueue("StatusNotification", .object([
                "connectorId": .int(evse), "errorCode": .string(status == "Faulted" ? (has(.faultErrorCodeAlwaysOther) ? "OtherError" : errorCode ?? "OtherError") : "NoError"),
                "status": .string(status), "timestamp": timestamp,
            ]))
        } else {
            enqueue("StatusNotification", .object([
                "timestamp": timestamp, "connectorStatus": .string(status), "evseId": .int(evse), "connectorId": .int(connector),
            ]))
        }
    }

    /// Applies ChangeAvailability requests that waited for transactions to end (G03.FR.05).
    mutating func applyScheduledAvailability() {
        for index in evses.indices where evses[index].transaction == nil {
            if let s = evses[index].scheduledOperative {
                evses[index].operative = s
                evses[index].scheduledOperative = nil
            }
            for c in evses[index].connectors.indices {
                if let s = evses[index].connectors[c].scheduledOperative {
                    evses[index].connectors[c].operative = s
                    evses[index].connectors[c].scheduledOperative = nil
                }
            }
        }
        if let s = scheduledStationOperative, !evses.contains(where: { $0.transaction != nil }) {
            stationOperative = s
            scheduledStationOperative = nil
        }
    }

    func evseIndex(_ id: Int) -> Int? { evses.firstIndex { $0.id == id } }

    var hasTransactions: Bool { evses.contains { $0.transaction != nil } }

    /// OCPP-J JSON for outgoing payloads: absent optionals left out (or null, as a defect).
    func object(_ members: KeyValuePairs<String, JSONValue?>) -> JSONValue {
        .object(members, nullForAbsent: has(.nullForOptionalFields))
    }
}
