/// A TLS protocol version, for the limits a server enforces and a client offers.
public enum TLSProtocolVersion: String, Sendable, Hashable, CaseIterable, Comparable {
    /// TLS 1.0 (RFC 2246); obsolete, for negative tests only.
    case tls1_0 = "TLSv1.0"
    /// TLS 1.1 (RFC 4346); obsolete, for negative tests only.
    case tls1_1 = "TLSv1.1"
    /// TLS 1.2 (RFC 5246): the minimum OCPP allows.
    case tls1_2 = "TLSv1.2"
    /// TLS 1.3 (RFC 8446).
    case tls1_3 = "TLSv1.3"

    /// Older versions order first.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A certificate chain and its private key, PEM-encoded: how a TLS endpoint proves who it is.
public struct TLSIdentity: Sendable, Hashable {
    /// The end-entity certificate first, then any intermediates, as concatenated PEM blocks.
    public var certificateChainPEM: String
    /// The private key of the first certificate (PKCS#8, SEC1 or PKCS#1 PEM).
    public var privateKeyPEM: String

    /// An identity from PEM text.
    public init(certificateChainPEM: String, privateKeyPEM: String) {
        self.certificateChainPEM = certificateChainPEM
        self.privateKeyPEM = privateKeyPEM
    }
}

/// How the server authenticates Charging Stations: OCPP security profiles 0 to 3 (OCPP 2.0.1 Part 2
/// A00, OCPP 1.6 Security Whitepaper §2).
public enum ServerSecurity: Sendable {
    /// Profile 0: plain `ws://`, no authentication. Not part of the OCPP security model; for labs only.
    case unsecured
    /// Profile 1: plain `ws://` with HTTP Basic authentication. `passwords` maps station id to password.
    case basicAuth(passwords: [String: BasicAuthPassword])
    /// Profile 2: `wss://` (TLS 1.2 or later) with HTTP Basic authentication.
    case tlsWithBasicAuth(identity: TLSIdentity, passwords: [String: BasicAuthPassword])
    /// Profile 3: `wss://` with a client certificate that must chain to one of `trustedClientCAsPEM`
    /// (concatenated PEM certificates). Basic auth is not used.
    case mutualTLS(identity: TLSIdentity, trustedClientCAsPEM: String)

    /// The OCPP security profile number.
    public var profile: Int {
        switch self {
        case .unsecured: 0
        case .basicAuth: 1
        case .tlsWithBasicAuth: 2
        case .mutualTLS: 3
        }
    }

    /// The Basic auth passwords by station id, for the profiles that use them.
    var passwords: [String: BasicAuthPassword]? {
        switch self {
        case .basicAuth(let passwords), .tlsWithBasicAuth(_, let passwords): passwords
        case .unsecured, .mutualTLS: nil
        }
    }

    /// The server's certificate and key, for the profiles that use TLS.
    var identity: TLSIdentity? {
        switch self {
        case .tlsWithBasicAuth(let identity, _), .mutualTLS(let identity, _): identity
        case .unsecured, .basicAuth: nil
        }
    }
}

/// Size limits on what a peer may send, enforced before anything is buffered in full.
public struct WebSocketLimits: Sendable, Hashable {
    /// The largest message, in bytes, after reassembling fragments. A larger frame or message is a
    /// violation and closes the connection with 1009 (RFC 6455 §7.4.1).
    public var maxMessageSize: Int
    /// The most fragments one message may have; more closes the connection with 1009.
    public var maxFragments: Int

    /// Limits with the given values; the defaults suit OCPP (1 MiB, 4096 fragments).
    public init(maxMessageSize: Int = 1 << 20, maxFragments: Int = 4096) {
        self.maxMessageSize = maxMessageSize
        self.maxFragments = maxFragments
    }

    func validate() throws(TransportError) {
        guard (1...Int(UInt32.max)).contains(maxMessageSize) else {
            throw .invalidConfiguration("maxMessageSize must be between 1 and \(UInt32.max) bytes, but is \(maxMessageSize).")
        }
        guard maxFragments >= 1 else {
            throw .invalidConfiguration("maxFragments must be at least 1, but is \(maxFragments).")
        }
    }
}
