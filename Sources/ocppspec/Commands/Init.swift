import ArgumentParser
import ConformanceKit
import Foundation
import OCPPProtocol

/// `ocppspec init`: writes a complete, commented DUT profile, generated from the library's
/// catalogue of profile values (``ProfileCatalog``): every config key, idToken and feature the
/// cases of that version and role read, with its meaning, its Part 5 PICS question and a default.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a complete, commented DUT profile (PICS) to fill in.",
        discussion: """
            Every value the library's cases read is written with a default, so that the profile runs \
            as soon as the address is right; the idTokens are the ones `ocppspec simulate csms` knows. \
            `ocppspec list --features` prints the same keys and features.
            """)

    @Option(help: "Where to write it.")
    var output: String = "dut.yaml"

    @Option(help: "The role of the device under test: cs or csms.")
    var role: String = "cs"

    @Option(help: "The OCPP version of the device under test: 1.6 or 2.0.1.")
    var ocpp: String = "2.0.1"

    @Flag(help: "Overwrite an existing file.")
    var force = false

    func validate() throws {
        _ = try parsedRole()
        _ = try parsedVersion()
    }

    func parsedRole() throws -> OCPPRole {
        switch role.lowercased() {
        case "cs", "station", "chargingstation", "chargepoint", "cp": return .chargingStation
        case "csms", "centralsystem": return .csms
        default: throw ValidationError("--role must be cs (a Charging Station under test) or csms (a CSMS under test), not \"\(role)\".")
        }
    }

    func parsedVersion() throws -> OCPPVersion {
        guard let v = OCPPVersion(loose: ocpp), v == .v16 || v == .v201 else {
            throw ValidationError("--ocpp must be 1.6 or 2.0.1, not \"\(ocpp)\".")
        }
        return v
    }

    func run() throws {
        guard force || !FileManager.default.fileExists(atPath: output) else {
            throw ValidationError("\(output) exists; use --force to overwrite it.")
        }
        let text = Self.template(role: try parsedRole(), version: try parsedVersion())
        do {
            try text.write(toFile: output, atomically: true, encoding: .utf8)
        } catch {
            throw ValidationError("Cannot write \(output): \(error.localizedDescription)")
        }
        print("wrote \(output): set the address (connection), then run `ocppspec run --dut \(output)`")
    }

    /// A YAML comment holding `text`, wrapped at about 100 columns, each line starting with `indent`.
    static func comment(_ text: String, indent: String) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + word.count + 1 > 96 {
                lines.append(indent + "# " + line)
                line = ""
            }
            line += line.isEmpty ? String(word) : " " + word
        }
        if !line.isEmpty { lines.append(indent + "# " + line) }
        return lines
    }

    static func describe(_ e: ProfileCatalog.Entry) -> String {
        e.meaning + (e.pics.map { " PICS: \($0)." } ?? "")
    }

    static func template(role: OCPPRole, version: OCPPVersion) -> String {
        let csms = role == .csms
        let scope = ProfileCatalog.Scope(version: version, role: role)
        var out: [String] = []
        out.append("# ocppspec DUT profile for a\(version == .v16 ? "n OCPP 1.6" : "n OCPP \(version.rawValue)") \(csms ? "CSMS" : "Charging Station"): who the device under test is, how to reach it, what it claims (PICS).")
        out.append("# Written by `ocppspec init` from the library: every value its cases read is here with a default.")
        out.append("""
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

            versions: ["\(version.rawValue)"]
            # Certification profiles it claims (Part 5); a case of another profile is not applicable.
            # Known: \(CertificationProfiles.names(versions: [version]).joined(separator: ", ")).
            profiles: [Core]
            """)
        out.append("# Optional features it claims (PICS answers): a case that requires one it does not claim is")
        out.append("# not applicable. List those the device has in the brackets, e.g. features: [ResetPerEVSE].")
        for e in ProfileCatalog.entries(ProfileCatalog.features, for: scope) {
            if let source = e.derivedFrom {
                out += comment("\(e.name) (derived from \(source), not listed here): \(describe(e))", indent: "")
            } else {
                out += comment("\(e.name): \(describe(e))", indent: "")
            }
        }
        if !csms {
            out.append("# A variable that is read-only on the device, with its value, is stated as a feature too:")
            out.append("# ReadOnly.<Component>.<Variable>=<value>, e.g. ReadOnly.AuthCtrlr.AuthorizeRemoteStart=false (TC_F_02/03_CS).")
        }
        out.append("features: []")
        out.append("")
        out.append("""
            evses:                           # EVSE and connector layout
              - id: 1
                connectors: [1]

            testData:
              idTokens:
            """)
        for e in ProfileCatalog.entries(ProfileCatalog.idTokens, for: scope) {
            out += comment(describe(e), indent: "    ")
            out.append("    \(e.name): \(e.defaultValue.jsonText)")
        }
        out.append("")
        out.append("config:")
        for e in ProfileCatalog.entries(ProfileCatalog.config, for: scope) where e.derivedFrom == nil {
            out += comment(describe(e), indent: "  ")
            if let only = e.onlyWhen {
                out.append("  # \(e.name): \(e.defaultValue.jsonText)    # only with \(only)")
            } else {
                out.append("  \(e.name): \(e.defaultValue.jsonText)")
            }
        }
        out.append("")
        out.append("""
            timing:
              messageTimeout: 30s            # how long the DUT has to answer a CALL (cases read it as config.messageTimeout)
              timeDeviation: 4s              # certification labs allow 4 s (config.timeDeviation)
              caseTimeout: 10m               # hard bound per case
            \(csms ? "" : "  connectTimeout: 60s            # how long the run waits for the station to connect; then it stops (error)")

            actions:
              driver: prompt                 # prompt | command | http (builtin is for the reference devices); see docs/actions.md
              # command: ["./dut-ctl"]       # command: runs `./dut-ctl <action> --evse 1 …`; exit 64: this rig cannot do it
              # url: http://127.0.0.1:8080/action   # http: POSTs {"action": …, "arguments": {…}}; 501 or {"supported": false}: cannot
              timeout: 120s                  # how long an operator or driver may take

            """)
        return out.joined(separator: "\n")
    }
}
