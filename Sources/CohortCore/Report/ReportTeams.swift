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
        s += isolatedMembers()
        return s + "</section>\n"
    }

    /// With `team_no_isolated`: every member alone with their balance value on their team, team
    /// by team, and why — forced by placement and proven, or not proven (docs/teams.md §7).
    func isolatedMembers() -> String {
        guard let level = r.teams.isolation, !r.teams.isolatedMembers.isEmpty else { return "" }
        let all = r.teams.isolatedMembers
        var s = "<h3 id=\"isolated\">Members alone with their balance value (team_no_isolated)</h3>\n"
        s += "<p class=\"note\">\(all.count) member\(all.count == 1 ? " is" : "s are") the only one with their listed balance value on their team. "
            + "<b>Forced by placement</b> says whether it is proven that they could not have a peer without leaving someone "
            + "without a team: proven when nobody with their value could ever share a team with them, or when the whole "
            + "isolation level is proven optimal (Solver proof); otherwise not proven.</p>\n"
        var rows: [[String]] = []
        for x in all.prefix(Report.maxTeamCards) {
            let member = c.members[x.member]
            let value = member.balance.map { c.balances.name($0) } ?? ""
            let why = switch x.why {
            case .noPossiblePeer: "nobody else with '\(value)' could ever share a team with them (standup times\(c.policy.teamGroup == .same ? ", group" : ""))"
            case .noPeerCouldJoin: "nobody else with '\(value)' could join this team (its standup times, group or an avoid)"
            case .peerCouldJoin: "someone with '\(value)' could join this team, but "
                + (level.status == .optimal ? "no answer that gives them a peer places as many members"
                   : "the search found no change that does so without leaving a member without a team or breaking a team's rule")
            }
            let forced = x.forcedByPlacement(levelStatus: level.status) ? "proven" : "not proven"
            rows.append([HTML.escape(x.team), who(x.member), HTML.escape(value), HTML.escape(why), forced])
        }
        s += Report.table(["team", "member", "value", "why", "forced by placement"], rows)
        if all.count > Report.maxTeamCards {
            s += "<p class=\"note\">The first \(Report.maxTeamCards) of \(all.count) are shown.</p>\n"
        }
        return s
    }
}
