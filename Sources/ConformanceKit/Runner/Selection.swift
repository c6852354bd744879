import Foundation
import OCPPProtocol

/// Which cases a run or listing covers: by version, role under test, block, certification
/// profile, and ids or globs (`TC_B_0*`), less the excluded ids or globs. Empty criteria select
/// everything.
public struct Selection: Sendable, CustomStringConvertible {
    public var versions: [OCPPVersion]
    public var roles: [OCPPRole]
    public var blocks: [String]
    public var profiles: [String]
    public var ids: [String]
    /// Ids or globs left out even when the other criteria select them (`run --exclude`).
    public var excluded: [String]

    public init(versions: [OCPPVersion] = [], roles: [OCPPRole] = [], blocks: [String] = [], profiles: [String] = [], ids: [String] = [], excluded: [String] = []) {
        self.versions = versions
        self.roles = roles
        self.blocks = blocks
        self.profiles = profiles
        self.ids = ids
        self.excluded = excluded
    }

    public func includes(_ c: TestCase) -> Bool {
        if !versions.isEmpty && !versions.contains(c.version) { return false }
        if !roles.isEmpty && !roles.contains(c.dutRole) { return false }
        if !blocks.isEmpty && !blocks.contains(where: { $0.caseInsensitiveCompare(c.block) == .orderedSame || $0 == c.blockName }) { return false }
        if !profiles.isEmpty && !profiles.contains(where: { p in c.profiles.contains { $0.caseInsensitiveCompare(p) == .orderedSame } }) { return false }
        if !ids.isEmpty && !ids.contains(where: { Self.glob($0, matches: c.id) }) { return false }
        if excluded.contains(where: { Self.glob($0, matches: c.id) }) { return false }
        return true
    }

    /// Shell-style `*` and `?` matching, case-sensitive like OCTT ids.
    public static func glob(_ pattern: String, matches text: String) -> Bool {
        let p = Array(pattern), t = Array(text)
        var pi = 0, ti = 0, star = -1, mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] == "?" || p[pi] == t[ti] {
                pi += 1
                ti += 1
            } else if pi < p.count, p[pi] == "*" {
                star = pi
                mark = ti
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                ti = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }

    public var description: String {
        var parts: [String] = []
        if !versions.isEmpty { parts.append("ocpp " + versions.map(\.rawValue).joined(separator: ",")) }
        if !roles.isEmpty { parts.append("role " + roles.map(\.rawValue).joined(separator: ",")) }
        if !blocks.isEmpty { parts.append("block " + blocks.joined(separator: ",")) }
        if !profiles.isEmpty { parts.append("profile " + profiles.joined(separator: ",")) }
        if !ids.isEmpty { parts.append("ids " + ids.joined(separator: ",")) }
        if !excluded.isEmpty { parts.append("excluding " + excluded.joined(separator: ",")) }
        return parts.isEmpty ? "all cases" : parts.joined(separator: "; ")
    }
}
