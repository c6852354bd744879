import Crypto
import X509
import _CryptoExtras

/// The key pair types the test PKI issues. OCPP 2.0.1 Part 2 A00 asks for RSA of at least 2048 bits or
/// elliptic curves of at least 224 bits, and OCTT checks both families, so both are offered.
public enum KeyAlgorithm: String, Sendable, CaseIterable, Codable {
    /// RSA with a 2048-bit modulus, signed with SHA-256 (`sha256WithRSAEncryption`).
    case rsa2048 = "rsa"
    /// ECDSA on NIST P-256, signed with SHA-256 (`ecdsa-with-SHA256`).
    case ecdsaP256 = "ecdsa"

    /// Makes a fresh private key of this type.
    func makePrivateKey() throws -> Certificate.PrivateKey {
        switch self {
        case .rsa2048: Certificate.PrivateKey(try _RSA.Signing.PrivateKey(keySize: .bits2048))
        case .ecdsaP256: Certificate.PrivateKey(P256.Signing.PrivateKey())
        }
    }
}

extension Certificate.PrivateKey {
    /// The signature algorithm a certificate gets when this key signs it: SHA-256 with the key's family.
    var defaultSignatureAlgorithm: Certificate.SignatureAlgorithm {
        // An RSA public key converts to `_RSA.Signing.PublicKey`; everything else the PKI makes is ECDSA.
        _RSA.Signing.PublicKey(publicKey) != nil ? .sha256WithRSAEncryption : .ecdsaWithSHA256
    }
}
