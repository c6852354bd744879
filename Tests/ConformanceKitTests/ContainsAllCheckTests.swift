import Testing
@testable import ConformanceKit
import OCPPProtocol

struct ContainsAllCheckTests {
    let message: JSONValue = ["getVariableData": [
        ["component": ["name": "AuthCtrlr"], "variable": ["name": "AuthorizeRemoteStart"]],
        ["component": ["name": "OCPPCommCtrlr"], "variable": ["name": "OfflineThreshold"]],
    ]]

    func input(_ elements: JSONValue) -> CheckInput {
        CheckInput(message: message, arguments: ["pointer": "/getVariableData", "elements": elements], received: [], context: JSONObject())
    }

    @Test func everyPatternFoundInAnyOrderPasses() {
        let elements: JSONValue = [
            ["component": ["name": "OCPPCommCtrlr"], "variable": ["name": "OfflineThreshold"]],
            ["component": ["name": "AuthCtrlr"]],
        ]
        #expect(CheckRegistry.check(named: "containsAll")?(input(elements)) == nil)
    }

    @Test func aMissingElementFails() {
        let elements: JSONValue = [["component": ["name": "SampledDataCtrlr"]]]
        let failure = CheckRegistry.check(named: "containsAll")?(input(elements))
        #expect(failure?.reason.contains("SampledDataCtrlr") == true)
    }
}
