import Foundation
import Testing
@testable import ConformanceKit
import OCPPProtocol

/// A selection that matches nothing, or needs a case file that does not load, is a usage error
/// with a useful message, never a run of zero cases that passes (issue 30 item 1).
@Suite("Selection: nothing matched, files that do not load")
struct SelectionDiagnosisTests {
    static var cases: [TestCase] { EndToEndTests.library.cases }

    @Test func anUnknownIdNamesTheNearestIds() {
        let selection = Selection(versions: [.v201], roles: [.chargingStation], ids: ["TC_B_01_C"])
        #expect(!Self.cases.contains { selection.includes($0) })
        let message = selection.noMatchMessage(in: Self.cases)
        #expect(message.hasPrefix("no case matches ocpp 2.0.1; role ChargingStation; ids TC_B_01_C. No id matches \"TC_B_01_C\"; nearest: TC_B_01_CS"), "\(message)")
    }

    @Test func anUnknownBlockNamesTheNearestBlocks() {
        let selection = Selection(versions: [.v201], roles: [.chargingStation], blocks: ["Z"])
        let message = selection.noMatchMessage(in: Self.cases)
        #expect(message.contains("No block \"Z\"; nearest: "), "\(message)")
        #expect(message.contains("B Provisioning"), "\(message)")
    }

    @Test func aVersionWithoutCasesSaysSo() {
        let message = Selection(versions: [.v21], roles: [.csms]).noMatchMessage(in: Self.cases)
        #expect(message == "no case matches ocpp 2.1; role CSMS. The case library has no case of ocpp 2.1; role CSMS.")
    }

    @Test func aFileThatDoesNotLoadBlocksTheSelectionItBelongsTo() {
        let file = "/x/TestCases/ocpp2.0.1/ChargingStation/B_Provisioning/TC_B_09_CS.yaml"
        let broken = CaseLibrary.RejectedFile(file: file, testCase: nil, isState: false)
        #expect(Selection(ids: ["TC_B_09_CS"]).mayInclude(broken, givenFiles: []))
        #expect(Selection(blocks: ["B"]).mayInclude(broken, givenFiles: []))
        #expect(Selection(versions: [.v201], roles: [.chargingStation]).mayInclude(broken, givenFiles: []))
        #expect(!Selection(ids: ["TC_B_01_CS"]).mayInclude(broken, givenFiles: []))
        #expect(!Selection(versions: [.v16]).mayInclude(broken, givenFiles: []))
        #expect(!Selection(roles: [.csms]).mayInclude(broken, givenFiles: []))
        #expect(!Selection(blocks: ["E"]).mayInclude(broken, givenFiles: []))
        // Given by path, it belongs whatever its name.
        let variant = CaseLibrary.RejectedFile(file: "variants/TC_B_09_CS.yaml", testCase: nil, isState: false)
        #expect(Selection(ids: ["TC_B_01_CS"]).mayInclude(variant, givenFiles: [URL(fileURLWithPath: "variants/TC_B_09_CS.yaml").standardizedFileURL.path]))
        // A reusable state of a selected version may be used by any of its cases.
        let state = CaseLibrary.RejectedFile(file: "/x/TestCases/ocpp2.0.1/states/Booted.yaml", testCase: nil, isState: true)
        #expect(Selection(versions: [.v201], ids: ["TC_B_01_CS"]).mayInclude(state, givenFiles: []))
        #expect(!Selection(versions: [.v16]).mayInclude(state, givenFiles: []))
    }

    @Test func theLibraryRecordsWhatDidNotLoad() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ocppspec-rejected-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("TC_B_09_CS.yaml")
        try """
            id: TC_B_09_CS
            name: Broken
            ocpp: "2.0.1"
            block: B Provisioning
            purpose: test
            comment: not a key of a case
            steps:
              - receive: BootNotification
            """.write(to: file, atomically: true, encoding: .utf8)
        let library = CaseLibrary.load(paths: [file.path, folder.appendingPathComponent("missing.yaml").path])
        #expect(library.cases.isEmpty)
        #expect(library.rejected.map { ($0.file as NSString).lastPathComponent }.sorted() == ["TC_B_09_CS.yaml", "missing.yaml"])
        let rejected = try #require(library.rejected.first { $0.file == file.path })
        #expect(Selection(ids: ["TC_B_09_CS"]).mayInclude(rejected, givenFiles: []))
    }
}
