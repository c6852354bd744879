/// Escaping for text that goes into XML (junit.xml) and HTML (report.html).
///
/// Every string a report shows passes through here, because most of them came from the device under
/// test: a frame is the DUT's text, and a DUT must never be able to add markup or script to a report.
public enum Markup {
    /// Escapes text for element content and for attribute values in either quote style, and makes
    /// characters that XML 1.0 forbids (C0 controls other than tab, LF, CR; U+FFFE, U+FFFF) visible
    /// as `\u{…}` instead, so that the document stays well-formed whatever the DUT sent.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            // A raw CR in an attribute would be normalised to a space by the parser; keep it exact.
            case "\r": out += "&#13;"
            default:
                if isForbiddenInXML(scalar) {
                    out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// Escapes text for element content only (never an attribute): `&`, `<` and `>`, and the
    /// characters XML forbids as `escape` does. Quotes mean nothing between tags, so they stay as
    /// they are: a report's frames are mostly JSON, and `&quot;` for each of its quotes made the
    /// HTML report several hundred kilobytes larger.
    public static func escapeText(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            case "\r": out += "&#13;"
            default:
                if isForbiddenInXML(scalar) {
                    out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// Escapes text for an attribute value and turns line breaks into character references, so that
    /// a multi-line message survives attribute-value normalisation (XML 1.0 §3.3.3).
    public static func escapeAttribute(_ text: String) -> String {
        escape(text).replacingOccurrences(of: "\n", with: "&#10;").replacingOccurrences(of: "\t", with: "&#9;")
    }

    /// XML 1.0 §2.2 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
    /// DEL and the C1 controls are allowed in XML but are invisible; show them too.
    static func isForbiddenInXML(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x20 { return v != 0x9 && v != 0xA && v != 0xD }
        if v >= 0x7F && v <= 0x9F { return true }
        return v == 0xFFFE || v == 0xFFFF
    }

    /// An identifier safe for an HTML `id` and URL fragment: letters, digits, `-` and `_` are kept,
    /// everything else becomes `_`.
    public static func identifier(_ text: String) -> String {
        String(text.unicodeScalars.map { s -> Character in
            let v = s.value
            let ok = (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || s == "-" || s == "_"
            return ok ? Character(s) : "_"
        })
    }
}
