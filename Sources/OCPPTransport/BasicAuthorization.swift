import Foundation

/// The credentials of an `Authorization: Basic …` header (RFC 7617): a user name and a password,
/// joined by the first colon and base64-encoded. OCPP-J uses the station id as the user name.
struct BasicAuthorization: Sendable, Hashable {
    /// The user name: everything before the first colon.
    var user: String
    /// The password bytes: everything after the first colon.
    var password: [UInt8]

    /// Why an Authorization header could not be read as Basic credentials.
    enum ParseError: Error, Equatable, CustomStringConvertible {
        case notBasicScheme(String)
        case notBase64
        case noColon
        case userNotUTF8

        var description: String {
            switch self {
            case .notBasicScheme(let scheme): "expected the \"Basic\" scheme, but the Authorization header uses \"\(scheme)\""
            case .notBase64: "the Authorization header's credentials are not valid base64"
            case .noColon: "the decoded credentials have no colon between user name and password"
            case .userNotUTF8: "the user name in the credentials is not UTF-8"
            }
        }
    }

    init(user: String, password: [UInt8]) {
        self.user = user
        self.password = password
    }

    /// Reads the value of an Authorization header.
    init(headerValue: String) throws(ParseError) {
        let trimmed = headerValue.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        let scheme = parts.first.map(String.init) ?? ""
        // RFC 7235 §2.1: the scheme name is case-insensitive.
        guard scheme.lowercased() == "basic", parts.count == 2 else { throw .notBasicScheme(scheme) }
        guard let decoded = Data(base64Encoded: parts[1].trimmingCharacters(in: .whitespaces)) else { throw .notBase64 }
        let bytes = [UInt8](decoded)
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { throw .noColon }
        guard let user = String(validating: bytes[..<colon], as: UTF8.self) else { throw .userNotUTF8 }
        self.user = user
        self.password = Array(bytes[(colon + 1)...])
    }

    /// The header value: `Basic base64(user ":" password)`.
    var headerValue: String {
        "Basic " + Data(Array(user.utf8) + [UInt8(ascii: ":")] + password).base64EncodedString()
    }
}
