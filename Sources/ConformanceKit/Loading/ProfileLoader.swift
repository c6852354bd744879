import Foundation
import OCPPProtocol

/// Reads a DUT profile (PICS) file, reporting every problem with its location.
public enum ProfileLoader {
    public static func load(path: String) throws(ProfileError) -> DUTProfile {
        let root: YAMLNode
        do {
            root = try YAMLReader.read(fileAt: path)
        } catch {
            throw ProfileError(diagnostics: [error])
        }
        return try decode(root)
    }

    public static func load(text: String, file: String) throws(ProfileError) -> DUTProfile {
        let root: YAMLNode
        do {
            root = try YAMLReader.read(text, file: file)
        } catch {
            throw ProfileError(diagnostics: [error])
        }
        return try decode(root)
    }

    static func decode(_ root: YAMLNode) throws(ProfileError) -> DUTProfile {
        var r = NodeReader()
        _ = r.mapping(root, allowed: ["dut", "connection", "versions", "profiles", "features", "evses", "testData", "config", "timing", "actions"], what: "a DUT profile")
        let dut = root["dut"]
        if let dut { _ = r.mapping(dut, allowed: ["role", "vendor", "model", "stationId", "firmwareVersion"], what: "dut") } else { r.report(root.location, "a DUT profile needs a \"dut\" section (role, vendor, model, stationId)") }
        let roleText = r.string(dut?["role"], what: "dut.role") ?? "ChargingStation"
        let role = OCPPRole(rawValue: roleText)
        if role == nil { r.report(dut?["role"]?.location ?? root.location, "dut.role must be ChargingStation or CSMS, found \"\(roleText)\"") }
        let identity = DUTProfile.Identity(
            vendor: r.string(dut?["vendor"], what: "dut.vendor") ?? "", model: r.string(dut?["model"], what: "dut.model") ?? "",
            stationId: r.string(dut?["stationId"], what: "dut.stationId") ?? "", firmwareVersion: r.string(dut?["firmwareVersion"], what: "dut.firmwareVersion"))
        if identity.stationId.isEmpty { r.report(dut?.location ?? root.location, "dut.stationId is required (the station id in the WebSocket URL)") }

        let c = root["connection"]
        if let c { _ = r.mapping(c, allowed: ["listen", "path", "url", "securityProfile", "password", "ca", "certificate", "privateKey"], what: "connection") }
        var host = "127.0.0.1"
        var port = 9000
        if let listen = r.string(c?["listen"], what: "connection.listen") {
            let parts = listen.split(separator: ":")
            if parts.count == 2, let p = Int(parts[1]), (0...65535).contains(p) {
                host = String(parts[0])
                port = p
            } else {
                r.report(c!["listen"]!.location, "connection.listen must be host:port, e.g. 0.0.0.0:9000")
            }
        }
        let security = c?["securityProfile"]?.json.intValue ?? 0
        if !(0...3).contains(security) { r.report(c?["securityProfile"]?.location ?? root.location, "connection.securityProfile must be 0, 1, 2 or 3") }
        let connection = DUTProfile.Connection(
            listenHost: host, listenPort: port, pathPrefix: r.string(c?["path"], what: "connection.path") ?? "ocpp",
            url: r.string(c?["url"], what: "connection.url"), securityProfile: security,
            password: r.string(c?["password"], what: "connection.password"), caCertificate: r.string(c?["ca"], what: "connection.ca"),
            certificate: r.string(c?["certificate"], what: "connection.certificate"), privateKey: r.string(c?["privateKey"], what: "connection.privateKey"))
        if role == .csms, connection.url == nil { r.report(c?.location ?? root.location, "connection.url is required when the DUT is a CSMS (where the harness dials)") }
        if let url = connection.url {
            let scheme = url.split(separator: ":", maxSplits: 1).first.map { $0.lowercased() } ?? ""
            if scheme != "ws" && scheme != "wss" {
                let hint = scheme == "http" ? " (write ws:// instead of http://)" : scheme == "https" ? " (write wss:// instead of https://)" : ""
                r.report(c?["url"]?.location ?? root.location, "connection.url must be a ws:// or wss:// URL (OCPP-J runs over WebSocket), found \"\(url)\"\(hint)")
            }
        }

        var versions: [OCPPVersion] = []
        for v in r.strings(root["versions"], what: "versions") {
            if let version = OCPPVersion(loose: v) { versions.append(version) } else { r.report(root["versions"]!.location, "unknown OCPP version \"\(v)\" (1.6, 2.0.1 or 2.1)") }
        }
        if versions.isEmpty { r.report(root.location, "versions must list at least one OCPP version the DUT speaks, e.g. [\"2.0.1\"]") }

        var evses: [DUTProfile.EVSE] = []
        if let list = root["evses"] {
            if case .sequence(let items, _) = list {
                for item in items {
                    _ = r.mapping(item, allowed: ["id", "connectors"], what: "an EVSE")
                    guard let id = item["id"]?.json.intValue, id >= 1 else {
                        r.report(item.location, "an EVSE needs an id ≥ 1")
                        continue
                    }
                    let connectors = (item["connectors"]?.json.arrayValue ?? [1]).compactMap(\.intValue)
                    evses.append(DUTProfile.EVSE(id: id, connectors: connectors.isEmpty ? [1] : connectors))
                }
            } else {
                r.report(list.location, "evses must be a list like [{id: 1, connectors: [1]}]")
            }
        } else {
            evses = [DUTProfile.EVSE(id: 1, connectors: [1])]
        }

        let t = root["timing"]
        if let t { _ = r.mapping(t, allowed: ["messageTimeout", "timeDeviation", "caseTimeout", "connectTimeout"], what: "timing") }
        func duration(_ key: String, _ fallback: Duration) -> Duration {
            guard let expr = r.time(t?[key], what: "timing.\(key)") else { return fallback }
            return (try? TimeExpression.evaluate(expr.text)) ?? fallback
        }

        let a = root["actions"]
        if let a { _ = r.mapping(a, allowed: ["driver", "command", "url", "timeout"], what: "actions") }
        let driverText = r.string(a?["driver"], what: "actions.driver") ?? "prompt"
        let driver = DUTProfile.ActionDriverKind(rawValue: driverText)
        if driver == nil { r.report(a?["driver"]?.location ?? root.location, "actions.driver must be one of prompt, command, http, builtin; found \"\(driverText)\"") }
        let command = r.strings(a?["command"], what: "actions.command").flatMap { $0.split(separator: " ").map(String.init) }
        if driver == .command, command.isEmpty { r.report(a?.location ?? root.location, "the command driver needs actions.command (an executable)") }
        if driver == .http, a?["url"] == nil { r.report(a?.location ?? root.location, "the http driver needs actions.url") }
        let actionTimeout: Duration = {
            guard let expr = r.time(a?["timeout"], what: "actions.timeout") else { return .seconds(120) }
            return (try? TimeExpression.evaluate(expr.text)) ?? .seconds(120)
        }()

        var testData = JSONObject()
        if let td = root["testData"] {
            if case .object(let o) = td.json { testData = o } else { r.report(td.location, "testData must be a mapping") }
        }
        var config = JSONObject()
        if let cfg = root["config"] {
            if case .object(let o) = cfg.json { config = o } else { r.report(cfg.location, "config must be a mapping") }
        }
        var profile = DUTProfile(
            role: role ?? .chargingStation, identity: identity, connection: connection, versions: versions,
            profiles: r.strings(root["profiles"], what: "profiles"), features: r.strings(root["features"], what: "features"),
            evses: evses, testData: testData, config: config,
            messageTimeout: duration("messageTimeout", .seconds(30)), timeDeviation: duration("timeDeviation", .seconds(4)),
            caseTimeout: duration("caseTimeout", .seconds(600)),
            actions: DUTProfile.Actions(driver: driver ?? .prompt, command: command, url: r.string(a?["url"], what: "actions.url"), timeout: actionTimeout),
            location: root.location)
        profile.connectTimeout = duration("connectTimeout", .seconds(60))
        func note(_ prefix: String, _ node: YAMLNode?) {
            switch node {
            case .mapping(let entries, _)?: for e in entries { profile.keyLocations[prefix + e.key] = e.keyLocation }
            case .sequence(let items, _)?:
                for case .scalar(let item) in items { profile.keyLocations[prefix + item.text] = item.location }
            default: break
            }
        }
        note("config.", root["config"])
        note("testData.", root["testData"])
        note("testData.idTokens.", root["testData"]?["idTokens"])
        note("features.", root["features"])
        note("profiles.", root["profiles"])
        // The CSMS roots of TC_B_47/50_CS: PEM text or a PEM file, read once here.
        for key in profile.resolveCSMSRoots() {
            r.report(root["config"]?[key]?.location ?? root.location, "config.\(key) must be an X.509 certificate in PEM, or the path (absolute, or relative to the profile) of a readable PEM file holding one")
        }
        if !r.diagnostics.isEmpty { throw ProfileError(diagnostics: r.diagnostics.sorted()) }
        return profile
    }
}

/// The problems of a DUT profile file.
public struct ProfileError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
