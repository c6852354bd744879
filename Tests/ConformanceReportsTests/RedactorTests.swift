import ConformanceKit
import Foundation
import Testing

@testable import ConformanceReports

@Suite struct RedactorTests {
    let redactor = SampleRun.redactor

    @Test func literalSecretsAndTheirEncodedForms() {
        let pw = SampleRun.basicAuthPassword
        #expect(redactor.redact("password is \(pw).") == "password is [REDACTED].")
        let base64 = Data("CS001:\(pw)".utf8).base64EncodedString()
        #expect(redactor.redact("creds \(base64)") == "creds [REDACTED]")
        let quoted = Redactor(secrets: [#"a"b\c"#])
        #expect(quoted.redact(#"{"v":"a\"b\\c"}"#) == #"{"v":"[REDACTED]"}"#)
        let url = Redactor(secrets: ["p@ss word"])
        #expect(url.redact("wss://cs:p%40ss%20word@csms") == "wss://cs:[REDACTED]@csms")
    }

    @Test func longerSecretsFirst() {
        let r = Redactor(secrets: ["abc", "abcdef"])
        #expect(r.redact("abcdef abc") == "[REDACTED] [REDACTED]")
    }

    @Test func authorizationHeaderValues() {
        let r = Redactor()
        #expect(r.redact("Authorization: Basic Q1MwMDE6eHl6") == "Authorization: Basic [REDACTED]")
        #expect(r.redact("authorization:basic   Q1MwMDE6eHl6\r\nHost: x") == "authorization:basic   [REDACTED]\r\nHost: x")
        #expect(r.redact(#"{"Authorization": "Basic Q1MwMDE6eHl6"}"#) == #"{"Authorization": "Basic [REDACTED]"}"#)
        #expect(r.redact("Proxy-Authorization: Bearer abc.def") == "Proxy-Authorization: Bearer [REDACTED]")
        #expect(r.redact("the basic profile") == "the basic profile")
    }

    @Test func privateKeyBlocks() {
        let r = Redactor()
        #expect(r.redact("key: \(SampleRun.privateKey) done") == "key: -----BEGIN EC PRIVATE KEY-----[REDACTED]-----END EC PRIVATE KEY----- done")
        // Inside a JSON string the line breaks are \n escapes.
        let json = #"{"key":"-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----\n","cert":"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"}"#
        #expect(r.redact(json) == #"{"key":"-----BEGIN PRIVATE KEY-----[REDACTED]-----END PRIVATE KEY-----\n","cert":"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"}"#)
        #expect(r.redact("cut -----BEGIN RSA PRIVATE KEY-----\nMIIEow") == "cut -----BEGIN RSA PRIVATE KEY-----[REDACTED]")
    }

    @Test func wholeResults() {
        let result = redactor.redact(SampleRun.pass)
        let everything = "\(result)"
        #expect(!everything.contains(SampleRun.basicAuthPassword))
        #expect(result.trace[1].text.hasSuffix("Authorization: Basic [REDACTED]"))
        #expect(result.trace[6].text.contains(#""attributeValue":"[REDACTED]""#))
    }

    @Test func customPatterns() throws {
        let r = Redactor(patterns: Redactor.Pattern.defaults + [try Redactor.Pattern(name: "token", regex: #"tok_[a-z0-9]+"#, template: "tok_[REDACTED]")])
        #expect(r.redact("use tok_abc123 now") == "use tok_[REDACTED] now")
        #expect(throws: (any Error).self) { try Redactor.Pattern(name: "bad", regex: "(", template: "") }
    }
}
