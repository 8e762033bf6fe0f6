/// "Did you mean …?": the closest of some known names to a mistyped one.
public enum Suggestion {
    /// The known name closest to `typed` — the same letters without `_` and
    /// `-`, or at most a third of its letters (at least 2) edited — or nil.
    public static func closest(to typed: String, among known: [String]) -> String? {
        let plain = Self.plain(typed)
        if let same = known.first(where: { Self.plain($0) == plain }) { return same }
        let limit = max(2, plain.count / 3)
        var best: (distance: Int, name: String)?
        for name in known {
            let d = distance(plain, Self.plain(name))
            if d <= limit, best == nil || d < best!.distance { best = (d, name) }
        }
        return best?.name
    }

    static func plain(_ s: String) -> [Character] { s.lowercased().filter { $0 != "_" && $0 != "-" } }

    /// Levenshtein distance (insertions, deletions, substitutions).
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + [Int](repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
