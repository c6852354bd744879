import OCPPProtocol

/// OCPP 2.0.1 Part 5 (Edition 3, §4): which certification profile each test case belongs to, and
/// the PICS conditions under which a case applies (most station cases carry theirs as
/// `requires:`; the others are in ``stationConditions``). A case outside the profiles the DUT claims, or whose condition the DUT does not
/// claim, is notApplicable with the reason (issue 19 item 2).
public enum CertificationProfiles {
    /// Part 5 §4.2–4.9, from /work/shared/catalog/ocpp2.0.1-certification-profiles.json: profile → OCTT ids
    /// without the role suffix.
    public static let v201: [String: [String]] = [
        "Core": ["TC_A_01", "TC_A_02", "TC_A_03", "TC_A_09", "TC_A_10", "TC_A_04", "TC_A_05", "TC_A_06", "TC_A_19", "TC_A_20", "TC_A_22", "TC_B_01", "TC_B_02", "TC_B_03", "TC_B_30", "TC_B_31", "TC_B_51", "TC_B_52", "TC_B_06", "TC_B_07", "TC_B_32", "TC_B_33", "TC_B_34", "TC_B_09", "TC_B_10", "TC_B_35", "TC_B_36", "TC_B_37", "TC_B_11", "TC_B_39", "TC_B_12", "TC_B_13", "TC_B_15", "TC_B_53", "TC_B_20", "TC_B_21", "TC_B_22", "TC_B_23", "TC_B_41", "TC_B_25", "TC_B_26", "TC_B_27", "TC_B_28", "TC_B_29", "TC_B_42", "TC_B_43", "TC_B_44", "TC_B_45", "TC_B_46", "TC_B_47", "TC_B_49", "TC_B_50", "TC_B_57", "TC_C_02", "TC_C_06", "TC_C_07", "TC_E_38", "TC_C_56", "TC_C_05", "TC_C_04", "TC_E_06", "TC_C_39", "TC_C_45", "TC_C_42", "TC_C_26", "TC_C_47", "TC_C_48", "TC_C_49", "TC_C_32", "TC_C_33", "TC_C_34", "TC_C_36", "TC_C_46", "TC_C_37", "TC_C_38", "TC_C_41", "TC_C_44", "TC_C_08", "TC_C_09", "TC_C_12", "TC_C_10", "TC_C_11", "TC_C_13", "TC_C_15", "TC_C_16", "TC_C_17", "TC_C_18", "TC_C_20", "TC_C_57", "TC_E_03", "TC_E_04", "TC_E_05", "TC_E_52", "TC_E_09", "TC_E_10", "TC_E_13", "TC_E_11", "TC_E_01", "TC_E_02", "TC_E_12", "TC_E_14", "TC_E_20", "TC_E_54", "TC_E_15", "TC_E_21", "TC_E_16", "TC_E_17", "TC_E_39", "TC_E_07", "TC_E_35", "TC_E_37", "TC_E_08", "TC_E_22", "TC_E_19", "TC_E_24", "TC_E_25", "TC_E_26", "TC_E_27", "TC_E_41", "TC_E_42", "TC_E_50", "TC_E_51", "TC_E_40", "TC_E_43", "TC_E_44", "TC_E_45", "TC_E_28", "TC_E_29", "TC_E_30", "TC_E_31", "TC_E_32", "TC_E_33", "TC_E_34", "TC_E_53", "TC_F_01", "TC_F_02", "TC_F_03", "TC_F_04", "TC_F_08", "TC_F_09", "TC_F_05", "TC_F_06", "TC_F_07", "TC_F_10", "TC_F_11", "TC_F_12", "TC_F_13", "TC_F_14", "TC_F_15", "TC_F_16", "TC_F_17", "TC_F_18", "TC_F_19", "TC_F_20", "TC_F_23", "TC_F_24", "TC_F_26", "TC_F_27", "TC_G_01", "TC_G_02", "TC_G_20", "TC_G_03", "TC_G_09", "TC_G_04", "TC_G_10", "TC_G_11", "TC_G_18", "TC_G_05", "TC_G_12", "TC_G_06", "TC_G_13", "TC_G_21", "TC_G_14", "TC_G_07", "TC_G_15", "TC_G_08", "TC_G_16", "TC_G_17", "TC_G_19", "TC_J_01", "TC_J_02", "TC_J_03", "TC_J_04", "TC_J_06", "TC_J_07", "TC_J_08", "TC_J_09", "TC_J_10", "TC_J_11", "TC_K_38", "TC_L_01", "TC_L_02", "TC_L_03", "TC_L_04", "TC_L_05", "TC_L_06", "TC_L_07", "TC_L_08", "TC_L_09", "TC_L_10", "TC_L_11", "TC_L_18", "TC_L_12", "TC_L_13", "TC_L_14", "TC_L_15", "TC_L_16", "TC_M_12", "TC_M_13", "TC_M_17", "TC_M_18", "TC_M_19", "TC_M_20", "TC_M_21", "TC_M_22", "TC_M_01", "TC_M_02", "TC_M_05", "TC_M_07", "TC_M_09", "TC_M_30", "TC_M_31", "TC_N_25", "TC_N_34", "TC_N_26", "TC_N_35", "TC_N_36", "TC_N_27", "TC_N_28", "TC_N_29", "TC_N_30", "TC_N_31", "TC_N_32", "TC_N_62", "TC_P_01", "TC_P_02", "TC_P_03"],
        "Advanced Security": ["TC_A_07", "TC_A_08", "TC_A_11", "TC_A_14", "TC_A_15", "TC_A_23", "TC_A_21", "TC_M_23"],
        "Local Authorization List Management": ["TC_C_21", "TC_C_22", "TC_C_23", "TC_C_24", "TC_C_25", "TC_C_27", "TC_C_28", "TC_C_31", "TC_C_29", "TC_C_30", "TC_C_58", "TC_C_40", "TC_C_43", "TC_D_01", "TC_D_02", "TC_D_03", "TC_D_04", "TC_D_05", "TC_D_06", "TC_D_07", "TC_D_08", "TC_D_09", "TC_D_10", "TC_N_46"],
        "Smart Charging": ["TC_K_01", "TC_K_10", "TC_K_60", "TC_K_02", "TC_K_11", "TC_K_03", "TC_K_19", "TC_K_12", "TC_K_13", "TC_K_14", "TC_K_28", "TC_K_15", "TC_K_16", "TC_K_21", "TC_K_22", "TC_K_23", "TC_K_70", "TC_K_04", "TC_K_37", "TC_K_39", "TC_K_40", "TC_K_41", "TC_K_42", "TC_K_43", "TC_K_44", "TC_K_47", "TC_K_29", "TC_K_30", "TC_K_31", "TC_K_32", "TC_K_33", "TC_K_34", "TC_K_35", "TC_K_36", "TC_K_05", "TC_K_06", "TC_K_07", "TC_K_08", "TC_K_09", "TC_K_24"],
        "Advanced Device Management": ["TC_B_12", "TC_B_14", "TC_B_16", "TC_B_17", "TC_B_18", "TC_B_54", "TC_B_55", "TC_B_56", "TC_N_01", "TC_N_02", "TC_N_03", "TC_N_47", "TC_N_60", "TC_N_05", "TC_N_06", "TC_N_08", "TC_N_09", "TC_N_10", "TC_N_11", "TC_N_12", "TC_N_13", "TC_N_15", "TC_N_24", "TC_N_37", "TC_N_39", "TC_N_40", "TC_N_41", "TC_N_43", "TC_N_51", "TC_N_52", "TC_N_16", "TC_N_17", "TC_N_18", "TC_N_19", "TC_N_44", "TC_N_20", "TC_N_21", "TC_N_45", "TC_N_48", "TC_N_49", "TC_N_50", "TC_N_53", "TC_N_56", "TC_N_22", "TC_N_23"],
        "Reservation": ["TC_B_24", "TC_H_01", "TC_H_02", "TC_H_03", "TC_H_04", "TC_H_05", "TC_H_06", "TC_H_07", "TC_H_22", "TC_H_23", "TC_H_19", "TC_H_08", "TC_H_09", "TC_H_10", "TC_H_12", "TC_H_13", "TC_H_14", "TC_H_24", "TC_H_15", "TC_H_16", "TC_H_17", "TC_H_18", "TC_H_20", "TC_H_21"],
        "Advanced User Interface": ["TC_I_01", "TC_I_02", "TC_I_07", "TC_O_01", "TC_O_26", "TC_O_13", "TC_O_14", "TC_O_17", "TC_O_18", "TC_O_19", "TC_O_20", "TC_O_22", "TC_O_24", "TC_O_36", "TC_O_37", "TC_O_38", "TC_O_15", "TC_O_12", "TC_O_06", "TC_O_10", "TC_O_27", "TC_O_28", "TC_O_30", "TC_O_32", "TC_O_02", "TC_O_03", "TC_O_07", "TC_O_08", "TC_O_09", "TC_O_11", "TC_O_33", "TC_O_34", "TC_O_35", "TC_O_04", "TC_O_05"],
        "ISO 15118 Support": ["TC_A_12", "TC_A_13", "TC_C_50", "TC_C_51", "TC_C_52", "TC_C_53", "TC_C_54", "TC_C_55", "TC_E_46", "TC_K_01", "TC_K_10", "TC_K_60", "TC_K_02", "TC_K_11", "TC_K_03", "TC_K_19", "TC_K_12", "TC_K_13", "TC_K_14", "TC_K_28", "TC_K_16", "TC_K_21", "TC_K_22", "TC_K_23", "TC_K_04", "TC_K_39", "TC_K_40", "TC_K_41", "TC_K_42", "TC_K_43", "TC_K_44", "TC_K_47", "TC_K_29", "TC_K_30", "TC_K_31", "TC_K_32", "TC_K_33", "TC_K_34", "TC_K_35", "TC_K_36", "TC_K_05", "TC_K_06", "TC_K_24", "TC_K_07", "TC_K_08", "TC_K_09", "TC_K_53", "TC_K_54", "TC_K_55", "TC_K_56", "TC_K_57", "TC_K_58", "TC_K_59", "TC_M_26", "TC_M_27", "TC_M_28", "TC_M_29", "TC_M_14", "TC_M_15", "TC_M_16", "TC_M_03", "TC_M_04", "TC_M_24", "TC_M_25", "TC_N_63"],
    ]

    /// The 1.6 certification profiles (OCPP 1.6 §3 feature profiles); 1.6 cases name theirs in
    /// their `profiles:`.
    public static let v16 = ["Core", "Firmware Management", "Local Auth List Management", "Reservation", "Smart Charging", "Remote Trigger"]

    /// The Part 5 order of the 2.0.1 profiles.
    public static let v201Order = ["Core", "Advanced Security", "Local Authorization List Management", "Smart Charging", "Advanced Device Management", "Reservation", "Advanced User Interface", "ISO 15118 Support"]

    public static func names(versions: [OCPPVersion]) -> [String] {
        var out: [String] = []
        if versions.isEmpty || versions.contains(where: { $0 != .v16 }) { out += v201Order }
        if versions.contains(.v16) { out += v16.filter { !out.contains($0) } }
        return out
    }

    /// Profile names compared without case, spaces or punctuation, "Authorization" as "Auth" and
    /// "Support" left out (1.6's LocalAuthListManagement is 2.0.1's Local Authorization List
    /// Management; RemoteTrigger is Remote Trigger).
    static func normalized(_ name: String) -> String {
        name.lowercased().filter { $0.isLetter || $0.isNumber }.replacingOccurrences(of: "authorization", with: "auth")
            .replacingOccurrences(of: "support", with: "")
    }

    public static func known(_ name: String, versions: [OCPPVersion]) -> Bool {
        names(versions: versions).contains { normalized($0) == normalized(name) }
    }

    /// The certification profiles `testCase` belongs to: Part 5's table for 2.0.1 (by the id
    /// without _CS / _CSMS), else the case file's `profiles:`.
    public static func profiles(of testCase: TestCase) -> [String] {
        if testCase.version != .v16 {
            let base = baseId(testCase.id)
            let listed = v201Order.filter { v201[$0]?.contains(base) ?? false }
            if !listed.isEmpty { return listed }
        }
        return testCase.profiles
    }

    static func baseId(_ id: String) -> String {
        for suffix in ["_CSMS", "_CS"] where id.hasSuffix(suffix) { return String(id.dropLast(suffix.count)) }
        return id
    }

    /// A PICS condition of Part 5's "Condition / remark" column.
    public struct Condition: Sendable {
        /// The feature name a DUT profile claims (`features:`).
        public var feature: String
        /// Part 5's feature number and text.
        public var pics: String
        /// The case applies to a DUT that does NOT claim the feature ("NOT ISO-3").
        public var negated = false
    }

    /// Part 5's conditions for CSMS cases ("C" in the "Conf. test for CSMS" column), by case id.
    public static let csmsConditions: [String: Condition] = {
        let pending = Condition(feature: "BootNotificationPending", pics: "C-44 (Support for sending a BootNotification Pending before Accepting)")
        let status = Condition(feature: "TransactionStatus", pics: "C-16 (Support for checking the TransactionStatus)")
        let reset = Condition(feature: "ResetPerEVSE", pics: "C-13 (Support for Reset per EVSE)")
        let firmware = Condition(feature: "ScheduledFirmwareUpdate", pics: "C-15 (Support for scheduled firmware updates)")
        func trigger(_ message: String, _ number: String) -> Condition {
            Condition(feature: "TriggerMessage.\(message)", pics: "C-29.\(number) (Trigger message - \(message))")
        }
        return [
            "TC_B_02_CSMS": pending, "TC_B_30_CSMS": pending, "TC_B_31_CSMS": pending,
            "TC_B_07_CSMS": Condition(feature: "MultipleGetVariables", pics: "C-45 (Support for Multiple elements GetVariablesRequest)"),
            "TC_B_10_CSMS": Condition(feature: "MultipleSetVariables", pics: "C-46 (Support for Multiple elements SetVariablesRequest)"),
            "TC_B_12_CSMS": Condition(feature: "ConfigurationInventory", pics: "C-17 (Support for retrieving the ConfigurationInventory)"),
            "TC_B_13_CSMS": Condition(feature: "FullInventoryManualTrigger", pics: "C-50.2 (GetBaseReport - FullInventory - Manual trigger)"),
            "TC_B_25_CSMS": reset, "TC_B_26_CSMS": reset, "TC_B_27_CSMS": reset,
            "TC_E_29_CSMS": status, "TC_E_30_CSMS": status, "TC_E_31_CSMS": status, "TC_E_33_CSMS": status, "TC_E_34_CSMS": status,
            "TC_F_11_CSMS": trigger("MeterValues", "1"), "TC_F_12_CSMS": trigger("MeterValues", "1"),
            "TC_F_13_CSMS": trigger("TransactionEvent", "2"), "TC_F_14_CSMS": trigger("TransactionEvent", "2"),
            "TC_F_15_CSMS": trigger("LogStatusNotification", "3"), "TC_F_18_CSMS": trigger("FirmwareStatusNotification", "4"),
            "TC_F_23_CSMS": trigger("StatusNotification", "5"), "TC_F_24_CSMS": trigger("StatusNotification", "5"),
            "TC_L_02_CSMS": firmware, "TC_L_03_CSMS": firmware,
            "TC_N_62_CSMS": Condition(feature: "CustomerInformation.CustomerIdentifier", pics: "C-14 (Support for retrieving / deleting CustomerInformation - CustomerIdentifier)"),
            "TC_D_08_CSMS": Condition(feature: "GetLocalListVersion", pics: "LA-2 (Support for GetLocalListVersion)"),
            "TC_K_10_CSMS": Condition(feature: "TxDefaultProfileEVSE0", pics: "SC-4 (Support for TxDefaultProfile on EVSEID #0)"),
            "TC_H_15_CSMS": Condition(feature: "ReservationConnectorType", pics: "R-1 (Support for reservations of connectorType)"),
            "TC_A_13_CSMS": Condition(feature: "CombinedStationCertificate", pics: "ISO-3 (Combined charging station certificate)"),
            "TC_N_63_CSMS": Condition(feature: "CustomerInformation.CustomerCertificate", pics: "ISO-4 (Support for retrieving / deleting CustomerInformation - CustomerCertificate)"),
        ]
    }()

    /// Part 5's conditions for station cases that their files do not carry as `requires:`.
    public static let stationConditions: [String: Condition] = {
        let local = Condition(feature: "LocalAuthorization", pics: "C-30 – C-35 (one or more local start authorization options)")
        return [
            // "Applicable if one or more of the local start authorization options is implemented."
            "TC_E_03_CS": local, "TC_E_04_CS": local,
            // "the Charging Station supports at least one of the following local start authorization options: C-30, C-31, C-32"
            "TC_C_39_CS": Condition(feature: "LocalAuthorization.IdToken", pics: "C-30 / C-31 / C-32 (local start authorization by RFID ISO14443, RFID ISO15693 or KeyCode)"),
            // "can only be done when SignCombinedCertificate is not implemented": NOT ISO-3.
            "TC_F_27_CS": Condition(feature: "CombinedStationCertificate", pics: "ISO-3 (Combined charging station certificate)", negated: true),
        ]
    }()

    /// Why `testCase` does not apply to a DUT claiming `profile`'s profiles and features, or nil.
    public static func notApplicableReason(_ testCase: TestCase, profile: DUTProfile) -> String? {
        let memberships = profiles(of: testCase)
        if !profile.profiles.isEmpty, !memberships.isEmpty {
            let claimed = Set(profile.profiles.map(normalized))
            if !memberships.contains(where: { claimed.contains(normalized($0)) }) {
                return "\(testCase.id) belongs to the \(memberships.joined(separator: " / ")) certification profile, which the DUT profile does not claim (it claims \(profile.profiles.joined(separator: ", ")))"
            }
        }
        guard testCase.version != .v16, let condition = (testCase.dutRole == .csms ? csmsConditions : stationConditions)[testCase.id] else { return nil }
        let claimed = profile.claims.contains(condition.feature)
        if condition.negated, claimed {
            return "\(testCase.id) is for a DUT without \(condition.pics), which the DUT profile claims (feature \(condition.feature))"
        }
        if !condition.negated, !claimed {
            return "\(testCase.id) needs \(condition.pics), which the DUT profile does not claim (feature \(condition.feature))"
        }
        return nil
    }
}
