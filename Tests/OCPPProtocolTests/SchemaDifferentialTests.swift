import Foundation
import Testing
@testable import OCPPProtocol

/// ocppspec's validator against the reference Python `jsonschema` with the official OCA schema
/// files, on a corpus of valid and systematically mutated payloads for every action of every
/// version (scripts/oracle/differential_corpus.py). The verdicts must agree on every payload.
@Suite("Schema validation agrees with the official schemas and jsonschema", .serialized)
struct SchemaDifferentialTests {
    struct Row {
        let version: OCPPVersion
        let action: String
        let isResponse: Bool
        let mutation: String
        let payload: String
        let valid: Bool
    }

    static func loadCorpus() throws -> [Row] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ocppspec-corpus-\(ProcessInfo.processInfo.processIdentifier).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        let summary = try PythonOracle.run(["scripts/oracle/differential_corpus.py", "--out", file.path])
        print(summary, terminator: "")
        let text = try String(contentsOf: file, encoding: .utf8)
        var rows: [Row] = []
        for line in text.split(separator: "\n") {
            let v = try JSONParser().parse(String(line))
            guard let version = v["ocpp"]?.stringValue.flatMap(OCPPVersion.init(rawValue:)),
                let action = v["action"]?.stringValue, let message = v["message"]?.stringValue,
                let mutation = v["mutation"]?.stringValue, let payload = v["payload"]?.stringValue,
                let valid = v["valid"]?.boolValue
            else { throw PythonOracle.OracleError("bad corpus line: \(line)") }
            rows.append(Row(version: version, action: action, isResponse: message == "response", mutation: mutation, payload: payload, valid: valid))
        }
        return rows
    }

    static func officialSchemaDirectory(_ version: OCPPVersion) throws -> String {
        let folder = ["1.6": "v16", "2.0.1": "v201", "2.1": "v21"][version.rawValue]!
        let root = try PythonOracle.run(["-c", "import ocpp, os; print(os.path.dirname(ocpp.__file__))"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return root + "/" + folder + "/schemas"
    }

    @Test(.enabled(if: PythonOracle.shouldRun, "Python oracle missing: run scripts/setup-python.sh"))
    func verdictsAgreeForEveryVersion() throws {
        let rows = try Self.loadCorpus()
        for version in OCPPVersion.allCases {
            let builtIn = MessageCatalog.builtIn(version)
            let official = try MessageCatalog.load(officialSchemasAt: try Self.officialSchemaDirectory(version), version: version)
            let versionRows = rows.filter { $0.version == version }
            #expect(versionRows.count >= 5000, "OCPP \(version.rawValue): only \(versionRows.count) payloads")
            #expect(Set(versionRows.map(\.action)) == Set(builtIn.actions), "every action of \(version.rawValue) is in the corpus")
            var disagreements: [String] = []
            var validCount = 0
            for row in versionRows {
                let payload = try JSONParser().parse(row.payload)
                for (name, catalog) in [("built-in", builtIn), ("official files", official)] {
                    guard let schema = catalog.schema(for: row.action, response: row.isResponse) else {
                        disagreements.append("\(name): no schema for \(row.action)")
                        continue
                    }
                    let violations = SchemaValidator().validate(payload, against: schema)
                    if violations.isEmpty != row.valid {
                        disagreements.append(
                            "\(name) \(version.rawValue) \(row.action) \(row.isResponse ? "response" : "request") [\(row.mutation)]: oracle says \(row.valid ? "valid" : "invalid"), ocppspec says \(violations.isEmpty ? "valid" : violations.map(\.description).joined(separator: "; "))\n    \(row.payload.prefix(300))")
                    }
                }
                if row.valid { validCount += 1 }
            }
            print("OCPP \(version.rawValue): \(versionRows.count) payloads (\(validCount) valid), \(disagreements.count) disagreements")
            #expect(disagreements.isEmpty, "\(disagreements.count) disagreements, first: \(disagreements.prefix(10).joined(separator: "\n"))")
            #expect(validCount > 0 && validCount < versionRows.count, "the corpus has both valid and invalid payloads")
        }
    }
}
