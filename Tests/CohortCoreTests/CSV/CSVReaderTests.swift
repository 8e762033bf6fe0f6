import Testing
@testable import CohortCore

/// Reads `text` as UTF-8 bytes.
private func read(_ text: String) -> CSVParseResult { CSVReader.read(Array(text.utf8)) }
private func fields(_ result: CSVParseResult) -> [[String]] { result.records.map(\.fields) }
private func lines(_ result: CSVParseResult) -> [Int] { result.records.map(\.line) }

@Suite struct CSVReaderTests {
    @Test func simpleRecords() {
        let r = read("id,name\nm1,Ana\nm2,Bo\n")
        #expect(r.errors.isEmpty)
        #expect(fields(r) == [["id", "name"], ["m1", "Ana"], ["m2", "Bo"]])
        #expect(lines(r) == [1, 2, 3])
    }

    @Test func emptyInput() {
        #expect(read("") == CSVParseResult(records: [], errors: []))
        #expect(CSVReader.read([0xEF, 0xBB, 0xBF]) == CSVParseResult(records: [], errors: []))
        #expect(read("\n\r\n\r").records.isEmpty)
    }

    @Test func byteOrderMarkIsSkipped() {
        let r = CSVReader.read([0xEF, 0xBB, 0xBF] + Array("id,name\n1,2\n".utf8))
        #expect(r.errors.isEmpty)
        #expect(fields(r) == [["id", "name"], ["1", "2"]])
        // Only at the very start: elsewhere U+FEFF is ordinary content.
        #expect(fields(read("a,\u{FEFF}b")) == [["a", "\u{FEFF}b"]])
    }

    @Test func crlfAndLoneCRAndMixedLineBreaks() {
        #expect(fields(read("a,b\r\n1,2\r\n")) == [["a", "b"], ["1", "2"]])
        #expect(lines(read("a,b\r\n1,2\r\n")) == [1, 2])
        #expect(fields(read("a,b\r1,2\r")) == [["a", "b"], ["1", "2"]])
        let mixed = read("a\r\nb\rc\nd")
        #expect(fields(mixed) == [["a"], ["b"], ["c"], ["d"]])
        #expect(lines(mixed) == [1, 2, 3, 4])
    }

    @Test func quotedComma() {
        #expect(fields(read("\"a,b\",c\n")) == [["a,b", "c"]])
    }

    @Test func doubledQuotes() {
        #expect(fields(read("\"say \"\"hi\"\"\",x\n\"\"\"\"\n")) == [["say \"hi\"", "x"], ["\""]])
    }

    @Test func quotedLineBreaksAreKeptVerbatim() {
        let r = read("\"l1\nl2\",x\n\"c\r\nd\",\"e\rf\"\n")
        #expect(r.errors.isEmpty)
        #expect(fields(r) == [["l1\nl2", "x"], ["c\r\nd", "e\rf"]])
    }

    @Test func lineNumbersAfterMultiLineQuotedFields() {
        let r = read("id,note\n1,\"two\nlines\"\n2,\"three\r\nlines\rhere\"\n3,x\n")
        #expect(r.errors.isEmpty)
        #expect(lines(r) == [1, 2, 4, 7])
        #expect(r.records.last?.fields == ["3", "x"])
    }

    @Test func emptyFields() {
        #expect(fields(read(",,\n")) == [["", "", ""]])
        #expect(fields(read("a,,b\n")) == [["a", "", "b"]])
        #expect(fields(read("a,\n")) == [["a", ""]])
        #expect(fields(read("a,")) == [["a", ""]])
        #expect(fields(read(",a")) == [["", "a"]])
    }

    @Test func emptyQuotedField() {
        #expect(fields(read("\"\"\n")) == [[""]])
        #expect(fields(read("\"\",\"\"")) == [["", ""]])
        #expect(fields(read("a,\"\"\r\n")) == [["a", ""]])
    }

    @Test func trailingNewlineMakesNoEmptyRecord() {
        #expect(fields(read("a\nb")) == [["a"], ["b"]])
        #expect(fields(read("a\nb\n")) == [["a"], ["b"]])
        #expect(fields(read("a\r\nb\r\n")) == [["a"], ["b"]])
    }

    @Test func blankLinesAreSkipped() {
        let r = read("a\n\n\nb\n\r\n\rc\n")
        #expect(fields(r) == [["a"], ["b"], ["c"]])
        #expect(lines(r) == [1, 4, 7])
    }

    @Test func whitespaceIsContent() {
        #expect(fields(read(" a , b \n \n")) == [[" a ", " b "], [" "]])
    }

    @Test func unicodeContent() {
        #expect(fields(read("名前,émoji\n李,🙂\n")) == [["名前", "émoji"], ["李", "🙂"]])
    }

    @Test func acceptsAnyByteCollection() {
        let text = "a,\"b\nc\"\nd,e\n"
        #expect(CSVReader.read(text.utf8) == read(text))
        #expect(CSVReader.read(Array(text.utf8)[...]) == read(text))
    }

    // MARK: errors

    @Test func unterminatedQuoteIsAnErrorNotAField() {
        let r = read("a,b\n1,\"open\n2,3\n")
        #expect(r.errors == [CSVError(line: 2, field: 2, kind: .unterminatedQuote)])
        #expect(fields(r) == [["a", "b"]])
    }

    @Test func quoteInUnquotedField() {
        let r = read("ab\"c,d\nx,y\"\"z\n")
        #expect(r.errors == [
            CSVError(line: 1, field: 1, kind: .quoteInUnquotedField),
            CSVError(line: 2, field: 2, kind: .quoteInUnquotedField),
        ])
        // Best effort: the record is kept with the quote literally.
        #expect(fields(r) == [["ab\"c", "d"], ["x", "y\"\"z"]])
    }

    @Test func textAfterClosingQuote() {
        let r = read("\"ab\"c,d\n1,\"x\" \n")
        #expect(r.errors == [
            CSVError(line: 1, field: 1, kind: .textAfterClosingQuote),
            CSVError(line: 2, field: 2, kind: .textAfterClosingQuote),
        ])
        #expect(fields(r) == [["abc", "d"], ["1", "x "]])
    }

    @Test func textAfterClosingQuoteOfMultiLineFieldNamesTheLineOfTheText() {
        let r = read("id\n\"a\nb\"x\n")
        #expect(r.errors == [CSVError(line: 3, field: 1, kind: .textAfterClosingQuote)])
    }

    @Test func invalidUTF8NamesLineAndField() {
        let bytes = Array("id,name\n1,".utf8) + [0xFF] + Array("x\n2,ok\n".utf8)
        let r = CSVReader.read(bytes)
        #expect(r.errors == [CSVError(line: 2, field: 2, kind: .invalidUTF8)])
        #expect(r.records.count == 3)
        #expect(r.records[1].fields == ["1", "\u{FFFD}x"])
    }

    @Test func invalidUTF8InsideAMultiLineQuotedField() {
        let bytes = Array("id,note\n1,\"first\nsecond ".utf8) + [0xC3] + Array("\"\n".utf8)
        #expect(CSVReader.read(bytes).errors == [CSVError(line: 3, field: 2, kind: .invalidUTF8)])
    }

    @Test(arguments: [
        [0xC0, 0x80] as [UInt8],  // overlong NUL
        [0xE0, 0x80, 0xAF],  // overlong
        [0xED, 0xA0, 0x80],  // UTF-16 surrogate
        [0xF4, 0x90, 0x80, 0x80],  // above U+10FFFF
        [0xF0, 0x9F, 0x99],  // truncated
        [0x80],  // lone continuation byte
        [0xE2, 0x28, 0xA1],  // bad continuation
    ])
    func malformedSequencesAreRejected(_ bad: [UInt8]) {
        let r = CSVReader.read(Array("a,b".utf8) + bad + Array(",c".utf8))
        #expect(r.errors == [CSVError(line: 1, field: 2, kind: .invalidUTF8)])
    }

    @Test func wellFormedMultiByteSequencesAreAccepted() {
        let text = "\u{80}\u{7FF}\u{800}\u{D7FF}\u{E000}\u{FFFF}\u{10000}\u{10FFFF}"
        let r = read(text + "," + text)
        #expect(r.errors.isEmpty)
        #expect(fields(r) == [[text, text]])
    }

    @Test func allErrorsAreReportedInOnePass() {
        let bytes = Array("id,name,stage\n".utf8)
            + Array("m1,Ana,".utf8) + [0xFE] + Array("\n".utf8)  // line 2, field 3
            + Array("m\"2,Bo,3\n".utf8)  // line 3, field 1
            + Array("m3,\"Cy\"x,3\n".utf8)  // line 4, field 2
            + Array("m4,".utf8) + [0xFF] + Array(",\"".utf8) + [0xC0] + Array("\"\n".utf8)  // line 5, fields 2 and 3
            + Array("m5,\"never closed\nm6,Di,2\n".utf8)  // line 6, field 2
        let r = CSVReader.read(bytes)
        #expect(r.errors == [
            CSVError(line: 2, field: 3, kind: .invalidUTF8),
            CSVError(line: 3, field: 1, kind: .quoteInUnquotedField),
            CSVError(line: 4, field: 2, kind: .textAfterClosingQuote),
            CSVError(line: 5, field: 2, kind: .invalidUTF8),
            CSVError(line: 5, field: 3, kind: .invalidUTF8),
            CSVError(line: 6, field: 2, kind: .unterminatedQuote),
        ])
        #expect(lines(r) == [1, 2, 3, 4, 5])
    }

    @Test func errorsReadWell() {
        let e = CSVError(line: 4, field: 2, kind: .unterminatedQuote)
        #expect(e.description == "line 4, field 2: quoted field is never closed (missing closing \")")
        for kind in CSVError.Kind.allCases { #expect(!kind.message.isEmpty) }
    }

    @Test func largeInputParsesCorrectly() {
        var text = "id,name,note\n"
        for k in 0..<2_000 { text += "m\(k),\"Name \(k), Jr.\",\"multi\nline \"\"\(k)\"\"\"\n" }
        let r = read(text)
        #expect(r.errors.isEmpty)
        #expect(r.records.count == 2_001)
        #expect(r.records[2_000].line == 2 * 1_999 + 2)
        #expect(r.records[2_000].fields == ["m1999", "Name 1999, Jr.", "multi\nline \"1999\""])
    }
}
