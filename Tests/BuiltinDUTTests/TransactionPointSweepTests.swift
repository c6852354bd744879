import BuiltinDUT
import ConformanceKit
import Testing

/// A case written for the reference station's defaults (TxStartPoint PowerPathClosed, TxStopPoint
/// EVConnected,Authorized) must not fail a correct station configured otherwise: a false failure
/// costs a lab day. Each configuration runs the whole 2.0.1 station library on the correct device.
@Suite("The 2.0.1 station cases under every TxStartPoint and TxStopPoint")
struct TransactionPointSweepTests {
    /// How a real station went through its transactions (issue 29): the power path closes at the
    /// plug-in and the EV draws a moment later (SuspendedEV, then Charging); a local stop
    /// authorization at TxStopPoint PowerPathClosed ends the transaction in one event.
    static let realStationTransactions: [[String]] = [
        ["powerPathClosedAtPlugIn=true"], ["txStopPoint=PowerPathClosed", "endInOneEvent=true"],
    ]


    @Test func noCaseFailsTheCorrectStationUnderAnotherTransactionPoint() async {
        var selftest = Selftest(library: Repository.library, parallelism: 12)
        selftest.concurrentDefects = 2
        let configurations = Selftest.transactionPointSweep + Self.realStationTransactions
        let sweep = await selftest.correctUnder(configurations, version: .v201, role: .chargingStation)
        #expect(sweep.count == configurations.count)
        for (configuration, results) in sweep {
            let passed = results.filter { $0.verdict.kind == .pass }.count
            print("--reference-config \(configuration.joined(separator: " ")): \(passed)/\(results.count) pass")
            #expect(passed > 100, "most cases apply under \(configuration)")
            for r in results where r.verdict.kind != .pass && r.verdict.kind != .notApplicable {
                Issue.record("\(r.info.id) under --reference-config \(configuration.joined(separator: " ")): \(r.verdict.kind.rawValue): \(r.verdict.headline)")
            }
        }
    }
}
