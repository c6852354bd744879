import ConformanceKit
import Foundation
import Testing

@testable import ConformanceReports

/// The three writers' output for the sample run, byte for byte. A change in the output shows up as
/// a diff of the files under Golden/; regenerate them on purpose with
/// `UPDATE_GOLDEN=1 swift test --filter ConformanceReportsTests.GoldenTests` and review the diff.
@Suite struct GoldenTests {
    static let folder = ExternalTools.testsFolder.appendingPathComponent("Golden")
    static var updating: Bool { ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" }

    @Test func junit() throws {
        try check("junit.xml", JUnitWriter().render(SampleRun.report))
    }

    @Test func html() throws {
        try check("report.html", HTMLReportWriter().render(SampleRun.report))
    }

    @Test func json() throws {
        try check("results.json", String(decoding: ResultsJSON.encode(SampleRun.report), as: UTF8.self))
    }

    @Test func traceLines() throws {
        try check("trace.jsonl", SampleRun.report.results.map { TraceLines.lines(for: $0) }.joined())
    }

    func check(_ name: String, _ actual: String) throws {
        let file = Self.folder.appendingPathComponent(name)
        if Self.updating {
            try Data(actual.utf8).write(to: file)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        if expected != actual {
            let out = FileManager.default.temporaryDirectory.appendingPathComponent("golden-actual-\(name)")
            try Data(actual.utf8).write(to: out)
            let line = zip(expected.split(separator: "\n", omittingEmptySubsequences: false), actual.split(separator: "\n", omittingEmptySubsequences: false))
                .enumerated().first { $0.element.0 != $0.element.1 }?.offset
            Issue.record("\(name) differs from Golden/\(name) (first at line \((line ?? 0) + 1)); actual output written to \(out.path). Run with UPDATE_GOLDEN=1 to accept it.")
        }
    }
}
