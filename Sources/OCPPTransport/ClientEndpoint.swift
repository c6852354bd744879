import Foundation

/// The parts of a CSMS endpoint URL the client needs: scheme, host, port and the path the station
/// id is appended to.
struct ClientEndpoint: Sendable, Hashable {
    var secure: Bool
    var host: String
    var port: Int
    var path: StationPath
    /// The percent-encoded path of a URL template (`/ws/ocpp/{stationId}/`), with the station id's
    /// place marked by ``Self/stationIdMarker``; nil when the station id is appended.
    var pathTemplate: String?

    /// `{stationId}` as it stands in a parsed URL's percent-encoded path.
    static let stationIdMarker = "%7BstationId%7D"

    /// - Parameter text: `ws://host:port/path` (the station id is appended as the last segment) or a
    ///   template holding `{stationId}` where the id goes (`ws://host/ws/ocpp/{stationId}/`).
    init(_ text: String) throws(TransportError) {
        let templated = text.contains("{stationId}")
        let parseable = text.replacingOccurrences(of: "{stationId}", with: Self.stationIdMarker)
        guard let components = URLComponents(string: parseable), let scheme = components.scheme?.lowercased() else {
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
        if templated {
            guard components.percentEncodedPath.contains(Self.stationIdMarker) else {
                throw .invalidConfiguration("The endpoint URL \"\(text)\" has {stationId} outside its path; only the path may hold it.")
            }
            let query = components.percentEncodedQuery.map { "?" + $0 } ?? ""
            pathTemplate = components.percentEncodedPath + query
        }
    }

    /// The request target for `stationId`: the template with the id in its place, or the endpoint
    /// path, "/" and the id.
    func requestTarget(stationId: String) -> String {
        guard let pathTemplate else { return path.requestTarget(stationId: stationId) }
        return pathTemplate.replacingOccurrences(of: Self.stationIdMarker, with: StationPath.percentEncode(stationId))
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
