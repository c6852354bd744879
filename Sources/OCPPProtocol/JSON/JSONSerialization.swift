extension JSONValue {
    /// Compact JSON text. Numbers are written as their original literal; non-ASCII text stays UTF-8.
    public var jsonText: String {
        var out = JSONTextWriter()
        out.write(self)
        return out.text
    }

    /// Indented JSON text (two spaces) for reports and error messages.
    public var prettyJSONText: String {
        var out = JSONTextWriter(indent: 2)
        out.write(self)
        return out.text
    }
}

/// Writes JSON as UTF-8 bytes and makes one `String` of them at the end: every message the harness
/// sends goes through here, and appending bytes costs a fraction of appending to a `String`.
struct JSONTextWriter {
    private var bytes: [UInt8] = []
    /// Spaces per level for indented text; nil for compact text.
    private let indent: Int?

    init(indent: Int? = nil) {
        self.indent = indent
        bytes.reserveCapacity(128)
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func write(_ value: JSONValue, level: Int = 0) {
        switch value {
        case .null: append("null")
        case .bool(let b): append(b ? "true" : "false")
        case .number(let n): append(n.literal)
        case .string(let s): writeString(s)
        case .array(let a):
            guard !a.isEmpty else { return append("[]") }
            bytes.append(UInt8(ascii: "["))
            for (i, v) in a.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(level: level + 1)
                write(v, level: level + 1)
            }
            newline(level: level)
            bytes.append(UInt8(ascii: "]"))
        case .object(let o):
            guard !o.isEmpty else { return append("{}") }
            bytes.append(UInt8(ascii: "{"))
            for (i, m) in o.members.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(level: level + 1)
                writeString(m.key)
                bytes.append(UInt8(ascii: ":"))
                if indent != nil { bytes.append(UInt8(ascii: " ")) }
                write(m.value, level: level + 1)
            }
            newline(level: level)
            bytes.append(UInt8(ascii: "}"))
        }
    }

    // An OCPP-J frame, compact: `[type,"string",…,last]`.

    /// Starts a frame with its message type number (one digit, 2 to 6).
    mutating func openFrame(_ type: MessageType) {
        bytes.append(UInt8(ascii: "["))
        bytes.append(UInt8(ascii: "0") + UInt8(type.rawValue))
    }

    /// A string element after the message type.
    mutating func writeElement(_ string: String) {
        bytes.append(UInt8(ascii: ","))
        writeString(string)
    }

    /// The last element (payload or error details) and the end of the frame.
    mutating func closeFrame(last: JSONValue) {
        bytes.append(UInt8(ascii: ","))
        write(last)
        bytes.append(UInt8(ascii: "]"))
    }

    private mutating func append(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    private mutating func newline(level: Int) {
        guard let indent else { return }
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * level))
    }

    /// A JSON string. Only ASCII characters are ever escaped, and every byte of a multi-byte UTF-8
    /// sequence is 0x80 or above, so the text can be escaped byte by byte.
    mutating func writeString(_ s: String) {
        var s = s
        bytes.append(UInt8(ascii: "\""))
        s.withUTF8 { utf8 in
            // Fast path: most OCPP strings need no escaping at all.
            guard utf8.contains(where: Self.needsEscape) else { return bytes.append(contentsOf: utf8) }
            for byte in utf8 {
                guard Self.needsEscape(byte) else {
                    bytes.append(byte)
                    continue
                }
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                default:
                    // \u00XX, lower-case hex as before.
                    bytes.append(contentsOf: "u00".utf8)
                    bytes.append(Self.hexDigits[Int(byte >> 4)])
                    bytes.append(Self.hexDigits[Int(byte & 0xF)])
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F
    }
}
