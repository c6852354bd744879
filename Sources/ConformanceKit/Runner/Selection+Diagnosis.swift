import Foundation
import OCPPProtocol

extension Selection {
    /// Why a selection that matches none of `cases` is wrong, with the nearest ids and the blocks
    /// and profiles there are, for a usage error ("no case matches …").
    public func noMatchMessage(in cases: [TestCase]) -> String {
        var lines = ["no case matches \(description)."]
        // What the version and role criteria leave, to suggest from.
        var scope = self
        scope.blocks = []
        scope.profiles = []
        scope.ids = []
        let inScope = cases.filter { scope.includes($0) }
        if inScope.isEmpty {
            lines.append(cases.isEmpty ? "The case library is empty (check --cases)." : "The case library has no case of \(scope.description).")
            return lines.joined(separator: " ")
        }
        for pattern in ids where !inScope.contains(where: { Self.glob(pattern, matches: $0.id) }) {
            let nearest = Self.nearest(to: pattern, among: inScope.map(\.id), count: 3)
            lines.append("No id matches \"\(pattern)\"; nearest: \(nearest.joined(separator: ", ")).")
        }
        if !blocks.isEmpty {
            // Named in full ("B Provisioning"), nearest by its letter or its name.
            var names: [String: String] = [:]
            for c in inScope where names[c.blockName] == nil { names[c.blockName] = c.block }
            let unknown = blocks.filter { b in !inScope.contains { $0.block.caseInsensitiveCompare(b) == .orderedSame || $0.blockName == b } }
            if !unknown.isEmpty {
                let key = unknown[0].lowercased()
                let scored = names.map { (name: $0.key, score: min(Self.distance(key, $0.key.lowercased()), Self.distance(key, $0.value.lowercased()))) }
                let nearest = scored.sorted { a, b in a.score != b.score ? a.score < b.score : a.name < b.name }.prefix(5).map(\.name)
                lines.append("No block \(unknown.map { "\"\($0)\"" }.joined(separator: ", ")); nearest: \(nearest.joined(separator: ", ")).")
            }
        }
        if !profiles.isEmpty {
            var names: [String] = []
            for c in inScope { for p in c.profiles where !names.contains(p) { names.append(p) } }
            lines.append("Certification profiles of these cases: \(names.sorted().joined(separator: ", ")).")
        }
        if lines.count == 1 { lines.append("No case meets all the criteria together; `ocppspec list` with fewer of them shows what there is.") }
        return lines.joined(separator: " ")
    }

    /// Whether a file that did not load could belong to this selection, judged by what was read of
    /// it, else by its path (`…/ocpp2.0.1/ChargingStation/B_Provisioning/TC_B_09_CS.yaml`): a file
    /// given by path, a reusable state of a selected version, or a case whose version, role, block
    /// and id could be selected. Such a file makes the run an error, never silently a shorter run.
    public func mayInclude(_ rejected: CaseLibrary.RejectedFile, givenFiles: Set<String>) -> Bool {
        let path = URL(fileURLWithPath: rejected.file).standardizedFileURL.path
        if givenFiles.contains(path) { return true }
        if let c = rejected.testCase, !rejected.isState { return includes(c) }
        let components = path.split(separator: "/").map(String.init)
        if !versions.isEmpty, let version = components.lazy.compactMap(Self.version(ofFolder:)).first, !versions.contains(version) { return false }
        if rejected.isState || components.contains("states") { return true }
        if !roles.isEmpty, let role = components.lazy.compactMap(Self.role(ofFolder:)).first, !roles.contains(role) { return false }
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        if !ids.isEmpty, !ids.contains(where: { Self.glob($0, matches: stem) }) { return false }
        if !blocks.isEmpty, components.count >= 2 {
            let folder = components[components.count - 2].lowercased()
            let matches = blocks.contains { b in
                let b = b.lowercased()
                return folder == b || folder.hasPrefix(b + "_") || folder == b.replacingOccurrences(of: " ", with: "_")
            }
            // A folder that names no block says nothing; one that names another block excludes.
            if !matches, Self.role(ofFolder: components[components.count - 2]) == nil, Self.version(ofFolder: components[components.count - 2]) == nil { return false }
        }
        return true
    }

    static func version(ofFolder name: String) -> OCPPVersion? {
        guard name.hasPrefix("ocpp") else { return nil }
        return OCPPVersion(loose: String(name.dropFirst(4)))
    }

    static func role(ofFolder name: String) -> OCPPRole? {
        switch name {
        case "ChargingStation", "ChargePoint": .chargingStation
        case "CSMS", "CentralSystem": .csms
        default: nil
        }
    }

    /// The `count` candidates closest to `text` (edit distance, ignoring case and wildcards).
    static func nearest(to text: String, among candidates: [String], count: Int) -> [String] {
        let key = text.replacingOccurrences(of: "*", with: "").replacingOccurrences(of: "?", with: "").lowercased()
        let scored: [(name: String, score: Int)] = candidates.map { (name: $0, score: distance(key, $0.lowercased())) }
        let sorted = scored.sorted { a, b in a.score != b.score ? a.score < b.score : a.name < b.name }
        return sorted.prefix(count).map { $0.name }
    }

    static func distance(_ a: String, _ b: String) -> Int { EditDistance.between(a, b) }
}
