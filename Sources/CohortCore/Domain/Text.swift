// Text helpers used on every cell of a roster. Each has a fast path on the
// UTF-8 bytes and falls back to `Character`-level code whenever the bytes alone
// could disagree with grapheme clusters, so results are always those of the
// `Character`-level definition.

/// UTF-8 bytes the helpers look at.
enum ASCII {
    static let tab: UInt8 = 0x09
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let semicolon: UInt8 = 0x3B

    /// Space, tab, line feed or carriage return: what `trimmingSpaces` removes.
    static func isTrimmable(_ b: UInt8) -> Bool {
        b == space || b == tab || b == lineFeed || b == carriageReturn
    }

    static func isUppercaseLetter(_ b: UInt8) -> Bool { b &- 0x41 < 26 }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line breaks
    /// (each a `Character` of its own: `"\r\n"` is one `Character` and stays).
    ///
    /// Works on the UTF-8 bytes: a tab, CR or LF is always a grapheme cluster of
    /// its own (except CR LF, handled), and so is a space unless a non-ASCII
    /// scalar next to it could join it (a combining mark after it, a prepended
    /// mark before it); only then is the `Character` loop used.
    func trimmingSpaces() -> Substring {
        let s = Substring(self)
        let bytes = s.utf8
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end, ASCII.isTrimmable(bytes[start]) {
            let next = bytes.index(after: start)
            if next < end {
                if bytes[start] == ASCII.carriageReturn && bytes[next] == ASCII.lineFeed { break }
                if bytes[start] == ASCII.space && bytes[next] >= 0x80 { return s.trimmingSpacesByCharacter() }
            }
            start = next
        }
        while start < end {
            let last = bytes.index(before: end)
            guard ASCII.isTrimmable(bytes[last]) else { break }
            if last > start {
                let before = bytes[bytes.index(before: last)]
                if bytes[last] == ASCII.lineFeed && before == ASCII.carriageReturn { break }
                if bytes[last] == ASCII.space && before >= 0x80 { return s.trimmingSpacesByCharacter() }
            }
            end = last
        }
        return s[start..<end]
    }

    /// `trimmingSpaces`, `Character` by `Character`: the definition.
    func trimmingSpacesByCharacter() -> Substring {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s.removeLast() }
        return s
    }
}

extension Substring {
    /// Whether every byte is ASCII. In ASCII text every `Character` is one
    /// byte, except `"\r\n"`.
    var isASCII: Bool {
        utf8.withContiguousStorageIfAvailable { $0.allSatisfy { $0 < 0x80 } } ?? utf8.allSatisfy { $0 < 0x80 }
    }

    /// `lowercased()`; for ASCII text (the same result) without the Unicode
    /// machinery, and without a copy of the bytes when already lower-case.
    func lowercasedFast() -> String {
        var hasUppercase = false
        for b in utf8 {
            if b >= 0x80 { return lowercased() }
            if ASCII.isUppercaseLetter(b) { hasUppercase = true }
        }
        guard hasUppercase else { return String(self) }
        return String(decoding: utf8.map { ASCII.isUppercaseLetter($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
}
