import ConformanceKit
import Foundation

/// Removes secrets from every text a report or log shows (DESIGN.md, Reports: "Secrets are
/// redacted").
///
/// Configured with the literal secrets of a run (the Basic auth password, anything the DUT profile
/// marks secret) and with patterns for secrets whose value the harness does not know in advance
/// (a PEM private key block, the value of an `Authorization: Basic …` header). Each secret is also
/// looked for in the forms it takes inside frames and URLs: JSON-escaped and percent-encoded.
///
/// ```swift
/// let redactor = Redactor(secrets: Redactor.basicAuthSecrets(username: "CS001", password: pw))
/// let safe = redactor.redact(result)   // every string of the CaseResult
/// ```
public struct Redactor: Sendable {
    /// What a secret is replaced with.
    public static let marker = "[REDACTED]"

    /// A regular expression whose matches are replaced by a template (`$1` refers to a group).
    public struct Pattern: Sendable {
        /// A short name for documentation and tests.
        public let name: String
        let expression: RegexBox
        let template: String

        /// - Throws: when `regex` is not a valid ICU regular expression.
        public init(name: String, regex: String, template: String) throws {
            self.name = name
            self.expression = RegexBox(try NSRegularExpression(pattern: regex, options: []))
            self.template = template
        }

        private init(known name: String, regex: String, template: String) {
            // The built-in expressions are constants of this file; failing here is a programming error.
            self.name = name
            self.expression = RegexBox(try! NSRegularExpression(pattern: regex, options: []))
            self.template = template
        }

        /// A PEM private key block (`-----BEGIN [RSA |EC |ENCRYPTED ]PRIVATE KEY----- … -----END …`),
        /// also when it sits inside a JSON string with `\n` escapes.
        public static let privateKeyBlock = Pattern(
            known: "PEM private key",
            regex: #"-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?-----END \1PRIVATE KEY-----"#,
            template: "-----BEGIN $1PRIVATE KEY-----\(Redactor.marker)-----END $1PRIVATE KEY-----"
        )

        /// The start of a PEM private key whose end was cut off (a truncated frame or log line):
        /// everything after it goes.
        public static let truncatedPrivateKey = Pattern(
            known: "truncated PEM private key",
            regex: #"-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----(?![\s\S]*-----END)[\s\S]*"#,
            template: "-----BEGIN $1PRIVATE KEY-----\(Redactor.marker)"
        )

        /// The credentials of an `Authorization` (or `Proxy-Authorization`) header with the Basic,
        /// Bearer or Digest scheme, in header form or as a JSON/YAML member.
        public static let authorizationHeader = Pattern(
            known: "Authorization header",
            regex: #"(?i)(authorization"?\s*[:=]\s*"?\s*(?:basic|bearer|digest)\s+)[^\s"',;\\]+"#,
            template: "$1\(Redactor.marker)"
        )

        /// The patterns every redactor starts with.
        public static let defaults: [Pattern] = [.privateKeyBlock, .truncatedPrivateKey, .authorizationHeader]
    }

    /// The literal forms searched for, longest first so that a secret containing another one is
    /// replaced whole.
    public let secrets: [String]
    /// The expressions applied after the literal secrets.
    public let patterns: [Pattern]

    /// - Parameters:
    ///   - secrets: literal secret values; empty strings are ignored.
    ///   - patterns: expressions for secrets not known in advance; `Pattern.defaults` unless given.
    public init(secrets: [String] = [], patterns: [Pattern] = Pattern.defaults) {
        var forms = Set<String>()
        for secret in secrets where !secret.isEmpty {
            forms.insert(secret)
            forms.insert(Self.jsonEscaped(secret))
            if let encoded = secret.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) {
                forms.insert(encoded)
            }
        }
        self.secrets = forms.filter { !$0.isEmpty }.sorted { ($0.count, $0) > ($1.count, $1) }
        self.patterns = patterns
    }

    /// A redactor with more secrets, e.g. a password a case generated during the run.
    public func adding(secrets more: [String]) -> Redactor {
        Redactor(secrets: secrets + more, patterns: patterns)
    }

    /// The secrets of HTTP Basic authentication (OCPP security profiles 1 and 2): the password, and
    /// the Base64 `username:password` credentials that travel in the header.
    public static func basicAuthSecrets(username: String, password: String) -> [String] {
        guard !password.isEmpty else { return [] }
        return [password, Data("\(username):\(password)".utf8).base64EncodedString()]
    }

    /// The text with every secret and every pattern match replaced by `Redactor.marker`.
    public func redact(_ text: String) -> String {
        var out = text
        for secret in secrets where out.contains(secret) {
            out = out.replacingOccurrences(of: secret, with: Self.marker)
        }
        for pattern in patterns {
            let regex = pattern.expression.regex
            let range = NSRange(out.startIndex..<out.endIndex, in: out)
            guard regex.firstMatch(in: out, options: [], range: range) != nil else { continue }
            out = regex.stringByReplacingMatches(in: out, options: [], range: range, withTemplate: pattern.template)
        }
        return out
    }

    /// `redact(_:)` of an optional text.
    public func redact(_ text: String?) -> String? {
        text.map { redact($0) }
    }

    /// A trace entry with its text and summary redacted.
    public func redact(_ entry: TraceEntry) -> TraceEntry {
        var e = entry
        e.text = redact(entry.text)
        e.summary = redact(entry.summary)
        e.messageId = redact(entry.messageId)
        return e
    }

    /// A case result with every string redacted: case facts, verdict, trace and warnings.
    public func redact(_ result: CaseResult) -> CaseResult {
        var r = result
        r.info = redact(result.info)
        r.verdict.reason = redact(result.verdict.reason)
        r.verdict.expected = redact(result.verdict.expected)
        r.verdict.actual = redact(result.verdict.actual)
        r.verdict.offendingFrame = redact(result.verdict.offendingFrame)
        r.verdict.requirements = result.verdict.requirements.map { redact($0) }
        if var step = result.verdict.step {
            step.summary = redact(step.summary)
            step.label = redact(step.label)
            step.state = redact(step.state)
            r.verdict.step = step
        }
        r.trace = result.trace.map { redact($0) }
        r.warnings = result.warnings.map { redact($0) }
        return r
    }

    /// Case facts with every string redacted (a case file may interpolate profile values).
    public func redact(_ info: CaseInfo) -> CaseInfo {
        var i = info
        i.name = redact(info.name)
        i.purpose = redact(info.purpose)
        i.file = redact(info.file)
        return i
    }

    /// Run facts with every string redacted (the DUT description may hold a URL with credentials).
    public func redact(_ run: RunInfo) -> RunInfo {
        var r = run
        r.dutDescription = redact(run.dutDescription)
        r.selection = redact(run.selection)
        return r
    }

    static func jsonEscaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}

/// NSRegularExpression is immutable once made and documented as safe to use from several threads;
/// this box says so to the compiler on toolchains where the class is not marked Sendable.
struct RegexBox: @unchecked Sendable {
    let regex: NSRegularExpression
    init(_ regex: NSRegularExpression) { self.regex = regex }
}
