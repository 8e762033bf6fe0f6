/// A team while it is being built or improved.
struct WorkingTeam: Sendable, Hashable {
    /// Project index, or nil for a free team.
    var project: Int?
    /// Member indices (any order while working; sorted at the end).
    var members: [Int]
    /// Standup starts every member can make.
    var common: WeekSlots
}

/// The fast constructive start (docs/teams.md §3): project teams from the
/// pre-assigned members and the choices, filled to their rules; then free
/// teams grown around the hardest-to-place member at a crowded slot; then
/// every member still left is inserted into a team with room. Every team it
/// returns meets every hard rule.
struct TeamConstruction {
    let p: TeamProblem
    /// Members that may be placed in a free team or a chosen project (eligible, not pre-assigned, some team conceivable).
    let placeable: [Bool]

    var teams: [WorkingTeam] = []
    /// Team position per member index, -1 for none.
    var teamOf: [Int]
    /// Unassigned placeable free members per standup start, lazily cleaned.
    var pool: [[Int32]]
    /// Unassigned placeable free members who can make each start.
    var free: [Int]
    /// Hardest first: fewest starts, then member index.
    var order: [Int]
    /// Projects whose pre-assigned members cannot form a team by themselves (provably): project → reason.
    var closedProjects: [Int: String] = [:]

    init(_ p: TeamProblem, placeable: [Bool]) {
        self.p = p
        self.placeable = placeable
        teamOf = [Int](repeating: -1, count: p.cohort.members.count)
        pool = [[Int32]](repeating: [], count: Week.slots)
        free = [Int](repeating: 0, count: Week.slots)
        var candidates: [(count: Int, i: Int)] = []
        for i in p.eligible where placeable[i] && p.preassigned[i] < 0 {
            let slots = p.starts[i].slots
            for s in slots {
                pool[s].append(Int32(i))
                free[s] += 1
            }
            candidates.append((slots.count, i))
        }
        candidates.sort { $0.count < $1.count || ($0.count == $1.count && $0.i < $1.i) }
        order = candidates.map(\.i)
    }

    static func build(_ p: TeamProblem, placeable: [Bool]) -> (teams: [WorkingTeam], closed: [Int: String]) {
        var c = TeamConstruction(p, placeable: placeable)
        c.openProjects()
        c.freeTeams()
        c.insertLeftovers()
        return (c.teams, c.closedProjects)
    }

    // MARK: helpers

    mutating func assign(_ i: Int, to t: Int) {
        teams[t].members.append(i)
        teams[t].common = teams[t].common.intersection(p.starts[i])
        teamOf[i] = t
        if p.preassigned[i] < 0 {
            for s in p.starts[i].slots { free[s] -= 1 }
        }
    }

    mutating func unassign(_ i: Int) {
        teamOf[i] = -1
        if p.preassigned[i] < 0 {
            for s in p.starts[i].slots {
                free[s] += 1
                pool[s].append(Int32(i))  // may now appear twice; scans skip duplicates by teamOf/seen
            }
        }
    }

    func avoidsAny(_ i: Int, _ members: [Int]) -> Bool {
        let avoid = p.cohort.members[i].avoid
        if avoid.isEmpty { return false }
        return members.contains { avoid.contains($0) }
    }

    /// Senior missing (0/1) + distinct stages missing, for `members`.
    func missing(_ members: [Int]) -> Int {
        var stages = 0
        var senior = false
        for i in members {
            stages |= 1 << p.stage(i)
            if p.isSenior(i) { senior = true }
        }
        return (senior ? 0 : 1) + max(0, p.distinctStages - stages.nonzeroBitCount)
    }

    /// Whether adding `i` to `members` makes `missing` smaller.
    func fixes(_ i: Int, _ members: [Int]) -> Bool { missing(members + [i]) < missing(members) }

    /// Unassigned free placeable members who can make some start in `starts`, each once, ascending index.
    mutating func candidates(in starts: WeekSlots) -> [Int] {
        var seen = Set<Int32>()
        var result: [Int] = []
        for s in starts.slots {
            var kept: [Int32] = []
            kept.reserveCapacity(pool[s].count)
            for c in pool[s] where teamOf[Int(c)] < 0 {
                if kept.last != c { kept.append(c) }
                if seen.insert(c).inserted { result.append(Int(c)) }
            }
            pool[s] = kept
        }
        return result.sorted()
    }

    // MARK: projects

    mutating func openProjects() {
        var teamOfProject = [Int](repeating: -1, count: p.cohort.projects.count)
        for j in p.projectOrder {
            let fixed = p.cohort.projects[j].members.filter { p.isEligible[$0] }
            var common = WeekSlots.all
            for i in fixed { common = common.intersection(p.starts[i]) }
            let range = p.sizeRange(project: j)
            if let i = fixed.first(where: { p.starts[$0].isEmpty }) {
                closedProjects[j] = "\(p.cohort.members[i].id) has no window of \(p.cohort.policy.standupMinutes) minutes"
                continue
            }
            if common.isEmpty {
                closedProjects[j] = "its pre-assigned members (\(fixed.map { p.cohort.members[$0].id }.joined(separator: ", "))) share no \(p.cohort.policy.standupMinutes)-minute window"
                continue
            }
            if let a = fixed.first(where: { avoidsAny($0, fixed) }) {
                closedProjects[j] = "its pre-assigned member \(p.cohort.members[a].id) avoids another pre-assigned member"
                continue
            }
            if fixed.count > range.upperBound {
                closedProjects[j] = "it has more pre-assigned members than its maximum size"
                continue
            }
            teamOfProject[j] = teams.count
            teams.append(WorkingTeam(project: j, members: [], common: .all))
            for i in fixed { assign(i, to: teams.count - 1) }
        }
        guard teams.count > 0 else { return }
        // Choices, by rank: everyone's first choice before anyone's second.
        let maxRank = order.map { p.cohort.members[$0].projectChoices.count }.max() ?? 0
        for r in 0..<maxRank {
            for i in order where teamOf[i] < 0 {
                let choices = p.cohort.members[i].projectChoices
                guard r < choices.count else { continue }
                let t = teamOfProject[choices[r]]
                guard t >= 0 else { continue }
                let team = teams[t]
                let hi = p.sizeRange(project: team.project).upperBound
                guard team.members.count < hi, team.common.intersects(p.starts[i]), !avoidsAny(i, team.members) else { continue }
                // Keep room for the rules the team still misses.
                if missing(team.members + [i]) > hi - team.members.count - 1 { continue }
                assign(i, to: t)
            }
        }
        // Fill each project to its minimum size and rules, or close it.
        for t in teams.indices {
            fill(t)
            let team = teams[t]
            if p.violation(members: team.members, project: team.project, start: nil) != nil {
                for i in team.members { unassign(i) }
                teams[t].members = []
            }
        }
        teams.removeAll { $0.members.isEmpty }
        for t in teams.indices { for i in teams[t].members { teamOf[i] = t } }
    }

    /// Adds members to project team `t` until its size and rules are met (best effort).
    mutating func fill(_ t: Int) {
        let project = teams[t].project
        let range = p.sizeRange(project: project)
        while teams[t].members.count < range.upperBound
            && (teams[t].members.count < range.lowerBound || missing(teams[t].members) > 0)
        {
            let team = teams[t]
            let room = range.upperBound - team.members.count
            let need = missing(team.members)
            var best: (key: (Int, Int, Int, Int), i: Int)?
            for c in candidates(in: team.common) where !avoidsAny(c, team.members) {
                let fix = fixes(c, team.members)
                if need >= room && !fix { continue }
                let choice = p.choiceScore(c, project: project)
                let needs = project.map { pr in p.cohort.projects[pr].needs.count { p.cohort.members[c].skills.contains($0) } } ?? 0
                let key = (fix ? 1 : 0, choice, needs, -p.starts[c].count)
                if best == nil || key > best!.key { best = (key, c) }
            }
            guard let pick = best?.i else { return }
            assign(pick, to: t)
        }
    }

    // MARK: free teams

    mutating func freeTeams() {
        for i in order where teamOf[i] < 0 {
            // Starts of i, most free members first.
            let slots = p.starts[i].slots.sorted { free[$0] > free[$1] || (free[$0] == free[$1] && $0 < $1) }
            for s in slots.prefix(8) where free[s] >= p.teamMin {
                if let team = grow(seed: i, slot: s) {
                    let t = teams.count
                    teams.append(WorkingTeam(project: nil, members: [], common: .all))
                    for m in team { assign(m, to: t) }
                    break
                }
            }
        }
    }

    /// A valid free team of `teamMin` (or a little more, for the rules) around `seed` at start `slot`.
    mutating func grow(seed: Int, slot: Int) -> [Int]? {
        var team = [seed]
        var single = WeekSlots()
        single.insert(slot)
        let pool = candidates(in: single).filter { $0 != seed }
        while team.count < p.teamMax && (team.count < p.teamMin || missing(team) > 0) {
            let room = p.teamMax - team.count
            let need = missing(team)
            var best: (key: (Int, Int, Int), i: Int)?
            for c in pool where !team.contains(c) && !avoidsAny(c, team) {
                let fix = fixes(c, team)
                if need >= room && !fix { continue }
                let key = (fix ? 1 : 0, -p.starts[c].count, -c)
                if best == nil || key > best!.key { best = (key, c) }
            }
            guard let pick = best?.i else { return nil }
            team.append(pick)
        }
        return team.count >= p.teamMin && missing(team) == 0 ? team : nil
    }

    // MARK: leftovers

    mutating func insertLeftovers() {
        for i in order where teamOf[i] < 0 {
            var best: (key: (Int, Int, Int), t: Int)?
            for (t, team) in teams.enumerated() {
                let hi = p.sizeRange(project: team.project).upperBound
                guard team.members.count < hi, team.common.intersects(p.starts[i]), !avoidsAny(i, team.members) else { continue }
                let key = (p.choiceScore(i, project: team.project), -team.members.count, -t)
                if best == nil || key > best!.key { best = (key, t) }
            }
            if let t = best?.t { assign(i, to: t) }
        }
    }
}
