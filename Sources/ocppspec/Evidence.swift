import ConformanceKit
import Crypto
import Foundation
import OCPPProtocol

/// What makes a report evidence: the DUT's claims, the harness's commit and a digest of the case
/// files that produced the verdicts.
enum Evidence {
    /// The ocppspec commit the binary was built from (the GitCommit build plugin writes
    /// `gitCommit`); nil when the build had no git repository to ask.
    static var commit: String? { gitCommit }

    /// `--version`: the version and the commit.
    static var versionLine: String {
        "\(OCPPSpec.harnessVersion) (\(commit.map { "commit \($0)" } ?? "unknown commit"))"
    }

    /// SHA-256 over `files`, sorted by their path relative to the case folder they are in
    /// (`roots`): for each, the relative path, a NUL, the content, a NUL. Returns the digest and
    /// how many files it covers.
    static func digest(files: [String], roots: [String]) -> (sha256: String, count: Int) {
        let rootPaths = roots.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        func relative(_ file: String) -> String {
            let path = URL(fileURLWithPath: file).standardizedFileURL.path
            for root in rootPaths where path.hasPrefix(root + "/") { return String(path.dropFirst(root.count + 1)) }
            return (path as NSString).lastPathComponent
        }
        let named = Set(files).map { (relative($0), $0) }.sorted { $0.0 < $1.0 }
        var hasher = SHA256()
        for (name, file) in named {
            hasher.update(data: Data(name.utf8))
            hasher.update(data: Data([0]))
            hasher.update(data: (try? Data(contentsOf: URL(fileURLWithPath: file))) ?? Data())
            hasher.update(data: Data([0]))
        }
        return (hasher.finalize().map { String(format: "%02x", $0) }.joined(), named.count)
    }

    static func sha256Hex(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// The files of a run: the planned cases' files and every reusable state file of their
    /// versions and roles (what a case's `given` can reach).
    static func files(of cases: [TestCase], states: StateLibrary) -> [String] {
        let scopes = Set(cases.map { "\($0.version.rawValue)/\($0.dutRole.rawValue)" })
        let stateFiles = states.states.values.filter { scopes.contains("\($0.version.rawValue)/\($0.dutRole.rawValue)") }.map(\.location.file)
        return cases.map(\.location.file) + stateFiles
    }

    /// `info` with the harness commit and the digest of the run's case files filled in.
    static func record(_ info: RunInfo, cases: [TestCase], library: CaseLibrary, roots: [String], profile: DUTProfile?) -> RunInfo {
        var info = info
        info.harnessCommit = commit
        let d = digest(files: files(of: cases, states: library.states), roots: roots)
        info.casesSHA256 = d.sha256
        info.caseFileCount = d.count
        info.dutClaims = profile?.reportClaims
        return info
    }
}
