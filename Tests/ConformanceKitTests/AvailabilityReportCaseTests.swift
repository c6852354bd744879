import Foundation
import Testing
@testable import ConformanceKit
@testable import OCPPProtocol

/// TC_G_12_CS and TC_G_15_CS as the repository has them (issue 29, item 7): the connector report
/// they ask for must come after the ChangeAvailability, so notifications that a station sent
/// before it (at boot, on a bench) do not stand in for it.
@Suite("Availability cases: the report follows the request")
struct AvailabilityReportCaseTests {
    static func machine(_ id: String) throws -> CaseMachine {
        var root = URL(fileURLWithPath: #filePath)
        while !FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) { root.deleteLastPathComponent() }
        let file = root.appendingPathComponent("TestCases/ocpp2.0.1/ChargingStation/G_Availability/\(id).yaml")
        let c = try Fixture.testCase(try String(contentsOf: file, encoding: .utf8), file: id + ".yaml")
        let profile = testProfile()
        let program = try CaseProgram.build(c, library: StateLibrary([]), context: profile.interpolationContext)
        return CaseMachine(
            program: program,
            configuration: .init(
                version: c.version, dutRole: c.dutRole,
                background: BackgroundPolicy.defaults(version: c.version, harnessRole: c.dutRole.peer).applying(c.background),
                context: profile.interpolationContext, messageTimeout: profile.messageTimeout, forbid: c.forbid, post: c.post))
    }

    @Test(arguments: ["TC_G_12_CS", "TC_G_15_CS"])
    func statusesBeforeTheRequestDoNotCount(_ id: String) throws {
        var d = Driver(try Self.machine(id))
        d.start()
        let request = try #require(d.lastCallId)
        // The station's boot-time report, before it answers the request; nothing after it.
        d.dut(status("s1"), at: 0.1)
        d.dut(#"[3,"\#(request)",{"status":"Accepted"}]"#, at: 0.2)
        d.advance(to: 10)
        #expect(d.verdict?.kind == .fail, "\(d.verdict?.reason ?? "no verdict")")
    }

    @Test(arguments: ["TC_G_12_CS", "TC_G_15_CS"])
    func aReportAfterTheRequestPasses(_ id: String) throws {
        var d = Driver(try Self.machine(id))
        d.start()
        let request = try #require(d.lastCallId)
        d.dut(#"[3,"\#(request)",{"status":"Accepted"}]"#, at: 0.2)
        d.dut(status("s1"), at: 0.3)
        d.advance(to: 10)
        #expect(d.verdict?.kind == .pass, "\(d.verdict?.reason ?? "no verdict")")
    }
}
