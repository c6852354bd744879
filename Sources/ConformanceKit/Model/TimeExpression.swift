import Foundation
import OCPPProtocol

/// A duration written in a case file: `30s`, `1500ms`, `2m`, or arithmetic over interpolated
/// values: `"{{config.heartbeatInterval}}s + {{config.timeDeviation}}s"`.
public struct TimeExpression: Sendable, Hashable {
    public var text: String

    public init(_ text: String) {
        self.text = text
    }

    /// Parses the syntax (without interpolating) to find mistakes early. Returns a message or nil.
    public var syntaxProblem: String? {
        let probe = text.replacingOccurrences(of: #"\{\{[^}]*\}\}"#, with: "1", options: .regularExpression)
        do {
            _ = try Self.evaluate(probe)
            return nil
        } catch {
            return error.message
        }
    }

    public struct EvaluationError: Error, Sendable {
        public var message: String
    }

    /// Evaluates `text` (already interpolated) to a duration.
    static func evaluate(_ text: String) throws(EvaluationError) -> Duration {
        var total = Duration.zero
        var sign = 1.0
        var expectingTerm = true
        var scanner = Substring(text)
        func skipSpaces() { while scanner.first == " " { scanner.removeFirst() } }
        skipSpaces()
        if scanner.isEmpty { throw EvaluationError(message: "empty duration") }
        while !scanner.isEmpty {
            skipSpaces()
            if expectingTerm {
                var number = ""
                while let c = scanner.first, c.isNumber || c == "." {
                    number.append(c)
                    scanner.removeFirst()
                }
                guard let value = Double(number) else {
                    throw EvaluationError(message: "expected a number with a unit (like 30s) in \"\(text)\"")
                }
                var unit = ""
                while let c = scanner.first, c.isLetter {
                    unit.append(c)
                    scanner.removeFirst()
                }
                let seconds: Double
                switch unit {
                case "ms": seconds = value / 1000
                case "s", "": seconds = value
                case "m", "min": seconds = value * 60
                case "h": seconds = value * 3600
                default: throw EvaluationError(message: "unknown time unit \"\(unit)\" in \"\(text)\" (use ms, s, m or h)")
                }
                total += .milliseconds(Int64((sign * seconds * 1000).rounded()))
                expectingTerm = false
            } else {
                switch scanner.first {
                case "+": sign = 1
                case "-": sign = -1
                default: throw EvaluationError(message: "expected + or - in \"\(text)\"")
                }
                scanner.removeFirst()
                expectingTerm = true
            }
            skipSpaces()
        }
        if expectingTerm { throw EvaluationError(message: "\"\(text)\" ends with an operator") }
        return total
    }
}
