/// The charts section of report.html: bar charts of pairs and teams, and two
/// week heat-maps. Inline SVG, scaled to the screen by the page's style.
extension Page {
    // MARK: charts

    func charts() -> String {
        var s = "<section id=\"charts\">\n<h2>Charts</h2>\n<div class=\"charts\">\n"
        // Stage gaps of pairs.
        var gaps = [Int: (new: Int, cont: Int)]()
        for p in r.mentoring.pairs {
            let g = c.members[p.mentor].stage.rawValue - c.members[p.mentee].stage.rawValue
            var v = gaps[g] ?? (0, 0)
            if p.continuing { v.cont += 1 } else { v.new += 1 }
            gaps[g] = v
        }
        let gapRange = (min(c.policy.stageGap, gaps.keys.min() ?? 4))...max(4, gaps.keys.max() ?? 4)
        s += BarChart(id: "chart-stage-gaps", title: "Stage gap of mentor pairs (mentor − mentee)", xLabel: "stages ahead", yLabel: "pairs",
                      bars: gapRange.map { g in BarChart.Bar(label: "+\(g)", segments: [(gaps[g]?.new ?? 0, 0), (gaps[g]?.cont ?? 0, 1)]) },
                      series: [("new", "#1565c0"), ("continuing", "#90caf9")]).svg()
        // Mentor load.
        var load = [Int](repeating: 0, count: c.members.count)
        for p in r.mentoring.pairs { load[p.mentor] += 1 }
        var byLoad: [Int: (full: Int, free: Int)] = [:]
        var places = 0, used = 0
        for (j, m) in c.members.enumerated() where rules.isMentor(m) {
            var v = byLoad[load[j]] ?? (0, 0)
            if load[j] >= m.mentorCapacity { v.full += 1 } else { v.free += 1 }
            byLoad[load[j]] = v
            places += m.mentorCapacity
            used += load[j]
        }
        let maxLoad = max(c.policy.maxMentees, byLoad.keys.max() ?? 0)
        s += BarChart(id: "chart-mentor-load", title: "Mentor load: mentees per opted-in mentor", xLabel: "mentees (\(used) of \(places) places used)", yLabel: "mentors",
                      bars: (0...maxLoad).map { l in BarChart.Bar(label: String(l), segments: [(byLoad[l]?.full ?? 0, 0), (byLoad[l]?.free ?? 0, 1)]) },
                      series: [("at capacity", "#7e57c2"), ("places left", "#d1c4e9")]).svg()
        // Team sizes, split by project / free teams.
        var sizes: [Int: (project: Int, free: Int)] = [:]
        var stageMembers = [Int](repeating: 0, count: 6), stageEligible = [Int](repeating: 0, count: 6)
        var distinct: [Int: Int] = [:]
        for t in r.teams.teams {
            var v = sizes[t.members.count] ?? (0, 0)
            if t.project != nil { v.project += 1 } else { v.free += 1 }
            sizes[t.members.count] = v
            var st = Set<Int>()
            for m in t.members { stageMembers[c.members[m].stage.rawValue] += 1; st.insert(c.members[m].stage.rawValue) }
            distinct[st.count, default: 0] += 1
        }
        for m in c.members where m.isActive && m.wantsTeam { stageEligible[m.stage.rawValue] += 1 }
        let lo = min(c.policy.teamMin, sizes.keys.min() ?? c.policy.teamMin), hi = max(c.policy.teamMax, sizes.keys.max() ?? c.policy.teamMax)
        s += BarChart(id: "chart-team-sizes", title: "Team sizes", xLabel: "members per team (\(r.teams.teams.count) teams)", yLabel: "teams",
                      bars: (lo...hi).map { n in BarChart.Bar(label: String(n), segments: [(sizes[n]?.project ?? 0, 0), (sizes[n]?.free ?? 0, 1)]) },
                      series: [("project", "#26a69a"), ("free", "#b2dfdb")]).svg()
        s += BarChart(id: "chart-team-stages", title: "Stage mix: members in teams by stage", xLabel: "stage (placed / eligible not placed)", yLabel: "members",
                      bars: (1...5).map { st in BarChart.Bar(label: String(st), segments: [(stageMembers[st], 0), (max(0, stageEligible[st] - stageMembers[st]), 1)]) },
                      series: [("in a team", "#ef6c00"), ("not placed", "#ffe0b2")]).svg()
        s += "</div>\n"
        var mix = distinct.keys.sorted().map { "\(distinct[$0]!) with \($0) distinct stage\($0 == 1 ? "" : "s")" }.joined(separator: ", ")
        if mix.isEmpty { mix = "no teams" }
        s += "<p class=\"note\">Teams by number of distinct stages: \(mix) (the policy asks for at least \(c.policy.teamMinDistinctStages), someone at stage ≥ \(c.policy.teamSeniorStage)).</p>\n"
        s += heatmaps()
        return s + "</section>\n"
    }

    /// Two week grids (UTC, 7 days × 24 hours): active members available, and
    /// people booked in weekly events. Each cell is the largest count over its four slots.
    func heatmaps() -> String {
        var avail = [Int](repeating: 0, count: Week.slots)
        for m in c.members where m.isActive && !m.availability.isEmpty {
            for s in m.availability.slots { avail[s] += 1 }
        }
        var booked = [Int](repeating: 0, count: Week.slots)
        var eventsAt = [Int](repeating: 0, count: Week.slots)
        for ev in r.schedule.events where ev.kind != .demo {
            for k in 0..<ev.slotCount {
                let s = (ev.startSlot + k) % Week.slots
                booked[s] += ev.participants.count
                eventsAt[s] += 1
            }
        }
        let demos = r.schedule.events.filter { $0.kind == .demo }.count
        var s = "<h3>When people can meet and when they meet (UTC week)</h3>\n<div class=\"charts\">\n"
        s += heatmap(id: "heatmap-availability", title: "Active members available", values: avail, extra: nil, color: (21, 101, 192))
        s += heatmap(id: "heatmap-events", title: "People booked in weekly events", values: booked, extra: eventsAt, color: (239, 108, 0))
        s += "</div>\n<p class=\"note\">Each cell is an hour of the UTC week (days across, hours down); its value is the highest count in its four 15-minute slots. Weekly events: workshop sessions, check-ins, standups, buddy check-ins; the \(demos) one-off demo session(s) are not drawn.</p>\n"
        return s
    }

    /// A week grid as SVG: days across, hours down (so that it stays
    /// readable on a phone), each cell the largest count in its four slots.
    func heatmap(id: String, title: String, values: [Int], extra: [Int]?, color: (Int, Int, Int)) -> String {
        let cell = 40, rowH = 20, left = 44, top = 52, w = left + 7 * cell + 6, h = top + 24 * rowH + 40
        var hour = [Int](repeating: 0, count: 168), hourExtra = [Int](repeating: 0, count: 168)
        for d in 0..<7 {
            for hh in 0..<24 {
                let base = d * Week.slotsPerDay + hh * 4
                hour[d * 24 + hh] = (0..<4).map { values[base + $0] }.max()!
                if let extra { hourExtra[d * 24 + hh] = (0..<4).map { extra[base + $0] }.max()! }
            }
        }
        let peak = max(1, hour.max() ?? 1)
        var s = "<svg id=\"\(id)\" class=\"chart heatmap\" role=\"img\" viewBox=\"0 0 \(w) \(h)\" width=\"\(w)\" height=\"\(h)\" xmlns=\"http://www.w3.org/2000/svg\">"
        s += "<title>\(HTML.escape(title))</title><text x=\"8\" y=\"18\" class=\"ct\">\(HTML.escape(title))</text>"
        s += "<text x=\"8\" y=\"34\" class=\"tick\">peak \(peak) · UTC</text>"
        for d in 0..<7 {
            s += "<text x=\"\(left + d * cell + cell / 2)\" y=\"\(top - 6)\" class=\"tick\" text-anchor=\"middle\">\(Week.dayNames[d])</text>"
        }
        for hh in 0..<24 {
            if hh % 3 == 0 {
                s += "<text x=\"\(left - 6)\" y=\"\(top + hh * rowH + 14)\" class=\"tick\" text-anchor=\"end\">\(Week.clock(hh * 60))</text>"
            }
            for d in 0..<7 {
                let v = hour[d * 24 + hh]
                let a = v == 0 ? 0.0 : 0.12 + 0.88 * Double(v) / Double(peak)
                let fill = v == 0 ? "#f1f3f5" : "rgba(\(color.0),\(color.1),\(color.2),\(HTML.fixed(a, 2)))"
                let label = "\(Week.dayNames[d]) \(Week.clock(hh * 60))–\(Week.clock(hh * 60 + 60)) UTC: \(v)" + (extra != nil ? " people in \(hourExtra[d * 24 + hh]) events" : " members")
                s += "<rect x=\"\(left + d * cell)\" y=\"\(top + hh * rowH)\" width=\"\(cell - 2)\" height=\"\(rowH - 2)\" rx=\"3\" fill=\"\(fill)\"><title>\(label)</title></rect>"
            }
        }
        // Legend.
        let ly = top + 24 * rowH + 12
        s += "<text x=\"\(left)\" y=\"\(ly + 11)\" class=\"tick\">0</text>"
        for k in 0..<10 {
            let a = 0.12 + 0.88 * Double(k + 1) / 10
            s += "<rect x=\"\(left + 14 + k * 20)\" y=\"\(ly)\" width=\"18\" height=\"14\" fill=\"rgba(\(color.0),\(color.1),\(color.2),\(HTML.fixed(a, 2)))\"/>"
        }
        s += "<text x=\"\(left + 14 + 10 * 20 + 4)\" y=\"\(ly + 11)\" class=\"tick\">\(peak)</text>"
        return s + "</svg>\n"
    }
}
