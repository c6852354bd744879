import ConformanceKit
import Foundation
import Testing

@testable import ConformanceReports

@Suite struct ReportSessionTests {
    func read(_ session: ReportSession, _ file: ReportSession.File) throws -> String {
        try String(contentsOf: session.url(of: file), encoding: .utf8)
    }

    @Test func rewritesEveryReportAfterEachCase() async throws {
        let root = try ExternalTools.temporaryFolder("session")
        let folder = ReportSession.runFolder(for: SampleRun.run, under: root)
        #expect(folder.lastPathComponent == "2026-11-25T08-00-00Z")
        let session = try ReportSession(folder: folder, redactor: SampleRun.redactor, hostname: "ci-runner-7")
        await session.runStarted(SampleRun.run, planned: SampleRun.planned)
        #expect(try read(session, .junit).contains(#"tests="0""#))
        #expect(try read(session, .html).contains("No case has finished yet."))
        #expect(try read(session, .trace).isEmpty)

        var lines = 0
        for (i, result) in SampleRun.results.enumerated() {
            await session.caseStarted(result.info)
            await session.caseFinished(result)
            lines += result.trace.count
            let partial = try ResultsJSON.decode(Data(contentsOf: session.url(of: .results)))
            #expect(partial.results.count == i + 1)
            #expect(partial.finished == false)
            #expect(try read(session, .junit).contains("<testsuites name=\"ocppspec 2026-11-25T08-00-00Z\" tests=\"\(i + 1)\""))
            #expect(try read(session, .trace).split(separator: "\n").count == lines)
        }
        await session.runFinished(SampleRun.run, results: SampleRun.results, interrupted: false)
        let final = try ResultsJSON.decode(Data(contentsOf: session.url(of: .results)))
        #expect(final.finished && !final.interrupted)
        #expect(final.results.count == 5)
        // The same bytes a writer makes from the same (redacted) report.
        #expect(try read(session, .junit) == JUnitWriter().render(SampleRun.report))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test func noSecretInAnyFile() async throws {
        let folder = try ExternalTools.temporaryFolder("secrets")
        let session = try ReportSession(folder: folder, redactor: SampleRun.redactor, hostname: "h")
        await session.runStarted(SampleRun.run, planned: SampleRun.planned)
        for result in SampleRun.results { await session.caseFinished(result) }
        await session.runFinished(SampleRun.run, results: SampleRun.results, interrupted: false)
        let base64 = Data("\(SampleRun.basicAuthUser):\(SampleRun.basicAuthPassword)".utf8).base64EncodedString()
        for file in ReportSession.File.allCases {
            let text = try read(session, file)
            #expect(!text.contains(SampleRun.basicAuthPassword), "\(file.rawValue) holds the password")
            #expect(!text.contains(base64), "\(file.rawValue) holds the Basic credentials")
            #expect(!text.contains("MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oC6SLR1XHgBdoAoGCCqGSM49"), "\(file.rawValue) holds the private key")
            #expect(text.contains("[REDACTED]"), "\(file.rawValue) shows no redaction")
        }
    }

    @Test func interruptMarksEveryReport() async throws {
        let folder = try ExternalTools.temporaryFolder("interrupt")
        let session = try ReportSession(folder: folder, hostname: "h")
        await session.runStarted(SampleRun.run, planned: SampleRun.planned)
        await session.caseFinished(SampleRun.pass)
        await session.caseFinished(SampleRun.fail)
        await session.interrupt()
        #expect(try read(session, .junit).contains(#"<property name="interrupted" value="true"/>"#))
        #expect(try read(session, .junit).contains(#"<property name="notRun" value="3"/>"#))
        #expect(try read(session, .html).contains("id=\"interrupted\""))
        let json = try ResultsJSON.decode(Data(contentsOf: session.url(of: .results)))
        #expect(json.interrupted)
        #expect(json.results.count == 2)
        #expect(json.notRun.map(\.id) == ["TC_B_20_CS", "TC_B_45_CS", "TC_E_04_CS"])
    }

    @Test func resultsOnlyInRunFinishedAreKept() async throws {
        let folder = try ExternalTools.temporaryFolder("finish")
        let session = try ReportSession(folder: folder, hostname: "h")
        await session.runStarted(SampleRun.run, planned: SampleRun.planned)
        await session.caseFinished(SampleRun.pass)
        await session.runFinished(SampleRun.run, results: [SampleRun.pass, SampleRun.fail], interrupted: true)
        let json = try ResultsJSON.decode(Data(contentsOf: session.url(of: .results)))
        #expect(json.results.map(\.info.id) == ["TC_B_01_CS", "TC_B_02_CS"])
        #expect(json.interrupted)
    }

    @Test func aWriteProblemIsToldOnceAndDoesNotStopTheRun() async throws {
        let folder = try ExternalTools.temporaryFolder("unwritable")
        let messages = Messages()
        let session = try ReportSession(folder: folder, hostname: "h", onError: { messages.append($0) })
        // The folder disappears and a plain file takes its place: every write must fail.
        try FileManager.default.removeItem(at: folder)
        try Data().write(to: folder)
        await session.runStarted(SampleRun.run, planned: SampleRun.planned)
        await session.caseFinished(SampleRun.pass)
        await session.caseFinished(SampleRun.fail)
        let seen = messages.all
        #expect(!seen.isEmpty)
        #expect(Set(seen).count == seen.count)
        #expect(seen.allSatisfy { $0.hasPrefix("cannot write a report in \(folder.path)") })
    }
}

/// Lines collected from a @Sendable callback.
final class Messages: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func append(_ s: String) { lock.withLock { items.append(s) } }
    var all: [String] { lock.withLock { items } }
    var text: String { all.joined() }
}

@Suite struct ReportSessionSecretTests {
    @Test func secretsAddedDuringTheRunAreRedactedFromThenOn() async throws {
        let folder = try ExternalTools.temporaryFolder("added-secret")
        let session = try ReportSession(folder: folder, hostname: "h")
        await session.runStarted(SampleRun.run, planned: SampleRun.planned)
        await session.addSecrets([SampleRun.basicAuthPassword])
        await session.caseFinished(SampleRun.pass)
        let json = try String(contentsOf: session.url(of: .results), encoding: .utf8)
        #expect(!json.contains(SampleRun.basicAuthPassword))
        #expect(json.contains(#"\"attributeValue\":\"[REDACTED]\""#))
    }
}
