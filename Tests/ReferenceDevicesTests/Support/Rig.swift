import Foundation
import OCPPProtocol
import OCPPTransport
import Testing

@testable import ReferenceDevices

/// Records every frame both ends send, so that a test can check them all against the schemas.
final class WireLog: @unchecked Sendable {
    struct Entry {
        var fromStation: Bool
        var text: String
    }

    private let lock = NSLock()
    private var entries: [Entry] = []

    func append(_ text: String, fromStation: Bool) {
        lock.lock()
        entries.append(Entry(fromStation: fromStation, text: text))
        lock.unlock()
    }

    var all: [Entry] {
        lock.lock()
        defer { lock.unlock() }
        return entries
    }

    /// Schema problems of every frame, as sentences; empty when all frames are valid.
    func schemaProblems(version: OCPPVersion) -> [String] {
        let catalog = MessageCatalog.builtIn(version)
        let parser = FrameParser(version: version, catalog: catalog)
        var callActions: [Bool: [String: String]] = [true: [:], false: [:]]
        var problems: [String] = []
        for entry in all {
            let who = entry.fromStation ? "station" : "CSMS"
            let frame: Frame
            do { frame = try parser.parse(entry.text) } catch {
                problems.append("\(who) sent an invalid frame (\(error)): \(entry.text)")
                continue
            }
            switch frame {
            case .call(let call):
                callActions[entry.fromStation]![call.messageId] = call.action
                guard let e = catalog[call.action], e.isSent(by: entry.fromStation ? .chargingStation : .csms) else {
                    problems.append("\(who) sent \(call.action), which it may not send")
                    continue
                }
                for v in SchemaValidator().validate(call.payload, against: e.request) {
                    problems.append("\(who) \(call.action) request: \(v): \(entry.text)")
                }
            case .callResult(let result):
                guard let action = callActions[!entry.fromStation]![result.messageId] else {
                    problems.append("\(who) answered an unknown message id: \(entry.text)")
                    continue
                }
                if let schema = catalog.schema(for: action, response: true) {
                    for v in SchemaValidator().validate(result.payload, against: schema) {
                        problems.append("\(who) \(action) response: \(v): \(entry.text)")
                    }
                }
            default:
                break
            }
        }
        return problems
    }
}

/// A MessageChannel that logs what its owner sends.
struct TappedChannel: MessageChannel {
    let base: any MessageChannel
    let log: WireLog
    let fromStation: Bool

    var info: ConnectionInfo { base.info }
    var events: TransportEvents { base.events }
    nonisolated(nonsending) func send(text: String) async throws {
        // Logged before sending: the peer may answer before `send` returns.
        log.append(text, fromStation: fromStation)
        try await base.send(text: text)
    }
    func sendRaw(bytes: [UInt8]) async throws { try await base.sendRaw(bytes: bytes) }
    func sendFrame(opcode: UInt8, payload: [UInt8], fin: Bool) async throws { try await base.sendFrame(opcode: opcode, payload: payload, fin: fin) }
    func close(code: UInt16, reason: String) async { await base.close(code: code, reason: reason) }
    func abort() async { await base.abort() }
}

/// A reference station and a reference CSMS wired together in memory on an accelerated clock.
struct Rig {
    let station: ReferenceChargingStation
    let csms: ReferenceCSMS
    let log: WireLog
    let version: OCPPVersion

    /// Time runs this many times faster than real time in rig tests.
    static let acceleration = 40.0

    /// Builds both devices, runs them for the duration of `body`, then stops everything.
    static func run(
        station stationConfiguration: ChargingStationConfiguration,
        csms csmsConfiguration: CSMSConfiguration? = nil,
        _ body: @Sendable (Rig) async throws -> Void
    ) async throws {
        let version = stationConfiguration.version
        var csmsConfiguration = csmsConfiguration ?? CSMSConfiguration(version: version)
        csmsConfiguration.version = version
        csmsConfiguration.messageTimeout = .seconds(20)
        let clock = DeviceClock.accelerated(by: acceleration)
        let log = WireLog()
        let (accepted, acceptedContinuation) = AsyncStream.makeStream(of: (any MessageChannel).self)
        let info = ConnectionInfo(stationId: stationConfiguration.stationId, path: "/ocpp/\(stationConfiguration.stationId)", subprotocol: version.subprotocol)
        let csms = ReferenceCSMS(configuration: csmsConfiguration, clock: clock)
        let station = ReferenceChargingStation(configuration: stationConfiguration, clock: clock) {
            let (client, server) = InMemoryChannel.pair(info: info)
            acceptedContinuation.yield(TappedChannel(base: server, log: log, fromStation: false))
            return TappedChannel(base: client, log: log, fromStation: true)
        }
        let rig = Rig(station: station, csms: csms, log: log, version: version)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                await withDiscardingTaskGroup { connections in
                    for await channel in accepted {
                        connections.addTask { await csms.serve(channel) }
                    }
                }
            }
            group.addTask { await station.run() }
            defer {
                acceptedContinuation.finish()
                group.cancelAll()
            }
            try await body(rig)
        }
    }

    /// Waits for a CALL from the station (CSMS clock time).
    @discardableResult
    func expect(_ action: String, after index: Int = 0, within seconds: Int = 120, where predicate: @escaping @Sendable (JSONValue) -> Bool = { _ in true }) async throws -> CSMSReceivedCall {
        try await csms.waitForCall(action, after: index, timeout: .seconds(seconds), where: predicate)
    }

    /// The index the next received CALL will have.
    func mark() async -> Int { await csms.receivedCalls.count }

    /// The actions of the CALLs received from `index` on.
    func actions(from index: Int) async -> [String] { await csms.receivedCalls.dropFirst(index).map(\.action) }

    /// Fails the test for every frame either device sent that breaks its schema.
    func expectValidWire(sourceLocation: SourceLocation = #_sourceLocation) {
        let problems = log.schemaProblems(version: version)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))", sourceLocation: sourceLocation)
    }

    /// Boots the station and waits until it is accepted and has reported its connectors.
    func booted(connectors: Int = 1) async throws {
        try await expect("BootNotification")
        let needed = version == .v16 ? connectors + 1 : connectors
        try await waitUntil { await $0.csms.receivedCalls.filter { $0.action == "StatusNotification" }.count >= needed }
    }

    /// Polls a condition on the accelerated clock; bounded.
    func waitUntil(seconds: Int = 120, _ condition: @Sendable (Rig) async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(Double(seconds) / Rig.acceleration + 2)
        while ContinuousClock.now < deadline {
            if try await condition(self) { return }
            try await Task.sleep(for: .milliseconds(5))
        }
        Issue.record("condition not met within \(seconds) s")
        throw CancellationError()
    }
}
