/// `team_no_isolated` as its own lexicographic level (docs/teams.md §7): after placement, before
/// quality. Reported apart from quality (summary.json `teams_isolated`, the report's proof table
/// and headline) as a count of isolated members with a lower bound, so the quality and its gap are
/// read without the search's isolation penalty.
enum TeamIsolation {
    /// The isolation level of `teams`: objective = isolated members, bound = a lower bound on them
    /// in any answer placing as many (`TeamRuleBound.isolationBound`); `proven`: members proven
    /// placeable; `optimal`: the whole answer is proven optimal (the exact MIP), so the count is the least.
    static func outcome(_ teams: [Team], _ p: TeamProblem, proven: [Bool], optimal: Bool, placementOptimal: Bool) -> PhaseOutcome {
        let counts = isolationCounts(teams, p)
        let isolated = counts.members
        let withoutPeer = TeamRuleBound.membersWithoutPeer(p, placeable: proven)
        let placeable = p.eligible.count { proven[$0] }
        let placed = teams.reduce(0) { $0 + $1.members.count }
        var bound = TeamRuleBound.isolationBound(withoutPeer: withoutPeer.count, placeable: placeable, placed: placed)
        if optimal { bound = isolated }
        bound = min(bound, isolated)
        let status: PhaseOutcome.Status = p.eligible.isEmpty ? .empty : (isolated <= bound && placementOptimal ? .optimal : .feasible)
        return PhaseOutcome(status: status, objective: Double(isolated), bound: Double(bound), seconds: 0,
                            details: [("teams_with_isolated", counts.teams), ("isolated_no_peer", counts.noPeer),
                                      ("isolated_for_placement", isolated - counts.noPeer),
                                      ("listed_members", p.eligible.count { p.rules.isolate[$0] >= 0 }),
                                      ("listed_without_peer", withoutPeer.count)])
    }

    /// `level` after the teams changed (the schedule's repair moved members, `TeamScheduleRepair`):
    /// the count and its details again; the bound M = N₀ − (E − P) falls by as many as fewer are placed.
    static func recount(_ level: inout PhaseOutcome, _ teams: [Team], _ p: TeamProblem, placedBefore: Int, placedNow: Int) {
        let counts = isolationCounts(teams, p)
        level.objective = Double(counts.members)
        level.bound = min(level.objective, max(0, level.bound - Double(max(0, placedBefore - placedNow))))
        for (k, d) in level.details.enumerated() {
            switch d.name {
            case "teams_with_isolated": level.details[k].value = counts.teams
            case "isolated_no_peer": level.details[k].value = counts.noPeer
            case "isolated_for_placement": level.details[k].value = counts.members - counts.noPeer
            default: break
            }
        }
        if level.objective > level.bound { level.status = .feasible }
    }

    /// Members left alone with their listed `balance` value, the teams holding them, and why: no
    /// other eligible member of that value can make the team's standup times (and join it under
    /// `team_group`, avoiding nobody on it), or one could but moving them would cost a placement or
    /// a hard rule elsewhere (or the search did not find the move: the level's gap says).
    static func isolationCounts(_ teams: [Team], _ p: TeamProblem) -> (members: Int, teams: Int, noPeer: Int) {
        var members = 0, withIsolated = 0, noPeer = 0
        for team in teams {
            let alone = p.rules.isolated(team.members.map(Int32.init))
            guard !alone.isEmpty else { continue }
            withIsolated += 1
            members += alone.count
            for a in alone {
                let peer = p.eligible.contains { j in
                    j != Int(a) && p.rules.isolate[j] == p.rules.isolate[Int(a)] && p.starts[j].intersects(team.commonStarts)
                        && p.rules.canJoin(j, members: team.members) && !team.members.contains { p.cohort.avoids($0, j) }
                }
                if !peer { noPeer += 1 }
            }
        }
        return (members, withIsolated, noPeer)
    }

    /// `teammates` in the summary: wishes named (between eligible members), honoured, and whose two
    /// members could share a team at all (`TeamRuleBound.couldShare`, both proven placeable).
    static func wishCounts(_ teams: [Team], _ p: TeamProblem, proven: [Bool]) -> [(String, Int)] {
        let r = p.rules
        guard r.hasWishes else { return [] }
        var teamOf = [Int](repeating: -1, count: p.cohort.members.count)
        for (t, team) in teams.enumerated() { for i in team.members { teamOf[i] = t } }
        var named = 0, honoured = 0, possible = 0
        for i in p.eligible {
            for w in r.wishes(i) {
                let j = Int(w)
                named += 1
                if teamOf[i] >= 0 && teamOf[i] == teamOf[j] { honoured += 1 }
                if proven[i] && proven[j] && TeamRuleBound.couldShare(i, j, p) { possible += 1 }
            }
        }
        return [("teammate_wishes", named), ("wishes_honoured", honoured), ("wishes_could_share", possible)]
    }
}

extension TeamIsolation {
    /// `teams` after single changes, each placing more members or, with as many placed, leaving
    /// fewer isolated (docs/teams.md §7), applied until none is left: an unplaced member joins a
    /// team with room; for each isolated member, someone with their value joins their team (from
    /// another team or unplaced, taking the place of a member of another value, who goes to the
    /// peer's team or is left out when the peer was unplaced), or they move to (or swap into) a
    /// team with their value, or an unplaced member takes their place. Every team stays valid
    /// (`TeamProblem.violation`). Run after the search: its placement and polish neighbourhoods
    /// leave such changes behind (3 generated rosters of 300 members with every rule on left 1, 4
    /// and 2). Does nothing without `team_no_isolated`.
    static func repaired(_ teams: [WorkingTeam], _ p: TeamProblem, placeable: [Bool]) -> [WorkingTeam] {
        let r = p.rules
        guard r.isolating, !teams.isEmpty else { return teams }
        var teams = teams
        var teamOf = [Int](repeating: -1, count: p.cohort.members.count)
        for (t, team) in teams.enumerated() { for i in team.members { teamOf[i] = t } }
        let movable = { (i: Int) in placeable[i] && p.preassigned[i] < 0 && !p.starts[i].isEmpty }
        var byValue: [Int32: [Int]] = [:]
        for i in p.eligible where r.isolate[i] >= 0 && (movable(i) || teamOf[i] >= 0) { byValue[r.isolate[i], default: []].append(i) }
        var unplaced = p.eligible.filter { teamOf[$0] < 0 && movable($0) }
        let hi = teams.map { p.sizeRange(project: $0.project).upperBound }
        func alone(_ members: [Int]) -> Int { r.isolated(members.map(Int32.init)).count }

        /// Applies `change` (team → its new members; `placed`, `left`: members who join or leave the
        /// teams altogether) when every changed team is valid and it is better; true when applied.
        func tryApply(_ change: [(Int, [Int])], placed: Int?, left: Int?) -> Bool {
            var isolation = 0
            for (t, members) in change { isolation += alone(members) - alone(teams[t].members) }
            guard placed != nil && left == nil || isolation < 0 else { return false }
            for (t, members) in change where p.violation(members: members, project: teams[t].project, start: nil) != nil { return false }
            for (t, members) in change {
                for i in teams[t].members where teamOf[i] == t { teamOf[i] = -1 }
                teams[t].members = members
                teams[t].common = p.commonStarts(members)
            }
            for (t, members) in change { for i in members { teamOf[i] = t } }
            if let placed { unplaced.removeAll { $0 == placed } }
            if let left { unplaced.append(left); unplaced.sort() }
            return true
        }

        /// The first better change found, applied; false when there is none.
        func improve() -> Bool {
            for u in unplaced {
                for t in teams.indices where teams[t].members.count < hi[t] && teams[t].common.intersects(p.starts[u]) {
                    if tryApply([(t, teams[t].members + [u])], placed: u, left: nil) { return true }
                }
            }
            for t in teams.indices {
                let team = teams[t].members
                for a in r.isolated(team.map(Int32.init)).map(Int.init).sorted() {
                    let v = r.isolate[a]
                    // Someone with a's value joins a's team, or takes the place of a member of another value.
                    let others = team.filter { c in c != a && r.isolate[c] != v && movable(c) }
                    let withoutOther = others.map { c in p.commonStarts(team.filter { $0 != c }) }
                    for b in byValue[v] ?? [] where b != a && teamOf[b] != t && movable(b) && p.starts[b].intersects(p.starts[a])
                        && r.canJoin(b, members: [a]) && !p.cohort.avoids(a, b)
                    {
                        let from = teamOf[b]
                        let rest = from >= 0 ? teams[from].members.filter { $0 != b } : []
                        if team.count < hi[t] && teams[t].common.intersects(p.starts[b]) {
                            let change = from >= 0 ? [(t, team + [b]), (from, rest)] : [(t, team + [b])]
                            if tryApply(change, placed: from < 0 ? b : nil, left: nil) { return true }
                        }
                        for (k, c) in others.enumerated() where withoutOther[k].intersects(p.starts[b]) {
                            let mine = team.filter { $0 != c } + [b]
                            let change = from >= 0 ? [(t, mine), (from, rest + [c])] : [(t, mine)]
                            if tryApply(change, placed: from < 0 ? b : nil, left: from < 0 ? c : nil) { return true }
                        }
                    }
                    guard movable(a) else { continue }
                    // a moves to, or swaps into, a team with their value.
                    let rest = team.filter { $0 != a }
                    var looked = Set<Int>()
                    for b in byValue[v] ?? [] where b != a {
                        let u = teamOf[b]
                        guard u >= 0, u != t, looked.insert(u).inserted, teams[u].common.intersects(p.starts[a]) else { continue }
                        let other = teams[u].members
                        if other.count < hi[u] && tryApply([(t, rest), (u, other + [a])], placed: nil, left: nil) { return true }
                        for j in other where r.isolate[j] != v && movable(j) {
                            if tryApply([(t, rest + [j]), (u, other.filter { $0 != j } + [a])], placed: nil, left: nil) { return true }
                        }
                    }
                    // An unplaced member of another value takes a's place.
                    let restCommon = p.commonStarts(rest)
                    for u in unplaced where r.isolate[u] != v && p.starts[u].intersects(restCommon) {
                        if tryApply([(t, rest + [u])], placed: u, left: a) { return true }
                    }
                }
            }
            return false
        }

        var rounds = 0
        while rounds < 4 * p.eligible.count + 16 && improve() { rounds += 1 }
        return teams
    }
}

