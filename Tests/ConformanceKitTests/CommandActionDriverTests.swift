import Foundation
import Testing
@testable import ConformanceKit
import OCPPProtocol

@Suite("Command action driver")
struct CommandActionDriverTests {
    @Test func aCommandThatIgnoresItsInputDoesNotBringTheHarnessDown() async {
        // `true` exits at once without reading standard input: writing the action's JSON then
        // meets a closed pipe (EPIPE), which once crashed the harness.
        let driver = CommandActionDriver(command: ["/bin/true"], timeout: .seconds(10))
        for i in 0..<20 {
            let outcome = await driver.perform(id: i, name: "reboot", arguments: ["evse": 1], prompt: "")
            #expect(outcome == .done)
        }
    }

    @Test func aFailingCommandIsReportedWithItsStatusAndMessage() async {
        let driver = CommandActionDriver(command: ["/bin/sh", "-c", "echo 'no such station' >&2; exit 3", "hook"], timeout: .seconds(10))
        let outcome = await driver.perform(id: 1, name: "plugIn", arguments: ["evse": 1], prompt: "")
        #expect(outcome == .failed("/bin/sh plugIn exited with status 3: no such station"))
    }
}
