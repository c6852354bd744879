import Foundation
import Testing
@testable import ConformanceKit
@testable import OCPPProtocol

/// A report records what the DUT profile claimed, without its secrets (issue 30 item 7a).
@Suite("DUT claims as a report records them")
struct ReportClaimsTests {
    @Test func claimsKeepIdentityFeaturesAndConfigAndHideSecrets() throws {
        var profile = testProfile()
        profile.identity.firmwareVersion = "1.2.3"
        profile.features = ["ConnectorLock", "LocalAuthList"]
        profile.config["authorizationKey"] = "0011223344556677"
        profile.config["basicAuthPassword"] = "pw-in-config"
        profile.config["someKey"] = .string("secret-password-1234")  // the connection password, under another name
        profile.config["csmsRootCertificate"] = .string("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
        profile.config["csmsRootCertificateHashData"] = ["hashAlgorithm": "SHA256"]
        let claims = profile.reportClaims
        #expect(claims.vendor == "Test" && claims.model == "T1" && claims.stationId == "CS1" && claims.firmwareVersion == "1.2.3")
        #expect(claims.features == ["ConnectorLock", "LocalAuthList"])
        #expect(claims.versions == ["2.0.1", "1.6"] && claims.profiles == ["Core"] && claims.evses == ["1: 1"])
        #expect(claims.config["heartbeatInterval"] == "10")
        #expect(claims.config["stationModel"] == "T1")
        #expect(claims.config["authorizationKey"] == "***")
        #expect(claims.config["basicAuthPassword"] == "***")
        #expect(claims.config["someKey"] == "***")
        #expect(claims.config["csmsRootCertificate"]?.hasPrefix("PEM certificate, SHA-256 ") == true)
        #expect(claims.config["csmsRootCertificateHashData"] == nil)
        let encoded = String(decoding: try JSONEncoder().encode(claims), as: UTF8.self)
        for secret in ["0011223344556677", "pw-in-config", "secret-password-1234"] { #expect(!encoded.contains(secret)) }
    }
}
