import Testing
@testable import CohortCore

@Suite struct CSVWriterTests {
    let plain = CSVWriter(neutralizesFormulas: false)
    let safe = CSVWriter()

    @Test func headerAndRowsWithLFEndings() {
        #expect(safe.write(header: ["id", "name"], rows: [["m1", "Ana"], ["m2", "Bo"]]) == "id,name\nm1,Ana\nm2,Bo\n")
        #expect(safe.write(header: ["id"], rows: []) == "id\n")
    }

    @Test func quotesOnlyWhenNeeded() {
        #expect(plain.encode(field: "plain text") == "plain text")
        #expect(plain.encode(field: "a,b") == "\"a,b\"")
        #expect(plain.encode(field: "say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(plain.encode(field: "a\nb") == "\"a\nb\"")
        #expect(plain.encode(field: "a\rb") == "\"a\rb\"")
        #expect(plain.encode(field: "a\r\nb") == "\"a\r\nb\"")
        #expect(plain.encode(field: " lead") == "\" lead\"")
        #expect(plain.encode(field: "trail ") == "\"trail \"")
        #expect(plain.encode(field: "\ttab") == "\"\ttab\"")
        #expect(plain.encode(field: "in side") == "in side")
        #expect(plain.encode(field: "") == "")
        #expect(plain.encode(field: "\u{FEFF}bom") == "\"\u{FEFF}bom\"")
        #expect(plain.encode(field: "a;b;c") == "a;b;c")
        #expect(plain.encode(field: "名前 🙂") == "名前 🙂")
    }

    @Test func quoteFollowedByCombiningMarkIsStillDoubled() {
        // `"` + U+0301 is one Character; escaping must work on scalars/bytes.
        #expect(plain.encode(field: "x\"\u{301}") == "\"x\"\"\u{301}\"")
    }

    @Test func singleEmptyFieldRecordIsNotABlankLine() {
        #expect(plain.write(records: [["a"], [""], ["b"]]) == "a\n\"\"\nb\n")
        #expect(plain.write(records: [["", ""]]) == ",\n")
        #expect(CSVReader.read(Array(plain.write(records: [["a"], [""]]).utf8)).records.map(\.fields) == [["a"], [""]])
    }

    @Test(arguments: [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("+cmd", "'+cmd"),
        ("-cmd", "'-cmd"),
        ("@risk", "'@risk"),
        ("\tx", "'\tx"),
        ("\rx", "\"'\rx\""),
        ("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
        ("=1 ", "\"'=1 \""),
        ("-", "'-"),
        ("+", "'+"),
        ("-1e5", "'-1e5"),
        ("-1.", "'-1."),
        ("--1", "'--1"),
        ("-0x1F", "'-0x1F"),
        ("-3", "-3"),
        ("-0.25", "-0.25"),
        ("+1", "+1"),
        ("+12.50", "+12.50"),
        ("42", "42"),
        ("a=b", "a=b"),
        (" =x", "\" =x\""),
        ("Mon 18:00-20:00", "Mon 18:00-20:00"),
    ])
    func formulaNeutralization(input: String, expected: String) {
        #expect(safe.encode(field: input) == expected)
    }

    @Test func neutralizationCanBeTurnedOff() {
        #expect(plain.encode(field: "=SUM(A1)") == "=SUM(A1)")
        #expect(plain.encode(field: "\tx") == "\"\tx\"")
        #expect(plain.write(header: ["@h"], rows: [["-x"]]) == "@h\n-x\n")
    }

    @Test func headerIsNeutralizedToo() {
        #expect(safe.write(header: ["=h"], rows: [["=x", "-2"]]) == "'=h\n'=x,-2\n")
    }

    @Test(arguments: ["0", "-3", "+1", "-0.25", "007", "12.50"])
    func plainNumbers(_ s: String) { #expect(CSVWriter.isPlainNumber(s)) }

    @Test(arguments: ["", "-", "+", ".5", "-.5", "1.", "1e5", "1,5", "--1", "-1-1", "١٢", "-３"])
    func notPlainNumbers(_ s: String) { #expect(!CSVWriter.isPlainNumber(s)) }
}
