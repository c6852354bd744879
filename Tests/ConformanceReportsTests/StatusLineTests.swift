import ConformanceKit
import Foundation
import Synchronization
import Testing

@testable import ConformanceReports

/// The live status line (issue 30 item 8): a running case shows its step and what happened last,
/// rewritten in place, and is gone before the next finished-case line is printed.
@Suite struct StatusLineTests {
    final class Capture: Sendable {
        let text = Mutex("")
        func append(_ s: String) { text.withLock { $0 += s } }
    }

    @Test func aRunningCaseShowsItsStepAndLastEventThenClears() async {
        let capture = Capture()
        let console = ConsoleReporter(options: .init(color: .never, statusLine: true), output: { capture.append($0) })
        await console.runStarted(SampleRun.run, planned: SampleRun.planned)
        let info = SampleRun.planned[0]
        await console.caseStarted(info)
        await console.traceRecorded(
            TraceEntry(kind: .fromDUT, offset: .seconds(2), timestamp: Date(), text: "[2,\"1\",\"StatusNotification\",{}]", summary: "StatusNotification Preparing", step: 3),
            in: info)
        let status = await console.statusText()
        #expect(status?.contains("running \(info.id)") == true, "\(status ?? "nil")")
        #expect(status?.contains("step 3") == true && status?.contains("StatusNotification Preparing") == true, "\(status ?? "nil")")
        #expect(capture.text.withLock { $0 }.hasSuffix(status ?? "-"))
        await console.caseFinished(SampleRun.results[0])
        #expect(await console.statusText() == nil)
        let text = capture.text.withLock { $0 }
        // The status line was erased ("\r" + erase line) before the case's result line.
        let erase = "\r\u{1B}[K"
        #expect(text.contains(erase + "[1/"), "\(text.debugDescription)")
    }

    @Test func noStatusLineUnlessAsked() async {
        let capture = Capture()
        let console = ConsoleReporter(options: .init(color: .never), output: { capture.append($0) })
        await console.runStarted(SampleRun.run, planned: SampleRun.planned)
        await console.caseStarted(SampleRun.planned[0])
        #expect(!capture.text.withLock { $0 }.contains("\r"))
    }
}
