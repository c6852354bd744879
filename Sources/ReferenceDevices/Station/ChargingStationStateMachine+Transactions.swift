import Foundation
import OCPPProtocol

/// The physical world and transactions: plugging in, presenting idTokens, authorization (C01,
/// C10–C15), transaction events (E01–E07, E11–E13), meter values (J01, J02) and their 1.6
/// counterparts (StartTransaction, StopTransaction, MeterValues).
extension ChargingStationStateMachine {
    // MARK: Physical events

    /// The EV's cable is plugged into a connector.
    public mutating func plugIn(evse: Int, connector: Int, now: Date) throws(ControlError) -> ([StationAction], JSONValue) {
        let index = try locate(evse: evse, connector: connector)
        let c = evses[index].connectors.firstIndex { $0.id == connector } ?? 0
        evses[index].connectors[c].plugged = true
        evses[index].evDrawing = false
        evses[index].evGone = false
        evses[index].finishing = false
        if has(.identificationBeforePlugInForgotten), evses[index].transaction == nil { evses[index].authorization = nil }
        actions.append(.cancelTimer(.evConnectionTimeout(evse: evses[index].id)))
        // The connector reports Occupied first, then the transaction reacts (Part 6 order).
        reportStatusChanges(now: now)
        advance(trigger: "CablePluggedIn", at: index, now: now)
        finish(now: now)
        return (take(), connectorReport(index, connector))
    }

    /// The cable is taken out (EV side or station side: the same on the wire).
    public mutating func unplug(evse: Int, connector: Int, now: Date) throws(ControlError) -> ([StationAction], JSONValue) {
        let index = try locate(evse: evse, connector: connector)
        let c = evses[index].connectors.firstIndex { $0.id == connector } ?? 0
        evses[index].connectors[c].plugged = false
        // The next plug is pushed in properly (G05: a lock failure lasts as long as this plug).
        evses[index].connectors[c].lockObstructed = false
        evses[index].finishing = false
        evses[index].evSuspended = false
        evses[index].evDrawing = false
        actions.append(.cancelTimer(.evDraws(evse: evses[index].id)))
        // A detachable cable whose EV side was disconnected before: the transaction already reacted.
        let evAlreadyGone = evses[index].evGone
        evses[index].evGone = false
        evses[index].cableLocked = false
        reportStatusChanges(now: now)
        if evAlreadyGone {
            finish(now: now)
            return (take(), connectorReport(index, connector))
        }
        if evses[index].transaction != nil {
            if version == .v16 {
                endTransaction(at: index, trigger: "", stoppedReason: "", reason16: "EVDisconnected", now: now)
            } else if !settings.txStopPoints.isDisjoint(with: ["EVConnected", "PowerPathClosed", "EnergyTransfer"]) || (settings.stopTxOnEVSideDisconnect && evses[index].authorization != nil) || has(.evSideDisconnectAlwaysEnds) {
                evses[index].transaction?.chargingState = "Idle"
                // A transaction whose energy transfer was already stopped (StopAuthorized, remote
                // stop) ends for that reason, not for the unplugging (Part 6's rule for Local).
                let reason = evses[index].transaction?.stopReason ?? "EVDisconnected"
                endTransaction(at: index, trigger: "EVCommunicationLost", stoppedReason: reason, now: now)
            } else {
                // StopTxOnEVSideDisconnect false (E10): the transaction is suspended; the EV may
                // come back within EVConnectionTimeOut and charge again on the same authorization.
                evses[index].transaction?.chargingState = "Idle"
                transactionEvent(at: index, type: "Updated", trigger: "EVCommunicationLost", now: now)
                if evses[index].authorization != nil {
                    actions.append(.startTimer(.evConnectionTimeout(evse: evses[index].id), after: .seconds(max(settings.evConnectionTimeOut, 1))))
                    finish(now: now)
                    return (take(), connectorReport(index, connector))
                }
            }
        }
        evses[index].authorization = nil
        finish(now: now)
        return (take(), connectorReport(index, connector))
    }

    /// The parking bay sensor of an EVSE sees a vehicle arrive or leave (E01 S1 / E06 S1).
    public mutating func parkingBay(occupied: Bool, evse: Int, now: Date) throws(ControlError) -> ([StationAction], JSONValue) {
        let index = try locate(evse: evse, connector: nil)
        evses[index].bayOccupied = occupied
        if occupied {
            advance(trigger: "EVDetected", at: index, now: now)
        } else if version == .v201, evses[index].transaction != nil, settings.txStopPoints.contains("ParkingBayOccupancy") {
            let reason = evses[index].transaction?.stopReason ?? "Local"
            endTransaction(at: index, trigger: "EVDeparted", stoppedReason: reason, now: now)
        }
        finish(now: now)
        return (take(), .object(["evse": .int(evse), "bayOccupied": .bool(occupied)]))
    }

    /// 1.6: the cable is pulled out at the EV side while it stays in the Charge Point's socket
    /// (TC_005). With StopTransactionOnEVSideDisconnect the transaction ends (EVDisconnected) and
    /// the connector is Finishing until the cable is taken out; otherwise it goes on, suspended.
    public mutating func unplugEVSide(evse: Int, now: Date) throws(ControlError) -> ([StationAction], JSONValue) {
        if version == .v201, configuration.detachableCable {
            // 2.0.1 with a detachable cable (E09, E10): the EV is gone but the cable stays in the
            // station's socket, so the connector stays Occupied until it is taken out there.
            let index = try locate(evse: evse, connector: nil)
            guard let connector = evses[index].pluggedConnectorId, !evses[index].evGone else { return try unplug(evse: evse, connector: 1, now: now) }
            if has(.evSideDisconnectUnnoticed) { return (take(), connectorReport(index, connector)) }
            evses[index].evGone = true
            evses[index].evSuspended = false
            let token = evses[index].transaction?.token ?? evses[index].authorization?.token ?? evses[index].sessionToken
            evses[index].cableLocked = token != nil && !settings.unlockOnEVSideDisconnect
            evses[index].sessionToken = token
            if evses[index].transaction != nil {
                if !settings.txStopPoints.isDisjoint(with: ["EVConnected", "PowerPathClosed", "EnergyTransfer"]) || (settings.stopTxOnEVSideDisconnect && evses[index].authorization != nil) {
                    evses[index].transaction?.chargingState = "Idle"
                    endTransaction(at: index, trigger: "EVCommunicationLost", stoppedReason: "EVDisconnected", now: now)
                    evses[index].authorization = nil
                } else {
                    evses[index].transaction?.chargingState = "Idle"
                    transactionEvent(at: index, type: "Updated", trigger: "EVCommunicationLost", now: now)
                }
            } else {
                evses[index].authorization = nil
            }
            finish(now: now)
            return (take(), connectorReport(index, connector))
        }
        guard version == .v16 else { return try unplug(evse: evse, connector: 1, now: now) }
        let index = try locate(evse: evse, connector: nil)
        guard evses[index].transaction != nil else { return try unplug(evse: evse, connector: 1, now: now) }
        var stops = settings.keys["StopTransactionOnEVSideDisconnect"]?.value.lowercased() != "false"
        if has(.evSideDisconnectIgnoresSetting) { stops.toggle() }
        if stops {
            endTransaction(at: index, trigger: "", stoppedReason: "", reason16: "EVDisconnected", now: now)
            evses[index].authorization = nil
        } else {
            evses[index].evSuspended = true
        }
        finish(now: now)
        return (take(), connectorReport(index, 1))
    }

    /// The EV stops drawing energy.
    public mutating func evSuspend(evse: Int, now: Date) throws(ControlError) -> [StationAction] {
        let index = try locate(evse: evse, connector: nil)
        evses[index].evSuspended = true
        updateChargingState(at: index, now: now)
        finish(now: now)
        return take()
    }

    /// The EV draws energy again.
    public mutating func evResume(evse: Int, now: Date) throws(ControlError) -> [StationAction] {
        let index = try locate(evse: evse, connector: nil)
        evses[index].evSuspended = false
        updateChargingState(at: index, now: now)
        finish(now: now)
        return take()
    }

    /// A connector reports a fault (G05 / 1.6 errorCode).
    public mutating func setFault(_ faulted: Bool, evse: Int, connector: Int, code: String? = nil, now: Date) throws(ControlError) -> [StationAction] {
        let index = try locate(evse: evse, connector: connector)
        let c = evses[index].connectors.firstIndex { $0.id == connector } ?? 0
        evses[index].connectors[c].faulted = faulted
        evses[index].connectors[c].faultCode = faulted ? code : nil
        updateChargingState(at: index, now: now)
        finish(now: now)
        return take()
    }

    /// The connection to the CSMS is cut and stays down until ``goOnline(now:)``.
    public mutating func goOffline(now: Date) -> [StationAction] {
        wantsOnline = false
        if isConnected && registration == .accepted { offlineSince = now }
        if isConnected { actions.append(.disconnect) }
        dropConnection()
        actions.append(.cancelTimer(.reconnect))
        return take()
    }

    /// The station may dial the CSMS again.
    public mutating func goOnline(now: Date) -> [StationAction] {
        wantsOnline = true
        if !isConnected { actions.append(.connect) }
        return take()
    }

    /// Power cycle: the station goes down and boots again with reason PowerUp.
    public mutating func powerCycle(now: Date) -> [StationAction] {
        reboot(reason: "PowerUp", powerLoss: true, now: now)
        return take()
    }

    func locate(evse: Int, connector: Int?) throws(ControlError) -> Int {
        guard let index = evseIndex(evse) else { throw .unknownEVSE(evse) }
        if let connector, !evses[index].connectors.contains(where: { $0.id == connector }) {
            throw .unknownConnector(evse: evse, connector: connector)
        }
        return index
    }

    func connectorReport(_ index: Int, _ connector: Int) -> JSONValue {
        .object([
            "evse": .int(evses[index].id), "connector": .int(connector),
            "status": .string(connectorStatus(evse: index, connector: connector)),
            "transactionId": evses[index].transaction.map { .string($0.id) } ?? .null,
        ])
    }

    // MARK: Authorization

    /// Someone presents an idToken at the station (card reader).
    public mutating func presentIdToken(_ token: IdToken, evse requested: Int?, now: Date) throws(ControlError) -> ([StationAction], JSONValue) {
        if let requested { _ = try locate(evse: requested, connector: nil) }
        refreshAuthorizationCache(presented: token, now: now)
        // The token of the session releases a cable left locked after the EV side was
        // disconnected (E09, UnlockOnEVSideDisconnect false); it starts nothing.
        if let index = evses.firstIndex(where: { $0.cableLocked && $0.transaction == nil && $0.sessionToken?.idToken == token.idToken && (requested == nil || $0.id == requested) }) {
            evses[index].cableLocked = false
            return (take(), .object(["evse": .int(evses[index].id), "result": "cable released"]))
        }
        // Presenting the token of a running transaction stops it (C01.FR.03, E06 StopAuthorized).
        if let index = evses.firstIndex(where: { $0.transaction?.token?.idToken == token.idToken && (requested == nil || $0.id == requested) }) {
            if version == .v201, has(.sameIdTokenDoesNotStop) {
                return (take(), .object(["evse": .int(evses[index].id), "result": "ignored: transaction already running"]))
            }
            stopAuthorized(at: index, token: token, now: now)
            finish(now: now)
            return (take(), .object(["evse": .int(evses[index].id), "result": "stopping"]))
        }
        // Free EVSEs, and EVSEs whose transaction started without an idToken (TxStartPoint
        // EVConnected / ParkingBayOccupancy) and still waits for one (E02).
        let candidates = evses.indices.filter {
            (evses[$0].transaction == nil || evses[$0].transaction?.token == nil) && evses[$0].authorization == nil
                && (requested == nil || evses[$0].id == requested)
        }
        if candidates.isEmpty, let requested, let index = evseIndex(requested), evses[index].transaction == nil, evses[index].authorization != nil {
            // Already authorized and waiting for the cable (E03): the reader ignores another card.
            return (take(), .object(["evse": .int(requested), "result": "ignored: already authorized, waiting for the cable"]))
        }
        guard let index = candidates.first(where: { evses[$0].plugged }) ?? candidates.first else {
            if let index = evses.firstIndex(where: { $0.transaction != nil && (requested == nil || $0.id == requested) }) {
                // Another token on a busy EVSE: it may stop the transaction if its group matches (C09).
                if version == .v16, has(.stopsOnAnyIdTag) {
                    stopAuthorized(at: index, token: token, now: now)
                    finish(now: now)
                    return (take(), .object(["evse": .int(evses[index].id), "result": "stopping"]))
                }
                if version == .v16, evses[index].transaction?.groupId == nil {
                    // 1.6 §3.10: only the same idTag or one with the transaction's parentIdTag ends it;
                    // a transaction without a parentIdTag has nothing to compare with (OCTT TC_068).
                    finish(now: now)
                    return (take(), .object(["evse": .int(evses[index].id), "result": "ignored: another idTag cannot end this transaction"]))
                }
                if stopByLocalGroup(token, at: index, now: now) {
                    finish(now: now)
                    return (take(), .object(["evse": .int(evses[index].id), "result": "stopping (group known locally)"]))
                }
                if isConnected, registration == .accepted {
                    sendAuthorize(token, evse: evses[index].id, remoteStartId: nil, stopping: true)
                } else if !isConnected, settings.localAuthorizeOffline, !has(.offlineGroupStopIgnored), let entry = localEntry(token.idToken),
                    entry.isAccepted(at: now), let group = entry.groupId, group == evses[index].transaction?.groupId
                {
                    // Offline (E08 / C09): the local list or cache knows the idToken's group; the same group stops.
                    stopAuthorized(at: index, token: token, now: now)
                    finish(now: now)
                    return (take(), .object(["evse": .int(evses[index].id), "result": "stopping (same group, offline)"]))
                }
                finish(now: now)
                return (take(), .object(["evse": .int(evses[index].id), "result": "checkingGroup"]))
            }
            throw .noFreeEVSE
        }
        let evseId = evses[index].id
        guard registration == .accepted || !isConnected || has(.bootIgnoresPending) else {
            return (take(), .object(["evse": .int(evseId), "result": "ignored: the station is not accepted"]))
        }
        var result = "authorizing"
        if !isConnected {
            // Offline (C13, C15): the local list first, then the cache, then OfflineTxForUnknownId.
            if let entry = localEntry(token.idToken), settings.localAuthorizeOffline {
                if entry.isAccepted(at: now) { grant(at: index, token: token, groupId: entry.groupId, trigger: "Authorized", remoteStartId: nil, now: now); result = "authorized offline" } else { result = "rejected offline" }
            } else if settings.offlineTxForUnknownId, !(version == .v201 && has(.offlineUnknownIdRejected)) {
                grant(at: index, token: token, groupId: nil, trigger: "Authorized", remoteStartId: nil, now: now)
                result = "authorized offline (unknown id)"
            } else {
                result = "rejected offline"
            }
        } else if settings.localPreAuthorize || (version == .v201 && has(.cacheUsedWithoutLocalPreAuthorize)), !has(.localPreAuthorizeIgnored),
            let entry = localEntry(token.idToken), preAuthorizes(entry, idToken: token.idToken, now: now), !isMasterPass(entry) {
            grant(at: index, token: token, groupId: entry.groupId, trigger: "Authorized", remoteStartId: nil, now: now)
            result = "authorized locally"
        } else if cacheRefusesWithoutAsking(token.idToken, now: now) {
            result = "rejected: not Accepted in the authorization cache (no post-authorization)"
        } else if settings.disableRemoteAuthorization, !(version == .v201 && has(.authorizesWhenRemoteDisabled)) {
            // AuthCtrlr.DisableRemoteAuthorization (C-58): only the local list and the cache decide.
            if let entry = localEntry(token.idToken), entry.isAccepted(at: now) {
                grant(at: index, token: token, groupId: entry.groupId, trigger: "Authorized", remoteStartId: nil, now: now)
                result = "authorized locally"
            } else {
                result = "rejected: unknown locally and remote authorization is disabled"
            }
        } else {
            if has(.startTransactionBeforeAuthorize) {
                grant(at: index, token: token, groupId: nil, trigger: "Authorized", remoteStartId: nil, now: now)
            }
            sendAuthorize(token, evse: evseId, remoteStartId: nil, stopping: false)
        }
        finish(now: now)
        return (take(), .object(["evse": .int(evseId), "result": .string(result)]))
    }

    /// The local list entry, else the cache entry, for an idToken (C13.FR.01: the list wins).
    func localEntry(_ idToken: String) -> AuthorizationEntry? {
        if settings.localAuthListEnabled, let e = localList[idToken] { return e }
        if settings.authCacheEnabled, let e = cache[idToken] { return e }
        return nil
    }

    mutating func sendAuthorize(_ token: IdToken, evse: Int, remoteStartId: Int?, stopping: Bool) {
        let payload: JSONValue
        if version == .v16 {
            payload = .object(["idTag": .string(token.idToken)])
        } else if has(.authorizeWithoutIdTokenType) {
            payload = .object(["idToken": .object(["idToken": .string(token.idToken)])])
        } else {
            payload = .object(["idToken": .object(["idToken": .string(token.idToken), "type": .string(token.type)])])
        }
        enqueue("Authorize", payload, purpose: .authorize(evse: evse, token: token, remoteStartId: remoteStartId, stopping: stopping))
    }

    mutating func remember(_ token: IdToken, info: JSONValue, now: Date? = nil) {
        guard settings.authCacheEnabled, let status = info.text("status") else { return }
        if let now { authorizationExtras.cacheStored[token.idToken] = now }
        let expiry = (info.text("cacheExpiryDateTime") ?? info.text("expiryDate")).flatMap(OCPPDateTime.date)
        let group = info["groupIdToken"]?.text("idToken") ?? info.text("parentIdTag")
        cache[token.idToken] = AuthorizationEntry(status: status, groupId: group, expiry: expiry)
    }

    mutating func authorizationAnswered(evse: Int, token: IdToken, info: JSONValue, remoteStartId: Int?, stopping: Bool, now: Date) {
        if !(version == .v201 && has(.cacheNotUpdatedOnAuthorize)) { remember(token, info: info, now: now) }
        if masterPassAnswered(evse: evse, token: token, info: info, stopping: stopping, now: now) { return }
        guard let index = evseIndex(evse) else { return }
        let accepted = info.text("status") == "Accepted"
        let group = info["groupIdToken"]?.text("idToken") ?? info.text("parentIdTag")
        if stopping {
            if accepted || (version == .v201 && has(.groupIdStopIgnoresStatus)), let tx = evses[index].transaction,
                (group != nil && group == tx.groupId && !(version == .v201 && has(.groupIdIgnoredWhenStopping))
                    && !(version == .v16 && has(.parentIdTagIgnoredOnStop))) || has(.differentIdTokenStops) {
                stopAuthorized(at: index, token: token, now: now)
            }
            return
        }
        guard accepted || has(.acceptsUnknownIdToken) else { return }
        if evses[index].authorization == nil && (evses[index].transaction == nil || evses[index].transaction?.token == nil) {
            grant(at: index, token: token, groupId: group, trigger: remoteStartId == nil ? "Authorized" : "RemoteStart", remoteStartId: remoteStartId, now: now)
        }
    }

    /// The EVSE is authorized: start or advance the transaction, or wait for the cable (E03).
    mutating func grant(at index: Int, token: IdToken, groupId: String?, trigger: String, remoteStartId: Int?, now: Date) {
        evses[index].authorization = EVSEAuthorization(token: token, groupId: groupId, trigger: trigger, remoteStartId: remoteStartId)
        if !evses[index].plugged {
            actions.append(.startTimer(.evConnectionTimeout(evse: evses[index].id), after: .seconds(max(settings.evConnectionTimeOut, 1))))
        }
        advance(trigger: trigger, at: index, now: now)
    }

    mutating func evConnectionTimedOut(evse: Int, now: Date) {
        guard let index = evseIndex(evse), evses[index].authorization != nil, !evses[index].plugged else { return }
        if version == .v201, has(.evConnectionTimeoutIgnored) { return }
        if evses[index].transaction != nil, version == .v201 {
            endTransaction(at: index, trigger: "EVConnectTimeout", stoppedReason: "Timeout", now: now)
        }
        evses[index].authorization = nil
    }

    /// The CSMS answered a transaction message with idTokenInfo (E05, C10.FR.05, 1.6 StartTransaction.conf).
    mutating func transactionAuthorizationAnswered(evse: Int, transactionId: String, info: JSONValue, now: Date) {
        guard let index = evseIndex(evse), let tx = evses[index].transaction, tx.id == transactionId else { return }
        if let token = tx.token, !(version == .v201 && has(.cacheNotUpdatedFromTransactionEvent)) { remember(token, info: info, now: now) }
        if let group = info["groupIdToken"]?.text("idToken") ?? info.text("parentIdTag") {
            evses[index].transaction?.groupId = group
        }
        guard let status = info.text("status"), status != "Accepted" else { return }
        if version == .v16, !settings.stopTxOnInvalidId {
            // 1.6 §9.1.24 / §9.1.14: the transaction goes on, but without energy (MaxEnergyOnInvalidId 0).
            if !has(.invalidIdKeepsDelivering) { evses[index].suspendedInvalidId = true }
            return
        }
        if version == .v201, !settings.stopTxOnInvalidId {
            // StopTxOnInvalidId false: energy goes on up to MaxEnergyOnInvalidId (C12, C15.FR.08).
            limitEnergyAfterInvalidId(at: index, now: now)
            return
        }
        guard settings.stopTxOnInvalidId, !has(.continuesAfterInvalidIdToken) else { return }
        // Deauthorized: the energy transfer stops before the transaction ends.
        evses[index].authorization = nil
        if version == .v201 {
            let state = physicalChargingState(at: index)
            evses[index].transaction?.chargingState = state
        }
        endTransaction(at: index, trigger: "Deauthorized", stoppedReason: "DeAuthorized", reason16: "DeAuthorized", now: now)
    }

    // MARK: Transaction flow

    /// Moves the EVSE's transaction forward after `trigger` (CablePluggedIn, Authorized,
    /// RemoteStart): starts it at the configured TxStartPoint (E01), or reports the event.
    mutating func advance(trigger: String, at index: Int, now: Date) {
        guard registration == .accepted || !isConnected || has(.bootIgnoresPending) else { return }
        let evse = evses[index]
        let plugged = evse.plugged
        let authorized = evse.authorization != nil
        if version == .v16 {
            // A faulted connector starts nothing (1.6 §4.9 Faulted; OCTT TC_041).
            let usable = !evse.faulted || has(.startsTransactionWhenFaulted)
            if evse.transaction == nil, plugged, authorized, stationOperative, evse.operative, usable { startTransaction16(at: index, now: now) }
            return
        }
        let points = settings.txStartPoints
        if evse.transaction == nil {
            // TxStartPoint EnergyTransfer alone (E01 S6): the transaction starts when energy flows.
            let energyOnly = points.contains("EnergyTransfer")
                && points.isDisjoint(with: ["EVConnected", "ParkingBayOccupancy", "Authorized", "PowerPathClosed", "DataSigned"])
            let starts = (points.contains("EVConnected") && plugged) || (points.contains("ParkingBayOccupancy") && (has(.parkingBaySensorIgnored) ? plugged : evse.bayOccupied))
                || (points.contains("Authorized") && authorized)
                || (!energyOnly && !points.isDisjoint(with: ["PowerPathClosed", "EnergyTransfer", "DataSigned"]) && plugged && authorized && !lockBlocksCharging(at: index))
                || (energyOnly && plugged && authorized && physicalChargingState(at: index) == "Charging")
            guard starts else {
                if energyOnly, configuration.powerPathClosedAtPlugIn, plugged, authorized, physicalChargingState(at: index) == "SuspendedEV",
                    !evse.evDrawing, !evse.evSuspended
                {
                    // The power path is closed; the transaction starts when the EV draws (E01 S6).
                    actions.append(.startTimer(.evDraws(evse: evse.id), after: .seconds(configuration.evDrawDelay)))
                }
                checkConnectorLock(at: index, now: now)
                return
            }
            // powerPathClosedAtPlugIn: the closing power path itself starts the transaction
            // (nothing earlier did), which is then already offering energy (SuspendedEV or Charging).
            let startedByPowerPath = configuration.powerPathClosedAtPlugIn && !energyOnly && points.contains("PowerPathClosed")
                && points.isDisjoint(with: ["EVConnected", "ParkingBayOccupancy", "Authorized"])
            transactionCounter += 1
            evses[index].transaction = TransactionState(
                id: UUID().uuidString.lowercased(), ref: transactionCounter, connectorId: evse.pluggedConnectorId ?? 1,
                chargingState: energyOnly ? "Charging" : startedByPowerPath ? physicalChargingState(at: index) : plugged ? "EVConnected" : "Idle",
                meterStartWh: Int(evse.meterWh), startTime: now)
            evses[index].lastMeterUpdate = now
            attachAuthorization(at: index)
            // TxStartPoint DataSigned alone (E01 S4): the meter's first signed reading, taken when the
            // power path closes, starts the transaction.
            let dataSignedOnly = points.contains("DataSigned")
                && points.isDisjoint(with: ["EVConnected", "ParkingBayOccupancy", "Authorized", "PowerPathClosed", "EnergyTransfer"])
            let startTrigger = energyOnly || (startedByPowerPath && trigger == "CablePluggedIn") ? "ChargingStateChanged" : dataSignedOnly ? "SignedDataReceived" : trigger
            transactionEvent(at: index, type: "Started", trigger: startTrigger, meterContext: "Transaction.Begin", now: now)
            scheduleTxEndedSample(evse: evse.id)
            if settings.sampledDataInterval > 0, settings.sampledDataEnabled, !has(.noPeriodicMeterValues) {
                actions.append(.startTimer(.sampledMeterValues(evse: evse.id), after: .seconds(settings.sampledDataInterval)))
            }
        } else {
            if trigger == "CablePluggedIn", let c = evse.pluggedConnectorId, !evses[index].transaction!.evseReported {
                evses[index].transaction?.connectorId = c
            }
            attachAuthorization(at: index)
            evses[index].transaction?.chargingState = plugged ? "EVConnected" : "Idle"
            transactionEvent(at: index, type: "Updated", trigger: trigger, now: now)
        }
        updateChargingState(at: index, now: now)
        checkConnectorLock(at: index, now: now)
    }

    private mutating func attachAuthorization(at index: Int) {
        guard let auth = evses[index].authorization, evses[index].transaction?.token == nil else { return }
        evses[index].transaction?.token = auth.token
        evses[index].transaction?.groupId = auth.groupId
        evses[index].transaction?.remoteStartId = auth.remoteStartId
    }

    /// The charging state the EVSE is physically in.
    func physicalChargingState(at index: Int) -> String {
        let evse = evses[index]
        guard evse.plugged, !evse.evGone else { return "Idle" }
        guard evse.authorization != nil, stationOperative, evse.operative, !evse.faulted, !lockBlocksCharging(at: index) else {
            return evse.faulted ? "SuspendedEVSE" : "EVConnected"
        }
        if evse.suspendedInvalidId { return "SuspendedEVSE" }
        if configuration.powerPathClosedAtPlugIn, !evse.evDrawing { return "SuspendedEV" }
        return evse.evSuspended ? "SuspendedEV" : "Charging"
    }

    /// The EV draws from the closed power path (powerPathClosedAtPlugIn): SuspendedEV becomes Charging.
    mutating func evStartsDrawing(evse: Int, now: Date) {
        guard let index = evseIndex(evse), evses[index].plugged else { return }
        evses[index].evDrawing = true
        guard evses[index].transaction != nil else {
            // TxStartPoint EnergyTransfer: the energy now flowing starts the transaction.
            advance(trigger: "ChargingStateChanged", at: index, now: now)
            return
        }
        updateChargingState(at: index, now: now)
    }

    /// Reports a change of charging state with triggerReason ChargingStateChanged (E02.FR.10).
    mutating func updateChargingState(at index: Int, now: Date) {
        guard version == .v201, let tx = evses[index].transaction else { return }
        let state = physicalChargingState(at: index)
        if configuration.powerPathClosedAtPlugIn, state == "SuspendedEV", !evses[index].evDrawing, !evses[index].evSuspended {
            // The power path is closed; the EV takes a moment before it draws.
            actions.append(.startTimer(.evDraws(evse: evses[index].id), after: .seconds(configuration.evDrawDelay)))
        }
        guard state != tx.chargingState else { return }
        advanceMeter(at: index, now: now)
        evses[index].transaction?.chargingState = state
        if tx.chargingState == "Charging", state == "SuspendedEV", settings.txStopPoints.contains("EnergyTransfer") {
            // TxStopPoint EnergyTransfer (E06 S6): the EV stopping the energy transfer ends it.
            endTransaction(at: index, trigger: "ChargingStateChanged", stoppedReason: "StoppedByEV", now: now)
            return
        }
        transactionEvent(at: index, type: "Updated", trigger: "ChargingStateChanged", now: now)
    }

    /// The transaction's idToken was presented again: authorization ends (E06 StopAuthorized).
    mutating func stopAuthorized(at index: Int, token: IdToken, reason: String = "Local", now: Date) {
        guard evses[index].transaction != nil else { return }
        if version == .v16 {
            endTransaction(at: index, trigger: "", stoppedReason: "", reason16: "Local", stopToken: token, now: now)
            evses[index].authorization = nil
            return
        }
        if settings.txStopPoints.contains("Authorized") {
            // TxStopPoint Authorized: the end of the authorization ends the transaction, in one
            // Ended event that says why (E06.FR.03, TC_E_15_CS).
            evses[index].authorization = nil
            let state = physicalChargingState(at: index)
            evses[index].transaction?.chargingState = state
            endTransaction(at: index, trigger: "StopAuthorized", stoppedReason: reason, stopToken: token, now: now)
            return
        }
        if configuration.endInOneEvent, !settings.txStopPoints.isDisjoint(with: ["PowerPathClosed", "EnergyTransfer"]) {
            // The stop authorization opens the power path at once: one Ended / StopAuthorized event
            // (chargingState EVConnected) reports both.
            evses[index].authorization = nil
            let state = physicalChargingState(at: index)
            evses[index].transaction?.chargingState = state
            endTransaction(at: index, trigger: "StopAuthorized", stoppedReason: reason, stopToken: token, now: now)
            return
        }
        // The transaction outlives its authorization; the event that reports the stop says why,
        // unless it is the default Local (C16: a Master Pass stop carries MasterPass at once).
        transactionEvent(at: index, type: "Updated", trigger: "StopAuthorized", stoppedReason: reason == "Local" ? nil : reason, stopToken: token, now: now)
        evses[index].authorization = nil
        evses[index].transaction?.stopReason = reason
        if !settings.txStopPoints.isDisjoint(with: ["PowerPathClosed", "EnergyTransfer"]) {
            let state = physicalChargingState(at: index)
            evses[index].transaction?.chargingState = state
            endTransaction(at: index, trigger: "ChargingStateChanged", stoppedReason: reason, now: now)
        } else {
            updateChargingState(at: index, now: now)
        }
    }

    /// The CSMS asked to stop (F03): ends the transaction at the Authorized stop point.
    mutating func remoteStop(at index: Int, now: Date) {
        if version == .v16 {
            endTransaction(at: index, trigger: "", stoppedReason: "", reason16: "Remote", now: now)
            evses[index].authorization = nil
            return
        }
        evses[index].authorization = nil
        if !settings.txStopPoints.isDisjoint(with: ["Authorized", "PowerPathClosed", "EnergyTransfer"]) {
            let state = physicalChargingState(at: index)
            evses[index].transaction?.chargingState = state
            endTransaction(at: index, trigger: "RemoteStop", stoppedReason: "Remote", now: now)
        } else {
            let state = physicalChargingState(at: index)
            evses[index].transaction?.chargingState = state
            evses[index].transaction?.stopReason = "Remote"
            transactionEvent(at: index, type: "Updated", trigger: "RemoteStop", now: now)
        }
    }

    /// Ends the transaction on an EVSE with its final message.
    mutating func endTransaction(at index: Int, trigger: String, stoppedReason: String, reason16: String = "Local", stopToken: IdToken? = nil, now: Date) {
        guard let tx = evses[index].transaction else { return }
        advanceMeter(at: index, now: now)
        if version == .v16 {
            let meterStop = Int(evses[index].meterWh)
            var payload = object([
                "idTag": stopToken.map { .string($0.idToken) },
                "meterStop": has(.stopTransactionMissingMeterStop) ? nil : .int(meterStop),
                "timestamp": .string(OCPPDateTime.string(now)),
                "transactionId": .int(0),
                "reason": reason16 == "Local" ? nil : .string(reason16),
            ])
            payload = payload.setting("transactionData", to: .array([meterValue16(at: index, context: "Transaction.End", now: now)]))
            enqueue(OutgoingCall(action: "StopTransaction", payload: payload, isTransactionMessage: true, transactionRef: tx.ref))
        } else {
            let keepReason = !(has(.transactionEndedWithoutStoppedReason) && stoppedReason != "Local")
            transactionEvent(at: index, type: "Ended", trigger: trigger, stoppedReason: keepReason ? stoppedReason : nil, meterContext: "Transaction.End", stopToken: stopToken, now: now)
        }
        evses[index].sessionToken = tx.token ?? evses[index].sessionToken
        evses[index].transaction = nil
        removeDisplayMessages(ofTransaction: tx.id)
        evses[index].suspendedInvalidId = false
        evses[index].invalidIdSinceWh = nil
        evses[index].finishing = evses[index].plugged
        actions.append(.cancelTimer(.sampledMeterValues(evse: evses[index].id)))
        actions.append(.cancelTimer(.txEndedSampled(evse: evses[index].id)))
        applyScheduledAvailability()
        if resetWhenIdle, !hasTransactions {
            resetWhenIdle = false
            // BootReasonEnumType: a reset that waited for the transactions to end is a ScheduledReset
            // (TC_B_21_CS, TC_B_41_CS).
            pendingReboot = "ScheduledReset"
        }
    }

    // MARK: Messages

    /// Builds and queues a 2.0.1 TransactionEvent with the next seqNo (E01.FR.16 / E02.FR.16).
    mutating func transactionEvent(at index: Int, type: String, trigger: String, stoppedReason: String? = nil, meterContext: String? = nil, stopToken: IdToken? = nil, reportEVSE: Bool = false, now: Date) {
        guard var tx = evses[index].transaction else { return }
        var trigger = trigger
        if has(.wrongTriggerReason) {
            if trigger == "CablePluggedIn" { trigger = "Authorized" } else if trigger == "Authorized" { trigger = "CablePluggedIn" }
        }
        if !tx.remoteStartIdReported, tx.remoteStartId != nil, stopToken == nil, type != "Ended" {
            // Part 6 general rule: the first event after RequestStartTransaction says RemoteStart.
            trigger = "RemoteStart"
        }
        var seqNo = tx.seqNo
        if has(.seqNoRestarts), type == "Ended" { seqNo = 0 }
        tx.seqNo += (has(.seqNoSkips) && type == "Started") ? 2 : 1
        var token: IdToken?
        if let stopToken {
            token = stopToken
        } else if !tx.tokenReported, let t = tx.token {
            token = t
            tx.tokenReported = true
            if has(.missingIdTokenInTransaction) { token = nil }
        }
        var remoteStartId: Int?
        if !tx.remoteStartIdReported, let id = tx.remoteStartId {
            remoteStartId = id
            tx.remoteStartIdReported = true
            if has(.remoteStartMissingRemoteStartId) { remoteStartId = nil }
        }
        var evseValue: JSONValue?
        if reportEVSE {
            evseValue = .object(["id": .int(evses[index].id), "connectorId": .int(tx.connectorId)])
        } else if !tx.evseReported, evses[index].plugged || type == "Started" {
            evseValue = .object(["id": .int(evses[index].id), "connectorId": .int(tx.connectorId)])
            tx.evseReported = evses[index].plugged
        }
        evses[index].transaction = tx
        let info = object([
            "transactionId": .string(tx.id), "chargingState": .string(tx.chargingState),
            "stoppedReason": stoppedReason.map(JSONValue.string), "remoteStartId": remoteStartId.map(JSONValue.int),
        ])
        var meter: JSONValue?
        if let meterContext {
            advanceMeter(at: index, now: now)
            // The Ended event carries the TxEndedInterval readings before the final one (J01, J02).
            var values = meterContext == "Transaction.End" ? tx.endedSamples : []
            if let last = meterValue201(at: index, context: meterContext, now: now) { values.append(last) }
            meter = values.isEmpty ? nil : .array(values)
        }
        let payload = object([
            "eventType": .string(type), "timestamp": .string(OCPPDateTime.string(now)),
            "triggerReason": .string(trigger), "seqNo": .int(seqNo),
            "offline": (!isConnected && !has(.offlineFlagMissing)) ? .bool(true) : nil,
            "transactionInfo": info,
            "idToken": token.map { .object(["idToken": .string($0.idToken), "type": .string($0.type)]) },
            "evse": evseValue,
            "meterValue": meter,
        ])
        enqueue(OutgoingCall(action: "TransactionEvent", payload: payload, purpose: .transactionEvent(evse: evses[index].id, transactionId: tx.id), isTransactionMessage: true))
    }

    mutating func startTransaction16(at index: Int, now: Date) {
        guard let auth = evses[index].authorization else { return }
        transactionCounter += 1
        let ref = transactionCounter
        evses[index].transaction = TransactionState(
            id: String(ref), ref: ref, connectorId: 1, token: auth.token, groupId: auth.groupId, chargingState: "Charging",
            meterStartWh: Int(evses[index].meterWh), startTime: now)
        evses[index].lastMeterUpdate = now
        let payload: JSONValue = .object([
            "connectorId": .int(evses[index].id), "idTag": .string(auth.token.idToken),
            "meterStart": .int(Int(evses[index].meterWh)), "timestamp": .string(OCPPDateTime.string(now)),
        ])
        enqueue(OutgoingCall(action: "StartTransaction", payload: payload, purpose: .startTransaction(evse: evses[index].id, ref: ref), isTransactionMessage: true))
        if settings.sampledDataInterval > 0, !has(.noPeriodicMeterValues) {
            actions.append(.startTimer(.sampledMeterValues(evse: evses[index].id), after: .seconds(settings.sampledDataInterval)))
        }
    }

    // MARK: Meter values (J01, J02; 1.6 §4.7)

    /// Accumulates energy since the last reading while the EV charges.
    mutating func advanceMeter(at index: Int, now: Date) {
        defer { evses[index].lastMeterUpdate = now }
        guard let last = evses[index].lastMeterUpdate, let tx = evses[index].transaction else { return }
        let charging = version == .v16 ? (evses[index].plugged && !evses[index].evSuspended && !evses[index].suspendedInvalidId) : tx.chargingState == "Charging"
        guard charging else { return }
        let hours = max(now.timeIntervalSince(last), 0) / 3600
        evses[index].meterWh += configuration.chargingPower * hours
    }

    func measurands(_ context: String) -> [String] {
        guard version == .v201 else { return ["Energy.Active.Import.Register"] }
        let name: (String, String) = switch context {
        case "Transaction.Begin": ("SampledDataCtrlr", "TxStartedMeasurands")
        case "Transaction.End": ("SampledDataCtrlr", "TxEndedMeasurands")
        case "Sample.Clock": ("AlignedDataCtrlr", "Measurands")
        default: ("SampledDataCtrlr", "TxUpdatedMeasurands")
        }
        return measurands(component: name.0, variable: name.1)
    }

    /// The measurands a 2.0.1 MemberList variable names; an empty value means none.
    func measurands(component: String, variable: String) -> [String] {
        guard let list = settings.variable(.init(component: component, variable: variable))?.value else { return ["Energy.Active.Import.Register"] }
        return list.split(separator: ",").map(String.init)
    }

    func reading(_ measurand: String, at index: Int) -> (Double, String) {
        let charging = evses[index].transaction?.chargingState == "Charging" || (version == .v16 && evses[index].transaction != nil && !evses[index].evSuspended)
        switch measurand {
        case "Power.Active.Import": return (charging ? configuration.chargingPower : 0, "W")
        case "Current.Import": return (charging ? configuration.chargingPower / 230 / 3 : 0, "A")
        case "Voltage": return (230, "V")
        default: return (evses[index].meterWh, "Wh")
        }
    }

    /// One meter value of the configured measurands (`list` instead when given); nil when the
    /// list is empty. Signed when the data controller's SignReadings is true (J01.FR.21, J02.FR.21).
    func meterValue201(at index: Int, context: String, measurands list: [String]? = nil, now: Date) -> JSONValue? {
        let names = list ?? measurands(context)
        guard !names.isEmpty else { return nil }
        let signs = settings.signReadings(context == "Sample.Clock" ? "AlignedDataCtrlr" : "SampledDataCtrlr") && !has(.signedReadingsMissing)
        let sampled: [JSONValue] = names.map { m in
            let (value, unit) = reading(m, at: index)
            return object([
                "value": .decimal(value), "context": .string(context), "measurand": .string(m),
                "unitOfMeasure": unit == "Wh" ? nil : .object(["unit": .string(unit)]),
                "signedMeterValue": signs ? signedMeterValue(m, value: value, now: now) as JSONValue? : nil,
            ])
        }
        return object([
            "timestamp": has(.meterValuesMissingTimestamp) ? nil : .string(OCPPDateTime.string(now)),
            "sampledValue": .array(sampled),
        ])
    }

    func meterValue16(at index: Int, context: String, now: Date) -> JSONValue {
        let (value, _) = reading("Energy.Active.Import.Register", at: index)
        return .object([
            "timestamp": has(.meterValuesMissingTimestamp) ? nil : .string(OCPPDateTime.string(now)),
            "sampledValue": .array([.object([
                "value": .string(String(Int(value))), "context": .string(context),
                "measurand": "Energy.Active.Import.Register", "unit": "Wh",
            ])]),
        ])
    }

    mutating func sampleMeterValues(evse: Int, now: Date) {
        guard let index = evseIndex(evse), evses[index].transaction != nil else { return }
        advanceMeter(at: index, now: now)
        if version == .v201 { enforceMaxEnergyOnInvalidId(at: index, now: now) }
        if version == .v16 {
            sendMeterValues16(at: index, context: "Sample.Periodic", now: now)
        } else {
            transactionEvent(at: index, type: "Updated", trigger: "MeterValuePeriodic", meterContext: "Sample.Periodic", now: now)
        }
        if settings.sampledDataInterval > 0 {
            actions.append(.startTimer(.sampledMeterValues(evse: evse), after: .seconds(settings.sampledDataInterval)))
        }
    }

    mutating func sendMeterValues16(at index: Int, context: String, now: Date) {
        let payload: JSONValue = .object([
            "connectorId": .int(evses[index].id), "meterValue": .array([meterValue16(at: index, context: context, now: now)]),
        ])
        if let tx = evses[index].transaction {
            enqueue(OutgoingCall(action: "MeterValues", payload: payload.setting("transactionId", to: .int(0)), isTransactionMessage: true, transactionRef: tx.ref))
        } else {
            enqueue("MeterValues", payload)
        }
    }

    mutating func sendMeterValues201(at index: Int, context: String, now: Date) {
        guard let value = meterValue201(at: index, context: context, now: now) else { return }
        enqueue("MeterValues", .object([
            "evseId": .int(evses[index].id), "meterValue": .array([value]),
        ]))
    }

    /// Starts the clock-aligned timer at the next whole multiple of the interval.
    mutating func scheduleAlignedMeterValues(now: Date) {
        let interval = settings.alignedDataInterval
        guard interval > 0, settings.alignedDataEnabled else {
            actions.append(.cancelTimer(.alignedMeterValues))
            return
        }
        var next = OCPPDateTime.nextAlignedInstant(after: now, interval: interval)
        if has(.clockAlignedOffGrid) {
            // The seeded bug: the interval is counted from an arbitrary moment, half an interval off the clock.
            next = next.addingTimeInterval(Double(interval) / 2)
            if next.timeIntervalSince(now) > Double(interval) { next = next.addingTimeInterval(-Double(interval)) }
        }
        actions.append(.startTimer(.alignedMeterValues, after: .seconds(fractional: max(next.timeIntervalSince(now), 0.001))))
    }

    mutating func alignedMeterValues(now: Date) {
        guard registration == .accepted else { return }
        // AlignedDataCtrlr.SendDuringIdle (PICS C-28): nothing clock-aligned while a transaction runs.
        let idleOnly = settings.alignedSendDuringIdle && hasTransactions && !has(.alignedSentDuringTransaction)
        for index in evses.indices where !idleOnly {
            advanceMeter(at: index, now: now)
            if evses[index].transaction != nil {
                if version == .v16 {
                    sendMeterValues16(at: index, context: "Sample.Clock", now: now)
                } else {
                    transactionEvent(at: index, type: "Updated", trigger: "MeterValueClock", meterContext: "Sample.Clock", now: now)
                }
            } else if version == .v16 {
                sendMeterValues16(at: index, context: "Sample.Clock", now: now)
            } else {
                sendMeterValues201(at: index, context: "Sample.Clock", now: now)
            }
        }
        scheduleAlignedMeterValues(now: now.addingTimeInterval(0.01))
    }
}

/// Why a control action could not be carried out.
public enum ControlError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownAction(String)
    case missingArgument(action: String, key: String)
    case invalidArgument(action: String, key: String, value: String)
    case unknownEVSE(Int)
    case unknownConnector(evse: Int, connector: Int)
    case noFreeEVSE
    case notRunning
    case noStation(String?)
    case timeout(String)
    case callError(code: String, description: String)
    case notConnected(String)
    case invalidCommand(String)

    public var description: String {
        switch self {
        case .unknownAction(let a): "unknown action \"\(a)\""
        case .missingArgument(let a, let k): "\(a) needs the argument \"\(k)\""
        case .invalidArgument(let a, let k, let v): "\(a): argument \"\(k)\" has the invalid value \(v)"
        case .unknownEVSE(let e): "the station has no EVSE \(e)"
        case .unknownConnector(let e, let c): "EVSE \(e) has no connector \(c)"
        case .noFreeEVSE: "no EVSE is free to take the idToken"
        case .notRunning: "the device is not running"
        case .noStation(let id): id.map { "no station \"\($0)\" is connected" } ?? "no station is connected"
        case .timeout(let s): "timed out: \(s)"
        case .callError(let code, let d): "the peer answered with CALLERROR \(code): \(d)"
        case .notConnected(let s): "not connected: \(s)"
        case .invalidCommand(let s): s
        }
    }
}
