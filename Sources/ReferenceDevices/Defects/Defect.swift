import OCPPProtocol

/// A deliberate bug that a reference device can be switched to have.
///
/// Each defect simulates one firmware or backend mistake seen in the field, is observable on the
/// wire, and names the requirement it breaks. The conformance suite is measured by them: every
/// test case must pass against the correct device and fail against at least one defect of the
/// blocks it covers. Names are camelCase and used as they are on the command line
/// (`--defect bootIgnoresPending`); defects of the CSMS start with `csms`.
public enum Defect: String, Sendable, CaseIterable, Codable, Hashable {
    // MARK: Charging Station: provisioning (block B / 1.6 Core)
    case bootIgnoresPending
    case bootRejectedRetriesEarly
    case bootRejectedSendsOtherMessages
    case rejectedNoSecurityError
    case bootReasonAlwaysPowerUp
    case triggerBootWhileAcceptedAccepted
    case heartbeatLate
    case heartbeatEarly
    case noStatusNotificationConnector2
    case statusNotificationWrongStatus
    case connector0StatusMissing
    case resetNotRebooting
    case resetOnIdleStopsTransaction
    case getVariablesUnknownComponent
    case setVariablesRejected
    case setVariablesAcceptsReadOnly
    case notifyReportSeqNoFromOne
    case configurationKeyUnknownAccepted
    // MARK: Charging Station: provisioning and data transfer, B-block and P-block cases (cs-b)
    case pendingWithholdsReports
    case getVariablesUnknownAsRejected
    case setVariablesUnknownAsRejected
    case attributeTypeIgnored
    case setVariablesNoValueValidation
    case configurationReportIncludesReadOnly
    case reportOmitsValuesList
    case summaryInventoryAcceptedEmpty
    case availabilityNotPersistedOverReset
    case resetRebootsAfterEVSEReset
    case dataTransferAcceptedUnknownVendor
    case customDataRejected
    case networkProfileAnySlotAccepted
    case offlineFullReportMissing
    case offlineStatusChangesLost
    // MARK: Charging Station: reset and heartbeat, B-block cases (b2)
    case evseResetIgnoresEvseId
    case reconnectBackOffNotDoubled
    case networkProfileNotStored
    case networkProfileNoFallback
    // MARK: Charging Station: CSMS root certificates (M05 in TC_B_47/50_CS)
    case installedCSMSRootIgnored
    case noFallbackCSMSRoot
    case serverCertificateNotChecked
    // MARK: Charging Station: authorization and local list (C, D)
    case acceptsUnknownIdToken
    case authorizeWithoutIdTokenType
    case cacheNotCleared
    case localListVersionNotStored
    // MARK: Charging Station: transactions (E, J / 1.6 Core)
    case seqNoRestarts
    case seqNoSkips
    case wrongTriggerReason
    case missingIdTokenInTransaction
    case transactionEndedWithoutStoppedReason
    case meterValuesMissingTimestamp
    case noPeriodicMeterValues
    case offlineQueueDropped
    case offlineFlagMissing
    case startTransactionBeforeAuthorize
    case stopTransactionMissingMeterStop
    case ownTransactionIdInStop
    case continuesAfterInvalidIdToken
    // MARK: Charging Station: 2.0.1 transaction cases, station under test (block E, cs-e)
    case evConnectionTimeoutIgnored
    case sameIdTokenDoesNotStop
    case transactionStatusOngoingAbsent
    case transactionStatusOngoingWithoutId
    case evSideDisconnectAlwaysEnds
    case authorizesWhenRemoteDisabled
    case parkingBaySensorIgnored
    // MARK: Charging Station: 2.0.1 meter values and remaining transaction cases, station under test (blocks J and E, branch ej)
    case clockAlignedOffGrid
    case txEndedSamplesMissing
    case signedReadingsMissing
    case alignedSentDuringTransaction
    case transactionStatusQueueIgnored
    case transactionMessageNotRetried
    case transactionRetryIntervalNotMultiplied
    case transactionRetryIgnoresMaxAttempts
    case offlineGroupStopIgnored
    case evSideDisconnectUnnoticed
    // MARK: Charging Station: remote control and availability (F, G)
    case remoteStartIgnored
    case remoteStopIgnored
    case remoteStartMissingRemoteStartId
    case unlockAlwaysFails
    case ignoresChangeAvailabilityWhileCharging
    case triggerMessageRejected
    // MARK: Charging Station: availability, station under test (block G; cases in G_Availability)
    case changeAvailabilityIgnored
    case changeAvailabilityRejectsNoChange
    case changeAvailabilityNoChangeNotReported
    // MARK: Charging Station: OCPP-J
    case callErrorInsteadOfRejected
    case messageIdReused
    case nullForOptionalFields
    case unknownActionWrongError
    // MARK: Charge Point: OCPP 1.6 only (Core profile, issue 9)
    case getConfigurationOmitsCoreKey
    case changeConfigurationNotStored
    case resetRebootsBeforeStatusReport
    case startsTransactionWhenFaulted
    case evSideDisconnectIgnoresSetting
    case localPreAuthorizeIgnored
    case invalidIdKeepsDelivering
    case faultErrorCodeAlwaysOther
    case remoteStartConnector0Accepted
    case changeConfigurationAcceptsInvalidValue
    case identificationBeforePlugInForgotten
    case stopsOnAnyIdTag
    case parentIdTagIgnoredOnStop
    case triggerUnknownConnectorAccepted
    case emptyLocalListReportsVersion
    case differentialLocalListFails
    // MARK: Charging Station: authorization and authorization cache, station under test (block C, branch c1)
    case differentIdTokenStops
    case localPreAuthorizeCacheIgnored
    case cachedRejectionTrusted
    case postAuthorizeDespiteDisabled
    case expiredCacheEntryAccepted
    case invalidIdEnergyNotLimited
    case maxEnergyOnInvalidIdIgnored
    case offlineUnknownIdRejected
    case masterPassNotRecognized
    // MARK: CSMS
    case csmsAcceptsUnknownIdToken
    case csmsRejectsValidIdToken
    case csmsAcceptsBlockedIdToken
    case csmsAcceptsExpiredIdToken
    case csmsBootCurrentTimeLocal
    case csmsBootCurrentTimeStale
    case csmsHeartbeatWrongTime
    case csmsTransactionEventNoIdTokenInfo
    case csmsAnswersWhilePendingOrRejected
    case csmsResetWrongType
    case csmsRemoteStartMissingIdToken
    case csmsWrongMessageIdInResult
    case csmsSlowResponses
    case csmsStatusNotificationCallError
    case csmsConcurrentCalls
    case csmsNullForOptionalFields
    case csmsTransactionIdReused
    case csmsAcceptsInvalidPayload
    case csmsIgnoresUnknownAction
    // MARK: CSMS: provisioning, CSMS under test (block B)
    case csmsBootStaysPending
    case csmsVariableRequestsFirstItemOnly
    case csmsGetBaseReportWrongBase
    case csmsNetworkProfileWrongVersion
    // MARK: CSMS: authorization, CSMS under test (block C)
    case csmsAcceptsInvalidIdToken
    // MARK: CSMS: remote control, availability, meter values, data transfer, CSMS under test (blocks F, G, J, P; csms-fgjp)
    case csmsUnlockWrongEvse
    case csmsTriggerMessageWrongMessage
    case csmsTriggerMessageEvseDropped
    case csmsTriggerMessageRetried
    case csmsChangeAvailabilityStatusSwapped
    case csmsChangeAvailabilityConnectorDropped
    case csmsNotifyEventUnknownComponentError
    case csmsMeterValuesCallError
    case csmsMeterValueContextRejected
    case csmsSignedMeterValueRejected
    case csmsMeterValuePeriodicTriggerUnknown
    case csmsDataTransferAcceptsUnknownVendor
    case csmsCustomDataRejected
    // MARK: CSMS: authorization and transactions, CSMS under test (blocks C, E; branch csms-ce)
    case csmsClearCacheSendsEmptyLocalList
    case csmsGroupIdTokenMissing
    case csmsStoppedReasonEnumOutdated
    case csmsParkingBayTriggersUnknown
    case csmsStartWithoutIdTokenRejected
    case csmsEndedOnStopAuthorizedRejected
    case csmsEndedWhileEVConnectedRejected
    case csmsTransactionEventTokenNotChecked
    case csmsSuspendedEVUnknown
    case csmsEVCommunicationLostEndsTransaction
    case csmsRequestStopInternalId
    case csmsTransactionStatusIdDropped
    case csmsTransactionStatusEmptyId
    case csmsSeqNoPerStation
    // MARK: Charging Station: 2.0.1 authorization cache, GroupId and Master Pass (block C, branch c2)
    case cacheNotPersistedOverReboot
    case cacheNotUpdatedOnAuthorize
    case cacheNotUpdatedFromTransactionEvent
    case cacheUsedWithoutLocalPreAuthorize
    case clearCacheAcceptedWhenDisabled
    case authCacheLifeTimeIgnored
    case groupIdIgnoredWhenStopping
    case groupIdStopIgnoresStatus
    case masterPassStartsTransaction
    case masterPassStopsOneTransaction
    case masterPassWrongStoppedReason
    // MARK: Central System: OCPP 1.6 only (Core profile, issue 9)
    case csmsAcceptsInvalidIdTag
    case csmsResetTypeSwapped
    case csmsUnlockWrongConnector
    case csmsGetConfigurationWrongKeys
    case csmsChangeConfigurationValueLost
    case csmsRemoteStopWrongTransactionId
    // MARK: Charging Station: remote control and availability, station under test (fg; cases in F_RemoteControl, G_Availability)
    case remoteStartAlwaysAuthorized
    case remoteStopUnknownIdAccepted
    case unlockIgnoresOngoingTransaction
    case triggerTransactionEventFirstEVSEOnly
    case triggerLogStatusAlwaysIdle
    case triggerFirmwareStatusAlwaysIdle
    case occupiedNotReported
    case idleEVSEsAvailableWhileScheduled
    case availabilityLostOnPowerCycle
    case chargesWithoutConnectorLock
    case lockFailureNotReported
    // MARK: Local Authorization List Management (block D), both roles
    case localListAcceptsOldVersion
    case localListNotPersistedOverReboot
    case localListVersionWhileDisabled
    case csmsLocalListVersionNotIncreased
    case csmsEmptyLocalListFilledIn
    case csmsLocalListRemovalKeepsInfo
    case csmsGetLocalListVersionWithPayload
    case localListAcceptedWithoutSupport
    case localListStorageFailureAccepted
    case csmsLocalListOnlyDifferential
    case csmsDifferentialListWithoutInfo
    // MARK: Tariff and cost (block I)
    case costUpdatedNotSupported
    case tariffAnswerResent
    case csmsTotalCostMissing
    case csmsCostUpdatedWrongTransaction
    // MARK: OCPP 1.6 Reservation, Central System under test
    case csmsReserveNowConnectorSwapped
    case csmsCancelReservationLastOnly
    // MARK: Display Messages (block O)
    case displayMessageUnknownTransactionAccepted
    case displayMessageTransactionRefused
    case displayMessageReplaceKeepsOld
    case displayMessagePriorityNotStored
    case getDisplayMessagesIgnoresCriteria
    case getDisplayMessagesEmptyAccepted
    case clearUnknownDisplayMessageAccepted
    case clearDisplayMessageNotRemoved
    case displayMessageOutlivesTransaction
    case displayMessagesLostOnReboot
    case csmsDisplayMessageStateDropped
    case csmsDisplayMessagePriorityInFront
    case csmsDisplayMessageTransactionDropped
    case csmsDisplayMessageTimesDropped
    case csmsDisplayMessageFormatLowercase
    case csmsGetDisplayMessagesFiltersDropped
    case csmsGetDisplayMessagesDefaultPriority
    case csmsClearDisplayMessageOffByOne

    /// The device the defect is built into.
    public var device: OCPPRole { rawValue.hasPrefix("csms") ? .csms : .chargingStation }

    /// The OCPP versions in which the defect shows; elsewhere it has no effect.
    public var versions: Set<OCPPVersion> { Defect.catalogue[self]!.versions }

    /// One line: the firmware or backend bug this simulates, as it shows on the wire.
    public var summary: String { Defect.catalogue[self]!.summary }

    /// The requirement the defect violates: a 2.0.1 functional requirement id (Part 2) or a
    /// section of OCPP 1.6 / OCPP-J.
    public var requirement: String { Defect.catalogue[self]!.requirement }

    /// Reads a defect by its command-line name.
    public init?(name: String) { self.init(rawValue: name) }

    /// The defects that apply to a device of this role and version.
    public static func applicable(to role: OCPPRole, version: OCPPVersion) -> [Defect] {
        allCases.filter { $0.device == role && $0.versions.contains(version) }
    }

    private struct Entry {
        var versions: Set<OCPPVersion>
        var summary: String
        var requirement: String
    }

    private static let both: Set<OCPPVersion> = [.v16, .v201]

    private static let catalogue: [Defect: Entry] = [
        .bootIgnoresPending: Entry(versions: both,
            summary: "While Pending, behaves as if Accepted: sends StatusNotification and Heartbeat and starts transactions.",
            requirement: "B02.FR.02 / 1.6 §4.2"),
        .bootRejectedRetriesEarly: Entry(versions: both,
            summary: "After Rejected, resends BootNotification after a quarter of the interval the CSMS gave.",
            requirement: "B03.FR.02 / 1.6 §4.2"),
        .bootRejectedSendsOtherMessages: Entry(versions: both,
            summary: "After Rejected, keeps sending Heartbeat, the first one half the rejected interval after the answer.",
            requirement: "B03.FR.04 / 1.6 §4.2"),
        .rejectedNoSecurityError: Entry(versions: [.v201],
            summary: "While Rejected, answers CSMS requests normally instead of with CALLERROR SecurityError.",
            requirement: "B03.FR.08"),
        .bootReasonAlwaysPowerUp: Entry(versions: [.v201],
            summary: "Always reports reason PowerUp in BootNotification, also after a Reset or a TriggerMessage.",
            requirement: "B11.FR.04 / F06.FR.17"),
        .triggerBootWhileAcceptedAccepted: Entry(versions: [.v201],
            summary: "Accepts TriggerMessage(BootNotification) and reboots the session although already Accepted.",
            requirement: "F06.FR.17"),
        .heartbeatLate: Entry(versions: both,
            summary: "Sends Heartbeat every 1.5 × the interval of the BootNotificationResponse.",
            requirement: "B01.FR.04 / G02.FR.01 / 1.6 §4.6"),
        .heartbeatEarly: Entry(versions: both,
            summary: "Sends Heartbeat every 0.5 × the interval of the BootNotificationResponse.",
            requirement: "B01.FR.04 / G02.FR.01 / 1.6 §4.6"),
        .noStatusNotificationConnector2: Entry(versions: both,
            summary: "After boot, reports the status of the first connector only (needs two connectors to show).",
            requirement: "B01.FR.05 / 1.6 §4.9"),
        .statusNotificationWrongStatus: Entry(versions: both,
            summary: "After boot, reports idle connectors as Unavailable instead of Available.",
            requirement: "B01.FR.05 / G01.FR.01"),
        .connector0StatusMissing: Entry(versions: [.v16],
            summary: "After boot, sends no StatusNotification for connectorId 0 (the Charge Point itself).",
            requirement: "1.6 §4.9"),
        .resetNotRebooting: Entry(versions: both,
            summary: "Answers Reset with Accepted but never reboots.",
            requirement: "B11.FR.04 / 1.6 §5.14"),
        .resetOnIdleStopsTransaction: Entry(versions: [.v201],
            summary: "On Reset OnIdle during a transaction, ends the transaction at once instead of answering Scheduled.",
            requirement: "B12.FR.01"),
        .evseResetIgnoresEvseId: Entry(versions: [.v201],
            summary: "Ignores the evseId of a Reset and resets the whole station (Accepted, or Scheduled while charging); without support for single EVSEs it should reject.",
            requirement: "B11.FR.08 / B11.FR.09 / B12.FR.09"),
        .reconnectBackOffNotDoubled: Entry(versions: [.v201],
            summary: "After a failed reconnection attempt, waits RetryBackOffWaitMinimum again instead of doubling the back-off.",
            requirement: "Part 4 §5.3 (RetryBackOffRepeatTimes)"),
        .networkProfileNotStored: Entry(versions: [.v201],
            summary: "Answers SetNetworkProfile with Accepted but does not store it: after the reboot it connects with its old profile.",
            requirement: "B09.FR.01 / B10.FR.01"),
        .networkProfileNoFallback: Entry(versions: [.v201],
            summary: "Keeps dialling the first network profile of NetworkConfigurationPriority when it cannot connect, never the next one.",
            requirement: "B10.FR.03"),
        .installedCSMSRootIgnored: Entry(versions: [.v201],
            summary: "Answers InstallCertificate for a CSMSRootCertificate with Accepted but keeps validating the CSMS certificate against its factory roots only, so it cannot connect with a network profile whose CSMS the new root signed.",
            requirement: "M05.FR.13 / B10.FR.04"),
        .noFallbackCSMSRoot: Entry(versions: [.v201],
            summary: "With AdditionalRootCertificateCheck, discards the old CSMS root when a new one is installed: when the new root fails, there is no fallback root to reconnect with.",
            requirement: "M05.FR.14 / M05.FR.15 / M05.FR.16 / B10.FR.07"),
        .serverCertificateNotChecked: Entry(versions: [.v201],
            summary: "Does not validate the CSMS's server certificate in the TLS handshake (security profiles 2 and 3): connects to any endpoint, whoever signed its certificate.",
            requirement: "M05.FR.15 / M05.FR.16 / B10.FR.07"),
        .getVariablesUnknownComponent: Entry(versions: [.v201],
            summary: "Answers GetVariables for controller components with UnknownComponent.",
            requirement: "B06.FR.01"),
        .setVariablesRejected: Entry(versions: [.v201],
            summary: "Answers every SetVariables item with Rejected, even for writable variables.",
            requirement: "B05.FR.01"),
        .setVariablesAcceptsReadOnly: Entry(versions: [.v201],
            summary: "Accepts SetVariables on read-only variables (reports Accepted, keeps the old value).",
            requirement: "B05.FR.09"),
        .notifyReportSeqNoFromOne: Entry(versions: [.v201],
            summary: "Numbers the NotifyReport parts of a report from 1 instead of 0.",
            requirement: "B07.FR.03"),
        .configurationKeyUnknownAccepted: Entry(versions: [.v16],
            summary: "Answers ChangeConfiguration of an unknown key with Accepted instead of NotSupported.",
            requirement: "1.6 §5.3"),
        .pendingWithholdsReports: Entry(versions: [.v201],
            summary: "While Pending, accepts GetBaseReport but holds the NotifyReport messages back until it is Accepted.",
            requirement: "B02.FR.04"),
        .getVariablesUnknownAsRejected: Entry(versions: [.v201],
            summary: "Answers GetVariables for an unknown component or variable with Rejected instead of UnknownComponent/UnknownVariable.",
            requirement: "B06.FR.06 / B06.FR.07"),
        .setVariablesUnknownAsRejected: Entry(versions: [.v201],
            summary: "Answers SetVariables for an unknown component or variable with Rejected instead of UnknownComponent/UnknownVariable.",
            requirement: "B05.FR.04 / B05.FR.05"),
        .attributeTypeIgnored: Entry(versions: [.v201],
            summary: "Treats every attributeType as Actual: Get/SetVariables of an unsupported Target attribute is Accepted.",
            requirement: "B06.FR.08 / B05.FR.06"),
        .setVariablesNoValueValidation: Entry(versions: [.v201],
            summary: "Stores any SetVariables value without checking it against the variable's data type (\"abc\" for an integer is Accepted).",
            requirement: "B05.FR.07"),
        .configurationReportIncludesReadOnly: Entry(versions: [.v201],
            summary: "Reports read-only variables in a ConfigurationInventory base report.",
            requirement: "B07.FR.07"),
        .reportOmitsValuesList: Entry(versions: [.v201],
            summary: "Leaves valuesList out of variableCharacteristics of OptionList, MemberList and SequenceList variables in NotifyReport.",
            requirement: "Part 2 B07 report content (TC_B_53_CS post-scenario validation)"),
        .summaryInventoryAcceptedEmpty: Entry(versions: [.v201],
            summary: "Answers GetBaseReport SummaryInventory, which it does not support, with Accepted and then sends an empty report.",
            requirement: "B07.FR.02"),
        .availabilityNotPersistedOverReset: Entry(versions: [.v201],
            summary: "Forgets a connector set Inoperative when it reboots after a Reset: the connector comes back Available.",
            requirement: "B11.FR.02 / G03.FR.07"),
        .resetRebootsAfterEVSEReset: Entry(versions: [.v201],
            summary: "On a Reset of one EVSE, reboots the whole station (new BootNotification) instead of the EVSE only.",
            requirement: "B11.FR.08"),
        .dataTransferAcceptedUnknownVendor: Entry(versions: [.v201],
            summary: "Answers DataTransfer for a vendorId it does not implement with Accepted.",
            requirement: "P01.FR.05 / P01.FR.06"),
        .networkProfileAnySlotAccepted: Entry(versions: [.v201],
            summary: "Answers SetNetworkProfile with Accepted whatever the configurationSlot, also one it does not have.",
            requirement: "B09.FR.02"),
        .offlineFullReportMissing: Entry(versions: [.v201],
            summary: "Back after an offline period longer than OfflineThreshold, reports only the connectors whose status changed, not all of them.",
            requirement: "B04.FR.01"),
        .offlineStatusChangesLost: Entry(versions: [.v201],
            summary: "Forgets connector status changes that happened while offline: reports none of them on reconnecting.",
            requirement: "B04.FR.01 / B04.FR.02"),
        .customDataRejected: Entry(versions: [.v201],
            summary: "Answers any request that carries customData with CALLERROR FormatViolation.",
            requirement: "P (CustomDataType, TC_P_03_CS)"),
        .acceptsUnknownIdToken: Entry(versions: both,
            summary: "Starts charging although the Authorize answer was not Accepted.",
            requirement: "C01.FR.02 / 1.6 §4.1"),
        .authorizeWithoutIdTokenType: Entry(versions: [.v201],
            summary: "Sends the idToken in AuthorizeRequest without its type (schema violation).",
            requirement: "C01.FR.01"),
        .cacheNotCleared: Entry(versions: both,
            summary: "Answers ClearCache with Accepted but keeps using cached idTokens.",
            requirement: "C11.FR.02 / 1.6 §5.4"),
        .localListVersionNotStored: Entry(versions: both,
            summary: "Accepts SendLocalList but GetLocalListVersion keeps returning the old version.",
            requirement: "D01.FR.02 / D02.FR.01 / 1.6 §5.10"),
        .seqNoRestarts: Entry(versions: [.v201],
            summary: "Restarts seqNo at 0 for the Ended event of a transaction.",
            requirement: "E01.FR.16"),
        .seqNoSkips: Entry(versions: [.v201],
            summary: "Increments seqNo by 2 after the Started event.",
            requirement: "E01.FR.16"),
        .wrongTriggerReason: Entry(versions: [.v201],
            summary: "Reports triggerReason Authorized where CablePluggedIn is due (and vice versa).",
            requirement: "E02.FR.13 / E03.FR.12"),
        .missingIdTokenInTransaction: Entry(versions: [.v201],
            summary: "Leaves idToken out of the first TransactionEvent after authorization.",
            requirement: "E03.FR.06 / E02.FR.15"),
        .transactionEndedWithoutStoppedReason: Entry(versions: [.v201],
            summary: "Leaves stoppedReason out of TransactionEvent Ended for remote and EV-side stops.",
            requirement: "E06.FR.15"),
        .meterValuesMissingTimestamp: Entry(versions: both,
            summary: "Sends meter values without their timestamp (schema violation).",
            requirement: "J02.FR.01 / 1.6 §7.39"),
        .noPeriodicMeterValues: Entry(versions: both,
            summary: "Sends no sampled meter values during a transaction, whatever the sample interval.",
            requirement: "J02.FR.02 / 1.6 §4.7"),
        .offlineQueueDropped: Entry(versions: both,
            summary: "Drops the transaction messages queued while offline instead of sending them on reconnect.",
            requirement: "E11.FR.02 / E12.FR.02 / 1.6 §4.8"),
        .offlineFlagMissing: Entry(versions: [.v201],
            summary: "Sends transaction events generated while offline without offline: true.",
            requirement: "E12.FR.06"),
        .startTransactionBeforeAuthorize: Entry(versions: [.v16],
            summary: "Sends StartTransaction as soon as an idTag is presented, before the Authorize answer.",
            requirement: "1.6 §4.1 / §5.11"),
        .stopTransactionMissingMeterStop: Entry(versions: [.v16],
            summary: "Leaves meterStop out of StopTransaction (schema violation).",
            requirement: "1.6 §6.49"),
        .ownTransactionIdInStop: Entry(versions: [.v16],
            summary: "Uses its own local counter as transactionId in StopTransaction and MeterValues instead of the id from the Central System.",
            requirement: "1.6 §5.16 / §6.46"),
        .continuesAfterInvalidIdToken: Entry(versions: both,
            summary: "Keeps charging when the TransactionEvent/StartTransaction answer says the idToken is not Accepted.",
            requirement: "E05.FR.02 / C15.FR.04 / 1.6 StopTransactionOnInvalidId"),
        .evConnectionTimeoutIgnored: Entry(versions: [.v201],
            summary: "Keeps an authorization that no cable followed forever: EVConnectionTimeOut never expires, the EVSE takes no new idToken.",
            requirement: "E03.FR.05"),
        .sameIdTokenDoesNotStop: Entry(versions: [.v201],
            summary: "Presenting the idToken that started the running transaction does not stop it (the reader ignores it).",
            requirement: "E07.FR.04 / C01.FR.03"),
        .transactionStatusOngoingAbsent: Entry(versions: [.v201],
            summary: "Leaves ongoingIndicator out of GetTransactionStatusResponse, also when a transaction id was asked for.",
            requirement: "E14.FR.01 / E14.FR.02"),
        .transactionStatusOngoingWithoutId: Entry(versions: [.v201],
            summary: "Answers GetTransactionStatus without a transactionId with ongoingIndicator false instead of leaving it out.",
            requirement: "E14.FR.06"),
        .evSideDisconnectAlwaysEnds: Entry(versions: [.v201],
            summary: "Ends the transaction when the EV is disconnected although StopTxOnEVSideDisconnect is false (it should only suspend it).",
            requirement: "E10.FR.01"),
        .authorizesWhenRemoteDisabled: Entry(versions: [.v201],
            summary: "Sends AuthorizeRequest for idTokens it does not know locally although AuthCtrlr.DisableRemoteAuthorization is true.",
            requirement: "AuthCtrlr.DisableRemoteAuthorization (Part 5 C-58)"),
        .parkingBaySensorIgnored: Entry(versions: [.v201],
            summary: "Ignores the parking bay sensor as TxStartPoint: no transaction starts when the EV drives in, only when the cable is plugged in.",
            requirement: "E01.FR.01"),
        // Station under test, blocks J and E (branch ej; cases in J_MeterValues and E_Transactions).
        .clockAlignedOffGrid: Entry(versions: [.v201],
            summary: "Counts AlignedDataCtrlr.Interval from an arbitrary moment: clock-aligned meter values are stamped half an interval off the clock grid.",
            requirement: "J01.FR.14"),
        .txEndedSamplesMissing: Entry(versions: [.v201],
            summary: "Ignores TxEndedInterval (sampled and clock-aligned): the Ended event carries only the final Transaction.End reading.",
            requirement: "J01.FR.14 / J02.FR.10 / E06.FR.11 / E06.FR.17"),
        .signedReadingsMissing: Entry(versions: [.v201],
            summary: "Accepts SampledDataCtrlr/AlignedDataCtrlr.SignReadings true but sends its readings without signedMeterValue.",
            requirement: "J01.FR.21 / J02.FR.21"),
        .alignedSentDuringTransaction: Entry(versions: [.v201],
            summary: "Ignores AlignedDataCtrlr.SendDuringIdle: keeps sending clock-aligned meter values while a transaction runs.",
            requirement: "J01.FR.01 (AlignedDataCtrlr.SendDuringIdle, PICS C-28)"),
        .transactionStatusQueueIgnored: Entry(versions: [.v201],
            summary: "Answers GetTransactionStatus with messagesInQueue false even while transaction messages wait in its offline queue.",
            requirement: "E14.FR.04 / E14.FR.07"),
        .transactionMessageNotRetried: Entry(versions: [.v201],
            summary: "Drops a TransactionEvent that got no answer or a CALLERROR instead of sending it again.",
            requirement: "E13.FR.01 / E13.FR.02"),
        .transactionRetryIntervalNotMultiplied: Entry(versions: [.v201],
            summary: "Resends a failed TransactionEvent every MessageAttemptInterval instead of waiting the interval times the number of attempts so far.",
            requirement: "E13.FR.03"),
        .transactionRetryIgnoresMaxAttempts: Entry(versions: [.v201],
            summary: "Keeps resending a failed TransactionEvent after MessageAttempts attempts instead of dropping it.",
            requirement: "E13.FR.04"),
        .offlineGroupStopIgnored: Entry(versions: [.v201],
            summary: "While offline, ignores an idToken of the same group (known from its local list or cache) presented to stop a transaction.",
            requirement: "E08.FR.02"),
        .evSideDisconnectUnnoticed: Entry(versions: [.v201],
            summary: "With a detachable cable, notices the EV leaving only when the cable is taken out at the station: nothing is reported when the EV side is disconnected.",
            requirement: "E09.FR.01"),
        .remoteStartIgnored: Entry(versions: both,
            summary: "Answers RequestStartTransaction with Accepted but never starts.",
            requirement: "F01.FR.01 / F02.FR.01 / 1.6 §5.11"),
        .remoteStopIgnored: Entry(versions: both,
            summary: "Answers RequestStopTransaction with Accepted but never ends the transaction.",
            requirement: "F03.FR.02 / 1.6 §5.12"),
        .remoteStartMissingRemoteStartId: Entry(versions: [.v201],
            summary: "Leaves transactionInfo.remoteStartId out of the TransactionEvent after a remote start.",
            requirement: "F01.FR.19"),
        .unlockAlwaysFails: Entry(versions: both,
            summary: "Answers UnlockConnector with UnlockFailed whatever the state.",
            requirement: "F05.FR.04 / 1.6 §5.18"),
        .ignoresChangeAvailabilityWhileCharging: Entry(versions: both,
            summary: "During a transaction answers ChangeAvailability(Inoperative) with Accepted and reports Unavailable at once instead of Scheduled.",
            requirement: "G03.FR.05 / G04.FR.06 / 1.6 §5.2"),
        .triggerMessageRejected: Entry(versions: both,
            summary: "Answers every TriggerMessage with Rejected.",
            requirement: "F06.FR.04 / 1.6 §5.17"),
        .callErrorInsteadOfRejected: Entry(versions: both,
            summary: "Answers a request it cannot honour (unknown transaction, unknown connector) with CALLERROR instead of a Rejected status.",
            requirement: "F03.FR.08 / F05.FR.03 / OCPP-J §4.2.3"),
        .messageIdReused: Entry(versions: both,
            summary: "Reuses the message id of its previous CALL for every Heartbeat.",
            requirement: "OCPP-J §4.1.3 (Part 4 §4.1.3)"),
        .nullForOptionalFields: Entry(versions: [.v201],
            summary: "Writes null for absent optional fields instead of omitting them.",
            requirement: "Part 4 §4.1.4"),
        .unknownActionWrongError: Entry(versions: both,
            summary: "Answers a CALL with an unknown action with FormatViolation instead of NotImplemented.",
            requirement: "Part 4 §4.3 / OCPP-J 1.6 §4.2.3"),
        // OCPP 1.6 Charge Point (Core profile)
        .getConfigurationOmitsCoreKey: Entry(versions: [.v16],
            summary: "Leaves the required Core key ConnectionTimeOut out of a GetConfiguration answer that lists all keys.",
            requirement: "1.6 §5.8 / §9.1"),
        .changeConfigurationNotStored: Entry(versions: [.v16],
            summary: "Answers ChangeConfiguration with Accepted but keeps the old value.",
            requirement: "1.6 §5.3"),
        .resetRebootsBeforeStatusReport: Entry(versions: [.v16],
            summary: "On Reset during a transaction, reboots right after StopTransaction without reporting the connector Finishing.",
            requirement: "1.6 §5.14 / §4.9"),
        .startsTransactionWhenFaulted: Entry(versions: [.v16],
            summary: "Starts a transaction on a Faulted connector when a driver plugs in and is authorized.",
            requirement: "1.6 §4.9 / §4.8"),
        .evSideDisconnectIgnoresSetting: Entry(versions: [.v16],
            summary: "Does the opposite of StopTransactionOnEVSideDisconnect when the cable is pulled out at the EV (stops when false, keeps charging when true).",
            requirement: "1.6 §9.1.23 StopTransactionOnEVSideDisconnect"),
        .localPreAuthorizeIgnored: Entry(versions: [.v16],
            summary: "Sends Authorize for idTags in its cache or local list although LocalPreAuthorize is true.",
            requirement: "1.6 §9.1.13 LocalPreAuthorize"),
        .invalidIdKeepsDelivering: Entry(versions: [.v16],
            summary: "With StopTransactionOnInvalidId false, keeps delivering energy (Charging) after the Central System declared the idTag invalid.",
            requirement: "1.6 §9.1.24 StopTransactionOnInvalidId / §9.1.14 MaxEnergyOnInvalidId"),
        .faultErrorCodeAlwaysOther: Entry(versions: [.v16],
            summary: "Reports every fault with errorCode OtherError, also a connector lock failure.",
            requirement: "1.6 §4.9 / §7.6 ChargePointErrorCode"),
        .remoteStartConnector0Accepted: Entry(versions: [.v16],
            summary: "Accepts RemoteStartTransaction for connectorId 0 and starts on a free connector.",
            requirement: "1.6 §5.11"),
        .changeConfigurationAcceptsInvalidValue: Entry(versions: [.v16],
            summary: "Accepts (and stores) ChangeConfiguration values that do not fit the key, such as a negative interval.",
            requirement: "1.6 §5.3"),
        .identificationBeforePlugInForgotten: Entry(versions: [.v16],
            summary: "Forgets an idTag presented before the cable was plugged in, so plugging in starts nothing.",
            requirement: "1.6 §4.8 / §9.1.6 ConnectionTimeOut"),
        .stopsOnAnyIdTag: Entry(versions: [.v16],
            summary: "Ends a running transaction when any valid card is swiped, not only its own idTag or one with the same parentIdTag.",
            requirement: "1.6 §3.10 / §4.10"),
        .emptyLocalListReportsVersion: Entry(versions: [.v16],
            summary: "After a Full SendLocalList without entries, GetLocalListVersion reports the sent listVersion instead of 0 for the empty list.",
            requirement: "1.6 §5.9 GetLocalListVersion"),
        .differentialLocalListFails: Entry(versions: both,
            summary: "Only handles Full local list updates: answers every Differential SendLocalList with Failed.",
            requirement: "D01.FR.16 / 1.6 §5.15 SendLocalList"),
        .triggerUnknownConnectorAccepted: Entry(versions: [.v16],
            summary: "Answers TriggerMessage for a connector it does not have with Accepted (and then sends nothing).",
            requirement: "1.6 §5.17 TriggerMessage"),
        .parentIdTagIgnoredOnStop: Entry(versions: [.v16],
            summary: "Asks Authorize for another card during a transaction but ignores a matching parentIdTag, so the transaction goes on.",
            requirement: "1.6 §3.10 Parent idTag"),
        // Station under test, block C (cases TestCases/ocpp2.0.1/ChargingStation/C_Authorization, branch c1).
        .differentIdTokenStops: Entry(versions: [.v201],
            summary: "Stops the running transaction when any idToken the CSMS accepts is presented, not only the starting one or one of its group.",
            requirement: "C01.FR.03"),
        .localPreAuthorizeCacheIgnored: Entry(versions: [.v201],
            summary: "With LocalPreAuthorize true, still sends Authorize for an idToken the authorization cache holds as Accepted and waits for the answer.",
            requirement: "C12.FR.02"),
        .cachedRejectionTrusted: Entry(versions: [.v201],
            summary: "Refuses an idToken the authorization cache holds as not Accepted without asking the CSMS, although AuthCacheCtrlr.DisablePostAuthorize is false.",
            requirement: "C12.FR.05 / C10.FR.03"),
        .postAuthorizeDespiteDisabled: Entry(versions: [.v201],
            summary: "Sends Authorize for an idToken the authorization cache holds as not Accepted although AuthCacheCtrlr.DisablePostAuthorize is true.",
            requirement: "C12.FR.05 / C10.FR.03"),
        .expiredCacheEntryAccepted: Entry(versions: [.v201],
            summary: "Treats an authorization cache entry with status Expired (or a passed cacheExpiryDateTime) as Accepted and starts charging without asking the CSMS.",
            requirement: "C12.FR.05 / C10.FR.03"),
        .invalidIdEnergyNotLimited: Entry(versions: [.v201],
            summary: "With StopTxOnInvalidId false and MaxEnergyOnInvalidId 0, keeps delivering energy after the CSMS answered the transaction's idToken with Invalid (no SuspendedEVSE).",
            requirement: "C12.FR.04 / C15.FR.08 / E05 MaxEnergyOnInvalidId"),
        .maxEnergyOnInvalidIdIgnored: Entry(versions: [.v201],
            summary: "With StopTxOnInvalidId false, stops delivering energy (SuspendedEVSE) as soon as the idToken is Invalid, ignoring a MaxEnergyOnInvalidId above 0.",
            requirement: "C12.FR.04 / E05 MaxEnergyOnInvalidId"),
        .offlineUnknownIdRejected: Entry(versions: [.v201],
            summary: "Offline, refuses an idToken it does not know although AuthCtrlr.OfflineTxForUnknownIdEnabled is true: no transaction starts.",
            requirement: "C15.FR.02"),
        .masterPassNotRecognized: Entry(versions: [.v201],
            summary: "Does not recognize a cached idToken of the AuthCtrlr.MasterPassGroupId group: it is checked with an AuthorizeRequest like any other card and does not stop the transaction.",
            requirement: "C12.FR.09 / C16.FR.03"),
        .csmsAcceptsUnknownIdToken: Entry(versions: both,
            summary: "Answers Authorize of an idToken it does not know with Accepted.",
            requirement: "C01.FR.07 / 1.6 §4.1"),
        .csmsRejectsValidIdToken: Entry(versions: both,
            summary: "Answers Authorize of every idToken with Invalid.",
            requirement: "C01.FR.07 / 1.6 §4.1"),
        .csmsAcceptsBlockedIdToken: Entry(versions: both,
            summary: "Answers Authorize of a blocked idToken with Accepted.",
            requirement: "C01.FR.07 / 1.6 §4.1"),
        .csmsAcceptsExpiredIdToken: Entry(versions: both,
            summary: "Answers Authorize of an expired idToken with Accepted.",
            requirement: "C01.FR.07 / 1.6 §4.1"),
        .csmsBootCurrentTimeLocal: Entry(versions: both,
            summary: "Writes currentTime in BootNotificationResponse as local time without offset (not RFC 3339).",
            requirement: "B01.FR.02 / 1.6 §7.11 dateTime"),
        .csmsBootCurrentTimeStale: Entry(versions: both,
            summary: "Answers BootNotification with a currentTime 367 s old (an answer replayed from a store).",
            requirement: "B01.FR.02 / 1.6 §4.2"),
        .csmsHeartbeatWrongTime: Entry(versions: both,
            summary: "Answers Heartbeat with a currentTime one hour off.",
            requirement: "G02.FR.02 / 1.6 §4.6"),
        .csmsTransactionEventNoIdTokenInfo: Entry(versions: [.v201],
            summary: "Answers a TransactionEvent that carries an idToken without idTokenInfo.",
            requirement: "E01.FR.12 / E03.FR.02"),
        .csmsAnswersWhilePendingOrRejected: Entry(versions: [.v201],
            summary: "Answers requests other than BootNotification from a Pending or Rejected station normally instead of with SecurityError.",
            requirement: "B02.FR.09 / B03.FR.07"),
        .csmsResetWrongType: Entry(versions: [.v201],
            summary: "Sends Reset with the 1.6 type Hard/Soft instead of Immediate/OnIdle (schema violation).",
            requirement: "B11.FR.01"),
        .csmsRemoteStartMissingIdToken: Entry(versions: both,
            summary: "Sends RequestStartTransaction/RemoteStartTransaction without the idToken (schema violation).",
            requirement: "F01.FR.01 / 1.6 §5.11"),
        .csmsWrongMessageIdInResult: Entry(versions: both,
            summary: "Answers station CALLs with a message id that differs from the request's.",
            requirement: "Part 4 §4.2.2 / OCPP-J 1.6 §4.2.2"),
        .csmsSlowResponses: Entry(versions: both,
            summary: "Answers every CALL only after its message timeout has passed.",
            requirement: "Part 4 §4.1.1 (message timeout)"),
        .csmsStatusNotificationCallError: Entry(versions: both,
            summary: "Answers StatusNotification with CALLERROR InternalError.",
            requirement: "G01.FR.01 / 1.6 §4.9"),
        .csmsConcurrentCalls: Entry(versions: both,
            summary: "Sends a second CALL to a station before the first one was answered.",
            requirement: "Part 4 §4.1.1 / OCPP-J 1.6 §4.1.1"),
        .csmsNullForOptionalFields: Entry(versions: [.v201],
            summary: "Writes null for absent optional fields instead of omitting them.",
            requirement: "Part 4 §4.1.4"),
        .csmsTransactionIdReused: Entry(versions: [.v16],
            summary: "Hands out the same transactionId for every StartTransaction.",
            requirement: "1.6 §6.46"),
        .csmsAcceptsInvalidPayload: Entry(versions: both,
            summary: "Answers a CALL whose payload breaks its schema with a CALLRESULT instead of CALLERROR.",
            requirement: "Part 4 §4.3 / OCPP-J 1.6 §4.2.3"),
        .csmsIgnoresUnknownAction: Entry(versions: both,
            summary: "Does not answer a CALL whose action it does not know (no NotImplemented).",
            requirement: "Part 4 §4.3 / OCPP-J 1.6 §4.2.3"),
        // Station under test, block G (cases TestCases/ocpp2.0.1/ChargingStation/G_Availability).
        .changeAvailabilityIgnored: Entry(versions: [.v201],
            summary: "Answers ChangeAvailability Inoperative with Accepted but stays operative: no Unavailable status is reported.",
            requirement: "G03.FR.01 / G04.FR.01"),
        .changeAvailabilityRejectsNoChange: Entry(versions: [.v201],
            summary: "Answers ChangeAvailability with Rejected when the EVSE, connector or station is already in the requested state.",
            requirement: "G03.FR.03 / G04.FR.04"),
        .changeAvailabilityNoChangeNotReported: Entry(versions: [.v201],
            summary: "After a ChangeAvailability that leaves the availability as it was, reports no connector status (only changes are reported).",
            requirement: "G03.FR.04 / G04.FR.02"),
        // CSMS under test, block B (cases TestCases/ocpp2.0.1/CSMS/B_Provisioning).
        .csmsBootStaysPending: Entry(versions: [.v201],
            summary: "Never finishes provisioning: answers every BootNotification after a Pending one with Pending again, triggered or not.",
            requirement: "B02.FR.06"),
        .csmsVariableRequestsFirstItemOnly: Entry(versions: [.v201],
            summary: "Sends only the first of several variables the operator asked to get or set in one GetVariables/SetVariables request.",
            requirement: "B06.FR.01 / B05.FR.01"),
        .csmsGetBaseReportWrongBase: Entry(versions: [.v201],
            summary: "Asks for a SummaryInventory base report whatever report the operator chose.",
            requirement: "B07.FR.07 / B07.FR.08"),
        .csmsNetworkProfileWrongVersion: Entry(versions: [.v201],
            summary: "Sends SetNetworkProfile to a 2.0.1 station with connectionData.ocppVersion OCPP16.",
            requirement: "B09.FR.01"),
        // CSMS under test, block C.
        .csmsAcceptsInvalidIdToken: Entry(versions: both,
            summary: "Answers Authorize (and TransactionEvent) of an idToken it holds as Invalid with Accepted.",
            requirement: "C01.FR.07"),
        // CSMS under test, blocks F, G, J, P (cases TestCases/ocpp2.0.1/CSMS/{F_RemoteControl,G_Availability,J_MeterValues,P_DataTransfer}; csms-fgjp).
        .csmsUnlockWrongEvse: Entry(versions: [.v201],
            summary: "Sends UnlockConnector with the evseId after the one the operator chose (an off-by-one between EVSE list and evseId).",
            requirement: "F05.FR.01"),
        .csmsTriggerMessageWrongMessage: Entry(versions: both,
            summary: "Sends TriggerMessage with the requestedMessage that follows the chosen one in MessageTriggerEnumType / MessageTrigger (an off-by-one in its trigger menu).",
            requirement: "F06.FR.01 / 1.6 §5.17 TriggerMessage"),
        .csmsTriggerMessageEvseDropped: Entry(versions: both,
            summary: "Sends TriggerMessage without evse (1.6: connectorId) although the operator chose one, so the station reports all of them.",
            requirement: "F06.FR.02 / 1.6 §5.17 TriggerMessage"),
        .csmsTriggerMessageRetried: Entry(versions: [.v201],
            summary: "Sends the same TriggerMessage again when the station answers it with anything but Accepted (also NotImplemented).",
            requirement: "F06.FR.08"),
        .csmsChangeAvailabilityStatusSwapped: Entry(versions: [.v201],
            summary: "Sends ChangeAvailability with operationalStatus Operative when the operator chose Inoperative, and the other way round.",
            requirement: "G03.FR.01 / G04.FR.01"),
        .csmsChangeAvailabilityConnectorDropped: Entry(versions: [.v201],
            summary: "Sends ChangeAvailability for a whole EVSE (evse without connectorId) when the operator chose one connector of it.",
            requirement: "G03.FR.01"),
        .csmsNotifyEventUnknownComponentError: Entry(versions: [.v201],
            summary: "Answers NotifyEvent about a component other than ChargingStation, EVSE or Connector (e.g. ConnectorPlugRetentionLock) with CALLERROR PropertyConstraintViolation.",
            requirement: "G05.FR.03"),
        .csmsMeterValuesCallError: Entry(versions: [.v201],
            summary: "Answers MeterValuesRequest with CALLERROR InternalError (it stores meter values only from TransactionEvent).",
            requirement: "J01.FR.18"),
        .csmsMeterValueContextRejected: Entry(versions: [.v201],
            summary: "Only takes sampled values of context Sample.Periodic: answers meter values with another context (Sample.Clock, Transaction.Begin/End, Trigger) with CALLERROR PropertyConstraintViolation.",
            requirement: "J01.FR.18 / J02.FR.19"),
        .csmsSignedMeterValueRejected: Entry(versions: [.v201],
            summary: "Cannot store signed meter values: MeterValues or TransactionEvent whose sampledValue carries a signedMeterValue gets a CALLERROR.",
            requirement: "E01.FR.04 / J01.FR.21 / J02.FR.21"),
        .csmsMeterValuePeriodicTriggerUnknown: Entry(versions: [.v201],
            summary: "Does not know triggerReason MeterValuePeriodic/MeterValueClock: answers such TransactionEvents with CALLERROR PropertyConstraintViolation.",
            requirement: "J02.FR.19"),
        .csmsDataTransferAcceptsUnknownVendor: Entry(versions: [.v201],
            summary: "Answers DataTransfer with Accepted whatever the vendorId and messageId, also ones it has no implementation for.",
            requirement: "P02.FR.06 / P02.FR.07"),
        .csmsCustomDataRejected: Entry(versions: [.v201],
            summary: "Treats customData as closed: answers requests whose customData carries vendor-specific members with CALLERROR FormatViolation.",
            requirement: "P (CustomDataType, TC_P_03_CSMS)"),
        // CSMS under test, blocks C and E (branch csms-ce; cases TestCases/ocpp2.0.1/CSMS/C_Authorization, E_Transactions).
        .csmsClearCacheSendsEmptyLocalList: Entry(versions: both,
            summary: "The operator's \"clear authorization cache\" command sends SendLocalList with an empty Full list instead of ClearCache.",
            requirement: "C11.FR.01 / 1.6 §5.4"),
        .csmsGroupIdTokenMissing: Entry(versions: [.v201],
            summary: "Leaves groupIdToken out of idTokenInfo (Authorize and TransactionEvent answers) although the idToken has a group.",
            requirement: "C09.FR.02 / C09.FR.03"),
        .csmsStoppedReasonEnumOutdated: Entry(versions: [.v201],
            summary: "Maps stoppedReason onto the 1.6 Reason list: an Ended TransactionEvent with a 2.0.1-only reason (StoppedByEV, MasterPass, Timeout…) gets CALLERROR PropertyConstraintViolation.",
            requirement: "E06.FR.07 / C16.FR.01 / C16.FR.02"),
        .csmsParkingBayTriggersUnknown: Entry(versions: [.v201],
            summary: "Knows no parking bay sensors: a TransactionEvent with triggerReason EVDetected or EVDeparted gets CALLERROR PropertyConstraintViolation.",
            requirement: "E01.FR.01 / E06.FR.01"),
        .csmsStartWithoutIdTokenRejected: Entry(versions: [.v201],
            summary: "Insists on a driver for every transaction: a Started TransactionEvent without idToken gets CALLERROR OccurrenceConstraintViolation.",
            requirement: "E01.FR.02"),
        .csmsEndedOnStopAuthorizedRejected: Entry(versions: [.v201],
            summary: "Expects a StopAuthorized event to be followed by a separate Ended one: an Ended TransactionEvent with triggerReason StopAuthorized gets CALLERROR.",
            requirement: "E06.FR.03 / E06.FR.06"),
        .csmsEndedWhileEVConnectedRejected: Entry(versions: [.v201],
            summary: "Believes a transaction cannot end with the EV still plugged in: an Ended TransactionEvent with chargingState EVConnected gets CALLERROR.",
            requirement: "E06.FR.07"),
        .csmsTransactionEventTokenNotChecked: Entry(versions: [.v201],
            summary: "Looks idTokens up for Authorize only: answers every idToken in a TransactionEvent with status Accepted.",
            requirement: "E01.FR.11 / E06.FR.04"),
        .csmsSuspendedEVUnknown: Entry(versions: [.v201],
            summary: "Its charging-state mapping lacks SuspendedEV: a TransactionEvent reporting chargingState SuspendedEV gets CALLERROR PropertyConstraintViolation.",
            requirement: "E06.FR.02 / E06.FR.04 / E10.FR.01"),
        .csmsEVCommunicationLostEndsTransaction: Entry(versions: [.v201],
            summary: "Closes a transaction when the EV is reported gone (triggerReason EVCommunicationLost) although it was only Updated, and answers its later events with CALLERROR.",
            requirement: "E10.FR.01"),
        .csmsRequestStopInternalId: Entry(versions: [.v201],
            summary: "Sends RequestStopTransaction with its own running number for the transaction instead of the station's transactionId.",
            requirement: "F03.FR.01 (E06.FR.03 remote stop)"),
        .csmsTransactionStatusIdDropped: Entry(versions: [.v201],
            summary: "Sends GetTransactionStatus without transactionId even when the operator asked about one transaction.",
            requirement: "E14.FR.02 / E14.FR.03"),
        .csmsTransactionStatusEmptyId: Entry(versions: [.v201],
            summary: "Asked about no particular transaction, sends GetTransactionStatus with transactionId \"\" instead of leaving it out.",
            requirement: "E14.FR.06"),
        .csmsSeqNoPerStation: Entry(versions: [.v201],
            summary: "Treats seqNo as a counter per station: a TransactionEvent whose seqNo is not above the highest one the station sent (a new transaction from 0, a late queued event) gets CALLERROR.",
            requirement: "E01.FR.07"),
        // Station under test, block C: authorization cache, GroupId, Master Pass (branch c2).
        .cacheNotPersistedOverReboot: Entry(versions: [.v201],
            summary: "Keeps the authorization cache in volatile memory: after a power cycle it is empty and known idTokens are asked for again.",
            requirement: "C10.FR.02"),
        .cacheNotUpdatedOnAuthorize: Entry(versions: [.v201],
            summary: "Does not store the idTokenInfo of an AuthorizeResponse in the authorization cache.",
            requirement: "C10.FR.04"),
        .cacheNotUpdatedFromTransactionEvent: Entry(versions: [.v201],
            summary: "Ignores the idTokenInfo of a TransactionEventResponse for the cache: a token the CSMS declared Invalid stays cached as Accepted.",
            requirement: "C10.FR.05"),
        .cacheUsedWithoutLocalPreAuthorize: Entry(versions: [.v201],
            summary: "Starts on a cached Accepted idToken without asking the CSMS although LocalPreAuthorize is false.",
            requirement: "C10.FR.11"),
        // Same defect, same name as branch c1's (TC_C_08_CS): keep one entry and one implementation when merging.
        .clearCacheAcceptedWhenDisabled: Entry(versions: [.v201],
            summary: "Answers ClearCache with Accepted although the authorization cache is disabled (AuthCacheCtrlr.Enabled false).",
            requirement: "C11.FR.04"),
        .authCacheLifeTimeIgnored: Entry(versions: [.v201],
            summary: "Never ages cache entries: an idToken unused for longer than AuthCacheCtrlr.LifeTime is still authorized from the cache.",
            requirement: "C10.FR.08"),
        .groupIdIgnoredWhenStopping: Entry(versions: [.v201],
            summary: "Lets only the starting idToken stop a transaction: another accepted idToken of the same GroupId does not stop it.",
            requirement: "C09.FR.03"),
        .groupIdStopIgnoresStatus: Entry(versions: [.v201],
            summary: "Stops a transaction for any idToken with the transaction's GroupId, also when its status (from the CSMS or the cache) is Invalid.",
            requirement: "C09.FR.11"),
        .masterPassStartsTransaction: Entry(versions: [.v201],
            summary: "Treats an idToken of the MasterPassGroupId as an ordinary accepted idToken: it starts charging.",
            requirement: "C16.FR.03"),
        .masterPassStopsOneTransaction: Entry(versions: [.v201],
            summary: "Without a user interface, a Master Pass stops only the first ongoing transaction instead of all of them.",
            requirement: "C16.FR.02"),
        .masterPassWrongStoppedReason: Entry(versions: [.v201],
            summary: "Ends transactions stopped with a Master Pass with stoppedReason Local instead of MasterPass.",
            requirement: "C16.FR.01 / C16.FR.02"),
        // OCPP 1.6 Central System (Core profile)
        .csmsAcceptsInvalidIdTag: Entry(versions: [.v16],
            summary: "Answers Authorize/StartTransaction of an idTag it holds as Invalid with Accepted.",
            requirement: "1.6 §4.1 / §4.8"),
        .csmsResetTypeSwapped: Entry(versions: [.v16],
            summary: "Sends Reset Soft when the operator asks for Hard, and Hard for Soft.",
            requirement: "1.6 §5.14"),
        .csmsUnlockWrongConnector: Entry(versions: [.v16],
            summary: "Sends UnlockConnector for the connector after the one the operator chose.",
            requirement: "1.6 §5.18"),
        .csmsGetConfigurationWrongKeys: Entry(versions: [.v16],
            summary: "Asked for all keys, requests HeartbeatInterval only; asked for named keys, requests all keys.",
            requirement: "1.6 §5.8"),
        .csmsChangeConfigurationValueLost: Entry(versions: [.v16],
            summary: "Sends ChangeConfiguration with value \"0\" whatever value the operator entered.",
            requirement: "1.6 §5.3"),
        .csmsRemoteStopWrongTransactionId: Entry(versions: [.v16],
            summary: "Sends RemoteStopTransaction with a transactionId one higher than the running transaction's.",
            requirement: "1.6 §5.12"),
        // Station under test, blocks F and G (fg branch).
        .remoteStartAlwaysAuthorized: Entry(versions: [.v201],
            summary: "Sends AuthorizeRequest for every RequestStartTransaction idToken, also when AuthCtrlr.AuthorizeRemoteStart is false.",
            requirement: "F01.FR.02"),
        .remoteStopUnknownIdAccepted: Entry(versions: [.v201],
            summary: "Answers RequestStopTransaction with Accepted also for a transactionId it does not know (and stops nothing).",
            requirement: "F03.FR.08"),
        .unlockIgnoresOngoingTransaction: Entry(versions: [.v201],
            summary: "Unlocks the connector on UnlockConnector while an authorized transaction runs on it, answering Unlocked.",
            requirement: "F05.FR.02"),
        .triggerTransactionEventFirstEVSEOnly: Entry(versions: [.v201],
            summary: "Answers TriggerMessage(TransactionEvent) without an EVSE with a TransactionEvent for the first busy EVSE only.",
            requirement: "F06.FR.11"),
        .triggerLogStatusAlwaysIdle: Entry(versions: [.v201],
            summary: "Answers TriggerMessage(LogStatusNotification) with status Idle also while a log upload is running.",
            requirement: "F06.FR.14"),
        .triggerFirmwareStatusAlwaysIdle: Entry(versions: [.v201],
            summary: "Answers TriggerMessage(FirmwareStatusNotification) with status Idle also while a firmware download is running.",
            requirement: "L01.FR.26 / F06.FR.05"),
        .occupiedNotReported: Entry(versions: [.v201],
            summary: "Sends no StatusNotification when a cable is plugged in: the connector stays reported Available while Occupied.",
            requirement: "G01.FR.01"),
        .idleEVSEsAvailableWhileScheduled: Entry(versions: [.v201],
            summary: "After a station-wide Inoperative answered Scheduled, keeps the EVSEs without a transaction Available until every transaction ended.",
            requirement: "G04.FR.06"),
        .availabilityLostOnPowerCycle: Entry(versions: [.v201],
            summary: "Keeps availability in volatile memory only: after a power cycle every EVSE and connector is Operative again.",
            requirement: "G03.FR.08 / G04.FR.09"),
        .chargesWithoutConnectorLock: Entry(versions: [.v201],
            summary: "Starts charging although the connector lock failed to close (it does report the lock problem).",
            requirement: "G05.FR.01"),
        .lockFailureNotReported: Entry(versions: [.v201],
            summary: "Does not charge when the connector lock fails, but sends no NotifyEvent ConnectorPlugRetentionLock Problem.",
            requirement: "G05.FR.02"),
        // Block D, Local Authorization List Management (cases TestCases/ocpp2.0.1/*/D_LocalAuthorizationListManagement).
        .localListAcceptsOldVersion: Entry(versions: [.v201],
            summary: "Applies a Differential SendLocalList whose versionNumber is not above the list's current version, answering Accepted instead of VersionMismatch.",
            requirement: "D01.FR.19"),
        .localListNotPersistedOverReboot: Entry(versions: [.v201],
            summary: "Keeps the Local Authorization List in volatile memory: after a power cycle it is empty and its version 0.",
            requirement: "D01.FR.10"),
        .localListVersionWhileDisabled: Entry(versions: both,
            summary: "Answers GetLocalListVersion with the stored version also while the list is switched off (LocalAuthListCtrlr.Enabled / LocalAuthListEnabled false), instead of 0 (2.0.1) or -1 (1.6).",
            requirement: "D02.FR.03 / 1.6 §5.9 GetLocalListVersion"),
        .localListAcceptedWithoutSupport: Entry(versions: [.v16],
            summary: "Answers SendLocalList with Accepted although it has no Local Authorization List (profile not supported or LocalAuthListEnabled false), and stores it.",
            requirement: "1.6 §5.15 SendLocalList"),
        .localListStorageFailureAccepted: Entry(versions: [.v16],
            summary: "Answers SendLocalList with Accepted when it could not store the list, instead of Failed.",
            requirement: "1.6 §5.15 SendLocalList"),
        .csmsLocalListOnlyDifferential: Entry(versions: both,
            summary: "Sends every local list update as Differential, also the full list the operator asked for.",
            requirement: "D01.FR.18 / 1.6 §5.15 SendLocalList"),
        // Block I, tariff and cost (cases TestCases/ocpp2.0.1/ChargingStation/I_TariffAndCost).
        .costUpdatedNotSupported: Entry(versions: [.v201],
            summary: "Answers CostUpdated with CALLERROR NotSupported instead of showing the running cost.",
            requirement: "I02.FR.02"),
        .tariffAnswerResent: Entry(versions: [.v201],
            summary: "Takes a TransactionEventResponse that carries totalCost or updatedPersonalMessage for a bad answer and sends the same event again.",
            requirement: "I02.FR.02 / I03.FR.01"),
        .csmsTotalCostMissing: Entry(versions: [.v201],
            summary: "Leaves totalCost out of its answer to the Ended TransactionEvent, so the driver is never shown the final cost.",
            requirement: "I03.FR.02"),
        .csmsCostUpdatedWrongTransaction: Entry(versions: [.v201],
            summary: "Sends the running cost (CostUpdated) with a transactionId the station does not know.",
            requirement: "I02.FR.01"),
        // OCPP 1.6 Reservation, Central System under test (TestCases/ocpp1.6/CentralSystem/Reservation).
        .csmsReserveNowConnectorSwapped: Entry(versions: [.v16],
            summary: "Sends ReserveNow for connector 0 (the whole Charge Point) when the operator chose a connector, and for connector 1 when the operator chose the Charge Point.",
            requirement: "1.6 §5.13 ReserveNow"),
        .csmsCancelReservationLastOnly: Entry(versions: [.v16],
            summary: "Cancels the last reservation it made, whatever reservationId the operator chose.",
            requirement: "1.6 §5.1 CancelReservation"),
        .csmsDifferentialListWithoutInfo: Entry(versions: [.v16],
            summary: "Sends the entries of a Differential update without idTagInfo, which tells the Charge Point to delete them instead of adding them.",
            requirement: "1.6 §5.15 SendLocalList"),
        .csmsLocalListVersionNotIncreased: Entry(versions: [.v201],
            summary: "Sends SendLocalList with the version the station reported (0 when it did not ask) instead of a bigger one.",
            requirement: "D01.FR.18"),
        .csmsEmptyLocalListFilledIn: Entry(versions: [.v201],
            summary: "Takes an empty list from the operator for no list given: the Full update meant to empty the station's list carries every idToken the CSMS knows.",
            requirement: "D01.FR.04"),
        .csmsLocalListRemovalKeepsInfo: Entry(versions: [.v201],
            summary: "Adds the idToken's known idTokenInfo to the entries of a Differential update meant to remove them, so the station updates them instead.",
            requirement: "D01.FR.17"),
        .csmsGetLocalListVersionWithPayload: Entry(versions: both,
            summary: "Sends GetLocalListVersion with a version field in the request, which its schema does not allow.",
            requirement: "D02 / 1.6 §5.9 (GetLocalListVersion request schema)"),
        // Display Messages, Charging Station under test (TestCases/ocpp2.0.1/ChargingStation/O_DisplayMessage).
        .displayMessageUnknownTransactionAccepted: Entry(versions: [.v201],
            summary: "Accepts a display message for a transaction it does not know.",
            requirement: "O02.FR.01"),
        .displayMessageTransactionRefused: Entry(versions: [.v201],
            summary: "Answers UnknownTransaction to every display message meant for a transaction, the running one included.",
            requirement: "O02.FR.02"),
        .displayMessageReplaceKeepsOld: Entry(versions: [.v201],
            summary: "Keeps a display message next to the new one with the same id instead of replacing it.",
            requirement: "O06.FR.01"),
        .displayMessagePriorityNotStored: Entry(versions: [.v201],
            summary: "Stores every display message with priority NormalCycle, whatever priority the CSMS gave it.",
            requirement: "O01.FR.12"),
        .getDisplayMessagesIgnoresCriteria: Entry(versions: [.v201],
            summary: "Reports every display message to GetDisplayMessages, ignoring the ids, priority and state asked for.",
            requirement: "O04.FR.01"),
        .getDisplayMessagesEmptyAccepted: Entry(versions: [.v201],
            summary: "Answers Accepted (and sends an empty NotifyDisplayMessages) when no display message matches, instead of Unknown.",
            requirement: "O03.FR.06 / O04.FR.02"),
        .clearUnknownDisplayMessageAccepted: Entry(versions: [.v201],
            summary: "Answers Accepted to ClearDisplayMessage for an id it does not have.",
            requirement: "O05.FR.02"),
        .clearDisplayMessageNotRemoved: Entry(versions: [.v201],
            summary: "Answers Accepted to ClearDisplayMessage but keeps the message.",
            requirement: "O05.FR.01"),
        .displayMessageOutlivesTransaction: Entry(versions: [.v201],
            summary: "Keeps a display message meant for one transaction after that transaction ended.",
            requirement: "O02.FR.14"),
        .displayMessagesLostOnReboot: Entry(versions: [.v201],
            summary: "Forgets the display messages the CSMS set when it reboots.",
            requirement: "O01.FR.10"),
        // Display Messages, CSMS under test (TestCases/ocpp2.0.1/CSMS/O_DisplayMessage).
        .csmsDisplayMessageStateDropped: Entry(versions: [.v201],
            summary: "Leaves the charging state the operator chose out of SetDisplayMessage, so the message shows in every state.",
            requirement: "O01.FR.04 (MessageInfoType.state)"),
        .csmsDisplayMessagePriorityInFront: Entry(versions: [.v201],
            summary: "Sends every display message with priority InFront, whatever priority the operator chose.",
            requirement: "O01.FR.04 (MessageInfoType.priority)"),
        .csmsDisplayMessageTransactionDropped: Entry(versions: [.v201],
            summary: "Leaves the transactionId out of a display message meant for one transaction, so every driver sees it.",
            requirement: "O02.FR.02"),
        .csmsDisplayMessageTimesDropped: Entry(versions: [.v201],
            summary: "Leaves startDateTime and endDateTime out of SetDisplayMessage: the message shows at once and never expires.",
            requirement: "O01.FR.05"),
        .csmsDisplayMessageFormatLowercase: Entry(versions: [.v201],
            summary: "Sends the message format in lower case (utf8), which MessageFormatEnumType does not allow.",
            requirement: "O01.FR.04 (SetDisplayMessageRequest schema)"),
        .csmsGetDisplayMessagesFiltersDropped: Entry(versions: [.v201],
            summary: "Asks for every display message (no id, priority or state) when the operator asked for particular ones.",
            requirement: "O04.FR.01"),
        .csmsGetDisplayMessagesDefaultPriority: Entry(versions: [.v201],
            summary: "Adds priority NormalCycle to a GetDisplayMessages meant to return all messages, so messages of other priorities are left out.",
            requirement: "O03.FR.01"),
        .csmsClearDisplayMessageOffByOne: Entry(versions: [.v201],
            summary: "Sends ClearDisplayMessage for the id after the one the operator chose.",
            requirement: "O05.FR.01"),
    ]
}
