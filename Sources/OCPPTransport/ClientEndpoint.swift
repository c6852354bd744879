import Foundation

/// The parts of a CSMS endpoint URL the client needs: scheme, host, port and the path the station
/// id is appended to.
struct ClientEndpoint: Sendable, Hashable {
    var secure: Bool
    var host: String
    var port: Int
    var path: StationPath

    init(_ text: String) throws(TransportError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw .invalidConfiguration("Expected an endpoint URL like ws://host:port/ocpp, but got \"\(text)\".")
        }
        guard scheme == "ws" || scheme == "wss" else {
            throw .invalidConfiguration("Expected a ws:// or wss:// endpoint URL, but the scheme is \"\(scheme)\".")
        }
        guard let host = components.host, !host.isEmpty else {
            throw .invalidConfiguration("The endpoint URL \"\(text)\" has no host.")
        }
        secure = scheme == "wss"
        // URLComponents keeps IPv6 brackets on some platforms; NIO wants the bare address.
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        port = components.port ?? (secure ? 443 : 80)
        path = StationPath(prefix: components.percentEncodedPath)
    }

    /// The `Host` header value.
    var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return (secure && port == 443) || (!secure && port == 80) ? name : "\(name):\(port)"
    }

    /// Whether the host is an IP address, which cannot go into TLS server name indication (RFC 6066 §3).
    var hostIsIPAddress: Bool {
        host.contains(":") || host.split(separator: ".").count == 4 && host.allSatisfy { $0.isNumber || $0 == "." }
    }
}
