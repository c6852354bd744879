import ConformanceKit
import Foundation
import Testing

@testable import ConformanceReports

/// A run stopped half way by SIGINT or SIGTERM leaves valid partial reports with every finished
/// case, marked interrupted, and exits 130 or 143. The run is the ReportsSignalProbe executable.
@Suite struct SignalProbeTests {
    static var probeUsable: Bool { ExternalTools.signalProbe != nil || ExternalTools.isCI }

    @Test(.enabled(if: probeUsable, "ReportsSignalProbe is not built: run swift build --product ReportsSignalProbe"),
          arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
    func signalHalfWayLeavesValidPartialReports(signal: Int32, status: Int32) async throws {
        let probe = try ExternalTools.require(ExternalTools.signalProbe, "ReportsSignalProbe", hint: "not built: run swift build --product ReportsSignalProbe")
        let folder = try ExternalTools.temporaryFolder("probe-\(signal)").appendingPathComponent("run-1")
        let planned = 20
        let waitFor = 4

        let process = Process()
        process.executableURL = URL(fileURLWithPath: probe)
        process.arguments = [folder.path, String(planned), "250"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        let seen = Messages()
        out.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if !data.isEmpty { seen.append(String(decoding: data, as: UTF8.self)) }
        }
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while !seen.text.contains("reported \(waitFor)\n") {
            if Date() > deadline || !process.isRunning {
                process.terminate()
                Issue.record("the probe did not report \(waitFor) cases in time; it printed: \(seen.text)")
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        kill(process.processIdentifier, signal)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                Issue.record("the probe did not stop after the signal")
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        out.fileHandleForReading.readabilityHandler = nil
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == status)

        let report = try ResultsJSON.decode(Data(contentsOf: folder.appendingPathComponent("results.json")))
        let finished = report.results.count
        #expect(finished >= waitFor && finished < planned, "\(finished) cases finished")
        #expect(report.interrupted)
        #expect(report.notRun.count == planned - finished)

        // The case that was running when the signal came is an error "interrupted" without frames.
        let ran = report.results.filter { !$0.verdict.reason.hasPrefix("interrupted:") }.count
        #expect(finished - ran <= 1)
        let junit = try String(contentsOf: folder.appendingPathComponent("junit.xml"), encoding: .utf8)
        // Every planned case is in the JUnit, the ones not reached as skipped "not run".
        #expect(junit.components(separatedBy: "<testcase ").count - 1 == planned)
        #expect(junit.components(separatedBy: #"type="notRun""#).count - 1 == planned - finished)
        #expect(junit.contains(#"<property name="interrupted" value="true"/>"#))
        let html = try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("id=\"interrupted\""))
        #expect(html.hasSuffix("</html>\n"))
        #expect(html.components(separatedBy: "<svg class=\"seq\"").count - 1 == finished)
        let trace = try String(contentsOf: folder.appendingPathComponent("trace.jsonl"), encoding: .utf8)
        #expect(trace.split(separator: "\n").count == 3 * ran)
        for file in ReportSession.File.allCases {
            let text = try String(contentsOf: folder.appendingPathComponent(file.rawValue), encoding: .utf8)
            #expect(!text.contains("probe-secret"), "\(file.rawValue) holds the probe's secret")
        }

        if ExternalTools.runXmllint {
            let xmllint = try ExternalTools.require(ExternalTools.xmllint, "xmllint", hint: ExternalTools.setupSystemHint)
            let result = try ExternalTools.run(xmllint, ["--noout", "--schema", ExternalTools.xsd.path, folder.appendingPathComponent("junit.xml").path])
            #expect(result.status == 0, "xmllint rejected the partial junit.xml: \(result.stderr)")
        }
    }
}
