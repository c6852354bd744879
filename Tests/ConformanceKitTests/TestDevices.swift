import Foundation
@testable import ConformanceKit
import OCPPProtocol
import OCPPTransport

/// A small OCPP 2.0.1 Charging Station for end-to-end engine tests, over a real WebSocket client.
/// It boots on connect, obeys Pending/Rejected, answers the CSMS, and has switchable faults.
actor TestStation {
    enum Defect: Sendable {
        /// Sends a StatusNotification while Pending (B02.FR.02).
        case talksWhilePending
        /// Retries a rejected boot at once instead of after the interval (B03.FR.04).
        case retriesRejectedBootAtOnce
        /// Never reports connector status after boot (B01.FR.05).
        case noStatusAfterBoot
    }

    let defects: Set<Defect>
    let connectors: [(evse: Int, connector: Int)]
    var channel: (any MessageChannel)?
    var registration = "None"
    var nextId = 1
    var rebootRequested = false
    var bootPending = true
    var retryTask: Task<Void, Never>?
    var heartbeatTask: Task<Void, Never>?

    init(defects: Set<Defect> = [], connectors: [(Int, Int)] = [(1, 1)]) {
        self.defects = defects
        self.connectors = connectors.map { (evse: $0.0, connector: $0.1) }
    }

    /// Dials `url` and stays connected, reconnecting after each reboot, until cancelled.
    func run(url: String, stationId: String) async {
        while !Task.isCancelled {
            rebootRequested = false
            bootPending = true
            let configuration = OCPPWebSocketClient.Configuration(endpoint: url, stationId: stationId, subprotocols: ["ocpp2.0.1"])
            do {
                try await OCPPWebSocketClient.connect(configuration) { channel in
                    await self.session(channel)
                }
            } catch {
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    func reboot() async {
        rebootRequested = true
        retryTask?.cancel()
        await channel?.close(code: 1001, reason: "rebooting")
    }

    private func session(_ channel: any MessageChannel) async {
        self.channel = channel
        await sendBoot(reason: "PowerUp")
        for await event in channel.events {
            guard case .text(let text, _) = event, let frame = try? FrameParser(version: .v201).parse(text) else { continue }
            switch frame {
            case .callResult(let r):
                await handleResult(r)
            case .call(let c):
                await handleCall(c)
            default:
                break
            }
            if rebootRequested { break }
        }
        retryTask?.cancel()
        heartbeatTask?.cancel()
        self.channel = nil
    }

    private var outstandingBoot: String?

    private func send(_ action: String, _ payload: JSONValue) async -> String {
        let id = "st-\(nextId)"
        nextId += 1
        try? await channel?.send(text: Frame.call(.init(messageId: id, action: action, payload: payload)).text)
        return id
    }

    private func sendBoot(reason: String) async {
        outstandingBoot = await send("BootNotification", ["reason": .string(reason), "chargingStation": ["model": "TestStation", "vendorName": "ocppspec"]])
    }

    private func handleResult(_ r: Frame.CallResult) async {
        guard r.messageId == outstandingBoot else { return }
        outstandingBoot = nil
        let status = r.payload["status"]?.stringValue ?? "Rejected"
        let interval = r.payload["interval"]?.intValue ?? 10
        registration = status
        switch status {
        case "Accepted":
            if !defects.contains(.noStatusAfterBoot) {
                for c in connectors { _ = await send("StatusNotification", statusPayload(c.evse, c.connector)) }
            }
            _ = await send("SecurityEventNotification", ["type": "StartupOfTheDevice", "timestamp": .string(Interpolator.format(Date()))])
            // B01.FR.04: heartbeats at the interval of the accepted BootNotificationResponse.
            heartbeatTask?.cancel()
            heartbeatTask = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(interval))
                    if !Task.isCancelled { _ = await self.send("Heartbeat", .object(JSONObject())) }
                }
            }
        case "Pending":
            if defects.contains(.talksWhilePending) { _ = await send("StatusNotification", statusPayload(1, 1)) }
            scheduleBoot(after: interval)
        default:
            scheduleBoot(after: defects.contains(.retriesRejectedBootAtOnce) ? 0 : interval)
        }
    }

    private func scheduleBoot(after seconds: Int) {
        retryTask?.cancel()
        retryTask = Task {
            try? await Task.sleep(for: .seconds(seconds))
            if !Task.isCancelled { await self.sendBoot(reason: "PowerUp") }
        }
    }

    private func statusPayload(_ evse: Int, _ connector: Int) -> JSONValue {
        ["timestamp": .string(Interpolator.format(Date())), "connectorStatus": "Available", "evseId": .number(JSONNumber(evse)), "connectorId": .number(JSONNumber(connector))]
    }

    private func reply(_ c: Frame.Call, _ payload: JSONValue) async {
        try? await channel?.send(text: Frame.callResult(.init(messageId: c.messageId, payload: payload)).text)
    }

    private func handleCall(_ c: Frame.Call) async {
        if registration == "Rejected" {
            try? await channel?.send(text: Frame.callError(.init(messageId: c.messageId, errorCode: "SecurityError", errorDescription: "not accepted")).text)
            return
        }
        let variable: JSONValue = ["component": ["name": "OCPPCommCtrlr"], "variable": ["name": "OfflineThreshold"]]
        switch c.action {
        case "SetVariables":
            await reply(c, ["setVariableResult": [["attributeStatus": "Accepted", "component": variable["component"]!, "variable": variable["variable"]!]]])
        case "GetVariables":
            await reply(c, ["getVariableResult": [["attributeStatus": "Accepted", "attributeValue": "300", "component": variable["component"]!, "variable": variable["variable"]!]]])
        case "GetBaseReport":
            await reply(c, ["status": "Accepted"])
            let requestId = c.payload["requestId"] ?? 0
            for seq in 0..<2 {
                _ = await send("NotifyReport", ["requestId": requestId, "generatedAt": .string(Interpolator.format(Date())), "seqNo": .number(JSONNumber(seq)), "tbc": .bool(seq == 0)])
            }
        case "RequestStartTransaction":
            await reply(c, ["status": registration == "Pending" ? "Rejected" : "Accepted"])
        case "TriggerMessage":
            await reply(c, ["status": "Accepted"])
            if c.payload["requestedMessage"] == "BootNotification" {
                retryTask?.cancel()
                await sendBoot(reason: "Triggered")
            }
        case "Reset":
            await reply(c, ["status": "Accepted"])
            await reboot()
        default:
            try? await channel?.send(text: Frame.callError(.init(messageId: c.messageId, errorCode: "NotImplemented")).text)
        }
    }
}

/// A small OCPP 2.0.1 CSMS for end-to-end engine tests, over a real WebSocket server.
actor TestCSMS {
    enum Defect: Sendable {
        /// Rejects every station (B01.FR.02).
        case rejectsEveryone
        /// Ignores the operator's request to hold the next station Pending (B02.FR.01).
        case ignoresPendingSetting
    }

    let defects: Set<Defect>
    var nextBootStatus: String?

    init(defects: Set<Defect> = []) {
        self.defects = defects
    }

    func setBootStatus(_ status: String) {
        if !defects.contains(.ignoresPendingSetting) { nextBootStatus = status }
    }

    func serve(_ channel: any MessageChannel) async {
        for await event in channel.events {
            guard case .text(let text, _) = event, case .call(let c)? = try? FrameParser(version: .v201).parse(text) else { continue }
            var payload: JSONValue = [:]
            switch c.action {
            case "BootNotification":
                var status = defects.contains(.rejectsEveryone) ? "Rejected" : "Accepted"
                if let next = nextBootStatus {
                    status = next
                    nextBootStatus = nil
                }
                payload = ["status": .string(status), "currentTime": .string(Interpolator.format(Date())), "interval": 1]
            case "Heartbeat":
                payload = ["currentTime": .string(Interpolator.format(Date()))]
            default:
                payload = [:]
            }
            try? await channel.send(text: Frame.callResult(.init(messageId: c.messageId, payload: payload)).text)
        }
    }
}

/// A thread-safe box for a value set once from a callback.
final class Box<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T?
    func set(_ v: T) { lock.withLock { value = v } }
    var get: T? { lock.withLock { value } }
}

/// Collects results for assertions.
actor ResultRecorder: ResultSink {
    var finished: [CaseResult] = []
    func runStarted(_ run: RunInfo, planned: [CaseInfo]) async {}
    func caseStarted(_ info: CaseInfo) async {}
    func caseFinished(_ result: CaseResult) async { finished.append(result) }
    func runFinished(_ run: RunInfo, results: [CaseResult], interrupted: Bool) async {}
}
