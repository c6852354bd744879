/// The RPC framework error codes of a CALLERROR, with each version's spelling.
///
/// OCPP 1.6 (OCPP-J 1.6 §4.2.3 table 7) spells two codes differently from 2.0.1/2.1 (Part 4 §4.3):
/// `FormationViolation` for `FormatViolation` and `OccurenceConstraintViolation` for
/// `OccurrenceConstraintViolation`. 1.6 has no `RpcFrameworkError` nor `MessageTypeNotSupported`.
public enum RPCErrorCode: String, Sendable, CaseIterable, Codable {
    case formatViolation = "FormatViolation"
    case genericError = "GenericError"
    case internalError = "InternalError"
    case messageTypeNotSupported = "MessageTypeNotSupported"
    case notImplemented = "NotImplemented"
    case notSupported = "NotSupported"
    case occurrenceConstraintViolation = "OccurrenceConstraintViolation"
    case propertyConstraintViolation = "PropertyConstraintViolation"
    case protocolError = "ProtocolError"
    case rpcFrameworkError = "RpcFrameworkError"
    case securityError = "SecurityError"
    case typeConstraintViolation = "TypeConstraintViolation"

    /// The code as the given version writes it on the wire; codes the version lacks map to the
    /// nearest one it has.
    public func spelling(for version: OCPPVersion) -> String {
        guard version == .v16 else { return rawValue }
        switch self {
        case .formatViolation: return "FormationViolation"
        case .occurrenceConstraintViolation: return "OccurenceConstraintViolation"
        case .rpcFrameworkError: return "ProtocolError"
        case .messageTypeNotSupported: return "NotSupported"
        default: return rawValue
        }
    }

    /// Reads an error code as it arrived from a peer of the given version.
    ///
    /// For 2.0.1 and 2.1 both spellings of the two renamed codes are accepted (the 1.6 ones were in
    /// widespread use and Part 4 is read that way by certification labs); for 1.6 only the codes
    /// of its table are valid.
    public init?(wire: String, version: OCPPVersion) {
        switch version {
        case .v16:
            switch wire {
            case "FormationViolation": self = .formatViolation
            case "OccurenceConstraintViolation": self = .occurrenceConstraintViolation
            case "NotImplemented", "NotSupported", "InternalError", "ProtocolError", "SecurityError",
                "PropertyConstraintViolation", "TypeConstraintViolation", "GenericError":
                self.init(rawValue: wire)
            default: return nil
            }
        case .v201, .v21:
            switch wire {
            case "FormationViolation": self = .formatViolation
            case "OccurenceConstraintViolation": self = .occurrenceConstraintViolation
            default: self.init(rawValue: wire)
            }
        }
    }

    /// All valid wire spellings for a version (what a DUT may send).
    public static func wireSpellings(for version: OCPPVersion) -> [String] {
        switch version {
        case .v16:
            ["NotImplemented", "NotSupported", "InternalError", "ProtocolError", "SecurityError",
             "FormationViolation", "PropertyConstraintViolation", "OccurenceConstraintViolation",
             "TypeConstraintViolation", "GenericError"]
        case .v201, .v21:
            allCases.map(\.rawValue) + ["FormationViolation", "OccurenceConstraintViolation"]
        }
    }
}
