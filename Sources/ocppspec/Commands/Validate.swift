import ArgumentParser
import Foundation
import OCPPProtocol

/// `ocppspec validate`: checks one payload or one OCPP-J frame against the message schemas.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate an OCPP payload or OCPP-J frame against the official message schemas.",
        discussion: """
            Examples:
              ocppspec validate --ocpp 2.0.1 --action BootNotification --request boot.json
              echo '{"currentTime":"2024-01-01T00:00:00Z"}' | ocppspec validate --ocpp 2.0.1 --action Heartbeat --response -
              ocppspec validate --ocpp 1.6 --frame '[2,"1","Heartbeat",{}]'
            Prints every violation as "<JSON pointer>: <what is wrong>". Exit 0 valid, 1 invalid, 2 usage error.
            """
    )

    @Option(name: .customLong("ocpp"), help: "OCPP version: 1.6, 2.0.1 or 2.1.")
    var version: String = "2.0.1"

    @Option(help: "The action (message name without Request/Response), e.g. BootNotification.")
    var action: String?

    @Option(help: ArgumentHelp("A request payload: a file path, or - for standard input.", valueName: "file|-"))
    var request: String?

    @Option(help: ArgumentHelp("A response payload: a file path, or - for standard input.", valueName: "file|-"))
    var response: String?

    @Option(help: ArgumentHelp("A whole OCPP-J frame as JSON text (a CALLRESULT needs --action).", valueName: "json"))
    var frame: String?

    @Option(help: ArgumentHelp("A folder of official OCA schema files to use instead of the built-in catalog.", valueName: "dir"))
    var schemas: String?

    var ocppVersion: OCPPVersion {
        get throws {
            guard let v = OCPPVersion(loose: version) else {
                throw ValidationError("--ocpp must be 1.6, 2.0.1 or 2.1, not \"\(version)\".")
            }
            return v
        }
    }

    func validate() throws {
        _ = try ocppVersion
        let given = [request, response, frame].compactMap { $0 }
        guard given.count == 1 else {
            throw ValidationError("Give exactly one of --request, --response or --frame.")
        }
        if frame == nil, action == nil {
            throw ValidationError("--request and --response need --action to know which schema applies.")
        }
    }

    func run() throws {
        let version = try ocppVersion
        let catalog: MessageCatalog
        if let schemas {
            do {
                catalog = try MessageCatalog.load(officialSchemasAt: schemas, version: version)
            } catch {
                throw ValidationError("Cannot use the schemas in \(schemas): \(error)")
            }
        } else {
            catalog = .builtIn(version)
        }
        var problems: [String] = []
        if let frame {
            problems = try check(frame: frame, catalog: catalog)
        } else {
            let isResponse = response != nil
            let source = (request ?? response)!
            let text = try readInput(source)
            let payload: JSONValue
            do {
                payload = try JSONParser().parse(text)
            } catch {
                print("\(source == "-" ? "standard input" : source): not JSON: \(error)")
                throw ExitCode(1)
            }
            problems = try check(payload: payload, action: action!, isResponse: isResponse, catalog: catalog)
        }
        if problems.isEmpty {
            print("valid")
        } else {
            for p in problems { print(p) }
            throw ExitCode(1)
        }
    }

    func check(payload: JSONValue, action: String, isResponse: Bool, catalog: MessageCatalog) throws -> [String] {
        guard let entry = catalog[action] else {
            throw ValidationError("\"\(action)\" is not an action of OCPP \(catalog.version.rawValue).")
        }
        guard let schema = isResponse ? entry.response : entry.request else {
            throw ValidationError("\(action) is a SEND message and has no response.")
        }
        return SchemaValidator().validate(payload, against: schema).map(\.description)
    }

    func check(frame text: String, catalog: MessageCatalog) throws -> [String] {
        let parser = FrameParser(version: catalog.version, catalog: catalog)
        let parsed: Frame
        do {
            parsed = try parser.parse(text)
        } catch {
            return ["frame: \(error) (the receiver answers \(error.errorCode(for: catalog.version).spelling(for: catalog.version)))"]
        }
        switch parsed {
        case .call(let call), .send(let call):
            return try check(payload: call.payload, action: call.action, isResponse: false, catalog: catalog)
        case .callResult(let result):
            guard let action else {
                throw ValidationError("A CALLRESULT does not name its action: add --action to say which response schema applies.")
            }
            return try check(payload: result.payload, action: action, isResponse: true, catalog: catalog)
        case .callError(let e), .callResultError(let e):
            guard e.code(for: catalog.version) != nil else {
                return ["/2: \"\(e.errorCode)\" is not an error code of OCPP \(catalog.version.rawValue); allowed: "
                    + RPCErrorCode.wireSpellings(for: catalog.version).joined(separator: ", ")]
            }
            return []
        }
    }

    func readInput(_ source: String) throws -> [UInt8] {
        if source == "-" {
            return Array(FileHandle.standardInput.readDataToEndOfFile())
        }
        guard let data = FileManager.default.contents(atPath: source) else {
            throw ValidationError("Cannot read \(source): no such file or not readable.")
        }
        return Array(data)
    }
}
