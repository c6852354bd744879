import Foundation
import OCPPProtocol

/// How the 2.0.1 station decides with its Authorization Cache (C10, C12) and what it does when the
/// CSMS later declares a transaction's idToken invalid while StopTxOnInvalidId is false (C12, C15,
/// E05: MaxEnergyOnInvalidId).
extension ChargingStationStateMachine {
    /// AuthCacheCtrlr.DisablePostAuthorize (2.0.1): a cached idToken that is not Accepted is refused
    /// without asking the CSMS.
    var authCacheDisablePostAuthorize: Bool {
        version == .v201 && settings.variable(.init(component: "AuthCacheCtrlr", variable: "DisablePostAuthorize"))?.value == "true"
    }

    /// TxCtrlr.MaxEnergyOnInvalidId in Wh (2.0.1); 0 when not set.
    var maxEnergyOnInvalidId: Double {
        Double(settings.variable(.init(component: "TxCtrlr", variable: "MaxEnergyOnInvalidId"))?.value ?? "") ?? 0
    }

    /// The cache entry for an idToken, when the cache (not the Local Authorization List, which wins,
    /// C13.FR.01) is what knows it.
    func cacheEntry(_ idToken: String) -> AuthorizationEntry? {
        guard settings.authCacheEnabled else { return nil }
        if settings.localAuthListEnabled, localList[idToken] != nil { return nil }
        return cache[idToken]
    }

    /// With LocalPreAuthorize true (C12.FR.02), whether a locally known entry lets the station
    /// start at once, without an AuthorizeRequest. Only Accepted, unexpired entries do (C10).
    func preAuthorizes(_ entry: AuthorizationEntry, idToken: String, now: Date) -> Bool {
        let fromCache = version == .v201 && cacheEntry(idToken) != nil
        if fromCache, has(.localPreAuthorizeCacheIgnored) { return false }
        if fromCache, has(.expiredCacheEntryAccepted), entry.status == "Accepted" || entry.status == "Expired" { return true }
        return entry.isAccepted(at: now)
    }

    /// Online, a cached idToken that is not Accepted (or whose entry expired) is normally checked
    /// with the CSMS (C12.FR.05, C10.FR.03); with AuthCacheCtrlr.DisablePostAuthorize true the
    /// station refuses it itself. True when the station refuses without an AuthorizeRequest.
    func cacheRefusesWithoutAsking(_ idToken: String, now: Date) -> Bool {
        guard version == .v201, let entry = cacheEntry(idToken), !entry.isAccepted(at: now) else { return false }
        if has(.postAuthorizeDespiteDisabled) { return false }
        return authCacheDisablePostAuthorize || has(.cachedRejectionTrusted)
    }

    /// The CSMS answered a transaction message with a status other than Accepted and
    /// StopTxOnInvalidId is false: the transaction goes on, but energy is delivered only up to
    /// MaxEnergyOnInvalidId Wh more (0: it stops now, the EVSE suspends the transfer).
    mutating func limitEnergyAfterInvalidId(at index: Int, now: Date) {
        guard evses[index].transaction != nil, evses[index].invalidIdSinceWh == nil else { return }
        advanceMeter(at: index, now: now)
        evses[index].invalidIdSinceWh = evses[index].meterWh
        enforceMaxEnergyOnInvalidId(at: index, now: now)
    }

    /// Suspends the energy transfer (SuspendedEVSE) once MaxEnergyOnInvalidId is used up.
    mutating func enforceMaxEnergyOnInvalidId(at index: Int, now: Date) {
        guard let since = evses[index].invalidIdSinceWh, !evses[index].suspendedInvalidId else { return }
        if has(.invalidIdEnergyNotLimited) { return }
        let limit = has(.maxEnergyOnInvalidIdIgnored) ? 0 : maxEnergyOnInvalidId
        guard evses[index].meterWh - since >= limit else { return }
        evses[index].suspendedInvalidId = true
        updateChargingState(at: index, now: now)
    }
}
