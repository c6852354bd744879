import ArgumentParser
import BuiltinDUT
import ConformanceKit
import Foundation
import OCPPProtocol
import OCPPTransport
import ReferenceDevices

/// `ocppspec simulate`: a reference device on its own, against another tool.
struct Simulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a reference Charging Station or CSMS standalone (plugfest warm-up, demos, driving another tool).",
        discussion: """
            Both read control commands on standard input, one per line, and answer each with a line of JSON:
              station: reboot | plugIn evse=1 connector=1 | presentIdToken idToken=VALID001 type=ISO14443 | unplug … | goOffline | goOnline | state
              csms:    RequestStartTransaction idToken=VALID001 evseId=1 | Reset type=Immediate | GetVariables … | setBootStatus status=Pending
            When standard input closes after at least one command, the simulator stops; when it is empty from the start \
            (`< /dev/null`, nohup, a service) it runs until signalled. `--control none` ignores standard input. \
            With `--control-port N` the same actions are served over HTTP on 127.0.0.1:N in the protocol of the harness's \
            `http` action driver: POST {"action": "plugIn", "arguments": {"evse": 1, "connector": 1}} answers 200 and the \
            result as JSON, 400 for an action the device does not know or cannot do now.
            """,
        subcommands: [Station.self, CSMS.self])

    struct Station: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A reference Charging Station that dials a CSMS.")

        @Option(help: "The CSMS URL including the station id, e.g. ws://127.0.0.1:9000/ocpp/CS001.")
        var url: String

        @Option(name: .customLong("ocpp"), help: "OCPP version: 1.6 or 2.0.1.")
        var version: String = "2.0.1"

        @Option(help: "Seed these defects (see `ocppspec selftest --list-defects`).")
        var defect: [String] = []

        @Option(help: "Basic auth password (security profiles 1 and 2).")
        var password: String?

        @Option(help: "PEM file of the CSMS root certificate the station trusts (wss://); InstallCertificate adds more.")
        var ca: String?

        @Option(help: "Heartbeat and boot retry interval in seconds.")
        var interval: Int = 60

        @Option(help: ArgumentHelp("Where control commands come from: stdin (default) or none (run until signalled).", valueName: "stdin|none"))
        var control: ControlSource = .stdin

        @Option(name: .customLong("control-port"), help: "Also serve the control actions over HTTP on 127.0.0.1 at this port (the `http` action driver's protocol; 0 for any free port).")
        var controlPort: Int?

        @Option(name: .customLong("reference-config"), help: ArgumentHelp("Configure the station like `selftest --reference-config` does (e.g. txStartPoint=EVConnected).", valueName: "key=value"))
        var referenceConfig: [String] = []

        @Option(name: .customLong("profile-out"), help: ArgumentHelp("Write the DUT profile of this simulated station (what it supports, its test data and configuration; the harness listening at --url; actions over --control-port) for `ocppspec run --dut`.", valueName: "dut.yaml"))
        var profileOut: String?

        func run() async throws {
            guard let v = OCPPVersion(loose: version), v != .v21 else { throw ValidationError("--ocpp must be 1.6 or 2.0.1.") }
            if profileOut != nil, controlPort == nil { throw ValidationError("--profile-out needs --control-port: the profile's actions go to the station over HTTP.") }
            guard let slash = url.lastIndex(of: "/"), url.hasPrefix("ws") else {
                throw ValidationError("--url must be ws://host:port/path/<stationId> (or wss://).")
            }
            let stationId = String(url[url.index(after: slash)...])
            let endpoint = String(url[..<slash])
            var client = OCPPWebSocketClient.Configuration(endpoint: endpoint, stationId: stationId, subprotocols: [v.subprotocol])
            client.basicAuthPassword = password.map(BasicAuthPassword.init)
            if let ca {
                guard let text = try? String(contentsOfFile: ca, encoding: .utf8) else { throw ValidationError("--ca: cannot read \(ca).") }
                client.trustedCAsPEM = text
            }
            // The station is the selftest's reference station, configured from the reference
            // profile (with --reference-config and --interval), so that the profile it writes
            // describes it exactly.
            var profile: DUTProfile
            do {
                profile = try ReferenceProfile.profile(role: .chargingStation, version: v, overrides: referenceConfig + ["heartbeatInterval=\(interval)"])
            } catch {
                throw ValidationError("\(error)")
            }
            profile.identity.stationId = stationId
            var configuration = BuiltinEnvironment.stationConfiguration(profile: profile, version: v, defects: try DefectOption.parse(defect))
            configuration.reconnectDelay = .seconds(1)
            configuration.heartbeatInterval = interval
            configuration.bootRetryInterval = interval
            let dialer = ConnectionManager(configuration: client)
            // The station dials the URL of the network profile it uses (SetNetworkProfile, B10) and,
            // over TLS, trusts the CSMS roots it has installed (InstallCertificate, M05).
            configuration.csmsUrl = endpoint
            if let caText = client.trustedCAsPEM { configuration.csmsRootCertificates = [caText] }
            let station = ReferenceChargingStation(configuration: configuration, clock: .system) { try await dialer.dial($0) }
            let commands = ControlCommandInterface(station: station)
            var http: HTTPControlServer?
            if let controlPort {
                do {
                    http = try await HTTPControlServer.start(host: "127.0.0.1", port: controlPort) { method, _, body in
                        await ControlHTTP.answer(method: method, body: body) { action, arguments in
                            // The physical world is slower than a socket: a cable goes in after the
                            // station has read the answer the CSMS sent just before, as with the
                            // built-in devices (BuiltinEnvironment's pause before an action).
                            try await Task.sleep(for: .milliseconds(30))
                            return try await station.perform(action: action, arguments: arguments)
                        }
                    }
                } catch where PortInUse.matches(error) {
                    FileHandle.printError(PortInUse.message(port: controlPort, host: "127.0.0.1", what: "the control port (--control-port)"))
                    throw ExitCode(2)
                }
            }
            if let http { StandardInputLines.emit("control: http://127.0.0.1:\(http.port)/") }
            if let profileOut, let http {
                let text = Simulate.stationProfile(profile, harnessEndpoint: endpoint, controlPort: http.port).withCaseConfigOnly.document.jsonText + "\n"
                do {
                    try text.write(toFile: profileOut, atomically: true, encoding: .utf8)
                } catch {
                    throw ValidationError("--profile-out: cannot write \(profileOut): \(error)")
                }
                StandardInputLines.emit("profile: \(profileOut)")
            }
            FileHandle.printError("reference \(v.name(of: .chargingStation)) \(stationId) dialling \(endpoint); commands on \(control == .stdin ? "standard input" : "no input")\(http.map { " and http://127.0.0.1:\($0.port)/" } ?? "")")
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await dialer.run() }
                group.addTask { await station.run() }
                await StandardInputLines.serve(control) { line in await commands.execute(line: line) }
                dialer.stop()
                group.cancelAll()
            }
            await http?.stop()
        }
    }

    /// Station: the DUT profile for a harness that listens at `harnessEndpoint`
    /// (`ws://host:port/path`) and drives this station over its control port.
    static func stationProfile(_ base: DUTProfile, harnessEndpoint: String, controlPort: Int) -> DUTProfile {
        var p = base
        let rest = harnessEndpoint.components(separatedBy: "://").last ?? harnessEndpoint
        let hostPort = rest.split(separator: "/", maxSplits: 1).first.map(String.init) ?? rest
        let path = rest.split(separator: "/", maxSplits: 1).dropFirst().first.map(String.init) ?? "ocpp"
        if let colon = hostPort.lastIndex(of: ":"), let port = Int(hostPort[hostPort.index(after: colon)...]) {
            p.connection.listenHost = String(hostPort[..<colon])
            p.connection.listenPort = port
        }
        p.connection.pathPrefix = path
        p.connection.url = nil
        // B10: the second endpoint of the harness, on the same listener.
        if case .string(let alternate)? = p.config["alternatePathPrefix"] { p.config["alternateCsmsUrl"] = .string("ws://\(hostPort)/\(alternate)") }
        p.actions = .init(driver: .http, url: "http://127.0.0.1:\(controlPort)/", timeout: .seconds(30))
        // Over plain ws:// the station authenticates no CSMS certificate (the built-in devices
        // model it in memory): the certificate cases do not apply to this bench.
        if p.connection.securityProfile < 2 { p.features.removeAll { $0 == "ServerCertificateValidation" } }
        return p
    }

    struct CSMS: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A reference CSMS listening for stations at /ocpp/<stationId>.")

        @Option(help: "TCP port on 127.0.0.1 (0 for any free port).")
        var port: Int = 9000

        @Option(help: "Host to listen on.")
        var host: String = "127.0.0.1"

        @Option(name: .customLong("ocpp"), help: "OCPP versions to accept.")
        var versions: [String] = ["2.0.1", "1.6"]

        @Option(help: "Seed these defects (see `ocppspec selftest --list-defects`).")
        var defect: [String] = []

        @Option(help: ArgumentHelp("Where control commands come from: stdin (default) or none (run until signalled).", valueName: "stdin|none"))
        var control: ControlSource = .stdin

        @Option(name: .customLong("control-port"), help: "Also serve the control actions over HTTP on 127.0.0.1 at this port (the `http` action driver's protocol; 0 for any free port).")
        var controlPort: Int?

        @Option(help: "The heartbeat interval the CSMS gives stations, and its retry interval, in seconds.")
        var interval: Int = 60

        @Option(name: .customLong("profile-out"), help: ArgumentHelp("Write the DUT profile of this simulated CSMS (for the first --ocpp version: its URL, its test data, operator actions over --control-port) for `ocppspec run --dut`.", valueName: "dut.yaml"))
        var profileOut: String?

        func run() async throws {
            let vs = versions.compactMap(OCPPVersion.init(loose:))
            guard !vs.isEmpty else { throw ValidationError("--ocpp must name 1.6 and/or 2.0.1.") }
            if profileOut != nil, controlPort == nil { throw ValidationError("--profile-out needs --control-port: the profile's operator actions go to the CSMS over HTTP.") }
            let defects = try DefectOption.parse(defect)
            var devices: [OCPPVersion: ReferenceCSMS] = [:]
            // The selftest's reference CSMS, so that the profile it writes describes it.
            let profiles = vs.map { v in
                (try? ReferenceProfile.profile(role: .csms, version: v, overrides: ["heartbeatInterval=\(interval)"])) ?? ReferenceProfile.profile(role: .csms, version: v)
            }
            for (v, profile) in zip(vs, profiles) {
                var configuration = BuiltinEnvironment.csmsConfiguration(profile: profile, version: v, defects: defects.filter { $0.versions.contains(v) })
                configuration.heartbeatInterval = interval
                configuration.retryInterval = interval
                devices[v] = ReferenceCSMS(configuration: configuration, clock: .system)
            }
            let csmsByVersion = devices
            let primary = csmsByVersion[vs[0]]!
            let config = OCPPWebSocketServer.Configuration(host: host, port: port, pathPrefix: "ocpp", stationIds: nil, versions: vs)
            do {
                try await OCPPWebSocketServer.run(config, onConnection: { channel in
                    let version = channel.info.version ?? vs[0]
                    await (csmsByVersion[version] ?? primary).serve(channel)
                }) { server in
                    StandardInputLines.emit("listening: \(server.endpointURL)/<stationId>")
                    FileHandle.printError("reference CSMS (OCPP \(vs.map(\.rawValue).joined(separator: ", "))) on \(server.endpointURL); commands on standard input")
                    let perform: @Sendable (String, JSONValue) async throws -> JSONValue = { action, arguments in
                        if action == "setBootStatus" {
                            await primary.setBootStatus(arguments["status"]?.stringValue ?? "Accepted", for: arguments["stationId"]?.stringValue)
                            return ["status": "ok"]
                        }
                        return try await primary.perform(action: action, arguments: arguments, stationId: arguments["stationId"]?.stringValue)
                    }
                    let commands = ControlCommandInterface(perform: perform)
                    // The harness's `http` action driver is an operator: its request is done once the
                    // CSMS has sent it, as with the built-in operator (BuiltinEnvironment.csmsOperator).
                    // Waiting for the station's answer would hold back the next action until then, and
                    // OCPPJ_03_CSMS could never see a CSMS that sends a second CALL too early.
                    let operate: @Sendable (String, JSONValue) async throws -> JSONValue = { action, arguments in
                        guard action != "setBootStatus" else { return try await perform(action, arguments) }
                        try await primary.performOnceSent(action: action, arguments: arguments, stationId: arguments["stationId"]?.stringValue)
                        return ["status": "sent"]
                    }
                    var http: HTTPControlServer?
                    if let controlPort {
                        do {
                            http = try await HTTPControlServer.start(host: "127.0.0.1", port: controlPort) { method, _, body in
                                await ControlHTTP.answer(method: method, body: body, perform: operate)
                            }
                        } catch {
                            FileHandle.printError(
                                PortInUse.matches(error) ? PortInUse.message(port: controlPort, host: "127.0.0.1", what: "the control port (--control-port)")
                                    : "cannot serve the control port \(controlPort): \(error)")
                        }
                    }
                    if let http { StandardInputLines.emit("control: http://127.0.0.1:\(http.port)/") }
                    if let profileOut, let http {
                        var p = profiles[0]
                        p.connection.url = server.endpointURL
                        p.actions = .init(driver: .http, url: "http://127.0.0.1:\(http.port)/", timeout: .seconds(30))
                        do {
                            try (p.withCaseConfigOnly.document.jsonText + "\n").write(toFile: profileOut, atomically: true, encoding: .utf8)
                            StandardInputLines.emit("profile: \(profileOut)")
                        } catch {
                            FileHandle.printError("--profile-out: cannot write \(profileOut): \(error)")
                        }
                    }
                    await withTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for await event in server.events {
                                if case .rejected(let r) = event { FileHandle.printError("refused: \(r)") }
                            }
                        }
                        await StandardInputLines.serve(control) { line in await commands.execute(line: line) }
                        group.cancelAll()
                    }
                    await http?.stop()
                }
            } catch where PortInUse.matches(error) {
                FileHandle.printError(PortInUse.message(port: port, host: host, what: "the reference CSMS"))
                throw ExitCode(2)
            }
        }
    }
}

/// Where a simulator's control commands come from.
enum ControlSource: String, ExpressibleByArgument, Sendable {
    case stdin, none
}

/// The `http` action driver's protocol on a simulator's control port.
enum ControlHTTP {
    static func answer(method: String, body: [UInt8], perform: @Sendable (String, JSONValue) async throws -> JSONValue) async -> (status: Int, body: String) {
        guard method == "POST" else { return (405, #"{"error":"POST {\"action\": …, \"arguments\": {…}}"}"#) }
        guard let request = try? JSONParser().parse(body), let action = request["action"]?.stringValue else {
            return (400, JSONValue.object(["error": "the body must be JSON {\"action\": NAME, \"arguments\": {…}}"]).jsonText)
        }
        do {
            let result = try await perform(action, request["arguments"] ?? .object(JSONObject()))
            return (200, result.jsonText)
        } catch {
            return (400, JSONValue.object(["error": .string("\(error)")]).jsonText)
        }
    }
}

/// Lines typed on standard input; the stream ends when standard input closes.
enum StandardInputLines {
    /// A line to standard output at once (unbuffered: a pipe or file reader sees every answer
    /// as it is given, not when a buffer fills).
    static func emit(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// Serves control lines from standard input. Returns when standard input closes after at
    /// least one line; with no input at all (`< /dev/null`, nohup) or `--control none`, never
    /// (the process runs until signalled).
    static func serve(_ source: ControlSource, _ execute: @Sendable (String) async -> String?) async {
        if source == .stdin {
            var lines = 0
            for await line in stream() {
                lines += 1
                if let answer = await execute(line) { emit(answer) }
            }
            if lines > 0 { return }
        }
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(3600))
        }
    }

    static func stream() -> AsyncStream<String> {
        AsyncStream { continuation in
            let thread = Thread {
                while let line = readLine(strippingNewline: true) { continuation.yield(line) }
                continuation.finish()
            }
            thread.start()
        }
    }
}
