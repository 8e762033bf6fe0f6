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
