/// A CSV input file read against the columns cohort knows: header checked,
/// ragged rows reported, cells reachable by column.
struct Table {
    struct Row {
        let line: Int
        let fields: [String]
    }

    let file: String
    /// Column position by known column name; absent when the file lacks it.
    let position: [String: Int]
    let rows: [Row]
    let headerLine: Int

    /// Reads `input`; nil when the file cannot be used at all (its problems are in `diagnostics`).
    static func read(_ input: InputFile, known: [String], required: [String], diagnostics: inout [Diagnostic]) -> Table? {
        let parsed = CSVReader.read(input.bytes)
        for error in parsed.errors {
            diagnostics.append(Diagnostic(.error, file: input.name, line: error.line, column: .field(error.field), error.problem))
        }
        guard let header = parsed.records.first else {
            if parsed.errors.isEmpty {
                diagnostics.append(Diagnostic(.error, file: input.name, line: 1, column: .field(1), .emptyFile))
            }
            return nil
        }
        var position: [String: Int] = [:]
        var usable = true
        for (i, raw) in header.fields.enumerated() {
            let name = String(raw.trimmingSpaces()).lowercased()
            if !known.contains(name) {
                diagnostics.append(Diagnostic(.warning, file: input.name, line: header.line, column: name.isEmpty ? .field(i + 1) : .name(name), .unknownColumn))
                continue
            }
            if position[name] != nil {
                diagnostics.append(Diagnostic(.error, file: input.name, line: header.line, column: .name(name), .duplicateColumn))
                usable = false
                continue
            }
            position[name] = i
        }
        for name in required where position[name] == nil {
            diagnostics.append(Diagnostic(.error, file: input.name, line: header.line, column: .name(name), .missingColumn))
            usable = false
        }
        var rows: [Row] = []
        rows.reserveCapacity(parsed.records.count)
        let width = header.fields.count
        for record in parsed.records.dropFirst() {
            if record.fields.count != width {
                diagnostics.append(Diagnostic(.error, file: input.name, line: record.line, column: .field(min(width, record.fields.count) + 1),
                    .raggedRow(expected: width, found: record.fields.count)))
                continue
            }
            rows.append(Row(line: record.line, fields: record.fields))
        }
        guard usable else { return nil }
        return Table(file: input.name, position: position, rows: rows, headerLine: header.line)
    }

    /// A known column, its position resolved once per table.
    struct Column {
        let name: String
        /// Field index in every row; nil when the file lacks the column.
        let position: Int?
    }

    /// The column `name` (one of the known columns), for `cell` and `list`.
    func column(_ name: String) -> Column { Column(name: name, position: position[name]) }

    /// The rows sorted by id (then line): the canonical order of the cohort.
    var rowsInIDOrder: [Row] {
        let idColumn = column("id")
        let ids = rows.map { String(cell($0, idColumn)) }
        return rows.indices.sorted { ids[$0] != ids[$1] ? ids[$0] < ids[$1] : rows[$0].line < rows[$1].line }.map { rows[$0] }
    }

    /// The trimmed cell of `column` in `row`, empty when the column is absent.
    func cell(_ row: Row, _ column: Column) -> Substring {
        guard let p = column.position else { return "" }
        return row.fields[p].trimmingSpaces()
    }

    /// A `;`-separated list cell, trimmed, blanks dropped.
    func list(_ row: Row, _ column: Column) -> [Substring] {
        Table.listItems(cell(row, column))
    }

    /// Calls `body` with each item of the list cell of `column` in `row`:
    /// `list` without building an array.
    func forEachItem(_ row: Row, _ column: Column, _ body: (Substring) -> Void) {
        Table.forEachItem(in: cell(row, column), body)
    }

    /// The items of a `;`-separated list, trimmed, blanks dropped.
    static func listItems(_ text: Substring) -> [Substring] {
        var items: [Substring] = []
        forEachItem(in: text) { items.append($0) }
        return items
    }

    /// Calls `body` with each item of a `;`-separated list, trimmed, blanks
    /// skipped, in order. ASCII text is split on its bytes (each `Character`
    /// there is one byte, and `;` is never part of `"\r\n"`); other text by
    /// `Character`, as a `;` followed by a combining mark is not a separator.
    static func forEachItem(in text: Substring, _ body: (Substring) -> Void) {
        if text.isEmpty { return }
        guard text.isASCII else {
            for piece in text.split(separator: ";") {
                let item = piece.trimmingSpaces()
                if !item.isEmpty { body(item) }
            }
            return
        }
        let bytes = text.utf8
        var itemStart = bytes.startIndex
        var i = itemStart
        while true {
            if i == bytes.endIndex || bytes[i] == ASCII.semicolon {
                let item = text[itemStart..<i].trimmingSpaces()
                if !item.isEmpty { body(item) }
                if i == bytes.endIndex { break }
                itemStart = bytes.index(after: i)
            }
            i = bytes.index(after: i)
        }
    }
}

extension CSVError {
    /// The input problem a CSV syntax error is reported as.
    var problem: InputProblem {
        kind == .invalidUTF8 ? .invalidUTF8 : .csvSyntax(kind.message)
    }
}
