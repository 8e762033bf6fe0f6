/// Demo days (SPEC §1: "every month a demo day at which three teams
/// present"): `demo_days` weeks spread over the quarter; each team presents
/// once, in a session of up to `teams_per_demo` teams, 15 minutes per team,
/// at a time every member of every presenting team can make that week and is
/// not booked (its own standup excepted: a team may present in its standup
/// time, and that week's standup gives way). docs/schedule.md §4.
enum DemoPlanner {
    struct Plan {
        var sessions: [DemoSession]
        /// 1-based number of each session within its week.
        var numberInWeek: [Int]
        /// Per team: whether it presents.
        var placed: [Bool]
        /// Teams that cannot present, with why.
        var reasons: [Int: String]
        /// One-team sessions, with why no other team joins.
        var notes: [DemoNote]
    }

    /// Weeks of the quarter with a demo day: round(W·k / n) for k = 1…n, W
    /// the weeks of the quarter (4, 8, 12 for 3).
    static func weeks(_ n: Int) -> [Int] {
        guard n > 0 else { return [] }
        let quarter = Week.perQuarter
        var result: [Int] = []
        for k in 1...n {
            let w = max(1, min(quarter, (2 * quarter * k + n) / (2 * n)))
            if !result.contains(w) { result.append(w) }
        }
        return result
    }

    /// `events`: the weekly events already placed (with their instants);
    /// `standupEvent`: per team, its standup's index in `events`.
    static func plan(_ cohort: Cohort, teams: [ScheduleTeam], events: [ScheduledEvent], standupEvent: [Int?]) -> Plan {
        let members = cohort.members
        let weekList = weeks(cohort.policy.demoDays)
        var plan = Plan(sessions: [], numberInWeek: [], placed: [Bool](repeating: false, count: teams.count), reasons: [:], notes: [])
        guard !weekList.isEmpty, !teams.isEmpty else { return plan }
        let perSession = max(1, cohort.policy.teamsPerDemo)
        let model = cohort.week
        let weekCount = weekList.count

        // Per member of a team: the slots of each demo week they can make and are free
        // (their own team's standup does not count as busy).
        var teamOf: [Int: [Int]] = [:]
        for (t, team) in teams.enumerated() { for p in Set(team.members) { teamOf[p, default: []].append(t) } }
        let people = teamOf.keys.sorted()
        var ownStandups = Set<Int>()
        for k in standupEvent.compactMap({ $0 }) { ownStandups.insert(k) }
        var busy: [Int: [WeekSlots]] = [:]
        var open: [Int: [WeekSlots]] = [:]
        for p in people {
            busy[p] = [WeekSlots](repeating: WeekSlots(), count: weekCount)
            open[p] = weekList.map { model.availability(inWeek: $0, opening: members[p].openingAvailability, zone: members[p].timeZone) }
        }
        var takenBy: [Int: [(week: Int, slots: WeekSlots, event: Int)]] = [:]
        for (e, ev) in events.enumerated() {
            for p in ev.participants where teamOf[p] != nil {
                let own = ownStandups.contains(e) && teamOf[p]!.contains(ev.source) && ev.kind == .standup
                for (w, week) in weekList.enumerated() {
                    let window = model.weekWindow(week)
                    for t in ev.instants where window.contains(t) {
                        let slots = SlotMath.interval(start: WeekModel.slot(of: t), length: ev.slotCount)
                        if !own { busy[p]![w].formUnion(slots) }
                        takenBy[p, default: []].append((w, slots, e))
                    }
                }
            }
        }
        // Per team and week: the slots all its members can make and are free.
        var free = [[WeekSlots]](repeating: [WeekSlots](repeating: WeekSlots(), count: weekCount), count: teams.count)
        for (t, team) in teams.enumerated() where !team.members.isEmpty {
            for w in 0..<weekCount {
                var s = WeekSlots.all
                for p in team.members { s = s.intersection(open[p]![w].subtracting(busy[p]![w])) }
                free[t][w] = s
            }
        }
        var startsCache: [[Int: WeekSlots]] = [[Int: WeekSlots]](repeating: [:], count: teams.count * weekCount)
        func starts(_ t: Int, _ w: Int, _ k: Int) -> WeekSlots {
            if let s = startsCache[t * weekCount + w][k] { return s }
            let s = free[t][w].starts(length: k)
            startsCache[t * weekCount + w][k] = s
            return s
        }
        let freeCount = teams.indices.map { t in free[t].reduce(0) { $0 + $1.count } }

        // open[w][k][s]: teams not yet in a session that can make a k-team session at s in week w.
        let maxK = min(perSession, teams.count)
        var openCount = [[[Int]]](repeating: [[Int]](repeating: [Int](repeating: 0, count: Week.slots), count: maxK + 1), count: weekCount)
        let order = teams.indices.filter { freeCount[$0] > 0 }.sorted { (freeCount[$0], $0) < (freeCount[$1], $1) }
        for t in order { for w in 0..<weekCount { for k in 1...maxK { for s in starts(t, w, k).slots { openCount[w][k][s] += 1 } } } }
        var taken = [Bool](repeating: false, count: teams.count)
        func take(_ t: Int) {
            taken[t] = true
            for w in 0..<weekCount { for k in 1...maxK { for s in starts(t, w, k).slots { openCount[w][k][s] -= 1 } } }
        }
        var groups: [(week: Int, start: Int, teams: [Int])] = []
        var teamsInWeek = [Int](repeating: 0, count: weekCount)
        var lonely: [Int: String] = [:]  // group index → why alone

        for t in order where !taken[t] {
            take(t)
            // The largest session t can open with other open teams: most other teams able to
            // join, then the week with fewest teams so far, then the earliest start.
            var chosen: (k: Int, week: Int, start: Int)?
            var k = maxK
            while k >= 2 && chosen == nil {
                var best: (count: Int, load: Int, week: Int, start: Int)?
                for w in 0..<weekCount {
                    for s in starts(t, w, k).slots where openCount[w][k][s] >= k - 1 {
                        let key = (count: openCount[w][k][s], load: -teamsInWeek[w], week: w, start: s)
                        if best == nil || (key.count, key.load, -key.week, -key.start) > (best!.count, best!.load, -best!.week, -best!.start) { best = key }
                    }
                }
                if let best { chosen = (k, best.week, best.start) }
                k -= 1
            }
            if let chosen {
                var group = [t]
                for u in order where group.count < chosen.k && !taken[u] && starts(u, chosen.week, chosen.k).contains(chosen.start) {
                    take(u)
                    group.append(u)
                }
                groups.append((chosen.week, chosen.start, group))
                teamsInWeek[chosen.week] += group.count
                continue
            }
            // No new session with another team: join a session with room that can grow by 15 minutes.
            var joined = false
            for g in groups.indices where groups[g].teams.count < perSession {
                let n = groups[g].teams.count + 1
                if (groups[g].teams + [t]).allSatisfy({ starts($0, groups[g].week, n).contains(groups[g].start) }) {
                    groups[g].teams.append(t)
                    teamsInWeek[groups[g].week] += 1
                    lonely[g] = nil
                    joined = true
                    break
                }
            }
            if joined { continue }
            // Alone: the week with fewest teams, its earliest free start.
            let w = (0..<weekCount).filter { !starts(t, $0, 1).isEmpty }.min { (teamsInWeek[$0], $0) < (teamsInWeek[$1], $1) }!
            let s = starts(t, w, 1).slots[0]
            lonely[groups.count] = "no other team is free for a \(2 * Week.slotMinutes)-minute session at any time every member of team \(teams[t].id) can make in the demo weeks"
            groups.append((w, s, [t]))
            teamsInWeek[w] += 1
        }
        // A team alone takes a partner from a session of three or more when that one can make its time.
        for g in groups.indices where groups[g].teams.count == 1 {
            let a = groups[g].teams[0]
            search: for h in groups.indices where h != g && groups[h].teams.count >= 3 {
                for b in groups[h].teams where starts(b, groups[g].week, 2).contains(groups[g].start) && starts(a, groups[g].week, 2).contains(groups[g].start) {
                    groups[h].teams.removeAll { $0 == b }
                    groups[g].teams.append(b)
                    teamsInWeek[groups[h].week] -= 1
                    teamsInWeek[groups[g].week] += 1
                    lonely[g] = nil
                    break search
                }
            }
        }

        // Sessions by week, then start; numbered within the week.
        let sorted = groups.indices.sorted { (weekList[groups[$0].week], groups[$0].start, groups[$0].teams[0]) < (weekList[groups[$1].week], groups[$1].start, groups[$1].teams[0]) }
        var lastWeek = -1, n = 0
        for g in sorted {
            let group = groups[g]
            let week = weekList[group.week]
            plan.sessions.append(DemoSession(week: week, startSlot: group.start, slotCount: group.teams.count, teams: group.teams, unavailable: [],
                                             instant: model.instant(slot: group.start, week: week)))
            if week != lastWeek { lastWeek = week; n = 0 }
            n += 1
            plan.numberInWeek.append(n)
            for t in group.teams { plan.placed[t] = true }
            if let why = lonely[g] { plan.notes.append(DemoNote(team: group.teams[0], reason: why)) }
        }

        // Teams that cannot present: why.
        for (t, team) in teams.enumerated() where !plan.placed[t] {
            let weeksText = weekList.map(String.init).joined(separator: ", ")
            if team.members.isEmpty { plan.reasons[t] = "the team has no members"; continue }
            let shared = (0..<weekCount).contains { w in !team.members.reduce(WeekSlots.all) { $0.intersection(open[$1]![w]) }.isEmpty }
            if !shared {
                var why = "its members share no 15-minute time in the demo weeks (\(weeksText))"
                if let note = team.members.lazy.compactMap({ cohort.week.changeNote(windows: members[$0].localWindows, zone: members[$0].timeZone) }).first,
                   team.members.contains(where: { members[$0].availability.count < members[$0].openingAvailability.count }) {
                    why += "; " + note
                }
                plan.reasons[t] = why
                continue
            }
            var blockers: [String] = []
            for p in team.members.sorted() {
                for b in takenBy[p] ?? [] where !blockers.contains("\(members[p].id)'s \(events[b.event].id)") && blockers.count < 3 {
                    if events[b.event].kind == .standup && events[b.event].source == t { continue }
                    blockers.append("\(members[p].id)'s \(events[b.event].id)")
                }
            }
            plan.reasons[t] = "every time its members share in the demo weeks (\(weeksText)) is taken by their other meetings"
                + (blockers.isEmpty ? "" : " (e.g. " + blockers.joined(separator: ", ") + ")")
        }
        return plan
    }
}
