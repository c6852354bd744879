import BuiltinDUT
import ConformanceKit
import Foundation
import Testing

/// A case written for the reference station's defaults (TxStartPoint PowerPathClosed, TxStopPoint
/// EVConnected,Authorized) must not fail a correct station configured otherwise: a false failure
/// costs a lab day. Each configuration runs the 2.0.1 station cases that involve a transaction on
/// the correct device (the others do not depend on the transaction points).
@Suite("The 2.0.1 station cases under every TxStartPoint and TxStopPoint")
struct TransactionPointSweepTests {
    /// How a real station went through its transactions (issue 29): the power path closes at the
    /// plug-in and the EV draws a moment later (SuspendedEV, then Charging); a local stop
    /// authorization at TxStopPoint PowerPathClosed ends the transaction in one event.
    static let realStationTransactions: [[String]] = [
        ["powerPathClosedAtPlugIn=true"], ["txStopPoint=PowerPathClosed", "endInOneEvent=true"],
    ]

    /// The power path closing at the plug-in under every other TxStartPoint the reference station
    /// supports (``Selftest/transactionPointSweep`` and ``Selftest/referenceAlternatives``).
    static let powerPathClosedAtPlugInStartPoints: [[String]] = [
        "Authorized", "EVConnected", "ParkingBayOccupancy", "EnergyTransfer", "ParkingBayOccupancy,EVConnected",
        "Authorized,PowerPathClosed",
    ].map { ["powerPathClosedAtPlugIn=true", "txStartPoint=\($0)"] }
        + [["powerPathClosedAtPlugIn=true", "txStartPoint=DataSigned", "signedMeterValues=true"]]

    /// The states a transaction passes through; a case that names none of them and no
    /// TransactionEvent does not depend on the transaction points.
    static let transactionWords = [
        "TransactionEvent", "Authorized", "EVConnectedPreSession", "EnergyTransferStarted", "StartOfflineTransaction",
        "StopAuthorized", "EVConnectedPostSession", "EVDisconnected", "ParkingBayOccupied",
    ]

    static func transactionCaseIds() -> [String] {
        Repository.library.cases.filter { $0.version == .v201 && $0.dutRole == .chargingStation }.filter { c in
            guard let text = try? String(contentsOfFile: c.location.file, encoding: .utf8) else { return true }
            return transactionWords.contains { text.contains($0) }
        }.map(\.id)
    }

    @Test func noCaseFailsTheCorrectStationUnderAnotherTransactionPoint() async {
        var selftest = Selftest(library: Repository.library, parallelism: 12)
        selftest.concurrentDefects = 2
        selftest.ids = Self.transactionCaseIds()
        #expect(selftest.ids.count > 100, "the transaction cases are found")
        let configurations = Selftest.transactionPointSweep + Self.realStationTransactions + Self.powerPathClosedAtPlugInStartPoints
        let sweep = await selftest.correctUnder(configurations, version: .v201, role: .chargingStation)
        #expect(sweep.count == configurations.count)
        for (configuration, results) in sweep {
            let passed = results.filter { $0.verdict.kind == .pass }.count
            print("--reference-config \(configuration.joined(separator: " ")): \(passed)/\(results.count) pass")
            #expect(passed * 3 > results.count * 2, "most transaction cases apply under \(configuration)")
            for r in results where r.verdict.kind != .pass && r.verdict.kind != .notApplicable {
                Issue.record("\(r.info.id) under --reference-config \(configuration.joined(separator: " ")): \(r.verdict.kind.rawValue): \(r.verdict.headline)")
            }
        }
    }
}
