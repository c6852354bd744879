import Foundation
import Testing

@Suite("ocppspec lint, list, init, validate and help, run as a binary")
struct LintAndHelpTests {
    @Test func lintReportsEveryBrokenFileWithItsPosition() throws {
        let dir = CLI.fixtures.appendingPathComponent("lint-broken")
        let r = try CLI.run(["lint", dir.path], in: CLI.fixtures)
        #expect(r.status == 2)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let p = dir.path + "/"
        #expect(lines == [
            p + "TC_X_01_CS.yaml:9:1: invalid YAML: did not find expected ',' or '}' (while parsing a flow mapping)",
            p + #"TC_X_02_CS.yaml:8:5: unknown key "withinn" in a receive step (did you mean "within"?); allowed: receive, label, requirements, optional, forEach, order, comment, when, match, strict, within, after, reply, replyError, replyAfter, capture, checks, until"#,
            p + #"TC_X_03_CS.yaml:7:14: unknown action "StartTransaction" for OCPP 2.0.1"#,
            p + #"TC_X_04_CS.yaml:8:41: field "evseID" is not in the ResetRequest schema (did you mean "evseId"?); allowed: customData, type, evseId"#,
            p + #"TC_X_05_CS.yaml:6:9: unknown reusable state "Bootedd" for OCPP 2.0.1 with a ChargingStation under test"#,
            p + ##"TC_X_06_CS.yaml:8:22: bad matcher "#int one..two": #int: "one..two" is not a range like 1..10, 1.. or ..10"##,
            p + ##"TC_X_06_CS.yaml:8:56: bad matcher "#oneof Available": unknown matcher #oneof (known: #any #absent #optional #string #nonEmpty #int #number #bool #object #array #datetime #regex #oneOf #not #length)"##,
            p + #"TC_X_07_CS.yaml:9:3: background.replyAdditions.add: field "totalCosts" is not in the TransactionEventResponse schema (did you mean "totalCost"?); allowed: customData, totalCost, chargingPriority, idTokenInfo, updatedPersonalMessage"#,
            p + #"TC_X_07_CS.yaml:9:3: unknown action "Heartbeet" for OCPP 2.0.1 (did you mean "Heartbeat"?)"#,
            "9 problem(s)",
        ])
    }

    /// A missing `purpose` leaves the file out of the library, but lint still checks what it
    /// could read: every problem of the file in one pass (issue 30 item 12), a duration that is
    /// not one with the accepted forms, a block that is not one of the version's (item 10).
    @Test func lintReportsEveryProblemOfAFileInOnePass() throws {
        let dir = CLI.fixtures.appendingPathComponent("lint-all")
        let p = dir.path + "/TC_Y_01_CS.yaml:"
        let blocks = "A Security, B Provisioning, C Authorization, D Local Authorization List Management, E Transactions, F Remote Control, "
            + "G Availability, H Reservation, I Tariff and Cost, J MeterValues, K Smart Charging, L Firmware Management, "
            + "M ISO 15118 Certificate Management, N Diagnostics, O Display Message, P DataTransfer, OCPPJ"
        let expected = [
            p + #"1:1: a test case needs "purpose""#,
            p + #"4:8: block "C" is not a block of OCPP 2.0.1 (did you mean "C Authorization"?); its blocks: "# + blocks,
            p + #"5:9: unknown reusable state "Booted" for OCPP 2.0.1 with a ChargingStation under test"#,
            p + #"7:11: unknown action "Resett" for OCPP 2.0.1 (did you mean "Reset"?)"#,
            p + #"9:11: wait: "5 seconds" is not a duration; use forms like 5s, 500ms, 2m, 1h (also 1.5s, 2min, a bare number of seconds, and sums or differences such as "{{config.heartbeatInterval}}s + 5s")"#,
            p + #"11:32: field "connectorStatuss" is not in the StatusNotificationRequest schema (did you mean "connectorStatus"?); allowed: customData, timestamp, connectorStatus, evseId, connectorId"#,
        ]
        let alone = try CLI.run(["lint", dir.path])
        #expect(alone.status == 2)
        #expect(alone.stdout.split(separator: "\n").map(String.init) == expected + ["6 problem(s)"])
        // With --cases the library's reusable states are there: Booted is known.
        let withLibrary = try CLI.run(["lint", "--cases", dir.path])
        #expect(withLibrary.status == 2)
        #expect(withLibrary.stdout.split(separator: "\n").map(String.init) == expected.filter { !$0.contains("Booted") } + ["5 problem(s)"])
    }

    @Test func lintCasesChecksOwnCasesAgainstTheLibrarysStates() throws {
        let dir = CLI.fixtures.appendingPathComponent("own-cases")
        let r = try CLI.run(["lint", "--cases", dir.path])
        #expect(r.status == 0, "\(r.stdout)")
        #expect(r.stdout.hasPrefix("1 case(s) and 0 reusable state(s) in \(dir.path) (with the library's "), "\(r.stdout)")
        #expect(r.stdout.hasSuffix(" reusable states): no problems\n"), "\(r.stdout)")
        let alone = try CLI.run(["lint", dir.path])
        #expect(alone.status == 2)
        #expect(alone.stdout.contains(#"unknown reusable state "Booted""#))
        #expect(try CLI.run(["lint", "--cases", dir.path, dir.path]).status == 2)
    }

    /// No case name repeats a part (TC_C_48's "With UI - With UI", a slip in Part 6).
    @Test func caseNamesDoNotRepeatAPart() throws {
        let list = try CLI.run(["list"])
        #expect(list.status == 0)
        for line in list.stdout.split(separator: "\n") {
            let parts = line.components(separatedBy: " - ")
            for (a, b) in zip(parts, parts.dropFirst()) {
                #expect(a.trimmingCharacters(in: .whitespaces) != b.trimmingCharacters(in: .whitespaces), "\(line)")
            }
        }
    }

    @Test func lintAcceptsGoodFilesAndTheRepositoryCases() throws {
        let good = try CLI.run(["lint", CLI.fixtures.appendingPathComponent("lint-good").path])
        #expect(good.status == 0)
        #expect(good.stdout.contains("1 case(s) and 0 reusable state(s): no problems"))
        let repo = try CLI.run(["lint"])
        #expect(repo.status == 0, "\(repo.stdout)")
    }

    @Test func caseFormatSchemaFileMatchesTheOneLintUses() throws {
        let file = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent("TestCases/schema/testcase.schema.json"), encoding: .utf8)
        let embedded = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent("Sources/ConformanceKit/Loading/CaseFormatSchemaText.swift"), encoding: .utf8)
        #expect(embedded.contains(file), "TestCases/schema/testcase.schema.json and CaseFormatSchemaText.swift differ")
    }

    @Test func initWritesAProfileThatLoads() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ocppspec-init-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["init", "--output", dir.appendingPathComponent("dut.yaml").path])
        #expect(r.status == 0)
        let list = try CLI.run(["list", "--dut", dir.appendingPathComponent("dut.yaml").path, "--ocpp", "2.0.1", "--role", "cs"])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("TC_B_01_CS"))
        let csms = try CLI.run(["list", "--dut", dir.appendingPathComponent("dut.yaml").path, "--role", "csms"])
        #expect(csms.stdout.contains("[not applicable: the case tests a CSMS and the DUT profile describes a ChargingStation]"))
    }

    @Test func brokenProfileIsAConfigurationErrorWithPositions() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ocppspec-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("dut.yaml")
        try "dut:\n  role: Toaster\n  stationId: X\nversions: [\"9\"]\n".write(to: file, atomically: true, encoding: .utf8)
        let r = try CLI.run(["run", "--dut", file.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains(file.path + ":2:9: dut.role must be ChargingStation or CSMS, found \"Toaster\""))
        #expect(r.stderr.contains(file.path + ":4:11: unknown OCPP version \"9\""))
    }

    @Test func unreadableCSMSRootIsAConfigurationErrorAtItsLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ocppspec-root-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("dut.yaml")
        try """
            dut: { role: ChargingStation, stationId: CS001 }
            versions: ["2.0.1"]
            config:
              csmsRootCertificate: certs/missing.pem
              csmsRootCertificate2: "not a certificate"
            """.write(to: file, atomically: true, encoding: .utf8)
        let r = try CLI.run(["list", "--dut", file.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains(file.path + ":4:24: config.csmsRootCertificate must be an X.509 certificate in PEM"), "\(r.stderr)")
        #expect(r.stderr.contains(file.path + ":5:25: config.csmsRootCertificate2 must be an X.509 certificate in PEM"), "\(r.stderr)")
    }

    @Test func usageErrorsExitTwoAndValidateExitsZeroOrOne() throws {
        #expect(try CLI.run(["run"]).status == 2)
        #expect(try CLI.run(["validate", "--ocpp", "1.6", "--frame", #"[2,"1","Heartbeat",{}]"#]).status == 0)
        let bad = try CLI.run(["validate", "--ocpp", "2.0.1", "--frame", #"[2,"1","Heartbeat",{"x":1}]"#])
        #expect(bad.status == 1)
        #expect(bad.stdout.contains(#"/: property "x" is not allowed here"#))
        let help = try CLI.run(["--help"])
        for sub in ["run", "list", "lint", "init", "demo", "selftest", "simulate", "validate", "certs", "report"] {
            #expect(help.stdout.contains("  \(sub)"), "help lists \(sub)")
        }
    }
}
