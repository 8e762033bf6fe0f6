import CohortSolver
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

/// What a stored row leaves out (`BuddyCandidates.Row.leftOut`, docs/mentoring.md
/// §3.3): per person and tier, the highest quality a candidate left out of the
/// row can have. Pricing and cover rounds trust it to skip partners (a tier
/// with nothing left out, partners a pair there could not price out with), so
/// a cap below a real left-out pair would hide that pair from the proof.
@Suite("Left-out caps of the stored rows")
struct LeftOutCapTests {
    /// Every left-out pair of the full graph `all` (not in `stored`) is at or below
    /// its person's cap at its tier (quality 10·tier + 0…8 without the bonus, never
    /// preferred: preferred mentors are always stored); a person has a cap
    /// exactly when their row was cut. Returns how many (person, tier) had
    /// nothing left out or a cap below the tier's, among the cut rows.
    static func expectCapsBound(all: PairingGraph, stored: PairingGraph, truncated: [Bool], pricing: CandidatePricing<some TieredPartnerIndex>,
                                bonus: [Int32]? = nil) -> Int {
        #expect(all.people == stored.people && all.partners == stored.partners)
        var tighter = 0
        for k in all.people.indices {
            let kept = Set(stored.pairs(of: k).map { stored.partner[$0] })
            for e in all.pairs(of: k) where !kept.contains(all.partner[e]) {
                let raw = Int64(all.quality[e] - (bonus?[Int(all.partner[e])] ?? 0))
                let tier = Int(raw / 10)
                #expect(raw <= pricing.leftOutCap(k, tier: tier), "person \(k): a left-out pair of quality \(raw) at tier \(tier) above the cap")
            }
            let capped = (0...3).contains { pricing.leftOutCap(k, tier: $0) >= 0 }
            #expect(capped == truncated[k], "person \(k): cut \(truncated[k]), caps \(capped)")
            if truncated[k] {
                tighter += (pricing.index.minimumTier...3).count { pricing.leftOutCap(k, tier: $0) < Int64(pricing.index.tierCap($0)) }
            }
        }
        return tighter
    }

    @Test("mentor pairs", arguments: [(UInt64(3), 1), (5, 2), (7, 8)])
    func mentorCaps(seed: UInt64, limit: Int) throws {
        let cohort = try generatedCohort(members: 1_000, seed: seed)
        let stored = MentorCandidates(cohort: cohort, threads: 2, limit: limit)
        let all = MentorCandidates(cohort: cohort, threads: 1).graph
        let pricing = try #require(stored.pricing)
        #expect(Self.expectCapsBound(all: all, stored: stored.graph, truncated: stored.truncated, pricing: pricing) > 0)
    }

    @Test("buddies", arguments: [(UInt64(3), 1), (9, 4)])
    func buddyCaps(seed: UInt64, limit: Int) throws {
        let cohort = try generatedCohort(members: 1_000, seed: seed)
        let stored = BuddyCandidates(cohort: cohort, limit: limit)
        let all = BuddyCandidates(cohort: cohort, limit: nil).graph
        let pricing = try #require(stored.pricing)
        #expect(Self.expectCapsBound(all: all, stored: stored.graph, truncated: stored.truncated, pricing: pricing) > 0)
    }

    @Test("backups (the free-place bonus apart)", arguments: [(UInt64(3), 1), (5, 3)])
    func backupCaps(seed: UInt64, limit: Int) throws {
        let cohort = try generatedCohort(members: 1_000, seed: seed)
        let matching = try MentorMatching.solve(MentorCandidates(cohort: cohort), cohort: cohort, solver: GLPKSolver())
        let stored = BackupCandidates(matching: matching, cohort: cohort, limit: limit)
        let all = BackupCandidates(matching: matching, cohort: cohort, limit: nil).graph
        let pricing = try #require(stored.pricing)
        #expect(Self.expectCapsBound(all: all, stored: stored.graph, truncated: stored.truncated, pricing: pricing, bonus: pricing.bonus) > 0)
    }

    /// With the caps, pricing still finds exactly the left-out pairs that price
    /// out (brute force over the full graph), for buddies and backups too.
    @Test("buddies' and backups' pricing against every left-out pair", arguments: [UInt64(3), 6])
    func pricingMatchesBruteForce(seed: UInt64) throws {
        let cohort = try generatedCohort(members: 1_000, seed: seed)
        let matching = try MentorMatching.solve(MentorCandidates(cohort: cohort), cohort: cohort, solver: GLPKSolver())
        let buddies = BuddyCandidates(cohort: cohort, limit: 2)
        let backups = BackupCandidates(matching: matching, cohort: cohort, limit: 2)
        try Self.roundsMatchBruteForce(stored: buddies.graph, all: BuddyCandidates(cohort: cohort, limit: nil).graph,
                                       pricing: try #require(buddies.pricing), seed: seed)
        try Self.roundsMatchBruteForce(stored: backups.graph, all: BackupCandidates(matching: matching, cohort: cohort, limit: nil).graph,
                                       pricing: try #require(backups.pricing), seed: seed)
    }

    static func roundsMatchBruteForce(stored g: PairingGraph, all: PairingGraph, pricing: CandidatePricing<some TieredPartnerIndex>, seed: UInt64) throws {
        var rng = SeededRandom(seed: seed)
        var added = [[Int32]](repeating: [], count: g.people.count)
        var memory: PricingMemory? = nil
        var foundSome = false
        for round in 0..<4 {
            let person = PricingMemoryTests.prices(g.people.count, 10...45, &rng)
            let partner = PricingMemoryTests.prices(g.partners.count, 0...15, &rng)
            let network = InNetwork(graph: g, added: added)
            let expected = PackedScanTests.bruteForce(all: all, inNetwork: network, person: person, partner: partner, perPerson: 2)
            for since in [nil, memory] {
                let got = pricing.priced(personPrice: person, partnerPrice: partner, inNetwork: network, perPerson: 2, threads: 2, since: since)
                #expect(got.pairs == expected.pairs, "round \(round), memory \(since != nil)")
                #expect(got.negativeSum == expected.negative, "round \(round), memory \(since != nil)")
                if since == nil { memory = got.memory }
            }
            foundSome = foundSome || !expected.pairs.isEmpty
            for f in expected.pairs { added[Int(f.person)].append(f.partner) }
        }
        #expect(foundSome)
    }
}
