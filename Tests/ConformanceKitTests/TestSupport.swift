import Foundation
import Testing
@testable import ConformanceKit
@testable import OCPPProtocol
import OCPPTransport

/// A DUT profile for engine tests: one EVSE with one connector unless told otherwise.
func testProfile(role: OCPPRole = .chargingStation, evses: [DUTProfile.EVSE] = [.init(id: 1, connectors: [1])]) -> DUTProfile {
    DUTProfile(
        role: role,
        identity: .init(vendor: "Test", model: "T1", stationId: "CS1", firmwareVersion: nil),
        connection: .init(listenHost: "127.0.0.1", listenPort: 0, pathPrefix: "ocpp", url: nil, securityProfile: 0, password: "secret-password-1234", caCertificate: nil, certificate: nil, privateKey: nil),
        versions: [.v201, .v16], profiles: ["Core"], features: [],
        evses: evses,
        testData: ["idTokens": ["valid": ["idToken": "VALID01", "type": "ISO14443"]]],
        config: ["heartbeatInterval": 10, "bootTimeout": 60, "stationModel": "T1", "stationVendor": "Test"],
        messageTimeout: .seconds(5), timeDeviation: .seconds(1), caseTimeout: .seconds(600),
        actions: .init(driver: .builtin, command: [], url: nil, timeout: .seconds(30)))
}

enum Fixture {
    static func testCase(_ yaml: String, file: String = "TC_X_01_CS.yaml") throws -> TestCase {
        let node = try YAMLReader.read(yaml, file: file)
        var decoder = CaseDecoder()
        let c = decoder.decodeCase(node, file: file)
        if !decoder.reader.diagnostics.isEmpty {
            throw FixtureError(decoder.reader.diagnostics.map(\.description).joined(separator: "\n"))
        }
        return try #require(c)
    }

    static func state(_ yaml: String, file: String = "S.yaml") throws -> ReusableState {
        let node = try YAMLReader.read(yaml, file: file)
        var decoder = CaseDecoder()
        let s = decoder.decodeState(node, file: file)
        if !decoder.reader.diagnostics.isEmpty {
            throw FixtureError(decoder.reader.diagnostics.map(\.description).joined(separator: "\n"))
        }
        return try #require(s)
    }

    /// A case body: header fields filled in, `steps` (and more) given as YAML text.
    static func machine(
        _ body: String, id: String = "TC_X_01_CS", version: OCPPVersion = .v201, states: [ReusableState] = [],
        profile: DUTProfile = testProfile()
    ) throws -> CaseMachine {
        let yaml = """
            id: \(id)
            name: Test
            ocpp: "\(version.rawValue)"
            block: X Test
            purpose: test
            \(body)
            """
        let c = try testCase(yaml, file: id + ".yaml")
        let program = try CaseProgram.build(c, library: StateLibrary(states), context: profile.interpolationContext)
        return CaseMachine(
            program: program,
            configuration: .init(
                version: c.version, dutRole: c.dutRole,
                background: BackgroundPolicy.defaults(version: c.version, harnessRole: c.dutRole.peer).applying(c.background),
                context: profile.interpolationContext, messageTimeout: profile.messageTimeout, forbid: c.forbid, post: c.post))
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// Drives a machine by hand: time in seconds since case start.
struct Driver {
    var machine: CaseMachine
    var now: Duration = .zero
    var sent: [String] = []
    var performed: [String] = []

    init(_ machine: CaseMachine) {
        self.machine = machine
    }

    @discardableResult
    mutating func start() -> [CaseMachine.Output] { feed(.start) }

    @discardableResult
    mutating func feed(_ input: CaseMachine.Input) -> [CaseMachine.Output] {
        let out = machine.handle(input, now: now, date: Date(timeIntervalSince1970: 1_700_000_000 + Double(now.components.seconds)))
        for o in out {
            if case .sendText(let t) = o { sent.append(t) }
            if case .perform(_, let name, _, _) = o { performed.append(name) }
        }
        return out
    }

    /// The DUT sends this text at `at` seconds.
    @discardableResult
    mutating func dut(_ text: String, at seconds: Double? = nil) -> [CaseMachine.Output] {
        if let seconds { now = .milliseconds(Int64(seconds * 1000)) }
        return feed(.transport(.text(text, at: .now)))
    }

    /// Moves time to `seconds` and fires the timer if the machine's deadline has come.
    mutating func advance(to seconds: Double) {
        now = .milliseconds(Int64(seconds * 1000))
        if let d = machine.nextDeadline, now >= d { feed(.timer) }
    }

    /// The last frame the harness sent, parsed.
    var lastSent: JSONValue? { sent.last.flatMap { try? JSONParser().parse($0) } }

    /// The message id of the last CALL the harness sent.
    var lastCallId: String? { lastSent?.arrayValue?[1].stringValue }

    var verdict: Verdict? { machine.verdict }
}

let bootRequest = #"[2,"b1","BootNotification",{"reason":"PowerUp","chargingStation":{"model":"M","vendorName":"V"}}]"#
func status(_ id: String, evse: Int = 1, connector: Int = 1, status: String = "Available") -> String {
    #"[2,"\#(id)","StatusNotification",{"timestamp":"2024-01-01T00:00:00Z","connectorStatus":"\#(status)","evseId":\#(evse),"connectorId":\#(connector)}]"#
}
