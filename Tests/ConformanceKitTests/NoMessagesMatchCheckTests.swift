import Testing
@testable import ConformanceKit
import OCPPProtocol

struct NoMessagesMatchCheckTests {
    func input(_ received: [JSONValue]) -> CheckInput {
        CheckInput(
            message: nil,
            arguments: ["action": "TransactionEvent", "where": ["triggerReason": "Deauthorized"]],
            received: received.map { ReceivedCall(action: "TransactionEvent", payload: $0, offset: .zero, step: nil) },
            context: JSONObject())
    }

    @Test func noMatchingMessagePasses() {
        let received: [JSONValue] = [["triggerReason": "Authorized"], ["triggerReason": "ChargingStateChanged"]]
        #expect(CheckRegistry.check(named: "noMessagesMatch")?(input(received)) == nil)
    }

    @Test func aMatchingMessageFails() {
        let received: [JSONValue] = [["triggerReason": "Authorized"], ["triggerReason": "Deauthorized", "seqNo": 3]]
        let failure = CheckRegistry.check(named: "noMessagesMatch")?(input(received))
        #expect(failure?.actual?.contains("Deauthorized") == true)
    }

    @Test func otherActionsAreIgnored() {
        var i = input([])
        i.received = [ReceivedCall(action: "Authorize", payload: ["triggerReason": "Deauthorized"], offset: .zero, step: nil)]
        #expect(CheckRegistry.check(named: "noMessagesMatch")?(i) == nil)
    }
}
