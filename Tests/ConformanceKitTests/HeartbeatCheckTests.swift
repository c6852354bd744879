import Testing
@testable import ConformanceKit
@testable import OCPPProtocol

/// `heartbeatsAtInterval`: the Heartbeats after the last boot keep the interval the CSMS gave.
@Suite("Heartbeat interval check")
struct HeartbeatCheckTests {
    func call(_ action: String, at seconds: Double) -> ReceivedCall {
        ReceivedCall(action: action, payload: .object(JSONObject()), offset: .milliseconds(Int(seconds * 1000)), step: nil)
    }

    func run(_ received: [ReceivedCall], interval: Int = 2, deviation: Double = 1, count: Int? = nil) -> CheckFailure? {
        var arguments: JSONObject = ["interval": .number(JSONNumber(interval))]
        if let count { arguments["count"] = .number(JSONNumber(count)) }
        let context: JSONObject = ["config": ["timeDeviation": .number(JSONNumber(deviation))]]
        return HeartbeatChecks.heartbeatsAtInterval(CheckInput(message: nil, arguments: arguments, received: received, context: context))
    }

    @Test func heartbeatsAtTheIntervalPass() {
        let received = [call("BootNotification", at: 0), call("StatusNotification", at: 0.1), call("Heartbeat", at: 2.1), call("Heartbeat", at: 4.2), call("Heartbeat", at: 6.0)]
        #expect(run(received) == nil)
    }

    @Test func heartbeatsAtHalfTheIntervalFail() throws {
        let received = [call("BootNotification", at: 0), call("Heartbeat", at: 1), call("Heartbeat", at: 2), call("Heartbeat", at: 3)]
        let failure = try #require(run(received))
        #expect(failure.reason == "3 Heartbeats took 2 s, one every 1 s instead of every 2 s")
        #expect(failure.expected == "4 s ± 1 s from the first to the last")
    }

    @Test func heartbeatsAtOneAndAHalfTimesTheIntervalFail() {
        let received = [call("BootNotification", at: 0), call("Heartbeat", at: 3), call("Heartbeat", at: 6), call("Heartbeat", at: 9)]
        #expect(run(received)?.reason == "3 Heartbeats took 6 s, one every 3 s instead of every 2 s")
    }

    @Test func onlyHeartbeatsAfterTheLastBootCount() {
        let received = [call("Heartbeat", at: 0.5), call("Heartbeat", at: 1), call("BootNotification", at: 2), call("Heartbeat", at: 4)]
        #expect(run(received)?.reason == "only 1 Heartbeat(s) came after the last boot")
    }

    @Test func countAndDeviationArgumentsAreUsed() {
        let received = [call("Heartbeat", at: 10), call("Heartbeat", at: 21)]
        #expect(run(received, interval: 10, deviation: 2, count: 2) == nil)
        #expect(run(received, interval: 10, deviation: 0.5, count: 2) != nil)
    }

    @Test func aMissingIntervalIsReported() {
        let input = CheckInput(message: nil, arguments: JSONObject(), received: [], context: JSONObject())
        #expect(HeartbeatChecks.heartbeatsAtInterval(input)?.reason == "heartbeatsAtInterval needs a positive argument interval (seconds)")
    }
}
