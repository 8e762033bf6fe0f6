import PropertyBased
import Testing
@testable import CohortCore

/// Characters that stress the dialect: separators, quotes, every line break,
/// formula starters, whitespace, multi-byte and combining scalars, a BOM.
private let pool: [Character] = [
    "a", "Z", "0", "7", ".", ";", " ", "\t", ",", "\"", "\r", "\n", "\r\n",
    "=", "+", "-", "@", "'", "é", "漢", "🙂", "\u{301}", "\u{FEFF}", "\u{0}",
]

private let cell = Gen.oneOf(
    Gen<Character?>.element(of: pool).map { $0! }.string(of: 0...6),
    Gen.int(in: -999...999).map { String($0) },
    Gen.int(in: 0...999).map { "+\($0).5" },
)

/// Tables of 1–8 records with 1–5 fields each (ragged on purpose: the reader
/// does not require a rectangle).
private let table = cell.array(of: 1...5).array(of: 1...8)

@Suite struct CSVPropertyTests {
    @Test func readInvertsWriteWithoutNeutralization() async {
        let writer = CSVWriter(neutralizesFormulas: false)
        await propertyCheck(count: 300, input: table) { rows in
            let text = writer.write(header: rows[0], rows: Array(rows.dropFirst()))
            let result = CSVReader.read(Array(text.utf8))
            #expect(result.errors.isEmpty)
            #expect(result.records.map(\.fields) == rows)
        }
    }

    @Test func neutralizedCellsNeverStartWithAFormulaCharacterUnlessNumeric() async {
        let writer = CSVWriter()
        let starters: Set<UInt8> = [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D]
        await propertyCheck(count: 300, input: table) { rows in
            let result = CSVReader.read(Array(writer.write(records: rows).utf8))
            #expect(result.errors.isEmpty)
            let read = result.records.map(\.fields)
            #expect(read.map(\.count) == rows.map(\.count))
            for (readRow, row) in zip(read, rows) {
                for (out, original) in zip(readRow, row) {
                    if let first = out.utf8.first, starters.contains(first) {
                        #expect(CSVWriter.isPlainNumber(out), "formula-like cell \(out.debugDescription)")
                    }
                    // Neutralization only ever prefixes a quote mark.
                    #expect(out == original || out == "'" + original)
                }
            }
        }
    }
}
