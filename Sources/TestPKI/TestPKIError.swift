/// Why the test PKI could not do what it was asked; each description is a sentence for the user.
public enum TestPKIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text given as a CSR is not a PEM-encoded PKCS#10 certification request.
    case csrNotParseable(String)
    /// The CSR's signature does not verify with the public key inside it (RFC 2986 §3), so its
    /// sender does not hold the private key.
    case csrSignatureInvalid
    /// The CSR's subject has no common name, or not the one the caller expected.
    case csrCommonNameMismatch(expected: String, found: String?)
    /// A PEM certificate or key given to the PKI could not be read.
    case invalidPEM(what: String, detail: String)
    /// An IP address for a subject alternative name is not dotted-quad IPv4 or colon-hex IPv6.
    case invalidIPAddress(String)

    /// The error as a sentence saying what was expected and what came.
    public var description: String {
        switch self {
        case .csrNotParseable(let detail):
            "Expected a PEM-encoded PKCS#10 certificate signing request (-----BEGIN CERTIFICATE REQUEST-----), but it could not be read: \(detail)"
        case .csrSignatureInvalid:
            "The certificate signing request's signature does not verify with the public key it carries, so it was not made by the holder of that key."
        case .csrCommonNameMismatch(let expected, let found):
            "Expected the certificate signing request's subject common name to be \"\(expected)\", but it was \(found.map { "\"\($0)\"" } ?? "absent")."
        case .invalidPEM(let what, let detail):
            "Expected \(what) in PEM form, but it could not be read: \(detail)"
        case .invalidIPAddress(let text):
            "Expected an IPv4 or IPv6 address for a subject alternative name, but got \"\(text)\"."
        }
    }
}
