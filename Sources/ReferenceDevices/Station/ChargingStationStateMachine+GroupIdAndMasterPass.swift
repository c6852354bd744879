import Foundation
import OCPPProtocol

/// What the station's authorization keeps beside the cache entries themselves.
struct AuthorizationExtras: Sendable {
    /// When each cached idToken was stored or last used: AuthCacheCtrlr.LifeTime counts from here (C10.FR.08).
    var cacheStored: [String: Date] = [:]
    /// A Master Pass holder is at the user interface, choosing the transactions to stop (C16.FR.01).
    var pendingMasterPass: IdToken?
}

/// 2.0.1 authorization beyond a single idToken: the cache's lifetime (C10), stopping by GroupId
/// (C09) and the Master Pass (C16).
extension ChargingStationStateMachine {
    /// AuthCacheCtrlr.LifeTime in seconds (nil or 0: entries do not age).
    var authCacheLifeTime: Int? {
        settings.variable(.init(component: "AuthCacheCtrlr", variable: "LifeTime")).flatMap { Int($0.value) }
    }

    /// AuthCtrlr.MasterPassGroupId, when one is configured.
    var masterPassGroupId: String? {
        guard let value = settings.variable(.init(component: "AuthCtrlr", variable: "MasterPassGroupId"))?.value, !value.isEmpty else { return nil }
        return value
    }

    /// Whether a cache or list entry belongs to the Master Pass group: it is never enough to start
    /// charging (C16.FR.03), so the station asks the CSMS instead of authorizing locally.
    func isMasterPass(_ entry: AuthorizationEntry) -> Bool {
        version == .v201 && !has(.masterPassStartsTransaction) && entry.groupId != nil && entry.groupId == masterPassGroupId
    }

    /// Before an idToken is looked up: entries not used within AuthCacheCtrlr.LifeTime leave the
    /// cache (C10.FR.08); the presented idToken, when it is cached, counts as used now.
    mutating func refreshAuthorizationCache(presented token: IdToken, now: Date) {
        guard version == .v201 else { return }
        for id in cache.keys where authorizationExtras.cacheStored[id] == nil { authorizationExtras.cacheStored[id] = now }
        if let lifeTime = authCacheLifeTime, lifeTime > 0, !has(.authCacheLifeTimeIgnored) {
            for (id, stored) in authorizationExtras.cacheStored where now.timeIntervalSince(stored) > Double(lifeTime) {
                cache[id] = nil
                authorizationExtras.cacheStored[id] = nil
            }
        }
        if cache[token.idToken] != nil { authorizationExtras.cacheStored[token.idToken] = now }
    }

    /// Another idToken at an EVSE with a transaction: when the Local Authorization List or the cache
    /// knows it as Accepted with the transaction's GroupId, the transaction is stopped without asking
    /// the CSMS (LocalPreAuthorize, C09.FR.07); a cached Master Pass stops as C16 says. Returns
    /// whether the idToken was dealt with locally.
    mutating func stopByLocalGroup(_ token: IdToken, at index: Int, now: Date) -> Bool {
        guard version == .v201, settings.localPreAuthorize, let entry = localEntry(token.idToken), let group = entry.groupId,
            let tx = evses[index].transaction
        else { return false }
        if let master = masterPassGroupId, group == master, entry.isAccepted(at: now) {
            applyMasterPass(token, now: now)
            return true
        }
        guard group == tx.groupId, !has(.groupIdIgnoredWhenStopping), entry.isAccepted(at: now) || has(.groupIdStopIgnoresStatus) else { return false }
        stopAuthorized(at: index, token: token, now: now)
        return true
    }

    /// An AuthorizeResponse for an idToken of the Master Pass group: it never starts a transaction
    /// (C16.FR.03); at a busy station it stops transactions (C16.FR.01 / C16.FR.02). Returns whether
    /// the answer was a Master Pass and has been dealt with.
    mutating func masterPassAnswered(evse: Int, token: IdToken, info: JSONValue, stopping: Bool, now: Date) -> Bool {
        guard version == .v201, let master = masterPassGroupId, info.text("status") == "Accepted",
            info["groupIdToken"]?.text("idToken") == master
        else { return false }
        guard stopping else { return !has(.masterPassStartsTransaction) }
        applyMasterPass(token, now: now)
        return true
    }

    /// With a user interface the holder chooses next (``masterPassSelect(evse:now:)``); without
    /// one every ongoing transaction is stopped (C16.FR.02).
    mutating func applyMasterPass(_ token: IdToken, now: Date) {
        if configuration.masterPassUI {
            authorizationExtras.pendingMasterPass = token
        } else {
            masterPassStop(token, evses: nil, now: now)
        }
    }

    /// Stops the transactions on the EVSEs with these ids (all when nil), with reason MasterPass (E07).
    mutating func masterPassStop(_ token: IdToken, evses chosen: [Int]?, now: Date) {
        var targets = evses.indices.filter { evses[$0].transaction != nil && (chosen?.contains(evses[$0].id) ?? true) }
        if has(.masterPassStopsOneTransaction) { targets = Array(targets.prefix(1)) }
        let reason = has(.masterPassWrongStoppedReason) ? "Local" : "MasterPass"
        for index in targets { stopAuthorized(at: index, token: token, reason: reason, now: now) }
    }

    /// The Master Pass holder chooses on the user interface which transaction to stop (`evse`), or
    /// all of them (nil) (C16.FR.01).
    public mutating func masterPassSelect(evse: Int?, now: Date) throws(ControlError) -> ([StationAction], JSONValue) {
        guard let token = authorizationExtras.pendingMasterPass else {
            throw .invalidCommand("masterPassSelect: no accepted Master Pass is waiting at the user interface")
        }
        if let evse { _ = try locate(evse: evse, connector: nil) }
        authorizationExtras.pendingMasterPass = nil
        masterPassStop(token, evses: evse.map { [$0] }, now: now)
        finish(now: now)
        return (take(), .object(["evse": evse.map(JSONValue.int) ?? "all", "result": "stopping"]))
    }
}
