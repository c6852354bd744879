import Testing
@testable import OCPPProtocol

@Suite("OCPP-J frame parsing")
struct FrameParserTests {
    // MARK: Valid frames

    @Test(arguments: OCPPVersion.allCases)
    func parsesAndRoundTripsEveryMessageTypeOfTheVersion(version: OCPPVersion) throws {
        let parser = FrameParser(version: version, catalog: .builtIn(version))
        var texts = [
            #"[2,"19223201","Heartbeat",{}]"#,
            #"[3,"19223201",{"currentTime":"2013-02-01T20:53:32.486Z"}]"#,
            #"[4,"162376037","NotSupported","SetDisplayMessageRequest not implemented",{}]"#,
        ]
        if version == .v21 {
            texts += [
                #"[5,"19223201","FormatViolation","bad result",{"at":"/status"}]"#,
                #"[6,"19223202","NotifyPeriodicEventStream",{"id":123,"pending":0,"basetime":"2024-08-27T12:30:40Z","data":[]}]"#,
            ]
        }
        for text in texts {
            let frame = try parser.parse(text)
            #expect(frame.text == text)
            #expect(try parser.parse(bytes: Array(text.utf8)) == frame)
        }
    }

    /// `text` writes the frame directly; it must be exactly the compact JSON of `jsonValue`,
    /// escapes and nesting included, for every message type.
    @Test func textIsTheCompactJSONOfTheFrameArray() throws {
        let payload: JSONValue = ["note": "tab\tquote\"back\\slash\u{1}é€", "list": [1, ["x": JSONValue.null], true], "empty": [:]]
        let error = Frame.CallError(messageId: "id\"1", errorCode: "FormatViolation", errorDescription: "line\nbreak", errorDetails: payload)
        let frames: [Frame] = [
            .call(.init(messageId: "m-1", action: "DataTransfer", payload: payload)),
            .send(.init(messageId: "m-2", action: "NotifyPeriodicEventStream", payload: [:])),
            .callResult(.init(messageId: "ü", payload: payload)),
            .callError(error),
            .callResultError(error),
        ]
        for frame in frames {
            #expect(frame.text == frame.jsonValue.jsonText)
            #expect(try FrameParser(version: .v21).parse(frame.text) == frame)
        }
        #expect(frames[2].text == #"[3,"ü",{"note":"tab\tquote\"back\\slash\u0001é€","list":[1,{"x":null},true],"empty":{}}]"#)
    }

    @Test func keepsNumberLiteralsAndKeyOrderExactly() throws {
        let text = #"[2,"a","MeterValues",{"evseId":1,"meterValue":[{"timestamp":"2024-01-01T00:00:00Z","sampledValue":[{"value":1.50},{"value":2e3},{"value":-0.0}]}]}]"#
        let frame = try FrameParser(version: .v201).parse(text)
        #expect(frame.text == text)
    }

    @Test func acceptsNullResultPayloadOnlyInOCPP16() throws {
        let text = #"[3,"1",null]"#
        #expect(try FrameParser(version: .v16).parse(text) == .callResult(.init(messageId: "1", payload: [:])))
        #expect(throws: FrameError(.payloadNotObject(field: "element 2 (Payload)", found: "null"), messageId: "1", messageType: .callResult)) {
            try FrameParser(version: .v201).parse(text)
        }
    }

    @Test func messageIdOfExactly36CharactersIsAccepted() throws {
        let id = String(repeating: "a", count: 36)
        let frame = try FrameParser(version: .v201).parse(#"[2,"\#(id)","Heartbeat",{}]"#)
        #expect(frame.messageId == id)
    }

    // MARK: Every error kind, with each version's error code

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let bytes: [UInt8]
        let kind: FrameError.Kind?
        let messageId: String?
        /// Expected wire error code for 1.6, 2.0.1 and 2.1.
        let codes: [OCPPVersion: String]
        let versions: [OCPPVersion]
        var testDescription: String { name }

        init(_ name: String, _ text: String, _ kind: FrameError.Kind? = nil, id: String? = nil, codes: [OCPPVersion: String], versions: [OCPPVersion] = OCPPVersion.allCases) {
            self.init(name, bytes: Array(text.utf8), kind, id: id, codes: codes, versions: versions)
        }

        init(_ name: String, bytes: [UInt8], _ kind: FrameError.Kind? = nil, id: String? = nil, codes: [OCPPVersion: String], versions: [OCPPVersion] = OCPPVersion.allCases) {
            self.name = name
            self.bytes = bytes
            self.kind = kind
            self.messageId = id
            self.codes = codes
            self.versions = versions
        }
    }

    static let envelope: [OCPPVersion: String] = [.v16: "FormationViolation", .v201: "RpcFrameworkError", .v21: "RpcFrameworkError"]
    static let idProblem: [OCPPVersion: String] = [.v16: "ProtocolError", .v201: "RpcFrameworkError", .v21: "RpcFrameworkError"]
    static let format: [OCPPVersion: String] = [.v16: "FormationViolation", .v201: "FormatViolation", .v21: "FormatViolation"]
    static let notImplemented: [OCPPVersion: String] = [.v16: "NotImplemented", .v201: "NotImplemented", .v21: "NotImplemented"]
    static let typeNotSupported: [OCPPVersion: String] = [.v16: "NotSupported", .v201: "MessageTypeNotSupported", .v21: "MessageTypeNotSupported"]

    static let cases: [Case] = [
        Case("not JSON", #"[2,"1","Heartbeat",{]"#, codes: envelope),
        Case("invalid UTF-8", bytes: Array(#"[2,"1","Heartbeat",{"a":""#.utf8) + [0xC3, 0x28] + Array(#""}]"#.utf8), .invalidUTF8, codes: envelope),
        Case("not an array", #"{"messageTypeId":2}"#, .notAnArray(found: "object"), codes: envelope),
        Case("empty array", "[]", .emptyArray, codes: envelope),
        Case("type id a string", #"["2","1","Heartbeat",{}]"#, .messageTypeIdNotInteger(found: "string"), id: "1", codes: envelope),
        Case("type id a fraction", #"[2.0,"1","Heartbeat",{}]"#, .messageTypeIdNotInteger(found: "number"), id: "1", codes: envelope),
        Case("unknown message type", #"[7,"1","Heartbeat",{}]"#, .unknownMessageType(7), id: "1", codes: typeNotSupported),
        Case("SEND before 2.1", #"[6,"1","Heartbeat",{}]"#, id: "1", codes: typeNotSupported, versions: [.v16, .v201]),
        Case("CALL with 3 elements", #"[2,"1","Heartbeat"]"#, .wrongArity(.call, expected: 4, found: 3), id: "1", codes: envelope),
        Case("CALLRESULT with 4 elements", #"[3,"1",{},{}]"#, .wrongArity(.callResult, expected: 3, found: 4), id: "1", codes: envelope),
        Case("CALLERROR with 4 elements", #"[4,"1","GenericError",""]"#, .wrongArity(.callError, expected: 5, found: 4), id: "1", codes: envelope),
        Case("id a number", #"[2,19223201,"Heartbeat",{}]"#, .messageIdNotString(found: "integer"), codes: idProblem),
        Case("id empty", #"[2,"","Heartbeat",{}]"#, .messageIdEmpty, id: "", codes: idProblem),
        Case("id 37 characters", #"[2,"\#(String(repeating: "x", count: 37))","Heartbeat",{}]"#, .messageIdTooLong(length: 37, limit: 36), id: String(repeating: "x", count: 37), codes: idProblem),
        Case("action a number", #"[2,"1",5,{}]"#, .actionNotString(found: "integer"), id: "1", codes: envelope),
        Case("action unknown", #"[2,"1","HeartBeat",{}]"#, id: "1", codes: notImplemented),
        Case("payload an array", #"[2,"1","Heartbeat",[]]"#, .payloadNotObject(field: "element 3 (Payload)", found: "array"), id: "1", codes: format),
        Case("payload null", #"[2,"1","Heartbeat",null]"#, .payloadNotObject(field: "element 3 (Payload)", found: "null"), id: "1", codes: format),
        Case("error code a number", #"[4,"1",500,"",{}]"#, .errorFieldNotString(field: "element 2 (ErrorCode)", found: "integer"), id: "1", codes: format),
        Case("error details a string", #"[4,"1","GenericError","","none"]"#, .payloadNotObject(field: "element 4 (ErrorDetails)", found: "string"), id: "1", codes: format),
    ]

    @Test(arguments: cases)
    func everyMalformedFrameHasItsOwnErrorAndTheVersionsCode(c: Case) throws {
        for version in c.versions {
            let parser = FrameParser(version: version, catalog: .builtIn(version))
            do {
                let frame = try parser.parse(bytes: c.bytes)
                Issue.record("\(c.name): parsed as \(frame) in \(version.rawValue)")
            } catch {
                if let kind = c.kind { #expect(error.kind == kind, "\(c.name) in \(version.rawValue)") }
                #expect(error.messageId == c.messageId)
                let reply = error.callError(for: version)
                guard case .callError(let e) = reply else {
                    Issue.record("not a CALLERROR")
                    continue
                }
                #expect(e.errorCode == c.codes[version], "\(c.name) in \(version.rawValue): \(e.errorCode)")
                // An id that cannot be read, or cannot be quoted in a valid answer, is answered as "-1".
                let quotable = c.messageId.map { !$0.isEmpty && $0.count <= 36 } ?? false
                #expect(e.messageId == (quotable ? c.messageId! : "-1"))
                #expect(!e.errorDescription.isEmpty && e.errorDescription.count <= 255)
                // The answer itself must be a valid frame of the version.
                #expect(throws: Never.self) { try parser.parse(reply.text) }
            }
        }
    }

    @Test func errorMessagesSayWhatWasExpectedAndWhatCame() {
        #expect(FrameError(.wrongArity(.call, expected: 4, found: 3)).description == "a CALL has 4 elements, but this array has 3")
        #expect(FrameError(.messageIdTooLong(length: 37, limit: 36)).description == "element 1 (MessageId) is 37 characters long; at most 36 are allowed")
        #expect(FrameError(.unknownAction("HeartBeat", .v201)).description == "\"HeartBeat\" is not an action of OCPP 2.0.1")
        #expect(FrameError(.notAnArray(found: "object")).description == "an OCPP-J message must be a JSON array, but this is an object")
    }

    @Test func unknownMessageTypesAreIgnoredIn21ButAnsweredBefore() {
        #expect(FrameError(.unknownMessageType(9), messageId: "1").warrantsReply)
        #expect(FrameError(.messageTypeNotInVersion(.send, .v201), messageId: "1", messageType: .send).warrantsReply)
        // Errors in answers are never answered (there is nobody waiting for an answer to an answer).
        #expect(!FrameError(.payloadNotObject(field: "x", found: "array"), messageId: "1", messageType: .callResult).warrantsReply)
    }

    // MARK: Error-code spellings

    @Test func errorCodeSpellingsFollowTheVersion() {
        #expect(RPCErrorCode.formatViolation.spelling(for: .v16) == "FormationViolation")
        #expect(RPCErrorCode.occurrenceConstraintViolation.spelling(for: .v16) == "OccurenceConstraintViolation")
        #expect(RPCErrorCode.formatViolation.spelling(for: .v201) == "FormatViolation")
        #expect(RPCErrorCode.occurrenceConstraintViolation.spelling(for: .v21) == "OccurrenceConstraintViolation")
        // 2.0.1 peers may use either spelling; 1.6 peers only their own table.
        #expect(RPCErrorCode(wire: "FormationViolation", version: .v201) == .formatViolation)
        #expect(RPCErrorCode(wire: "OccurenceConstraintViolation", version: .v201) == .occurrenceConstraintViolation)
        #expect(RPCErrorCode(wire: "FormatViolation", version: .v16) == nil)
        #expect(RPCErrorCode(wire: "RpcFrameworkError", version: .v16) == nil)
        #expect(RPCErrorCode(wire: "Bogus", version: .v201) == nil)
        #expect(RPCErrorCode.wireSpellings(for: .v16).count == 10)
    }
}
