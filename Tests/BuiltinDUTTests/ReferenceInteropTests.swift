import ConformanceKit
import Foundation
import OCPPProtocol
import OCPPTransport
import ReferenceDevices
import Testing

/// The reference devices against an OCPP implementation nobody here wrote: the Python `ocpp`
/// library (which checks every payload against the official schemas) over real WebSockets.
@Suite("Reference devices interoperate with the Python ocpp library", .serialized)
struct ReferenceInteropTests {
    static var root: URL { Repository.root }
    static var python: String { root.appendingPathComponent(".venv/bin/python").path }
    static var available: Bool { FileManager.default.isExecutableFile(atPath: python) }
    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// A Python peer whose stdout lines are JSON events.
    final class Peer: @unchecked Sendable {
        let process = Process()
        private let lock = NSLock()
        private var events: [JSONValue] = []
        private var partial = ""

        init(_ script: String, _ arguments: [String]) throws {
            process.executableURL = URL(fileURLWithPath: ReferenceInteropTests.python)
            process.arguments = ["-u", ReferenceInteropTests.root.appendingPathComponent("scripts/interop/\(script)").path] + arguments
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            out.fileHandleForReading.readabilityHandler = { [weak self] h in
                let data = h.availableData
                guard let self, !data.isEmpty else { return }
                self.lock.withLock {
                    self.partial += String(decoding: data, as: UTF8.self)
                    while let nl = self.partial.firstIndex(of: "\n") {
                        let line = String(self.partial[..<nl])
                        self.partial = String(self.partial[self.partial.index(after: nl)...])
                        if let v = try? JSONParser().parse(line) { self.events.append(v) }
                    }
                }
            }
            try process.run()
        }

        var seen: [JSONValue] { lock.withLock { events } }

        /// Waits (bounded) for an event that satisfies `predicate`.
        func waitFor(_ timeout: Duration = .seconds(20), _ predicate: (JSONValue) -> Bool) async -> JSONValue? {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                if let e = seen.first(where: predicate) { return e }
                try? await Task.sleep(for: .milliseconds(20))
            }
            return nil
        }

        func request(_ action: String, _ extra: @escaping (JSONValue) -> Bool = { _ in true }) -> (JSONValue) -> Bool {
            { $0["event"] == "request" && $0["action"] == .string(action) && extra($0) }
        }

        deinit { if process.isRunning { process.terminate() } }
    }

    @Test(.enabled(if: available || isCI, "Python oracle missing: run scripts/setup.sh"), arguments: [OCPPVersion.v201, .v16])
    func referenceStationBootsAndChargesAgainstAPythonCentralSystem(version: OCPPVersion) async throws {
        try #require(Self.available, "the Python venv is missing (run scripts/setup.sh)")
        let peer = try Peer("transaction_csms.py", ["--version", version.rawValue, "--timeout", "60"])
        let listening = try #require(await peer.waitFor { $0["event"] == "listening" })
        let port = try #require(listening["port"]?.intValue)
        var configuration = ChargingStationConfiguration(version: version, stationId: "PYCS1")
        configuration.heartbeatInterval = 10
        let dialer = ConnectionManager(configuration: .init(endpoint: "ws://127.0.0.1:\(port)/ocpp", stationId: "PYCS1", subprotocols: [version.subprotocol]))
        let station = ReferenceChargingStation(configuration: configuration, clock: .system) { try await dialer.dial() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await dialer.run() }
            group.addTask { await station.run() }
            #expect(await peer.waitFor(.seconds(20), peer.request("BootNotification")) != nil, "\(peer.seen)")
            #expect(await peer.waitFor(.seconds(20), peer.request("StatusNotification")) != nil)
            try await station.plugIn(evse: 1, connector: 1)
            try await station.presentIdToken("VALID001", type: "ISO14443", evse: 1)
            #expect(await peer.waitFor(.seconds(20), peer.request("Authorize")) != nil, "\(peer.seen)")
            if version == .v201 {
                #expect(await peer.waitFor(.seconds(20), peer.request("TransactionEvent") { $0["event_type"] == "Started" }) != nil, "\(peer.seen)")
            } else {
                #expect(await peer.waitFor(.seconds(20), peer.request("StartTransaction")) != nil, "\(peer.seen)")
            }
            try await station.unplug(evse: 1, connector: 1)
            if version == .v201 {
                #expect(await peer.waitFor(.seconds(20), peer.request("TransactionEvent") { $0["event_type"] == "Ended" }) != nil, "\(peer.seen)")
            } else {
                #expect(await peer.waitFor(.seconds(20), peer.request("StopTransaction")) != nil, "\(peer.seen)")
            }
            #expect(!peer.seen.contains { $0["event"] == "error" }, "\(peer.seen)")
            dialer.stop()
            group.cancelAll()
        }
    }

    @Test(.enabled(if: available || isCI, "Python oracle missing: run scripts/setup.sh"))
    func referenceCSMSAcceptsAPythonChargePoint() async throws {
        try #require(Self.available, "the Python venv is missing (run scripts/setup.sh)")
        let csms = ReferenceCSMS(configuration: CSMSConfiguration(version: .v201), clock: .system)
        let config = OCPPWebSocketServer.Configuration(stationIds: nil, versions: [.v201])
        try await OCPPWebSocketServer.run(config, onConnection: { channel in await csms.serve(channel) }) { server in
            let peer = try Peer("charge_point_v201.py", ["--url", server.endpointURL + "/PYCP1", "--station-id", "PYCP1"])
            let deadline = ContinuousClock.now + .seconds(30)
            while peer.process.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            #expect(!peer.process.isRunning && peer.process.terminationStatus == 0, "python charge point: \(peer.seen)")
            let boot = await csms.lastBoot(of: "PYCP1")
            #expect(boot?.status == "Accepted")
        }
    }
}
