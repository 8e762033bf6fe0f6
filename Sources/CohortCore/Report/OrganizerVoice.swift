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
        ("one of you", "one of them"), ("among you", "among them"), ("your", "their"), ("you", "them"),
    ]

    static let pairTable: [(String, String)] = [
        ("they are", "the mentor is"), ("they teach", "the mentor teaches"), ("you share", "they share"),
        ("one of you", "one of them"), ("you asked", "the mentee asked"), ("you gave", "the mentee gave"),
        ("you listed", "the mentee listed"), ("you do not want", "the mentee does not want"),
        ("your own", "the mentee's own"), ("your", "the mentee's"), ("you", "the mentee"),
    ]

    /// Replaces each phrase of `table` where it stands as whole words, scanning
    /// left to right; the first phrase of the table that fits at a place wins.
    static func replacingWords(_ text: String, _ table: [(String, String)]) -> String {
        let chars = Array(text)
        let phrases = table.map { (Array($0.0), $0.1) }
        var out = ""
        var k = 0
        func isWordChar(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "'" || c == "_" }
        while k < chars.count {
            let startsWord = k == 0 || !isWordChar(chars[k - 1])
            var replaced = false
            if startsWord {
                for (phrase, replacement) in phrases where k + phrase.count <= chars.count {
                    let end = k + phrase.count
                    guard chars[k..<end].elementsEqual(phrase), end == chars.count || !isWordChar(chars[end]) else { continue }
                    out += replacement
                    k = end
                    replaced = true
                    break
                }
            }
            if !replaced {
                out.append(chars[k])
                k += 1
            }
        }
        return out
    }
}
