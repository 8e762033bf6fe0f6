import CohortSolver
import Testing

@testable import CohortCore

/// The walks in price order of `TeamLagrangianBound.bestTeam` (docs/teams.md §5, "Walks in price
/// order") against the scan of every candidate they replace, on rosters large enough to take them.
@Suite struct TeamPriceOrderTests {
    /// A class (every member free at the class window: one class of every member per project), a
    /// community roster (classes by standup start: mostly scanned), and the class in two groups under
    /// team_group = "same" (classes split by group: bit masks).
    static func rosters() throws -> [(label: String, bound: TeamLagrangianBound)] {
        var out: [(String, TeamLagrangianBound)] = []
        var classroom = RosterGenerator.Parameters(memberCount: 1_200, seed: 2)
        classroom.shape = .classroom
        let community = RosterGenerator.Parameters(memberCount: 2_000, seed: 3)  // about 1,100 model members
        let grouped = [PolicyReader.Override(key: "team_group", value: "same"), .init(key: "team_ideal", value: "4")]
        for (label, c) in [("class", try generatedCohort(classroom)), ("community", try generatedCohort(community)),
                           ("groups", try generatedCohort(classroom, overrides: grouped, ruleColumns: RuleColumns(groups: 2, teammateShare: 0)))] {
            let p = TeamProblem(cohort: c)
            out.append((label, TeamLagrangianBound(p: p, placeable: TeamPlaceability(p).placeable, closed: [])))
        }
        return out
    }

    /// Every kind's best team of value above 0 (the only ones `evaluate` counts) is the same, value
    /// and members, whether its types are filled by a scan or by the walks (which skip, with a floor,
    /// what cannot beat the best so far) — at prices with many ties (all 0; halves 0…3) and without;
    /// every team the walks return is the scan's; a class whose best is not above 0 gets none above 0.
    @Test func walksFindTheScansBestTeams() throws {
        var rng = SeededRandom(seed: 41)
        for (label, bound) in try Self.rosters() {
            #expect(bound.members.count >= TeamLagrangianBound.walkLimit)
            let walked = bound.kinds.reduce(0) { $0 + $1.classLookup.count { !TeamLagrangianBound.isScan($0) } }
            #expect(label == "community" || walked > 0, "\(label): no class walked")
            let m = bound.members.count
            let pricings: [[Double]] = [[Double](repeating: 0, count: m),
                                        (0..<m).map { _ in Double(rng.nextInt(below: 7)) / 2 },
                                        (0..<m).map { _ in Double(rng.nextInt(below: 12_000)) / 1_000 }]
            var scratch = TeamLagrangianBound.DPScratch()
            var compared = 0
            for prices in pricings {
                let order = bound.priceOrder(prices)
                for kind in bound.kinds {
                    let scan = bound.bests(kind, prices: prices, scratch: &scratch)
                    let walk = bound.bests(kind, prices: prices, scratch: &scratch, order: order)
                    // A project's class whose team cannot beat one found before gets none with the walks
                    // (`bestTeam`'s floor): what must agree is the kind's best team (the first of the
                    // largest value, as `evaluate` takes it), and every team the walks do return.
                    func first(_ list: [(value: Double, members: [Int32])?]) -> (value: Double, members: [Int32])? {
                        var best: (value: Double, members: [Int32])?
                        for t in list { if let t, t.value > 0, best == nil || t.value > best!.value { best = t } }
                        return best
                    }
                    if kind.project != nil {
                        let a = first(scan), b = first(walk)
                        #expect(a?.value == b?.value && a?.members == b?.members, "\(label) project \(kind.project!)")
                    }
                    for (a, b) in zip(scan, walk) {
                        if let a, a.value > 0 {
                            #expect(b == nil || (b!.value == a.value && b!.members == a.members), "\(label) project \(String(describing: kind.project))")
                            #expect(kind.project != nil || b != nil, "\(label): a free team above 0 missed")
                            compared += 1
                        } else {
                            #expect(b == nil || b!.value <= 0)
                        }
                    }
                }
            }
            #expect(compared > 20, "\(label): \(compared) teams compared")
        }
    }

    /// The skipping in `bestTeam` changes no team (docs/teams.md §5, "Skipping what cannot count"):
    /// with the teams of another evaluation as hints (the subgradient's last step), and with the
    /// floor and hints on the scan, every kind gets the same teams, value and members, as the walks
    /// without hints — at prices with many ties and without, and for hints from prices far apart.
    @Test func hintsAndFloorsChangeNoTeam() throws {
        var rng = SeededRandom(seed: 43)
        for (label, bound) in try Self.rosters() {
            let m = bound.members.count
            let pricings: [[Double]] = [[Double](repeating: 0, count: m),
                                        (0..<m).map { _ in Double(rng.nextInt(below: 7)) / 2 },
                                        (0..<m).map { _ in Double(rng.nextInt(below: 12_000)) / 1_000 }]
            var scratch = TeamLagrangianBound.DPScratch()
            var compared = 0
            for (i, prices) in pricings.enumerated() {
                let order = bound.priceOrder(prices)
                let before = pricings[(i + 1) % pricings.count]
                let beforeOrder = bound.priceOrder(before)
                for kind in bound.kinds {
                    let plain = bound.bests(kind, prices: prices, scratch: &scratch, order: order)
                    let hints = bound.bests(kind, prices: before, scratch: &scratch, order: beforeOrder)
                    let hinted = bound.bests(kind, prices: prices, scratch: &scratch, order: order, hints: hints)
                    let scanned = bound.bests(kind, prices: prices, scratch: &scratch, positiveOnly: true, hints: hints)
                    for (a, (b, c)) in zip(plain, zip(hinted, scanned)) {
                        #expect(a?.value == b?.value && a?.members == b?.members, "\(label) project \(String(describing: kind.project)): hints")
                        #expect(a?.value == c?.value && a?.members == c?.members, "\(label) project \(String(describing: kind.project)): scan")
                        if a != nil { compared += 1 }
                    }
                }
            }
            #expect(compared > 20, "\(label): \(compared) teams compared")
        }
    }

    /// The slot bound with the walks is at least the quality of a valid answer (construction's teams,
    /// as the slot bound counts it), the same on a second run, and still a bound when a deadline
    /// cuts it after its first evaluations (or none: then no bound).
    @Test(.tags(.slow), .inSlowSuite) func slotBoundWithWalksHoldsAndRepeats() throws {
        for (label, bound) in try Self.rosters() {
            let p = bound.p
            let teams = TeamConstruction.build(p, placeable: TeamPlaceability(p).placeable).teams
            let quality = teams.reduce(0) { $0 + TeamBounds.slotQuality(p, members: $1.members, project: $1.project) }
            let incumbent = teams.map { ($0.project, $0.members) }
            let first = try bound.slotBound(start: [:], incumbent: incumbent, target: Double(quality), solver: GLPKSolver())
            let second = try bound.slotBound(start: [:], incumbent: incumbent, target: Double(quality), solver: GLPKSolver())
            let slot = try #require(first.bound)
            #expect(slot >= quality, "\(label): bound \(slot) below a valid answer's \(quality)")
            #expect(first.bound == second.bound && first.steps == second.steps)
            // Cut short: a deadline already passed leaves no bound, never a wrong one.
            let cut = try bound.slotBound(start: [:], incumbent: incumbent, target: Double(quality), solver: GLPKSolver(),
                                          deadline: 0, clock: Stopwatch())
            #expect(cut.bound == nil || cut.bound! >= quality)
        }
    }

    /// With `teammates` wishes each kind values its credited members above their price; the walks
    /// read those members one by one (`extra`) and skip them in price order, so every kind's best
    /// team above 0 is still the scan's — at prices with ties and without, at random splits ν.
    @Test func walksWithWishCreditsFindTheScansBestTeams() throws {
        var classroom = RosterGenerator.Parameters(memberCount: 1_200, seed: 4)
        classroom.shape = .classroom
        let grouped = [PolicyReader.Override(key: "team_group", value: "same"), .init(key: "team_ideal", value: "4")]
        let c = try generatedCohort(classroom, overrides: grouped, ruleColumns: RuleColumns(groups: 2, teammateShare: 0.6))
        let p = TeamProblem(cohort: c)
        let bound = TeamLagrangianBound(p: p, placeable: TeamPlaceability(p).placeable, closed: [])
        #expect(bound.members.count >= TeamLagrangianBound.walkLimit)
        #expect(bound.wishArcs.count > 100, "\(bound.wishArcs.count) wishes")
        var rng = SeededRandom(seed: 47)
        let m = bound.members.count
        var scratch = TeamLagrangianBound.DPScratch()
        var compared = 0, credited = 0
        for prices in [[Double](repeating: 0, count: m), (0..<m).map { _ in Double(rng.nextInt(below: 7)) / 2 },
                       (0..<m).map { _ in Double(rng.nextInt(below: 12_000)) / 1_000 }] {
            var split = bound.uniformSplit()
            for e in split.nu.indices { split.nu[e] = Float(rng.nextInt(below: 5)) / 4 }
            let order = bound.priceOrder(prices)
            for (q, kind) in bound.kinds.enumerated() {
                var adjusted = prices
                let touched = bound.credit(kind: q, split: split, into: &adjusted)
                let scan = bound.bests(kind, prices: adjusted, scratch: &scratch, positiveOnly: true)
                let walk = bound.bests(kind, prices: adjusted, scratch: &scratch, order: order, extra: touched)
                if kind.project != nil {
                    func first(_ list: [(value: Double, members: [Int32])?]) -> (value: Double, members: [Int32])? {
                        var best: (value: Double, members: [Int32])?
                        for t in list { if let t, t.value > 0, best == nil || t.value > best!.value { best = t } }
                        return best
                    }
                    let a = first(scan), b = first(walk)
                    #expect(a?.value == b?.value && a?.members == b?.members, "project \(kind.project!)")
                    if let a, a.members.contains(where: { touched.contains($0) }) { credited += 1 }
                } else {
                    for (a, b) in zip(scan, walk) {
                        #expect(a?.value == b?.value && a?.members == b?.members, "free class")
                    }
                }
                compared += 1
            }
        }
        #expect(compared > 20 && credited > 5, "\(compared) kinds compared, \(credited) best teams with credited members")
    }
}
