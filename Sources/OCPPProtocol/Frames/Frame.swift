/// One OCPP-J RPC message: the JSON array carried by a WebSocket text frame (Part 4 §4.2).
public enum Frame: Sendable, Hashable {
    /// `[2, messageId, action, payload]`: a request.
    case call(Call)
    /// `[3, messageId, payload]`: the answer to a CALL.
    case callResult(CallResult)
    /// `[4, messageId, errorCode, errorDescription, errorDetails]`: a CALL could not be handled.
    case callError(CallError)
    /// `[5, messageId, errorCode, errorDescription, errorDetails]`: 2.1 only, a CALLRESULT was bad.
    case callResultError(CallError)
    /// `[6, messageId, action, payload]`: 2.1 only, a request that gets no answer.
    case send(Call)

    public struct Call: Sendable, Hashable {
        public var messageId: String
        public var action: String
        public var payload: JSONValue
        public init(messageId: String, action: String, payload: JSONValue) {
            self.messageId = messageId
            self.action = action
            self.payload = payload
        }
    }

    public struct CallResult: Sendable, Hashable {
        public var messageId: String
        public var payload: JSONValue
        public init(messageId: String, payload: JSONValue) {
            self.messageId = messageId
            self.payload = payload
        }
    }

    public struct CallError: Sendable, Hashable {
        public var messageId: String
        /// The code exactly as written on the wire (a DUT may misspell it; see `RPCErrorCode(wire:version:)`).
        public var errorCode: String
        public var errorDescription: String
        public var errorDetails: JSONValue
        public init(messageId: String, errorCode: String, errorDescription: String = "", errorDetails: JSONValue = .object(JSONObject())) {
            self.messageId = messageId
            self.errorCode = errorCode
            self.errorDescription = errorDescription
            self.errorDetails = errorDetails
        }
    }

    public var messageType: MessageType {
        switch self {
        case .call: .call
        case .callResult: .callResult
        case .callError: .callError
        case .callResultError: .callResultError
        case .send: .send
        }
    }

    public var messageId: String {
        switch self {
        case .call(let c), .send(let c): c.messageId
        case .callResult(let r): r.messageId
        case .callError(let e), .callResultError(let e): e.messageId
        }
    }

    /// The action of a CALL or SEND; `nil` for answers.
    public var action: String? {
        switch self {
        case .call(let c), .send(let c): c.action
        default: nil
        }
    }

    /// The payload of a CALL, SEND or CALLRESULT, or the error details of an error.
    public var payload: JSONValue {
        switch self {
        case .call(let c), .send(let c): c.payload
        case .callResult(let r): r.payload
        case .callError(let e), .callResultError(let e): e.errorDetails
        }
    }

    /// The frame as a JSON array.
    public var jsonValue: JSONValue {
        switch self {
        case .call(let c):
            .array([Self.two, .string(c.messageId), .string(c.action), c.payload])
        case .send(let c):
            .array([Self.six, .string(c.messageId), .string(c.action), c.payload])
        case .callResult(let r):
            .array([Self.three, .string(r.messageId), r.payload])
        case .callError(let e):
            .array([Self.four, .string(e.messageId), .string(e.errorCode), .string(e.errorDescription), e.errorDetails])
        case .callResultError(let e):
            .array([Self.five, .string(e.messageId), .string(e.errorCode), .string(e.errorDescription), e.errorDetails])
        }
    }

    /// The text to put in a WebSocket text frame: `jsonValue` as compact JSON, written without
    /// building the array first (every message the harness sends is made here).
    public var text: String {
        var out = JSONTextWriter()
        out.openFrame(messageType)
        switch self {
        case .call(let c), .send(let c):
            out.writeElement(c.messageId)
            out.writeElement(c.action)
            out.closeFrame(last: c.payload)
        case .callResult(let r):
            out.writeElement(r.messageId)
            out.closeFrame(last: r.payload)
        case .callError(let e), .callResultError(let e):
            out.writeElement(e.messageId)
            out.writeElement(e.errorCode)
            out.writeElement(e.errorDescription)
            out.closeFrame(last: e.errorDetails)
        }
        return out.text
    }

    // The message type numbers, made once: every frame the harness sends starts with one.
    private static let two = JSONValue.number(JSONNumber(2))
    private static let three = JSONValue.number(JSONNumber(3))
    private static let four = JSONValue.number(JSONNumber(4))
    private static let five = JSONValue.number(JSONNumber(5))
    private static let six = JSONValue.number(JSONNumber(6))
}

extension Frame: CustomStringConvertible {
    public var description: String { text }
}
