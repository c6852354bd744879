import Foundation
import OCPPProtocol

/// A BootNotification the CSMS answered.
public struct CSMSBootRecord: Sendable {
    public var stationId: String
    public var request: JSONValue
    /// The status the CSMS answered with.
    public var status: String
    public var at: Date
}

/// A CALL a station sent to the CSMS.
public struct CSMSReceivedCall: Sendable {
    /// Position in the log, from 0.
    public var index: Int
    public var stationId: String
    public var action: String
    public var payload: JSONValue
    public var at: Date
}

/// A transaction as the CSMS saw it.
public struct CSMSTransactionRecord: Sendable {
    public var stationId: String
    /// The station's transactionId (2.0.1) or the one the CSMS assigned (1.6), as text.
    public var transactionId: String
    public var idToken: String?
    /// The transaction messages in arrival order (TransactionEvent; 1.6 StartTransaction,
    /// MeterValues, StopTransaction), payloads as sent.
    public var messages: [(action: String, payload: JSONValue)] = []
    public var isEnded = false

    /// The seqNo of each TransactionEvent in arrival order (2.0.1).
    public var seqNos: [Int] { messages.compactMap { $0.payload["seqNo"]?.intValue } }
    /// The eventType of each TransactionEvent in arrival order (2.0.1).
    public var eventTypes: [String] { messages.compactMap { $0.payload.text("eventType") } }
    /// The triggerReason of each TransactionEvent in arrival order (2.0.1).
    public var triggerReasons: [String] { messages.compactMap { $0.payload.text("triggerReason") } }
}
