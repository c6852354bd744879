import OCPPProtocol

/// A line-oriented front end to a device's `perform(action:arguments:)`, so that other tools can
/// drive a standalone reference device through stdin, a FIFO or a socket.
///
/// A line is an action name followed by `key=value` arguments: `plugIn evse=1 connector=1`,
/// `presentIdToken idToken=ABC type=ISO14443`, `RequestStartTransaction idToken="A B" evseId=1`.
/// Values that read as integers or `true`/`false` become JSON numbers and booleans; a value may be
/// double-quoted to keep spaces, or be JSON itself when it starts with `{` or `[`. Each line gets
/// one line of JSON back: `{"ok":true,"result":{…}}` or `{"ok":false,"error":"…"}`.
public struct ControlCommandInterface: Sendable {
    /// Carries out one parsed command.
    public typealias Perform = @Sendable (_ action: String, _ arguments: JSONValue) async throws -> JSONValue

    private let perform: Perform

    /// An interface in front of any `perform` function.
    public init(perform: @escaping Perform) {
        self.perform = perform
    }

    /// An interface that drives a reference Charging Station.
    public init(station: ReferenceChargingStation) {
        self.perform = { try await station.perform(action: $0, arguments: $1) }
    }

    /// An interface that makes a reference CSMS send requests.
    public init(csms: ReferenceCSMS) {
        self.perform = { try await csms.perform(action: $0, arguments: $1) }
    }

    /// Splits a line into its action and arguments; `nil` for blank lines and `#` comments.
    public static func parse(_ line: String) throws(ControlError) -> (action: String, arguments: JSONValue)? {
        let words = try split(line)
        guard let action = words.first, !action.hasPrefix("#") else { return nil }
        var arguments = JSONObject()
        for word in words.dropFirst() {
            guard let eq = word.firstIndex(of: "="), eq != word.startIndex else {
                throw .invalidCommand("\"\(word)\" is not a key=value argument (line: \(line))")
            }
            let key = String(word[..<eq])
            arguments[key] = value(String(word[word.index(after: eq)...]))
        }
        return (action, .object(arguments))
    }

    private static func value(_ text: String) -> JSONValue {
        if let i = Int(text) { return .int(i) }
        if text == "true" { return .bool(true) }
        if text == "false" { return .bool(false) }
        if text.hasPrefix("{") || text.hasPrefix("["), let json = try? JSONParser().parse(text) { return json }
        return .string(text)
    }

    private static func split(_ line: String) throws(ControlError) -> [String] {
        var words: [String] = []
        var current = ""
        var inQuotes = false
        var depth = 0
        var started = false
        for ch in line {
            if ch == "\"" && depth == 0 {
                inQuotes.toggle()
                started = true
                continue
            }
            if !inQuotes {
                if ch == "{" || ch == "[" { depth += 1 }
                if ch == "}" || ch == "]" { depth -= 1 }
            }
            if ch.isWhitespace && !inQuotes && depth == 0 {
                if started { words.append(current) }
                current = ""
                started = false
            } else {
                current.append(ch)
                started = true
            }
        }
        if inQuotes { throw .invalidCommand("unterminated quote in: \(line)") }
        if started { words.append(current) }
        return words
    }

    /// Runs one line and returns the one-line JSON answer; `nil` for blank lines and comments.
    public func execute(line: String) async -> String? {
        do {
            guard let (action, arguments) = try Self.parse(line) else { return nil }
            let result = try await perform(action, arguments)
            return JSONValue.object(["ok": true, "result": result]).jsonText
        } catch {
            return JSONValue.object(["ok": false, "error": .string(String(describing: error))]).jsonText
        }
    }

    /// Answers every line of `lines` through `reply`, until the lines end or the task is cancelled.
    public func serve<Lines: AsyncSequence>(lines: Lines, reply: @Sendable (String) async -> Void) async throws where Lines.Element == String {
        for try await line in lines {
            if let answer = await execute(line: line) { await reply(answer) }
        }
    }
}
