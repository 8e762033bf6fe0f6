import Testing

@testable import CohortCore

/// Pricing that remembers the last round (`CandidatePricing.priced(since:)`,
/// docs/mentoring.md §3.3): a person settled last round is looked at only
/// against the partners whose price rose by more than theirs. Over rounds
/// of changing prices, with each round's pairs entering the network, it must
/// find exactly what pricing every person against every partner finds — a
/// skip that drops a pair that should enter fails here.
@Suite("Pricing from the last round")
struct PricingMemoryTests {
    /// Prices in the range where a pair of the generated rosters (quality
    /// 0–38) sometimes prices out and sometimes not.
    static func prices(_ count: Int, _ range: ClosedRange<Int64>, _ rng: inout SeededRandom) -> [Int64] {
        (0..<count).map { _ in Int64.random(in: range, using: &rng) }
    }

    /// Moves some prices by −delta…+delta, the others stay.
    static func nudged(_ prices: [Int64], share: Double, delta: Int64, _ rng: inout SeededRandom) -> [Int64] {
        prices.map { p in Double.random(in: 0..<1, using: &rng) < share ? max(0, p + Int64.random(in: -delta...delta, using: &rng)) : p }
    }

    @Test("the same pairs as pricing everyone, round after round", arguments: [(UInt64(3), 1, 2), (5, 2, 2), (7, 1, 1), (11, 3, 4)])
    func sameAsFullPricing(seed: UInt64, limit: Int, perPerson: Int) throws {
        let cohort = try generatedCohort(members: 1_000, seed: seed)
        let candidates = MentorCandidates(cohort: cohort, threads: 2, limit: limit)
        let pricing = try #require(candidates.pricing)
        let g = candidates.graph
        var rng = SeededRandom(seed: seed)
        var person = Self.prices(g.people.count, 10...45, &rng)
        var partner = Self.prices(g.partners.count, 0...15, &rng)
        var added = [[Int32]](repeating: [], count: g.people.count)
        var memory: PricingMemory? = nil
        var skippedSome = false
        for round in 0..<8 {
            let network = InNetwork(graph: g, added: added)
            let full = pricing.priced(personPrice: person, partnerPrice: partner, inNetwork: network, perPerson: perPerson, threads: 2)
            let remembered = pricing.priced(personPrice: person, partnerPrice: partner, inNetwork: network, perPerson: perPerson, threads: 2,
                                            since: memory)
            let missed = Set(full.pairs).subtracting(remembered.pairs), extra = Set(remembered.pairs).subtracting(full.pairs)
            #expect(missed.isEmpty && extra.isEmpty, "round \(round): \(missed.count) pairs missed, \(extra.count) extra")
            #expect(remembered.pairs == full.pairs, "round \(round): the same order")
            #expect(remembered.negativeSum == full.negativeSum, "round \(round)")
            #expect(remembered.memory.settled == full.memory.settled, "round \(round)")
            if memory != nil && remembered.memory.fullyPriced < full.memory.fullyPriced { skippedSome = true }
            memory = remembered.memory
            for f in full.pairs { added[Int(f.person)].append(f.partner) }
            // Next round: some prices up, some down.
            person = Self.nudged(person, share: 0.2, delta: 6, &rng)
            partner = Self.nudged(partner, share: 0.2, delta: 6, &rng)
        }
        #expect(skippedSome, "the memory never spared a person a full pricing")
    }

    /// A settled person whose price stays and one partner whose price rises
    /// above what makes their pair worth it (−q + P − R < 0): that pair must enter.
    @Test func aPartnerGettingCheaperIsFound() throws {
        let cohort = try generatedCohort(members: 1_000, seed: 3)
        let candidates = MentorCandidates(cohort: cohort, threads: 1, limit: 1)
        let pricing = try #require(candidates.pricing)
        let g = candidates.graph
        let network = InNetwork(graph: g, added: [])
        // People at 60, partners at 0: no pair (quality ≤ 38) prices out.
        let person = [Int64](repeating: 60, count: g.people.count)
        var partner = [Int64](repeating: 0, count: g.partners.count)
        let first = pricing.priced(personPrice: person, partnerPrice: partner, inNetwork: network, perPerson: 2, threads: 1)
        #expect(first.pairs.isEmpty)
        // A person's left-out candidate, whose partner's price rises to 100.
        let all = MentorCandidates(cohort: cohort, threads: 1)
        let k = try #require(g.people.indices.first { candidates.truncated[$0] })
        let stored = Set(g.pairs(of: k).map { g.partner[$0] })
        let e = try #require(all.graph.pairs(of: k).first { !stored.contains(all.graph.partner[$0]) })
        let j = Int(all.graph.partner[e])
        partner[j] = 100
        let next = pricing.priced(personPrice: person, partnerPrice: partner, inNetwork: network, perPerson: 2, threads: 1, since: first.memory)
        #expect(next.pairs.contains { Int($0.person) == k && Int($0.partner) == j })
        #expect(next.memory.fullyPriced == 0, "no person's price fell and everyone was settled")
    }
}

/// Cover rounds that remember the last round (`CandidatePricing.uncovered(since:)`):
/// a person exhausted last round is looked at only against the partners
/// that left Z since. Round after round of Hopcroft–Karp on the growing
/// graph, it must find exactly the pairs the full search finds.
@Suite("Cover rounds from the last round")
struct CoverMemoryTests {
    @Test("the same pairs as the full search, round after round", arguments: [(UInt64(3), 1), (5, 2), (7, 1)])
    func sameAsFullSearch(seed: UInt64, limit: Int) throws {
        let cohort = try generatedCohort(members: 1_000, seed: seed)
        let candidates = MentorCandidates(cohort: cohort, threads: 2, limit: limit)
        let pricing = try #require(candidates.pricing)
        var g = candidates.graph
        var memory: CoverMemory? = nil
        var rounds = 0, skipped = false
        while rounds < 20 {
            let matching = MaximumMatching(g)
            let network = InNetwork(graph: g, added: [])
            let full = pricing.uncovered(personInZ: matching.menteeReachable, partnerInZ: matching.mentorReachable, inNetwork: network,
                                         perPerson: 1, threads: 2, since: nil)
            let remembered = pricing.uncovered(personInZ: matching.menteeReachable, partnerInZ: matching.mentorReachable, inNetwork: network,
                                               perPerson: 1, threads: 2, since: memory)
            #expect(remembered.pairs == full.pairs, "round \(rounds)")
            #expect(remembered.memory.exhausted == full.memory.exhausted, "round \(rounds)")
            if memory != nil && memory!.exhausted.contains(true) { skipped = true }
            memory = remembered.memory
            rounds += 1
            if full.pairs.isEmpty { break }
            g = PairingProblem<CandidatePricing<MentorIndex>>.merged(g, full.pairs)
        }
        #expect(rounds > 1, "a single round: nothing to remember")
        #expect(skipped)
    }
}
