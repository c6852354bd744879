import ConformanceKit
import Foundation
import OCPPProtocol
import Testing

/// What the bench keeper learns of a long-lived station from the frames and actions of a run.
@Suite("Bench state")
struct BenchStateTests {
    @Test("1.6: a transaction is open from the StartTransaction answer to the StopTransaction")
    func transactions16() {
        var s = BenchState(version: .v16)
        s.observe(frame: #"[2,"a","StartTransaction",{"connectorId":2,"idTag":"VALID001","meterStart":0,"timestamp":"2026-01-01T00:00:00Z"}]"#, fromDUT: true)
        #expect(s.openTransactions.isEmpty, "no transaction before the CSMS gave it an id")
        s.observe(frame: #"[3,"a",{"transactionId":17,"idTagInfo":{"status":"Accepted"}}]"#, fromDUT: false)
        #expect(s.openTransactions == ["17": 2])
        #expect(s.unmetPreconditions == ["a transaction is still running on connector 2 (transaction 17)"])
        s.observe(frame: #"[2,"b","StopTransaction",{"transactionId":17,"meterStop":10,"timestamp":"2026-01-01T00:01:00Z"}]"#, fromDUT: true)
        #expect(s.openTransactions.isEmpty)
    }

    @Test("2.0.1: Started and Updated open a transaction on their EVSE, Ended closes it")
    func transactions201() {
        var s = BenchState(version: .v201)
        s.observe(frame: #"[2,"a","TransactionEvent",{"eventType":"Started","evse":{"id":1,"connectorId":1},"transactionInfo":{"transactionId":"t1"}}]"#, fromDUT: true)
        s.observe(frame: #"[2,"b","TransactionEvent",{"eventType":"Updated","transactionInfo":{"transactionId":"t1"}}]"#, fromDUT: true)
        #expect(s.openTransactions == ["t1": 1], "a later event without evse keeps the EVSE of the first")
        s.observe(frame: #"[2,"c","TransactionEvent",{"eventType":"Ended","transactionInfo":{"transactionId":"t1"}}]"#, fromDUT: true)
        #expect(s.openTransactions.isEmpty)
    }

    @Test("Connector status and the physical actions the harness performed")
    func statusAndActions() {
        var s = BenchState(version: .v201)
        s.observe(frame: #"[2,"a","StatusNotification",{"timestamp":"2026-01-01T00:00:00Z","connectorStatus":"Occupied","evseId":1,"connectorId":1}]"#, fromDUT: true)
        s.observe(action: "plugIn", arguments: ["evse": 1, "connector": 1])
        s.observe(action: "goOffline", arguments: [:])
        #expect(s.unmetPreconditions == [
            "the station was taken off the network (goOffline) and not brought back",
            "the EV cable is still plugged in at EVSE 1 connector 1",
            "EVSE 1 connector 1 reports Occupied, not Available",
        ])
        s.observe(action: "goOnline", arguments: [:])
        s.observe(action: "unplug", arguments: ["evse": 1, "connector": 1])
        s.observe(frame: #"[2,"b","StatusNotification",{"timestamp":"2026-01-01T00:00:00Z","connectorStatus":"Available","evseId":1,"connectorId":1}]"#, fromDUT: true)
        #expect(s.unmetPreconditions.isEmpty)
    }

    @Test("Reservations, display messages and charging profiles the station accepted")
    func leftovers() {
        var s = BenchState(version: .v201)
        s.observe(frame: #"[2,"r1","ReserveNow",{"id":5,"expiryDateTime":"2026-01-01T01:00:00Z","idToken":{"idToken":"A","type":"ISO14443"}}]"#, fromDUT: false)
        s.observe(frame: #"[3,"r1",{"status":"Accepted"}]"#, fromDUT: true)
        s.observe(frame: #"[2,"d1","SetDisplayMessage",{"message":{"id":9,"priority":"NormalCycle","message":{"format":"ASCII","content":"hi"}}}]"#, fromDUT: false)
        s.observe(frame: #"[3,"d1",{"status":"Accepted"}]"#, fromDUT: true)
        s.observe(frame: #"[2,"p1","SetChargingProfile",{"evseId":0,"chargingProfile":{}}]"#, fromDUT: false)
        s.observe(frame: #"[3,"p1",{"status":"Rejected"}]"#, fromDUT: true)
        #expect(s.reservations == [5])
        #expect(s.displayMessages == [9])
        #expect(!s.chargingProfilesSet, "a rejected profile is not on the station")
        s.observe(frame: #"[2,"c1","CancelReservation",{"reservationId":5}]"#, fromDUT: false)
        s.observe(frame: #"[3,"c1",{"status":"Accepted"}]"#, fromDUT: true)
        #expect(s.reservations.isEmpty)
    }

    @Test("CSMS under test: the last boot answer and a boot status the operator configured")
    func bootStatus() {
        var s = BenchState(version: .v201)
        s.observe(action: "setBootStatus", arguments: ["status": "Pending"])
        s.observe(frame: #"[2,"b1","BootNotification",{"reason":"PowerUp","chargingStation":{"model":"M","vendorName":"V"}}]"#, fromDUT: false)
        s.observe(frame: #"[3,"b1",{"status":"Pending","currentTime":"2026-01-01T00:00:00Z","interval":5}]"#, fromDUT: true)
        #expect(s.bootStatus == "Pending")
        #expect(s.configuredBootStatus == "Pending")
        s.observe(action: "setBootStatus", arguments: ["status": "Accepted"])
        #expect(s.configuredBootStatus == nil)
    }
}

extension BenchStateTests {
    @Test("A status the station queued while offline and delivers late does not overwrite a newer one")
    func lateQueuedStatus() {
        var s = BenchState(version: .v201)
        s.observe(frame: #"[2,"a","StatusNotification",{"timestamp":"2026-01-01T00:00:10Z","connectorStatus":"Available","evseId":1,"connectorId":1}]"#, fromDUT: true)
        s.observe(frame: #"[2,"b","StatusNotification",{"timestamp":"2026-01-01T00:00:05Z","connectorStatus":"Occupied","evseId":1,"connectorId":1}]"#, fromDUT: true)
        #expect(s.connectorStatus[.init(evse: 1, connector: 1)] == "Available")
        s.observe(frame: #"[2,"c","StatusNotification",{"timestamp":"2026-01-01T00:00:20Z","connectorStatus":"Occupied","evseId":1,"connectorId":1}]"#, fromDUT: true)
        #expect(s.connectorStatus[.init(evse: 1, connector: 1)] == "Occupied")
    }
}
