import ArgumentParser
import Foundation

/// `ocppspec init`: writes a commented DUT profile template.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write a commented DUT profile (PICS) template to fill in.")

    @Option(help: "Where to write it.")
    var output: String = "dut.yaml"

    @Option(help: "The role of the device under test: cs or csms.")
    var role: String = "cs"

    @Flag(help: "Overwrite an existing file.")
    var force = false

    func run() throws {
        guard force || !FileManager.default.fileExists(atPath: output) else {
            throw ValidationError("\(output) exists; use --force to overwrite it.")
        }
        let isCSMS = role.lowercased() == "csms"
        let text = Self.template(csms: isCSMS)
        do {
            try text.write(toFile: output, atomically: true, encoding: .utf8)
        } catch {
            throw ValidationError("Cannot write \(output): \(error.localizedDescription)")
        }
        print("wrote \(output): fill it in, then run `ocppspec run --dut \(output)`")
    }

    static func template(csms: Bool) -> String {
        """
        # ocppspec DUT profile: who the device under test is, how to reach it, what it claims (PICS).
        dut:
          role: \(csms ? "CSMS" : "ChargingStation")        # ChargingStation (the harness plays the CSMS) or CSMS
          vendor: ExampleVendor
          model: ExampleModel
          stationId: CS001             # the station id in the WebSocket URL
          firmwareVersion: "1.0.0"

        connection:
        \(csms ? "  url: ws://127.0.0.1:9000/ocpp   # the CSMS endpoint (ws:// or wss://); the station id is appended,\n                                 # or put where the URL says {stationId}: ws://host/ws/ocpp/{stationId}/" : "  listen: 0.0.0.0:9000           # where the harness (as CSMS) listens\n  path: ocpp                     # stations connect to ws://host:9000/ocpp/<stationId>")
          securityProfile: 0             # 0 none, 1 Basic auth, 2 TLS + Basic auth, 3 mutual TLS
          # password: "0123456789abcdef"  # Basic auth (profiles 1 and 2); never written to reports
          # ca: certs/ca.pem             # PEM: the CA that signs the peer's certificate
          # certificate: certs/server.pem
          # privateKey: certs/server-key.pem

        versions: ["2.0.1"]              # OCPP versions the DUT speaks
        profiles: [Core]                 # certification profiles it claims
        features: []                     # optional features it claims; cases `require` them

        evses:                           # EVSE and connector layout
          - id: 1
            connectors: [1]

        testData:
          idTokens:
            valid:   { idToken: "04A1B2C3D4E5F6", type: ISO14443 }
            invalid: { idToken: "DEADBEEF", type: ISO14443 }
            blocked: { idToken: "BLOCKED01", type: ISO14443 }
            expired: { idToken: "EXPIRED01", type: ISO14443 }
            unknown: { idToken: "0000NOTKNOWN", type: ISO14443 }   # a token the CSMS has never been told about
            groupId: GROUP01

        config:
          heartbeatInterval: 300         # seconds, sent in BootNotification responses
          bootTimeout: 180               # seconds a reboot may take
          stationModel: ExampleModel     # what the harness reports when it plays a station
          stationVendor: ExampleVendor
          # TC_B_47/50_CS (security profile 2 or 3), files from `ocppspec certs generate`:
          # csmsRootCertificate: certs/ca.pem          # the CSMS root the station trusts
          # csmsRootCertificate2: certs/ca2.pem        # the new root a migration installs
          # newRootCsmsUrl: wss://harness.example:8444/ocpp-newroot   # as the station reaches it
          # newRootPathPrefix: ocpp-newroot
          # newRootListenPort: 8444
          # newRootServerCertificate: certs/server-newroot.pem
          # newRootServerPrivateKey: certs/server-newroot-key.pem

        timing:
          messageTimeout: 30s            # how long the DUT has to answer a CALL
          timeDeviation: 4s              # certification labs allow 4 s
          caseTimeout: 10m               # hard bound per case
        \(csms ? "" : "  connectTimeout: 60s            # how long the run waits for the station to connect; then it stops (error)")

        actions:
          driver: prompt                 # prompt | command | http (builtin is for the reference devices)
          # command: ["./dut-ctl"]       # command: runs `./dut-ctl <action> --evse 1 …`
          # url: http://127.0.0.1:8080/action   # http: POSTs {"action": …, "arguments": {…}}
          timeout: 120s                  # how long an operator or driver may take

        """
    }
}
