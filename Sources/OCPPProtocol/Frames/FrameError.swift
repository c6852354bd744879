/// Why a WebSocket text frame is not a valid OCPP-J message, with what could still be read of it.
public struct FrameError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The bytes are not UTF-8 (RFC 6455 §8.1 requires text frames to be).
        case invalidUTF8
        /// The text is not JSON.
        case notJSON(JSONParseError)
        /// The JSON is not an array; carries the JSON type found.
        case notAnArray(found: String)
        /// `[]`.
        case emptyArray
        /// The first element is not an integer; carries what it is.
        case messageTypeIdNotInteger(found: String)
        /// The message type number is not one OCPP-J defines at all.
        case unknownMessageType(Int)
        /// The message type exists but not in this version (CALLRESULTERROR or SEND before 2.1).
        case messageTypeNotInVersion(MessageType, OCPPVersion)
        /// The array has the wrong number of elements for its message type.
        case wrongArity(MessageType, expected: Int, found: Int)
        /// The message id is not a string.
        case messageIdNotString(found: String)
        /// The message id is the empty string.
        case messageIdEmpty
        /// The message id is longer than the 36 characters OCPP-J allows.
        case messageIdTooLong(length: Int, limit: Int)
        /// The action of a CALL or SEND is not a string.
        case actionNotString(found: String)
        /// The action is not a message of this version (or not one that may be sent as this type).
        case unknownAction(String, OCPPVersion)
        /// The payload (or error details) is not a JSON object.
        case payloadNotObject(field: String, found: String)
        /// The error code or description of a CALLERROR is not a string.
        case errorFieldNotString(field: String, found: String)
    }

    public let kind: Kind
    /// The message id, when it could be read.
    public let messageId: String?
    /// The message type, when it could be read.
    public let messageType: MessageType?
    /// The action, when it could be read.
    public let action: String?

    public init(_ kind: Kind, messageId: String? = nil, messageType: MessageType? = nil, action: String? = nil) {
        self.kind = kind
        self.messageId = messageId
        self.messageType = messageType
        self.action = action
    }

    public var description: String {
        switch kind {
        case .invalidUTF8:
            return "the frame is not valid UTF-8 text"
        case .notJSON(let e):
            return "the frame is not valid JSON: \(e)"
        case .notAnArray(let found):
            return "an OCPP-J message must be a JSON array, but this is \(article(found))"
        case .emptyArray:
            return "an OCPP-J message must start with a message type number, but the array is empty"
        case .messageTypeIdNotInteger(let found):
            return "element 0 (MessageTypeId) must be an integer, but is \(article(found))"
        case .unknownMessageType(let n):
            return "message type \(n) is not an OCPP-J message type (expected 2 CALL, 3 CALLRESULT, 4 CALLERROR, 5 CALLRESULTERROR or 6 SEND)"
        case .messageTypeNotInVersion(let t, let v):
            return "message type \(t.rawValue) (\(t.name)) does not exist in OCPP \(v.rawValue)"
        case .wrongArity(let t, let expected, let found):
            return "a \(t.name) has \(expected) elements, but this array has \(found)"
        case .messageIdNotString(let found):
            return "element 1 (MessageId) must be a string, but is \(article(found))"
        case .messageIdEmpty:
            return "element 1 (MessageId) is an empty string"
        case .messageIdTooLong(let length, let limit):
            return "element 1 (MessageId) is \(length) characters long; at most \(limit) are allowed"
        case .actionNotString(let found):
            return "element 2 (Action) must be a string, but is \(article(found))"
        case .unknownAction(let action, let version):
            return "\"\(action)\" is not an action of OCPP \(version.rawValue)"
        case .payloadNotObject(let field, let found):
            return "\(field) must be a JSON object, but is \(article(found))"
        case .errorFieldNotString(let field, let found):
            return "\(field) must be a string, but is \(article(found))"
        }
    }

    /// The CALLERROR code the receiving side answers with (Part 4 §4.3; OCPP-J 1.6 §4.2.3).
    public func errorCode(for version: OCPPVersion) -> RPCErrorCode {
        switch kind {
        case .invalidUTF8, .notJSON, .notAnArray, .emptyArray, .messageTypeIdNotInteger, .wrongArity:
            return version == .v16 ? .formatViolation : .rpcFrameworkError
        case .unknownMessageType, .messageTypeNotInVersion:
            return .messageTypeNotSupported
        case .messageIdNotString, .messageIdEmpty, .messageIdTooLong:
            return .rpcFrameworkError
        case .actionNotString:
            return version == .v16 ? .formatViolation : .rpcFrameworkError
        case .unknownAction:
            return .notImplemented
        case .payloadNotObject, .errorFieldNotString:
            return .formatViolation
        }
    }

    /// Whether the receiver answers at all. Only a CALL is answered; for 2.1 a message of an unknown
    /// type is ignored (Part 4 2.1 §4.4), and errors about answers or SENDs are never answered.
    public var warrantsReply: Bool {
        switch kind {
        case .unknownMessageType, .messageTypeNotInVersion:
            if case .messageTypeNotInVersion(_, let v) = kind, v == .v21 { return false }
            return true
        default:
            return messageType == nil || messageType == .call
        }
    }

    /// The CALLERROR to send back; its message id is "-1" when the id could not be read, or when
    /// quoting it would make the answer itself invalid (empty or longer than 36 characters).
    public func callError(for version: OCPPVersion) -> Frame {
        var replyId = "-1"
        if let messageId, !messageId.isEmpty, messageId.unicodeScalars.count <= 36 { replyId = messageId }
        return .callError(
            Frame.CallError(
                messageId: replyId,
                errorCode: errorCode(for: version).spelling(for: version),
                errorDescription: String(description.prefix(255)),
                errorDetails: .object(JSONObject())))
    }
}

private func article(_ typeName: String) -> String {
    switch typeName {
    case "array", "object", "integer": "an \(typeName)"
    case "null": "null"
    default: "a \(typeName)"
    }
}
