import Testing

@testable import CohortCore

/// The pair scans on packed records (`MeetingIndex.packed`, `commonSlots`)
/// and on listed words (`scan(words:)`), and pricing built on them, against
/// the plain definitions: the rules' own test and count on `WeekSlots`, and
/// every left-out candidate of the full graph priced one by one.
@Suite("Packed pair scans")
struct PackedScanTests {
    @Test("commonSlots is canMeet plus the common availability", arguments: [UInt64(1), 4])
    func commonSlotsMatchesWeekSlots(seed: UInt64) throws {
        let cohort = try generatedCohort(members: 400, seed: seed)
        let partners = (0..<cohort.members.count).filter { $0 % 3 == 0 }.map(Int32.init)
        for length in [1, 2, 4] {
            let meeting = MeetingIndex(partners: partners, cohort: cohort, slots: length)
            var met = 0, apart = 0
            for i in stride(from: 1, to: cohort.members.count, by: 7) {
                let a = cohort.members[i].availability
                let key = MeetingIndex.key(a, length: length)
                for p in partners.indices {
                    let got = meeting.packed.withUnsafeBufferPointer { packed in
                        key.packed.withUnsafeBufferPointer { MeetingIndex.commonSlots(packed.baseAddress! + p * MeetingIndex.stride, $0.baseAddress!) }
                    }
                    let b = cohort.members[Int(partners[p])].availability
                    let meet = a.starts(length: length).intersects(b.starts(length: length))
                    #expect(meet == meeting.canMeet(p, key))
                    #expect(got == (meet ? a.intersectionCount(b) : -1), "member \(i), partner \(p), length \(length)")
                    // Without the coarse test (the scans make it on `coarse`): the same, the mask only rules pairs out early.
                    let exact = meeting.packed.withUnsafeBufferPointer { packed in
                        key.packed.withUnsafeBufferPointer { MeetingIndex.exactCommonSlots(packed.baseAddress! + p * MeetingIndex.stride, $0.baseAddress!) }
                    }
                    #expect(exact == got)
                    if meet { met += 1 } else { apart += 1 }
                }
            }
            #expect(met > 0 && apart > 0, "both outcomes occur")
        }
    }

    @Test("scanning listed words finds what the full scan finds in them")
    func listedWordsAreARestrictedScan() throws {
        let cohort = try generatedCohort(members: 1_000, seed: 2)
        let candidates = MentorCandidates(cohort: cohort, threads: 1, limit: 2)
        let index = try #require(candidates.pricing).index
        #expect(index.wordCount >= 2)
        var scratch = index.makeTierScratch()
        let words = stride(from: index.wordCount - 1, through: 0, by: -2).map(Int32.init)  // every other word, backwards
        var inWords = [UInt64](repeating: 0, count: index.wordCount)
        for w in words { inWords[Int(w)] = ~0 }
        var total = 0
        for i in candidates.graph.people.prefix(120) {
            guard index.prepare(Int(i), excluded: -1, scratch: &scratch) else { continue }
            for tier in index.minimumTier...3 {
                var full: [Int: Int32] = [:], listed: [Int: Int32] = [:]
                index.scan(tier: tier, rotation: 0, restrict: inWords, scratch: &scratch) { full[$0] = $1 }
                index.scan(tier: tier, rotation: 0, restrict: nil, words: words, scratch: &scratch) { listed[$0] = $1 }
                #expect(listed == full, "member \(i), tier \(tier)")
                total += full.count
            }
        }
        #expect(total > 0)
    }

    /// Every left-out candidate (the full graph's pairs not in the network)
    /// with −q + P − R < 0, the `perPerson` most negative per person (ties:
    /// lower partner), and the sum of all negative ones.
    static func bruteForce(all: PairingGraph, inNetwork: InNetwork, person: [Int64], partner: [Int64], perPerson: Int)
        -> (pairs: [FoundPair], negative: Int64)
    {
        var pairs: [FoundPair] = [], negative: Int64 = 0
        for k in all.people.indices {
            var inNet = Set<Int>()
            inNetwork.forEachPartner(of: k) { inNet.insert($0) }
            var found: [(rc: Int64, pair: FoundPair)] = []
            for e in all.pairs(of: k) where !inNet.contains(Int(all.partner[e])) {
                let j = Int(all.partner[e])
                let rc = -Int64(all.quality[e]) + person[k] - partner[j]
                if rc < 0 { negative += rc; found.append((rc, FoundPair(person: Int32(k), partner: Int32(j), quality: all.quality[e]))) }
            }
            found.sort { $0.rc < $1.rc || ($0.rc == $1.rc && $0.pair.partner < $1.pair.partner) }
            pairs += found.prefix(perPerson).map(\.pair)
        }
        pairs.sort { ($0.person, $0.partner) < ($1.person, $1.partner) }
        return (pairs, negative)
    }

    @Test("pricing finds exactly the left-out pairs that price out", arguments: [(UInt64(3), 1, 2), (6, 2, 1), (9, 1, 3)])
    func pricingMatchesBruteForce(seed: UInt64, limit: Int, perPerson: Int) throws {
        let cohort = try generatedCohort(members: 1_000, seed: seed)
        let stored = MentorCandidates(cohort: cohort, threads: 2, limit: limit)
        let all = MentorCandidates(cohort: cohort, threads: 1).graph
        let pricing = try #require(stored.pricing)
        let g = stored.graph
        #expect(all.people == g.people && all.partners == g.partners)
        var rng = SeededRandom(seed: seed)
        var added = [[Int32]](repeating: [], count: g.people.count)
        var memory: PricingMemory? = nil
        var foundSome = false
        for round in 0..<5 {
            let person = PricingMemoryTests.prices(g.people.count, 10...45, &rng)
            let partner = PricingMemoryTests.prices(g.partners.count, 0...15, &rng)
            let network = InNetwork(graph: g, added: added)
            let expected = Self.bruteForce(all: all, inNetwork: network, person: person, partner: partner, perPerson: perPerson)
            for since in [nil, memory] {
                let got = pricing.priced(personPrice: person, partnerPrice: partner, inNetwork: network, perPerson: perPerson, threads: 2, since: since)
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
