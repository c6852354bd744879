import OCPPProtocol

/// Network connection profiles (B09, B10): the CSMS URL of each configuration slot, the order of
/// NetworkConfigurationPriority taken at each boot, and the fall-back to the next slot after
/// NetworkProfileConnectionAttempts failed attempts (B10.FR.03; TC_B_45/46/49_CS).
extension ChargingStationStateMachine {
    /// The CSMS URL the station dials now.
    public var endpoint: String {
        let slot = activeSlots.indices.contains(slotIndex) ? activeSlots[slotIndex] : 1
        return networkProfiles[slot] ?? configuration.csmsUrl
    }

    /// B09.FR.01: an accepted SetNetworkProfile stores the connection data of its slot.
    mutating func storeNetworkProfile(slot: Int, connectionData: JSONValue?) {
        guard !has(.networkProfileNotStored), let url = connectionData?.text("ocppCsmsUrl") else { return }
        networkProfiles[slot] = url
    }

    /// At boot: the slots with a profile, in the configured priority.
    mutating func applyNetworkConfigurationPriority() {
        let slots = settings.networkConfigurationPriority.filter { networkProfiles[$0] != nil }
        activeSlots = slots.isEmpty ? [1] : slots
        slotIndex = 0
        slotAttempts = 0
    }

    /// B10.FR.03: after NetworkProfileConnectionAttempts failed attempts, the next slot; the last
    /// one (the profile used before the migration) is kept, retried with the back-off (B10.FR.07).
    mutating func networkProfileAttemptFailed() {
        guard version == .v201, activeSlots.count > 1, !has(.networkProfileNoFallback) else { return }
        slotAttempts += 1
        if slotAttempts >= max(settings.networkProfileConnectionAttempts, 1) {
            slotIndex = min(slotIndex + 1, activeSlots.count - 1)
            slotAttempts = 0
        }
    }
}
