/// Why a text is not JSON, and where: the byte offset, line and column (1-based, columns in bytes).
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case unexpectedEnd(expected: String)
        case unexpectedCharacter(found: String, expected: String)
        case invalidUTF8
        case invalidEscape(String)
        case controlCharacterInString
        case invalidNumber(String)
        case nestingTooDeep(limit: Int)
        case trailingContent
    }

    public let kind: Kind
    public let offset: Int
    public let line: Int
    public let column: Int

    public var description: String {
        let what: String
        switch kind {
        case .unexpectedEnd(let expected): what = "text ends where \(expected) was expected"
        case .unexpectedCharacter(let found, let expected): what = "found \(found) where \(expected) was expected"
        case .invalidUTF8: what = "bytes are not valid UTF-8"
        case .invalidEscape(let e): what = "invalid escape sequence \(e) in string"
        case .controlCharacterInString: what = "unescaped control character in string"
        case .invalidNumber(let n): what = "invalid number \(n)"
        case .nestingTooDeep(let limit): what = "arrays and objects nest deeper than \(limit) levels"
        case .trailingContent: what = "more content after the JSON value"
        }
        return "\(what) (line \(line), column \(column))"
    }
}

/// A strict RFC 8259 JSON parser over UTF-8 bytes.
///
/// Strict means: no `NaN`/`Infinity`, no comments, no trailing commas, no lone values after the
/// top-level one, and the bytes must be valid UTF-8. Nesting is bounded so that a hostile frame
/// cannot exhaust the stack.
public struct JSONParser {
    public let maxDepth: Int

    public init(maxDepth: Int = 64) {
        self.maxDepth = maxDepth
    }

    public func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var copy = text
        let result = copy.withUTF8 { buffer in
            Result { () throws(JSONParseError) -> JSONValue in try parse(bytes: buffer) }
        }
        return try result.get()
    }

    public func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        let result = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONParseError) -> JSONValue in try parse(bytes: buffer) }
        }
        return try result.get()
    }

    public func parse(bytes: UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> JSONValue {
        var reader = Reader(bytes: bytes, maxDepth: maxDepth)
        reader.skipWhitespace()
        let value = try reader.parseValue(depth: 0)
        reader.skipWhitespace()
        if reader.index < bytes.count { throw reader.error(.trailingContent) }
        return value
    }
}

private struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    func error(_ kind: JSONParseError.Kind, at position: Int? = nil) -> JSONParseError {
        let pos = min(position ?? index, bytes.count)
        var line = 1
        var lineStart = 0
        var i = 0
        while i < pos {
            if bytes[i] == UInt8(ascii: "\n") {
                line += 1
                lineStart = i + 1
            }
            i += 1
        }
        return JSONParseError(kind: kind, offset: pos, line: line, column: pos - lineStart + 1)
    }

    func describe(_ byte: UInt8) -> String {
        if byte >= 0x20 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        guard index < bytes.count else { throw error(.unexpectedEnd(expected: "a value")) }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default:
            throw error(.unexpectedCharacter(found: describe(bytes[index]), expected: "a value"))
        }
    }

    mutating func expectWord(_ word: StaticString) throws(JSONParseError) {
        let start = index
        let count = word.utf8CodeUnitCount
        for i in 0..<count {
            guard index < bytes.count else { throw error(.unexpectedEnd(expected: "\(word)")) }
            guard bytes[index] == word.utf8Start[i] else {
                throw error(.unexpectedCharacter(found: describe(bytes[index]), expected: "a value"), at: start)
            }
            index += 1
        }
    }

    mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
        if depth > maxDepth { throw error(.nestingTooDeep(limit: maxDepth)) }
        index += 1
        var members: [JSONObject.Member] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(JSONObject(members))
        }
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw error(.unexpectedEnd(expected: "an object key")) }
            guard bytes[index] == UInt8(ascii: "\"") else {
                throw error(.unexpectedCharacter(found: describe(bytes[index]), expected: "an object key in double quotes"))
            }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count else { throw error(.unexpectedEnd(expected: "':'")) }
            guard bytes[index] == UInt8(ascii: ":") else {
                throw error(.unexpectedCharacter(found: describe(bytes[index]), expected: "':' after an object key"))
            }
            index += 1
            skipWhitespace()
            let value = try parseValue(depth: depth)
            members.append(JSONObject.Member(key: key, value: value))
            skipWhitespace()
            guard index < bytes.count else { throw error(.unexpectedEnd(expected: "',' or '}'")) }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                return .object(JSONObject(members))
            default:
                throw error(.unexpectedCharacter(found: describe(bytes[index]), expected: "',' or '}' after an object member"))
            }
        }
    }

    mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
        if depth > maxDepth { throw error(.nestingTooDeep(limit: maxDepth)) }
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        // Room for an OCPP-J frame (3 to 5 elements) at once instead of growing 1, 2, 4, 8.
        elements.reserveCapacity(5)
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            guard index < bytes.count else { throw error(.unexpectedEnd(expected: "',' or ']'")) }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                return .array(elements)
            default:
                throw error(.unexpectedCharacter(found: describe(bytes[index]), expected: "',' or ']' after an array element"))
            }
        }
    }

    mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        let start = index
        var integer = true
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        func isDigit(_ i: Int) -> Bool { i < bytes.count && bytes[i] >= 0x30 && bytes[i] <= 0x39 }
        guard isDigit(index) else { throw error(.invalidNumber(text(from: start)), at: start) }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if isDigit(index) {
                while isDigit(index) { index += 1 }
                throw error(.invalidNumber(text(from: start) + " (leading zero)"), at: start)
            }
        } else {
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            integer = false
            index += 1
            guard isDigit(index) else { throw error(.invalidNumber(text(from: start)), at: start) }
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            integer = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard isDigit(index) else { throw error(.invalidNumber(text(from: start)), at: start) }
            while isDigit(index) { index += 1 }
        }
        let literal = text(from: start)
        // Integers of up to 15 digits (message type ids, connector ids, counters…) are exact in a
        // double and are summed here; the rest go through the C library's correctly rounded
        // conversion.
        if integer, index - start <= 15 {
            var magnitude = 0
            for offset in start..<index where bytes[offset] != UInt8(ascii: "-") {
                magnitude = magnitude * 10 + Int(bytes[offset] &- 0x30)
            }
            let value = bytes[start] == UInt8(ascii: "-") ? -Double(magnitude) : Double(magnitude)
            return JSONNumber(literal: literal, doubleValue: value, isIntegerLiteral: true)
        }
        guard let value = Double(literal) else { throw error(.invalidNumber(literal), at: start) }
        return JSONNumber(literal: literal, doubleValue: value, isIntegerLiteral: integer)
    }

    func text(from start: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<min(index, bytes.count)]), as: UTF8.self)
    }

    mutating func parseString() throws(JSONParseError) -> String {
        index += 1
        let start = index
        // Fast path: no escapes and plain ASCII.
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return s
            }
            if b == UInt8(ascii: "\\") || b >= 0x80 { break }
            if b < 0x20 { throw error(.controlCharacterInString) }
            index += 1
        }
        var scalars = String.UnicodeScalarView()
        for b in bytes[start..<index] { scalars.append(Unicode.Scalar(b)) }
        while true {
            guard index < bytes.count else { throw error(.unexpectedEnd(expected: "'\"' closing the string")) }
            let b = bytes[index]
            switch b {
            case UInt8(ascii: "\""):
                index += 1
                return String(scalars)
            case UInt8(ascii: "\\"):
                scalars.append(try parseEscape())
            case 0..<0x20:
                throw error(.controlCharacterInString)
            case 0..<0x80:
                scalars.append(Unicode.Scalar(b))
                index += 1
            default:
                scalars.append(try decodeUTF8())
            }
        }
    }

    mutating func parseEscape() throws(JSONParseError) -> Unicode.Scalar {
        let start = index
        index += 1
        guard index < bytes.count else { throw error(.unexpectedEnd(expected: "an escape sequence")) }
        let c = bytes[index]
        index += 1
        switch c {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let high = try hex4(escapeStart: start)
            if (0xD800..<0xDC00).contains(high) {
                // A surrogate pair arrives as two escapes; a lone half becomes U+FFFD.
                if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                    let save = index
                    index += 2
                    let low = try hex4(escapeStart: save)
                    if (0xDC00..<0xE000).contains(low) {
                        return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)) ?? "\u{FFFD}"
                    }
                    index = save
                }
                return "\u{FFFD}"
            }
            return Unicode.Scalar(high) ?? "\u{FFFD}"
        default:
            throw error(.invalidEscape("\\" + String(decoding: [c], as: UTF8.self)), at: start)
        }
    }

    mutating func hex4(escapeStart: Int) throws(JSONParseError) -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count else { throw error(.unexpectedEnd(expected: "four hex digits")) }
            let c = bytes[index]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default:
                let seq = String(decoding: UnsafeBufferPointer(rebasing: bytes[escapeStart..<min(index + 1, bytes.count)]), as: UTF8.self)
                throw error(.invalidEscape(seq), at: escapeStart)
            }
            v = v << 4 | d
            index += 1
        }
        return v
    }

    mutating func decodeUTF8() throws(JSONParseError) -> Unicode.Scalar {
        let b0 = bytes[index]
        let length: Int
        var value: UInt32
        switch b0 {
        case 0xC2...0xDF: length = 2; value = UInt32(b0 & 0x1F)
        case 0xE0...0xEF: length = 3; value = UInt32(b0 & 0x0F)
        case 0xF0...0xF4: length = 4; value = UInt32(b0 & 0x07)
        default: throw error(.invalidUTF8)
        }
        guard index + length <= bytes.count else { throw error(.invalidUTF8) }
        for i in 1..<length {
            let b = bytes[index + i]
            guard b & 0xC0 == 0x80 else { throw error(.invalidUTF8) }
            value = value << 6 | UInt32(b & 0x3F)
        }
        // Reject overlong forms, surrogates and values past U+10FFFF.
        let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
        guard value >= minimum, let scalar = Unicode.Scalar(value) else { throw error(.invalidUTF8) }
        index += length
        return scalar
    }
}
