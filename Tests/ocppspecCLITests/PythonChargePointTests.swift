import Foundation
import Testing

/// The harness, playing the Central System, against an OCPP 1.6 Charge Point nobody here wrote:
/// `scripts/interop/charge_point_v16.py`, built on the Python `ocpp` library, driven through the
/// `http` action driver. Cold boot and remote start cases; each case gets a freshly started
/// Charge Point, as a lab powers a device up for each case.
@Suite("Harness against a Python ocpp 1.6 Charge Point", .serialized)
struct PythonChargePointTests {
    static func profile(port: Int, controlPort: Int) -> String {
        """
        dut:
          role: ChargingStation
          vendor: ocpp-python
          model: PyCP16
          stationId: CP16
        connection:
          listen: 127.0.0.1:\(port)
          path: ocpp
          securityProfile: 0
        versions: ["1.6"]
        profiles: [Core]
        features: []
        evses:
          - id: 1
            connectors: [1]
        testData:
          idTokens:
            valid:   { idToken: "VALID001", type: ISO14443 }
            invalid: { idToken: "INVALID001", type: ISO14443 }
            groupId: GROUP001
        config:
          heartbeatInterval: 3        # numbers, as people write them; the harness types them per schema
          bootTimeout: 15
          connectionTimeOut: 3
          meterValueSampleInterval: 5
        timing:
          messageTimeout: 10s
          timeDeviation: 2s
          caseTimeout: 2m
        actions:
          driver: http
          url: http://127.0.0.1:\(controlPort)/action
          timeout: 10s
        """
    }

    @Test(arguments: ["TC_001_CS", "TC_002_CS", "TC_010_CS", "TC_011_1_CS", "TC_011_2_CS", "TC_027_CS"])
    func casePassesAgainstThePythonChargePoint(_ caseId: String) throws {
        guard let chargePoint = try PythonDUT.start(
            "charge_point_v16.py", ready: "\"control\"", profile: Self.profile,
            arguments: { port, controlPort in ["--url", "ws://127.0.0.1:\(port)/ocpp/CP16", "--control-port", "\(controlPort)", "--timeout", "120"] })
        else { return }
        defer { chargePoint.stop() }
        let run = try chargePoint.run(["--ocpp", "1.6", caseId], timeout: .seconds(90))
        #expect(run.status == 0, "\(caseId) against the Python charge point:\n\(run.stdout)\n\(run.stderr)\ncharge point:\n\(chargePoint.process.text)")
        #expect(run.stdout.contains("PASS") && run.stdout.contains(caseId))
        // The Charge Point really took part: it booted and was driven over its control port.
        #expect(chargePoint.process.text.contains("\"connected\""))
    }
}
