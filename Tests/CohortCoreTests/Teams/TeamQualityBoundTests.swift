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
private func bruteForceBestQuality(_ c: Cohort) -> Int {
    let p = TeamProblem(cohort: c)
    let n = c.members.count
    let projects = c.projects.count
    let options = 1 + projects + 2
    var best = 0
    var assignment = [Int](repeating: 0, count: n)
    var total = 1
    for _ in 0..<n { total *= options }
    for code in 0..<total {
        var v = code
        for i in 0..<n { assignment[i] = v % options; v /= options }
        var quality = 0
        var valid = true
        for option in 1..<options {
            let members = (0..<n).filter { assignment[$0] == option }
            if members.isEmpty { continue }
            let project: Int? = option <= projects ? option - 1 : nil
            if p.violation(members: members, project: project, start: nil) != nil { valid = false; break }
            quality += p.quality(members: members, project: project)
        }
        if valid { best = max(best, quality) }
    }
    return best
}

@Suite struct TeamQualityBoundTests {
    /// The bound is at least the quality of what the engine produces, and never above the simple bound.
    @Test(.tags(.slow), .inSlowSuite, arguments: [(120, 11), (300, 12), (600, 13), (1000, 1)] as [(Int, UInt64)])
    func boundsTheEnginesTeams(n: Int, seed: UInt64) throws {
        let c = try teamCohort(n, seed: seed)
        let f = try TeamFormation.solve(c, solver: GLPKSolver())
        let lp = try #require(detail(f, "lp_bound"))
        let simple = try #require(detail(f, "simple_bound"))
        let slot = try #require(detail(f, "slot_bound"))
        #expect(Double(lp) >= f.quality.objective, "lp bound \(lp) < quality \(f.quality.objective)")
        #expect(Double(slot) >= f.quality.objective, "slot bound \(slot) < quality \(f.quality.objective)")
        #expect(lp <= simple, "lp bound \(lp) > simple bound \(simple)")
        #expect(f.quality.bound == Double(min(lp, slot)))
    }

    /// The slot bound knows standup times: it is below the LP bound on generated rosters
    /// (where the LP lets a team draw members who share no start), and still above the engine.
    @Test(.tags(.slow), .inSlowSuite, arguments: [(150, 6), (300, 1)] as [(Int, UInt64)])
    func slotBoundIsTighterThanTheLP(n: Int, seed: UInt64) throws {
        let c = try teamCohort(n, seed: seed)
        let f = try TeamFormation.solve(c, solver: GLPKSolver())
        let lp = try #require(detail(f, "lp_bound"))
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
        let lp = try #require(detail(f, "lp_bound"))
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

    @Test(arguments: [1, 2] as [UInt64])
    func boundsTheTrueOptimum(seed: UInt64) throws {
        let c = try tinyCohort(seed: seed)
        let best = bruteForceBestQuality(c)
        #expect(best > 0)
        let f = try TeamFormation.solve(c, solver: GLPKSolver())
        let lp = try #require(detail(f, "lp_bound"))
        let slot = try #require(detail(f, "slot_bound"))
        #expect(lp >= best, "seed \(seed): lp bound \(lp) < optimum \(best)")
        #expect(slot >= best, "seed \(seed): slot bound \(slot) < optimum \(best)")
        #expect(Int(f.quality.objective) <= best)
        #expect(Int(f.quality.bound) >= best)
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
        let lp = try #require(detail(f, "lp_bound"))
        let simple = try #require(detail(f, "simple_bound"))
        // At most 3 first choices (30); stages: p1 team ≤ 4 distinct, the 3 others ≤ 3 → ≤ 21 (the simple bound lets all six have 10).
        #expect(simple >= 60)
        #expect(lp <= 30 + 21)
        #expect(Double(lp) >= f.quality.objective)
        #expect(bruteForceBestQuality(c) <= lp)
    }
}
