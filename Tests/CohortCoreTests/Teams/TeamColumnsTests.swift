import CohortSolver
import Testing

@testable import CohortCore

/// The best (placed, quality) over every set of disjoint valid teams, by dynamic programming over
/// member subsets: every subset of the eligible members, with each kind (each project, free),
/// checked by `TeamProblem.violation` alone (no slot classes, no MIP). Quality is the search's
/// (`TeamProblem.quality`, isolation penalty included). Up to about 12 eligible members.
private func bestPacking(_ c: Cohort) -> (placed: Int, quality: Int) {
    let p = TeamProblem(cohort: c)
    let members = p.eligible
    let n = members.count
    let kinds: [Int?] = [nil] + c.projects.indices.map { $0 }
    // Per subset: the valid (kind, quality) pairs.
    var teams: [[(project: Int, quality: Int)]] = Array(repeating: [], count: 1 << n)
    for mask in 1..<(1 << n) {
        let team = (0..<n).filter { mask & (1 << $0) != 0 }.map { members[$0] }
        for kind in kinds where p.violation(members: team, project: kind, start: nil) == nil {
            teams[mask].append((kind ?? -1, p.quality(members: team, project: kind)))
        }
    }
    // best[mask][used projects]: the lowest member of `mask` is placed in a team inside `mask`, or left out.
    let projects = c.projects.count
    var memo: [Int: (Int, Int)] = [:]
    func best(_ mask: Int, _ used: Int) -> (Int, Int) {
        if mask == 0 { return (0, 0) }
        let key = mask << projects | used
        if let known = memo[key] { return known }
        let low = mask & -mask
        var result = best(mask & ~low, used)  // the lowest member unplaced
        var sub = mask
        while sub > 0 {
            if sub & low != 0 {
                for (project, quality) in teams[sub] where project < 0 || used & (1 << project) == 0 {
                    let rest = best(mask & ~sub, project < 0 ? used : used | (1 << project))
                    let value = (rest.0 + sub.nonzeroBitCount, rest.1 + quality)
                    if value > result { result = value }
                }
            }
            sub = (sub - 1) & mask
        }
        memo[key] = result
        return result
    }
    return best((1 << n) - 1, 0)
}

@Suite struct TeamColumnsTests {
    typealias Shape = TeamBoundsShapesTests.Shape

    /// On tiny rosters of every shape, with and without the team rules, the team phase takes the
    /// exact whole-roster path, says "optimal", and its teams are the best packing found by brute
    /// force: as many placed, and the same quality.
    @Test(arguments: Shape.allCases, [false, true])
    func smallRostersAreSolvedToTheBruteForceOptimum(shape: Shape, rules: Bool) throws {
        for seed: UInt64 in 1...3 {
            let c = try TeamBoundsShapesTests.roster(shape, seed: seed, rules: rules)
            let label = "\(shape) seed \(seed) rules \(rules)"
            let truth = bestPacking(c)
            let f = try TeamFormation.solve(c, solver: GLPKSolver())
            let p = TeamProblem(cohort: c)
            #expect(f.quality.stoppedBy == "optimal", "\(label)")
            #expect(f.placement.status == .optimal && f.quality.status == .optimal, "\(label)")
            #expect(Int(f.placement.objective) == truth.placed, "\(label)")
            let quality = f.teams.reduce(0) { $0 + p.quality(members: $1.members, project: $1.project) }
            #expect(quality == truth.quality, "\(label): \(quality) vs brute force \(truth.quality)")
        }
    }

    /// The columns are exactly the valid (kind, members) pairs: every subset of the members that
    /// passes `TeamProblem.violation` for a kind is a column of that kind, and nothing else is.
    @Test(arguments: Shape.allCases, [false, true])
    func theColumnsAreEveryValidTeam(shape: Shape, rules: Bool) throws {
        let c = try TeamBoundsShapesTests.roster(shape, seed: 2, rules: rules)
        let p = TeamProblem(cohort: c)
        let projects = Array(c.projects.indices)
        let columns = try #require(TeamColumns(p: p, members: p.eligible, projects: projects,
                                               columnLimit: 100_000, nodeLimit: 1_000_000))
        var valid = Set<[Int]>()
        let n = p.eligible.count
        for mask in 1..<(1 << n) {
            let team = (0..<n).filter { mask & (1 << $0) != 0 }.map { p.eligible[$0] }
            for kind in [nil] + projects.map(Optional.some) where p.violation(members: team, project: kind, start: nil) == nil {
                valid.insert([kind ?? -1] + team)
            }
        }
        let found = columns.columns.map { [$0.project ?? -1] + $0.members }
        #expect(found.count == Set(found).count, "no column twice")
        #expect(Set(found) == valid)
    }

    /// Past its column limit the set-packing model is not built (the phase keeps the compact MIP).
    @Test func tooManyColumnsFallsBack() throws {
        let c = try TeamBoundsShapesTests.roster(.classOf, seed: 1, rules: false)
        let p = TeamProblem(cohort: c)
        #expect(TeamColumns(p: p, members: p.eligible, projects: Array(c.projects.indices),
                            columnLimit: 5, nodeLimit: 1_000_000) == nil)
        #expect(TeamColumns(p: p, members: p.eligible, projects: Array(c.projects.indices),
                            columnLimit: 100_000, nodeLimit: 5) == nil)
    }

    /// A generated 60-member community (the roster `cohort generate --members 60 --seed 1` writes)
    /// is proven optimal within 200 branch-and-bound nodes. The compact model (`SubproblemModel`
    /// over the whole roster: a standup-class choice per team, identical free teams) hit its 2,000
    /// nodes on it and stayed "feasible": its relaxation lets a team sit in two standup classes at
    /// once and place 36 members where 35 is the most (docs/teams.md §3, "Small rosters").
    @Test func aSixtyMemberCommunityIsProvenOptimal() throws {
        let c = try teamCohort(60, seed: 1)
        let budget = TeamBudget.standard(members: 60)
        let f = try TeamFormation.solve(c, solver: GLPKSolver(), budget: TeamBudget(
            moves: budget.moves, placementSubproblems: budget.placementSubproblems, polishSubproblems: budget.polishSubproblems,
            boundRounds: budget.boundRounds, boundIterations: budget.boundIterations, exactNodes: 200))
        #expect(f.quality.stoppedBy == "optimal")
        #expect(f.placement.status == .optimal && f.quality.status == .optimal)
        #expect(f.placement.objective == f.placement.bound && f.quality.objective == f.quality.bound)
    }
}
