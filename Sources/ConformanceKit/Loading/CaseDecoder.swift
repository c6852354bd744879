import Foundation
import OCPPProtocol

/// Turns the YAML of a case or reusable-state file into the model, reporting every structural
/// problem with its location. Semantic checks against the message catalog are ``Linter``'s job.
struct CaseDecoder {
    var reader = NodeReader()

    static let caseKeys = [
        "id", "name", "ocpp", "block", "profiles", "useCases", "requirements", "purpose", "requires", "given",
        "steps", "forbid", "post", "background", "timeout", "notes",
    ]
    static let stateKeys = ["state", "ocpp", "role", "purpose", "parameters", "given", "steps", "notes"]
    static let stepKinds = [
        "receive", "send", "action", "anyOf", "unordered", "expectNo", "raw", "expectClose", "wait", "connection", "check", "state",
    ]
    static let commonStepKeys = ["label", "requirements", "optional", "forEach", "order", "comment", "when"]
    static let kindKeys: [String: [String]] = [
        "receive": ["match", "strict", "within", "after", "reply", "replyError", "replyAfter", "capture", "checks", "until"],
        "send": ["payload", "expectReply", "strict", "expectCallError", "within", "capture", "checks"],
        "action": ["with", "prompt"],
        "anyOf": ["within"], "unordered": ["within"],
        "expectNo": ["for", "except"],
        "raw": ["hex", "expectCallError", "expectMessageId", "within"],
        "expectClose": ["within"],
        "wait": [],
        "connection": ["code", "within", "after", "path"],
        "check": ["with"],
        "state": ["with"],
    ]

    mutating func decodeCase(_ root: YAMLNode, file: String) -> TestCase? {
        guard let _ = reader.mapping(root, allowed: Self.caseKeys, what: "a test case") else { return nil }
        let id = reader.required(root["id"], in: root, key: "id", what: "a test case") ?? ""
        let expectedName = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        if !id.isEmpty, id != expectedName, let node = root["id"] {
            reader.report(node.location, "id \"\(id)\" does not match the file name \"\(expectedName)\" (one case per file, named after its OCTT id)")
        }
        let role: OCPPRole
        if id.hasSuffix("_CSMS") {
            role = .csms
        } else if id.hasSuffix("_CS") {
            role = .chargingStation
        } else {
            if let node = root["id"] { reader.report(node.location, "id \"\(id)\" must end in _CS (a Charging Station is tested) or _CSMS (a CSMS is tested)") }
            role = .chargingStation
        }
        let version = decodeVersion(root["ocpp"], in: root)
        let blockText = reader.required(root["block"], in: root, key: "block", what: "a test case") ?? ""
        let block = String(blockText.split(separator: " ").first ?? "")
        let given = decodeGiven(root["given"])
        let steps = decodeSteps(root["steps"], what: "steps", required: true)
        var forbid: [Forbid] = []
        if let node = root["forbid"] {
            if case .sequence(let items, _) = node {
                forbid = items.compactMap { decodeForbid($0) }
            } else {
                reader.report(node.location, "forbid must be a list, found \(node.kindDescription)")
            }
        }
        var post: [CheckCall] = []
        if let node = root["post"] {
            if case .sequence(let items, _) = node {
                post = items.compactMap { decodeCheckCall($0, requirements: []) }
            } else {
                reader.report(node.location, "post must be a list of checks, found \(node.kindDescription)")
            }
        }
        return TestCase(
            id: id, name: reader.required(root["name"], in: root, key: "name", what: "a test case") ?? "",
            version: version ?? .v201, dutRole: role, block: block, blockName: blockText,
            profiles: reader.strings(root["profiles"], what: "profiles"),
            useCases: reader.strings(root["useCases"], what: "useCases"),
            requirements: reader.strings(root["requirements"], what: "requirements"),
            purpose: reader.required(root["purpose"], in: root, key: "purpose", what: "a test case") ?? "",
            requires: reader.strings(root["requires"], what: "requires"),
            given: given, steps: steps, forbid: forbid, post: post,
            background: decodeBackground(root["background"]),
            timeout: reader.time(root["timeout"], what: "timeout"),
            location: root.location)
    }

    mutating func decodeState(_ root: YAMLNode, file: String) -> ReusableState? {
        guard let _ = reader.mapping(root, allowed: Self.stateKeys, what: "a reusable state") else { return nil }
        let name = reader.required(root["state"], in: root, key: "state", what: "a reusable state") ?? ""
        let roleText = reader.required(root["role"], in: root, key: "role", what: "a reusable state") ?? "ChargingStation"
        let role = OCPPRole(rawValue: roleText)
        if role == nil, let node = root["role"] {
            reader.report(node.location, "role must be ChargingStation or CSMS (the role of the device under test), found \"\(roleText)\"")
        }
        var parameters = JSONObject()
        if let node = root["parameters"] {
            if case .object(let o) = node.json { parameters = o } else { reader.report(node.location, "parameters must be a mapping of names to default values") }
        }
        return ReusableState(
            name: name, version: decodeVersion(root["ocpp"], in: root) ?? .v201, dutRole: role ?? .chargingStation,
            purpose: reader.string(root["purpose"], what: "purpose") ?? "", parameters: parameters,
            given: decodeGiven(root["given"]), steps: decodeSteps(root["steps"], what: "steps", required: true),
            location: root.location)
    }

    mutating func decodeVersion(_ node: YAMLNode?, in root: YAMLNode) -> OCPPVersion? {
        guard let text = reader.required(node, in: root, key: "ocpp", what: "the file") else { return nil }
        guard let v = OCPPVersion(rawValue: text) else {
            reader.report(node!.location, "ocpp must be \"1.6\", \"2.0.1\" or \"2.1\" (quoted), found \"\(text)\"")
            return nil
        }
        return v
    }

    mutating func decodeGiven(_ node: YAMLNode?) -> [StateReference] {
        guard let node else { return [] }
        guard case .sequence(let items, _) = node else {
            reader.report(node.location, "given must be a list of reusable states, found \(node.kindDescription)")
            return []
        }
        return items.compactMap { decodeStateReference($0) }
    }

    mutating func decodeStateReference(_ node: YAMLNode) -> StateReference? {
        switch node {
        case .scalar:
            guard let name = reader.string(node, what: "a reusable state name") else { return nil }
            return StateReference(name: name, arguments: JSONObject(), location: node.location)
        case .mapping:
            guard reader.mapping(node, allowed: ["state", "with"], what: "a reusable state reference") != nil else { return nil }
            guard let name = reader.required(node["state"], in: node, key: "state", what: "a reusable state reference") else { return nil }
            var args = JSONObject()
            if let w = node["with"] {
                if case .object(let o) = w.json { args = o } else { reader.report(w.location, "with must be a mapping") }
            }
            return StateReference(name: name, arguments: args, location: node.location)
        case .sequence:
            reader.report(node.location, "a reusable state is a name or {state: Name, with: {…}}, found a list")
            return nil
        }
    }

    mutating func decodeSteps(_ node: YAMLNode?, what: String, required: Bool) -> [Step] {
        guard let node else { return [] }
        guard case .sequence(let items, _) = node else {
            reader.report(node.location, "\(what) must be a list of steps, found \(node.kindDescription)")
            return []
        }
        if items.isEmpty && required { reader.report(node.location, "\(what) is empty") }
        return items.compactMap { decodeStep($0) }
    }

    mutating func decodeStep(_ node: YAMLNode) -> Step? {
        guard case .mapping(let entries, let location) = node else {
            reader.report(node.location, "a step must be a mapping like {receive: BootNotification, …}, found \(node.kindDescription)")
            return nil
        }
        let kinds = entries.filter { Self.stepKinds.contains($0.key) }
        guard kinds.count == 1, let kindEntry = kinds.first else {
            if kinds.isEmpty {
                var message = "a step needs one of: " + Self.stepKinds.joined(separator: ", ")
                if let first = entries.first, let guess = NodeReader.closest(first.key, in: Self.stepKinds) {
                    message = "unknown step kind \"\(first.key)\" (did you mean \"\(guess)\"?); " + message
                }
                reader.report(entries.first?.keyLocation ?? location, message)
            } else {
                reader.report(kinds[1].keyLocation, "a step has exactly one kind, found \(kinds.map(\.key).joined(separator: " and "))")
            }
            return nil
        }
        let kindName = kindEntry.key
        let allowed = [kindName] + Self.commonStepKeys + (Self.kindKeys[kindName] ?? [])
        _ = reader.mapping(node, allowed: allowed, what: "a \(kindName) step")
        let requirements = reader.strings(node["requirements"], what: "requirements")
        let value = kindEntry.value

        let kind: Step.Kind?
        switch kindName {
        case "receive":
            guard let action = reader.string(value, what: "receive") else { return nil }
            var reply = Reply.automatic
            if let r = node["reply"] {
                if case .scalar(let s) = r, s.value == .string("none") {
                    reply = .none
                } else if case .object = r.json {
                    reply = .payload(r.json)
                } else {
                    reader.report(r.location, "reply must be a payload mapping or \"none\"")
                }
            }
            if let e = node["replyError"] {
                if node["reply"] != nil { reader.report(e.location, "a step has either reply or replyError, not both") }
                if case .scalar = e, let code = reader.string(e, what: "replyError") {
                    reply = .callError(code: code, description: "")
                } else if let entries = reader.mapping(e, allowed: ["code", "description"], what: "replyError") {
                    _ = entries
                    reply = .callError(code: reader.required(e["code"], in: e, key: "code", what: "replyError") ?? "GenericError",
                                       description: reader.string(e["description"], what: "description") ?? "")
                }
            }
            kind = .receive(Receive(
                action: action, match: decodeObject(node["match"], what: "match"), strict: reader.bool(node["strict"], what: "strict") ?? false,
                within: reader.time(node["within"], what: "within"), after: reader.time(node["after"], what: "after"),
                reply: reply, capture: decodeCapture(node["capture"]), checks: decodeChecks(node["checks"], requirements: requirements),
                until: decodeObject(node["until"], what: "until"), replyAfter: reader.time(node["replyAfter"], what: "replyAfter")))
        case "send":
            guard let action = reader.string(value, what: "send") else { return nil }
            kind = .send(Send(
                action: action, payload: decodeObject(node["payload"], what: "payload") ?? .object(JSONObject()),
                expectReply: decodeObject(node["expectReply"], what: "expectReply"), strictReply: reader.bool(node["strict"], what: "strict") ?? false,
                expectCallError: node["expectCallError"].map { reader.strings($0, what: "expectCallError") },
                within: reader.time(node["within"], what: "within"), capture: decodeCapture(node["capture"]),
                checks: decodeChecks(node["checks"], requirements: requirements)))
        case "action":
            guard let name = reader.string(value, what: "action") else { return nil }
            let args = node["with"]?.json ?? .object(JSONObject())
            if case .object = args {} else { reader.report(node["with"]!.location, "with must be a mapping of arguments") }
            kind = .action(PhysicalAction(name: name, arguments: args, prompt: reader.string(node["prompt"], what: "prompt")))
        case "anyOf", "unordered":
            let inner = decodeSteps(value, what: kindName, required: true)
            for s in inner {
                if s.forEach != nil && kindName == "anyOf" { reader.report(s.location, "forEach is not allowed inside anyOf") }
                switch s.kind {
                case .receive: continue
                case .anyOf where kindName == "unordered": continue
                default: reader.report(s.location, "\(kindName) may only contain receive steps\(kindName == "unordered" ? " or anyOf groups" : "")")
                }
            }
            kind = kindName == "anyOf" ? .anyOf(inner) : .unordered(inner)
        case "expectNo":
            var filter = MessageFilter()
            if case .scalar(let s) = value, s.value == .string("any") {
                filter.any = true
            } else {
                filter.actions = reader.strings(value, what: "expectNo")
            }
            filter.except = reader.strings(node["except"], what: "except")
            guard let duration = reader.time(node["for"], what: "for") else {
                if node["for"] == nil { reader.report(location, "expectNo needs \"for\": how long nothing may arrive") }
                return nil
            }
            kind = .expectNo(ExpectNo(filter: filter, duration: duration))
        case "raw":
            var bytes: [UInt8]?
            if let hexNode = node["hex"], let hex = reader.string(hexNode, what: "hex") {
                bytes = Self.decodeHex(hex)
                if bytes == nil { reader.report(hexNode.location, "hex must be pairs of hex digits, e.g. \"5b 32 2c\"") }
            }
            let text = reader.string(value, what: "raw")
            kind = .raw(Raw(
                text: bytes == nil ? text : nil, bytes: bytes,
                expectCallError: node["expectCallError"].map { reader.strings($0, what: "expectCallError") },
                expectMessageId: reader.string(node["expectMessageId"], what: "expectMessageId"),
                within: reader.time(node["within"], what: "within")))
        case "expectClose":
            let within = reader.time(node["within"], what: "within") ?? reader.time(value, what: "expectClose") ?? TimeExpression("{{config.messageTimeout}}s")
            kind = .expectClose(ExpectClose(within: within))
        case "wait":
            guard let t = reader.time(value, what: "wait") else { return nil }
            kind = .wait(t)
        case "connection":
            guard let text = reader.string(value, what: "connection") else { return nil }
            guard let op = ConnectionStep.Operation(rawValue: text) else {
                reader.report(value.location, "connection must be close, drop, reconnect or refuse, found \"\(text)\"")
                return nil
            }
            var code: UInt16?
            if let c = node["code"] {
                if let n = c.json.intValue, (1000...4999).contains(n) { code = UInt16(n) } else { reader.report(c.location, "code must be a WebSocket close code (1000–4999)") }
            }
            kind = .connection(ConnectionStep(
                operation: op, code: code, within: reader.time(node["within"], what: "within"), after: reader.time(node["after"], what: "after"),
                path: reader.string(node["path"], what: "path")))
        case "check":
            guard let call = decodeCheckCall(node, requirements: requirements) else { return nil }
            kind = .check(call)
        case "state":
            guard let name = reader.string(value, what: "state") else { return nil }
            var args = JSONObject()
            if let w = node["with"] {
                if case .object(let o) = w.json { args = o } else { reader.report(w.location, "with must be a mapping") }
            }
            kind = .state(StateReference(name: name, arguments: args, location: location))
        default:
            kind = nil
        }
        guard let kind else { return nil }
        var anyOrder = false
        if let order = node["order"] {
            switch reader.string(order, what: "order") {
            case "any": anyOrder = true
            case "sequence": anyOrder = false
            default: reader.report(order.location, "order must be any or sequence")
            }
            if node["forEach"] == nil { reader.report(order.location, "order only applies together with forEach") }
        }
        return Step(
            kind: kind, label: reader.string(node["label"], what: "label"), requirements: requirements,
            optional: reader.bool(node["optional"], what: "optional") ?? false,
            forEach: reader.string(node["forEach"], what: "forEach"), anyOrder: anyOrder,
            comment: reader.string(node["comment"], what: "comment"),
            within: kindName == "anyOf" || kindName == "unordered" ? reader.time(node["within"], what: "within") : nil,
            when: reader.string(node["when"], what: "when"),
            location: location, source: node)
    }

    mutating func decodeObject(_ node: YAMLNode?, what: String) -> JSONValue? {
        guard let node else { return nil }
        let json = node.json
        guard case .object = json else {
            reader.report(node.location, "\(what) must be a mapping (a payload), found \(node.kindDescription)")
            return nil
        }
        return json
    }

    mutating func decodeCapture(_ node: YAMLNode?) -> [(name: String, pointer: String)] {
        guard let node else { return [] }
        guard let entries = node.entries else {
            reader.report(node.location, "capture must map names to JSON Pointers, e.g. {transactionId: /transactionInfo/transactionId}")
            return []
        }
        return entries.compactMap { e in
            guard let p = reader.string(e.value, what: "capture \(e.key)") else { return nil }
            if !p.hasPrefix("/") { reader.report(e.value.location, "capture \(e.key): \"\(p)\" is not a JSON Pointer (it starts with /)") }
            return (e.key, p)
        }
    }

    mutating func decodeChecks(_ node: YAMLNode?, requirements: [String]) -> [CheckCall] {
        guard let node else { return [] }
        switch node {
        case .scalar:
            return reader.string(node, what: "checks").map { [CheckCall(name: $0, arguments: JSONObject(), requirements: requirements, location: node.location)] } ?? []
        case .sequence(let items, _):
            return items.compactMap { item in
                if case .scalar = item {
                    return reader.string(item, what: "a check").map { CheckCall(name: $0, arguments: JSONObject(), requirements: requirements, location: item.location) }
                }
                return decodeCheckCall(item, requirements: requirements)
            }
        case .mapping:
            return decodeCheckCall(node, requirements: requirements).map { [$0] } ?? []
        }
    }

    mutating func decodeCheckCall(_ node: YAMLNode, requirements: [String]) -> CheckCall? {
        if case .scalar = node {
            return reader.string(node, what: "a check").map { CheckCall(name: $0, arguments: JSONObject(), requirements: requirements, location: node.location) }
        }
        guard node.entries != nil else { return nil }
        let name = reader.required(node["check"], in: node, key: "check", what: "a check") ?? ""
        var args = JSONObject()
        if let w = node["with"] {
            if case .object(let o) = w.json { args = o } else { reader.report(w.location, "with must be a mapping of arguments") }
        }
        let reqs = node["requirements"].map { reader.strings($0, what: "requirements") } ?? requirements
        return CheckCall(name: name, arguments: args, requirements: reqs, location: node.location)
    }

    mutating func decodeForbid(_ node: YAMLNode) -> Forbid? {
        guard reader.mapping(node, allowed: ["receive", "except", "from", "until", "requirements"], what: "a forbid rule") != nil else { return nil }
        var filter = MessageFilter()
        if let r = node["receive"] {
            if case .scalar(let s) = r, s.value == .string("any") { filter.any = true } else { filter.actions = reader.strings(r, what: "receive") }
        } else {
            reader.report(node.location, "a forbid rule needs \"receive\": the action(s), or any")
        }
        filter.except = reader.strings(node["except"], what: "except")
        return Forbid(
            actions: filter, from: reader.string(node["from"], what: "from"), until: reader.string(node["until"], what: "until"),
            requirements: reader.strings(node["requirements"], what: "requirements"), location: node.location)
    }

    mutating func decodeBackground(_ node: YAMLNode?) -> BackgroundOverrides {
        guard let node, reader.mapping(node, allowed: ["tolerate", "replies", "strict", "tolerateWhen", "replyAdditions"], what: "background") != nil else { return BackgroundOverrides() }
        var replies: [String: JSONValue] = [:]
        if let r = node["replies"], let entries = r.entries {
            for e in entries { replies[e.key] = e.value.json }
        }
        var tolerateWhen: [String: JSONValue] = [:]
        if let t = node["tolerateWhen"], let entries = t.entries {
            for e in entries { tolerateWhen[e.key] = e.value.json }
        }
        var replyAdditions: [String: ReplyAddition] = [:]
        if let a = node["replyAdditions"], let entries = a.entries {
            for e in entries {
                guard reader.mapping(e.value, allowed: ["when", "add"], what: "replyAdditions.\(e.key)") != nil else { continue }
                guard let add = e.value["add"]?.json.objectValue else {
                    reader.report(e.value.location, "replyAdditions.\(e.key) needs add: an object with the members to add to the answers to \(e.key)")
                    continue
                }
                replyAdditions[e.key] = ReplyAddition(when: e.value["when"]?.json, add: add)
            }
        }
        return BackgroundOverrides(
            tolerate: reader.strings(node["tolerate"], what: "tolerate"), replies: replies,
            strict: reader.strings(node["strict"], what: "strict"), tolerateWhen: tolerateWhen, replyAdditions: replyAdditions,
            location: node.location)
    }

    static func decodeHex(_ text: String) -> [UInt8]? {
        let digits = text.filter { !$0.isWhitespace }
        guard digits.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        var i = digits.startIndex
        while i < digits.endIndex {
            let j = digits.index(i, offsetBy: 2)
            guard let b = UInt8(digits[i..<j], radix: 16) else { return nil }
            out.append(b)
            i = j
        }
        return out
    }
}
