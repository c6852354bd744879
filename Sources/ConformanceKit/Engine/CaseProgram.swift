import Foundation
import OCPPProtocol

/// A case with its reusable states expanded in place and `forEach` steps unrolled: the flat list
/// of steps the engine runs, each with the local bindings (`item`, state parameters) it
/// interpolates with.
public struct CaseProgram: Sendable {
    public struct Entry: Sendable {
        /// 1-based position, as reports number steps.
        public var number: Int
        public var step: Step
        /// Local names for interpolation: `item` in a forEach, a state's parameters.
        public var bindings: JSONObject
        /// For an `unordered` group (explicit, or unrolled from `forEach … order: any`): its
        /// members, each with its own bindings.
        public var members: [GroupMember]?
        /// The reusable state the step came from.
        public var state: String?

        public var reference: StepReference {
            StepReference(number: number, summary: step.summary, label: step.label, state: state, location: step.location)
        }
    }

    public var entries: [Entry]

    public struct GroupMember: Sendable {
        public var step: Step
        public var bindings: JSONObject
    }

    public struct BuildError: Error, Sendable, CustomStringConvertible {
        public var location: SourceLocation
        public var message: String
        public var description: String { "\(location): \(message)" }
    }

    /// Expands `testCase` with states from `library`, unrolling `forEach` lists from `context`.
    public static func build(_ testCase: TestCase, library: StateLibrary, context: JSONObject) throws(BuildError) -> CaseProgram {
        var builder = Builder(library: library, context: context, version: testCase.version, role: testCase.dutRole)
        for ref in testCase.given { try builder.expand(state: ref, bindings: JSONObject(), depth: 0, prerequisite: false) }
        try builder.append(testCase.steps, bindings: JSONObject(), state: nil, depth: 0)
        return CaseProgram(entries: builder.entries)
    }

    /// Two `when` conditions that must both hold, as one condition (the syntax has no parentheses:
    /// `a || b` and `c || d` give `a && c || a && d || b && c || b && d`).
    static func both(_ outer: String?, _ inner: String?) -> String? {
        guard let outer else { return inner }
        guard let inner else { return outer }
        let alternatives = { (text: String) in text.components(separatedBy: "||").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } }
        return alternatives(outer).flatMap { o in alternatives(inner).map { "\(o) && \($0)" } }.joined(separator: " || ")
    }

    /// The first entry with this label.
    public func index(ofLabel label: String) -> Int? {
        entries.firstIndex { $0.step.label == label }
    }
}

/// The reusable states known to a run, by version, DUT role and name.
public struct StateLibrary: Sendable {
    public var states: [String: ReusableState]

    public init(_ states: [ReusableState] = []) {
        var map: [String: ReusableState] = [:]
        for s in states { map[Self.key(s.version, s.dutRole, s.name)] = s }
        self.states = map
    }

    static func key(_ v: OCPPVersion, _ r: OCPPRole, _ name: String) -> String { "\(v.rawValue)/\(r.rawValue)/\(name)" }

    public func state(_ name: String, version: OCPPVersion, role: OCPPRole) -> ReusableState? {
        states[Self.key(version, role, name)]
    }

    public func names(version: OCPPVersion, role: OCPPRole) -> [String] {
        states.values.filter { $0.version == version && $0.dutRole == role }.map(\.name).sorted()
    }
}

private struct Builder {
    let library: StateLibrary
    let context: JSONObject
    let version: OCPPVersion
    let role: OCPPRole
    var entries: [CaseProgram.Entry] = []
    /// The reusable states expanded so far, in program order. A state's own `given`
    /// prerequisites that are already in here are skipped (Part 6: "If State is NOT X then
    /// execute X"); a case's `given` and explicit `state:` steps always run.
    var reached: [String] = []

    init(library: StateLibrary, context: JSONObject, version: OCPPVersion, role: OCPPRole) {
        self.library = library
        self.context = context
        self.version = version
        self.role = role
    }

    /// `condition`: the `when` of the `state:` step that named this state (and of the states around
    /// it); every step of the state runs only when it holds, as well as its own `when`.
    mutating func expand(
        state ref: StateReference, bindings: JSONObject, depth: Int, prerequisite: Bool, condition: String? = nil
    ) throws(CaseProgram.BuildError) {
        guard depth < 16 else {
            throw CaseProgram.BuildError(location: ref.location, message: "reusable states nest more than 16 levels (a state that uses itself?)")
        }
        guard let state = library.state(ref.name, version: version, role: role) else {
            let known = library.names(version: version, role: role).joined(separator: ", ")
            throw CaseProgram.BuildError(
                location: ref.location,
                message: "unknown reusable state \"\(ref.name)\" for OCPP \(version.rawValue) with a \(role.rawValue) under test (known: \(known.isEmpty ? "none" : known))")
        }
        var local = state.parameters
        for m in ref.arguments {
            if state.parameters[m.key] == nil {
                throw CaseProgram.BuildError(
                    location: ref.location,
                    message: "state \(state.name) has no parameter \"\(m.key)\" (it has: \(state.parameters.keys.joined(separator: ", ")))")
            }
            local[m.key] = m.value
        }
        if prerequisite, reached.contains(state.name) { return }
        var inner = bindings
        for m in local { inner[m.key] = m.value }
        for g in state.given { try expand(state: g, bindings: inner, depth: depth + 1, prerequisite: true, condition: condition) }
        // What was reached before this state's own steps, as a comma-separated list
        // (`when: "{{reachedStates}} contains Authorized"`).
        inner["reachedStates"] = .string(reached.joined(separator: ","))
        try append(state.steps, bindings: inner, state: state.name, depth: depth + 1, condition: condition)
        reached.append(state.name)
    }

    mutating func append(_ steps: [Step], bindings: JSONObject, state: String?, depth: Int, condition: String? = nil) throws(CaseProgram.BuildError) {
        for var step in steps {
            step.when = CaseProgram.both(condition, step.when)
            if case .state(let ref) = step.kind {
                try expand(state: ref, bindings: bindings, depth: depth, prerequisite: false, condition: step.when)
                continue
            }
            if case .unordered(let inner) = step.kind, step.forEach == nil {
                var members: [CaseProgram.GroupMember] = []
                for m in inner {
                    if let listName = m.forEach {
                        var single = m
                        single.forEach = nil
                        for item in try list(named: listName, at: m.location, bindings: bindings) {
                            var b = bindings
                            b["item"] = item
                            members.append(.init(step: single, bindings: b))
                        }
                    } else {
                        members.append(.init(step: m, bindings: bindings))
                    }
                }
                entries.append(.init(number: entries.count + 1, step: step, bindings: bindings, members: members, state: state))
                continue
            }
            guard let listName = step.forEach else {
                entries.append(.init(number: entries.count + 1, step: step, bindings: bindings, state: state))
                continue
            }
            let items = try list(named: listName, at: step.location, bindings: bindings)
            var single = step
            single.forEach = nil
            let perItem: [JSONObject] = items.map { item in
                var b = bindings
                b["item"] = item
                return b
            }
            if step.anyOrder {
                var group = step
                group.forEach = nil
                group.kind = .unordered([single])
                let members = perItem.map { CaseProgram.GroupMember(step: single, bindings: $0) }
                entries.append(.init(number: entries.count + 1, step: group, bindings: bindings, members: members, state: state))
            } else {
                for b in perItem {
                    entries.append(.init(number: entries.count + 1, step: single, bindings: b, state: state))
                }
            }
        }
    }

    func list(named name: String, at location: SourceLocation, bindings: JSONObject) throws(CaseProgram.BuildError) -> [JSONValue] {
        var root = context
        for m in bindings { root[m.key] = m.value }
        let path = name.hasPrefix("{{") ? String(name.dropFirst(2).dropLast(2)) : name
        do {
            let value = try Interpolator(context: root).resolve(path)
            guard case .array(let items) = value else {
                throw CaseProgram.BuildError(location: location, message: "forEach \(name) is not a list")
            }
            return items
        } catch let failure as Interpolator.Failure {
            throw CaseProgram.BuildError(location: location, message: "forEach: \(failure.message)")
        } catch let error as CaseProgram.BuildError {
            throw error
        } catch {
            throw CaseProgram.BuildError(location: location, message: "forEach: \(error)")
        }
    }
}
