import Foundation
import Testing

/// The README a new user starts from (issue 30 item 14): its links stay inside the repository and
/// lead to files that exist, and its two commands are the ones CI runs.
@Suite("README links and commands")
struct ReadmeTests {
    static func relativeLinks(in file: URL) throws -> [String] {
        let text = try String(contentsOf: file, encoding: .utf8)
        let regex = try NSRegularExpression(pattern: #"\]\(([^)#\s]+)(#[^)]*)?\)"#)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { m in
            Range(m.range(at: 1), in: text).map { String(text[$0]) }
        }.filter { !$0.contains("://") && !$0.hasPrefix("mailto:") }
    }

    @Test(arguments: ["README.md", "docs/DESIGN.md", "ci/README.md"])
    func linksStayInTheRepositoryAndExist(file: String) throws {
        let root = CLI.repositoryRoot.standardizedFileURL
        let url = root.appendingPathComponent(file)
        let links = try Self.relativeLinks(in: url)
        if file != "ci/README.md" { #expect(!links.isEmpty) }
        for link in links {
            let target = url.deletingLastPathComponent().appendingPathComponent(link).standardizedFileURL
            #expect(target.path.hasPrefix(root.path + "/"), "\(file): \(link) leaves the repository")
            #expect(FileManager.default.fileExists(atPath: target.path), "\(file): \(link) does not exist")
        }
    }

    @Test func theTwoCommandsAreTheOnesCIRuns() throws {
        let readme = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("```sh\nswift run ocppspec demo\n```"))
        #expect(readme.contains("```sh\nbash scripts/setup.sh && swift test --no-parallel\n```"))
        let ci = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent(".ci/run"), encoding: .utf8)
        #expect(ci.contains("bash scripts/setup.sh && swift test --no-parallel"))
        #expect(readme.contains("Swift 6 toolchain") && readme.contains("apt-get"))
    }
}
