import Foundation
import Testing
@testable import ConformanceKit
import OCPPProtocol

/// The harness's own OCPP-J conformance: its message ids never repeat, within a run (on any
/// connection, across cases) nor between runs (2.0.1 Part 4 §4.1.4; issue 19 item 1).
@Suite("Harness message ids")
struct MessageIdTests {
    @Test func idsOfOneSourceNeverRepeatAndFitOCPPJ() {
        let source = MessageIdSource()
        let ids = (0..<10_000).map { _ in source.next() }
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.count <= 36 && $0.hasPrefix(source.prefix + "-") })
        #expect(source.prefix.count == 21, "ocppspec- and 12 hex digits leave 14 digits of counter within 36 characters")
    }

    @Test func twoRunsStartFromDifferentIds() {
        let a = MessageIdSource(), b = MessageIdSource()
        #expect(a.prefix != b.prefix)
        #expect(a.next() != b.next())
    }

    /// Before, every case restarted at "ocppspec-1": a CSMS that de-duplicates by id answered a
    /// later case from its replay store.
    @Test(arguments: [OCPPRole.chargingStation, .csms])
    func twoCasesOfARunNeverSendTheSameId(dutRole: OCPPRole) throws {
        let steps = dutRole == .chargingStation
            ? """
            steps:
              - send: GetVariables
                payload: { getVariableData: [ { component: { name: OCPPCommCtrlr }, variable: { name: OfflineThreshold } } ] }
            """
            : """
            steps:
              - send: Heartbeat
                payload: {}
            """
        let id = dutRole == .chargingStation ? "TC_X_01_CS" : "TC_X_01_CSMS"
        var first = Driver(try Fixture.machine(steps, id: id))
        var second = Driver(try Fixture.machine(steps, id: id))
        first.start()
        second.start()
        let a = try #require(first.lastCallId), b = try #require(second.lastCallId)
        #expect(a != b)
        #expect(a.hasPrefix(MessageIdSource.run.prefix) && b.hasPrefix(MessageIdSource.run.prefix))
    }

    /// A raw frame's id may be a template (the case files use `{{case.uid}}`, fresh per case
    /// run), and the CALLERROR is checked against the interpolated id.
    @Test func aRawFramesIdIsInterpolatedForItsCheckToo() throws {
        var d = Driver(try Fixture.machine("""
            steps:
              - raw: '[2,"j01-{{dut.stationId}}","OcppspecNoSuchAction",{}]'
                expectCallError: NotImplemented
                expectMessageId: "j01-{{dut.stationId}}"
            """))
        d.start()
        #expect(d.lastCallId == "j01-CS1")
        d.dut(#"[4,"j01-CS1","NotImplemented","",{}]"#, at: 1)
        #expect(d.verdict?.kind == .pass, "\(d.verdict?.reason ?? "")")
    }

    @Test func aFailingDriverIsReportedOnTheActionsStep() throws {
        var d = Driver(try Fixture.machine("""
            steps:
              - action: reboot
              - receive: BootNotification
            """))
        d.start()
        d.feed(.actionFinished(id: 1, outcome: .failed("exit status 3")))
        #expect(d.verdict?.kind == .error)
        #expect(d.verdict?.step?.number == 1, "the action's step, not the receive that followed it")
        #expect(d.verdict?.headline == "step 1 (action reboot): the action driver could not perform reboot: exit status 3")
    }
}

/// The OCPP-J conformance of the harness itself, end to end: several cases of one run on ONE
/// connection to a CSMS (the harness plays the station), and no message id the harness sent ever
/// repeats in the trace.
@Suite("Harness message ids over a real connection", .serialized)
struct MessageIdTraceTests {
    @Test func noIdTheHarnessSendsRepeatsInARun() async throws {
        let ids = ["TC_B_01_CSMS", "TC_B_02_CSMS"]
        let results = try await EndToEndTests().runCSMS(ids, defects: [])
        var sent: [String] = []
        for id in ids {
            let r = try #require(results[id])
            #expect(r.verdict.kind == .pass, "\(id): \(r.verdict.headline)")
            for entry in r.trace where entry.kind == .toDUT {
                guard let frame = try? JSONParser().parse(entry.text).arrayValue, frame.first == 2, let messageId = frame[1].stringValue else { continue }
                sent.append(messageId)
            }
        }
        #expect(sent.count >= 2, "the harness sent CALLs in both cases: \(sent)")
        let repeated = Dictionary(grouping: sent, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        #expect(repeated.isEmpty, "message ids sent more than once: \(repeated)")
        #expect(sent.allSatisfy { $0.count <= 36 })
    }
}
