import Testing
@testable import OCPPProtocol

@Suite("JSON parsing")
struct JSONParserTests {
    @Test(arguments: [
        ("", "text ends where a value was expected (line 1, column 1)"),
        ("[1,]", "found ']' where a value was expected (line 1, column 4)"),
        ("{\"a\" 1}", "found '1' where ':' after an object key was expected (line 1, column 6)"),
        ("[1]\n x", "more content after the JSON value (line 2, column 2)"),
        ("NaN", "found 'N' where a value was expected (line 1, column 1)"),
        ("01", "invalid number 01 (leading zero) (line 1, column 1)"),
        ("\"\\x\"", "invalid escape sequence \\x in string (line 1, column 2)"),
        ("\"a\nb\"", "unescaped control character in string (line 1, column 3)"),
        ("[tru]", "found ']' where a value was expected (line 1, column 2)"),
    ])
    func rejectsWithPosition(text: String, message: String) {
        do {
            _ = try JSONParser().parse(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.description == message)
        }
    }

    /// Short integers are summed digit by digit, longer ones and decimals go through `Double(_:)`:
    /// both must give the value `Double(_:)` gives, the sign of zero included.
    @Test(arguments: ["0", "-0", "7", "-42", "99999999999999", "-99999999999999", "999999999999999", "9007199254740993", "-12345678901234567890", "1.5", "2e3"])
    func integersParseAsTheirDoubleValue(_ literal: String) throws {
        guard case .number(let number) = try JSONParser().parse(literal) else {
            Issue.record("\(literal) is not a number")
            return
        }
        let expected = try #require(Double(literal))
        #expect(number.doubleValue == expected)
        #expect(number.doubleValue.sign == expected.sign)
        #expect(number.literal == literal)
        #expect(number.isIntegerLiteral == !(literal.contains(".") || literal.contains("e")))
    }

    @Test func boundsNesting() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONParser().parse(deep) }
        #expect(throws: Never.self) { try JSONParser(maxDepth: 200).parse(String(repeating: "[", count: 150) + String(repeating: "]", count: 150)) }
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let v = try JSONParser().parse(#"["\u00e9\ud83d\ude00\n\"\/", "\ud800x"]"#)
        #expect(v == ["é😀\n\"/", "\u{FFFD}x"])
        #expect(JSONValue.string("é😀\n\u{01}").jsonText == #""é😀\n\u0001""#)
    }

    @Test func rejectsOverlongAndSurrogateUTF8() {
        for bytes: [UInt8] in [[0x22, 0xC0, 0xAF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xF5, 0x80, 0x80, 0x80, 0x22], [0x22, 0xE2, 0x82, 0x22]] {
            #expect(throws: JSONParseError.self) { try JSONParser().parse(bytes) }
        }
    }

    @Test func objectsCompareByContentAndLastDuplicateWins() throws {
        let a = try JSONParser().parse(#"{"x":1,"y":[true,null]}"#)
        let b = try JSONParser().parse(#"{"y":[true,null],"x":1.0}"#)
        #expect(a == b)
        let d = try JSONParser().parse(#"{"k":1,"k":2}"#)
        #expect(d["k"] == 2)
        #expect(d.objectValue?.duplicateKeys == ["k"])
    }
}
