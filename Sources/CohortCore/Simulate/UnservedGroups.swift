/// Who was not served in one batch, grouped by need and by the kind of reason.
///
/// Built from the text of unmatched.csv (`OutputFiles.unmatched`), so every need
/// the batch reports — today mentor, team, workshop and unfitted meetings;
/// backups and buddies as they are added — is counted without code here
/// knowing about it.
public struct UnservedGroup: Sendable, Hashable {
    /// The `need` column (mentor, backup, buddy, team, workshop, checkin, …).
    public var need: String
    /// The reason with its particulars removed (`ReasonKind.normalize`).
    public var kind: String
    /// Rows of unmatched.csv in the group.
    public var count: Int
    /// The first full reason of the group (in member order), to read.
    public var example: String

    public init(need: String, kind: String, count: Int, example: String) {
        self.need = need
        self.kind = kind
        self.count = count
        self.example = example
    }
}

public enum UnservedGroups {
    /// The needs of SPEC §4, in the order of unmatched.csv; other needs follow by name.
    public static let standardNeeds = ["mentor", "backup", "buddy", "team", "workshop"]

    /// Orders needs: SPEC §4 needs first, then any other by name.
    public static func needOrder(_ a: String, _ b: String) -> Bool {
        let i = standardNeeds.firstIndex(of: a) ?? standardNeeds.count
        let j = standardNeeds.firstIndex(of: b) ?? standardNeeds.count
        return i != j ? i < j : a < b
    }

    /// Groups the rows of an unmatched.csv text (header member_id, need, reason)
    /// by need and reason kind; largest groups first within a need.
    public static func groups(unmatchedCSV text: String) -> [UnservedGroup] {
        let parsed = CSVReader.read(Array(text.utf8))
        guard let header = parsed.records.first?.fields.map({ $0.lowercased() }),
              let needColumn = header.firstIndex(of: "need"), let reasonColumn = header.firstIndex(of: "reason")
        else { return [] }
        var index: [String: Int] = [:]
        var groups: [UnservedGroup] = []
        for record in parsed.records.dropFirst() {
            let fields = record.fields
            guard fields.count > max(needColumn, reasonColumn) else { continue }
            let need = fields[needColumn]
            let reason = fields[reasonColumn]
            let kind = ReasonKind.normalize(reason)
            let key = need + "\u{0}" + kind
            if let g = index[key] {
                groups[g].count += 1
            } else {
                index[key] = groups.count
                groups.append(UnservedGroup(need: need, kind: kind, count: 1, example: reason))
            }
        }
        return groups.sorted { a, b in
            if a.need != b.need { return needOrder(a.need, b.need) }
            if a.count != b.count { return a.count > b.count }
            return a.kind < b.kind
        }
    }

    /// Rows per need.
    public static func countsByNeed(_ groups: [UnservedGroup]) -> [(need: String, count: Int)] {
        var counts: [String: Int] = [:]
        for g in groups { counts[g.need, default: 0] += g.count }
        return counts.keys.sorted(by: needOrder).map { ($0, counts[$0]!) }
    }
}

/// The kind of a reason: the same explanation with its particulars (ids, counts,
/// times, quoted tags) taken out, so that reasons can be counted by kind.
public enum ReasonKind {
    /// - drops parenthesised details: "(Mon 18:00-19:00 UTC)";
    /// - keeps the text before the first `;` or `: ` (the rest elaborates);
    /// - replaces quoted values ('data') by '…';
    /// - replaces every word part holding a digit (4, m00012, T001, 18:00) by N,
    ///   and day names (Mon…Sun) by DAY;
    /// - collapses white space, and a list of like items to one.
    /// An empty reason is "(no reason given)".
    static let days: Set<String> = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    public static func normalize(_ reason: String) -> String {
        // Parenthesised details, nesting included.
        var flat: [Character] = []
        var depth = 0
        for ch in reason {
            if ch == "(" { depth += 1; continue }
            if ch == ")" { if depth > 0 { depth -= 1 }; continue }
            if depth == 0 { flat.append(ch) }
        }
        // The head of the sentence.
        if let cut = flat.indices.first(where: { flat[$0] == ";" || (flat[$0] == ":" && ($0 + 1 == flat.count || flat[$0 + 1] == " ")) }) {
            flat.removeSubrange(cut...)
        }
        // Quoted values.
        var unquoted: [Character] = []
        var k = 0
        while k < flat.count {
            let ch = flat[k]
            // A quote opens at the start or after a space or bracket (not "m00003's")
            // and closes before the end, a space or punctuation.
            let opens = k == 0 || flat[k - 1].isWhitespace || flat[k - 1] == "(" || flat[k - 1] == "["
            if opens && (ch == "'" || ch == "\u{2018}" || ch == "\"") {
                let close: Character = ch == "\u{2018}" ? "\u{2019}" : ch
                if let end = flat[(k + 1)...].indices.first(where: {
                    flat[$0] == close && ($0 + 1 == flat.count || !(flat[$0 + 1].isLetter || flat[$0 + 1].isNumber))
                }) {
                    unquoted.append(contentsOf: "'…'")
                    k = end + 1
                    continue
                }
            }
            unquoted.append(ch)
            k += 1
        }
        // Word parts holding a digit.
        var out = ""
        var part: [Character] = []
        func flush() {
            guard !part.isEmpty else { return }
            let word = String(part)
            if part.contains(where: \.isNumber) {
                out += "N"
            } else if ReasonKind.days.contains(word) {
                out += "DAY"
            } else {
                out += word
            }
            part = []
        }
        for ch in unquoted {
            if ch.isLetter || ch.isNumber || ch == "_" || ch == "." {
                part.append(ch)
            } else {
                flush()
                out.append(ch)
            }
        }
        flush()
        // White space, and punctuation left dangling at the end.
        let words = out.split(whereSeparator: { $0.isWhitespace })
        // A list of like items ("N's checkin-N, N's checkin-N") is one item.
        var items: [String] = []
        for item in words.joined(separator: " ").split(separator: ",", omittingEmptySubsequences: false) {
            let text = String(item.drop(while: { $0 == " " }))
            if let last = items.last, last == text || last.hasSuffix(" " + text) { continue }
            items.append(text)
        }
        var result = items.joined(separator: ", ").replacing(" ,", with: ",")
        while let last = result.last, last == "," || last == "." || last == " " || last == "—" || last == "-" { result.removeLast() }
        return result.isEmpty ? "(no reason given)" : result
    }
}
