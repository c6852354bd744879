import ConformanceKit
import ConformanceReports
import Foundation
import OCPPProtocol

/// A synthetic but realistic OCPP 2.0.1 run against a Charging Station, with one case of every
/// verdict, fixed times, frames as a DUT sends them, a payload that tries script injection and
/// secrets that must never reach a report.
enum SampleRun {
    static let start = Date(timeIntervalSince1970: 1_795_593_600)  // 2026-11-25T08:00:00Z
    static let basicAuthUser = "CS001"
    static let basicAuthPassword = "s3cr3t-Passw0rd!"
    static let privateKey = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oC6SLR1XHgBdoAoGCCqGSM49\n-----END EC PRIVATE KEY-----"
    /// What a hostile DUT puts into a field: if this ever ran, the page title would change and an
    /// element with id "xss-executed" would appear.
    static let scriptPayload = "<script>document.title='pwned';document.body.insertAdjacentHTML('beforeend','<p id=\"xss-executed\">x</p>')</script>"

    static var redactor: Redactor {
        Redactor(secrets: Redactor.basicAuthSecrets(username: basicAuthUser, password: basicAuthPassword))
    }

    static let run = RunInfo(
        runId: "2026-11-25T08-00-00Z", startedAt: start,
        dutDescription: "ACME Wallbox 22 (station CS001, firmware 1.4.2)", dutRole: .chargingStation,
        harnessVersion: "0.1.0", selection: "--suite ocpp2.0.1/B --suite ocpp2.0.1/E")

    static func info(_ id: String, _ name: String, block: String = "B", blockName: String = "B Provisioning", profiles: [String] = ["Core"],
                     useCases: [String], requirements: [String], purpose: String) -> CaseInfo {
        CaseInfo(id: id, name: name, version: .v201, dutRole: .chargingStation, block: block, blockName: blockName,
                 profiles: profiles, useCases: useCases, requirements: requirements, purpose: purpose,
                 file: "TestCases/ocpp2.0.1/ChargingStation/\(block == "B" ? "B_Provisioning" : "E_Transactions")/\(id).yaml")
    }

    static let planned: [CaseInfo] = [
        info("TC_B_01_CS", "Cold Boot Charging Station - Accepted", useCases: ["B01"], requirements: ["B01.FR.01", "B01.FR.05"],
             purpose: "After a reboot the station sends BootNotification, is accepted, and reports every connector's status."),
        info("TC_B_02_CS", "Cold Boot Charging Station - Pending", useCases: ["B02"], requirements: ["B02.FR.01", "B02.FR.02"],
             purpose: "The station holds back until the CSMS accepts it, and answers configuration meanwhile."),
        info("TC_B_20_CS", "Reset Charging Station - Without ongoing transaction - OnIdle", useCases: ["B12"], requirements: ["B12.FR.01"],
             purpose: "A Reset OnIdle with no transaction reboots the station at once."),
        info("TC_B_45_CS", "Set Network Profile - Security Profile 3", profiles: ["Advanced Security"], useCases: ["B09"], requirements: ["B09.FR.01"],
             purpose: "The station accepts a network connection profile that uses TLS with client certificates."),
        info("TC_E_04_CS", "Start transaction options - EVConnected", block: "E", blockName: "E Transactions", useCases: ["E01"],
             requirements: ["E01.FR.01"], purpose: "A transaction starts when the EV is connected, as TxStartPoint says."),
    ]

    /// The five results, in run order.
    static var results: [CaseResult] {
        [pass, fail, inconclusive, notApplicable, error]
    }

    static func t(_ caseStart: Double, _ ms: Int) -> (Duration, Date) {
        (.milliseconds(ms), start.addingTimeInterval(caseStart + Double(ms) / 1000))
    }

    static func entry(_ kind: TraceEntry.Kind, _ caseStart: Double, _ ms: Int, _ text: String, _ summary: String? = nil, id: String? = nil, step: Int? = nil) -> TraceEntry {
        let (offset, date) = t(caseStart, ms)
        return TraceEntry(kind: kind, offset: offset, timestamp: date, text: text, summary: summary, messageId: id, step: step)
    }

    static var pass: CaseResult {
        let s = 0.0
        let authorization = Data("\(basicAuthUser):\(basicAuthPassword)".utf8).base64EncodedString()
        return CaseResult(
            info: planned[0], verdict: .passed, startedAt: start, duration: .milliseconds(1_832),
            trace: [
                entry(.action, s, 0, "reboot: asked the builtin driver to power-cycle the station", step: 1),
                entry(.connection, s, 412, "WebSocket opened from 127.0.0.1:50412 to /ocpp/CS001, subprotocol ocpp2.0.1, Authorization: Basic \(authorization)", step: 2),
                entry(.fromDUT, s, 430, #"[2,"19223201","BootNotification",{"reason":"PowerUp","chargingStation":{"model":"Wallbox 22","vendorName":"ACME","firmwareVersion":"1.4.2"}}]"#, "CALL BootNotification", id: "19223201", step: 2),
                entry(.toDUT, s, 431, #"[3,"19223201",{"currentTime":"2026-11-25T08:00:00.431Z","interval":300,"status":"Accepted"}]"#, "CALLRESULT", id: "19223201", step: 2),
                entry(.fromDUT, s, 655, #"[2,"19223202","StatusNotification",{"timestamp":"2026-11-25T08:00:00.650Z","connectorStatus":"Available","evseId":1,"connectorId":1}]"#, "CALL StatusNotification", id: "19223202", step: 3),
                entry(.toDUT, s, 656, #"[3,"19223202",{}]"#, "CALLRESULT", id: "19223202", step: 3),
                entry(.toDUT, s, 700, #"[2,"a1","SetVariables",{"setVariableData":[{"component":{"name":"SecurityCtrlr"},"variable":{"name":"BasicAuthPassword"},"attributeValue":"\#(basicAuthPassword)"}]}]"#, "CALL SetVariables", id: "a1", step: 4),
                entry(.fromDUT, s, 820, #"[3,"a1",{"setVariableResult":[{"attributeStatus":"Accepted","component":{"name":"SecurityCtrlr"},"variable":{"name":"BasicAuthPassword"}}]}]"#, "CALLRESULT", id: "a1", step: 4),
                entry(.note, s, 1_830, "all 4 steps done; background replies: 0", step: 4),
            ])
    }

    static var fail: CaseResult {
        let s = 2.0
        let bootFrame = #"[2,"boot-1","BootNotification",{"reason":"PowerUp","chargingStation":{"model":"\#(scriptPayload.replacingOccurrences(of: "\"", with: "\\\""))","vendorName":"ACME"}}]"#
        let txFrame = #"[2,"tx-1","TransactionEvent",{"eventType":"Started","timestamp":"2026-11-25T08:00:03.900Z","triggerReason":"CablePluggedIn","seqNo":0,"transactionInfo":{"transactionId":"T-1"}}]"#
        return CaseResult(
            info: planned[1],
            verdict: Verdict(
                kind: .fail, reason: "the station sent TransactionEvent while its registration was Pending",
                step: StepReference(number: 3, summary: "receive BootNotification", label: "boot again after the interval",
                                    location: SourceLocation(file: "TestCases/ocpp2.0.1/ChargingStation/B_Provisioning/TC_B_02_CS.yaml", line: 21, column: 5)),
                requirements: ["B02.FR.02"],
                expected: "BootNotification (nothing but BootNotification, Heartbeat-free, until Accepted)",
                actual: "TransactionEvent {\"eventType\":\"Started\"} at +1.900s",
                offendingFrame: txFrame),
            startedAt: start.addingTimeInterval(s), duration: .milliseconds(2_004),
            trace: [
                entry(.action, s, 0, "reboot: asked the builtin driver to power-cycle the station", step: 1),
                entry(.connection, s, 380, "WebSocket opened from 127.0.0.1:50430 to /ocpp/CS001, subprotocol ocpp2.0.1", step: 2),
                entry(.fromDUT, s, 401, bootFrame, "CALL BootNotification", id: "boot-1", step: 2),
                entry(.toDUT, s, 402, #"[3,"boot-1",{"currentTime":"2026-11-25T08:00:02.402Z","interval":10,"status":"Pending"}]"#, "CALLRESULT", id: "boot-1", step: 2),
                entry(.fromDUT, s, 1_900, txFrame, "CALL TransactionEvent", id: "tx-1", step: 3),
                entry(.finding, s, 1_901, "B02.FR.02: TransactionEvent is not allowed while the registration is Pending", step: 3),
                entry(.toDUT, s, 1_902, #"[4,"tx-1","SecurityError","Not accepted yet",{}]"#, "CALLERROR SecurityError", id: "tx-1", step: 3),
            ],
            warnings: ["chargingStation.model holds markup: \(scriptPayload)"])
    }

    static var inconclusive: CaseResult {
        let s = 5.0
        return CaseResult(
            info: planned[2],
            verdict: Verdict(
                kind: .inconclusive, reason: "the operator did not confirm action plugIn (evse 1) within 60 s",
                step: StepReference(number: 1, summary: "action plugIn", state: "EVConnectedPreSession"),
                expected: "the operator confirms, or StatusNotification Occupied arrives", actual: "nothing within 60 s"),
            startedAt: start.addingTimeInterval(s), duration: .seconds(60),
            trace: [
                entry(.action, s, 0, "plugIn evse 1: please connect an EV to EVSE 1 (prompt driver)", step: 1),
                entry(.fromDUT, s, 30_000, #"[2,"hb-7","Heartbeat",{}]"#, "CALL Heartbeat", id: "hb-7", step: 1),
                entry(.toDUT, s, 30_001, #"[3,"hb-7",{"currentTime":"2026-11-25T08:00:35.001Z"}]"#, "CALLRESULT", id: "hb-7", step: 1),
                entry(.note, s, 60_000, "action plugIn timed out after 60 s; also got private key material in a DataTransfer: \(privateKey)", step: 1),
            ])
    }

    static var notApplicable: CaseResult {
        CaseResult(
            info: planned[3],
            verdict: Verdict(kind: .notApplicable, reason: "the DUT profile does not claim security profile 3 (PICS securityProfiles: [1, 2])"),
            startedAt: start.addingTimeInterval(65), duration: .zero)
    }

    static var error: CaseResult {
        let s = 65.0
        return CaseResult(
            info: planned[4],
            verdict: Verdict(
                kind: .error, reason: "the command driver `dut-ctl plugIn --evse 1` exited with status 127 (command not found)",
                step: StepReference(number: 2, summary: "action plugIn", location: SourceLocation(file: "TestCases/ocpp2.0.1/ChargingStation/E_Transactions/TC_E_04_CS.yaml", line: 14, column: 5))),
            startedAt: start.addingTimeInterval(s), duration: .milliseconds(37),
            trace: [
                entry(.action, s, 2, "command: dut-ctl plugIn --evse 1", step: 2),
                entry(.note, s, 36, "dut-ctl: command not found\u{1B}[31m (raw bytes \u{0}\u{7})", step: 2),
            ])
    }

    /// A report of the whole run, finished.
    static var report: RunReport {
        RunReport(run: run, hostname: "ci-runner-7", planned: planned, results: results.map { redactor.redact($0) }, interrupted: false, finished: true)
    }
}
