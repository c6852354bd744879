import Foundation
import OCPPProtocol
import TestPKI

/// Who the device under test is, how to reach it, what it claims to support (PICS), its test
/// data and how its physical actions are driven (DESIGN.md, "The DUT profile").
public struct DUTProfile: Sendable {
    public struct Identity: Sendable {
        public var vendor: String
        public var model: String
        public var stationId: String
        public var firmwareVersion: String?

        public init(vendor: String, model: String, stationId: String, firmwareVersion: String? = nil) {
            self.vendor = vendor
            self.model = model
            self.stationId = stationId
            self.firmwareVersion = firmwareVersion
        }
    }

    public struct Connection: Sendable {
        /// Harness as CSMS: the address to listen on.
        public var listenHost: String
        public var listenPort: Int
        /// The URL path prefix before the station id (`ocpp` in `/ocpp/CS001`).
        public var pathPrefix: String
        /// Harness as station: the CSMS URL to dial, without the station id.
        public var url: String?
        /// 0 plain, 1 Basic auth, 2 TLS + Basic auth, 3 mutual TLS.
        public var securityProfile: Int
        /// Basic auth password (secret: redacted in every report).
        public var password: String?
        /// PEM files: the CA that signs the peer, our certificate and key.
        public var caCertificate: String?
        public var certificate: String?
        public var privateKey: String?

        public init(
            listenHost: String = "127.0.0.1", listenPort: Int = 9000, pathPrefix: String = "ocpp", url: String? = nil, securityProfile: Int = 0,
            password: String? = nil, caCertificate: String? = nil, certificate: String? = nil, privateKey: String? = nil
        ) {
            self.listenHost = listenHost
            self.listenPort = listenPort
            self.pathPrefix = pathPrefix
            self.url = url
            self.securityProfile = securityProfile
            self.password = password
            self.caCertificate = caCertificate
            self.certificate = certificate
            self.privateKey = privateKey
        }
    }

    public enum ActionDriverKind: String, Sendable, CaseIterable {
        case prompt, command, http, builtin
    }

    public struct Actions: Sendable {
        public var driver: ActionDriverKind
        /// For `command`: the executable and leading arguments (`./dut-ctl --verbose`).
        public var command: [String]
        /// For `http`: the URL to POST `{"action": …, "arguments": …}` to.
        public var url: String?
        /// How long an operator or a driver may take (prompt: then inconclusive).
        public var timeout: Duration

        public init(driver: ActionDriverKind, command: [String] = [], url: String? = nil, timeout: Duration = .seconds(120)) {
            self.driver = driver
            self.command = command
            self.url = url
            self.timeout = timeout
        }
    }

    public struct EVSE: Sendable {
        public var id: Int
        public var connectors: [Int]

        public init(id: Int, connectors: [Int]) {
            self.id = id
            self.connectors = connectors
        }
    }

    /// The role of the device under test.
    public var role: OCPPRole
    public var identity: Identity
    public var connection: Connection
    /// OCPP versions the DUT speaks.
    public var versions: [OCPPVersion]
    /// Certification profiles it claims (Core, Advanced Security…): a case of another Part 5
    /// profile is not applicable. Empty: membership is not checked.
    public var profiles: [String]
    /// Optional features it claims (PICS answers): cases `require` these.
    public var features: [String]
    public var evses: [EVSE]
    /// Test data: idTokens and any other values cases refer to as `{{testData.…}}`.
    public var testData: JSONObject
    /// Free configured values cases refer to as `{{config.…}}` (heartbeatInterval…).
    public var config: JSONObject
    public var messageTimeout: Duration
    /// The deviation allowed when comparing times (certification labs use 4 s).
    public var timeDeviation: Duration
    /// A hard bound per case: beyond it the case is an `error`.
    public var caseTimeout: Duration
    /// Harness as CSMS: how long the run waits for the station to connect when it is not
    /// connected before a case (`timing.connectTimeout`, 60 s by default); then the run stops with
    /// an `error` and the remaining cases do not run.
    public var connectTimeout: Duration = .seconds(60)
    public var actions: Actions
    public var location: SourceLocation?
    /// Where the profile file names each key and list item, for the pre-flight's messages:
    /// `config.<key>`, `testData.<key>`, `testData.idTokens.<name>`, `features.<name>`,
    /// `profiles.<name>`.
    public var keyLocations: [String: SourceLocation] = [:]

    public init(
        role: OCPPRole, identity: Identity, connection: Connection, versions: [OCPPVersion], profiles: [String], features: [String],
        evses: [EVSE], testData: JSONObject, config: JSONObject, messageTimeout: Duration, timeDeviation: Duration, caseTimeout: Duration,
        actions: Actions, location: SourceLocation? = nil
    ) {
        self.role = role
        self.identity = identity
        self.connection = connection
        self.versions = versions
        self.profiles = profiles
        self.features = features
        self.evses = evses
        self.testData = testData
        self.config = config
        self.messageTimeout = messageTimeout
        self.timeDeviation = timeDeviation
        self.caseTimeout = caseTimeout
        self.actions = actions
        self.location = location
    }

    /// Everything claimed, for `requires` checks: versions, profiles and features, plus one
    /// `TxStartPoint.<value>` / `TxStopPoint.<value>` per member of `config.txStartPoint` /
    /// `config.txStopPoint` (the transaction points the station is configured with, E01/E06), and
    /// `TxStartPoint=<list>` / `TxStopPoint=<list>` for the exact value, and `MultipleEVSEs` when
    /// the EVSE layout has more than one EVSE, and `ServerCertificateValidation` with security
    /// profile 2 or 3.
    public var claims: Set<String> {
        var derived: [String] = evses.count > 1 ? ["MultipleEVSEs"] : []
        // Security profiles 2 and 3: the station authenticates the CSMS by its server certificate.
        if connection.securityProfile >= 2 { derived.append("ServerCertificateValidation") }
        for (key, prefix) in [("txStartPoint", "TxStartPoint"), ("txStopPoint", "TxStopPoint")] {
            guard case .string(let list)? = config[key] else { continue }
            let members = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            derived += members.map { "\(prefix).\($0)" } + ["\(prefix)=\(members.joined(separator: ","))"]
        }
        return Set(profiles + features + derived + versions.map { "ocpp\($0.rawValue)" })
    }

    /// Strings that must never appear in reports.
    public var secrets: [String] {
        [connection.password].compactMap { $0 }.filter { !$0.isEmpty }
    }

    /// The values cases interpolate: `config`, `dut`, `testData`, `evses`, `connectors`, `nextConnectorId`.
    public var interpolationContext: JSONObject {
        var config = self.config
        if config["heartbeatInterval"] == nil { config["heartbeatInterval"] = 300 }
        config["messageTimeout"] = .number(JSONNumber(Self.seconds(messageTimeout)))
        config["timeDeviation"] = .number(JSONNumber(Self.seconds(timeDeviation)))
        let connectors: [JSONValue] = evses.flatMap { evse in
            evse.connectors.map { c in ["evseId": .number(JSONNumber(evse.id)), "connectorId": .number(JSONNumber(c))] }
        }
        var root = JSONObject()
        root["config"] = .object(config)
        root["dut"] = [
            "vendor": .string(identity.vendor), "model": .string(identity.model), "stationId": .string(identity.stationId),
            "securityProfile": .number(JSONNumber(connection.securityProfile)),
        ]
        root["testData"] = .object(testData)
        root["evses"] = .array(evses.map { e in ["id": .number(JSONNumber(e.id)), "connectors": .array(e.connectors.map { .number(JSONNumber($0)) })] })
        root["connectors"] = .array(connectors)
        // A connector the DUT does not have: OCPP 1.6's NumberOfConnectors + 1 (TC_055_CS/CSMS).
        root["nextConnectorId"] = .number(JSONNumber(connectors.count + 1))
        return root
    }

    /// OCTT <Configured CSMS Root certificate> and <Configured (new) CSMS Root certificate 2> (M05,
    /// TC_B_47/50_CS): `config.csmsRootCertificate` / `csmsRootCertificate2` hold PEM text or the
    /// path of a PEM file (relative to the profile). Done once, when the profile is made: each
    /// becomes its PEM text, and its CertificateHashData goes under `<key>HashData`, for cases to
    /// compare with what the station lists. Returns the keys that hold no readable certificate.
    @discardableResult
    public mutating func resolveCSMSRoots() -> [String] {
        var pems: [String: String] = [:]
        var unreadable: [String] = []
        for key in ["csmsRootCertificate", "csmsRootCertificate2"] {
            guard case .string(let value)? = config[key] else { continue }
            if value.contains("-----BEGIN") {
                pems[key] = value
                continue
            }
            var url = URL(fileURLWithPath: value)
            if !value.hasPrefix("/"), let location {
                url = URL(fileURLWithPath: location.file).deletingLastPathComponent().appendingPathComponent(value)
            }
            if let pem = try? String(contentsOf: url, encoding: .utf8) { pems[key] = pem } else { unreadable.append(key) }
        }
        for (key, pem) in pems {
            config[key] = .string(pem)
            if let hash = try? CertificateHashData(pem: pem, issuerCandidates: Array(pems.values)) {
                config[key + "HashData"] = hash.json
            } else {
                unreadable.append(key)
            }
        }
        return unreadable.sorted()
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
