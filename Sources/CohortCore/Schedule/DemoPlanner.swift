/// Demo days (SPEC §1: "every month a demo day at which three teams
/// present"): `demo_days` weeks spread over the quarter, sessions of up to
/// `teams_per_demo` teams, every team once, at a time when all its members are
/// free where possible. docs/schedule.md §4.
enum DemoPlanner {
    struct Plan {
        var sessions: [DemoSession]
        /// 1-based number of each session within its week.
        var numberInWeek: [Int]
        /// Per team: whether it presents.
        var placed: [Bool]
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

    /// A demo session is 15 minutes per presenting team.
    static func length(_ policy: Policy) -> Int { max(1, policy.teamsPerDemo) }

    static func plan(_ cohort: Cohort, teams: [ScheduleTeam], busy: [WeekSlots]) -> Plan {
        let members = cohort.members
        let weekList = weeks(cohort.policy.demoDays)
        var placed = [Bool](repeating: false, count: teams.count)
        guard !weekList.isEmpty, !teams.isEmpty else { return Plan(sessions: [], numberInWeek: [], placed: placed) }
        let perSession = max(1, cohort.policy.teamsPerDemo)
        let length = length(cohort.policy)

        // Starts at which every member of the team is free (availability minus weekly meetings).
        let free: [WeekSlots] = teams.map { team in
            var s = WeekSlots.all
            for p in team.members {
                let f = members[p].availability.subtracting(busy[p]).starts(length: length)
                s = s.intersection(f)
            }
            return team.members.isEmpty ? WeekSlots() : s
        }
        let freeCount = free.map(\.count)

        // Group: the most constrained team opens a session at the start most other open teams can make.
        var groups: [(start: Int, teams: [Int])] = []
        let order = teams.indices.filter { freeCount[$0] > 0 }.sorted { (freeCount[$0], $0) < (freeCount[$1], $1) }
        var taken = [Bool](repeating: false, count: teams.count)
        // open[s]: teams not yet in a session that can make start s.
        var open = [Int](repeating: 0, count: Week.slots)
        for t in order { for s in free[t].slots { open[s] += 1 } }
        func take(_ t: Int) {
            taken[t] = true
            for s in free[t].slots { open[s] -= 1 }
        }
        for t in order where !taken[t] {
            take(t)
            var best = -1, bestCount = -1
            for s in free[t].slots where open[s] > bestCount { best = s; bestCount = open[s] }
            var group = [t]
            if bestCount > 0 {
                for u in order where group.count < perSession && !taken[u] && free[u].contains(best) {
                    take(u)
                    group.append(u)
                }
            }
            groups.append((best, group))
        }
        // Teams with no common free time: into a session with room where most of their members
        // are free, else a session of their own at the time most of them can make.
        for t in teams.indices where freeCount[t] == 0 && !teams[t].members.isEmpty {
            func freeMembers(_ s: Int) -> Int {
                teams[t].members.filter { members[$0].availability.contains(start: s, count: length) && SlotMath.isFree(busy[$0], start: s, length: length) }.count
            }
            var best = -1, bestFree = -1
            for (g, group) in groups.enumerated() where group.teams.count < perSession {
                let f = freeMembers(group.start)
                if f > bestFree { best = g; bestFree = f }
            }
            var soloStart = 0, soloFree = -1
            for s in 0..<Week.slots {
                let f = freeMembers(s)
                if f > soloFree { soloStart = s; soloFree = f }
            }
            if best >= 0 && bestFree >= soloFree {
                groups[best].teams.append(t)
            } else {
                groups.append((soloStart, [t]))
            }
        }

        // Weeks: round robin in order of start, so each demo day gets a share.
        let sortedGroups = groups.sorted { ($0.start, $0.teams[0]) < ($1.start, $1.teams[0]) }
        var sessions: [DemoSession] = []
        var numberInWeek: [Int] = []
        var countInWeek = [Int](repeating: 0, count: weekList.count)
        var weekBusy = [[Int: WeekSlots]](repeating: [:], count: weekList.count)
        for (i, g) in sortedGroups.enumerated() {
            let participants = g.teams.flatMap { teams[$0].members }
            let slots = SlotMath.interval(start: g.start, length: length)
            // Round robin, skipping a week where a member (in two teams) would be double-booked.
            var w = i % weekList.count
            for step in 0..<weekList.count {
                let c = (i + step) % weekList.count
                if participants.allSatisfy({ !(weekBusy[c][$0]?.intersects(slots) ?? false) }) { w = c; break }
            }
            for p in participants { weekBusy[w][p, default: WeekSlots()].formUnion(slots) }
            countInWeek[w] += 1
            let unavailable = Array(Set(participants.filter { !members[$0].availability.contains(start: g.start, count: length) || !SlotMath.isFree(busy[$0], start: g.start, length: length) })).sorted()
            sessions.append(DemoSession(week: weekList[w], startSlot: g.start, slotCount: length, teams: g.teams, unavailable: unavailable))
            numberInWeek.append(countInWeek[w])
            for t in g.teams { placed[t] = true }
        }
        // Sessions by week, then start; number them within the week in that order.
        let order2 = sessions.indices.sorted { (sessions[$0].week, sessions[$0].startSlot, sessions[$0].teams[0]) < (sessions[$1].week, sessions[$1].startSlot, sessions[$1].teams[0]) }
        sessions = order2.map { sessions[$0] }
        var numbers: [Int] = []
        var lastWeek = -1, n = 0
        for s in sessions {
            if s.week != lastWeek { lastWeek = s.week; n = 0 }
            n += 1
            numbers.append(n)
        }
        _ = numberInWeek
        return Plan(sessions: sessions, numberInWeek: numbers, placed: placed)
    }
}
