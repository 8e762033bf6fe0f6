import CohortSolver
import Testing

@testable import CohortCore

/// Tiny random rosters of every generator shape (docs/generator.md), with and without the team
/// rules: every quality bound (simple, LP, slot by column generation, slot by subgradient, the
/// slot bound at any prices and any split of the wishes' credits, the reported bound) is at least the true optimum, found by enumerating
/// every set of teams (`teamsByEnumeration`).
@Suite struct TeamBoundsShapesTests {
    enum Shape: String, CaseIterable, Sendable { case community, manyProjects, noProjects, largeProjects, classOf }

    /// Eight members (seven with three projects, to keep the enumeration small) of `shape`.
    static func roster(_ shape: Shape, seed: UInt64, rules: Bool) throws -> Cohort {
        var rng = SeededRandom(seed: seed &* 31 &+ UInt64(Shape.allCases.firstIndex(of: shape)!))
        let windows = shape == .classOf ? ["Tue 14:00-16:00"]
            : ["Mon 18:00-20:00", "Mon 19:00-21:00", "Tue 10:00-12:00", "Mon 18:00-20:00;Tue 10:00-12:00"]
        let skills = ["ml", "data", "web", "ml;web", ""]
        let projects: [(id: String, needs: String, sizes: String, pitcher: Int?)]
        switch shape {
        case .community: projects = [("p1", "ml;data", "3,4", 1), ("p2", "web;data", ",", 2)]
        case .manyProjects: projects = [("p1", "ml", "3,3", nil), ("p2", "web", "3,4", nil), ("p3", "data", "3,3", nil)]
        case .noProjects: projects = []
        case .largeProjects: projects = [("p1", "ml;web;data", "5,7", 1)]
        case .classOf: projects = [("p1", "data", "3,5", nil), ("p2", "web", "3,5", nil)]
        }
        let n = projects.count == 3 ? 7 : 8
        var header = "id,stage,availability,skills,project_choices,avoid"
        if rules { header += ",group,teammates,balance" }
        var rows = [header]
        for k in 1...n {
            var choices = projects.filter { $0.pitcher != k }.map(\.id)
            for x in stride(from: choices.count - 1, to: 0, by: -1) { choices.swapAt(x, rng.nextInt(below: x + 1)) }
            if shape != .classOf { choices = choices.filter { _ in rng.chance(0.6) } }
            if projects.contains(where: { $0.pitcher == k }) { choices = [] }
            let avoid = k == n && rng.chance(0.4) ? "m\(rng.nextInt(in: 3...(n - 1)))" : ""
            var row = "m\(k),\(rng.nextInt(in: 1...5)),\(windows[rng.nextInt(below: windows.count)]),"
                + "\(skills[rng.nextInt(below: skills.count)]),\(choices.joined(separator: ";")),\(avoid)"
            if rules {
                let wish = rng.chance(0.5) ? "m\(rng.nextInt(in: 1...n))" : ""
                row += ",\(rng.chance(0.7) ? "A" : "B"),\(wish == "m\(k)" ? "" : wish),\(rng.chance(0.4) ? "woman" : "man")"
            }
            rows.append(row)
        }
        let projectsCSV = projects.isEmpty ? nil : (["id,needs,min_size,max_size,members"]
            + projects.map { "\($0.id),\($0.needs),\($0.sizes),\($0.pitcher.map { "m\($0)" } ?? "")" }).joined(separator: "\n")
        var policy = "team_min = 3\nteam_max = 5\n"
        if rules { policy += "team_group = \"same\"\nteam_ideal = 4\nteam_no_isolated = \"woman\"\n" }
        return try teamRoster(rows.joined(separator: "\n"), projects: projectsCSV, policy: policy)
    }

    @Test(arguments: Shape.allCases, [false, true])
    func everyBoundHoldsOnEveryShape(shape: Shape, rules: Bool) throws { try everyBoundHolds(shape: shape, rules: rules, seeds: 1...1) }

    @Test(.tags(.slow), .inSlowSuite, arguments: Shape.allCases, [false, true])
    func everyBoundHoldsOnMoreRostersOfEveryShape(shape: Shape, rules: Bool) throws { try everyBoundHolds(shape: shape, rules: rules, seeds: 2...4) }

    func everyBoundHolds(shape: Shape, rules: Bool, seeds: ClosedRange<UInt64>) throws {
        for seed in seeds {
            let c = try Self.roster(shape, seed: seed, rules: rules)
            let best = teamsByEnumeration(c)
            #expect(best.core > 0, "\(shape) seed \(seed): some team can form")
            let label = "\(shape) seed \(seed) rules \(rules)"
            let p = TeamProblem(cohort: c)
            let placeable = TeamPlaceability(p).placeable
            let f = try TeamFormation.solve(c, solver: GLPKSolver())
            #expect(Int(f.quality.bound) >= best.mostPlaced, "\(label): reported \(f.quality.bound) < \(best.mostPlaced)")
            let simple = try #require(f.quality.details.first { $0.name == "simple_bound" }?.value)
            #expect(simple >= best.core, "\(label): simple \(simple) < core optimum \(best.core)")
            if let slot = f.quality.details.first(where: { $0.name == "slot_bound" })?.value, slot >= 0 {
                #expect(slot >= best.slot, "\(label): slot \(slot) < optimum of its terms \(best.slot)")
            }
            if let lp = try TeamQualityBound.bound(p, placeable: placeable, closed: [], incumbent: [], solver: GLPKSolver()) {
                #expect(lp.bound >= best.core, "\(label): lp \(lp.bound) < core optimum \(best.core)")
            }
            // The slot bound's formula at any prices λ ≥ 0, and after subgradient steps (the path above 800 members).
            let lagrangian = TeamLagrangianBound(p: p, placeable: placeable, closed: [])
            guard !lagrangian.members.isEmpty else { continue }
            var rng = SeededRandom(seed: seed &+ 7)
            for _ in 0..<20 {
                let prices = lagrangian.members.map { _ in Double(rng.nextInt(below: 40)) / 4 }
                let value = TeamLagrangianBound.floored(lagrangian.evaluate(prices).bound)
                #expect(value >= best.slot, "\(label): slot bound \(value) at random prices < optimum of its terms \(best.slot)")
                // Any split ν of the wishes' credits (docs/teams.md §5, "wishes") is as valid.
                var split = lagrangian.initialSplit()
                for e in split.nu.indices { split.nu[e] = Float(rng.nextInt(below: 5)) / 4 }
                let splitValue = TeamLagrangianBound.floored(lagrangian.evaluate(prices, split: split).bound)
                #expect(splitValue >= best.slot, "\(label): slot bound \(splitValue) at random prices and ν < optimum \(best.slot)")
            }
            // From a known quality below, at and above the optimum (the steps aim between it and the best bound so far).
            for target in [Double(best.slot) / 2, Double(best.slot), Double(best.slot) * 2] {
                let stepped = lagrangian.bound(start: [:], target: target, iterations: 40)
                #expect(stepped >= best.slot, "\(label): subgradient from target \(target): \(stepped) < optimum of its terms \(best.slot)")
            }
        }
    }
}
