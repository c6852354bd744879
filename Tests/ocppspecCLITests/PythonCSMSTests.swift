import Foundation
import Testing

/// The harness, playing the Charging Station, against an OCPP 2.0.1 CSMS built on the Python
/// `ocpp` library (`scripts/interop/csms_v201.py`), with operator actions through the `http` action
/// driver. Every B-block CSMS case runs. That CSMS does not refuse messages while a station is
/// Pending (B02.FR.09), so TC_B_30_CSMS must fail, for exactly that reason; all others must pass.
@Suite("Harness against a Python ocpp 2.0.1 CSMS")
struct PythonCSMSTests {
    @Test func blockBAgainstThePythonCSMS() throws {
        let profile = { (port: Int, controlPort: Int) in
            """
            dut:
              role: CSMS
              vendor: ocpp-python
              model: PyCSMS201
              stationId: CS001
            connection:
              url: ws://127.0.0.1:\(port)/ocpp
              securityProfile: 0
            versions: ["2.0.1"]
            profiles: [Core]
            # Part 5 CSMS features this CSMS has (the B-block cases conditioned on them run).
            features: [BootNotificationPending, MultipleGetVariables, MultipleSetVariables, ConfigurationInventory, FullInventoryManualTrigger, ResetPerEVSE]
            evses:
              - id: 1
                connectors: [1]
            testData:
              idTokens:
                valid:   { idToken: "VALID001", type: ISO14443 }
                invalid: { idToken: "INVALID001", type: ISO14443 }
                groupId: GROUP001
            config:
              heartbeatInterval: 10
              bootTimeout: 15
              stationModel: ocppspec-station
              stationVendor: ocppspec
            timing:
              messageTimeout: 10s
              timeDeviation: 2s
              caseTimeout: 1m
            actions:
              driver: http
              url: http://127.0.0.1:\(controlPort)/action
              timeout: 10s
            """
        }
        guard let csms = try PythonDUT.start(
            "csms_v201.py", ready: "\"listening\"", profile: profile,
            arguments: { port, controlPort in ["--port", "\(port)", "--control-port", "\(controlPort)", "--timeout", "300"] })
        else { return }
        defer { csms.stop() }
        let run = try csms.run(["--ocpp", "2.0.1", "--block", "B", "--report", "out"], timeout: .seconds(240))
        #expect(run.status == 1, "exactly one failure makes exit status 1:\n\(run.stdout)\n\(run.stderr)")
        let runs = try FileManager.default.contentsOfDirectory(atPath: csms.folder.appendingPathComponent("out").path)
        let folder = try #require(runs.first, "no report folder")
        let data = try Data(contentsOf: csms.folder.appendingPathComponent("out/\(folder)/results.json"))
        let results = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let cases = try #require(results["cases"] as? [[String: Any]])
        #expect(cases.count == 18)
        for c in cases {
            let id = (c["info"] as? [String: Any])?["id"] as? String ?? "?"
            let verdict = c["verdict"] as? [String: Any]
            let kind = verdict?["kind"] as? String
            let reason = verdict?["reason"] as? String
            if id == "TC_B_30_CSMS" {
                #expect(kind == "fail", "\(id): \(c)")
                #expect(reason?.contains("CALLRESULT, not a CALLERROR") == true, "\(id): \(c)")
            } else {
                #expect(kind == "pass", "\(id): \(verdict ?? [:])\ncsms:\n\(csms.process.text)")
            }
        }
    }
}
