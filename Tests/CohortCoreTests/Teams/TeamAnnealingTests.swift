import CohortSolver
import Testing

@testable import CohortCore

/// The native search on hand-made teams: `teams` as (project id or nil, member ids), each valid.
private func annealing(_ c: Cohort, _ teams: [(String?, [String])], without: TeamAnnealing.MoveKinds = [],
                       budget: Int = 20_000) -> TeamAnnealing {
    let p = TeamProblem(cohort: c)
    let index = Dictionary(uniqueKeysWithValues: c.members.enumerated().map { ($1.id, $0) })
    let working = teams.map { project, ids -> WorkingTeam in
        let members = ids.map { index[$0]! }
        return WorkingTeam(project: project.map { id in c.projects.firstIndex { $0.id == id }! }, members: members,
                           common: p.commonStarts(members))
    }
    let model = TeamSearchModel(p, placeable: TeamPlaceability(p).placeable, closed: [])
    var search = TeamAnnealing(TeamSearchState(model, teams: working), seed: 7)
    search.enabled = TeamAnnealing.MoveKinds.all.subtracting(without)
    _ = search.run(budget: budget, deadline: nil, clock: Stopwatch())
    #expect(search.s.isConsistent())
    return search
}

/// The teams as (project id or "-", sorted member ids), sorted.
private func shape(_ a: TeamAnnealing, _ c: Cohort) -> [String] {
    a.s.workingTeams.map { t in
        (t.project.map { c.projects[$0].id } ?? "-") + ":" + t.members.map { c.members[$0].id }.sorted().joined(separator: ",")
    }.sorted()
}

/// A generated class of 300 (seed 2) after construction: the work-budget tests anneal it for
/// `moves` moves (seed 5) and check each result is consistent.
private struct ClassAnnealing {
    static let moves = 100_000
    let model: TeamSearchModel
    let built: [WorkingTeam]

    init() throws {
        var parameters = RosterGenerator.Parameters(memberCount: 300, seed: 2)
        parameters.shape = .classroom
        let c = try generatedCohort(parameters)
        let p = TeamProblem(cohort: c)
        let placeable = TeamPlaceability(p).placeable
        let (built, closed) = TeamConstruction.build(p, placeable: placeable)
        self.built = built
        model = TeamSearchModel(p, placeable: placeable, closed: Set(closed.keys))
    }

    func run(workPerMove: Int?, excessPerMove: Int?) -> TeamAnnealing {
        var a = TeamAnnealing(TeamSearchState(model, teams: built), seed: 5)
        _ = a.run(budget: Self.moves, workPerMove: workPerMove, excessPerMove: excessPerMove, patience: 1_000, deadline: nil,
                  clock: Stopwatch())
        #expect(a.s.isConsistent())
        return a
    }
}

@Suite struct TeamAnnealingTests {
    /// a, b, c all put q first but sit in a free team of three (q's minimum): only relabelling the
    /// team to q gains their choices (9 → 39); no member can leave a team at its minimum, so no
    /// other move gets there.
    @Test func relabelGivesATeamTheProjectItsMembersChose() throws {
        let c = try teamRoster("""
            id,stage,availability,project_choices
            a,1,Mon 10:00-10:30,q
            b,2,Mon 10:00-10:30,q
            c,3,Mon 10:00-10:30,q
            """, projects: """
            id,needs,min_size,max_size,members
            q,,3,5,
            """)
        let with = annealing(c, [(nil, ["a", "b", "c"])])
        #expect(shape(with, c) == ["q:a,b,c"])
        #expect(with.s.totalQuality == 39)
        let without = annealing(c, [(nil, ["a", "b", "c"])], without: .relabel)
        #expect(shape(without, c) == ["-:a,b,c"])
        #expect(without.s.totalQuality == 9)
    }

    /// Six members, stages 1, 2, 3 twice, in one free team of six (3 distinct stages: 9 points).
    /// Split in two teams of stages 1, 2, 3 they score 18; an open move draws at most one member
    /// per team, so only a split forms the second team.
    @Test func splitMakesTwoTeamsOfOne() throws {
        let c = try teamRoster("""
            id,stage,availability
            a1,1,Mon 10:00-10:30
            a2,2,Mon 10:00-10:30
            a3,3,Mon 10:00-10:30
            b1,1,Mon 10:00-10:30
            b2,2,Mon 10:00-10:30
            b3,3,Mon 10:00-10:30
            """, policy: "team_max = 6\n")
        let start: [(String?, [String])] = [(nil, ["a1", "a2", "a3", "b1", "b2", "b3"])]
        let with = annealing(c, start)
        #expect(with.s.totalQuality == 18)
        #expect(with.s.workingTeams.count == 2)
        let without = annealing(c, start, without: .split)
        #expect(without.s.totalQuality == 9)
        #expect(without.s.workingTeams.count == 1)
    }

    /// Project p (3–6 members) has a team of three who chose it; a free team of three others who
    /// also chose it cannot give p a member (both teams are at their minimum) and cannot be
    /// dissolved into one other team. Merged into p's team they gain their choices and two
    /// stages: 48 → 75.
    @Test func mergeJoinsTwoTeamsIntoOne() throws {
        let c = try teamRoster("""
            id,stage,availability,project_choices
            a1,1,Mon 10:00-10:30,p
            a2,2,Mon 10:00-10:30,p
            a3,5,Mon 10:00-10:30,p
            b1,3,Mon 10:00-10:30,p
            b2,4,Mon 10:00-10:30,p
            b3,5,Mon 10:00-10:30,p
            """, projects: """
            id,needs,min_size,max_size,members
            p,,3,6,
            """)
        let start: [(String?, [String])] = [("p", ["a1", "a2", "a3"]), (nil, ["b1", "b2", "b3"])]
        let with = annealing(c, start)
        #expect(shape(with, c) == ["p:a1,a2,a3,b1,b2,b3"])
        #expect(with.s.totalQuality == 75)
        let without = annealing(c, start, without: .merge)
        #expect(without.s.totalQuality == 48)
        #expect(without.s.workingTeams.count == 2)
    }

    /// The search places an unplaced member by opening a team with members of others (each team
    /// keeps its rules), and the incremental counts stay equal to a recount after every run.
    @Test func openPlacesAMemberWithMembersOfOtherTeams() throws {
        let c = try teamRoster(roomForANewTeamRoster)
        let start: [(String?, [String])] = roomForANewTeamStart.map { (nil, $0) }
        let with = annealing(c, start)
        #expect(with.s.placed == 9)
        #expect(shape(with, c).contains("-:a,b,x"))
        let without = annealing(c, start, without: .open)
        #expect(without.s.placed == 8)
    }

    /// Forty projects of exactly three, each team of stages 1, 2, 3 whose members chose its project,
    /// except a on q01's team, who chose only q02, and b on q02's team, who chose only q01: trading
    /// a and b gains 20. Every team is at its size, so only swaps help, and a random swap rarely
    /// draws those two among 120 members and 40 teams; the move to a chosen project's team does.
    @Test func chosenSendsAMemberToTheTeamOfTheirProject() throws {
        var members = "id,stage,availability,project_choices\n"
        var projects = "id,needs,min_size,max_size,members\n"
        var start: [(String?, [String])] = []
        for k in 1...40 {
            let q = "q" + (k < 10 ? "0" : "") + String(k)
            projects += "\(q),,3,3,\n"
            let ids = ["\(q)m1", "\(q)m2", "\(q)m3"]
            for (s, id) in ids.enumerated() {
                let choice = k == 1 && s == 0 ? "q02" : k == 2 && s == 0 ? "q01" : q
                members += "\(id),\(s + 1),Mon 10:00-10:30,\(choice)\n"
            }
            start.append((q, ids))
        }
        let c = try teamRoster(members, projects: projects)
        let best = 40 * (30 + 9)
        let with = annealing(c, start, budget: 3_000)
        #expect(with.s.totalQuality == best)
        #expect(shape(with, c).contains("q01:q01m2,q01m3,q02m1"))
        let without = annealing(c, start, without: .chosen, budget: 3_000)
        #expect(without.s.totalQuality < best)
    }

    /// Project q (exactly three) meets on Monday: its pitcher p0 (free Monday and Tuesday) with x1
    /// and x2, who chose nothing and are free on Monday only. c1 and c2 chose q and are free on
    /// Tuesday only, in a free team of four. Moving q's team to Tuesday gains their choices (30 →
    /// 44; x1 and x2 join the Monday free team), but no move of one member or a swap gets there:
    /// q's team is at its size, and with one of x1, x2 and one of c1, c2 it has no common start.
    /// Only the relocation, which changes the team's start in one move, does.
    @Test func relocateMovesAProjectTeamToTheStartOfItsChoosers() throws {
        let c = try teamRoster("""
            id,stage,availability,project_choices
            p0,3,Mon 10:00-10:30;Tue 10:00-10:30,
            x1,1,Mon 10:00-10:30,
            x2,2,Mon 10:00-10:30,
            g1,1,Mon 10:00-10:30,
            g2,2,Mon 10:00-10:30,
            g3,3,Mon 10:00-10:30,
            c1,1,Tue 10:00-10:30,q
            c2,2,Tue 10:00-10:30,q
            s3,3,Tue 10:00-10:30,
            s4,4,Tue 10:00-10:30,
            """, projects: """
            id,needs,min_size,max_size,members
            q,,3,3,p0
            """, policy: "team_min = 2\nteam_max = 5\n")
        let start: [(String?, [String])] = [("q", ["p0", "x1", "x2"]), (nil, ["g1", "g2", "g3"]), (nil, ["c1", "c2", "s3", "s4"])]
        let with = annealing(c, start)
        #expect(shape(with, c).contains("q:c1,c2,p0"))
        #expect(with.s.totalQuality >= 44)
        #expect(with.s.placed == 10)
        let without = annealing(c, start, without: .relocate)
        #expect(!shape(without, c).contains { $0.hasPrefix("q:") && $0.contains("c") })
        #expect(without.s.totalQuality < 44)
    }
}

@Suite struct TeamBudgetTests {
    /// The documented formula (docs/teams.md §6).
    @Test func standardBudgetGrowsWithTheRoster() {
        let small = TeamBudget.standard(members: 100)
        #expect(small.moves == 100 * 6_000)
        #expect(small.polishSubproblems == 20 && small.placementSubproblems == 8)
        let k10 = TeamBudget.standard(members: 10_000, unplaced: 3)
        #expect(k10.moves == 10_000 * 1_500)
        #expect(k10.placementSubproblems == 20 && k10.polishSubproblems == 200)
        let k100 = TeamBudget.standard(members: 100_000, unplaced: 1_000)
        #expect(k100.moves == 100_000 * 500)
        #expect(k100.placementSubproblems == 2_000)
        #expect(small.workPerMove == 46 && k100.workPerMove == 46)
        #expect(small.excessPerMove == 17 && k100.excessPerMove == 17)
    }

    /// The work budget (docs/teams.md §6): in a class nearly every try is valid and scored to the
    /// end, so a move costs more work than elsewhere; with a work budget below that cost the
    /// annealing ends on its work, within one move of it, after fewer tries; with one above it, the
    /// teams are those of the moves alone, try for try.
    @Test func theWorkBudgetEndsTheAnnealingWhereMovesCostMore() throws {
        let moves = ClassAnnealing.moves
        let start = try ClassAnnealing()
        func anneal(_ workPerMove: Int?) -> TeamAnnealing { start.run(workPerMove: workPerMove, excessPerMove: nil) }
        let movesOnly = anneal(nil)
        #expect(movesOnly.tried == moves)
        #expect(movesOnly.work > 4 * movesOnly.tried)  // a class's move costs more than 4 units
        let tight = anneal(30)  // 3 units a move
        #expect(tight.tried < moves * 3 / 4)
        #expect(tight.work >= moves * 3 && tight.work < moves * 3 + 1_000)
        let loose = anneal(100)  // 10 units a move: never reached
        #expect(loose.tried == movesOnly.tried && loose.work == movesOnly.work)
        #expect(loose.s.workingTeams == movesOnly.s.workingTeams)
    }

    /// The work beyond `workPerMove` a try, charged at `excessPerMove` (docs/teams.md §6): with r = k
    /// it is the work budget above, try for try; with a smaller r a class (whose tries cost more
    /// than k) ends sooner, still consistent; with k above what a try costs, r changes nothing.
    @Test func theWorkBeyondTheMoveCostEndsTheAnnealingSooner() throws {
        let moves = ClassAnnealing.moves
        let start = try ClassAnnealing()
        func anneal(_ k: Int, _ r: Int?) -> TeamAnnealing { start.run(workPerMove: k, excessPerMove: r) }
        let work = anneal(30, nil)
        #expect(work.work > 3 * work.tried)  // tries cost more than 3 units: the work decides
        let same = anneal(30, 30)
        #expect(same.tried == work.tried && same.work == work.work && same.s.workingTeams == work.s.workingTeams)
        let steep = anneal(30, 10)  // the work beyond 3 units a try: one more move per unit
        #expect(steep.tried < work.tried * 3 / 4)
        #expect(steep.tried + (steep.work * 10 - 30 * steep.tried) / 10 >= moves)
        let loose = anneal(100, 10)  // 10 units a try: no work beyond it
        let movesOnly = anneal(100, nil)
        #expect(loose.tried == moves && loose.s.workingTeams == movesOnly.s.workingTeams)
    }

    /// Placement first (docs/teams.md §3): construction leaves placeable members out on 300
    /// generated members with every rule on; the placement phase places more of them before any
    /// quality move, and the quality annealing after it ends with no fewer placed than it settled.
    @Test func placementIsSettledBeforeTheQualitySearch() throws {
        let c = try generatedCohort(members: 300, seed: 3, overrides: TeamIsolationTests.everyRule, ruleColumns: RuleColumns())
        let p = TeamProblem(cohort: c)
        let placeable = TeamPlaceability(p).placeable
        let (built, closed) = TeamConstruction.build(p, placeable: placeable)
        let builtPlaced = built.reduce(0) { $0 + $1.members.count }
        let target = TeamFormation.placementBound(p, proven: placeable, closed: closed).bound
        #expect(builtPlaced < target)
        let model = TeamSearchModel(p, placeable: placeable, closed: Set(closed.keys))
        var search = TeamAnnealing(TeamSearchState(model, teams: built), seed: 7)
        // Nothing to do at or below what is placed.
        #expect(search.place(target: builtPlaced, budget: 10_000, deadline: nil, clock: Stopwatch()) == 0)
        let used = search.place(target: target, budget: 200_000, deadline: nil, clock: Stopwatch())
        let settled = search.s.placed
        #expect(used > 0 && settled > builtPlaced && settled <= target)
        #expect(search.s.isConsistent())
        _ = search.run(budget: 100_000, deadline: nil, clock: Stopwatch())
        #expect(search.s.placed >= settled)
        #expect(search.s.isConsistent())
        // The whole search (placement phase, GLPK's placement neighbourhoods, quality annealing,
        // polish) reports what the phase settled and its moves, within the move budget.
        let budget = TeamBudget.standard(members: search.movers.count, unplaced: target - builtPlaced)
        let whole = TeamSearch(p: p, model: model, solver: GLPKSolver(), placeable: placeable, closed: Set(closed.keys),
                               placementBound: target)
        let found = try whole.run(start: built, budget: budget, deadline: nil, clock: Stopwatch())
        let placed = found.teams.reduce(0) { $0 + $1.members.count }
        #expect(found.settledPlaced > builtPlaced && placed >= found.settledPlaced && found.placementMoves > 0)
        #expect(found.moves <= budget.moves)
    }

    /// A spent budget, a time limit and a proof each say so in `stopped_by`.
    @Test func stoppedBySaysWhatEndedThePhase() throws {
        let c = try teamCohort(300, seed: 2)
        let tiny = TeamBudget(moves: 50, placementSubproblems: 0, polishSubproblems: 0, boundRounds: 1, boundIterations: 100,
                              exactNodes: 1)
        let spent = try TeamFormation.solve(c, solver: GLPKSolver(), budget: tiny)
        #expect(spent.quality.stoppedBy == "work budget")
        #expect(spent.quality.status == .feasible)
        #expect(detail(spent, "moves") == 50)
        let limited = try TeamFormation.solve(c, solver: GLPKSolver(), timeLimit: 0.001)
        #expect(limited.quality.stoppedBy == "time limit")
        let small = try teamCohort(30, seed: 3)
        let exact = try TeamFormation.solve(small, solver: GLPKSolver())
        #expect(exact.quality.stoppedBy == "optimal")
        #expect(exact.quality.status == .optimal && exact.placement.status == .optimal)
        #expect(detail(exact, "exact_mip") == 1)
    }

    /// The teams and the bound do not depend on the thread count (the search is one stream; the
    /// bounds' threads only split their work).
    @Test func sameTeamsOnOneThreadAndOnFour() throws {
        let c = try teamCohort(150, seed: 4)
        // A smaller budget than the default keeps the unit suite fast; the rule is the same.
        let budget = TeamBudget(moves: 100_000, placementSubproblems: 20, polishSubproblems: 20, boundRounds: 10,
                                boundIterations: 5_000, exactNodes: 100)
        let one = try TeamFormation.solve(c, solver: GLPKSolver(), threads: 1, budget: budget)
        let four = try TeamFormation.solve(c, solver: GLPKSolver(), threads: 4, budget: budget)
        #expect(one.teams == four.teams)
        #expect(one.quality.bound == four.quality.bound)
        #expect(one.quality.stoppedBy == four.quality.stoppedBy)
    }
}

private func detail(_ f: TeamFormation, _ name: String) -> Int? {
    f.quality.details.first { $0.name == name }?.value
}
