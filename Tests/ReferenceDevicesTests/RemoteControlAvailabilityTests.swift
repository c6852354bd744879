import Foundation
import OCPPProtocol
import Testing

@testable import ReferenceDevices

/// The station features added for blocks F and G: the simulated log upload and firmware update
/// (reported on TriggerMessage, F06), the plug retention lock (G05) and a station-wide Inoperative
/// scheduled behind a transaction (G04).
@Suite("Reference station: remote control and availability (F, G)")
struct RemoteControlAvailabilityTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    /// A station value that talks to a CSMS answering every CALL at once.
    struct Harness {
        var machine: ChargingStationStateMachine
        var calls: [Frame.Call] = []
        var results: [JSONValue] = []
        var timers: [StationTimer] = []

        init(_ configuration: ChargingStationConfiguration, now: Date) {
            machine = ChargingStationStateMachine(configuration: configuration)
            _ = machine.powerOn()
            absorb(machine.connected(now: now), now: now)
        }

        mutating func absorb(_ actions: [StationAction], now: Date) {
            var pending = actions
            while !pending.isEmpty {
                var next: [StationAction] = []
                for action in pending {
                    switch action {
                    case .send(let text):
                        guard let frame = try? FrameParser(version: .v201).parse(text) else { continue }
                        if case .call(let call) = frame {
                            calls.append(call)
                            let payload: JSONValue = switch call.action {
                            case "BootNotification": ["status": "Accepted", "interval": 300, "currentTime": "2023-11-14T22:13:20Z"]
                            case "Authorize": ["idTokenInfo": ["status": "Accepted"]]
                            default: .object(JSONObject())
                            }
                            next += machine.frameReceived(Frame.callResult(Frame.CallResult(messageId: call.messageId, payload: payload)).text, now: now)
                        } else if case .callResult(let result) = frame {
                            results.append(result.payload)
                        }
                    case .startTimer(let timer, _):
                        timers.append(timer)
                    default:
                        break
                    }
                }
                pending = next
            }
        }

        /// Sends a CALL from the CSMS; returns the station's answer.
        mutating func request(_ action: String, _ payload: JSONValue, now: Date) -> JSONValue? {
            let before = results.count
            absorb(machine.frameReceived(Frame.call(Frame.Call(messageId: "csms-\(calls.count)-\(results.count)", action: action, payload: payload)).text, now: now), now: now)
            return results.count > before ? results[before] : nil
        }

        mutating func fire(_ timer: StationTimer, now: Date) {
            absorb(machine.timerFired(timer, now: now), now: now)
        }

        func sent(_ action: String) -> [JSONValue] { calls.filter { $0.action == action }.map(\.payload) }
    }

    @Test("GetLog: Uploading until the upload is done; a trigger meanwhile reports Uploading, afterwards Idle (TC_F_15/16_CS)")
    func logUpload() throws {
        var h = Harness(ChargingStationConfiguration(), now: now)
        let answer = h.request("GetLog", ["logType": "DiagnosticsLog", "requestId": 7, "log": ["remoteLocation": "https://example.com/"]], now: now)
        #expect(answer?.text("status") == "Accepted")
        #expect(h.sent("LogStatusNotification").last == ["status": "Uploading", "requestId": 7])
        #expect(h.request("TriggerMessage", ["requestedMessage": "LogStatusNotification"], now: now)?.text("status") == "Accepted")
        #expect(h.sent("LogStatusNotification").last == ["status": "Uploading", "requestId": 7])
        h.fire(.logUpload, now: now.addingTimeInterval(10))
        #expect(h.sent("LogStatusNotification").last == ["status": "Uploaded", "requestId": 7])
        _ = h.request("TriggerMessage", ["requestedMessage": "LogStatusNotification"], now: now)
        #expect(h.sent("LogStatusNotification").last == ["status": "Idle"])
    }

    @Test("UpdateFirmware: Downloading, then Downloaded, SignatureVerified, Installing, Installed; a trigger while downloading says Downloading (TC_F_19_CS)")
    func firmwareUpdate() throws {
        var h = Harness(ChargingStationConfiguration(), now: now)
        let firmware: JSONValue = ["location": "https://example.com/fw.bin", "retrieveDateTime": "2023-11-14T20:13:20Z", "signature": "c2ln"]
        #expect(h.request("UpdateFirmware", ["requestId": 3, "firmware": firmware], now: now)?.text("status") == "Accepted")
        _ = h.request("TriggerMessage", ["requestedMessage": "FirmwareStatusNotification"], now: now)
        #expect(h.sent("FirmwareStatusNotification").map { $0.text("status") } == ["Downloading", "Downloading"])
        for step in 1...4 { h.fire(.firmwareUpdate, now: now.addingTimeInterval(Double(10 + step))) }
        #expect(h.sent("FirmwareStatusNotification").compactMap { $0.text("status") }.suffix(4) == ["Downloaded", "SignatureVerified", "Installing", "Installed"])
        _ = h.request("TriggerMessage", ["requestedMessage": "FirmwareStatusNotification"], now: now)
        #expect(h.sent("FirmwareStatusNotification").last == ["status": "Idle"])
    }

    @Test("A plug that cannot lock: no transaction with TxStartPoint PowerPathClosed, one NotifyEvent Problem true (TC_G_20_CS)")
    func connectorLockFailure() throws {
        var h = Harness(ChargingStationConfiguration(), now: now)
        var (actions, _) = try h.machine.preventConnectorLock(evse: 1, connector: 1, now: now)
        h.absorb(actions, now: now)
        (actions, _) = try h.machine.plugIn(evse: 1, connector: 1, now: now)
        h.absorb(actions, now: now)
        (actions, _) = try h.machine.presentIdToken(IdToken("VALID001"), evse: 1, now: now)
        h.absorb(actions, now: now)
        #expect(h.sent("TransactionEvent").isEmpty)
        let events = h.sent("NotifyEvent").compactMap { $0["eventData"]?.arrayValue?.first }
        #expect(events.count == 1)
        #expect(events.first?["component"]?.text("name") == "ConnectorPlugRetentionLock")
        #expect(events.first?["variable"]?.text("name") == "Problem")
        #expect(events.first?.text("actualValue") == "true")
    }

    @Test("Station-wide Inoperative during a transaction: Scheduled, the idle EVSE turns Unavailable at once (TC_G_14_CS)")
    func scheduledStationInoperative() throws {
        var configuration = ChargingStationConfiguration()
        configuration.evses = [1, 1]
        var h = Harness(configuration, now: now)
        var (actions, _) = try h.machine.plugIn(evse: 1, connector: 1, now: now)
        h.absorb(actions, now: now)
        (actions, _) = try h.machine.presentIdToken(IdToken("VALID001"), evse: 1, now: now)
        h.absorb(actions, now: now)
        #expect(h.sent("TransactionEvent").first?.text("eventType") == "Started")
        #expect(h.request("ChangeAvailability", ["operationalStatus": "Inoperative"], now: now)?.text("status") == "Scheduled")
        let unavailable = h.sent("StatusNotification").filter { $0.text("connectorStatus") == "Unavailable" }
        #expect(unavailable.map { $0["evseId"]?.intValue } == [2])
    }
}
