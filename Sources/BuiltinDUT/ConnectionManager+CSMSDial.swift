import ConformanceKit
import OCPPTransport
import ReferenceDevices

extension ConnectionManager {
    /// A reference station's connection attempt over the network: the URL of the network profile it
    /// uses (B09/B10) and, over TLS, exactly the CSMS roots it has installed (M05) as the trusted CAs.
    public func dial(_ request: CSMSDial) async throws -> any MessageChannel {
        try await dial { attempt in
            attempt.endpoint = request.url.hasSuffix("/") ? String(request.url.dropLast()) : request.url
            if let roots = request.trustedRootsPEM, !roots.isEmpty, attempt.securityProfile >= 2 {
                attempt.trustedCAsPEM = roots.joined(separator: "\n")
            }
        }
    }
}
