import ConformanceKit
import Foundation

/// The checkout these tests run in: its root (where Package.swift is) and its case library.
enum Repository {
    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { break }
        }
        return url
    }()

    static let library = CaseLibrary.load(paths: [root.appendingPathComponent("TestCases").path])
}
