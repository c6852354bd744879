import NIOSSL

/// Turns NIOSSL and BoringSSL errors into sentences a certification engineer can act on, keeping
/// BoringSSL's reason code in brackets for searching.
enum TLSFailureDescription {
    /// BoringSSL reason codes and what they mean for an OCPP connection.
    static let meanings: [String: String] = [
        "PEER_DID_NOT_RETURN_A_CERTIFICATE": "the client presented no certificate, but security profile 3 requires one",
        "CERTIFICATE_VERIFY_FAILED": "the peer's certificate did not verify against the trusted CAs (unknown issuer, self-signed, expired, not yet valid, or not for this use)",
        "UNSUPPORTED_PROTOCOL": "the peer offered only TLS versions this side does not accept (OCPP requires TLS 1.2 or later)",
        "TLSV1_ALERT_PROTOCOL_VERSION": "the peer refused every TLS version offered",
        "SSLV3_ALERT_CERTIFICATE_EXPIRED": "the peer rejected this side's certificate as expired",
        "SSLV3_ALERT_BAD_CERTIFICATE": "the peer rejected this side's certificate",
        "SSLV3_ALERT_HANDSHAKE_FAILURE": "the peer aborted the handshake (no common cipher or version, or a certificate it refused)",
        "TLSV1_ALERT_UNKNOWN_CA": "the peer does not trust the CA that issued this side's certificate",
        "TLSV1_ALERT_CERTIFICATE_REQUIRED": "the peer requires a client certificate and none was sent",
        "TLSV1_ALERT_DECRYPT_ERROR": "the peer could not verify this side's handshake signature",
        "WRONG_VERSION_NUMBER": "the peer does not speak TLS (plain ws:// to a wss:// port?)",
        "NO_SHARED_CIPHER": "the two sides have no cipher suite in common",
        "HTTP_REQUEST": "the peer sent plain HTTP to a TLS port",
    ]

    /// A sentence for a TLS error.
    static func describe(_ error: any Error) -> String {
        if let extra = error as? NIOSSLExtraError, extra == .failedToValidateHostname {
            return "the certificate does not name the host that was dialled (\(extra))"
        }
        let text = "\(error)"
        if let code = reasonCode(in: text) {
            return "\(meanings[code] ?? "the TLS library reported \(code)") [\(code)]"
        }
        if let error = error as? NIOSSLError, case .uncleanShutdown = error {
            return "the peer closed the connection in the middle of the TLS handshake"
        }
        return text
    }

    /// The reason token of a BoringSSL error string such as
    /// `error:1000007d:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED at …`.
    static func reasonCode(in text: String) -> String? {
        guard let marker = text.range(of: "OPENSSL_internal:") else { return nil }
        let code = text[marker.upperBound...].prefix { $0.isUppercase || $0.isNumber || $0 == "_" }
        return code.isEmpty ? nil : String(code)
    }
}
