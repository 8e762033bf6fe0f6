import CohortSolver
import Testing

@testable import CohortCore

@Suite struct TeamLagrangianBoundTests {
    /// The dynamic programme finds exactly the best team of a slot class: compared with
    /// enumerating every subset of a dozen candidates (size, stages and senior checked directly),
    /// for project kinds and the free kind, under random prices.
    @Test(.tags(.slow), .inSlowSuite, arguments: [3, 4] as [UInt64])
    func bestTeamMatchesEnumerationOnMoreRosters(seed: UInt64) throws { try bestTeamMatchesEnumeration(seed: seed) }

    @Test(arguments: [1, 2] as [UInt64])
    func bestTeamMatchesEnumeration(seed: UInt64) throws {
        let c = try teamCohort(200, seed: seed)
        let p = TeamProblem(cohort: c)
        let bound = TeamLagrangianBound(p: p, placeable: p.isEligible, closed: [])
        var rng = SeededRandom(seed: seed &+ 99)
        var checked = 0
        for kind in bound.projectKinds.prefix(12) + [bound.freeKind!] {
            for classMembers in kind.classes.prefix(3) {
                // A dozen candidates of the class, and random prices 0…12.
                let candidates = Array(classMembers.prefix(12))
                let prices = bound.members.map { _ in Double(rng.nextInt(below: 25)) / 2 }
                let fixed = kind.project.map { j in c.projects[j].members.filter { p.isEligible[$0] } } ?? []
                var best: Double?
                for code in 0..<(1 << candidates.count) {
                    let chosen = candidates.indices.filter { code & (1 << $0) != 0 }.map { bound.members[Int(candidates[$0])] }
                    let team = fixed + chosen
                    guard (kind.lo...kind.hi).contains(team.count),
                          Set(team.map(p.stage)).count >= p.distinctStages, team.contains(where: p.isSenior) else { continue }
                    let value = Double(p.quality(members: team, project: kind.project))
                        - candidates.indices.filter { code & (1 << $0) != 0 }.reduce(0.0) { $0 + prices[Int(candidates[$1])] }
                    best = max(best ?? value, value)
                }
                let dp = bound.bestTeam(kind, candidates: candidates, prices: prices)
                #expect(dp?.value == best, "project \(String(describing: kind.project)): dp \(String(describing: dp?.value)) vs \(String(describing: best))")
                if let dp {
                    // The members it returns give that value.
                    let team = fixed + dp.members.map { bound.members[Int($0)] }
                    let value = Double(p.quality(members: team, project: kind.project)) - dp.members.reduce(0.0) { $0 + prices[Int($1)] }
                    #expect(abs(value - dp.value) < 1e-9)
                }
                checked += 1
            }
        }
        #expect(checked >= 10)
    }
}

extension TeamLagrangianBoundTests {
    /// A project's best team over all its slot classes (`bests`, which first solves the union of
    /// the classes and stops there when that team fits one class) is exactly the best of the
    /// dynamic programmes run class by class, under random prices — high ones too, where the
    /// union's best team often spans two classes.
    @Test(arguments: [1, 2] as [UInt64])
    func bestOverClassesMatchesEveryClass(seed: UInt64) throws {
        let c = try teamCohort(200, seed: seed)
        let p = TeamProblem(cohort: c)
        let bound = TeamLagrangianBound(p: p, placeable: p.isEligible, closed: [])
        var rng = SeededRandom(seed: seed &+ 17)
        var scratch = TeamLagrangianBound.DPScratch()
        var checked = 0
        for round in 0..<6 {
            let prices = bound.members.map { _ in Double(rng.nextInt(below: 4 * (round + 1) + 1)) / 2 }
            for kind in bound.projectKinds where kind.classes.count > 1 {
                let each = kind.classes.compactMap { bound.bestTeam(kind, candidates: $0, prices: prices)?.value }.max()
                let best = bound.bests(kind, prices: prices, scratch: &scratch).compactMap { $0?.value }.max()
                #expect((best == nil) == (each == nil) && abs((best ?? 0) - (each ?? 0)) < 1e-9, "project \(kind.project!): \(String(describing: best)) vs class by class \(String(describing: each))")
                checked += 1
            }
        }
        #expect(checked >= 12)
    }
}

@Suite(.tags(.slow), .inSlowSuite) struct TeamColumnGenerationTests {
    /// Column generation converges, and its prices are at least as good as any the subgradient
    /// finds (at convergence the bound is the master LP's optimum, the best Lagrangian bound);
    /// the prices it returns give exactly the bound it returns.
    @Test(arguments: [(150, 6), (300, 1), (400, 2)] as [(Int, UInt64)])
    func convergesBelowTheSubgradient(n: Int, seed: UInt64) throws {
        let c = try teamCohort(n, seed: seed)
        let p = TeamProblem(cohort: c)
        let bound = TeamLagrangianBound(p: p, placeable: p.isEligible, closed: [])
        let generated = try bound.columnGeneration(incumbent: [], start: [Double](repeating: 0, count: bound.members.count), solver: GLPKSolver(), rounds: 200)
        #expect(generated.converged)
        #expect(bound.evaluate(generated.prices).bound == generated.bound)
        let subgradient = bound.bound(start: [:], target: 0, iterations: 200)
        #expect(Int((generated.bound + 1e-6).rounded(.down)) <= subgradient)
    }
}
