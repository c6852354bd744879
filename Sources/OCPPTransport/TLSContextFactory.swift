import NIOSSL

/// Builds NIOSSL contexts from the PEM-based settings of the public API, so that no NIOSSL type
/// appears in it. Configuration mistakes become ``TransportError/invalidConfiguration(_:)``.
enum TLSContextFactory {
    /// The server context for profiles 2 and 3; `nil` for the plain profiles.
    static func serverContext(
        security: ServerSecurity, minimum: TLSProtocolVersion, maximum: TLSProtocolVersion?
    ) throws(TransportError) -> NIOSSLContext? {
        guard let identity = security.identity else { return nil }
        let (chain, key) = try load(identity, role: "server")
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key)
        )
        configuration.minimumTLSVersion = minimum.nioSSL
        configuration.maximumTLSVersion = maximum?.nioSSL
        if case .mutualTLS(_, let trustedClientCAsPEM) = security {
            // Profile 3: a client certificate is required (BoringSSL fails the handshake without
            // one) and must chain to the configured CAs. The host name is not checked: stations are
            // identified by their common name, which the handshake policy compares with the URL.
            configuration.certificateVerification = .noHostnameVerification
            configuration.trustRoots = .certificates(try certificates(trustedClientCAsPEM, what: "trusted client CA certificates"))
            configuration.sendCANameList = true
        }
        return try makeContext(configuration)
    }

    /// The client context for `wss://`.
    static func clientContext(
        trustedCAsPEM: String?, identity: TLSIdentity?, verifyHostname: Bool,
        minimum: TLSProtocolVersion, maximum: TLSProtocolVersion?
    ) throws(TransportError) -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = minimum.nioSSL
        configuration.maximumTLSVersion = maximum?.nioSSL
        configuration.certificateVerification = verifyHostname ? .fullVerification : .noHostnameVerification
        if let trustedCAsPEM {
            configuration.trustRoots = .certificates(try certificates(trustedCAsPEM, what: "trusted CA certificates"))
        }
        if let identity {
            let (chain, key) = try load(identity, role: "client")
            configuration.certificateChain = chain.map { .certificate($0) }
            configuration.privateKey = .privateKey(key)
        }
        return try makeContext(configuration)
    }

    private static func load(_ identity: TLSIdentity, role: String) throws(TransportError) -> ([NIOSSLCertificate], NIOSSLPrivateKey) {
        let chain = try certificates(identity.certificateChainPEM, what: "the \(role) certificate chain")
        do {
            return (chain, try NIOSSLPrivateKey(bytes: Array(identity.privateKeyPEM.utf8), format: .pem))
        } catch {
            throw .invalidConfiguration("Expected the \(role) private key as PEM, but it could not be loaded (\(error)).")
        }
    }

    private static func certificates(_ pem: String, what: String) throws(TransportError) -> [NIOSSLCertificate] {
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMBytes(Array(pem.utf8))
        } catch {
            throw .invalidConfiguration("Expected \(what) as PEM, but they could not be loaded (\(error)).")
        }
        guard !certificates.isEmpty else {
            throw .invalidConfiguration("Expected \(what) as PEM, but the text holds no certificate.")
        }
        return certificates
    }

    private static func makeContext(_ configuration: TLSConfiguration) throws(TransportError) -> NIOSSLContext {
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw .invalidConfiguration("The TLS settings were refused by the TLS library: \(error).")
        }
    }
}

extension TLSProtocolVersion {
    var nioSSL: TLSVersion {
        switch self {
        case .tls1_0: .tlsv1
        case .tls1_1: .tlsv11
        case .tls1_2: .tlsv12
        case .tls1_3: .tlsv13
        }
    }

    init?(_ version: TLSVersion) {
        switch version {
        case .tlsv1: self = .tls1_0
        case .tlsv11: self = .tls1_1
        case .tlsv12: self = .tls1_2
        case .tlsv13: self = .tls1_3
        }
    }
}
