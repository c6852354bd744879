import Foundation
import Testing

/// What `selftest` prints (issue 30 item 15): whole requirements, and only the defects that a
/// selection could detect.
@Suite("selftest output, run as a binary")
struct SelftestOutputTests {
    @Test func listDefectsKeepsEveryColumnWhole() throws {
        let r = try CLI.run(["selftest", "--list-defects"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count > 100)
        for line in lines {
            let fields = line.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            #expect(fields.count >= 4, "columns run together: \(line)")
        }
        let line = try #require(lines.first { $0.hasPrefix("noFallbackCSMSRoot ") })
        #expect(line.contains(" M05.FR.14 / M05.FR.15 / M05.FR.16 / B10.FR.07  "), "\(line)")
    }

    @Test func aBlockSelectionListsOnlyTheDefectsThatRanAgainstIt() throws {
        let r = try CLI.run(["selftest", "--ocpp", "2.0.1", "--role", "cs", "--block", "P"], timeout: .seconds(300))
        #expect(r.status == 0, "\(r.stdout)")
        #expect(!r.stdout.contains("(0 cases ran)"), "\(r.stdout)")
        // Block P's own defect is there and caught.
        #expect(r.stdout.contains("dataTransferAcceptedUnknownVendor"))
        #expect(!r.stdout.contains("bootIgnoresPending"), "a block B defect is not listed for block P")
        #expect(r.stdout.contains(" defect(s) of other blocks were not run against this selection and are not listed; --full runs every defect against every selected case)"))
        // The matrix's requirement column is whole too.
        #expect(r.stdout.contains("Part 4 §4.1.4 "), "\(r.stdout)")
        for line in r.stdout.split(separator: "\n") where line.contains("UNDETECTED") {
            #expect(line.contains("  UNDETECTED"), "\(line)")
        }
    }
}
