import Foundation
import OCPPProtocol
import OCPPTransport

/// The reference Charging Station: a ``ChargingStationStateMachine`` driven over any
/// ``MessageChannel``, with a control API for its physical world.
///
/// ```swift
/// let station = ReferenceChargingStation(configuration: .init(version: .v201), clock: .accelerated(by: 50)) {
///     try await dialCSMS()            // a fresh MessageChannel after every reboot or going online
/// }
/// try await withThrowingTaskGroup(of: Void.self) { group in
///     group.addTask { await station.run() }
///     try await station.plugIn(evse: 1, connector: 1)
///     ...
/// }
/// ```
///
/// `run()` owns everything the station does: one loop applies events to the state machine in
/// order and carries out its actions; timers, dialling and reading the connection are child tasks
/// of one task group. Cancelling `run()` ends all of them and closes the connection.
public final class ReferenceChargingStation: Sendable {
    /// A physical or network action on the station.
    enum Control: Sendable {
        case reboot
        case plugIn(evse: Int, connector: Int)
        case unplug(evse: Int, connector: Int)
        case unplugEVSide(evse: Int)
        case presentIdToken(IdToken, evse: Int?)
        case evSuspend(evse: Int)
        case evResume(evse: Int)
        case goOffline
        case goOnline
        case fault(evse: Int, connector: Int, faulted: Bool, code: String? = nil)
        case parkingBay(evse: Int, occupied: Bool)
        case preventConnectorLock(evse: Int, connector: Int)
        case preventLocalListStorage
        case restoreLocalListStorage
        case masterPassSelect(evse: Int?)
        case state
    }

    enum Input: Sendable {
        case control(Control, id: Int)
        case connected(any MessageChannel, connection: Int)
        case connectFailed(connection: Int, certificateRejected: Bool)
        case transport(TransportEvent, connection: Int)
        case readerEnded(connection: Int)
        case timer(StationTimer, generation: Int)
    }

    private struct Shared {
        var running = false
        var hasRun = false
        var nextControlId = 0
        var waiting: [Int: CheckedContinuation<JSONValue, any Error>] = [:]
    }

    /// The configuration the station was built with.
    public let configuration: ChargingStationConfiguration
    private let clock: DeviceClock
    private let dial: @Sendable (CSMSDial) async throws -> any MessageChannel
    private let inputs: AsyncStream<Input>
    private let inputContinuation: AsyncStream<Input>.Continuation
    private let shared = SimpleLock(Shared())

    /// A station that reaches its CSMS through `connect`, called at power-up, after every reboot
    /// and after going online again.
    public convenience init(
        configuration: ChargingStationConfiguration, clock: DeviceClock = .system,
        connect: @escaping @Sendable () async throws -> any MessageChannel
    ) {
        self.init(configuration: configuration, clock: clock, connectTo: { _ in try await connect() })
    }

    /// A station that reaches its CSMS through `connectTo`, called with the CSMS URL of the network
    /// profile it uses (slot 1 is `configuration.csmsUrl`; SetNetworkProfile adds others, B10).
    public convenience init(
        configuration: ChargingStationConfiguration, clock: DeviceClock = .system,
        connectTo: @escaping @Sendable (String) async throws -> any MessageChannel
    ) {
        self.init(configuration: configuration, clock: clock, dial: { try await connectTo($0.url) })
    }

    /// A station that reaches its CSMS through `dial`, told the URL and the CSMS roots to validate the
    /// server certificate with. A `TransportError.tls` from it is a rejected CSMS certificate.
    public init(
        configuration: ChargingStationConfiguration, clock: DeviceClock = .system,
        dial: @escaping @Sendable (CSMSDial) async throws -> any MessageChannel
    ) {
        self.configuration = configuration
        self.clock = clock
        self.dial = dial
        (inputs, inputContinuation) = AsyncStream.makeStream(of: Input.self)
    }

    // MARK: Running

    /// Powers the station on and runs it until the calling task is cancelled. A station runs once.
    public func run() async {
        let mayRun = shared.withLock { s -> Bool in
            guard !s.hasRun else { return false }
            s.hasRun = true
            s.running = true
            return true
        }
        guard mayRun else { return }
        var driver = Driver(machine: ChargingStationStateMachine(configuration: configuration))
        await withTaskGroup(of: Void.self) { group in
            await execute(driver.machine.powerOn(), driver: &driver, group: &group)
            for await input in inputs {
                await handle(input, driver: &driver, group: &group)
            }
            group.cancelAll()
            if let channel = driver.channel { await channel.close(code: 1001, reason: "station switched off") }
        }
        let abandoned = shared.withLock { s -> [CheckedContinuation<JSONValue, any Error>] in
            s.running = false
            defer { s.waiting = [:] }
            return Array(s.waiting.values)
        }
        for k in abandoned { k.resume(throwing: ControlError.notRunning) }
    }

    private struct Driver {
        var machine: ChargingStationStateMachine
        var channel: (any MessageChannel)?
        var connection = 0
        var generations: [StationTimer: Int] = [:]
        var nextGeneration = 0
    }

    private func handle(_ input: Input, driver: inout Driver, group: inout TaskGroup<Void>) async {
        let now = clock.now()
        switch input {
        case .control(let control, let id):
            let result: Result<JSONValue, ControlError>
            var actions: [StationAction] = []
            do {
                let value: JSONValue
                (actions, value) = try apply(control, to: &driver.machine, now: now)
                result = .success(value)
            } catch {
                result = .failure(error)
            }
            await execute(actions, driver: &driver, group: &group)
            if let k = shared.withLock({ $0.waiting.removeValue(forKey: id) }) { k.resume(with: result.mapError { $0 as any Error }) }
        case .connected(let channel, let connection):
            guard connection == driver.connection else {
                await channel.close(code: 1000, reason: "superseded")
                return
            }
            driver.channel = channel
            group.addTask { [inputContinuation] in
                for await event in channel.events {
                    inputContinuation.yield(.transport(event, connection: connection))
                }
                inputContinuation.yield(.readerEnded(connection: connection))
            }
            await execute(driver.machine.connected(now: now), driver: &driver, group: &group)
        case .connectFailed(let connection, let certificateRejected):
            guard connection == driver.connection else { return }
            await execute(driver.machine.connectFailed(now: now, certificateRejected: certificateRejected), driver: &driver, group: &group)
        case .transport(let event, let connection):
            guard connection == driver.connection, driver.channel != nil else { return }
            switch event {
            case .text(let text, _):
                await execute(driver.machine.frameReceived(text, now: now), driver: &driver, group: &group)
            case .closed:
                driver.channel = nil
                await execute(driver.machine.disconnected(now: now), driver: &driver, group: &group)
            case .invalidText, .binary, .ping, .pong, .violation:
                break
            }
        case .readerEnded(let connection):
            guard connection == driver.connection, driver.channel != nil else { return }
            driver.channel = nil
            await execute(driver.machine.disconnected(now: now), driver: &driver, group: &group)
        case .timer(let timer, let generation):
            guard driver.generations[timer] == generation else { return }
            driver.generations[timer] = nil
            await execute(driver.machine.timerFired(timer, now: now), driver: &driver, group: &group)
        }
    }

    private func execute(_ actions: [StationAction], driver: inout Driver, group: inout TaskGroup<Void>) async {
        for action in actions {
            switch action {
            case .send(let text):
                // A failed send means the connection is going; its closed event follows.
                try? await driver.channel?.send(text: text)
            case .startTimer(let timer, let duration):
                driver.nextGeneration += 1
                let generation = driver.nextGeneration
                driver.generations[timer] = generation
                group.addTask { [clock, inputContinuation] in
                    guard (try? await clock.sleep(for: duration)) != nil else { return }
                    inputContinuation.yield(.timer(timer, generation: generation))
                }
            case .cancelTimer(let timer):
                driver.generations[timer] = nil
            case .connect:
                driver.connection += 1
                let connection = driver.connection
                let request = CSMSDial(
                    url: driver.machine.endpoint,
                    trustedRootsPEM: driver.machine.validatesServerCertificate ? driver.machine.trustedCSMSRoots : nil)
                group.addTask { [dial, inputContinuation] in
                    do {
                        let channel = try await dial(request)
                        inputContinuation.yield(.connected(channel, connection: connection))
                    } catch {
                        let certificateRejected = if case TransportError.tls = error { true } else { false }
                        inputContinuation.yield(.connectFailed(connection: connection, certificateRejected: certificateRejected))
                    }
                }
            case .disconnect:
                driver.connection += 1
                if let channel = driver.channel {
                    driver.channel = nil
                    await channel.close(code: 1000, reason: "")
                }
            }
        }
    }

    private func apply(_ control: Control, to machine: inout ChargingStationStateMachine, now: Date) throws(ControlError) -> ([StationAction], JSONValue) {
        switch control {
        case .reboot: return (machine.powerCycle(now: now), .object(["result": "rebooting"]))
        case .plugIn(let e, let c): return try machine.plugIn(evse: e, connector: c, now: now)
        case .unplug(let e, let c): return try machine.unplug(evse: e, connector: c, now: now)
        case .unplugEVSide(let e): return try machine.unplugEVSide(evse: e, now: now)
        case .presentIdToken(let token, let evse): return try machine.presentIdToken(token, evse: evse, now: now)
        case .evSuspend(let e): return (try machine.evSuspend(evse: e, now: now), .object(["evse": .int(e), "result": "suspended"]))
        case .evResume(let e): return (try machine.evResume(evse: e, now: now), .object(["evse": .int(e), "result": "resumed"]))
        case .goOffline: return (machine.goOffline(now: now), .object(["result": "offline"]))
        case .goOnline: return (machine.goOnline(now: now), .object(["result": "online"]))
        case .fault(let e, let c, let f, let code): return (try machine.setFault(f, evse: e, connector: c, code: code, now: now), .object(["evse": .int(e), "connector": .int(c), "faulted": .bool(f)]))
        case .parkingBay(let e, let occupied): return try machine.parkingBay(occupied: occupied, evse: e, now: now)
        case .preventConnectorLock(let e, let c): return try machine.preventConnectorLock(evse: e, connector: c, now: now)
        case .preventLocalListStorage:
            machine.localListStorageFails = true
            return ([], .object(["localListStorage": "failing"]))
        case .restoreLocalListStorage:
            machine.localListStorageFails = false
            return ([], .object(["localListStorage": "working"]))
        case .masterPassSelect(let e): return try machine.masterPassSelect(evse: e, now: now)
        case .state: return ([], machine.snapshot)
        }
    }

    private func submit(_ control: Control) async throws -> JSONValue {
        try await withCheckedThrowingContinuation { k in
            let id = shared.withLock { s -> Int? in
                guard s.running else { return nil }
                s.nextControlId += 1
                s.waiting[s.nextControlId] = k
                return s.nextControlId
            }
            guard let id else { return k.resume(throwing: ControlError.notRunning) }
            if case .terminated = inputContinuation.yield(.control(control, id: id)),
                let k = shared.withLock({ $0.waiting.removeValue(forKey: id) })
            {
                k.resume(throwing: ControlError.notRunning)
            }
        }
    }

    // MARK: Control API

    /// Power cycle: the connection drops, running transactions end (PowerLoss), the station boots again.
    @discardableResult public func reboot() async throws -> JSONValue { try await submit(.reboot) }

    /// Plugs the EV's cable into a connector.
    @discardableResult public func plugIn(evse: Int = 1, connector: Int = 1) async throws -> JSONValue {
        try await submit(.plugIn(evse: evse, connector: connector))
    }

    /// Takes the cable out.
    @discardableResult public func unplug(evse: Int = 1, connector: Int = 1) async throws -> JSONValue {
        try await submit(.unplug(evse: evse, connector: connector))
    }

    /// Presents an idToken at the card reader; `evse` picks the EVSE, else the station chooses.
    @discardableResult public func presentIdToken(_ token: String, type: String = "ISO14443", evse: Int? = nil) async throws -> JSONValue {
        try await submit(.presentIdToken(IdToken(token, type: type), evse: evse))
    }

    /// The EV stops drawing energy.
    @discardableResult public func evSuspend(evse: Int = 1) async throws -> JSONValue { try await submit(.evSuspend(evse: evse)) }

    /// The EV draws energy again.
    @discardableResult public func evResume(evse: Int = 1) async throws -> JSONValue { try await submit(.evResume(evse: evse)) }

    /// Cuts the connection to the CSMS; transaction messages queue up until ``goOnline()``.
    @discardableResult public func goOffline() async throws -> JSONValue { try await submit(.goOffline) }

    /// Lets the station reconnect; queued transaction messages go out in order.
    @discardableResult public func goOnline() async throws -> JSONValue { try await submit(.goOnline) }

    /// Makes a connector report a fault.
    @discardableResult public func faultConnector(evse: Int = 1, connector: Int = 1, code: String? = nil) async throws -> JSONValue {
        try await submit(.fault(evse: evse, connector: connector, faulted: true, code: code))
    }

    /// Clears a connector fault.
    @discardableResult public func clearFault(evse: Int = 1, connector: Int = 1) async throws -> JSONValue {
        try await submit(.fault(evse: evse, connector: connector, faulted: false))
    }

    /// What the station is doing now: registration, connection, EVSEs, transactions (for tests
    /// and the command interface).
    public func state() async throws -> JSONValue { try await submit(.state) }

    /// The action names ``perform(action:arguments:)`` understands.
    public static let actionNames = [
        "reboot", "plugIn", "unplug", "presentIdToken", "evSuspend", "evResume", "goOffline", "goOnline",
        "faultConnector", "clearFault", "enterParkingBay", "leaveParkingBay", "preventConnectorLock", "preventLocalListStorage", "restoreLocalListStorage", "masterPassSelect", "state",
    ]

    /// Runs a control action by name, as the harness's `builtin` action driver does with the
    /// `action:` steps of case files. Arguments: `evse` (default 1), `connector` (default 1),
    /// `idToken` and `type` (default ISO14443) for presentIdToken.
    public func perform(action: String, arguments: JSONValue = .object(JSONObject())) async throws -> JSONValue {
        let evse = try Self.int(arguments, "evse", action: action) ?? 1
        let connector = try Self.int(arguments, "connector", action: action) ?? 1
        switch action {
        case "reboot": return try await reboot()
        case "plugIn": return try await plugIn(evse: evse, connector: connector)
        case "unplug":
            // type EVSide (1.6): only the EV end of the cable comes out.
            if arguments.text("type")?.lowercased() == "evside" { return try await submit(.unplugEVSide(evse: evse)) }
            return try await unplug(evse: evse, connector: connector)
        case "presentIdToken":
            guard let token = arguments.text("idToken") ?? arguments.text("token") else {
                throw ControlError.missingArgument(action: action, key: "idToken")
            }
            let chosen = try Self.int(arguments, "evse", action: action)
            return try await presentIdToken(token, type: arguments.text("type") ?? "ISO14443", evse: chosen)
        case "evSuspend": return try await evSuspend(evse: evse)
        case "evResume": return try await evResume(evse: evse)
        case "goOffline": return try await goOffline()
        case "goOnline": return try await goOnline()
        case "faultConnector": return try await faultConnector(evse: evse, connector: connector, code: arguments.text("type"))
        case "clearFault": return try await clearFault(evse: evse, connector: connector)
        case "enterParkingBay": return try await submit(.parkingBay(evse: evse, occupied: true))
        case "leaveParkingBay": return try await submit(.parkingBay(evse: evse, occupied: false))
        case "preventConnectorLock": return try await submit(.preventConnectorLock(evse: evse, connector: connector))
        case "preventLocalListStorage": return try await submit(.preventLocalListStorage)
        case "restoreLocalListStorage": return try await submit(.restoreLocalListStorage)
        case "masterPassSelect":
            // stop: "all" (or absent) for every transaction, else the EVSE whose transaction stops (C16.FR.01).
            if arguments["stop"] == nil || arguments.text("stop")?.lowercased() == "all" { return try await submit(.masterPassSelect(evse: nil)) }
            return try await submit(.masterPassSelect(evse: try Self.int(arguments, "stop", action: action)))
        case "state": return try await state()
        default: throw ControlError.unknownAction(action)
        }
    }

    static func int(_ arguments: JSONValue, _ key: String, action: String) throws(ControlError) -> Int? {
        guard let value = arguments[key], value != .null else { return nil }
        if let i = value.intValue { return i }
        if let s = value.stringValue, let i = Int(s) { return i }
        throw .invalidArgument(action: action, key: key, value: value.jsonText)
    }
}

extension ChargingStationStateMachine {
    /// The station's state as JSON.
    public var snapshot: JSONValue {
        .object([
            "version": .string(version.rawValue), "registration": .string(registration.rawValue),
            "connected": .bool(isConnected), "queuedMessages": .int(queue.count),
            "localListVersion": .int(localListVersion),
            "evses": .array(evses.indices.map { i in
                let e = evses[i]
                return .object([
                    "id": .int(e.id), "operative": .bool(e.operative),
                    "connectors": .array(e.connectors.map { c in
                        .object(["id": .int(c.id), "plugged": .bool(c.plugged), "status": .string(connectorStatus(evse: i, connector: c.id))])
                    }),
                    "authorized": e.authorization.map { .string($0.token.idToken) } ?? .null,
                    "transaction": e.transaction.map { tx in
                        .object([
                            "transactionId": version == .v16 ? centralTransactionIds[tx.ref].map(JSONValue.int) ?? .null : .string(tx.id),
                            "chargingState": .string(tx.chargingState), "seqNo": .int(tx.seqNo),
                            "meterWh": .int(Int(e.meterWh)),
                        ])
                    } ?? .null,
                ])
            }),
        ])
    }
}

/// One connection attempt of a reference station: where to, and which CSMS roots the server
/// certificate must chain to (`nil`: the station does not check it).
public struct CSMSDial: Sendable {
    public var url: String
    public var trustedRootsPEM: [String]?

    public init(url: String, trustedRootsPEM: [String]?) {
        self.url = url
        self.trustedRootsPEM = trustedRootsPEM
    }
}
