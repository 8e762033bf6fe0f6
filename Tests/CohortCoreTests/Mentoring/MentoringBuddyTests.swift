import CohortSolver
import Testing

@testable import CohortCore

/// The naive buddy graph: every trial member × every active member by `BuddyRules.violation`.
struct NaiveBuddyGraph {
    var newcomers: [Int] = []
    var buddies: [Int] = []
    var pairs: [(person: Int, partner: Int, quality: Int)] = []

    init(_ cohort: Cohort) {
        let rules = BuddyRules(policy: cohort.policy)
        let members = cohort.members
        newcomers = members.indices.filter { members[$0].status == .trial }
        buddies = cohort.policy.maxBuddies == 0 ? [] : members.indices.filter { members[$0].status == .active }
        let (newcomers, buddies) = (self.newcomers, self.buddies)
        pairs = allPairs(people: newcomers.count) { k in
            let i = newcomers[k]
            var row: [(Int, Int)] = []
            for (p, j) in buddies.enumerated() where rules.violation(newcomer: i, buddy: j, in: cohort) == nil {
                let a = members[i], b = members[j]
                let shared = a.interests.tags.filter { b.skills.tags.contains($0) || b.interests.tags.contains($0) }.count
                let common = a.availability.slots.filter { b.availability.contains($0) }.count
                row.append((p, 10 * min(shared, 3) + min(common / 4, 8)))
            }
            return row
        }
    }

    var expected: [[Int: Int]] {
        var e = [[Int: Int]](repeating: [:], count: newcomers.count)
        for p in pairs { e[p.person][buddies[p.partner]] = p.quality }
        return e
    }

    func maximumFlow(maxBuddies: Int) -> Int {
        CohortCoreTests.maximumFlow(people: newcomers.count, partners: buddies.count,
                                    capacity: [Int](repeating: maxBuddies, count: buddies.count), pairs: pairs.map { ($0.person, $0.partner) })
    }
}

/// Buddies (SPEC §3.3) on generated rosters.
@Suite struct MentoringBuddyTests {
    static let rosters: [(members: Int, seed: UInt64)] = [(200, 1)]
    static let largeRosters: [(members: Int, seed: UInt64)] = [(1_000, 3), (2_000, 5)]


    /// `candidateGraphs` on the large rosters (slow suite).
    @Test(.tags(.slow), .inSlowSuite, arguments: largeRosters)
    func candidateGraphsLarge(members: Int, seed: UInt64) throws { try candidateGraphs(members: members, seed: seed) }

    /// `buddiesAreMaximumAndObeyRules` on the large rosters (slow suite).
    @Test(.tags(.slow), .inSlowSuite, arguments: [(1_000, 3, nil), (1_000, 3, 1), (2_000, 5, 32), (2_000, 5, 2)] as [(Int, UInt64, Int?)])
    func buddiesAreMaximumAndObeyRulesLarge(members: Int, seed: UInt64, limit: Int?) throws { try buddiesAreMaximumAndObeyRules(members: members, seed: seed, limit: limit) }

    /// The full candidate graph equals the naive one; a stored graph keeps,
    /// per newcomer, the best candidates (never a worse one than any left out).
    @Test(arguments: rosters)
    func candidateGraphs(members: Int, seed: UInt64) throws {
        let cohort = try NaiveCache.shared.cohort(members, seed)
        let naive = NaiveBuddyGraph(cohort)
        let expected = naive.expected
        let full = BuddyCandidates(cohort: cohort, limit: nil)
        #expect(full.graph.people.map(Int.init) == naive.newcomers)
        #expect(full.graph.partners.map(Int.init) == naive.buddies)
        #expect(pairSets(full.graph) == expected)
        #expect(!full.truncated.contains(true))
        for limit in [1, 5] {
            let cut = BuddyCandidates(cohort: cohort, limit: limit)
            expectBestKept(cut.graph, truncated: cut.truncated, expected: expected, limit: limit)
        }
    }

    /// As many newcomers get a buddy as an independent max flow allows (also
    /// with tiny candidate limits, which exercise the cover pricing), and every
    /// pair obeys the rules.
    @Test(arguments: [(200, UInt64(1), nil), (200, 1, 1)] as [(Int, UInt64, Int?)])
    func buddiesAreMaximumAndObeyRules(members: Int, seed: UInt64, limit: Int?) throws {
        try checkBuddies(cohort: try NaiveCache.shared.cohort(members, seed), limit: limit)
    }

    /// Scarce buddies: a larger stage gap and a long window.
    @Test(arguments: [1, 3] as [Int])
    func scarceBuddies(limit: Int) throws {
        let cohort = try generatedCohort(members: 1_000, seed: 9, overrides: [
            .init(key: "buddy_stage_gap", value: "3"), .init(key: "buddy_minutes", value: "90"), .init(key: "max_buddies", value: "2"),
        ])
        try checkBuddies(cohort: cohort, limit: limit)
    }

    @Test(arguments: [(300, UInt64(1)), (250, 2), (250, 4)])
    func buddyQualityIsOptimal(members: Int, seed: UInt64) throws {
        let cohort = try generatedCohort(members: members, seed: seed, overrides: [.init(key: "max_buddies", value: "2")])
        let naive = NaiveBuddyGraph(cohort)
        let full = BuddyCandidates(cohort: cohort, limit: nil)
        guard solverCanRun(full.graph, "buddy") else { return }
        let buddies = try Buddies.solve(cohort: cohort, solver: GLPKSolver())
        let best = try directQualityOptimum(people: naive.newcomers.count, partners: naive.buddies.count,
                                            capacity: [Int](repeating: 2, count: naive.buddies.count), pairs: naive.pairs,
                                            extraPlaceCost: Int(Buddies.extraNewcomerCost))
        #expect(buddies.pairs.count == best.paired)
        #expect(abs(buddies.quality.objective - best.quality) < 1e-6)
        #expect(buddies.quality.status == .optimal)
        #expect(buddies.quality.certifiedBy == "glpk")
        // One stored candidate per newcomer, the rest priced in: the same optimum.
        let cut = try Buddies.solve(cohort: cohort, solver: GLPKSolver(), limit: 1)
        #expect(cut.pairs.count == best.paired)
        #expect(abs(cut.quality.objective - best.quality) < 1e-6)
        #expect(cut.quality.status == .optimal)
    }

    func checkBuddies(cohort: Cohort, limit: Int?) throws {
        let naive = NaiveBuddyGraph(cohort)
        let maxBuddies = cohort.policy.maxBuddies
        guard solverCanRun(BuddyCandidates(cohort: cohort, limit: nil).graph, "buddy") else { return }
        let buddies = try Buddies.solve(cohort: cohort, solver: GLPKSolver(), limit: limit)
        #expect(buddies.pairs.count == naive.maximumFlow(maxBuddies: maxBuddies))
        #expect(buddies.pairs.count + buddies.withoutBuddy.count == naive.newcomers.count)
        let policy = cohort.policy
        let members = cohort.members
        var seen = Set<Int>()
        var load: [Int: Int] = [:]
        for p in buddies.pairs {
            let a = members[p.newcomer], b = members[p.buddy]
            #expect(a.status == .trial)
            #expect(b.status == .active)
            #expect(b.stage.rawValue - a.stage.rawValue >= policy.buddyStageGap)
            #expect(naiveCommonWindow(a.availability, b.availability, length: Week.slotCount(minutes: policy.buddyMinutes)))
            #expect(!a.avoid.contains(p.buddy) && !b.avoid.contains(p.newcomer))
            #expect(seen.insert(p.newcomer).inserted)
            #expect(buddies.buddy(of: p.newcomer) == p.buddy)
            load[p.buddy, default: 0] += 1
        }
        for (_, n) in load { #expect(n <= maxBuddies) }
        // Reasons: "all full" exactly when the newcomer had candidates.
        let expected = naive.expected
        let position = Dictionary(uniqueKeysWithValues: naive.newcomers.enumerated().map { ($1, $0) })
        let reasons = Reasons.buddies(buddies, cohort: cohort)
        #expect(reasons.map(\.member) == buddies.withoutBuddy)
        for r in reasons {
            #expect((r.reason.kind == .allFull) == !expected[position[r.member]!].isEmpty, "\(members[r.member].id): \(r.reason)")
        }
    }
}
