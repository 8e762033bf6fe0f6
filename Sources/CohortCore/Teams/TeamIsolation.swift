/// A member left alone on their team with a `balance` value `team_no_isolated` lists, and why
/// (docs/teams.md §7; the report's "Members alone with their balance value").
public struct IsolatedMember: Sendable, Hashable {
    public enum Why: String, Sendable, Hashable {
        /// No other member proven placeable with their value shares a standup start with them (and,
        /// under `team_group = "same"`, a group): alone on any team, so forced by placement, proven.
        case noPossiblePeer = "no_possible_peer"
        /// Someone could share a team with them, but nobody with their value could join this team
        /// (its standup times, its group, an avoid).
        case noPeerCouldJoin = "no_peer_could_join"
        /// Someone with their value could join this team.
        case peerCouldJoin = "peer_could_join"
    }
    /// The team's id ("T001").
    public var team: String
    /// Member index.
    public var member: Int
    public var why: Why

    /// Proven to be forced by placement: nobody could ever be their peer, or the isolation level
    /// is proven optimal (no answer placing as many isolates fewer).
    public func forcedByPlacement(levelStatus: PhaseOutcome.Status) -> Bool { why == .noPossiblePeer || levelStatus == .optimal }
}

/// `team_no_isolated` as its own lexicographic level (docs/teams.md §7): after placement, before
/// quality. Reported apart from quality (summary.json `teams_isolated`, the report's proof table
/// and headline) as a count of isolated members with a lower bound, so the quality and its gap are
/// read without the search's isolation penalty.
enum TeamIsolation {
    /// The isolation level of `teams`: objective = isolated members, bound = a lower bound on them
    /// in any answer placing as many (`TeamRuleBound.isolationBound`); `proven`: members proven
    /// placeable; `optimal`: the whole answer is proven optimal (the exact MIP), so the count is the least.
    /// Also each isolated member and why (`IsolatedMember`).
    static func outcome(_ teams: [Team], _ p: TeamProblem, proven: [Bool], optimal: Bool,
                        placementOptimal: Bool) -> (level: PhaseOutcome, members: [IsolatedMember]) {
        let withoutPeer = TeamRuleBound.membersWithoutPeer(p, placeable: proven)
        let members = isolatedMembers(teams, p, withoutPossiblePeer: Set(withoutPeer))
        let isolated = members.count
        let placeable = p.eligible.count { proven[$0] }
        let placed = teams.reduce(0) { $0 + $1.members.count }
        var bound = TeamRuleBound.isolationBound(withoutPeer: withoutPeer.count, placeable: placeable, placed: placed)
        if optimal { bound = isolated }
        bound = min(bound, isolated)
        let status: PhaseOutcome.Status = p.eligible.isEmpty ? .empty : (isolated <= bound && placementOptimal ? .optimal : .feasible)
        var level = PhaseOutcome(status: status, objective: Double(isolated), bound: Double(bound), seconds: 0)
        level.details = details(members, status: status) + [("listed_members", p.eligible.count { p.rules.isolate[$0] >= 0 }),
                                                            ("listed_without_peer", withoutPeer.count)]
        return (level, members)
    }

    /// The count details of summary.json's `teams_isolated` (docs/teams.md §7): teams holding an
    /// isolated member; isolated members no one with their value could join (`isolated_no_peer`)
    /// and the others (`isolated_peer_could_join`); and those proven forced by placement
    /// (`IsolatedMember.forcedByPlacement`).
    static func details(_ members: [IsolatedMember], status: PhaseOutcome.Status) -> [(name: String, value: Int)] {
        let noPeer = members.count { $0.why != .peerCouldJoin }
        return [("teams_with_isolated", Set(members.map(\.team)).count), ("isolated_no_peer", noPeer),
                ("isolated_peer_could_join", members.count - noPeer),
                ("isolated_forced_proven", members.count { $0.forcedByPlacement(levelStatus: status) })]
    }

    /// The schedule's repair plans (`TeamScheduleRepair.plans` of each candidate member, in turn) with
    /// the plans that leave fewer members isolated first, in their order otherwise; a plan that leaves
    /// a member without a team stays behind every plan that does not (placement first). The repair
    /// keeps the first plan whose meetings fit; without this it took the first candidate's first
    /// fitting home (a chosen project, then the smallest team) with no regard to the balance: on the
    /// 1k rules roster it left 9 isolated where the team phase had left 7 (docs/teams.md §7, "After
    /// the schedule"). Unchanged without `team_no_isolated`. `moves`: a plan's member moves (`from`/`to`
    /// a team index, nil: not placed / leaves every team).
    static func fewerIsolatedFirst<Plan>(_ plans: [Plan], moves: (Plan) -> [(member: Int, from: Int?, to: Int?)], teams: [Team],
                                         _ p: TeamProblem) -> [Plan] {
        guard p.rules.isolating, plans.count > 1 else { return plans }
        let alone = { (members: [Int]) in p.rules.isolated(members.map(Int32.init)).count }
        var keys: [(leaves: Bool, change: Int, index: Int)] = []
        keys.reserveCapacity(plans.count)
        for (k, plan) in plans.map(moves).enumerated() {
            var touched: [Int: [Int]] = [:]
            var placed = 0
            for move in plan {
                for t in [move.from, move.to].compactMap({ $0 }) where touched[t] == nil { touched[t] = teams[t].members }
            }
            let before = touched.values.reduce(0) { $0 + alone($1) }
            for move in plan {
                if let from = move.from { touched[from]!.removeAll { $0 == move.member } } else { placed += 1 }
                if let to = move.to { touched[to]!.append(move.member) } else { placed -= 1 }
            }
            keys.append((placed < 0, touched.values.reduce(0) { $0 + alone($1) } - before, k))
        }
        keys.sort { ($0.leaves ? 1 : 0, $0.change, $0.index) < ($1.leaves ? 1 : 0, $1.change, $1.index) }
        return keys.map { plans[$0.index] }
    }

    /// `formation`'s isolation after its teams changed (the schedule's repair moved members,
    /// `TeamScheduleRepair`; a rematch): the count, its members and details again; the bound
    /// M = N₀ − (E − P) falls by as many as fewer are placed. A member found without a possible
    /// peer before still is (that depends on the roster, not the teams); one newly isolated is not
    /// counted so (not proven).
    static func recount(_ formation: inout TeamFormation, _ p: TeamProblem, placedBefore: Int, placedNow: Int) {
        guard var level = formation.isolation else { return }
        let known = Set(formation.isolatedMembers.filter { $0.why == .noPossiblePeer }.map(\.member))
        let members = isolatedMembers(formation.teams, p, withoutPossiblePeer: known)
        level.objective = Double(members.count)
        level.bound = min(level.objective, max(0, level.bound - Double(max(0, placedBefore - placedNow))))
        if level.objective > level.bound { level.status = .feasible }
        let counts = details(members, status: level.status)
        for (k, d) in level.details.enumerated() {
            if let value = counts.first(where: { $0.name == d.name })?.value { level.details[k].value = value }
        }
        formation.isolation = level
        formation.isolatedMembers = members
    }

    /// Members left alone with their listed `balance` value, team by team, and why: no other
    /// eligible member of that value can ever share a team with them (`withoutPossiblePeer`), or
    /// none can make this team's standup times (and join it under `team_group`, avoiding nobody on
    /// it), or one could but moving them would cost a placement or a hard rule elsewhere (or the
    /// search did not find the move: the level's gap says).
    static func isolatedMembers(_ teams: [Team], _ p: TeamProblem, withoutPossiblePeer: Set<Int>) -> [IsolatedMember] {
        var found: [IsolatedMember] = []
        for team in teams {
            for a32 in p.rules.isolated(team.members.map(Int32.init)) {
                let a = Int(a32)
                let why: IsolatedMember.Why
                if withoutPossiblePeer.contains(a) {
                    why = .noPossiblePeer
                } else {
                    let peer = p.eligible.contains { j in
                        j != a && p.rules.isolate[j] == p.rules.isolate[a] && p.starts[j].intersects(team.commonStarts)
                            && p.rules.canJoin(j, members: team.members) && !team.members.contains { p.cohort.avoids($0, j) }
                    }
                    why = peer ? .peerCouldJoin : .noPeerCouldJoin
                }
                found.append(IsolatedMember(team: team.id, member: a, why: why))
            }
        }
        return found
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
        repair(teams, p, placeable: placeable).teams
    }

    /// What `repair` did: the teams, the changes applied, the work done, and what stopped it.
    struct Repair {
        enum Stop: String { case noChangeLeft = "no change left", workBudget = "work budget", timeLimit = "time limit" }
        var teams: [WorkingTeam]
        var changes = 0
        var work = 0
        var budget = 0
        var stop = Stop.noChangeLeft
    }

    /// The repair's figures in the isolation level's details (`repair_changes`, `repair_work`,
    /// `repair_budget`; 0 when it did not run), and what cut it, if anything, as the level's `stoppedBy`.
    static func note(_ repair: Repair?, in level: inout PhaseOutcome) {
        level.details += [("repair_changes", repair?.changes ?? 0), ("repair_work", repair?.work ?? 0),
                          ("repair_budget", repair?.budget ?? 0)]
        if let repair, repair.stop != .noChangeLeft { level.stoppedBy = repair.stop.rawValue }
    }

    /// The repair's default work budget (docs/teams.md §7), in candidate changes looked at (each
    /// peer, team or unplaced member tried for an isolated member, each team tried for an unplaced
    /// one): 200 per eligible member plus 200,000 — deterministic, so the teams are the same on
    /// every machine. Measured need (docs/performance.md): far below it on the rules rosters.
    static func repairBudget(eligible: Int) -> Int { 200 * eligible + 200_000 }

    /// `repaired` under a work budget (default `repairBudget`) and the phase's deadline (seconds on
    /// `clock`, checked at the first unit of work and every 4,096 after): stops with the teams as they are, every
    /// change applied so far kept (each one leaves every team valid).
    static func repair(_ teams: [WorkingTeam], _ p: TeamProblem, placeable: [Bool], budget: Int? = nil,
                       deadline: Double? = nil, clock: Stopwatch = Stopwatch()) -> Repair {
        let r = p.rules
        var outcome = Repair(teams: teams)
        guard r.isolating, !teams.isEmpty else { return outcome }
        let budget = budget ?? repairBudget(eligible: p.eligible.count)
        var work = 0
        var stopped: Repair.Stop?
        /// One unit of work; false (and `stopped` set) once the budget or the deadline is spent.
        func spend() -> Bool {
            if stopped != nil { return false }
            work += 1
            if work > budget { stopped = .workBudget; return false }
            if let deadline, work & 4095 == 1, clock.seconds >= deadline { stopped = .timeLimit; return false }
            return true
        }
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
        /// Every loop step spends one unit of work, whether or not its candidate passes the filters.
        func improve() -> Bool {
            for u in unplaced {
                for t in teams.indices {
                    guard spend() else { return false }
                    guard teams[t].members.count < hi[t] && teams[t].common.intersects(p.starts[u]) else { continue }
                    if tryApply([(t, teams[t].members + [u])], placed: u, left: nil) { return true }
                }
            }
            for t in teams.indices {
                guard spend() else { return false }
                let team = teams[t].members
                for a in r.isolated(team.map(Int32.init)).map(Int.init).sorted() {
                    let v = r.isolate[a]
                    // Someone with a's value joins a's team, or takes the place of a member of another value.
                    let others = team.filter { c in c != a && r.isolate[c] != v && movable(c) }
                    let withoutOther = others.map { c in p.commonStarts(team.filter { $0 != c }) }
                    for b in byValue[v] ?? [] {
                        guard spend() else { return false }
                        guard b != a && teamOf[b] != t && movable(b) && p.starts[b].intersects(p.starts[a])
                            && r.canJoin(b, members: [a]) && !p.cohort.avoids(a, b) else { continue }
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
                    for b in byValue[v] ?? [] {
                        guard spend() else { return false }
                        let u = b != a ? teamOf[b] : -1
                        guard u >= 0, u != t, looked.insert(u).inserted, teams[u].common.intersects(p.starts[a]) else { continue }
                        let other = teams[u].members
                        if other.count < hi[u] && tryApply([(t, rest), (u, other + [a])], placed: nil, left: nil) { return true }
                        for j in other where r.isolate[j] != v && movable(j) {
                            if tryApply([(t, rest + [j]), (u, other.filter { $0 != j } + [a])], placed: nil, left: nil) { return true }
                        }
                    }
                    // An unplaced member of another value takes a's place.
                    let restCommon = p.commonStarts(rest)
                    for u in unplaced {
                        guard spend() else { return false }
                        guard r.isolate[u] != v && p.starts[u].intersects(restCommon) else { continue }
                        if tryApply([(t, rest + [u])], placed: u, left: a) { return true }
                    }
                }
            }
            return false
        }

        var rounds = 0
        while rounds < 4 * p.eligible.count + 16 && improve() { rounds += 1 }
        outcome.teams = teams
        outcome.changes = rounds
        outcome.work = min(work, budget)
        outcome.budget = budget
        outcome.stop = stopped ?? .noChangeLeft
        return outcome
    }
}

