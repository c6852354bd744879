/// Reads OCPP-J messages out of WebSocket text frames for one OCPP version.
///
/// Parsing checks the RPC envelope only (Part 4 §4.2): array shape, message type, message id,
/// action, and that payloads are objects. Payload content is checked separately by
/// ``SchemaValidator`` so that both findings can be reported for one frame.
public struct FrameParser: Sendable {
    public let version: OCPPVersion
    /// Message ids longer than this are rejected (OCPP-J: string[36]).
    public let maxMessageIdLength: Int
    /// When set, a CALL or SEND whose action is not in the catalog is an error.
    public let catalog: MessageCatalog?
    public let maxDepth: Int

    public init(version: OCPPVersion, catalog: MessageCatalog? = nil, maxMessageIdLength: Int = 36, maxDepth: Int = 64) {
        self.version = version
        self.catalog = catalog
        self.maxMessageIdLength = maxMessageIdLength
        self.maxDepth = maxDepth
    }

    /// Parses a frame received as raw bytes (invalid UTF-8 is reported as such).
    public func parse(bytes: [UInt8]) throws(FrameError) -> Frame {
        let value: JSONValue
        do {
            value = try JSONParser(maxDepth: maxDepth).parse(bytes)
        } catch {
            if case .invalidUTF8 = error.kind { throw FrameError(.invalidUTF8) }
            throw FrameError(.notJSON(error))
        }
        return try parse(value: value)
    }

    public func parse(_ text: String) throws(FrameError) -> Frame {
        let value: JSONValue
        do {
            value = try JSONParser(maxDepth: maxDepth).parse(text)
        } catch {
            throw FrameError(.notJSON(error))
        }
        return try parse(value: value)
    }

    /// Interprets an already parsed JSON value as an OCPP-J message.
    public func parse(value: JSONValue) throws(FrameError) -> Frame {
        guard case .array(let elements) = value else { throw FrameError(.notAnArray(found: value.typeName)) }
        guard let first = elements.first else { throw FrameError(.emptyArray) }
        // The message id is read first so that every later error can quote it.
        var messageId: String?
        if elements.count > 1, case .string(let id) = elements[1] { messageId = id }

        guard case .number(let n) = first, n.isIntegerLiteral, let typeNumber = n.intValue else {
            throw FrameError(.messageTypeIdNotInteger(found: first.typeName), messageId: messageId)
        }
        guard let type = MessageType(rawValue: typeNumber) else {
            throw FrameError(.unknownMessageType(typeNumber), messageId: messageId)
        }
        guard version.messageTypes.contains(type) else {
            throw FrameError(.messageTypeNotInVersion(type, version), messageId: messageId, messageType: type)
        }
        guard elements.count == type.arity else {
            throw FrameError(.wrongArity(type, expected: type.arity, found: elements.count), messageId: messageId, messageType: type)
        }
        guard let id = messageId else {
            throw FrameError(.messageIdNotString(found: elements[1].typeName), messageType: type)
        }
        if id.isEmpty { throw FrameError(.messageIdEmpty, messageId: id, messageType: type) }
        let idLength = id.unicodeScalars.count
        if idLength > maxMessageIdLength {
            // The id is readable, so the answer may quote it even though it is too long.
            throw FrameError(.messageIdTooLong(length: idLength, limit: maxMessageIdLength), messageId: id, messageType: type)
        }

        switch type {
        case .call, .send:
            guard case .string(let action) = elements[2] else {
                throw FrameError(.actionNotString(found: elements[2].typeName), messageId: id, messageType: type)
            }
            if let catalog {
                guard let entry = catalog[action], (type == .send) == entry.isSend else {
                    throw FrameError(.unknownAction(action, version), messageId: id, messageType: type, action: action)
                }
            }
            guard case .object = elements[3] else {
                throw FrameError(.payloadNotObject(field: "element 3 (Payload)", found: elements[3].typeName), messageId: id, messageType: type, action: action)
            }
            let call = Frame.Call(messageId: id, action: action, payload: elements[3])
            return type == .call ? .call(call) : .send(call)
        case .callResult:
            var payload = elements[2]
            // OCPP-J 1.6 §4.2.2 lets an empty result be written as null.
            if version == .v16, payload == .null { payload = .object(JSONObject()) }
            guard case .object = payload else {
                throw FrameError(.payloadNotObject(field: "element 2 (Payload)", found: payload.typeName), messageId: id, messageType: type)
            }
            return .callResult(Frame.CallResult(messageId: id, payload: payload))
        case .callError, .callResultError:
            guard case .string(let code) = elements[2] else {
                throw FrameError(.errorFieldNotString(field: "element 2 (ErrorCode)", found: elements[2].typeName), messageId: id, messageType: type)
            }
            guard case .string(let text) = elements[3] else {
                throw FrameError(.errorFieldNotString(field: "element 3 (ErrorDescription)", found: elements[3].typeName), messageId: id, messageType: type)
            }
            guard case .object = elements[4] else {
                throw FrameError(.payloadNotObject(field: "element 4 (ErrorDetails)", found: elements[4].typeName), messageId: id, messageType: type)
            }
            let error = Frame.CallError(messageId: id, errorCode: code, errorDescription: text, errorDetails: elements[4])
            return type == .callError ? .callError(error) : .callResultError(error)
        }
    }
}

extension Frame.CallError {
    /// The error code, when it is one the version allows (either spelling for 2.0.1 and 2.1).
    public func code(for version: OCPPVersion) -> RPCErrorCode? {
        RPCErrorCode(wire: errorCode, version: version)
    }
}
