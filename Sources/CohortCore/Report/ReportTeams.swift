/// The team cards of report.html.
extension Page {
    // MARK: teams

    func teamCards() -> String {
        var s = "<section id=\"teams\">\n<h2>Teams</h2>\n"
        let teams = r.teams.teams
        if teams.isEmpty {
            s += "<p>No teams were formed.</p>\n</section>\n"
            return s
        }
        s += "<p class=\"note\">\(teams.count) teams; the facilitator and note-taker rotate weekly (see each member's calendar).</p>\n<div class=\"cards\">\n"
        var requestIndex: [String: Int] = [:]
        for (k, t) in r.scheduleRequest.teams.enumerated() { requestIndex[t.id] = k }
        for team in teams.prefix(Report.maxTeamCards) {
            s += "<div class=\"card\" id=\"team-\(HTML.escape(team.id))\">"
            var title = "Team " + HTML.escape(team.id)
            var needs: TagSet? = nil
            if let p = team.project {
                let project = c.projects[p]
                title += " · " + HTML.escape(project.name.isEmpty ? project.id : project.name) + " <span class=\"note\">(" + HTML.escape(project.id) + ")</span>"
                needs = project.needs
            } else {
                title += " · <span class=\"note\">free team</span>"
            }
            s += "<h3>\(title)</h3>"
            var standup = "not scheduled"
            if let k = requestIndex[team.id], k < r.schedule.standupEvent.count, let e = r.schedule.standupEvent[k] {
                let t = text.time(ofEvent: e)
                standup = "\(t.day) \(t.start)–\(t.end) UTC"
            }
            s += "<div><b>Standup:</b> \(standup)</div><ul>"
            var skills = Set<Tag>()
            for m in team.members {
                let member = c.members[m]
                for t in member.skills { skills.insert(t) }
                s += "<li>\(Report.stageBadge(member.stage.rawValue))\(who(m))</li>"
            }
            s += "</ul>"
            let stages = Set(team.members.map { c.members[$0].stage.rawValue }).sorted()
            s += "<div><b>Stages:</b> \(stages.map { Report.stageBadge($0) }.joined())</div>"
            if let needs, !needs.isEmpty {
                let covered = needs.filter { skills.contains($0) }.map { c.tags.name($0) }.sorted()
                let missing = needs.filter { !skills.contains($0) }.map { c.tags.name($0) }.sorted()
                s += "<div><b>Needs covered:</b> " + covered.map { "<span class=\"tag\">\(HTML.escape($0))</span>" }.joined()
                s += missing.map { "<span class=\"tag miss\" title=\"not covered\">\(HTML.escape($0))</span>" }.joined() + "</div>"
            } else {
                let names = skills.map { c.tags.name($0) }.sorted()
                s += "<div><b>Skills:</b> " + names.map { "<span class=\"tag\">\(HTML.escape($0))</span>" }.joined() + "</div>"
            }
            s += "</div>\n"
        }
        s += "</div>\n"
        if teams.count > Report.maxTeamCards {
            s += "<p class=\"note\">The first \(Report.maxTeamCards) of \(teams.count) teams are shown; teams.csv has them all.</p>\n"
        }
        return s + "</section>\n"
    }
}
