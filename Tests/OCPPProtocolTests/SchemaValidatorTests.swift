import Testing
@testable import OCPPProtocol

@Suite("Schema validation messages")
struct SchemaValidatorTests {
    func violations(_ version: OCPPVersion, _ action: String, response: Bool = false, _ payload: String) throws -> [String] {
        let schema = try #require(MessageCatalog.builtIn(version).schema(for: action, response: response))
        return SchemaValidator().validate(try JSONParser().parse(payload), against: schema).map(\.description)
    }

    @Test func reportsEveryViolationWithItsPointer() throws {
        let v = try violations(.v201, "BootNotification", #"{"reason":"Powerup","chargingStation":{"model":"\#(String(repeating: "m", count: 25))","vendorName":7,"extra":1}}"#)
        #expect(v == [
            #"/reason: "Powerup" is not one of the allowed values: "ApplicationReset", "FirmwareUpdate", "LocalReset", "PowerUp", "RemoteReset", "ScheduledReset", "Triggered", "Unknown", "Watchdog""#,
            "/chargingStation/model: string longer than 20 (25 characters)",
            "/chargingStation/vendorName: expected string, found integer 7",
            #"/chargingStation: property "extra" is not allowed here (the schema has additionalProperties: false)"#,
        ])
    }

    @Test func nullForAnAbsentOptionalIsExplained() throws {
        let v = try violations(.v201, "Heartbeat", response: true, #"{"currentTime":"2024-01-01T00:00:00Z","customData":null}"#)
        #expect(v == ["/customData: expected object, found null (an absent optional field must be left out, not set to null)"])
    }

    @Test func missingRequiredAndArrayBounds() throws {
        let v = try violations(.v201, "SetVariables", #"{"setVariableData":[]}"#)
        #expect(v == ["/setVariableData: array has 0 items; at least 1 are required"])
        let w = try violations(.v16, "StartTransaction", #"{"connectorId":0,"idTag":"ABC","meterStart":1}"#)
        #expect(w == [#"/: required property "timestamp" is missing"#])
    }

    @Test func pointersEscapeAndIndexArrays() throws {
        let v = try violations(.v201, "MeterValues", #"{"evseId":1,"meterValue":[{"timestamp":"2024-02-30T00:00:00Z","sampledValue":[{"value":1},{"value":"x"}]}]}"#)
        #expect(v == [
            #"/meterValue/0/timestamp: "2024-02-30T00:00:00Z" is not a valid RFC 3339 date-time"#,
            #"/meterValue/0/sampledValue/1/value: expected number, found string "x""#,
        ])
    }

    @Test func boundsAndEscapedPointers() throws {
        let doc: JSONValue = [
            "$schema": "http://json-schema.org/draft-04/schema#", "type": "object",
            "properties": ["a/b~c": ["type": "integer", "minimum": 0, "maximum": 10, "exclusiveMaximum": true], "r": ["type": "number", "multipleOf": 0.1]],
        ]
        let schema = try SchemaCompiler(document: doc).compileRoot()
        let v = SchemaValidator().validate(try JSONParser().parse(#"{"a/b~c":10,"r":0.35}"#), against: schema).map(\.description)
        #expect(v == ["/a~1b~0c: 10 is not less than 10", "/r: 0.35 is not a multiple of 0.1"])
        let w = SchemaValidator().validate(try JSONParser().parse(#"{"a/b~c":-1,"r":0.3}"#), against: schema).map(\.description)
        #expect(w == ["/a~1b~0c: -1 is less than the minimum 0"])
        // draft-04: 1.0 is not an integer.
        #expect(!SchemaValidator().isValid(try JSONParser().parse(#"{"a/b~c":1.0}"#), against: schema))
    }

    @Test func violationsMapToTheRightCallErrorCodes() throws {
        let schema = try #require(MessageCatalog.builtIn(.v201).schema(for: "Heartbeat", response: true))
        let cases: [(String, RPCErrorCode)] = [
            (#"{}"#, .occurrenceConstraintViolation),
            (#"{"currentTime":5}"#, .typeConstraintViolation),
            (#"{"currentTime":"soon"}"#, .propertyConstraintViolation),
            (#"{"currentTime":"2024-01-01T00:00:00Z","x":1}"#, .formatViolation),
        ]
        for (payload, code) in cases {
            let v = SchemaValidator().validate(try JSONParser().parse(payload), against: schema)
            #expect(v.first?.errorCode == code, "\(payload)")
        }
    }

    @Test func catalogsHaveTheRightSizeAndDirections() {
        #expect(MessageCatalog.builtIn(.v16).entries.count == 39)
        #expect(MessageCatalog.builtIn(.v201).entries.count == 64)
        #expect(MessageCatalog.builtIn(.v21).entries.count == 91)
        let v21 = MessageCatalog.builtIn(.v21)
        #expect(v21["NotifyPeriodicEventStream"]?.isSend == true)
        #expect(v21["NotifyPeriodicEventStream"]?.response == nil)
        #expect(MessageCatalog.builtIn(.v201)["DataTransfer"]?.senders.count == 2)
        #expect(MessageCatalog.builtIn(.v201)["BootNotification"]?.isSent(by: .csms) == false)
        #expect(MessageCatalog.builtIn(.v16)["RemoteStartTransaction"]?.isSent(by: .csms) == true)
    }

    @Test func compilerRefusesKeywordsItCannotCheck() {
        let doc: JSONValue = ["type": "object", "properties": ["a": ["type": "string", "pattern": "^x"]]]
        #expect(throws: SchemaError.self) { try SchemaCompiler(document: doc).compileRoot() }
    }

    @Test(arguments: [
        ("2024-05-06T10:20:30Z", true), ("2024-05-06t10:20:30z", true), ("2024-02-29T00:00:00.123456+14:00", true),
        ("2023-02-29T00:00:00Z", false), ("2024-05-06T10:20:60Z", false), ("2024-05-06T10:20:30", false),
        ("2024-05-06 10:20:30Z", false), ("2024-05-06T10:20:30.Z", false), ("0000-01-01T00:00:00Z", false),
        ("2024-05-06T10:20:30Z\n", false), ("2024-05-06T10:20:30+02", false),
    ])
    func dateTimes(text: String, valid: Bool) {
        #expect(RFC3339.isValidDateTime(text) == valid)
    }
}
