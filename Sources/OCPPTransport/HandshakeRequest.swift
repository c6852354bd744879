import Foundation

/// What the server learnt about one upgrade request: the HTTP request head and, under TLS, the
/// negotiated version and the client certificate. Plain values, so the policy runs without sockets.
struct HandshakeRequest: Sendable {
    var method: String
    var target: String
    /// Header fields in arrival order; names compare case-insensitively.
    var headers: [(name: String, value: String)]
    var remoteAddress: String?
    var tlsVersion: String?
    /// The client certificate's subject, e.g. `CN=CS001,O=Example CSO` (mutual TLS).
    var peerCertificateSubject: String?
    /// The client certificate's subject common name (mutual TLS).
    var peerCommonName: String?

    /// All values of a header, comma-separated lists split into their elements (RFC 9110 §5.3).
    func listValues(_ name: String) -> [String] {
        headers.filter { $0.name.lowercased() == name }
            .flatMap { $0.value.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    /// The values of a header that must not be split at commas (`Authorization`).
    func values(_ name: String) -> [String] {
        headers.filter { $0.name.lowercased() == name }.map(\.value)
    }
}
