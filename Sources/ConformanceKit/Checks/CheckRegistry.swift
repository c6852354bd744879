import OCPPProtocol

/// A CALL the DUT sent during a case, as named checks see it.
public struct ReceivedCall: Sendable {
    public var action: String
    public var payload: JSONValue
    public var offset: Duration
    public var step: Int?
}

/// What a named check gets to look at.
public struct CheckInput: Sendable {
    /// The message of the step the check is attached to (nil for post-scenario checks).
    public var message: JSONValue?
    /// The check's arguments, interpolated.
    public var arguments: JSONObject
    /// Every CALL the DUT sent so far in this case, in order.
    public var received: [ReceivedCall]
    /// The interpolation context: DUT profile values and captures.
    public var context: JSONObject
}

/// A named check's result: nil when it passes, otherwise what was expected and what came.
public struct CheckFailure: Sendable, Error {
    public var reason: String
    public var expected: String?
    public var actual: String?

    public init(_ reason: String, expected: String? = nil, actual: String? = nil) {
        self.reason = reason
        self.expected = expected
        self.actual = actual
    }
}

/// Named Swift checks for what a case file cannot express (DESIGN.md), registered in one place.
public enum CheckRegistry {
    public typealias Check = @Sendable (CheckInput) -> CheckFailure?

    /// Every check by name, with a one-line description for `lint` and docs.
    public static let all: [String: (description: String, run: Check)] = [
        "statusReportedForAllConnectors": (
            "every connector of the profile's EVSE layout (or of EVSE `evseId`, connector `connectorId`) reported its status (StatusNotification or, in 2.0.1, NotifyEvent AvailabilityState)",
            BuiltInChecks.statusReportedForAllConnectors
        ),
        "seqNoContiguous": (
            "TransactionEvent seqNo values of each transaction start at 0 (or continue) and increase by one without gaps or repeats",
            BuiltInChecks.seqNoContiguous
        ),
        "messagesMatch": (
            "every CALL `action` the DUT sent that matches `where` (a subset template; all when absent) also matches `match`, and at least `min` (default 1) and at most `max` (when given) such CALLs came",
            BuiltInChecks.messagesMatch
        ),
        "transactionIdConstant": (
            "every TransactionEvent of the case carries the same transactionId",
            BuiltInChecks.transactionIdConstant
        ),
        "timestampNearNow": (
            "the message's time field (argument `field`, a JSON Pointer; default /timestamp) is within the profile's time deviation of the time it arrived",
            BuiltInChecks.timestampNearNow
        ),
        "containsAll": (
            "the array at argument `pointer` (a JSON Pointer into the message) has, for each pattern in argument `elements`, an element matching it (subset match, any order)",
            BuiltInChecks.containsAll
        ),
        "containsEach": (
            "every template of argument `elements` matches a different element of the array at argument `field` (a JSON Pointer) of the step's message, in any order",
            ListChecks.containsEach
        ),
        "notifyReportSequence": (
            "the NotifyReport messages for argument `requestId` are numbered seqNo 0, 1, 2… in order, with tbc true on all but the last",
            ReportChecks.notifyReportSequence
        ),
        "reportedVariables": (
            "every variable reported for argument `requestId` has variableCharacteristics, a valuesList for list types that its value keeps to, no value when WriteOnly, a mutability within argument `mutability` (optional); every `Component.Variable[Instance]` of argument `required`, and every variable dm_components_vars.csv marks required for a component of argument `requiredOf`, is reported",
            ReportChecks.reportedVariables
        ),
        "noMessagesMatch": (
            "the DUT sent no CALL `action` matching `where` (a subset template) during the case, e.g. no TransactionEvent with triggerReason Deauthorized",
            BuiltInChecks.noMessagesMatch
        ),
        "noMessagesReceived": (
            "the DUT sent none of the actions named in argument `actions` during the case",
            BuiltInChecks.noMessagesReceived
        ),
        "heartbeatsAtInterval": (
            "the first `count` (default 3) Heartbeats after the last BootNotification span (count − 1) × argument `interval` seconds, within `deviation` (default: the profile's time deviation)",
            HeartbeatChecks.heartbeatsAtInterval
        ),
        "meterValueSeries": (
            "2.0.1: the readings of `context` in the `action` messages matching `where` (or the `first` one) carry every measurand of `measurands`, have at least `minCount` distinct timestamps `interval` s apart (or whole multiples, with `allowGaps`; optionally `aligned` to the clock) and, with `signed`, a signedMeterValue",
            MeterValueChecks.meterValueSeries
        ),
        // OCPP 1.6
        "configurationKeysPresent": (
            "1.6: the GetConfiguration answer lists every key of argument `keys` ({key, readonly?}), with that accessibility when given",
            Checks16.configurationKeysPresent
        ),
        "connectorStatusAfterLastBoot": (
            "1.6: if the DUT booted during the case, its first StatusNotification for argument `connectorId` after the last boot has a status of argument `status`",
            Checks16.connectorStatusAfterLastBoot
        ),
        "finishingReportedAfterStop": (
            "1.6: a StopTransaction sent before the last BootNotification is followed by StatusNotification Finishing for argument `connectorId` before that boot",
            Checks16.finishingReportedAfterStop
        ),
        "meterValuesAsConfigured": (
            "1.6: the MeterValues of `connectorId` with `context` carry every measurand of `measurands`, come in order `interval` s apart (or whole multiples, with `allowGaps`; optionally `aligned` to the clock)",
            Checks16.meterValuesAsConfigured
        ),
        "stopTransactionSent": (
            "1.6: the DUT sent a StopTransaction for argument `transactionId` with a reason of argument `reasons` (#absent = no reason)",
            Checks16.stopTransactionSent
        ),
    ]

    public static func check(named name: String) -> Check? { all[name]?.run }
}
