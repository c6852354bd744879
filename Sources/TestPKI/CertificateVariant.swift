/// What kind of end-entity certificate to issue: the valid one, or one of the broken ones that the
/// negative OCTT cases present (TC_A_05_CS, TC_A_08_CSMS: unknown, expired, wrong common name).
public enum CertificateVariant: Sendable, Hashable {
    /// Issued by the CA, valid now, with the requested names.
    case valid
    /// Issued by the CA, but its validity ended before now.
    case expired
    /// Issued by the CA, but its validity starts after now.
    case notYetValid
    /// Issued by the CA and valid, but with this common name instead of the requested one.
    case wrongCommonName(String)
    /// Valid dates and the requested names, but signed by its own key, so no trust store that holds
    /// only the CA accepts it.
    case selfSigned
}
