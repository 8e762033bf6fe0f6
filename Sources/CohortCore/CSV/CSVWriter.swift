/// Writes RFC 4180 CSV for organizers' spreadsheets.
///
/// Rules:
/// - Records end with LF (`\n`), including the last one.
/// - A field is quoted when it contains `,`, `"`, CR or LF, when it starts or
///   ends with a space or tab, or starts with a byte-order mark; quotes inside
///   are doubled. A record that is a single empty field is written as `""` so
///   that it is not read back as a blank line.
///
/// **Formula neutralization (on by default).** Spreadsheet programs execute a
/// cell that starts with `=`, `+`, `-` or `@` (and some also after a leading
/// tab or CR) as a formula, so a member name like `=HYPERLINK(...)` in a roster
/// could run in the organizer's spreadsheet ("CSV injection"). By default such
/// a cell gets a leading `'`, which spreadsheets show as text. A cell that is a
/// plain number (`[+-]?digits[.digits]`, e.g. `-3`, `-0.25`, `+1`) is left
/// as is, so numeric columns stay numeric. Neutralization is lossy (`=x` and
/// `'=x` both come out as `'=x`); turn it off with
/// `CSVWriter(neutralizesFormulas: false)` when the output must round-trip
/// through ``CSVReader`` exactly. It applies to every cell, header included.
public struct CSVWriter: Sendable {
    /// Whether cells that a spreadsheet would run as a formula get a leading `'`.
    public var neutralizesFormulas: Bool

    /// Creates a writer; formula neutralization is on unless turned off.
    public init(neutralizesFormulas: Bool = true) {
        self.neutralizesFormulas = neutralizesFormulas
    }

    /// The CSV text of a header row followed by `rows`. Rows are written as
    /// given (their lengths are not checked against the header).
    public func write(header: [String], rows: [[String]]) -> String {
        var out: [UInt8] = []
        append(record: header, to: &out)
        for row in rows { append(record: row, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The CSV text of `records`, one line each. A record with no fields is
    /// written as an empty line, which readers skip.
    public func write(records: [[String]]) -> String {
        var out: [UInt8] = []
        for record in records { append(record: record, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends one record and its terminating LF, as UTF-8, to `out`.
    public func append(record: [String], to out: inout [UInt8]) {
        if record.count == 1 && record[0].isEmpty {
            out.append(contentsOf: [quote, quote, lf])
            return
        }
        for (k, field) in record.enumerated() {
            if k > 0 { out.append(comma) }
            append(field: field, to: &out)
        }
        out.append(lf)
    }

    /// One field as it appears in the file: neutralized (if enabled), then
    /// quoted when needed.
    public func encode(field: String) -> String {
        var out: [UInt8] = []
        append(field: field, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private func append(field: String, to out: inout [UInt8]) {
        let neutralize = neutralizesFormulas && CSVWriter.isFormulaLike(field)
        guard neutralize ? CSVWriter.needsQuotes(field, prefixed: true) : CSVWriter.needsQuotes(field) else {
            if neutralize { out.append(apostrophe) }
            out.append(contentsOf: field.utf8)
            return
        }
        out.append(quote)
        if neutralize { out.append(apostrophe) }
        for b in field.utf8 {
            if b == quote { out.append(quote) }
            out.append(b)
        }
        out.append(quote)
    }

    /// True when `cell` starts with `=`, `+`, `-`, `@`, tab or CR and is not a
    /// plain number.
    public static func isFormulaLike(_ cell: String) -> Bool {
        guard let first = cell.utf8.first else { return false }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D:
            return !isPlainNumber(cell)
        default:
            return false
        }
    }

    /// True for `[+-]?[0-9]+(\.[0-9]+)?` (ASCII digits only).
    public static func isPlainNumber(_ cell: String) -> Bool {
        var bytes = cell.utf8[...]
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            bytes = bytes.dropFirst()
        }
        func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        let whole = bytes.prefix(while: isDigit)
        guard !whole.isEmpty else { return false }
        bytes = bytes.dropFirst(whole.count)
        if bytes.isEmpty { return true }
        guard bytes.first == UInt8(ascii: ".") else { return false }
        let fraction = bytes.dropFirst()
        return !fraction.isEmpty && fraction.allSatisfy(isDigit)
    }

    /// Whether `value` (after an optional neutralizing `'` prefix) must be quoted.
    private static func needsQuotes(_ value: String, prefixed: Bool = false) -> Bool {
        let utf8 = value.utf8
        guard let first = utf8.first, let last = utf8.last else { return false }
        if !prefixed && (first == 0x20 || first == 0x09 || value.unicodeScalars.first == "\u{FEFF}") { return true }
        if last == 0x20 || last == 0x09 { return true }
        return utf8.contains { $0 == comma || $0 == quote || $0 == cr || $0 == lf }
    }
}

private let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
private let apostrophe = UInt8(ascii: "'")
