import CohortSolver
import Testing

@testable import CohortCore

private func detail(_ f: TeamFormation, _ name: String) -> Int? {
    f.quality.details.first { $0.name == name }?.value
}

/// A random tiny roster (seeded): 8 members, two projects with pitchers, a few windows.
private func tinyCohort(seed: UInt64) throws -> Cohort {
    var rng = SeededRandom(seed: seed)
    let windows = ["Mon 18:00-20:00", "Mon 19:00-21:00", "Tue 10:00-12:00", "Mon 18:00-20:00;Tue 10:00-12:00"]
    let skills = ["ml", "data", "web", "ml;web", ""]
    var rows = ["id,stage,availability,skills,project_choices,avoid"]
    for k in 1...8 {
        var choices: [String] = []
        if k > 2 {
            for pick in ["p1", "p2"].shuffledBy(&rng) where rng.chance(0.6) { choices.append(pick) }
        }
        let avoid = k == 8 && rng.chance(0.5) ? "m\(rng.nextInt(in: 3...7))" : ""
        rows.append("m\(k),\(rng.nextInt(in: 1...5)),\(windows[rng.nextInt(below: windows.count)]),\(skills[rng.nextInt(below: skills.count)]),\(choices.joined(separator: ";")),\(avoid)")
    }
    let projects = """
        id,needs,min_size,max_size,members
        p1,ml;data,3,4,m1
        p2,web;data,,,m2
        """
    return try teamRoster(rows.joined(separator: "\n"), projects: projects)
}

private extension Array {
    func shuffledBy(_ rng: inout SeededRandom) -> [Element] {
        var a = self
        for k in stride(from: a.count - 1, to: 0, by: -1) { a.swapAt(k, rng.nextInt(below: k + 1)) }
        return a
    }
}

/// The best total quality over every valid set of teams (any number placed), by enumeration:
/// each member goes to nobody, one of the projects, or one of two free teams.
private func bruteForceBestQuality(_ c: Cohort) -> Int { teamsByEnumeration(c).any }

/// The LP bound (docs/teams.md §5) of a roster, computed on its own (the team phase runs it only
/// where column generation is too large).
private func lpBound(_ c: Cohort) throws -> Int {
    let p = TeamProblem(cohort: c)
    return try #require(try TeamQualityBound.bound(p, placeable: TeamPlaceability(p).placeable, closed: [], incumbent: [],
                                                   solver: GLPKSolver())).bound
}

/// By enumeration over every assignment (each member to nobody, one of the projects, or one of
/// two free teams — enough for rosters of eight or fewer, which form at most two free teams of
/// three): the best total quality of any valid set of teams, the best of its core terms alone
/// (choices, stages, needs; without the rules' score), the most members placed, and the best
/// quality of those placing the most (what the team phase maximizes: placement, then quality),
/// and the best of the terms the slot bound counts (`slot`: the core terms, `team_ideal` and the wishes).
/// Shared by the bound tests of every shape (TeamBoundsShapesTests).
func teamsByEnumeration(_ c: Cohort) -> (any: Int, core: Int, mostPlaced: Int, placed: Int, slot: Int) {
    let p = TeamProblem(cohort: c)
    let n = c.members.count, projects = c.projects.count, options = 3 + projects
    var best = 0, bestCore = 0, mostPlaced = 0, placedMost = 0, bestSlot = 0
    var assignment = [Int](repeating: 0, count: n)
    var total = 1
    for _ in 0..<n { total *= options }
    for code in 0..<total {
        var v = code
        for i in 0..<n { assignment[i] = v % options; v /= options }
        var quality = 0, core = 0, slot = 0
        var valid = true
        for option in 1..<options {
            let members = (0..<n).filter { assignment[$0] == option }
            if members.isEmpty { continue }
            let project: Int? = option <= projects ? option - 1 : nil
            if p.violation(members: members, project: project, start: nil) != nil { valid = false; break }
            let q = p.quality(members: members, project: project)
            quality += q
            core += q - (p.rules.scoring ? Int(p.rules.score(members.map(Int32.init))) : 0)
            slot += TeamBounds.slotQuality(p, members: members, project: project)
        }
        guard valid else { continue }
        best = max(best, quality)
        bestCore = max(bestCore, core)
        bestSlot = max(bestSlot, slot)
        let placed = assignment.count { $0 != 0 }
        if placed > placedMost { (placedMost, mostPlaced) = (placed, quality) }
        else if placed == placedMost { mostPlaced = max(mostPlaced, quality) }
    }
    return (best, bestCore, mostPlaced, placedMost, bestSlot)
}

@Suite struct TeamQualityBoundTests {
    /// The LP and slot bounds are at least the quality of what the engine produces; the phase
    /// reports the smallest bound it computed.
    @Test(.tags(.slow), .inSlowSuite, arguments: [(120, 11), (300, 12), (600, 13), (1000, 1)] as [(Int, UInt64)])
    func boundsTheEnginesTeams(n: Int, seed: UInt64) throws {
        let c = try teamCohort(n, seed: seed)
        let f = try TeamFormation.solve(c, solver: GLPKSolver())
        let lp = try lpBound(c)
        let simple = try #require(detail(f, "simple_bound"))
        let slot = try #require(detail(f, "slot_bound"))
        #expect(Double(lp) >= f.quality.objective, "lp bound \(lp) < quality \(f.quality.objective)")
        #expect(slot >= 0 && Double(slot) >= f.quality.objective, "slot bound \(slot) < quality \(f.quality.objective)")
        // Reported: the smallest bound the phase computed (the LP only above 800 model members).
        let computed = [simple, slot, detail(f, "lp_bound") ?? -1].filter { $0 >= 0 }.min()!
        #expect(f.quality.bound == Double(max(computed, Int(f.quality.objective))))
    }

    /// The slot bound knows standup times: it is below the LP bound on generated rosters
    /// (where the LP lets a team draw members who share no start), and still above the engine.
    @Test(.tags(.slow), .inSlowSuite, arguments: [(150, 6), (300, 1)] as [(Int, UInt64)])
    func slotBoundIsTighterThanTheLP(n: Int, seed: UInt64) throws {
        let c = try teamCohort(n, seed: seed)
        let f = try TeamFormation.solve(c, solver: GLPKSolver())
        let lp = try lpBound(c)
        let slot = try #require(detail(f, "slot_bound"))
        #expect(slot < lp, "slot bound \(slot) not below lp bound \(lp)")
        #expect(Double(slot) >= f.quality.objective)
    }

    /// Four members choose p1 first, but two can only meet on Monday and two only on Tuesday with
    /// the pitcher free both days: one team can take at most two of them (20 in choices), which the
    /// LP (any member sharing a start with the pitcher may join) does not see.
    @Test func slotBoundSeesStandupTimes() throws {
        let members = """
            id,stage,availability,project_choices
            a,4,Mon 18:00-20:00;Tue 10:00-12:00,
            b,1,Mon 18:00-20:00,p1
            c,2,Mon 18:00-20:00,p1
            d,1,Tue 10:00-12:00,p1
            e,2,Tue 10:00-12:00,p1
            """
        let projects = """
            id,needs,min_size,max_size,members
            p1,,3,5,a
            """
        let c = try teamRoster(members, projects: projects)
        let f = try TeamFormation.solve(c, solver: GLPKSolver())
        let lp = try lpBound(c)
        let slot = try #require(detail(f, "slot_bound"))
        let best = bruteForceBestQuality(c)
        // Best: a with b, c (or d, e): 20 in choices + 3 stages · 3 = 29.
        #expect(best == 29)
        #expect(slot >= best)
        #expect(slot < lp, "slot \(slot), lp \(lp)")
        #expect(f.quality.objective == 29)
    }

    /// On tiny rosters the bound is at least the true optimum, found by enumerating every set of teams.
    @Test(.tags(.slow), .inSlowSuite, arguments: [3, 4, 5, 6] as [UInt64])
    func boundsTheTrueOptimumOnMoreRosters(seed: UInt64) throws { try boundsTheTrueOptimum(seed: seed) }

    /// The LP and slot bounds hold against the best quality of any teams (placed or not); the
    /// phase's bound against the best of those placing the most, which a roster this small gets
    /// exactly (the whole-roster MIP, docs/teams.md §3).
    @Test(arguments: [1, 2] as [UInt64])
    func boundsTheTrueOptimum(seed: UInt64) throws {
        let c = try tinyCohort(seed: seed)
        let best = teamsByEnumeration(c)
        #expect(best.any > 0)
        let f = try TeamFormation.solve(c, solver: GLPKSolver())
        let lp = try lpBound(c)
        let slot = try #require(detail(f, "slot_bound"))
        #expect(lp >= best.any, "seed \(seed): lp bound \(lp) < optimum \(best.any)")
        #expect(slot >= best.any, "seed \(seed): slot bound \(slot) < optimum \(best.any)")
        #expect(Int(f.placement.objective) == best.placed)
        #expect(Int(f.quality.objective) == best.mostPlaced)
        #expect(f.quality.status == .optimal && f.quality.stoppedBy == "optimal")
        #expect(Int(f.quality.bound) >= best.mostPlaced)
    }

    /// Capacities count: six members all put p1 first, but it takes at most three besides its pitcher.
    @Test func projectCapacityTightensTheBound() throws {
        let members = """
            id,stage,availability,project_choices
            a,4,Mon 18:00-20:00,
            b,1,Mon 18:00-20:00,p1
            c,2,Mon 18:00-20:00,p1
            d,3,Mon 18:00-20:00,p1
            e,1,Mon 18:00-20:00,p1
            f,2,Mon 18:00-20:00,p1
            g,5,Mon 18:00-20:00,p1
            """
        let projects = """
            id,needs,min_size,max_size,members
            p1,,3,4,a
            """
        let c = try teamRoster(members, projects: projects)
        let f = try TeamFormation.solve(c, solver: GLPKSolver())
        let lp = try lpBound(c)
        let simple = try #require(detail(f, "simple_bound"))
        // At most 3 first choices (30); stages: at most 2 teams (3 seniors, 7 members / 3), so at
        // most 2 members per stage count: 3 · (2 + 2 + 1 + 1 + 1) = 21. The simple bound now knows
        // the capacity too (before: all six first choices, 60 + 21).
        #expect(simple == 30 + 21)
        #expect(lp <= 30 + 21)
        #expect(Double(lp) >= f.quality.objective)
        #expect(bruteForceBestQuality(c) <= lp)
    }

    /// The simple bound's choice part with project capacities (`TeamBounds.capacitatedChoices`)
    /// is the optimum of the transportation problem: checked against GLPK's LP of it (whose
    /// optimum is integral) on generated rosters, and never below the engine's choice scores.
    @Test(arguments: [(300, 1), (400, 5)] as [(Int, UInt64)])
    func capacitatedChoicesIsTheTransportationOptimum(n: Int, seed: UInt64) throws {
        let c = try teamCohort(n, seed: seed)
        let p = TeamProblem(cohort: c)
        let placeable = TeamPlaceability(p).placeable
        let starts = c.projects.indices.map { p.commonStarts(p.pitchers($0)) }
        let bound = TeamBounds.capacitatedChoices(p, placeable: placeable, closed: [:], projectStarts: starts)
        // The same problem as an LP: 0 ≤ x_ij ≤ 1 over allowed (member, project), Σ_j x_ij ≤ 1, Σ_i x_ij ≤ seats_j.
        var model = LinearModel(sense: .maximize)
        var objective = LinearExpression()
        var byProject: [Int: LinearExpression] = [:]
        var byMember: [LinearExpression] = []
        var uncapacitated = 0
        for i in p.eligible where placeable[i] && p.preassigned[i] < 0 {
            var best = 0
            var row = LinearExpression()
            for j in Set(c.members[i].projectChoices).sorted()
            where p.sizeRange(project: j).upperBound > p.pitchers(j).count && starts[j].intersects(p.starts[i]) {
                let score = p.choiceScore(i, project: j)
                best = max(best, score)
                let x = model.addVariable(VariableDefinition(lowerBound: 0, upperBound: 1))
                objective += Double(score) * x
                row += x
                byProject[j, default: LinearExpression()] += x
            }
            byMember.append(row)
            uncapacitated += best
        }
        model.maximize(objective)
        for row in byMember where !row.variables.isEmpty { model.add(row <= 1) }
        for (j, row) in byProject.sorted(by: { $0.key < $1.key }) {
            model.add(row <= Double(p.sizeRange(project: j).upperBound - p.pitchers(j).count))
        }
        let lp = try GLPKSolver().solve(model)
        let optimum = Int(try #require(lp.objective).rounded())
        // One price reading, μ_p = π(sink) − π(p), gives the optimum exactly (within the default pivot limit).
        #expect(bound == optimum, "flow bound \(bound), LP \(optimum)")
        #expect(TeamBounds.capacitatedChoicesSolve(p, placeable: placeable, closed: [:], projectStarts: starts).finished)
        #expect(bound < uncapacitated, "capacities bind on generated rosters: \(bound) vs \(uncapacitated)")
        // Stopped by a pivot limit, the potentials are a stopped tree's: still a bound, never above μ = 0's.
        for limit in [0, 1, 10, 100, 1_000] {
            let stopped = TeamBounds.capacitatedChoicesSolve(p, placeable: placeable, closed: [:], projectStarts: starts, pivotLimit: limit)
            #expect(stopped.bound >= optimum && stopped.bound <= uncapacitated, "limit \(limit): \(stopped.bound) vs \(optimum)…\(uncapacitated)")
            if limit == 0 { #expect(!stopped.finished) }
        }
        let f = try TeamFormation.solve(c, solver: GLPKSolver())
        let engineChoices = f.teams.reduce(0) { t, team in t + team.members.reduce(0) { $0 + p.choiceScore($1, project: team.project) } }
        #expect(engineChoices <= bound)
    }

    /// The slot bound's free part is capped per stage: six members free at one time, stages
    /// 1, 1, 1, 2, 3, 4, no projects. At prices 0 the knapsack counts two copies of the best free
    /// team (stages 1–4, 12 each: 24), but there are at most 2 teams (2 seniors), so at most 2
    /// members per stage bring a stage: 3 · (2 + 1 + 1 + 1) = 15, the true optimum.
    @Test func freeTeamsAreCappedPerStage() throws {
        let stages = [1, 1, 1, 2, 3, 4]
        let members = "id,stage,availability\n" + stages.enumerated().map { "m\($0),\($1),Mon 18:00-20:00" }.joined(separator: "\n")
        let c = try teamRoster(members)
        let p = TeamProblem(cohort: c)
        let bound = TeamLagrangianBound(p: p, placeable: p.isEligible, closed: [])
        #expect(bound.freeTeamLimit == 2)
        let zero = [Double](repeating: 0, count: bound.members.count)
        #expect(bound.freeStageCap(zero).value == 15)
        #expect(bound.evaluate(zero).bound == 15)
        #expect(bruteForceBestQuality(c) == 15)
    }
}
