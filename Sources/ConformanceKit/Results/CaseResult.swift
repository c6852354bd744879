import Foundation
import OCPPProtocol

/// What a report needs to know about a test case, whether or not it ran.
public struct CaseInfo: Sendable, Hashable, Codable {
    /// The OCTT id, e.g. TC_B_02_CS.
    public var id: String
    /// The OCTT name, e.g. "Cold Boot Charging Station - Pending".
    public var name: String
    public var version: OCPPVersion
    /// The role of the device under test.
    public var dutRole: OCPPRole
    /// The functional block letter (A–P for 2.0.1) or 1.6 profile, e.g. "B".
    public var block: String
    /// The block's full name, e.g. "B Provisioning".
    public var blockName: String
    /// Certification profiles the case belongs to (Core, Advanced Security…).
    public var profiles: [String]
    public var useCases: [String]
    public var requirements: [String]
    /// Our own one-line description of what the case shows.
    public var purpose: String
    /// Where the case file is.
    public var file: String?

    public init(
        id: String, name: String, version: OCPPVersion, dutRole: OCPPRole, block: String, blockName: String,
        profiles: [String] = [], useCases: [String] = [], requirements: [String] = [], purpose: String = "", file: String? = nil
    ) {
        self.id = id
        self.name = name
        self.version = version
        self.dutRole = dutRole
        self.block = block
        self.blockName = blockName
        self.profiles = profiles
        self.useCases = useCases
        self.requirements = requirements
        self.purpose = purpose
        self.file = file
    }

    /// "ocpp2.0.1.B": the JUnit classname and suite name.
    public var suiteName: String { "ocpp\(version.rawValue).\(block)" }
}

/// The result of running one case.
public struct CaseResult: Sendable, Hashable, Codable {
    public var info: CaseInfo
    public var verdict: Verdict
    /// Wall-clock start of the case.
    public var startedAt: Date
    public var duration: Duration
    public var trace: [TraceEntry]
    /// Non-fatal observations (a tolerated unexpected message, a deprecated spelling…).
    public var warnings: [String]

    public init(info: CaseInfo, verdict: Verdict, startedAt: Date, duration: Duration, trace: [TraceEntry] = [], warnings: [String] = []) {
        self.info = info
        self.verdict = verdict
        self.startedAt = startedAt
        self.duration = duration
        self.trace = trace
        self.warnings = warnings
    }

    public var seconds: Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// Facts about a whole run, for report headers.
public struct RunInfo: Sendable, Hashable, Codable {
    /// The run's folder name under Reports/ (e.g. 2026-11-25T12-00-00Z).
    public var runId: String
    public var startedAt: Date
    /// Who the DUT is (vendor, model, station id) as the profile says.
    public var dutDescription: String
    public var dutRole: OCPPRole?
    public var harnessVersion: String
    /// The selection that was asked for, as the user typed it.
    public var selection: String
    /// `i/n` when this run is one shard of a larger one.
    public var shard: String?
    /// Which verdicts fail the run (`--strict`, `--allow-inconclusive`); nil in documents written
    /// before it was recorded, read as the default policy.
    public var policy: VerdictPolicy?
    /// What the DUT profile claims (identity, versions, profiles, features, config; secrets as
    /// "***"), as evidence of what the verdicts apply to. Nil for the built-in reference devices.
    public var dutClaims: DUTClaims?
    /// The ocppspec source commit the binary was built from (with `-dirty` when the tree had
    /// changes), nil when the build did not know it.
    public var harnessCommit: String?
    /// SHA-256 (hex) over the case and reusable-state files of the run: for each file, sorted by
    /// path, its path, a NUL, its content and a NUL.
    public var casesSHA256: String?
    /// How many files `casesSHA256` covers.
    public var caseFileCount: Int?

    public init(
        runId: String, startedAt: Date, dutDescription: String, dutRole: OCPPRole? = nil, harnessVersion: String, selection: String,
        shard: String? = nil, policy: VerdictPolicy? = nil
    ) {
        self.runId = runId
        self.startedAt = startedAt
        self.dutDescription = dutDescription
        self.dutRole = dutRole
        self.harnessVersion = harnessVersion
        self.selection = selection
        self.shard = shard
        self.policy = policy
    }

    /// The policy the run's verdicts are judged by: the recorded one, or the default.
    public var verdictPolicy: VerdictPolicy { policy ?? VerdictPolicy() }
}

/// The claims of a DUT profile as a report records them.
public struct DUTClaims: Sendable, Hashable, Codable {
    public var vendor: String
    public var model: String
    public var stationId: String
    public var firmwareVersion: String?
    public var versions: [String]
    public var profiles: [String]
    public var features: [String]
    public var securityProfile: Int
    /// `evseId: connectorIds`, one per EVSE.
    public var evses: [String]
    /// The profile's `config` values, each as JSON text (strings bare); secrets are "***".
    public var config: [String: String]

    public init(
        vendor: String, model: String, stationId: String, firmwareVersion: String?, versions: [String], profiles: [String], features: [String],
        securityProfile: Int, evses: [String], config: [String: String]
    ) {
        self.vendor = vendor
        self.model = model
        self.stationId = stationId
        self.firmwareVersion = firmwareVersion
        self.versions = versions
        self.profiles = profiles
        self.features = features
        self.securityProfile = securityProfile
        self.evses = evses
        self.config = config
    }
}

/// Receives results as a run produces them (DESIGN.md: reporters consume results as a stream).
/// `finish` is called once, also when the run was interrupted (`interrupted == true`).
public protocol ResultSink: Sendable {
    func runStarted(_ run: RunInfo, planned: [CaseInfo]) async
    func caseStarted(_ info: CaseInfo) async
    func caseFinished(_ result: CaseResult) async
    func runFinished(_ run: RunInfo, results: [CaseResult], interrupted: Bool) async
    /// One trace entry of the running case, as it happens (a frame sent or received, a note), for
    /// live output such as the console's verbose mode. Called before `caseFinished` of that case.
    func traceRecorded(_ entry: TraceEntry, in info: CaseInfo) async
}

extension ResultSink {
    /// Most sinks only need whole results: by default, live entries are ignored.
    public func traceRecorded(_ entry: TraceEntry, in info: CaseInfo) async {}
}
