/// Reasons are written to the member ("none of your windows is 90 minutes
/// long"): unmatched.csv and the handout use them as they are. The report is
/// the organizer's page, so it retells them about the member ("none of their
/// windows …"), or, for a continuing pair, about the mentee and the mentor.
enum OrganizerVoice {
    /// A reason about the member of its row: "you" becomes "they"/"them", "your" "their".
    static func member(_ reason: String) -> String { replacingWords(reason, memberTable) }

    /// A continuing pair's reason (docs/mentoring.md): written to the mentee,
    /// with "they" the mentor; retold as "the mentee" and "the mentor".
    static func pair(_ reason: String) -> String { replacingWords(reason, pairTable) }

    /// Phrases in order of preference (longest first where one starts another).
    static let memberTable: [(String, String)] = [
        ("you can", "they can"), ("you share", "they share"), ("you asked", "they asked"), ("you gave", "they gave"),
        ("you listed", "they listed"), ("you do not", "they do not"), ("you avoid", "they avoid"),
        ("one of you", "one of them"), ("among you", "among them"), ("yours", "theirs"), ("your", "their"), ("you", "them"),
    ]

    static let pairTable: [(String, String)] = [
        ("they are", "the mentor is"), ("they teach", "the mentor teaches"), ("you share", "they share"),
        ("one of you", "one of them"), ("you asked", "the mentee asked"), ("you gave", "the mentee gave"),
        ("you listed", "the mentee listed"), ("you do not want", "the mentee does not want"),
        ("your own", "the mentee's own"), ("yours", "the mentee's"), ("your", "the mentee's"), ("you", "the mentee"),
    ]

    /// Replaces each phrase of `table` where it stands as whole words, scanning
    /// left to right; the first phrase of the table that fits at a place wins.
    /// On the UTF-8 bytes (the phrases are ASCII; any non-ASCII byte counts as
    /// part of a word): the report retells every not-served row, 100,000s at scale.
    static func replacingWords(_ text: String, _ table: [(String, String)]) -> String {
        let bytes = Array(text.utf8)
        // Every phrase holds "you" or "they": most reasons have neither.
        guard bytes.count >= 3, hasCandidate(bytes) else { return text }
        let phrases = table.map { (Array($0.0.utf8), Array($0.1.utf8)) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 32)
        func isWordByte(_ b: UInt8) -> Bool {
            b >= 0x80 || (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x27 || b == 0x5F
        }
        var k = 0
        let n = bytes.count
        while k < n {
            if k == 0 || !isWordByte(bytes[k - 1]) {
                var matched = false
                for (phrase, replacement) in phrases where phrase[0] == bytes[k] && k + phrase.count <= n {
                    let end = k + phrase.count
                    guard bytes[k..<end].elementsEqual(phrase), end == n || !isWordByte(bytes[end]) else { continue }
                    out += replacement
                    k = end
                    matched = true
                    break
                }
                if matched { continue }
            }
            out.append(bytes[k])
            k += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether "you" or "they" occurs anywhere in `bytes`.
    static func hasCandidate(_ bytes: [UInt8]) -> Bool {
        for k in 0..<(bytes.count - 2) {
            let a = bytes[k], b = bytes[k + 1], c = bytes[k + 2]
            if a == 0x79 && b == 0x6F && c == 0x75 { return true }  // you
            if a == 0x74 && b == 0x68 && c == 0x65 && k + 3 < bytes.count && bytes[k + 3] == 0x79 { return true }  // they
        }
        return false
    }
}
