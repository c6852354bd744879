import Foundation
import OCPPProtocol

/// Answers to the requests a CSMS sends (2.0.1 blocks B–G; 1.6 Core, Local Auth List, Remote
/// Trigger). Each answer may queue follow-up CALLs; they go out after the answer.
extension ChargingStationStateMachine {
    mutating func respond(to action: String, payload p: JSONValue, now: Date) -> Reply {
        version == .v16 ? respond16(to: action, payload: p, now: now) : respond201(to: action, payload: p, now: now)
    }

    private func status(_ s: String) -> Reply { .result(.object(["status": .string(s)])) }

    // MARK: 2.0.1

    private mutating func respond201(to action: String, payload p: JSONValue, now: Date) -> Reply {
        switch action {
        case "GetVariables": return getVariables(p, now: now)
        case "SetVariables": return setVariables(p, now: now)
        case "GetBaseReport": return getBaseReport(p, now: now)
        case "RequestStartTransaction": return requestStart(p, now: now)
        case "RequestStopTransaction":
            let id = p.text("transactionId") ?? ""
            guard let index = evses.firstIndex(where: { $0.transaction?.id == id }) else {
                if has(.callErrorInsteadOfRejected) { return .error(.propertyConstraintViolation, "unknown transactionId \(id)") }
                return status(has(.remoteStopUnknownIdAccepted) ? "Accepted" : "Rejected")
            }
            if !has(.remoteStopIgnored) { remoteStop(at: index, now: now) }
            return status("Accepted")
        case "Reset": return reset201(p, now: now)
        case "ChangeAvailability": return changeAvailability201(p, now: now)
        case "UnlockConnector":
            let evse = p["evseId"]?.intValue ?? 0, connector = p["connectorId"]?.intValue ?? 0
            if has(.unlockAlwaysFails) { return status("UnlockFailed") }
            guard let index = evseIndex(evse), evses[index].connectors.contains(where: { $0.id == connector }) else {
                if has(.callErrorInsteadOfRejected) { return .error(.propertyConstraintViolation, "unknown connector \(evse)/\(connector)") }
                return status("UnknownConnector")
            }
            if evses[index].transaction != nil && evses[index].authorization != nil && !has(.unlockIgnoresOngoingTransaction) {
                return status("OngoingAuthorizedTransaction")
            }
            return status("Unlocked")
        case "TriggerMessage": return trigger201(p, now: now)
        case "GetLog": return getLog(p, now: now)
        case "UpdateFirmware": return updateFirmware(p, now: now)
        case "ClearCache":
            guard settings.authCacheEnabled || has(.clearCacheAcceptedWhenDisabled) else { return status("Rejected") }
            if !has(.cacheNotCleared) { cache = [:] }
            return status("Accepted")
        case "SendLocalList": return sendLocalList(p, version: p["versionNumber"]?.intValue ?? 0, list: p["localAuthorizationList"]?.arrayValue ?? [], now: now)
        case "CostUpdated":
            // I02: the running cost of a transaction, shown to the driver (the display is not modelled).
            if has(.costUpdatedNotSupported) { return .error(.notSupported, "CostUpdated is not supported by this station") }
            return .result(.object(JSONObject()))
        case "GetLocalListVersion":
            return .result(.object(["versionNumber": .int(reportsLocalListVersion ? localListVersion : 0)]))
        case "SetDisplayMessage": return status(setDisplayMessage(p))
        case "GetDisplayMessages": return status(getDisplayMessages(p))
        case "ClearDisplayMessage": return status(clearDisplayMessage(p))
        case "DataTransfer":
            return status(has(.dataTransferAcceptedUnknownVendor) ? "Accepted" : "UnknownVendorId")
        case "GetTransactionStatus":
            let id = p.text("transactionId")
            // A transaction message sent but not yet acknowledged is still in the queue (E14.FR.04).
            let queued = (queue + [outstanding].compactMap { $0 }).contains { $0.isTransactionMessage && (id == nil || $0.payload["transactionInfo"]?.text("transactionId") == id) }
                && !has(.transactionStatusQueueIgnored)
            return .result(object([
                "ongoingIndicator": has(.transactionStatusOngoingAbsent) ? nil
                    : id.map { tid in .bool(evses.contains { $0.transaction?.id == tid }) } ?? (has(.transactionStatusOngoingWithoutId) ? .bool(false) : nil),
                "messagesInQueue": .bool(queued),
            ]))
        case "GetReport":
            return status("NotSupported")
        case "InstallCertificate": return installCertificate(p, now: now)
        case "GetInstalledCertificateIds": return installedCertificateIds(p)
        case "SetNetworkProfile":
            // B09.FR.02: a slot the station does not have is rejected. An accepted profile is used
            // from the next boot on, in the order of NetworkConfigurationPriority (B10).
            let slot = p["configurationSlot"]?.intValue ?? 0
            let slots = settings.variable(StationSettings.Address(component: "OCPPCommCtrlr", variable: "NetworkConfigurationPriority"))?.valuesList ?? ""
            let known = slots.split(separator: ",").contains { Int($0) == slot }
            guard known || has(.networkProfileAnySlotAccepted) else { return status("Rejected") }
            storeNetworkProfile(slot: slot, connectionData: p["connectionData"])
            return status("Accepted")
        default:
            return .error(.notSupported, "\(action) is not supported by this station")
        }
    }

    private mutating func requestStart(_ p: JSONValue, now: Date) -> Reply {
        guard registration == .accepted else { return status("Rejected") }
        let token = IdToken(p["idToken"]?.text("idToken") ?? "", type: p["idToken"]?.text("type") ?? "Central")
        let remoteStartId = p["remoteStartId"]?.intValue ?? 0
        let requested = p["evseId"]?.intValue
        let candidates = evses.indices.filter {
            evses[$0].authorization == nil && evses[$0].transaction?.token == nil && (requested == nil || evses[$0].id == requested)
                && stationOperative && scheduledStationOperative != false && evses[$0].operative && !evses[$0].faulted
        }
        guard let index = candidates.first(where: { evses[$0].plugged }) ?? candidates.first else { return status("Rejected") }
        let existing = evses[index].transaction?.id
        if !has(.remoteStartIgnored) {
            if settings.authorizeRemoteStart || has(.remoteStartAlwaysAuthorized) {
                sendAuthorize(token, evse: evses[index].id, remoteStartId: remoteStartId, stopping: false)
            } else {
                grant(at: index, token: token, groupId: nil, trigger: "RemoteStart", remoteStartId: remoteStartId, now: now)
            }
        }
        return .result(object(["status": "Accepted", "transactionId": existing.map(JSONValue.string)]))
    }

    private mutating func reset201(_ p: JSONValue, now: Date) -> Reply {
        let type = p.text("type") ?? "Immediate"
        if let evseId = p["evseId"]?.intValue, !has(.evseResetIgnoresEvseId) {
            // B11.FR.09 / B12.FR.09: a station that cannot reset a single EVSE rejects.
            guard configuration.resetPerEVSE, let index = evseIndex(evseId) else { return status("Rejected") }
            if evses[index].transaction != nil {
                if type == "OnIdle" && !has(.resetOnIdleStopsTransaction) { return status("Scheduled") }
                if !has(.resetNotRebooting) { endTransactionForReset(at: index, now: now) }
            }
            if has(.resetRebootsAfterEVSEReset) { pendingReboot = "RemoteReset" }
            return status("Accepted")
        }
        if has(.resetNotRebooting) { return status("Accepted") }
        if hasTransactions {
            if type == "OnIdle" && !has(.resetOnIdleStopsTransaction) {
                resetWhenIdle = true
                return status("Scheduled")
            }
            for index in evses.indices where evses[index].transaction != nil {
                endTransactionForReset(at: index, now: now)
            }
        }
        pendingReboot = "RemoteReset"
        return status("Accepted")
    }

    /// B12.FR.02 / E07.FR.03: energy stops before the reset; the Ended event shows the EV still
    /// connected (or gone) and names the reset (TC_B_22_CS, TC_B_27_CS).
    private mutating func endTransactionForReset(at index: Int, now: Date) {
        let state = evses[index].plugged ? "EVConnected" : "Idle"
        evses[index].transaction?.chargingState = state
        endTransaction(at: index, trigger: "ResetCommand", stoppedReason: "ImmediateReset", now: now)
    }

    private mutating func changeAvailability201(_ p: JSONValue, now: Date) -> Reply {
        let operative = p.text("operationalStatus") == "Operative"
        let scheduleWhileCharging = !has(.ignoresChangeAvailabilityWhileCharging)
        // The seeded bug: the request is acknowledged and nothing changes.
        let applied = operative || !has(.changeAvailabilityIgnored)
        if let evse = p["evse"], let evseId = evse["id"]?.intValue, evseId != 0 {
            guard let index = evseIndex(evseId) else { return status("Rejected") }
            if let connectorId = evse["connectorId"]?.intValue {
                guard let c = evses[index].connectors.firstIndex(where: { $0.id == connectorId }) else { return status("Rejected") }
                if evses[index].transaction != nil && !operative && scheduleWhileCharging {
                    evses[index].connectors[c].scheduledOperative = operative
                    return status("Scheduled")
                }
                if has(.changeAvailabilityRejectsNoChange), evses[index].connectors[c].operative == operative { return status("Rejected") }
                if applied { evses[index].connectors[c].operative = operative }
                // Part 6 G03 cases expect the connector's state to be reported after every change request.
                if !has(.changeAvailabilityNoChangeNotReported) { reportedStatus["\(evseId)/\(connectorId)"] = nil }
            } else {
                if evses[index].transaction != nil && !operative && scheduleWhileCharging {
                    evses[index].scheduledOperative = operative
                    return status("Scheduled")
                }
                if has(.changeAvailabilityRejectsNoChange), evses[index].operative == operative { return status("Rejected") }
                if applied { evses[index].operative = operative }
                if !has(.changeAvailabilityNoChangeNotReported) { for c in evses[index].connectors { reportedStatus["\(evseId)/\(c.id)"] = nil } }
            }
            updateChargingState(at: index, now: now)
            return status("Accepted")
        }
        if hasTransactions && !operative && scheduleWhileCharging {
            scheduledStationOperative = operative
            return status("Scheduled")
        }
        if has(.changeAvailabilityRejectsNoChange), stationOperative == operative { return status("Rejected") }
        if applied { stationOperative = operative }
        // An Operative request cancels an Inoperative one that waited for transactions to end.
        if operative { scheduledStationOperative = nil }
        // G04: after a station-wide request every connector's state is reported, changed or not.
        for index in evses.indices where !has(.changeAvailabilityNoChangeNotReported) {
            for c in evses[index].connectors { reportedStatus["\(evses[index].id)/\(c.id)"] = nil }
        }
        for index in evses.indices { updateChargingState(at: index, now: now) }
        return status("Accepted")
    }

    private mutating func trigger201(_ p: JSONValue, now: Date) -> Reply {
        if has(.triggerMessageRejected) { return status("Rejected") }
        let requested = p.text("requestedMessage") ?? ""
        let evseId = p["evse"]?["id"]?.intValue
        let connectorId = p["evse"]?["connectorId"]?.intValue
        let targets = evses.indices.filter { evseId == nil || evseId == 0 || evses[$0].id == evseId }
        if let evseId, evseId != 0, targets.isEmpty { return status("Rejected") }
        switch requested {
        case "BootNotification":
            // F06.FR.17: a station that is already accepted refuses.
            if registration == .accepted && !has(.triggerBootWhileAcceptedAccepted) { return status("Rejected") }
            bootReason = "Triggered"
            actions.append(.cancelTimer(.bootRetry))
            sendBootNotification(now: now)
        case "Heartbeat":
            enqueue("Heartbeat", .object(JSONObject()))
        case "StatusNotification":
            guard registration == .accepted else { return status("Rejected") }
            for index in targets {
                for c in evses[index].connectors where connectorId == nil || c.id == connectorId {
                    enqueueStatus(evse: evses[index].id, connector: c.id, status: connectorStatus(evse: index, connector: c.id), now: now)
                }
            }
        case "MeterValues":
            for index in targets {
                advanceMeter(at: index, now: now)
                sendMeterValues201(at: index, context: "Trigger", now: now)
            }
        case "TransactionEvent":
            var busy = targets.filter { evses[$0].transaction != nil }
            if has(.triggerTransactionEventFirstEVSEOnly), evseId == nil || evseId == 0 { busy = Array(busy.prefix(1)) }
            for index in busy {
                // F06.FR.11: when several EVSEs answer, each event says which EVSE it is for.
                transactionEvent(at: index, type: "Updated", trigger: "Trigger", meterContext: "Trigger", reportEVSE: true, now: now)
            }
        case "FirmwareStatusNotification":
            // L01.FR.25 / L01.FR.26: Idle unless an update is in progress, then its current stage.
            let update = has(.triggerFirmwareStatusAlwaysIdle) ? nil : firmwareUpdate
            enqueue("FirmwareStatusNotification", object(["status": .string(update?.status ?? "Idle"), "requestId": update.map { .int($0.requestId) }]))
        case "LogStatusNotification":
            // F06.FR.14 / F06.FR.15: Uploading with the requestId while an upload runs, else Idle.
            let upload = has(.triggerLogStatusAlwaysIdle) ? nil : logUpload
            enqueue("LogStatusNotification", object(["status": .string(upload?.status ?? "Idle"), "requestId": upload.map { .int($0.requestId) }]))
        default:
            return status("NotImplemented")
        }
        return status("Accepted")
    }

    // MARK: Device model (B05–B07)

    private func address(component: JSONValue?, variable: JSONValue?) -> StationSettings.Address {
        StationSettings.Address(
            component: component?.text("name") ?? "", componentInstance: component?.text("instance"),
            evse: component?["evse"]?["id"]?.intValue, connector: component?["evse"]?["connectorId"]?.intValue,
            variable: variable?.text("name") ?? "", variableInstance: variable?.text("instance"))
    }

    /// The value of a variable now; availability and the clock are live values.
    private func currentValue(_ a: StationSettings.Address, stored: String, now: Date) -> String {
        switch (a.component, a.variable) {
        case ("ClockCtrlr", "DateTime"): return OCPPDateTime.string(now)
        case ("ChargingStation", "AvailabilityState"): return stationOperative ? (hasTransactions ? "Occupied" : "Available") : "Unavailable"
        case ("EVSE", "AvailabilityState"):
            guard let i = a.evse.flatMap(evseIndex) else { return stored }
            let statuses = evses[i].connectors.map { connectorStatus(evse: i, connector: $0.id) }
            return statuses.contains("Occupied") ? "Occupied" : statuses.allSatisfy { $0 == "Unavailable" } ? "Unavailable" : statuses.first ?? stored
        case ("Connector", "AvailabilityState"):
            guard let i = a.evse.flatMap(evseIndex), let c = a.connector else { return stored }
            return connectorStatus(evse: i, connector: c)
        case ("LocalAuthListCtrlr", "Entries"): return String(localList.count)
        case ("SecurityCtrlr", "CertificateEntries"): return String(certificates.installed.count)
        case ("ConnectorPlugRetentionLock", "Problem"):
            guard let i = a.evse.flatMap(evseIndex), let c = evses[i].connectors.first(where: { $0.id == a.connector }) else { return stored }
            return String(c.plugged && c.lockObstructed)
        default: return stored
        }
    }

    private mutating func getVariables(_ p: JSONValue, now: Date) -> Reply {
        var results: [JSONValue] = []
        for item in p["getVariableData"]?.arrayValue ?? [] {
            let a = address(component: item["component"], variable: item["variable"])
            let attributeType = item.text("attributeType")
            var result = JSONObject()
            func finish(_ status: String, value: String? = nil) {
                result["attributeStatus"] = .string(status)
                if let attributeType, !(configuration.omitsActualAttributeType && attributeType == "Actual") { result["attributeType"] = .string(attributeType) }
                if let value { result["attributeValue"] = .string(String(value.prefix(2500))) }
                result["component"] = item["component"]
                result["variable"] = item["variable"]
                results.append(.object(result))
            }
            if has(.getVariablesUnknownComponent), a.component.hasSuffix("Ctrlr") {
                finish("UnknownComponent")
            } else if let v = settings.variable(a) {
                if let attributeType, attributeType != "Actual", !has(.attributeTypeIgnored) {
                    finish("NotSupportedAttributeType")
                } else if v.mutability == .writeOnly {
                    finish("Rejected")
                } else {
                    finish("Accepted", value: currentValue(a, stored: v.value, now: now))
                }
            } else if has(.getVariablesUnknownAsRejected) {
                finish("Rejected")
            } else if settings.hasComponent(a) {
                finish("UnknownVariable")
            } else {
                finish("UnknownComponent")
            }
        }
        return .result(.object(["getVariableResult": .array(results)]))
    }

    private mutating func setVariables(_ p: JSONValue, now: Date) -> Reply {
        var results: [JSONValue] = []
        for item in p["setVariableData"]?.arrayValue ?? [] {
            let a = address(component: item["component"], variable: item["variable"])
            let attributeType = item.text("attributeType")
            let value = item.text("attributeValue") ?? ""
            var status: String
            if has(.setVariablesRejected) {
                status = "Rejected"
            } else if let v = settings.variable(a) {
                if let attributeType, attributeType != "Actual", !has(.attributeTypeIgnored) {
                    status = "NotSupportedAttributeType"
                } else if v.mutability == .readOnly {
                    status = has(.setVariablesAcceptsReadOnly) ? "Accepted" : "Rejected"
                } else if settings.rejection(of: value, for: v) != nil, !has(.setVariablesNoValueValidation) {
                    status = "Rejected"
                } else {
                    status = "Accepted"
                    settings.set(a, to: value)
                    applySettingChange(component: a.component, variable: a.variable, now: now)
                    // A new priority of network profiles takes effect at the next boot (B10).
                    if a.component == "OCPPCommCtrlr" && a.variable == "NetworkConfigurationPriority" { status = "RebootRequired" }
                }
            } else if has(.setVariablesUnknownAsRejected) {
                status = "Rejected"
            } else {
                status = settings.hasComponent(a) ? "UnknownVariable" : "UnknownComponent"
            }
            let answeredType = configuration.omitsActualAttributeType && attributeType == "Actual" ? nil : attributeType
            results.append(object([
                "attributeType": answeredType.map(JSONValue.string), "attributeStatus": .string(status),
                "component": item["component"], "variable": item["variable"],
            ]))
        }
        return .result(.object(["setVariableResult": .array(results)]))
    }

    /// Makes a new configuration value take effect at once where the spec expects it.
    mutating func applySettingChange(component: String, variable: String, now: Date) {
        switch variable {
        case "HeartbeatInterval" where registration == .accepted:
            scheduleHeartbeat()
        case "Interval" where component == "AlignedDataCtrlr", "ClockAlignedDataInterval":
            if registration == .accepted { scheduleAlignedMeterValues(now: now) }
        case "TxEndedInterval" where component == "AlignedDataCtrlr":
            if registration == .accepted { scheduleTxEndedAligned(now: now) }
        case "TxEndedInterval" where component == "SampledDataCtrlr":
            for e in evses where e.transaction != nil { scheduleTxEndedSample(evse: e.id) }
        case "TxUpdatedInterval", "MeterValueSampleInterval":
            for e in evses where e.transaction != nil {
                let interval = settings.sampledDataInterval
                actions.append(interval > 0 ? .startTimer(.sampledMeterValues(evse: e.id), after: .seconds(interval)) : .cancelTimer(.sampledMeterValues(evse: e.id)))
            }
        default:
            break
        }
    }

    private mutating func getBaseReport(_ p: JSONValue, now: Date) -> Reply {
        let requestId = p["requestId"]?.intValue ?? 0
        let base = p.text("reportBase") ?? "FullInventory"
        // SummaryInventory is optional (B07.FR.02); this station does not offer it.
        let unsupported = base == "SummaryInventory"
        if unsupported && !has(.summaryInventoryAcceptedEmpty) { return status("NotSupported") }
        var entries: [JSONValue] = []
        for a in settings.addresses where !unsupported {
            guard let v = settings.variable(a) else { continue }
            if base == "ConfigurationInventory" && v.mutability == .readOnly && !has(.configurationReportIncludesReadOnly) { continue }
            var component: JSONValue = object(["name": .string(a.component), "instance": a.componentInstance.map(JSONValue.string)])
            if let evse = a.evse {
                component = component.setting("evse", to: object(["id": .int(evse), "connectorId": a.connector.map(JSONValue.int)]))
            }
            let attribute = object([
                "type": "Actual",
                "value": v.mutability == .writeOnly ? nil : .string(currentValue(a, stored: v.value, now: now)),
                "mutability": .string(v.mutability.rawValue),
            ])
            entries.append(.object([
                "component": component,
                "variable": object(["name": .string(a.variable), "instance": a.variableInstance.map(JSONValue.string)]),
                "variableAttribute": .array([attribute]),
                "variableCharacteristics": object([
                    "unit": v.unit.map(JSONValue.string), "dataType": .string(v.dataType.rawValue),
                    "valuesList": has(.reportOmitsValuesList) ? nil : v.valuesList.map(JSONValue.string), "supportsMonitoring": false,
                ]),
            ]))
        }
        // B07.FR.03: split into parts numbered from 0, all but the last with tbc true.
        let perPart = 10
        let parts = stride(from: 0, to: max(entries.count, 1), by: perPart).map { Array(entries[$0..<min($0 + perPart, entries.count)]) }
        for (n, part) in parts.enumerated() {
            enqueue(OutgoingCall(action: "NotifyReport", payload: object([
                "requestId": .int(requestId), "generatedAt": .string(OCPPDateTime.string(now)),
                "tbc": .bool(n < parts.count - 1), "seqNo": .int(has(.notifyReportSeqNoFromOne) ? n + 1 : n),
                "reportData": part.isEmpty ? nil : .array(part),
            ]), requestedByCSMS: true))
        }
        return status("Accepted")
    }

    // MARK: Local list (D01, D02; 1.6 §5.15)

    private mutating func sendLocalList(_ p: JSONValue, version listVersion: Int, list: [JSONValue], now: Date) -> Reply {
        guard settings.localAuthListEnabled || has(.localListAcceptedWithoutSupport) else { return status(version == .v16 ? "NotSupported" : "Failed") }
        if localListStorageFails {
            // The list cannot be stored; the defect claims it was.
            return status(has(.localListStorageFailureAccepted) ? "Accepted" : "Failed")
        }
        let full = p.text("updateType") == "Full"
        if !full, has(.differentialLocalListFails) { return status("Failed") }
        if !full && listVersion <= localListVersion && !has(.localListAcceptsOldVersion) { return status("VersionMismatch") }
        var updated = full ? [:] : localList
        for entry in list {
            let token = version == .v16 ? entry.text("idTag") : entry["idToken"]?.text("idToken")
            guard let token else { continue }
            let info = version == .v16 ? entry["idTagInfo"] : entry["idTokenInfo"]
            if let info, let status = info.text("status") {
                let group = info["groupIdToken"]?.text("idToken") ?? info.text("parentIdTag")
                let expiry = (info.text("cacheExpiryDateTime") ?? info.text("expiryDate")).flatMap(OCPPDateTime.date)
                updated[token] = AuthorizationEntry(status: status, groupId: group, expiry: expiry)
            } else {
                updated[token] = nil
            }
        }
        localList = updated
        if !has(.localListVersionNotStored) { localListVersion = listVersion }
        settings.setLocalListEntries(localList.count)
        return status("Accepted")
    }

    // MARK: 1.6

    private mutating func respond16(to action: String, payload p: JSONValue, now: Date) -> Reply {
        switch action {
        case "GetConfiguration":
            let requested = p["key"]?.arrayValue?.compactMap(\.stringValue)
            var known: [JSONValue] = []
            var unknown: [JSONValue] = []
            for name in requested ?? settings.keyOrder.filter({ !(has(.getConfigurationOmitsCoreKey) && $0 == "ConnectionTimeOut") }) {
                if let key = settings.keys[name] {
                    known.append(.object(["key": .string(name), "readonly": .bool(key.readonly), "value": .string(key.value)]))
                } else {
                    unknown.append(.string(name))
                }
            }
            var result = JSONObject()
            if !known.isEmpty { result["configurationKey"] = .array(known) }
            if !unknown.isEmpty { result["unknownKey"] = .array(unknown) }
            return .result(.object(result))
        case "ChangeConfiguration":
            let name = p.text("key") ?? "", value = p.text("value") ?? ""
            guard let key = settings.keys[name] else { return status(has(.configurationKeyUnknownAccepted) ? "Accepted" : "NotSupported") }
            if key.readonly { return status("Rejected") }
            let variable = StationSettings.Variable(value: key.value, mutability: .readWrite, dataType: key.kind, valuesList: key.kind == .memberList ? StationSettings.measurands : nil)
            if settings.rejection(of: value, for: variable) != nil, !has(.changeConfigurationAcceptsInvalidValue) { return status("Rejected") }
            if has(.changeConfigurationNotStored) { return status("Accepted") }
            settings.setKey(name, to: value)
            applySettingChange(component: "", variable: name, now: now)
            return status("Accepted")
        case "RemoteStartTransaction":
            guard registration == .accepted else { return status("Rejected") }
            let token = IdToken(p.text("idTag") ?? "", type: "Central")
            var requested = p["connectorId"]?.intValue
            // 1.6 §5.11: connectorId 0 is not a connector; the defect treats it as "any connector".
            if requested == 0 {
                guard has(.remoteStartConnector0Accepted) else { return status("Rejected") }
                requested = nil
            }
            let candidates = evses.indices.filter {
                evses[$0].authorization == nil && evses[$0].transaction == nil && (requested == nil || evses[$0].id == requested)
                    && stationOperative && evses[$0].operative && !evses[$0].faulted
            }
            guard let index = candidates.first(where: { evses[$0].plugged }) ?? candidates.first else { return status("Rejected") }
            if !has(.remoteStartIgnored) {
                // 1.6 §5.11: with AuthorizeRemoteTxRequests the idTag is handled like a local one, so
                // LocalPreAuthorize lets a cached / listed Accepted idTag start without Authorize (TC_007).
                let local = settings.localPreAuthorize && !has(.localPreAuthorizeIgnored) ? localEntry(token.idToken) : nil
                if settings.authorizeRemoteStart, let local, local.isAccepted(at: now) {
                    grant(at: index, token: token, groupId: local.groupId, trigger: "RemoteStart", remoteStartId: nil, now: now)
                } else if settings.authorizeRemoteStart {
                    sendAuthorize(token, evse: evses[index].id, remoteStartId: 0, stopping: false)
                } else {
                    grant(at: index, token: token, groupId: nil, trigger: "RemoteStart", remoteStartId: nil, now: now)
                }
            }
            return status("Accepted")
        case "RemoteStopTransaction":
            let id = p["transactionId"]?.intValue ?? -1
            guard let index = evses.firstIndex(where: { e in e.transaction.map { centralTransactionIds[$0.ref] == id } ?? false }) else {
                if has(.callErrorInsteadOfRejected) { return .error(.propertyConstraintViolation, "unknown transactionId \(id)") }
                return status("Rejected")
            }
            if !has(.remoteStopIgnored) { remoteStop(at: index, now: now) }
            return status("Accepted")
        case "Reset":
            if has(.resetNotRebooting) { return status("Accepted") }
            let type = p.text("type") ?? "Soft"
            for index in evses.indices where evses[index].transaction != nil {
                endTransaction(at: index, trigger: "", stoppedReason: "", reason16: type == "Hard" ? "HardReset" : "SoftReset", now: now)
            }
            pendingReboot = "RemoteReset"
            return status("Accepted")
        case "ChangeAvailability":
            let operative = p.text("type") == "Operative"
            let connectorId = p["connectorId"]?.intValue ?? 0
            let scheduleWhileCharging = !has(.ignoresChangeAvailabilityWhileCharging)
            if connectorId == 0 {
                if hasTransactions && !operative && scheduleWhileCharging {
                    scheduledStationOperative = operative
                    return status("Scheduled")
                }
                stationOperative = operative
                return status("Accepted")
            }
            guard let index = evseIndex(connectorId) else { return status("Rejected") }
            if evses[index].transaction != nil && !operative && scheduleWhileCharging {
                evses[index].scheduledOperative = operative
                return status("Scheduled")
            }
            evses[index].operative = operative
            return status("Accepted")
        case "UnlockConnector":
            let connectorId = p["connectorId"]?.intValue ?? 0
            if has(.unlockAlwaysFails) { return status("UnlockFailed") }
            guard configuration.connectorLock else { return status("NotSupported") }
            guard let index = evseIndex(connectorId) else {
                if has(.callErrorInsteadOfRejected) { return .error(.propertyConstraintViolation, "unknown connector \(connectorId)") }
                return status("NotSupported")
            }
            if evses[index].transaction != nil {
                endTransaction(at: index, trigger: "", stoppedReason: "", reason16: "UnlockCommand", now: now)
                evses[index].authorization = nil
            }
            return status("Unlocked")
        case "ClearCache":
            guard settings.authCacheEnabled else { return status("Rejected") }
            if !has(.cacheNotCleared) { cache = [:] }
            return status("Accepted")
        case "GetLocalListVersion":
            // 1.6 §5.9: 0 stands for an empty list (also after a Full update with no entries), -1 for no support.
            let empty = localList.isEmpty && !has(.emptyLocalListReportsVersion)
            return .result(.object(["listVersion": .int(reportsLocalListVersion ? (empty ? 0 : localListVersion) : -1)]))
        case "SendLocalList":
            return sendLocalList(p, version: p["listVersion"]?.intValue ?? 0, list: p["localAuthorizationList"]?.arrayValue ?? [], now: now)
        case "DataTransfer":
            return status("UnknownVendorId")
        case "TriggerMessage":
            if has(.triggerMessageRejected) { return status("Rejected") }
            let connectorId = p["connectorId"]?.intValue
            let targets = evses.indices.filter { connectorId == nil || evses[$0].id == connectorId }
            if let connectorId, connectorId != 0, targets.isEmpty, !has(.triggerUnknownConnectorAccepted) { return status("Rejected") }
            switch p.text("requestedMessage") ?? "" {
            case "BootNotification":
                sendBootNotification(now: now)
            case "Heartbeat":
                enqueue("Heartbeat", .object(JSONObject()))
            case "StatusNotification":
                if connectorId == nil || connectorId == 0 {
                    enqueueStatus(evse: 0, connector: 0, status: stationOperative ? "Available" : "Unavailable", now: now)
                }
                for index in targets where connectorId != 0 {
                    enqueueStatus(evse: evses[index].id, connector: 1, status: connectorStatus(evse: index, connector: 1), now: now)
                }
            case "MeterValues":
                for index in targets {
                    advanceMeter(at: index, now: now)
                    sendMeterValues16(at: index, context: "Trigger", now: now)
                }
            case "DiagnosticsStatusNotification":
                enqueue("DiagnosticsStatusNotification", .object(["status": "Idle"]))
            case "FirmwareStatusNotification":
                enqueue("FirmwareStatusNotification", .object(["status": "Idle"]))
            default:
                return status("NotImplemented")
            }
            return status("Accepted")
        default:
            return .error(.notSupported, "\(action) is not supported by this charge point")
        }
    }
}
