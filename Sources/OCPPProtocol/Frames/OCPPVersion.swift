import Foundation

/// An OCPP version that ocppspec speaks, with its WebSocket subprotocol name (OCPP-J §3.1 / Part 4 §3.1).
public enum OCPPVersion: String, Sendable, CaseIterable, Codable, Comparable {
    case v16 = "1.6"
    case v201 = "2.0.1"
    case v21 = "2.1"

    /// The `Sec-WebSocket-Protocol` token for this version.
    public var subprotocol: String {
        switch self {
        case .v16: "ocpp1.6"
        case .v201: "ocpp2.0.1"
        case .v21: "ocpp2.1"
        }
    }

    public init?(subprotocol: String) {
        guard let v = Self.allCases.first(where: { $0.subprotocol == subprotocol }) else { return nil }
        self = v
    }

    /// Accepts "1.6", "16", "ocpp1.6", "2.0.1", "201", "ocpp2.0.1", "2.1", "21", "ocpp2.1".
    public init?(loose text: String) {
        let t = text.lowercased().replacingOccurrences(of: "ocpp", with: "").replacingOccurrences(of: "j", with: "")
        switch t {
        case "1.6", "16": self = .v16
        case "2.0.1", "201": self = .v201
        case "2.1", "21": self = .v21
        default: return nil
        }
    }

    /// The message types this version defines.
    public var messageTypes: [MessageType] {
        switch self {
        case .v16, .v201: [.call, .callResult, .callError]
        case .v21: MessageType.allCases
        }
    }

    /// The two roles' names in this version (1.6 says Charge Point / Central System).
    public func name(of role: OCPPRole) -> String {
        switch (self, role) {
        case (.v16, .chargingStation): "Charge Point"
        case (.v16, .csms): "Central System"
        case (_, .chargingStation): "Charging Station"
        case (_, .csms): "CSMS"
        }
    }

    private var order: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: OCPPVersion, rhs: OCPPVersion) -> Bool { lhs.order < rhs.order }
}

/// The two ends of an OCPP connection.
public enum OCPPRole: String, Sendable, CaseIterable, Codable {
    case chargingStation = "ChargingStation"
    case csms = "CSMS"

    public var peer: OCPPRole { self == .chargingStation ? .csms : .chargingStation }
}

/// OCPP-J message type numbers (Part 4 §4.1.3; 2.1 adds CALLRESULTERROR and SEND).
public enum MessageType: Int, Sendable, CaseIterable, Codable {
    case call = 2
    case callResult = 3
    case callError = 4
    case callResultError = 5
    case send = 6

    public var name: String {
        switch self {
        case .call: "CALL"
        case .callResult: "CALLRESULT"
        case .callError: "CALLERROR"
        case .callResultError: "CALLRESULTERROR"
        case .send: "SEND"
        }
    }

    /// How many elements the frame array has.
    public var arity: Int {
        switch self {
        case .call, .send: 4
        case .callResult: 3
        case .callError, .callResultError: 5
        }
    }
}
