import Foundation
import OCPPProtocol

/// The check of a DUT profile before any case runs (issue 18, "Pre-flight"): every profile value
/// the selected cases interpolate — in their own files and in the reusable states they use,
/// `when:` conditions included — must be there, and every key and feature name the profile gives
/// must be one the library knows (``ProfileCatalog``), with a did-you-mean for a near miss. All
/// problems are reported together, before anything is sent to the device.
public enum Preflight {
    /// A profile value cases read, and which cases read it.
    public struct Reference: Sendable, Hashable {
        /// `config.heartbeatInterval`, `testData.idTokens.valid.idToken`.
        public var path: String
    }

    /// Every `config.…` and `testData.…` path `testCase` interpolates, with the states it uses.
    public static func placeholders(of testCase: TestCase, states: StateLibrary, files: FileCache = FileCache()) -> Set<String> {
        var paths = Set<String>()
        var seenStates = Set<String>()
        var stateFiles: [String] = []
        func visit(_ ref: StateReference) {
            guard seenStates.insert(ref.name).inserted,
                let state = states.state(ref.name, version: testCase.version, role: testCase.dutRole)
            else { return }
            stateFiles.append(state.location.file)
            for g in state.given { visit(g) }
            for s in state.steps { stateReferences(in: s).forEach(visit) }
        }
        for g in testCase.given { visit(g) }
        for s in testCase.steps { stateReferences(in: s).forEach(visit) }
        for file in [testCase.location.file] + stateFiles {
            paths.formUnion(files.paths(in: file))
        }
        return paths
    }

    static func stateReferences(in step: Step) -> [StateReference] {
        switch step.kind {
        case .state(let ref): [ref]
        case .anyOf(let steps), .unordered(let steps): steps.flatMap(stateReferences)
        default: []
        }
    }

    /// `config.x…` and `testData.x…` paths inside the `{{…}}` of `text`.
    static func paths(inText text: String) -> [String] {
        var out: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            let inner = Array(rest[open.upperBound..<close.lowerBound])
            var i = 0
            while i < inner.count {
                let boundary = i == 0 || !(inner[i - 1].isLetter || inner[i - 1].isNumber || inner[i - 1] == "_" || inner[i - 1] == ".")
                if boundary, let root = ["config.", "testData."].first(where: { String(inner[i...].prefix($0.count)) == $0 }) {
                    var j = i + root.count
                    while j < inner.count, inner[j].isLetter || inner[j].isNumber || inner[j] == "_" || inner[j] == "." || inner[j] == "[" || inner[j] == "]" { j += 1 }
                    var path = String(inner[i..<j])
                    while path.hasSuffix(".") { path.removeLast() }
                    if path.count > root.count { out.append(path) }
                    i = j
                } else {
                    i += 1
                }
            }
            rest = rest[close.upperBound...]
        }
        return out
    }

    /// YAML files read once per pre-flight: the paths of each.
    public final class FileCache: @unchecked Sendable {
        private var cache: [String: Set<String>] = [:]
        private let lock = NSLock()

        public init() {}

        func paths(in file: String) -> Set<String> {
            lock.lock()
            defer { lock.unlock() }
            if let hit = cache[file] { return hit }
            var found = Set<String>()
            if let root = try? YAMLReader.read(fileAt: file) { Preflight.collect(root, into: &found) }
            cache[file] = found
            return found
        }
    }

    static func collect(_ node: YAMLNode, into out: inout Set<String>) {
        switch node {
        case .scalar(let s):
            if s.text.contains("{{") { out.formUnion(paths(inText: s.text)) }
        case .sequence(let items, _):
            for i in items { collect(i, into: &out) }
        case .mapping(let entries, _):
            for e in entries { collect(e.value, into: &out) }
        }
    }

    /// The problems of `profile` for `cases` (the applicable ones of a plan), each a sentence;
    /// empty when the profile has all the cases need and nothing the library does not know.
    public static func problems(cases: [TestCase], states: StateLibrary, profile: DUTProfile) -> [String] {
        let file = profile.location.map { ($0.file as NSString).lastPathComponent } ?? "the DUT profile"
        // `dut.yaml:12:3` where the profile names the key, else the file.
        func at(_ key: String) -> String {
            guard let l = profile.keyLocations[key] else { return file }
            return "\((l.file as NSString).lastPathComponent):\(l.line):\(l.column)"
        }
        var problems: [String] = []
        // Missing values, with the cases that read them.
        let context = profile.interpolationContext
        let interpolator = Interpolator(context: context)
        var readers: [String: [String]] = [:]
        let files = FileCache()
        for c in cases {
            for path in placeholders(of: c, states: states, files: files) {
                // A value the harness derives (csmsRootCertificateHashData) stands for its source.
                var needed = path
                if let derived = ProfileCatalog.config.first(where: { $0.derivedFrom != nil && path.hasPrefix("config.\($0.name)") }),
                    let source = derived.derivedFrom, !source.hasPrefix("timing.")
                {
                    needed = "config." + source
                }
                if (try? interpolator.resolve(needed)) == nil { readers[needed, default: []].append(c.id) }
            }
        }
        for (path, ids) in readers.sorted(by: { $0.key < $1.key }) {
            let unique = Array(Set(ids)).sorted()
            let shown = unique.prefix(3).joined(separator: ", ") + (unique.count > 3 ? " and \(unique.count - 3) more" : "")
            var sentence = "\(file): \(path) is missing; \(shown) read\(unique.count == 1 ? "s" : "") it."
            let key = path.split(separator: ".").dropFirst().first.map(String.init) ?? path
            if path.hasPrefix("config."), let entry = ProfileCatalog.config.first(where: { $0.name == key }) {
                sentence += " What it is: \(entry.meaning) `ocppspec init` writes \(entry.defaultValue.jsonText)."
            }
            problems.append(sentence)
        }
        // Keys the library does not know.
        let configNames = ProfileCatalog.config.filter { $0.derivedFrom == nil }.map(\.name)
        for key in profile.config.keys.sorted() where !ProfileCatalog.config.contains(where: { $0.name == key }) {
            problems.append("\(at("config." + key)): config.\(key) is not a key any case reads\(hint(key, configNames)).")
        }
        for key in profile.testData.keys.sorted() where key != "idTokens" {
            problems.append("\(at("testData." + key)): testData.\(key) is not test data any case reads (cases read testData.idTokens)\(hint(key, ["idTokens"])).")
        }
        if case .object(let tokens)? = profile.testData["idTokens"] {
            let names = ProfileCatalog.idTokens.map(\.name)
            for key in tokens.keys.sorted() where !names.contains(key) {
                problems.append("\(at("testData.idTokens." + key)): testData.idTokens.\(key) is not an idToken any case uses\(hint(key, names)).")
            }
        }
        let featureNames = ProfileCatalog.features.filter { $0.derivedFrom == nil }.map(\.name)
        for feature in profile.features where !ProfileCatalog.isKnownFeature(feature) {
            problems.append("\(at("features." + feature)): features lists \"\(feature)\", which no case requires\(hint(feature, featureNames)).")
        }
        for p in profile.profiles where !CertificationProfiles.known(p, versions: profile.versions) {
            problems.append("\(at("profiles." + p)): profiles lists \"\(p)\", which is not a certification profile\(hint(p, CertificationProfiles.names(versions: profile.versions))).")
        }
        return problems
    }

    static func hint(_ name: String, _ candidates: [String]) -> String {
        ProfileCatalog.didYouMean(name, among: candidates).map { " (did you mean \($0)?)" } ?? ""
    }
}
