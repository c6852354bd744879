import Foundation

/// A listening socket whose port another process holds: said as a sentence with the port, not as
/// the socket layer's `bind(...): Address already in use (errno: 98)`.
enum PortInUse {
    static func matches(_ error: Error) -> Bool {
        let text = "\(error)"
        return text.contains("Address already in use") || text.contains("errno: \(EADDRINUSE))")
    }

    static func message(port: Int, host: String, what: String) -> String {
        "ocppspec: port \(port) is in use: \(what) cannot listen on \(host):\(port) because another program (perhaps another ocppspec) already listens there. Stop that program or choose another port."
    }
}
