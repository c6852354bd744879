import Foundation
import OCPPProtocol

/// Checks case files beyond their structure: message names and directions for the version,
/// payload fields against the message schemas, matchers, reusable states, checks and labels.
public struct Linter: Sendable {
    public let library: CaseLibrary

    public init(library: CaseLibrary) {
        self.library = library
    }

    /// Every problem of every file, sorted by location.
    public func diagnostics() -> [Diagnostic] {
        var all = library.diagnostics
        for c in library.cases { all += lint(c) }
        // A file with a structural problem (a missing `purpose`) is left out of the library, but
        // what could be read of it is checked too: one pass shows every problem of a file.
        for rejected in library.rejected { if let c = rejected.testCase { all += lint(c) } }
        for s in library.states.states.values {
            all += lintSteps(s.steps, version: s.version, role: s.dutRole, labels: [])
            for ref in s.given { all += lintStateReference(ref, version: s.version, role: s.dutRole) }
        }
        return Array(Set(all)).sorted()
    }

    public func lint(_ c: TestCase) -> [Diagnostic] {
        var out: [Diagnostic] = []
        if let problem = FunctionalBlocks.problem(c.blockName, version: c.version) {
            // The case keeps no node of its `block:`; the file tells where it is.
            let node = (try? YAMLReader.read(fileAt: c.location.file))?["block"]
            out.append(Diagnostic(node?.location ?? c.location, problem))
        }
        for ref in c.given { out += lintStateReference(ref, version: c.version, role: c.dutRole) }
        let labels = Set(c.steps.compactMap(\.label))
        out += lintSteps(c.steps, version: c.version, role: c.dutRole, labels: labels)
        for rule in c.forbid {
            for label in [rule.from, rule.until].compactMap({ $0 }) where !labels.contains(label) {
                out.append(Diagnostic(rule.location, "forbid refers to step label \"\(label)\", which no step of the case has"))
            }
            out += lintActions(rule.actions.actions + rule.actions.except, sentBy: c.dutRole, version: c.version, at: rule.location)
        }
        for check in c.post where CheckRegistry.check(named: check.name) == nil {
            out.append(Diagnostic(check.location, unknownCheck(check.name)))
        }
        out += lintBackground(c.background, version: c.version, role: c.dutRole, at: c.background.location ?? c.location)
        return out
    }

    /// `background:` names CALLs the DUT sends; its templates must fit their schemas (the request for
    /// `tolerateWhen` and `replyAdditions.when`, the response for `replies` and `replyAdditions.add`).
    func lintBackground(_ b: BackgroundOverrides, version: OCPPVersion, role: OCPPRole, at location: SourceLocation) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let catalog = MessageCatalog.builtIn(version)
        let named: [(String, [String])] = [
            ("tolerate", b.tolerate), ("strict", b.strict), ("replies", b.replies.keys.sorted()),
            ("tolerateWhen", b.tolerateWhen.keys.sorted()), ("replyAdditions", b.replyAdditions.keys.sorted()),
        ]
        for (what, actions) in named {
            for action in actions { out += lintAction(action, sentBy: role, version: version, at: location, what: "background.\(what)") }
        }
        func check(_ template: JSONValue?, _ action: String, response: Bool, _ what: String) {
            guard let template, let schema = catalog.schema(for: action, response: response) else { return }
            out += TemplateChecker(schema: schema, message: "\(action)\(response ? "Response" : "Request")").check(template) { _ in location }
                .map { Diagnostic($0.location, "background.\(what): " + $0.message) }
        }
        for (action, template) in b.tolerateWhen { check(template, action, response: false, "tolerateWhen") }
        for (action, reply) in b.replies { check(reply, action, response: true, "replies") }
        for (action, addition) in b.replyAdditions {
            check(addition.when, action, response: false, "replyAdditions.when")
            check(.object(addition.add), action, response: true, "replyAdditions.add")
        }
        return out
    }

    func lintStateReference(_ ref: StateReference, version: OCPPVersion, role: OCPPRole) -> [Diagnostic] {
        guard let state = library.states.state(ref.name, version: version, role: role) else {
            let known = library.states.names(version: version, role: role)
            var message = "unknown reusable state \"\(ref.name)\" for OCPP \(version.rawValue) with a \(role.rawValue) under test"
            if let guess = NodeReader.closest(ref.name, in: known) { message += " (did you mean \"\(guess)\"?)" }
            return [Diagnostic(ref.location, message)]
        }
        return ref.arguments.keys.filter { state.parameters[$0] == nil }.map {
            Diagnostic(ref.location, "state \(state.name) has no parameter \"\($0)\" (it has: \(state.parameters.keys.joined(separator: ", ")))")
        }
    }

    func lintSteps(_ steps: [Step], version: OCPPVersion, role: OCPPRole, labels: Set<String>) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let catalog = MessageCatalog.builtIn(version)
        for step in steps {
            let src = step.source
            func at(_ key: String, _ pointer: String = "") -> SourceLocation {
                guard let node = src?[key] else { return step.location }
                return node.location(at: pointer)
            }
            switch step.kind {
            case .receive(let r):
                out += lintAction(r.action, sentBy: role, version: version, at: at("receive"))
                if let schema = catalog.schema(for: r.action, response: false) {
                    if let m = r.match { out += TemplateChecker(schema: schema, message: "\(r.action)Request").check(m) { at("match", $0) } }
                    if let u = r.until { out += TemplateChecker(schema: schema, message: "\(r.action)Request").check(u) { at("until", $0) } }
                }
                if case .payload(let p) = r.reply, let schema = catalog.schema(for: r.action, response: true) {
                    out += TemplateChecker(schema: schema, message: "\(r.action)Response", isPayload: true).check(p) { at("reply", $0) }
                }
                if case .callError(let code, _) = r.reply, RPCErrorCode(wire: code, version: version) == nil, RPCErrorCode(rawValue: code) == nil {
                    out.append(Diagnostic(at("replyError"), "\"\(code)\" is not an OCPP-J error code"))
                }
                out += lintChecks(r.checks)
            case .send(let s):
                out += lintAction(s.action, sentBy: role.peer, version: version, at: at("send"))
                if let schema = catalog.schema(for: s.action, response: false) {
                    out += TemplateChecker(schema: schema, message: "\(s.action)Request", isPayload: true).check(s.payload) { at("payload", $0) }
                }
                if let e = s.expectReply, let schema = catalog.schema(for: s.action, response: true) {
                    out += TemplateChecker(schema: schema, message: "\(s.action)Response").check(e) { at("expectReply", $0) }
                }
                for code in s.expectCallError ?? [] where RPCErrorCode(wire: code, version: version) == nil && RPCErrorCode(rawValue: code) == nil {
                    out.append(Diagnostic(at("expectCallError"), "\"\(code)\" is not an OCPP-J error code"))
                }
                out += lintChecks(s.checks)
            case .action(let a):
                if role == .chargingStation {
                    if ActionVocabulary.station[a.name] == nil {
                        var message = "unknown physical action \"\(a.name)\""
                        if let guess = NodeReader.closest(a.name, in: Array(ActionVocabulary.station.keys)) { message += " (did you mean \"\(guess)\"?)" }
                        message += "; known: " + ActionVocabulary.station.keys.sorted().joined(separator: ", ")
                        out.append(Diagnostic(at("action"), message))
                    }
                } else if ActionVocabulary.csmsSetup[a.name] == nil {
                    out += lintAction(a.name, sentBy: .csms, version: version, at: at("action"), what: "operator action (a message the CSMS is made to send)")
                }
            case .anyOf(let inner), .unordered(let inner):
                out += lintSteps(inner, version: version, role: role, labels: labels)
            case .expectNo(let e):
                out += lintActions(e.filter.actions + e.filter.except, sentBy: role, version: version, at: step.location)
            case .raw(let r):
                for code in r.expectCallError ?? [] where RPCErrorCode(wire: code, version: version) == nil && RPCErrorCode(rawValue: code) == nil {
                    out.append(Diagnostic(at("expectCallError"), "\"\(code)\" is not an OCPP-J error code"))
                }
            case .check(let c):
                out += lintChecks([c])
            case .state(let ref):
                out += lintStateReference(ref, version: version, role: role)
            case .expectClose, .wait, .connection:
                break
            }
            if let forEach = step.forEach, !["connectors", "evses"].contains(forEach), !forEach.contains(".") {
                out.append(Diagnostic(at("forEach"), "forEach \"\(forEach)\" is not a list of the profile (use connectors, evses, or a dotted path like testData.idTokens)"))
            }
        }
        return out
    }

    func lintChecks(_ checks: [CheckCall]) -> [Diagnostic] {
        checks.filter { CheckRegistry.check(named: $0.name) == nil }.map { Diagnostic($0.location, unknownCheck($0.name)) }
    }

    func unknownCheck(_ name: String) -> String {
        var message = "unknown check \"\(name)\""
        if let guess = NodeReader.closest(name, in: Array(CheckRegistry.all.keys)) { message += " (did you mean \"\(guess)\"?)" }
        return message + "; known: " + CheckRegistry.all.keys.sorted().joined(separator: ", ")
    }

    func lintActions(_ actions: [String], sentBy role: OCPPRole, version: OCPPVersion, at location: SourceLocation) -> [Diagnostic] {
        actions.flatMap { lintAction($0, sentBy: role, version: version, at: location) }
    }

    func lintAction(_ action: String, sentBy role: OCPPRole, version: OCPPVersion, at location: SourceLocation, what: String = "message") -> [Diagnostic] {
        let catalog = MessageCatalog.builtIn(version)
        guard let entry = catalog[action] else {
            var message = "unknown action \"\(action)\" for OCPP \(version.rawValue)"
            if let guess = NodeReader.closest(action, in: catalog.actions) { message += " (did you mean \"\(guess)\"?)" }
            return [Diagnostic(location, message)]
        }
        if !entry.isSent(by: role) {
            return [Diagnostic(location, "\(action) is sent by the \(entry.senders.map(\.rawValue).joined(separator: "/")), not by the \(role.rawValue) (\(what))")]
        }
        return []
    }
}

/// Walks a payload template along its message schema: every field must exist in the schema and
/// every literal must be a valid value for its field. Matchers and `{{…}}` are checked for syntax.
struct TemplateChecker {
    let schema: Schema
    let message: String
    /// Payloads the harness sends must also carry every required field.
    var isPayload = false

    func check(_ template: JSONValue, location: (String) -> SourceLocation) -> [Diagnostic] {
        var out: [Diagnostic] = []
        visit(template, schema, pointer: "", location: location, into: &out)
        return out
    }

    func visit(_ template: JSONValue, _ node: Schema, pointer: String, location: (String) -> SourceLocation, into out: inout [Diagnostic]) {
        let s = node.resolved
        switch template {
        case .string(let text) where text.contains("{{"):
            if text.components(separatedBy: "{{").count != text.components(separatedBy: "}}").count {
                out.append(Diagnostic(location(pointer), "unbalanced {{ }} in \"\(text)\""))
            }
            if Matcher.isMatcher(text), !text.contains("{{") {
                if let e = parseProblem(text) { out.append(Diagnostic(location(pointer), e)) }
            }
        case .string(let text) where Matcher.isMatcher(text):
            if let e = parseProblem(text) { out.append(Diagnostic(location(pointer), e)) }
        case .object(let o):
            if o.count == 1, let special = o.members.first, special.key.hasPrefix("#") {
                if special.key == "#optional" {
                    visit(special.value, node, pointer: pointer, location: location, into: &out)
                    return
                }
                guard special.key == "#contains" || special.key == "#each" else {
                    out.append(Diagnostic(location(pointer), "unknown object matcher \"\(special.key)\" (use #contains, #each or #optional)"))
                    return
                }
                guard let items = s.items else {
                    out.append(Diagnostic(location(pointer), "\(special.key) applies to arrays, but \(message)\(pointer) is not one"))
                    return
                }
                visit(special.value, items, pointer: pointer + "/" + escapePointer(special.key), location: location, into: &out)
                return
            }
            if let types = s.types, !types.contains(.object) {
                out.append(Diagnostic(location(pointer), "\(message)\(pointer.isEmpty ? "" : " field \(pointer)") is \(types.map(\.rawValue).joined(separator: "/")), not an object"))
                return
            }
            for m in o {
                let childPointer = pointer + "/" + escapePointer(m.key)
                if let child = s.properties[m.key] {
                    visit(m.value, child, pointer: childPointer, location: location, into: &out)
                } else if case .forbidden = s.additionalProperties {
                    var text = "field \"\(m.key)\" is not in the \(message) schema\(pointer.isEmpty ? "" : " at \(pointer)")"
                    if let guess = NodeReader.closest(m.key, in: s.propertyOrder) { text += " (did you mean \"\(guess)\"?)" }
                    text += "; allowed: " + s.propertyOrder.joined(separator: ", ")
                    out.append(Diagnostic(location(childPointer), text))
                }
            }
            if isPayload {
                for r in s.required where o[r] == nil {
                    out.append(Diagnostic(location(pointer), "the \(message) payload lacks required field \"\(r)\"\(pointer.isEmpty ? "" : " at \(pointer)")"))
                }
            }
        case .array(let items):
            if let types = s.types, !types.contains(.array) {
                out.append(Diagnostic(location(pointer), "\(message) field \(pointer) is \(types.map(\.rawValue).joined(separator: "/")), not an array"))
                return
            }
            if let itemSchema = s.items {
                for (i, item) in items.enumerated() {
                    visit(item, itemSchema, pointer: pointer + "/\(i)", location: location, into: &out)
                }
            }
        default:
            var literal = template
            if case .string(let t) = template, t.hasPrefix("##") { literal = .string(String(t.dropFirst())) }
            let violations = SchemaValidator().validate(literal, against: node)
            if let v = violations.first {
                out.append(Diagnostic(location(pointer), "\(message)\(pointer): \(v.message)"))
            }
        }
    }

    func parseProblem(_ text: String) -> String? {
        do {
            _ = try Matcher.parse(text)
            return nil
        } catch {
            return "bad matcher \"\(text)\": \(error.message)"
        }
    }
}
