extension Report {
    /// One row of the rematch's changes (changes.csv), as the report shows it.
    public struct ChangeRow: Sendable {
        public var member: Member
        public var change: String
        public var from: String
        public var to: String
        public var reason: String
    }

    /// The `changes` section of a rematch's report.html: who changed and
    /// why, and how the rematch pairing ended.
    static func rematchChanges(_ rows: [ChangeRow], pairing: PhaseOutcome) -> Extra {
        var s = "<p class=\"note\">Only these members changed; every other pair, team and event is as in the previous run (changes.csv has these rows). Rematch pairing: \(pairing.status.rawValue), objective \(HTML.number(pairing.objective)), bound \(HTML.number(pairing.bound)).</p>\n"
        s += table(["member", "change", "from", "to", "reason"], rows.map { row in
            let m = row.member
            return [HTML.escape(m.name.isEmpty ? m.id : m.name + " (" + m.id + ")"), row.change, HTML.escape(row.from), HTML.escape(row.to), HTML.escape(row.reason)]
        })
        return Extra(id: "changes", title: "Rematch: what changed", html: s)
    }
}
