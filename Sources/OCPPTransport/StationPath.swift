import Foundation

/// The connection URL path of OCPP-J §3.1.1: the CSMS endpoint path, then "/" and the station id,
/// percent-encoded (RFC 3986). `/ocpp/CS001` with prefix `ocpp` is station `CS001`;
/// `/ocppj/RDAM%20123` with prefix `ocppj` is station `RDAM 123`.
struct StationPath: Sendable, Hashable {
    /// The endpoint path segments before the station id (`["webServices", "ocpp"]`).
    let prefixSegments: [String]

    /// Why a request path is not a connection URL path under this prefix.
    enum Mismatch: Error, Equatable, CustomStringConvertible {
        case prefix(expected: String, found: String)
        case noStationId(String)
        case extraSegments(String)
        case badPercentEncoding(String)

        var description: String {
            switch self {
            case .prefix(let expected, let found): "expected a path of the form \(expected)/<stationId>, but got \(found)"
            case .noStationId(let found): "expected a station id after the endpoint path, but got \(found)"
            case .extraSegments(let found): "expected exactly one path segment (the station id) after the endpoint path, but got \(found)"
            case .badPercentEncoding(let segment): "the station id segment \"\(segment)\" is not valid percent-encoded UTF-8"
            }
        }
    }

    /// - Parameter prefix: the endpoint path, with or without slashes (`ocpp`, `/webServices/ocpp/`, or
    ///   empty for `/<stationId>`).
    init(prefix: String) {
        prefixSegments = prefix.split(separator: "/").map(String.init)
    }

    /// The endpoint path as written in messages: `/ocpp`, or empty for the root.
    var prefixPath: String { prefixSegments.map { "/" + $0 }.joined() }

    /// The station id of a request target (`/ocpp/CS001?x=1` → `CS001`). The query is ignored.
    func stationId(inRequestTarget target: String) throws(Mismatch) -> String {
        let path = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        // Split before decoding, so that an encoded "/" (%2F) stays inside the station id.
        var segments = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard segments.first == "" else { throw .prefix(expected: prefixPath, found: path) }
        segments.removeFirst()
        guard segments.count >= prefixSegments.count, Array(segments.prefix(prefixSegments.count)) == prefixSegments else {
            throw .prefix(expected: prefixPath, found: path)
        }
        let rest = segments.dropFirst(prefixSegments.count)
        guard let raw = rest.first, !raw.isEmpty else { throw .noStationId(path) }
        guard rest.count == 1 else { throw .extraSegments(path) }
        guard let decoded = raw.removingPercentEncoding, !decoded.isEmpty else { throw .badPercentEncoding(raw) }
        return decoded
    }

    /// The request target for a station id: the prefix, "/", and the id percent-encoded so that it
    /// stays one path segment.
    func requestTarget(stationId: String) -> String {
        prefixPath + "/" + Self.percentEncode(stationId)
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters and the sub-delimiters that are
    /// harmless in a segment, so that "/", "?", "#", "%" and spaces never change the path's meaning.
    static func percentEncode(_ segment: String) -> String {
        var allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        allowed.insert(charactersIn: "!$&'()*+,;=:@")
        return segment.addingPercentEncoding(withAllowedCharacters: allowed) ?? segment
    }
}
