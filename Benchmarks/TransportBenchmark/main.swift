// TransportBenchmark: round trips per second and latency of OCPP-J over loopback WebSockets.
//
//   swift run -c release --scratch-path .build-transport TransportBenchmark [--seconds 5] [--warmup 1]
//
// (A) ocppspec's server (OCPPWebSocketServer): each CALL is parsed by FrameParser, its payload
//     validated against the built-in 2.0.1 catalog, and a CALLRESULT sent back, all above the
//     MessageChannel boundary, in the async task that the server's `onConnection` runs for each
//     connection on that connection's event loop.
// (B) a bare NIO WebSocket echo server written here, with no async boundary and no OCPP work.
// Both are driven by the same NIO client below, with 1 and 100 concurrent connections, each
// sending a Heartbeat CALL and waiting for the answer before sending the next. The figure of
// merit is A/B; the target is at least 0.8.

import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket
import OCPPProtocol
import OCPPTransport

// MARK: - Options

struct Options {
    var seconds = 5.0
    var warmup = 1.0
    var connectionCounts = [1, 100]
    /// For profiling one side alone: "A", "B" or both.
    var scenarios: Set<String> = ["A", "B"]
    /// Diagnostic: A echoes each text without OCPP work, to show what the transport alone costs.
    var transportOnly = false

    init(arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--seconds": seconds = iterator.next().flatMap(Double.init) ?? seconds
            case "--warmup": warmup = iterator.next().flatMap(Double.init) ?? warmup
            case "--connections": connectionCounts = iterator.next().map { $0.split(separator: ",").compactMap { Int($0) } } ?? connectionCounts
            case "--only": scenarios = iterator.next().map { [$0] } ?? scenarios
            case "--transport-only": transportOnly = true
            default:
                print("usage: TransportBenchmark [--seconds S] [--warmup S] [--connections 1,100] [--only A|B] [--transport-only]")
                exit(2)
            }
        }
    }
}

// MARK: - Results

struct Measurement {
    var roundTrips: Int
    var seconds: Double
    var latenciesNanoseconds: [UInt64]
    /// CPU time (user + system) of the whole process, client and server, while measuring.
    var cpuSeconds: Double = 0
    /// The same split by thread: the servers' event loops and the benchmark client's.
    var threads = ThreadUsage()

    /// Process CPU per round trip: unlike throughput, hardly moved by other load on the machine.
    var cpuMicrosecondsPerRoundTrip: Double { cpuSeconds * 1e6 / Double(max(roundTrips, 1)) }

    var perSecond: Double { Double(roundTrips) / seconds }

    func percentile(_ p: Double) -> Double {
        guard !latenciesNanoseconds.isEmpty else { return .nan }
        let sorted = latenciesNanoseconds.sorted()
        let index = min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.down)))
        return Double(sorted[index]) / 1000
    }
}

// MARK: - The benchmark client (plain NIO, on its own event loops)

/// Sends a Heartbeat CALL, waits for any text frame back, records the latency, repeats.
final class RoundTripHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private var counter = 0
    private var sentAt: UInt64 = 0
    var recording = false
    var stopped = false
    var latencies: [UInt64] = []

    private var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) {
        latencies.reserveCapacity(1 << 16)
        self.context = context
    }

    /// Starts (or resumes) the loop; first called once the upgrade has completed, since writes
    /// during it are refused.
    func start() {
        stopped = false
        if let context { sendNext(context: context) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = Self.unwrapInboundIn(data)
        guard frame.opcode == .text else { return }
        if recording { latencies.append(DispatchTime.now().uptimeNanoseconds - sentAt) }
        if !stopped { sendNext(context: context) }
    }

    private func sendNext(context: ChannelHandlerContext) {
        counter += 1
        let text = #"[2,"\#(counter)","Heartbeat",{}]"#
        let frame = WebSocketFrame(fin: true, opcode: .text, maskKey: .random(), data: context.channel.allocator.buffer(string: text))
        sentAt = DispatchTime.now().uptimeNanoseconds
        context.writeAndFlush(Self.wrapOutboundOut(frame), promise: nil)
    }
}

/// A set of connected benchmark clients that can be run in slices.
struct ClientSet {
    var channels: [(any Channel, NIOLoopBound<RoundTripHandler>)] = []

    /// Connects `count` WebSocket clients to 127.0.0.1:`port`; they stay idle until ``run(for:record:)``.
    static func connect(port: Int, count: Int, group: any EventLoopGroup) async throws -> ClientSet {
        var set = ClientSet()
        for index in 0..<count {
            let upgrade = try await ClientBootstrap(group: group)
                .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                .connect(host: "127.0.0.1", port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let upgrader = NIOTypedWebSocketClientUpgrader<(any Channel, NIOLoopBound<RoundTripHandler>)>(
                            upgradePipelineHandler: { channel, _ in
                                channel.eventLoop.makeCompletedFuture {
                                    let handler = RoundTripHandler()
                                    try channel.pipeline.syncOperations.addHandler(handler)
                                    return (channel, NIOLoopBound(handler, eventLoop: channel.eventLoop))
                                }
                            }
                        )
                        var headers = HTTPHeaders()
                        headers.add(name: "Host", value: "127.0.0.1:\(port)")
                        headers.add(name: "Sec-WebSocket-Protocol", value: "ocpp2.0.1")
                        let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: "/ocpp/CS\(index)", headers: headers)
                        let configuration = NIOTypedHTTPClientUpgradeConfiguration(
                            upgradeRequestHead: head, upgraders: [upgrader],
                            notUpgradingCompletionHandler: { channel in
                                channel.eventLoop.makeFailedFuture(ChannelError.inappropriateOperationForState)
                            }
                        )
                        return try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(
                            configuration: .init(upgradeConfiguration: configuration)
                        )
                    }
                }
            set.channels.append(try await upgrade.get())
        }
        return set
    }

    /// Runs every client for `duration`; with `record`, returns the round trips completed in it.
    func run(for duration: Duration, record: Bool) async throws -> Measurement {
        for (channel, handler) in channels {
            try await channel.eventLoop.submit {
                handler.value.recording = record
                handler.value.start()
            }.get()
        }
        let start = ContinuousClock.now
        let cpuStart = processCPUSeconds()
        let threadsStart = ThreadUsage.now()
        try await Task.sleep(for: duration)
        var latencies: [UInt64] = []
        for (channel, handler) in channels {
            latencies += try await channel.eventLoop.submit { () -> [UInt64] in
                handler.value.recording = false
                handler.value.stopped = true
                defer { handler.value.latencies.removeAll(keepingCapacity: true) }
                return handler.value.latencies
            }.get()
        }
        let elapsed = ContinuousClock.now - start
        let cpu = processCPUSeconds() - cpuStart
        let threads = ThreadUsage.now() - threadsStart
        // Let the last answers in flight arrive before another set runs.
        try await Task.sleep(for: .milliseconds(20))
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Measurement(roundTrips: latencies.count, seconds: seconds, latenciesNanoseconds: latencies, cpuSeconds: cpu, threads: threads)
    }

    func close() async {
        for (channel, _) in channels { try? await channel.close() }
    }
}

extension Measurement {
    static func + (lhs: Measurement, rhs: Measurement) -> Measurement {
        Measurement(
            roundTrips: lhs.roundTrips + rhs.roundTrips, seconds: lhs.seconds + rhs.seconds,
            latenciesNanoseconds: lhs.latenciesNanoseconds + rhs.latenciesNanoseconds, cpuSeconds: lhs.cpuSeconds + rhs.cpuSeconds,
            threads: lhs.threads + rhs.threads
        )
    }
}

/// User plus system CPU time of this process so far.
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// Run time and context switches of the server and client event loop threads, from Linux's
/// per-thread counters (zero elsewhere): shows on which side a difference in CPU lies.
struct ThreadUsage {
    var serverNanoseconds: Double = 0
    var clientNanoseconds: Double = 0
    var contextSwitches: Double = 0
    /// Of those, the ones where a thread was preempted rather than waiting for work.
    var involuntarySwitches: Double = 0
    var serverSwitches: Double = 0

    static func + (lhs: ThreadUsage, rhs: ThreadUsage) -> ThreadUsage { lhs.combined(with: rhs, +) }
    static func - (lhs: ThreadUsage, rhs: ThreadUsage) -> ThreadUsage { lhs.combined(with: rhs, -) }

    private func combined(with other: ThreadUsage, _ operation: (Double, Double) -> Double) -> ThreadUsage {
        ThreadUsage(
            serverNanoseconds: operation(serverNanoseconds, other.serverNanoseconds),
            clientNanoseconds: operation(clientNanoseconds, other.clientNanoseconds),
            contextSwitches: operation(contextSwitches, other.contextSwitches),
            involuntarySwitches: operation(involuntarySwitches, other.involuntarySwitches),
            serverSwitches: operation(serverSwitches, other.serverSwitches)
        )
    }

    /// Sums /proc/self/task/*/schedstat (run time) and status (context switches) by thread name:
    /// the servers run on NIO's singleton loops (NIO-SGLTN-…), the client on its own (NIO-ELT-…).
    static func now() -> ThreadUsage {
        var usage = ThreadUsage()
        let tasks = "/proc/self/task"
        for thread in (try? FileManager.default.contentsOfDirectory(atPath: tasks)) ?? [] {
            let directory = "\(tasks)/\(thread)"
            guard let name = try? String(contentsOfFile: "\(directory)/comm", encoding: .utf8),
                let schedstat = try? String(contentsOfFile: "\(directory)/schedstat", encoding: .utf8),
                let runTime = schedstat.split(separator: " ").first.flatMap({ Double($0) })
            else { continue }
            let isServer = name.hasPrefix("NIO-SGLTN")
            if isServer {
                usage.serverNanoseconds += runTime
            } else if name.hasPrefix("NIO-ELT") {
                usage.clientNanoseconds += runTime
            } else {
                continue
            }
            let status = (try? String(contentsOfFile: "\(directory)/status", encoding: .utf8)) ?? ""
            for line in status.split(separator: "\n") where line.contains("ctxt_switches:") {
                let count = Double(line.split(separator: "\t").last.map(String.init) ?? "") ?? 0
                usage.contextSwitches += count
                if line.hasPrefix("nonvoluntary") { usage.involuntarySwitches += count }
                if isServer { usage.serverSwitches += count }
            }
        }
        return usage
    }
}

// MARK: - (A) ocppspec's server with FrameParser and schema validation

enum OCPPServerScenario {
    static let catalog = MessageCatalog.builtIn(.v201)

    /// The action is looked up in the catalog once, below, rather than also by the parser.
    static let parser = FrameParser(version: .v201)
    static let validator = SchemaValidator()
    static let currentTime: JSONValue = ["currentTime": "2025-06-01T12:00:00Z"]

    /// The OCPP work on one message: parse, validate, the reply's text (nil for anything but a CALL).
    static func answer(_ text: String) -> String? {
        let reply: Frame
        do {
            let frame = try parser.parse(text)
            guard case .call(let call) = frame else { return nil }
            if let entry = catalog[call.action] {
                let violations = validator.validate(call.payload, against: entry.request)
                reply =
                    violations.isEmpty
                    ? .callResult(.init(messageId: call.messageId, payload: currentTime))
                    : .callError(.init(messageId: call.messageId, errorCode: "FormatViolation", errorDescription: "\(violations)"))
            } else {
                reply = FrameError(.unknownAction(call.action, .v201), messageId: call.messageId, messageType: .call, action: call.action).callError(for: .v201)
            }
        } catch {
            reply = error.callError(for: .v201)
        }
        return reply.text
    }

    /// Answers every CALL of one connection: parse, validate, reply.
    static func serve(_ channel: any MessageChannel) async {
        for await event in channel.events {
            guard case .text(let text, _) = event else { continue }
            if options.transportOnly {
                try? await channel.send(text: text)
                continue
            }
            guard let reply = answer(text) else { continue }
            try? await channel.send(text: reply)
        }
    }

    /// The OCPP work alone, without any transport: nanoseconds per Heartbeat CALL on one thread.
    static func workNanoseconds(messages: Int = 200_000) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        var bytes = 0
        for counter in 0..<messages {
            bytes &+= answer(#"[2,"\#(counter)","Heartbeat",{}]"#)?.utf8.count ?? 0
        }
        let elapsed = DispatchTime.now().uptimeNanoseconds - start
        precondition(bytes > 0)
        return Double(elapsed) / Double(messages)
    }

    /// Runs `body` with the port of a running ocppspec server that answers CALLs.
    static func withServer<T>(isolation: isolated (any Actor)? = #isolation, _ body: (Int) async throws -> T) async throws -> T {
        // Each connection is served in the server's own child task for it, on its event loop.
        try await OCPPWebSocketServer.run(.init(port: 0, stationIds: nil), isolation: isolation, onConnection: serve) { server in
            try await body(server.port)
        }
    }
}

// MARK: - (B) a bare NIO echo server

/// Sends every text frame back unchanged, on the event loop.
final class EchoHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = Self.unwrapInboundIn(data)
        switch frame.opcode {
        case .text:
            let echo = WebSocketFrame(fin: true, opcode: .text, data: frame.unmaskedData)
            context.writeAndFlush(Self.wrapOutboundOut(echo), promise: nil)
        case .connectionClose:
            context.close(promise: nil)
        default:
            break
        }
    }
}

enum EchoServerScenario {
    /// Runs `body` with the port of a running echo server.
    static func withServer<T>(isolation: isolated (any Actor)? = #isolation, _ body: (Int) async throws -> T) async throws -> T {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 256)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                let upgrader = NIOWebSocketServerUpgrader(
                    maxFrameSize: 1 << 20,
                    shouldUpgrade: { channel, _ in
                        channel.eventLoop.makeSucceededFuture(HTTPHeaders([("Sec-WebSocket-Protocol", "ocpp2.0.1")]))
                    },
                    upgradePipelineHandler: { channel, _ in
                        channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(EchoHandler()) }
                    }
                )
                return channel.pipeline.configureHTTPServerPipeline(
                    withServerUpgrade: (upgraders: [upgrader], completionHandler: { _ in })
                )
            }
            .bind(host: "127.0.0.1", port: 0).get()
        do {
            let result = try await body(server.localAddress?.port ?? 0)
            try? await server.close()
            return result
        } catch {
            try? await server.close()
            throw error
        }
    }
}

// MARK: - Main

let options = Options(arguments: CommandLine.arguments)

let clientGroup = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
/// The measured time of each scenario is split into this many slices, alternating A and B, so that
/// background load on the machine affects both alike.
let slices = 5

func line(_ name: String, _ m: Measurement) -> String {
    "  " + name.padding(toLength: 38, withPad: " ", startingAt: 0)
        + String(format: "%9.0f round trips/s   p50 %7.1f µs   p99 %7.1f µs   CPU %5.1f µs/round trip", m.perSecond, m.percentile(0.5), m.percentile(0.99), m.cpuMicrosecondsPerRoundTrip)
        + String(format: " (server %.1f, client %.1f; %.2f context switches, %.2f server, %.2f preempted)", m.threads.serverNanoseconds / 1000 / Double(max(m.roundTrips, 1)), m.threads.clientNanoseconds / 1000 / Double(max(m.roundTrips, 1)), m.threads.contextSwitches / Double(max(m.roundTrips, 1)), m.threads.serverSwitches / Double(max(m.roundTrips, 1)), m.threads.involuntarySwitches / Double(max(m.roundTrips, 1)))
}

if !options.transportOnly, options.scenarios.contains("A") {
    print(String(format: "OCPP work per Heartbeat CALL (parse, validate, answer, no transport): %.2f µs on one thread", OCPPServerScenario.workNanoseconds() / 1000))
}
print("TransportBenchmark: Heartbeat CALL round trips over 127.0.0.1, \(options.seconds) s per scenario in \(slices) alternating slices after \(options.warmup) s warm-up, \(System.coreCount) cores")
var ratios: [String] = []
for connections in options.connectionCounts {
    print("\(connections) connection\(connections == 1 ? "" : "s"):")
    let (echo, ocpp, sliceRatios) = try await EchoServerScenario.withServer { echoPort in
        try await OCPPServerScenario.withServer { ocppPort in
            let echoClients = try await ClientSet.connect(port: echoPort, count: connections, group: clientGroup)
            let ocppClients = try await ClientSet.connect(port: ocppPort, count: connections, group: clientGroup)
            let slice = Duration.seconds(options.seconds / Double(slices))
            var echo = Measurement(roundTrips: 0, seconds: 0, latenciesNanoseconds: [])
            var ocpp = echo
            if options.scenarios.contains("B") { _ = try await echoClients.run(for: .seconds(options.warmup / 2), record: false) }
            if options.scenarios.contains("A") { _ = try await ocppClients.run(for: .seconds(options.warmup / 2), record: false) }
            // The ratio of each pair of neighbouring slices too: their spread shows how much the
            // machine's other load moved the result.
            var sliceRatios: [Double] = []
            for _ in 0..<slices {
                var pair: (echo: Double, ocpp: Double) = (.nan, .nan)
                if options.scenarios.contains("B") {
                    let measured = try await echoClients.run(for: slice, record: true)
                    echo = echo + measured
                    pair.echo = measured.perSecond
                }
                if options.scenarios.contains("A") {
                    let measured = try await ocppClients.run(for: slice, record: true)
                    ocpp = ocpp + measured
                    pair.ocpp = measured.perSecond
                }
                sliceRatios.append(pair.ocpp / pair.echo)
            }
            await echoClients.close()
            await ocppClients.close()
            return (echo, ocpp, sliceRatios.sorted())
        }
    }
    if options.scenarios.contains("B") { print(line("(B) bare NIO echo server", echo)) }
    if options.scenarios.contains("A") {
        print(line(options.transportOnly ? "(A0) ocppspec server, echo only" : "(A) ocppspec server, parse+validate", ocpp))
    }
    if options.scenarios.count == 2 {
        let ratio = ocpp.perSecond / echo.perSecond
        print(String(format: "  A/B throughput %.2f (target ≥ 0.80)   p50 latency B/A %.2f   CPU per round trip B/A %.2f", ratio, echo.percentile(0.5) / ocpp.percentile(0.5), echo.cpuMicrosecondsPerRoundTrip / ocpp.cpuMicrosecondsPerRoundTrip))
        print("  A/B throughput of the \(slices) slice pairs, sorted: " + sliceRatios.map { String(format: "%.2f", $0) }.joined(separator: " "))
        ratios.append(String(format: "%d: %.2f", connections, ratio))
    }
}
if !ratios.isEmpty { print("A/B throughput by connection count: " + ratios.joined(separator: ", ")) }
try await clientGroup.shutdownGracefully()
