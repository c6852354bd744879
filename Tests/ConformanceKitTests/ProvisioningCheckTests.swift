import Foundation
import Testing
@testable import ConformanceKit
@testable import OCPPProtocol

/// The named checks, matcher form and engine rules that the B-block cases use.
@Suite("Provisioning checks")
struct ProvisioningCheckTests {
    func json(_ text: String) throws -> JSONValue { try JSONParser().parse(text) }

    func report(seqNo: Int, tbc: Bool?, data: String = "[]", requestId: Int = 7) throws -> ReceivedCall {
        let tbcText = tbc.map { #","tbc":\#($0)"# } ?? ""
        let payload = try json(#"{"requestId":\#(requestId),"generatedAt":"2024-01-01T00:00:00Z","seqNo":\#(seqNo)\#(tbcText),"reportData":\#(data)}"#)
        return ReceivedCall(action: "NotifyReport", payload: payload, offset: .zero, step: nil)
    }

    func input(_ received: [ReceivedCall], _ arguments: String, message: JSONValue? = nil) throws -> CheckInput {
        CheckInput(message: message, arguments: try json(arguments).objectValue ?? JSONObject(), received: received, context: JSONObject())
    }

    // MARK: notifyReportSequence

    @Test func partsNumberedFromZeroWithTbcUntilTheLastPass() throws {
        let parts = [try report(seqNo: 0, tbc: true), try report(seqNo: 1, tbc: true), try report(seqNo: 2, tbc: nil)]
        #expect(ReportChecks.notifyReportSequence(try input(parts, #"{"requestId":7}"#)) == nil)
    }

    @Test func partsNumberedFromOneFail() throws {
        let parts = [try report(seqNo: 1, tbc: true), try report(seqNo: 2, tbc: false)]
        let failure = try #require(ReportChecks.notifyReportSequence(try input(parts, #"{"requestId":7}"#)))
        #expect(failure.reason == "part 1 of report 7 has seqNo 1")
    }

    @Test func lastPartWithTbcTrueFails() throws {
        let failure = try #require(ReportChecks.notifyReportSequence(try input([try report(seqNo: 0, tbc: true)], #"{"requestId":7}"#)))
        #expect(failure.reason.contains("says more is to come"))
    }

    @Test func reportsForOtherRequestsAreIgnoredAndNoneFails() throws {
        let failure = try #require(ReportChecks.notifyReportSequence(try input([try report(seqNo: 0, tbc: false, requestId: 8)], #"{"requestId":7}"#)))
        #expect(failure.reason == "no NotifyReport came for requestId 7")
    }

    // MARK: reportedVariables

    let goodEntry = #"{"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"MessageTimeout","instance":"Default"},"variableAttribute":[{"type":"Actual","value":"30","mutability":"ReadWrite"}],"variableCharacteristics":{"dataType":"integer","supportsMonitoring":false}}"#
    let listEntry = #"{"component":{"name":"TxCtrlr"},"variable":{"name":"TxStartPoint"},"variableAttribute":[{"value":"EVConnected,Authorized"}],"variableCharacteristics":{"dataType":"MemberList","valuesList":"EVConnected,Authorized,PowerPathClosed","supportsMonitoring":false}}"#

    @Test func wellDescribedRequiredVariablesPass() throws {
        let parts = [try report(seqNo: 0, tbc: false, data: "[\(goodEntry),\(listEntry)]")]
        let args = #"{"requestId":7,"mutability":["ReadWrite","WriteOnly"],"required":["OCPPCommCtrlr.MessageTimeout[Default]","TxCtrlr.TxStartPoint"]}"#
        #expect(ReportChecks.reportedVariables(try input(parts, args)) == nil)
    }

    @Test func missingRequiredVariableIsNamed() throws {
        let parts = [try report(seqNo: 0, tbc: false, data: "[\(goodEntry)]")]
        let failure = try #require(ReportChecks.reportedVariables(try input(parts, #"{"requestId":7,"required":["OCPPCommCtrlr.OfflineThreshold"]}"#)))
        #expect(failure.reason == "report 7: not reported: OCPPCommCtrlr.OfflineThreshold")
    }

    @Test func requiredOfTakesTheRequiredVariablesOfTheAppendix() throws {
        // OCPPCommCtrlr has nine required variables in dm_components_vars.csv; one is reported.
        let parts = [try report(seqNo: 0, tbc: false, data: "[\(goodEntry)]")]
        let failure = try #require(ReportChecks.reportedVariables(try input(parts, #"{"requestId":7,"requiredOf":["OCPPCommCtrlr"]}"#)))
        #expect(failure.reason.hasPrefix("report 7: not reported: OCPPCommCtrlr.FileTransferProtocols, OCPPCommCtrlr.MessageAttemptInterval[TransactionEvent]"))
        #expect(!failure.reason.contains("MessageTimeout"))
        // Optional in the appendix, so never demanded: Connector.AvailabilityState, OCPPCommCtrlr.RetryBackOffWaitMinimum.
        #expect(RequiredVariables.byComponent["Connector"]?.contains("Connector.AvailabilityState") == false)
        #expect(RequiredVariables.byComponent["OCPPCommCtrlr"]?.contains("OCPPCommCtrlr.RetryBackOffWaitMinimum") == false)
        #expect(RequiredVariables.byComponent["OCPPCommCtrlr"]?.count == 9)
        let unknown = try #require(ReportChecks.reportedVariables(try input(parts, #"{"requestId":7,"requiredOf":["NoSuchCtrlr"]}"#)))
        #expect(unknown.reason == "reportedVariables: requiredOf names components without required variables in dm_components_vars.csv: NoSuchCtrlr")
    }

    @Test func requiredWritableAcceptsOnlyTheAppendixRequiredVariables() throws {
        let parts = [try report(seqNo: 0, tbc: false, data: "[\(goodEntry)]")]
        let optional = try #require(ReportChecks.reportedVariables(try input(parts, #"{"requestId":7,"requiredWritable":["OCPPCommCtrlr.OfflineThreshold","OCPPCommCtrlr.RetryBackOffWaitMinimum"]}"#)))
        #expect(optional.reason == "reportedVariables: requiredWritable names variables that dm_components_vars.csv does not make required: OCPPCommCtrlr.RetryBackOffWaitMinimum")
        let missing = try #require(ReportChecks.reportedVariables(try input(parts, #"{"requestId":7,"requiredWritable":["OCPPCommCtrlr.OfflineThreshold","OCPPCommCtrlr.MessageTimeout[Default]"]}"#)))
        #expect(missing.reason == "report 7: not reported: OCPPCommCtrlr.OfflineThreshold")
    }

    @Test func listWithoutValuesListOrValueOutsideItFails() throws {
        let noList = #"{"component":{"name":"TxCtrlr"},"variable":{"name":"TxStopPoint"},"variableAttribute":[{"value":"EVConnected"}],"variableCharacteristics":{"dataType":"MemberList","supportsMonitoring":false}}"#
        let outside = #"{"component":{"name":"ClockCtrlr"},"variable":{"name":"TimeSource"},"variableAttribute":[{"value":"Sundial"}],"variableCharacteristics":{"dataType":"SequenceList","valuesList":"Heartbeat,NTP","supportsMonitoring":false}}"#
        let parts = [try report(seqNo: 0, tbc: false, data: "[\(noList),\(outside)]")]
        let failure = try #require(ReportChecks.reportedVariables(try input(parts, #"{"requestId":7}"#)))
        #expect(failure.reason.contains("TxCtrlr.TxStopPoint is an MemberList without valuesList"))
        #expect(failure.reason.contains("ClockCtrlr.TimeSource has Actual value \"Sundial\" outside its valuesList"))
    }

    @Test func readOnlyInAConfigurationReportAndWriteOnlyWithValueFail() throws {
        let readOnly = #"{"component":{"name":"SecurityCtrlr"},"variable":{"name":"SecurityProfile"},"variableAttribute":[{"value":"1","mutability":"ReadOnly"}],"variableCharacteristics":{"dataType":"integer","supportsMonitoring":false}}"#
        let writeOnly = #"{"component":{"name":"SecurityCtrlr"},"variable":{"name":"BasicAuthPassword"},"variableAttribute":[{"value":"secret","mutability":"WriteOnly"}],"variableCharacteristics":{"dataType":"string","supportsMonitoring":false}}"#
        let parts = [try report(seqNo: 0, tbc: false, data: "[\(readOnly),\(writeOnly)]")]
        let failure = try #require(ReportChecks.reportedVariables(try input(parts, #"{"requestId":7,"mutability":["ReadWrite","WriteOnly"]}"#)))
        #expect(failure.reason.contains("SecurityCtrlr.SecurityProfile is ReadOnly"))
        #expect(failure.reason.contains("SecurityCtrlr.BasicAuthPassword is WriteOnly but its Actual value is reported"))
    }

    @Test func variableWithoutCharacteristicsFails() throws {
        let bare = #"{"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"OfflineThreshold"},"variableAttribute":[{"value":"300"}]}"#
        let failure = try #require(ReportChecks.reportedVariables(try input([try report(seqNo: 0, tbc: false, data: "[\(bare)]")], #"{"requestId":7}"#)))
        #expect(failure.reason == "report 7: OCPPCommCtrlr.OfflineThreshold has no variableCharacteristics")
    }

    // MARK: containsEach

    @Test func containsEachAcceptsAnyOrderAndNeedsDistinctElements() throws {
        let message = try json(#"{"r":[{"v":"b","s":"Accepted"},{"v":"a","s":"Accepted"}]}"#)
        #expect(ListChecks.containsEach(try input([], #"{"field":"/r","elements":[{"v":"a"},{"v":"b"}]}"#, message: message)) == nil)
        let twice = ListChecks.containsEach(try input([], #"{"field":"/r","elements":[{"v":"a"},{"v":"a"}]}"#, message: message))
        #expect(twice?.reason == #"no element of /r matches {"v":"a"}"#)
    }

    // MARK: {"#optional": …}

    @Test func optionalObjectMatchesAbsentOrMatching() throws {
        let template = try json(##"{"statusInfo":{"#optional":{"reasonCode":"NoError"}}}"##)
        let matcher = PayloadMatcher()
        #expect(matcher.mismatches(template, try json(#"{"status":"Accepted"}"#)).isEmpty)
        #expect(matcher.mismatches(template, try json(#"{"statusInfo":{"reasonCode":"NoError"}}"#)).isEmpty)
        let wrong = matcher.mismatches(template, try json(#"{"statusInfo":{"reasonCode":"InternalError"}}"#))
        #expect(wrong.map(\.description) == [#"/statusInfo/reasonCode: expected "NoError", found "InternalError""#])
    }

    // MARK: requires: ["!Feature"]

    @Test func negatedRequirementExcludesDevicesClaimingTheFeature() throws {
        var profile = testProfile()
        var testCase = try Fixture.testCase("""
            id: TC_X_01_CS
            name: X
            ocpp: "2.0.1"
            block: B Provisioning
            purpose: p
            requires: ["!SummaryInventory"]
            steps:
              - wait: 1s
            """)
        #expect(Runner.notApplicableReason(testCase, profile: profile) == nil)
        profile.features = ["SummaryInventory"]
        #expect(Runner.notApplicableReason(testCase, profile: profile) == "the case is for a DUT without SummaryInventory, which the DUT profile claims")
        testCase.requires = ["SummaryInventory"]
        #expect(Runner.notApplicableReason(testCase, profile: profile) == nil)
    }

    // MARK: requires: ["A|B"]

    @Test func alternativeRequirementNeedsOneOfTheFeatures() throws {
        var profile = testProfile()
        let testCase = try Fixture.testCase("""
            id: TC_X_01_CS
            name: X
            ocpp: "2.0.1"
            block: F Remote Control
            purpose: p
            requires: ["TxStartPoint.ParkingBayOccupancy|TxStartPoint.Authorized"]
            steps:
              - wait: 1s
            """)
        profile.config["txStartPoint"] = "PowerPathClosed"
        #expect(Runner.notApplicableReason(testCase, profile: profile) == "the DUT profile does not claim TxStartPoint.ParkingBayOccupancy|TxStartPoint.Authorized")
        profile.config["txStartPoint"] = "Authorized,PowerPathClosed"
        #expect(Runner.notApplicableReason(testCase, profile: profile) == nil)
        profile.config["txStartPoint"] = "ParkingBayOccupancy"
        #expect(Runner.notApplicableReason(testCase, profile: profile) == nil)
    }

    // MARK: `when` on members of an unordered group

    @Test func groupMemberWhoseWhenDoesNotHoldIsLeftOut() throws {
        var d = Driver(try Fixture.machine("""
            steps:
              - unordered:
                  - forEach: connectors
                    when: "{{item.connectorId}} != 2"
                    receive: StatusNotification
                    match: { connectorId: "{{item.connectorId}}" }
            """, profile: testProfile(evses: [.init(id: 1, connectors: [1, 2, 3])])))
        d.start()
        d.dut(status("s1", connector: 3), at: 1)
        #expect(d.verdict == nil)
        d.dut(status("s2", connector: 1), at: 2)
        #expect(d.verdict?.kind == .pass)
    }
}
