/// The password of HTTP Basic authentication (security profiles 1 and 2), as bytes.
///
/// OCPP 1.6 calls it the AuthorizationKey and carries it in ChangeConfiguration as 40 hex digits,
/// while the Authorization header carries the key itself (OCPP-J 1.6 §6.2.2: a 20-byte key); OCPP
/// 2.0.1 and 2.1 use `SecurityCtrlr.BasicAuthPassword`, a string of 16 to 40 characters. Bytes cover
/// both, including 1.6 keys that are not UTF-8.
public struct BasicAuthPassword: Sendable, Hashable, CustomStringConvertible {
    /// The password bytes exactly as they go into `base64(user ":" password)`.
    public let bytes: [UInt8]

    /// A password given as text (its UTF-8 bytes).
    public init(_ text: String) {
        self.bytes = Array(text.utf8)
    }

    /// A password given as raw bytes.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// An OCPP 1.6 AuthorizationKey given in its configuration form: hexadecimal digits, two per
    /// byte. Returns `nil` when the text is not an even number of hex digits.
    public init?(hexAuthorizationKey hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = Self.hexValue(digits[index]), let low = Self.hexValue(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        self.bytes = bytes
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Compares in time that does not depend on where the first difference is, so that a peer
    /// cannot learn the password byte by byte from response times.
    func matches(_ other: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: bytes.count ^ other.count)
        for index in 0..<min(bytes.count, other.count) {
            difference |= bytes[index] ^ other[index]
        }
        return difference == 0
    }

    /// Never the password itself: descriptions end up in logs and reports.
    public var description: String { "BasicAuthPassword(\(bytes.count) bytes)" }
}
