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
    /// dynamic programmes run class by class (above 0, the only values `evaluate` counts), under
    /// random prices — high ones too, where the union's best team often spans two classes.
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
                // Only a value above 0 counts (`evaluate`): below it `bests` may stop early.
                let each = max(0, kind.classes.compactMap { bound.bestTeam(kind, candidates: $0, prices: prices)?.value }.max() ?? 0)
                let best = max(0, bound.bests(kind, prices: prices, scratch: &scratch).compactMap { $0?.value }.max() ?? 0)
                #expect(abs(best - each) < 1e-9, "project \(kind.project!): \(best) vs class by class \(each)")
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

extension TeamLagrangianBoundTests {
    /// Under team_group = "same" a team has one group: p1's three first choices are two of group A
    /// and one of B, so its best team takes A's third member, who did not choose it. The slot
    /// bound sees this (its classes are split by group): it equals the optimum, found by
    /// enumeration, where a bound blind to groups counts all three choices.
    @Test func slotBoundKeepsATeamInOneGroup() throws {
        let members = """
            id,stage,availability,project_choices,group
            a1,1,Mon 18:00-20:00,p1,A
            a2,3,Mon 18:00-20:00,p1,A
            a3,2,Mon 18:00-20:00,,A
            b1,4,Mon 18:00-20:00,p1,B
            """
        let projects = """
            id,needs,min_size,max_size,members
            p1,,3,3,
            """
        let policy = "team_min = 3\nteam_max = 3\nteam_group = \"same\"\n"
        let grouped = try teamRoster(members, projects: projects, policy: policy)
        let blind = try teamRoster(members, projects: projects, policy: "team_min = 3\nteam_max = 3\n")
        for (c, label) in [(grouped, "grouped"), (blind, "blind")] {
            let p = TeamProblem(cohort: c)
            let bound = TeamLagrangianBound(p: p, placeable: p.isEligible, closed: [])
            let best = teamsByEnumeration(c).slot
            let slot = try bound.slotBound(start: [:], incumbent: [], target: 0, solver: GLPKSolver()).bound
            #expect(slot == best, "\(label): slot \(String(describing: slot)), optimum \(best)")
        }
        #expect(teamsByEnumeration(grouped).slot < teamsByEnumeration(blind).slot)
    }

    /// With team_ideal the dynamic programme counts the ideal-size term of the team it builds:
    /// its best team is exactly the best by enumeration of what the slot bound counts
    /// (`TeamBounds.slotQuality`), for project kinds and the free kind, under random prices.
    @Test func bestTeamCountsTheIdealSizeExactly() throws {
        var roster = RosterGenerator(memberCount: 120, seed: 5).generate()
        roster.policyTOML += "\nteam_ideal = 4\n"
        let writer = CSVWriter(neutralizesFormulas: false)
        let c = try teamRoster(writer.write(header: roster.members.header, rows: roster.members.rows),
                               projects: writer.write(header: roster.projects.header, rows: roster.projects.rows), policy: roster.policyTOML)
        let p = TeamProblem(cohort: c)
        #expect(p.rules.ideal == 4)
        let bound = TeamLagrangianBound(p: p, placeable: p.isEligible, closed: [])
        var rng = SeededRandom(seed: 17)
        var checked = 0
        for kind in bound.projectKinds.prefix(8) + [bound.freeKind!] {
            let candidates = Array(kind.classes[0].prefix(11))
            let prices = bound.members.map { _ in Double(rng.nextInt(below: 25)) / 2 }
            let fixed = kind.project.map { j in c.projects[j].members.filter { p.isEligible[$0] } } ?? []
            var best: Double?
            for code in 0..<(1 << candidates.count) {
                let chosen = candidates.indices.filter { code & (1 << $0) != 0 }
                let team = fixed + chosen.map { bound.members[Int(candidates[$0])] }
                guard (kind.lo...kind.hi).contains(team.count),
                      Set(team.map(p.stage)).count >= p.distinctStages, team.contains(where: p.isSenior) else { continue }
                let value = Double(TeamBounds.slotQuality(p, members: team, project: kind.project))
                    - chosen.reduce(0.0) { $0 + prices[Int(candidates[$1])] }
                best = max(best ?? value, value)
            }
            #expect(bound.bestTeam(kind, candidates: candidates, prices: prices)?.value == best)
            checked += 1
        }
        #expect(checked >= 5)
    }
}

extension TeamLagrangianBoundTests {
    /// Above `exactClassesLimit` model members, the kinds with the fewest class entries keep their
    /// exact slot classes (up to `exactClassEntries` entries in all) instead of their union: on a
    /// large-projects roster of 7,000 (few projects, few classes each) some do, and every class of
    /// a kind lies inside its union (so every team of the kind is in one, and the bound stays valid).
    @Test(.tags(.slow), .inSlowSuite)
    func largeRostersKeepTheExactClassesTheyCanAfford() throws {
        var parameters = RosterGenerator.Parameters(memberCount: 7_000, seed: 1)
        parameters.shape = .largeProjects
        let c = try generatedCohort(parameters)
        let p = TeamProblem(cohort: c)
        let bound = TeamLagrangianBound(p: p, placeable: TeamPlaceability(p).placeable, closed: [])
        #expect(bound.members.count > TeamLagrangianBound.exactClassesLimit)
        let exact = bound.projectKinds.filter { $0.classes.count > 1 }
        #expect(!exact.isEmpty)
        var entries = 0
        for kind in exact {
            let union = Set(kind.union)
            for cls in kind.classes { #expect(cls.allSatisfy(union.contains)); entries += cls.count }
        }
        #expect(entries <= TeamLagrangianBound.exactClassEntries)
    }
}

extension TeamLagrangianBoundTests {
    /// The subgradient's steps stop at `workBudget` (`DPScratch.work`, a count): the work is the
    /// same on one thread and on two (so is every bound), and a budget of a third of an unbudgeted
    /// run's work stops it earlier, with a bound no smaller (the same steps, fewer of them).
    @Test func subgradientStopsAtItsWorkBudget() throws {
        let c = try generatedCohort(RosterGenerator.Parameters(memberCount: 300, seed: 2))
        let p = TeamProblem(cohort: c)
        let bound = TeamLagrangianBound(p: p, placeable: TeamPlaceability(p).placeable, closed: [])
        let start = [Double](repeating: 1, count: bound.members.count)
        let one = bound.subgradient(from: start, target: 0, iterations: 12, threads: 1)
        let two = bound.subgradient(from: start, target: 0, iterations: 12, threads: 2)
        #expect(one.steps == 12 && one.work > 0)
        #expect(one.work == two.work && one.best == two.best && one.steps == two.steps)
        let capped = bound.subgradient(from: start, target: 0, iterations: 12, threads: 2, workBudget: one.work / 3)
        #expect(capped.steps < one.steps && capped.steps >= 1)
        #expect(capped.work >= one.work / 3 && capped.work < one.work)
        #expect(capped.best >= one.best)
    }
}
