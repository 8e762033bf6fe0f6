import CohortSolver
import Testing

@testable import CohortCore

/// `teammates` wishes inside the slot bound (docs/teams.md §5, "wishes"): each wish is credited
/// to its two members, split by ν per team kind, so the bound prices a wish with the rest of the
/// team instead of counting every wish whose members could share a team.
@Suite struct TeamWishBoundTests {
    static let everyRule = [PolicyReader.Override(key: "team_group", value: "same"), .init(key: "team_ideal", value: "4"),
                            .init(key: "team_no_isolated", value: "woman;non-binary")]

    /// Valid: on generated rosters of four shapes with many wishes, every rule on and off, the
    /// slot bound (column generation, and the subgradient alone), the bound at random prices and
    /// random splits ν, and the reported bound are all at least what the phase's answer scores —
    /// proven optimal by GLPK (`TeamExact`) on these rosters of 40.
    @Test(arguments: [RosterGenerator.Shape.community, .manyProjects, .noProjects, .largeProjects], [false, true])
    func wishBoundHoldsOnGeneratedRosters(shape: RosterGenerator.Shape, rules: Bool) throws {
        try wishBoundHolds(shape: shape, rules: rules, members: 40, seed: 2)
    }

    @Test(.tags(.slow), .inSlowSuite, arguments: RosterGenerator.Shape.allCases, [false, true])
    func wishBoundHoldsOnLargerGeneratedRosters(shape: RosterGenerator.Shape, rules: Bool) throws {
        try wishBoundHolds(shape: shape, rules: rules, members: 150, seed: 5)
    }

    func wishBoundHolds(shape: RosterGenerator.Shape, rules: Bool, members: Int, seed: UInt64) throws {
        var parameters = RosterGenerator.Parameters(memberCount: members, seed: seed)
        parameters.shape = shape
        let c = try generatedCohort(parameters, overrides: rules ? Self.everyRule : [], ruleColumns: RuleColumns(groups: 2, teammateShare: 0.6))
        let p = TeamProblem(cohort: c)
        #expect(p.rules.hasWishes)
        let label = "\(shape) rules \(rules)"
        let f = try TeamFormation.solve(c, solver: GLPKSolver())
        let found = f.teams.reduce(0) { $0 + TeamBounds.slotQuality(p, members: $1.members, project: $1.project) }
        #expect(f.quality.bound >= f.quality.objective)
        if let slot = f.quality.details.first(where: { $0.name == "slot_bound" })?.value, slot >= 0 {
            #expect(slot >= found, "\(label): reported slot \(slot) < answer's \(found)")
        }
        let placeable = TeamPlaceability(p).placeable
        let bound = TeamLagrangianBound(p: p, placeable: placeable, closed: [])
        guard !bound.members.isEmpty else { return }
        let generated = try #require(try bound.slotBound(start: [:], incumbent: [], target: Double(found), solver: GLPKSolver()).bound)
        #expect(generated >= found, "\(label): slot bound \(generated) < answer's \(found)")
        let stepped = bound.bound(start: [:], target: Double(found) / 2, iterations: 40)
        #expect(stepped >= found, "\(label): subgradient \(stepped) < answer's \(found)")
        var rng = SeededRandom(seed: seed &+ 11)
        let arcs = bound.wishArcs.count
        for round in 0..<6 {
            let prices = bound.members.map { _ in round == 0 ? 0 : Double(rng.nextInt(below: 40)) / 4 }
            var split = bound.initialSplit()
            for e in split.nu.indices { split.nu[e] = Float(rng.nextInt(below: 5)) / 4 }
            let value = TeamLagrangianBound.floored(bound.evaluate(prices, split: split).bound)
            #expect(value >= found, "\(label): bound \(value) at random prices and ν < answer's \(found) (\(arcs) wishes)")
        }
    }

    /// Tighter: on a generated roster where 60% of the members name teammates, pricing each wish
    /// inside the teams gives a smaller bound than the slot bound without wishes plus every wish
    /// whose two members could share a team (what the phase reported before), and still at least
    /// the phase's answer.
    @Test(arguments: [false, true])
    func wishesInsideTheSlotBoundTightenIt(rules: Bool) throws {
        let c = try generatedCohort(members: 120, seed: 3, overrides: rules ? Self.everyRule : [], ruleColumns: RuleColumns(groups: 2, teammateShare: 0.6))
        let p = TeamProblem(cohort: c)
        let placeable = TeamPlaceability(p).placeable
        let f = try TeamFormation.solve(c, solver: GLPKSolver())
        let found = f.teams.reduce(0) { $0 + TeamBounds.slotQuality(p, members: $1.members, project: $1.project) }
        let inside = try #require(try TeamLagrangianBound(p: p, placeable: placeable, closed: [])
            .slotBound(start: [:], incumbent: [], target: Double(found), solver: GLPKSolver()).bound)
        let apart = try #require(try TeamLagrangianBound(p: p, placeable: placeable, closed: [], wishes: false)
            .slotBound(start: [:], incumbent: [], target: Double(found), solver: GLPKSolver()).bound) + TeamRuleBound.wishBound(p, placeable: placeable)
        #expect(inside >= found)
        #expect(inside < apart, "rules \(rules): wishes inside \(inside), apart \(apart), answer \(found)")
    }

    /// Column generation with the wishes as rows (`wishColumnGeneration`): it converges, stays at
    /// least the answer's quality, and ends at or below the plain slot bound plus every wish that
    /// could be honoured — its dual is the slot bound at the best credits, and the plain prices with
    /// every wish split in half are one such point. Where no class of a kind holds both members of a
    /// wish, the kind credits it to neither (`wishTogether`).
    @Test(arguments: [false, true])
    func wishRowsConvergeBelowThePlainBoundAndWishes(rules: Bool) throws {
        let c = try generatedCohort(members: 120, seed: 3, overrides: rules ? Self.everyRule : [], ruleColumns: RuleColumns(groups: 2, teammateShare: 0.6))
        let p = TeamProblem(cohort: c)
        let placeable = TeamPlaceability(p).placeable
        let f = try TeamFormation.solve(c, solver: GLPKSolver())
        let found = f.teams.reduce(0) { $0 + TeamBounds.slotQuality(p, members: $1.members, project: $1.project) }
        let bound = TeamLagrangianBound(p: p, placeable: placeable, closed: [])
        let plain = bound.withoutWishes
        let first = try plain.plainSlotBound(start: [:], incumbent: [], target: Double(found), solver: GLPKSolver(), rounds: 200,
                                             iterations: nil, threads: 2, deadline: nil, clock: Stopwatch())
        let plainBound = try #require(first.bound)
        #expect(first.converged)
        let rows = try bound.wishColumnGeneration(incumbent: [], columns: first.columns, start: [Double](repeating: 0, count: bound.members.count),
                                                  split: bound.uniformSplit(), solver: GLPKSolver(), rounds: 200)
        #expect(rows.converged, "rules \(rules): not converged in \(rows.rounds) rounds")
        let value = TeamLagrangianBound.floored(rows.bound)
        #expect(value >= found, "rules \(rules): wish rows \(value) < answer's \(found)")
        #expect(value <= plainBound + bound.wishesApart, "rules \(rules): wish rows \(value) > plain \(plainBound) + wishes \(bound.wishesApart)")
        // Re-evaluated at the prices and split it returns, the bound is the same number.
        #expect(abs(bound.evaluate(rows.prices, split: rows.split).bound - rows.bound) < 1e-6)
        #expect(bound.wishTogether.contains(true))
    }
}
