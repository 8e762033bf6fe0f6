import CohortSolver
import Testing

@testable import CohortCore

/// A change of one or two members that places more members, or as many with fewer isolated, or
/// nil: an unplaced member joins a team, or takes a placed member's place; a listed member moves
/// to another team, or swaps with a member of another team. Brute force over every such change,
/// checked with `TeamProblem.violation` and `TeamRules.isolated` only — written apart from the
/// engine's repair (`TeamIsolation.repaired`), which looks only around isolated members.
func improvingChange(_ teams: [Team], _ p: TeamProblem, placeable: [Bool]) -> String? {
    let r = p.rules
    let ids = p.cohort.members.map(\.id)
    var teamOf = [Int](repeating: -1, count: p.cohort.members.count)
    for (t, team) in teams.enumerated() { for i in team.members { teamOf[i] = t } }
    func alone(_ members: [Int]) -> Int { r.isolating ? r.isolated(members.map(Int32.init)).count : 0 }
    func valid(_ members: [Int], _ t: Int) -> Bool { p.violation(members: members, project: teams[t].project, start: nil) == nil }
    let before = teams.map { alone($0.members) }
    let hi = teams.map { p.sizeRange(project: $0.project).upperBound }
    let listed = { (i: Int) in r.isolating && r.isolate[i] >= 0 }
    let unplaced = p.eligible.filter { teamOf[$0] < 0 && placeable[$0] && !p.starts[$0].isEmpty && p.preassigned[$0] < 0 }
    for u in unplaced {
        for (t, team) in teams.enumerated() where team.members.count < hi[t] && valid(team.members + [u], t) {
            return "\(ids[u]) (unplaced) joins \(team.id)"
        }
    }
    guard r.isolating else { return nil }
    for (t, team) in teams.enumerated() {
        for i in team.members where p.preassigned[i] < 0 {
            let rest = team.members.filter { $0 != i }
            for u in unplaced where (listed(i) || listed(u)) && alone(rest + [u]) < before[t] && valid(rest + [u], t) {
                return "\(ids[u]) (unplaced) takes the place of \(ids[i]) on \(team.id)"
            }
            guard listed(i) else { continue }
            for (u, other) in teams.enumerated() where u != t {
                let joined = other.members + [i]
                if other.members.count < hi[u] && alone(rest) + alone(joined) < before[t] + before[u] && valid(rest, t) && valid(joined, u) {
                    return "\(ids[i]) moves from \(team.id) to \(other.id)"
                }
                for j in other.members where p.preassigned[j] < 0 {
                    let mine = rest + [j], theirs = other.members.filter { $0 != j } + [i]
                    if alone(mine) + alone(theirs) < before[t] + before[u] && valid(mine, t) && valid(theirs, u) {
                        return "\(ids[i]) (\(team.id)) and \(ids[j]) (\(other.id)) swap"
                    }
                }
            }
        }
    }
    return nil
}

/// Placement and isolation never get worse (#21): on generated rosters with every rule on, the
/// team phase's answer (1) leaves no single change that places more or isolates fewer
/// (`improvingChange`, brute force), (2) is at least as good as construction's on (placed,
/// −isolated), (3) places no fewer than the placement phase did, and (4) is at least as good as
/// the reference recorded below.
@Suite struct TeamIsolationTests {
    static let everyRule = [PolicyReader.Override(key: "team_group", value: "same"), .init(key: "team_ideal", value: "4"),
                            .init(key: "team_no_isolated", value: "woman;non-binary")]

    /// (placed, isolated) of `TeamFormation.solve` with the default budget on
    /// `generate --members 300 --seed S --rule-columns` with every rule on, recorded at the commit
    /// that added the repair (docs/teams.md §7). The withdrawn wish move (6434dbc, reverted by
    /// 6d7319e) gave 180/22, 169/10 and 190/17 on seeds 1–3 (before the repair; 182/26, 170/10,
    /// 190/9 without it): fewer placed on seeds 1 and 2, nearly twice the isolated on seed 3, while
    /// the answer stayed a local optimum — so (1) alone does not catch it, (3) does. A change that
    /// lowers a figure here must show it is not a regression (the 1k and 10k rules rosters,
    /// docs/performance.md) and record the new figure with the reason.
    ///
    /// Seed 2 was 171/8 until the relocate move (effd2e5) changed the annealing's random path: it
    /// gives 168/3 — three fewer placed, five fewer isolated. Recorded as a known loss, not as
    /// "no regression": the annealing never takes a move that places fewer, so the three are
    /// placements this path does not find; on the 1k and 10k rules rosters placement did not
    /// drop (652 → 653, 6,584 = 6,584; docs/performance.md, "End of the morning session").
    /// Since placement is settled before the quality search (docs/teams.md §3, "Placement first"):
    /// 182/20, 171/2 and 190/8 — seed 2 back to 171 placed (with 2 isolated, not 8), seed 1 five
    /// fewer isolated, seed 3 as before.
    static let reference: [UInt64: (placed: Int, isolated: Int)] = [1: (182, 20), 2: (171, 2), 3: (190, 8)]

    @Test(arguments: [3] as [UInt64])
    func placementAndIsolationNeverWorse(seed: UInt64) throws { try neverWorse(seed: seed) }

    @Test(.tags(.slow), .inSlowSuite, arguments: [1, 2] as [UInt64])
    func placementAndIsolationNeverWorseOnMoreSeeds(seed: UInt64) throws { try neverWorse(seed: seed) }

    func neverWorse(seed: UInt64) throws {
        let c = try generatedCohort(members: 300, seed: seed, overrides: Self.everyRule, ruleColumns: RuleColumns())
        let p = TeamProblem(cohort: c)
        let placeable = TeamPlaceability(p).placeable
        let f = try TeamFormation.solve(c, solver: GLPKSolver())
        let isolated = { (lists: [[Int]]) in lists.reduce(0) { $0 + p.rules.isolated($1.map(Int32.init)).count } }
        let placed = f.teams.reduce(0) { $0 + $1.members.count }
        let alone = isolated(f.teams.map(\.members))
        #expect(f.isolation?.objective == Double(alone))
        // (1) A local optimum on the first two levels.
        let change = improvingChange(f.teams, p, placeable: placeable)
        #expect(change == nil, "seed \(seed): \(change ?? "")")
        // (2) No worse than construction.
        let built = TeamConstruction.build(p, placeable: placeable).teams
        let builtPlaced = built.reduce(0) { $0 + $1.members.count }
        #expect((placed, -alone) >= (builtPlaced, -isolated(built.map(\.members))))
        // (3) The quality search after the placement phase places no fewer (docs/teams.md §3, "Placement first").
        let settled = try #require(f.placement.details.first { $0.name == "settled_placed" }?.value)
        #expect(placed >= settled && settled >= builtPlaced, "seed \(seed): \(placed) placed, \(settled) after the placement phase")
        // (4) No worse than the recorded reference.
        let ref = try #require(Self.reference[seed])
        #expect((placed, -alone) >= (ref.placed, -ref.isolated), "seed \(seed): \(placed) placed, \(alone) isolated; reference \(ref)")
    }

    /// The schedule's repair (`TeamScheduleRepair`, after the team phase) keeps the isolation: mentee a
    /// (a woman, alone on T1) and mentor b share only Sat 12:00–13:00, T1 meets only at 12:00 and b's
    /// T2 only at 12:30, so their check-in fits nowhere and a must change team. T2 (three men) and T3
    /// (four, c its only woman) both meet at 12:30 and have room; the repair took the smallest team
    /// first, T2 — a stayed alone and c too (2 isolated). Plans that isolate fewer now come first: a
    /// joins c on T3 and nobody is isolated. Without `team_no_isolated` the order is as before (T2).
    /// On the 1k rules roster this was the whole of "more budget, more isolated": the team phase
    /// left 7 at 1× and 2×, the repair 7 and 9 (docs/teams.md §7, "After the schedule").
    @Test func theScheduleRepairPrefersAHomeThatIsolatesNobody() throws {
        let rows = [
            "a,1,Sat 12:00-13:00,woman", "a2,2,Sat 12:00-12:30,man", "a3,4,Sat 12:00-12:30,man", "a4,3,Sat 12:00-12:30,man",
            "b,4,Sat 12:00-13:00,man", "b2,1,Sat 12:30-13:00,man", "b3,2,Sat 12:30-13:00,man",
            "c,1,Sat 12:30-13:00,woman", "c2,2,Sat 12:30-13:00,man", "c3,3,Sat 12:30-13:00,man", "c4,4,Sat 12:30-13:00,man",
        ]
        func repaired(policy: String) throws -> (teams: [[String]], isolated: Int) {
            let c = try teamRoster("id,stage,availability,balance\n" + rows.joined(separator: "\n") + "\n",
                                   policy: "quarter_start = 2027-01-04\n" + policy)
            let i = { (id: String) in c.members.firstIndex { $0.id == id }! }
            let p = TeamProblem(cohort: c)
            let teams = [["a", "a2", "a3", "a4"], ["b", "b2", "b3"], ["c", "c2", "c3", "c4"]].enumerated().map { k, ids in
                let blank = Team(id: "T\(k + 1)", project: nil, members: [], standupStart: 0, standupSlots: p.length, commonStarts: WeekSlots(), quality: 0)
                return TeamScheduleRepair.rebuilt(blank, members: ids.map(i).sorted(), p: p)
            }
            for t in teams { #expect(p.violation(members: t.members, project: nil, start: nil) == nil) }
            let placed = PhaseOutcome(status: .optimal, objective: 11, bound: 11, seconds: 0, details: [])
            let quality = PhaseOutcome(status: .feasible, objective: Double(teams.reduce(0) { $0 + $1.quality }), bound: 1000, seconds: 0, details: [])
            let formation = TeamFormation(teams: teams, unplaced: [], reasons: [:], placement: placed, quality: quality)
            let request = ScheduleRequest(cohort: c, checkIns: [CheckInPair(mentee: i("a"), mentor: i("b"))],
                                          teams: teams.map { ScheduleTeam(id: $0.id, members: $0.members, allowedStarts: $0.commonStarts) })
            let schedule = try Scheduler.solve(request, solver: GLPKSolver())
            #expect(schedule.unscheduled.map(\.id) == ["checkin-a"])
            let r = try TeamScheduleRepair.run(teams: formation, request: request, schedule: schedule, standupStarts: [:], solver: GLPKSolver())
            #expect(r.schedule.unscheduled.isEmpty)
            for t in r.teams.teams { #expect(p.violation(members: t.members, project: t.project, start: nil) == nil) }
            let lists = r.teams.teams.map { $0.members.map { c.members[$0].id } }
            let alone = r.teams.teams.reduce(0) { $0 + p.rules.isolated($1.members.map(Int32.init)).count }
            return (lists, alone)
        }
        let kept = try repaired(policy: "team_no_isolated = \"woman\"\n")
        #expect(kept.teams == [["a2", "a3", "a4"], ["b", "b2", "b3"], ["a", "c", "c2", "c3", "c4"]])
        #expect(kept.isolated == 0)
        // Without the rule: the first home in the repair's own order, the smallest team.
        let plain = try repaired(policy: "")
        #expect(plain.teams == [["a2", "a3", "a4"], ["a", "b", "b2", "b3"], ["c", "c2", "c3", "c4"]])
    }

    /// The repair itself: a lone woman on one team and a lone woman on another, both teams with
    /// room; one moves to the other (both stay valid), and nobody is isolated.
    @Test func repairGivesAnIsolatedMemberAPeer() throws {
        let members = """
            id,stage,availability,balance
            a,1,Mon 18:00-20:00,woman
            b,2,Mon 18:00-20:00,man
            c,3,Mon 18:00-20:00,man
            d,1,Mon 18:00-20:00,man
            e,1,Mon 18:00-20:00,woman
            f,2,Mon 18:00-20:00,man
            g,3,Mon 18:00-20:00,man
            h,2,Mon 18:00-20:00,man
            """
        let c = try teamRoster(members, policy: "team_no_isolated = \"woman\"")
        let p = TeamProblem(cohort: c)
        let placeable = TeamPlaceability(p).placeable
        let start = [[0, 1, 2, 3], [4, 5, 6, 7]].map { WorkingTeam(project: nil, members: $0, common: p.commonStarts($0)) }
        let repaired = TeamIsolation.repaired(start, p, placeable: placeable)
        #expect(repaired.reduce(0) { $0 + p.rules.isolated($1.members.map(Int32.init)).count } == 0)
        #expect(repaired.reduce(0) { $0 + $1.members.count } == 8)
        for team in repaired { #expect(p.violation(members: team.members, project: nil, start: nil) == nil) }
        // Without the rule nothing changes.
        let plain = TeamProblem(cohort: try teamRoster(members))
        #expect(TeamIsolation.repaired(start, plain, placeable: placeable) == start)
    }

    /// The repair stops (docs/teams.md §7): under its work budget, counted in loop steps, and at
    /// the phase's deadline; every change it made before stopping is kept and valid. The full run's
    /// work is the same every time, and below the default budget.
    @Test func repairStopsAtItsBudgetAndDeadline() throws {
        let c = try generatedCohort(members: 300, seed: 3, overrides: Self.everyRule, ruleColumns: RuleColumns())
        let p = TeamProblem(cohort: c)
        let placeable = TeamPlaceability(p).placeable
        let start = TeamConstruction.build(p, placeable: placeable).teams
        let isolated = { (teams: [WorkingTeam]) in teams.reduce(0) { $0 + p.rules.isolated($1.members.map(Int32.init)).count } }
        let full = TeamIsolation.repair(start, p, placeable: placeable)
        #expect(full.stop == .noChangeLeft && full.changes > 0 && full.work > 0)
        #expect(full.budget == TeamIsolation.repairBudget(eligible: p.eligible.count) && full.work < full.budget)
        #expect(TeamIsolation.repair(start, p, placeable: placeable).work == full.work)
        #expect(isolated(full.teams) < isolated(start))

        let none = TeamIsolation.repair(start, p, placeable: placeable, budget: 0)
        #expect(none.stop == .workBudget && none.teams == start && none.changes == 0 && none.work == 0)
        let some = TeamIsolation.repair(start, p, placeable: placeable, budget: full.work / 2)
        #expect(some.stop == .workBudget && some.work == full.work / 2 && some.changes < full.changes)
        for team in some.teams { #expect(p.violation(members: team.members, project: team.project, start: nil) == nil) }
        #expect(isolated(some.teams) <= isolated(start))

        let late = TeamIsolation.repair(start, p, placeable: placeable, deadline: 0)
        #expect(late.stop == .timeLimit && late.teams == start && late.changes == 0)
    }
}
