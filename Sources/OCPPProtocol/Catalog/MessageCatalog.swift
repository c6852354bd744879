import Foundation

/// One action of an OCPP version: who sends its request and the schemas of request and response.
public struct ActionEntry: Sendable {
    public let action: String
    /// The roles that may send the request (both for DataTransfer).
    public let senders: [OCPPRole]
    /// True for a 2.1 message sent as SEND (message type 6), which has no response.
    public let isSend: Bool
    public let request: Schema
    /// `nil` only for SEND messages.
    public let response: Schema?

    /// Whether `role` may send this action's request.
    public func isSent(by role: OCPPRole) -> Bool { senders.contains(role) }
}

/// Every action of one OCPP version with its schemas (DESIGN.md, OCPPProtocol).
///
/// The built-in catalogs are generated from the official OCA schemas by
/// `scripts/generate-catalog.py`; ``load(officialSchemasAt:version:)`` reads a folder of the official
/// schema files instead, taking only the directions from the built-in catalog.
public struct MessageCatalog: Sendable {
    public let version: OCPPVersion
    public let entries: [String: ActionEntry]

    public init(version: OCPPVersion, entries: [String: ActionEntry]) {
        self.version = version
        self.entries = entries
    }

    public subscript(action: String) -> ActionEntry? { entries[action] }

    /// Action names in alphabetical order.
    public var actions: [String] { entries.keys.sorted() }

    /// The schema of a request (`response: false`) or response of an action.
    public func schema(for action: String, response: Bool) -> Schema? {
        guard let entry = entries[action] else { return nil }
        return response ? entry.response : entry.request
    }

    /// The built-in catalog of a version (compiled once, on first use).
    public static func builtIn(_ version: OCPPVersion) -> MessageCatalog {
        switch version {
        case .v16: BuiltInCatalogs.v16
        case .v201: BuiltInCatalogs.v201
        case .v21: BuiltInCatalogs.v21
        }
    }

    /// Compiles a catalog document in ocppspec's compact layout (what the generator writes).
    public static func compile(compact text: String, source: String) throws(SchemaError) -> MessageCatalog {
        let document: JSONValue
        do {
            document = try JSONParser(maxDepth: 256).parse(text)
        } catch {
            throw SchemaError(pointer: "", message: "not JSON: \(error)", source: source)
        }
        guard let versionText = document["ocpp"]?.stringValue, let version = OCPPVersion(rawValue: versionText) else {
            throw SchemaError(pointer: "/ocpp", message: "missing or unknown OCPP version", source: source)
        }
        let compiler = try SchemaCompiler(document: document, draft: .draft6, source: source)
        guard let actions = document["actions"]?.arrayValue else {
            throw SchemaError(pointer: "/actions", message: "missing actions array", source: source)
        }
        var entries: [String: ActionEntry] = [:]
        for (i, item) in actions.enumerated() {
            let at = "/actions/\(i)"
            guard let name = item["action"]?.stringValue, let from = item["from"]?.arrayValue else {
                throw SchemaError(pointer: at, message: "an action needs \"action\" and \"from\"", source: source)
            }
            let senders = from.compactMap { $0.stringValue.flatMap(OCPPRole.init(rawValue:)) }
            guard let request = item["request"] else {
                throw SchemaError(pointer: at, message: "missing request schema", source: source)
            }
            let isSend = item["send"]?.boolValue ?? false
            var response: Schema?
            if let r = item["response"] { response = try compiler.compile(r, pointer: at + "/response", draft: .draft6) }
            entries[name] = ActionEntry(
                action: name, senders: senders, isSend: isSend,
                request: try compiler.compile(request, pointer: at + "/request", draft: .draft6), response: response)
        }
        return MessageCatalog(version: version, entries: entries)
    }

    /// Builds a catalog from a folder of official OCA schema files (`BootNotification.json` or
    /// `BootNotificationRequest.json`, and `BootNotificationResponse.json`), for users who want to
    /// validate against the files they certify with. Every action of the built-in catalog must be
    /// there; directions are taken from the built-in catalog.
    public static func load(officialSchemasAt directory: String, version: OCPPVersion) throws(SchemaError) -> MessageCatalog {
        let builtIn = builtIn(version)
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            throw SchemaError(pointer: "", message: "no such directory", source: directory)
        }
        func read(_ file: String) throws(SchemaError) -> Schema? {
            let path = (directory as NSString).appendingPathComponent(file)
            guard let data = fm.contents(atPath: path) else { return nil }
            let doc: JSONValue
            do {
                doc = try JSONParser(maxDepth: 256).parse(Array(data))
            } catch {
                throw SchemaError(pointer: "", message: "not JSON: \(error)", source: path)
            }
            return try SchemaCompiler(document: doc, source: path).compileRoot()
        }
        var entries: [String: ActionEntry] = [:]
        for (name, entry) in builtIn.entries {
            var request = try read(name + "Request.json")
            if request == nil { request = try read(name + ".json") }
            guard let request else {
                throw SchemaError(pointer: "", message: "no schema file for \(name) (\(name)Request.json or \(name).json)", source: directory)
            }
            let response = try read(name + "Response.json")
            if response == nil, !entry.isSend {
                throw SchemaError(pointer: "", message: "no schema file \(name)Response.json", source: directory)
            }
            entries[name] = ActionEntry(action: name, senders: entry.senders, isSend: entry.isSend, request: request, response: response)
        }
        return MessageCatalog(version: version, entries: entries)
    }
}

/// Namespace of the generated catalog texts (see `Generated/`).
enum BuiltInSchemas {}

private enum BuiltInCatalogs {
    static let v16 = compileBuiltIn(BuiltInSchemas.v16, "1.6")
    static let v201 = compileBuiltIn(BuiltInSchemas.v201, "2.0.1")
    static let v21 = compileBuiltIn(BuiltInSchemas.v21, "2.1")

    static func compileBuiltIn(_ text: String, _ name: String) -> MessageCatalog {
        do {
            return try MessageCatalog.compile(compact: text, source: "built-in \(name) catalog")
        } catch {
            // The generated text is checked by CI; reaching this means the build itself is broken.
            fatalError("the built-in OCPP \(name) catalog does not compile: \(error)")
        }
    }
}
