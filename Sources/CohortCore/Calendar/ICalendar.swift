/// Writes iCalendar text (RFC 5545) by hand: CRLF line ends, lines folded at
/// 75 octets without splitting a UTF-8 character, TEXT values escaped.
public struct ICalendarWriter: Sendable {
    private(set) var bytes: [UInt8] = []

    public init() {}

    /// The calendar as text.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Appends a content line `NAME:value` (value already escaped where needed), folded.
    public mutating func line(_ name: String, _ value: String) {
        let length = name.utf8.count + 1 + value.utf8.count
        if length <= 75 {
            // Most lines: no folding, no intermediate copy.
            bytes.append(contentsOf: name.utf8)
            bytes.append(0x3A)
            bytes.append(contentsOf: value.utf8)
            bytes.append(13); bytes.append(10)
            return
        }
        var content: [UInt8] = []
        content.reserveCapacity(length)
        content.append(contentsOf: name.utf8)
        content.append(0x3A)
        content.append(contentsOf: value.utf8)
        Self.appendFolded(content, to: &bytes)
    }

    /// Appends lines already written by another writer (its `bytes`).
    public mutating func append(_ lines: [UInt8]) { bytes.append(contentsOf: lines) }

    /// Appends a TEXT property, escaping its value.
    public mutating func text(_ name: String, _ value: String) {
        var content: [UInt8] = []
        content.reserveCapacity(name.utf8.count + 1 + value.utf8.count + 8)
        content.append(contentsOf: name.utf8)
        content.append(0x3A)
        var previousCR = false
        Self.appendEscaped(value, to: &content, previousCR: &previousCR)
        appendLine(content)
    }

    /// Appends one unfolded content line (`NAME:value` as bytes), folded.
    mutating func appendLine(_ content: [UInt8]) {
        if content.count <= 75 {
            bytes.append(contentsOf: content)
            bytes.append(13); bytes.append(10)
        } else {
            Self.appendFolded(content, to: &bytes)
        }
    }

    /// Folds one content line at 75 octets (RFC 5545 §3.1): continuation lines
    /// start with a space, which counts toward their 75. A fold never splits a
    /// UTF-8 character.
    static func appendFolded(_ content: [UInt8], to out: inout [UInt8]) {
        var start = 0
        var limit = 75  // octets the current line may still hold
        while content.count - start > limit {
            var end = start + limit
            // Back off to the first byte of a UTF-8 character (never a continuation byte 10xxxxxx).
            while end > start && content[end] & 0xC0 == 0x80 { end -= 1 }
            out.append(contentsOf: content[start..<end])
            out.append(13); out.append(10); out.append(32)
            start = end
            limit = 74
        }
        out.append(contentsOf: content[start...])
        out.append(13); out.append(10)
    }

    /// TEXT escaping (RFC 5545 §3.3.11): `\` `;` `,` and newlines; other
    /// control characters are dropped.
    public static func escape(_ s: String) -> String {
        var bytes: [UInt8] = []
        var previousCR = false
        appendEscaped(s, to: &bytes, previousCR: &previousCR)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `escape` of `s`, appended to `out` as UTF-8. Pieces escaped one after
    /// the other with the same `previousCR` give the escape of the whole (a
    /// CR LF split between two pieces is still one newline). Works on bytes:
    /// the characters it changes or drops are ASCII, so no multi-byte
    /// character is touched.
    static func appendEscaped(_ s: String, to out: inout [UInt8], previousCR: inout Bool) {
        var cr = previousCR
        for b in s.utf8 {
            switch b {
            case 0x5C: out.append(0x5C); out.append(0x5C)  // \ → \\
            case 0x3B: out.append(0x5C); out.append(0x3B)  // ; → \;
            case 0x2C: out.append(0x5C); out.append(0x2C)  // , → \,
            case 0x0D: out.append(0x5C); out.append(0x6E)  // CR → \n
            case 0x0A: if !cr { out.append(0x5C); out.append(0x6E) }  // LF → \n, once after a CR
            default: if b >= 0x20 && b != 0x7F { out.append(b) }
            }
            cr = b == 0x0D
        }
        previousCR = cr
    }

    /// Reverses `escape`.
    public static func unescape(_ s: String) -> String {
        var r = ""
        var escaped = false
        for ch in s {
            if escaped {
                r.append(ch == "n" || ch == "N" ? "\n" : ch)
                escaped = false
            } else if ch == "\\" {
                escaped = true
            } else {
                r.append(ch)
            }
        }
        return r
    }

    /// `YYYYMMDDTHHMMSS` (no zone) for a local wall-clock time given as seconds since 1970-01-01 00:00 local.
    public static func local(_ seconds: Int) -> String { String(utc(seconds).dropLast()) }

    /// `+HHMM` / `-HHMM` for an offset in minutes (TZOFFSETFROM, TZOFFSETTO).
    public static func offset(_ minutes: Int) -> String {
        let m = abs(minutes)
        func pad(_ n: Int) -> String { n < 10 ? "0" + String(n) : String(n) }
        return (minutes < 0 ? "-" : "+") + pad(m / 60) + pad(m % 60)
    }

    /// The VTIMEZONE of a zone over the quarter: one observance for the offset
    /// at its start, and one per change (DAYLIGHT when the offset goes up).
    public static func timeZone(_ t: ZoneTimeline, from start: Int) -> [CalendarFile.Property] {
        typealias P = CalendarFile.Property
        var lines = [P("BEGIN", "VTIMEZONE"), P("TZID", t.zone)]
        func observance(_ kind: String, at local: Int, from: Int, to: Int) {
            lines += [P("BEGIN", kind), P("DTSTART", Self.local(local)), P("TZOFFSETFROM", offset(from)), P("TZOFFSETTO", offset(to)), P("END", kind)]
        }
        let low = t.offsets.min() ?? t.initialOffset
        observance(t.initialOffset > low ? "DAYLIGHT" : "STANDARD", at: start + t.initialOffset * 60, from: t.initialOffset, to: t.initialOffset)
        var before = t.initialOffset
        for c in t.changes {
            observance(c.offset > before ? "DAYLIGHT" : "STANDARD", at: c.at + before * 60, from: before, to: c.offset)
            before = c.offset
        }
        lines.append(P("END", "VTIMEZONE"))
        return lines
    }

    /// A parameter value (e.g. `CN=`): quoted, with the characters a quoted
    /// parameter cannot hold (`"` and controls) dropped.
    public static func parameter(_ s: String) -> String {
        var r = "\""
        for u in s.unicodeScalars where u != "\"" && u.value >= 0x20 && u.value != 0x7F { r.unicodeScalars.append(u) }
        return r + "\""
    }

    /// `YYYYMMDDTHHMMSSZ` for seconds since the epoch (UTC).
    public static func utc(_ seconds: Int) -> String {
        let days = Int((Double(seconds) / 86_400).rounded(.down))
        let date = CalendarDate(daysSinceEpoch: days)
        let rest = seconds - days * 86_400
        func pad(_ n: Int) -> String { n < 10 ? "0" + String(n) : String(n) }
        let ymd = date.description.replacingOccurrences(of: "-", with: "")
        return ymd + "T" + pad(rest / 3600) + pad(rest / 60 % 60) + pad(rest % 60) + "Z"
    }

    /// 64-bit FNV-1a of a string's UTF-8, as 16 hex digits (stable UIDs and file names).
    public static func hash(_ s: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01B3
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

extension String {
    fileprivate func replacingOccurrences(of a: String, with b: String) -> String {
        split(separator: Character(a), omittingEmptySubsequences: false).joined(separator: b)
    }
}

/// File names for `calendar/ID.ics` that are safe whatever the id holds.
public enum CalendarFileName {
    static let reserved: Set<String> = [
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ]

    /// `ID.ics` with every byte outside `A–Z a–z 0–9 - _ .` written as `%XX`
    /// (so `%` itself is `%25`), a leading `.` as `%2E`, the first letter of a
    /// Windows device name (`CON`, `NUL`, …) encoded, and a name longer than
    /// 200 bytes shortened with `~` and a hash. Different ids give different names.
    public static func name(for id: String) -> String {
        var out = ""
        for (k, b) in id.utf8.enumerated() {
            let safe = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x5F || (b == 0x2E && k > 0)
            if safe { out.unicodeScalars.append(UnicodeScalar(b)) } else { out += percent(b) }
        }
        if id.isEmpty { out = "%" }
        let stem = out.split(separator: ".", maxSplits: 1).first.map { String($0).uppercased() } ?? ""
        if reserved.contains(stem), let first = id.utf8.first {
            out = percent(first) + String(out.dropFirst())
        }
        if out.utf8.count > 200 {
            out = String(out.prefix(180)) + "~" + ICalendarWriter.hash(id)
        }
        return out + ".ics"
    }

    /// Names for many ids at once: as `name(for:)`, and where two names would
    /// be the same on a case-insensitive file system (`Ann`, `ann`), each of
    /// them gets `~` and a hash of its id.
    public static func names(for ids: [String]) -> [String] {
        let plain = ids.map(name(for:))
        var count: [String: Int] = [:]
        for n in plain { count[n.lowercased(), default: 0] += 1 }
        return plain.enumerated().map { k, n in
            count[n.lowercased()]! > 1 ? String(n.dropLast(4)) + "~" + ICalendarWriter.hash(ids[k]) + ".ics" : n
        }
    }

    private static func percent(_ b: UInt8) -> String {
        let hex = Array("0123456789ABCDEF")
        return "%" + String(hex[Int(b >> 4)]) + String(hex[Int(b & 15)])
    }
}
