import Testing
@testable import ConformanceKit
import OCPPProtocol

/// A profile value filled into a lone `{{…}}` placeholder takes the JSON type the schema asks for;
/// literals in a case stay as written.
@Suite("Placeholder typing against the message schema")
struct PlaceholderTypingTests {
    let catalog16 = MessageCatalog.builtIn(.v16)

    @Test func profileNumberBecomesStringWhereTheSchemaWantsOne() throws {
        let schema = try #require(catalog16.schema(for: "ChangeConfiguration", response: false))
        let template: JSONValue = ["key": "MeterValueSampleInterval", "value": "{{config.meterValueSampleInterval}}"]
        let filled: JSONValue = ["key": "MeterValueSampleInterval", "value": 5]
        let typed = PlaceholderTyping.conform(filled, template: template, schema: schema).payload
        #expect(typed["value"] == .string("5"))
        #expect(SchemaValidator().validate(typed, against: schema).isEmpty)
    }

    @Test func numericStringBecomesIntegerWhereTheSchemaWantsOne() throws {
        let schema = try #require(catalog16.schema(for: "BootNotification", response: true))
        let template: JSONValue = ["status": "Accepted", "currentTime": "{{now}}", "interval": "{{config.heartbeatInterval}}"]
        let filled: JSONValue = ["status": "Accepted", "currentTime": "2026-01-01T00:00:00Z", "interval": "300"]
        let typed = PlaceholderTyping.conform(filled, template: template, schema: schema).payload
        #expect(typed["interval"] == .number(JSONNumber(300)))
        #expect(SchemaValidator().validate(typed, against: schema).isEmpty)
    }

    @Test func literalsAndNonNumericTextAreLeftAlone() throws {
        let schema = try #require(catalog16.schema(for: "BootNotification", response: true))
        // A literal wrong type (a deliberate negative test) is not repaired.
        let literal: JSONValue = ["status": "Accepted", "currentTime": "2026-01-01T00:00:00Z", "interval": "300"]
        #expect(PlaceholderTyping.conform(literal, template: literal, schema: schema).payload["interval"] == .string("300"))
        // A placeholder that brought text which is no number stays text, and the schema still fails it.
        let template: JSONValue = ["status": "Accepted", "currentTime": "{{now}}", "interval": "{{config.heartbeatInterval}}"]
        let filled: JSONValue = ["status": "Accepted", "currentTime": "2026-01-01T00:00:00Z", "interval": "soon"]
        let typed = PlaceholderTyping.conform(filled, template: template, schema: schema).payload
        #expect(typed["interval"] == .string("soon"))
        #expect(!SchemaValidator().validate(typed, against: schema).isEmpty)
    }

    @Test func nestedPointersInArraysAreFollowed() throws {
        let schema = try #require(MessageCatalog.builtIn(.v201).schema(for: "SetVariables", response: false))
        let template: JSONValue = ["setVariableData": [["component": ["name": "SampledDataCtrlr"], "variable": ["name": "TxUpdatedInterval"], "attributeValue": "{{config.txUpdatedInterval}}"]]]
        let filled: JSONValue = ["setVariableData": [["component": ["name": "SampledDataCtrlr"], "variable": ["name": "TxUpdatedInterval"], "attributeValue": 5]]]
        let typed = PlaceholderTyping.conform(filled, template: template, schema: schema).payload
        #expect(SchemaValidator().validate(typed, against: schema).isEmpty)
        #expect(PlaceholderTyping.components("/a~1b/0/c~0d") == ["a/b", "0", "c~d"])
    }
}
