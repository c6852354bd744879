import OCPPProtocol
import Testing

@testable import ReferenceDevices

@Suite("Control command interface")
struct ControlCommandInterfaceTests {
    @Test("Lines become an action and typed arguments")
    func parse() throws {
        let (action, arguments) = try #require(try ControlCommandInterface.parse("plugIn evse=1 connector=2"))
        #expect(action == "plugIn")
        #expect(arguments == ["evse": 1, "connector": 2])
        let quoted = try #require(try ControlCommandInterface.parse(#"presentIdToken idToken="A B" type=ISO14443 flag=true"#))
        #expect(quoted.arguments == ["idToken": "A B", "type": "ISO14443", "flag": true])
        let json = try #require(try ControlCommandInterface.parse(#"GetVariables getVariableData=[{"component": {"name": "TxCtrlr"}}]"#))
        #expect(json.arguments["getVariableData"]?.arrayValue?.count == 1)
        #expect(try ControlCommandInterface.parse("   ") == nil)
        #expect(try ControlCommandInterface.parse("# a comment") == nil)
        #expect(throws: ControlError.self) { try ControlCommandInterface.parse("plugIn evse") }
    }

    @Test("Each line is answered with one line of JSON")
    func execute() async throws {
        let interface = ControlCommandInterface { action, arguments in
            guard action == "plugIn" else { throw ControlError.unknownAction(action) }
            return arguments
        }
        #expect(await interface.execute(line: "plugIn evse=1") == #"{"ok":true,"result":{"evse":1}}"#)
        #expect(await interface.execute(line: "fly") == #"{"ok":false,"error":"unknown action \"fly\""}"#)
    }

    @Test("A station that is not running says so; unknown actions are named")
    func stationErrors() async throws {
        let station = ReferenceChargingStation(configuration: ChargingStationConfiguration()) { throw ControlError.notRunning }
        await #expect(throws: ControlError.notRunning) { try await station.plugIn() }
        await #expect(throws: ControlError.unknownAction("dance")) { try await station.perform(action: "dance", arguments: [:]) }
    }
}
