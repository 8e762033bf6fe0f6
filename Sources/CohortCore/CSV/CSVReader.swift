/// One record (row) of a CSV file.
public struct CSVRecord: Sendable, Equatable {
    /// The 1-based physical line on which the record starts (newlines inside
    /// quoted fields count, so a record after a multi-line field has the line
    /// number an editor shows).
    public let line: Int
    /// The decoded fields, in file order.
    public let fields: [String]

    /// Creates a record.
    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}

/// A problem found while reading CSV.
public struct CSVError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong. A closed set: each case is a distinct syntax problem.
    public enum Kind: Sendable, Equatable, Hashable, CaseIterable {
        /// A quoted field is still open at the end of the input.
        case unterminatedQuote
        /// A `"` appears inside a field that did not start with a quote.
        case quoteInUnquotedField
        /// Something other than `,` or a line break follows a closing quote.
        case textAfterClosingQuote
        /// The field's bytes are not valid UTF-8.
        case invalidUTF8

        /// A readable, organizer-facing explanation.
        public var message: String {
            switch self {
            case .unterminatedQuote:
                return "quoted field is never closed (missing closing \")"
            case .quoteInUnquotedField:
                return "quote character inside an unquoted field (quote the whole field and double the quote: \"\")"
            case .textAfterClosingQuote:
                return "text after the closing quote of a quoted field"
            case .invalidUTF8:
                return "invalid UTF-8 (save the file as UTF-8)"
            }
        }
    }

    /// The 1-based physical line of the problem: where the quote opened for
    /// `unterminatedQuote`, where the offending byte is otherwise.
    public let line: Int
    /// The 1-based field (column position) within its record.
    public let field: Int
    /// What went wrong.
    public let kind: Kind

    /// Creates an error.
    public init(line: Int, field: Int, kind: Kind) {
        self.line = line
        self.field = field
        self.kind = kind
    }

    /// `line L, field F: message`.
    public var description: String { "line \(line), field \(field): \(kind.message)" }
}

/// The outcome of reading a CSV input: every record that could be read and
/// every error found, in input order.
public struct CSVParseResult: Sendable, Equatable {
    /// The records. When `errors` is not empty these are best effort (a field
    /// with invalid UTF-8 holds U+FFFD replacements, stray quotes are kept
    /// literally, a record with an unterminated quote is dropped).
    public var records: [CSVRecord]
    /// All syntax errors, in input order.
    public var errors: [CSVError]

    /// Creates a result.
    public init(records: [CSVRecord], errors: [CSVError]) {
        self.records = records
        self.errors = errors
    }
}

/// A strict RFC 4180 reader working on UTF-8 bytes.
///
/// Accepts an optional byte-order mark, LF, CRLF or a lone CR as line breaks,
/// quoted fields with `,`, doubled quotes `""` and line breaks inside.
/// Entirely empty lines (including a final line break) make no record.
/// Errors are collected in one pass; see ``CSVError/Kind``.
public enum CSVReader {
    /// Reads all records of `bytes` (for example `[UInt8]`, `Data` or `string.utf8`).
    public static func read<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> CSVParseResult {
        if let result = bytes.withContiguousStorageIfAvailable({ parse($0) }) { return result }
        return Array(bytes).withUnsafeBufferPointer { parse($0) }
    }

    private static func parse(_ buf: UnsafeBufferPointer<UInt8>) -> CSVParseResult {
        var p = Parser(buf: buf)
        p.run()
        return CSVParseResult(records: p.records, errors: p.errors)
    }
}

private let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")

/// The byte-level state machine. `line` is the current physical line.
private struct Parser {
    let buf: UnsafeBufferPointer<UInt8>
    var records: [CSVRecord] = []
    var errors: [CSVError] = []
    var fields: [String] = []
    var scratch: [UInt8] = []  // unescaped content of the current quoted field
    var line = 1

    init(buf: UnsafeBufferPointer<UInt8>) { self.buf = buf }

    mutating func run() {
        let n = buf.count
        var i = n >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF ? 3 : 0
        var recordLine = line
        while i < n {
            // Start of a record: skip blank lines.
            if fields.isEmpty {
                if buf[i] == lf || buf[i] == cr {
                    i = skipLineBreak(at: i)
                    continue
                }
                recordLine = line
            }
            let fieldNumber = fields.count + 1
            let fieldLine = line
            if buf[i] == quote {
                guard let next = quotedField(from: i + 1, fieldNumber: fieldNumber) else {
                    errors.append(CSVError(line: fieldLine, field: fieldNumber, kind: .unterminatedQuote))
                    fields.removeAll()
                    return
                }
                i = next
            } else {
                var j = i, bits: UInt8 = 0, stray = false
                while j < n {
                    let b = buf[j]
                    if b == comma || b == lf || b == cr { break }
                    if b == quote && !stray {
                        stray = true
                        errors.append(CSVError(line: line, field: fieldNumber, kind: .quoteInUnquotedField))
                    }
                    bits |= b
                    j += 1
                }
                appendField(UnsafeBufferPointer(rebasing: buf[i..<j]), ascii: bits < 0x80, line: fieldLine, field: fieldNumber)
                i = j
            }
            // After a field: a comma, a line break or the end.
            if i < n && buf[i] == comma {
                i += 1
                if i == n { fields.append("") }  // "a,b," at end of input: trailing empty field
                else { continue }
            } else if i < n {
                i = skipLineBreak(at: i)
            }
            records.append(CSVRecord(line: recordLine, fields: fields))
            fields.removeAll(keepingCapacity: true)
        }
    }

    /// Reads a quoted field whose content starts at `start` (just after the
    /// opening quote). Returns the index after the field, or nil when the quote
    /// is never closed.
    mutating func quotedField(from start: Int, fieldNumber: Int) -> Int? {
        let n = buf.count, fieldLine = line
        scratch.removeAll(keepingCapacity: true)
        var i = start, segment = start
        while true {
            guard i < n else { return nil }
            let b = buf[i]
            if b == quote {
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: buf[segment..<i]))
                if i + 1 < n && buf[i + 1] == quote {  // doubled quote
                    scratch.append(quote)
                    i += 2
                    segment = i
                    continue
                }
                i += 1
                break
            }
            if b == lf || (b == cr && (i + 1 == n || buf[i + 1] != lf)) { line += 1 }
            i += 1
        }
        if i < n && buf[i] != comma && buf[i] != lf && buf[i] != cr {
            errors.append(CSVError(line: line, field: fieldNumber, kind: .textAfterClosingQuote))
            let s = i
            while i < n && buf[i] != comma && buf[i] != lf && buf[i] != cr { i += 1 }
            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: buf[s..<i]))
        }
        let ascii = scratch.allSatisfy { $0 < 0x80 }
        let content = scratch
        content.withUnsafeBufferPointer { appendField($0, ascii: ascii, line: fieldLine, field: fieldNumber) }
        return i
    }

    /// Decodes one field; reports invalid UTF-8 at the line of the first bad byte.
    mutating func appendField(_ bytes: UnsafeBufferPointer<UInt8>, ascii: Bool, line fieldLine: Int, field: Int) {
        if !ascii, let bad = firstInvalidUTF8(bytes) {
            let before = UnsafeBufferPointer(rebasing: bytes[..<bad])
            errors.append(CSVError(line: fieldLine + lineBreaks(in: before), field: field, kind: .invalidUTF8))
        }
        fields.append(String(decoding: bytes, as: UTF8.self))
    }

    /// Skips one line break (LF, CRLF or CR) at `i` and counts the line.
    mutating func skipLineBreak(at i: Int) -> Int {
        line += 1
        return buf[i] == cr && i + 1 < buf.count && buf[i + 1] == lf ? i + 2 : i + 1
    }
}

/// Number of line breaks (LF, CRLF, lone CR) in `bytes`.
private func lineBreaks(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var count = 0
    for (k, b) in bytes.enumerated() where b == lf || (b == cr && (k + 1 == bytes.count || bytes[k + 1] != lf)) {
        count += 1
    }
    return count
}

/// The offset of the first byte that does not begin a well-formed UTF-8
/// sequence (no overlongs, surrogates or values above U+10FFFF), or nil.
private func firstInvalidUTF8(_ p: UnsafeBufferPointer<UInt8>) -> Int? {
    var i = 0
    let n = p.count
    while i < n {
        let b0 = p[i]
        if b0 < 0x80 { i += 1; continue }
        let length: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF  // allowed range of the second byte
        switch b0 {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return i
        }
        guard i + length <= n, p[i + 1] >= low, p[i + 1] <= high else { return i }
        for k in 2..<length where p[i + k] & 0xC0 != 0x80 { return i }
        i += length
    }
    return nil
}
