/// The study-pod section of report.html.
extension Page {
    /// One row per pod: its interest, weekly meeting (UTC), members with
    /// their stages, and who facilitates in week 1 (docs/pods.md).
    func podTable() -> String {
        var s = "<section id=\"pods\">\n<h2>Study pods</h2>\n"
        let pods = r.pods.pods
        let seekers = c.members.count(where: \.seeksPod)
        if pods.isEmpty {
            s += seekers == 0 ? "<p>Nobody asked for a study pod (the wants_pod column).</p>\n"
                : "<p>No study pod could be formed for the \(seekers) members who asked; <a href=\"#unmatched\">Not served</a> says why.</p>\n"
            return s + "</section>\n"
        }
        let placed = pods.reduce(0) { $0 + $1.members.count }
        s += "<p class=\"note\">\(pods.count) pods of \(c.policy.podMin)–\(c.policy.podMax) members hold \(placed) of the \(seekers) members who asked; each meets weekly for \(c.policy.podMinutes) minutes, and the facilitator rotates week by week, the most experienced first (pods.csv has each member's weeks).</p>\n"
        var rows: [[String]] = []
        for (x, pod) in pods.prefix(Report.maxTeamCards).enumerated() {
            var meeting = "no weekly time"
            if x < r.schedule.podEvent.count, let e = r.schedule.podEvent[x] {
                let t = text.time(ofEvent: e)
                meeting = "\(t.day) \(t.start)–\(t.end) UTC"
            }
            let members = pod.members.map { Report.stageBadge(c.members[$0].stage.rawValue) + who($0) }.joined(separator: ", ")
            rows.append([HTML.escape(pod.id), "<span class=\"tag\">" + HTML.escape(c.tags.name(pod.interest)) + "</span>", meeting, members,
                         pod.facilitators.first.map(who) ?? ""])
        }
        s += Report.table(["pod", "interest", "meeting", "members", "facilitator, week 1"], rows, cls: "stack")
        if pods.count > Report.maxTeamCards {
            s += "<p class=\"note\">The first \(Report.maxTeamCards) of \(pods.count) pods are shown; pods.csv has them all.</p>\n"
        }
        return s + "</section>\n"
    }
}
