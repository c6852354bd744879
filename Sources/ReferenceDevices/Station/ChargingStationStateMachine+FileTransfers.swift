import Foundation
import OCPPProtocol

/// A log upload (N01) or a firmware update (L01) the station is busy with, and the status it
/// reports for it (LogStatusNotification / FirmwareStatusNotification).
struct FileTransferState: Sendable {
    var requestId: Int
    var status: String
    /// UpdateFirmware carried a signature: the station reports SignatureVerified after the download.
    var signed = false
}

/// GetLog (N01) and UpdateFirmware (L01) as a simulation: nothing is transferred, but the upload or
/// download takes `fileTransferDuration` seconds, so that a CSMS (or a TriggerMessage case, F06)
/// sees the station in the Uploading / Downloading state for a while.
extension ChargingStationStateMachine {
    mutating func getLog(_ p: JSONValue, now: Date) -> Reply {
        let requestId = p["requestId"]?.intValue ?? 0
        // A new request cancels the upload in progress (AcceptedCanceled).
        let canceled = logUpload != nil
        if let running = logUpload {
            enqueue("LogStatusNotification", .object(["status": "AcceptedCanceled", "requestId": .int(running.requestId)]))
        }
        logUpload = FileTransferState(requestId: requestId, status: "Uploading")
        enqueue("LogStatusNotification", .object(["status": "Uploading", "requestId": .int(requestId)]))
        actions.append(.startTimer(.logUpload, after: .seconds(max(configuration.fileTransferDuration, 1))))
        let type = p.text("logType") == "SecurityLog" ? "security" : "diagnostics"
        return .result(.object([
            "status": .string(canceled ? "AcceptedCanceled" : "Accepted"),
            "filename": .string("\(configuration.stationId)-\(type)-\(requestId).log"),
        ]))
    }

    mutating func logUploadProgressed(now: Date) {
        guard let upload = logUpload else { return }
        logUpload = nil
        enqueue("LogStatusNotification", .object(["status": "Uploaded", "requestId": .int(upload.requestId)]))
    }

    mutating func updateFirmware(_ p: JSONValue, now: Date) -> Reply {
        let requestId = p["requestId"]?.intValue ?? 0
        let firmware = p["firmware"] ?? .object(JSONObject())
        let canceled = firmwareUpdate != nil
        let retrieve = firmware.text("retrieveDateTime").flatMap(OCPPDateTime.date) ?? now
        firmwareUpdate = FileTransferState(requestId: requestId, status: "Downloading", signed: firmware.text("signature") != nil)
        if retrieve > now {
            // The download waits for retrieveDateTime.
            firmwareUpdate?.status = "DownloadScheduled"
            enqueue("FirmwareStatusNotification", .object(["status": "DownloadScheduled", "requestId": .int(requestId)]))
            actions.append(.startTimer(.firmwareUpdate, after: .seconds(fractional: retrieve.timeIntervalSince(now))))
        } else {
            enqueue("FirmwareStatusNotification", .object(["status": "Downloading", "requestId": .int(requestId)]))
            actions.append(.startTimer(.firmwareUpdate, after: .seconds(max(configuration.fileTransferDuration, 1))))
        }
        return status201(canceled ? "AcceptedCanceled" : "Accepted")
    }

    /// The next stage of the firmware update: Downloading → Downloaded → (SignatureVerified) →
    /// Installing → Installed, one second apart after the download; then the station is Idle again.
    mutating func firmwareUpdateProgressed(now: Date) {
        guard var update = firmwareUpdate else { return }
        let next: String? = switch update.status {
        case "DownloadScheduled": "Downloading"
        case "Downloading": "Downloaded"
        case "Downloaded": update.signed ? "SignatureVerified" : "Installing"
        case "SignatureVerified": "Installing"
        case "Installing": "Installed"
        default: nil
        }
        guard let next else {
            firmwareUpdate = nil
            return
        }
        update.status = next
        firmwareUpdate = next == "Installed" ? nil : update
        enqueue("FirmwareStatusNotification", .object(["status": .string(next), "requestId": .int(update.requestId)]))
        if next != "Installed" {
            let wait = next == "Downloading" ? max(configuration.fileTransferDuration, 1) : 1
            actions.append(.startTimer(.firmwareUpdate, after: .seconds(wait)))
        }
    }

    private func status201(_ s: String) -> Reply { .result(.object(["status": .string(s)])) }
}
