import PropertyBased
import Testing

@testable import CohortCore

/// A small pairing drawn by the property tests: people, partners with
/// capacities (0 allowed), pairs with qualities; people without pairs and
/// graphs with nobody on one side included.
struct SmallPairing: CustomStringConvertible {
    var people: Int
    var capacity: [Int32]
    var pairs: [(person: Int, partner: Int, quality: Int32)]
    var extraPlaceCost: Int32

    init(people: Int, capacity: [Int], pairs: [(Int, Int, Int)], extraPlaceCost: Int) {
        self.people = people
        self.capacity = capacity.map(Int32.init)
        self.extraPlaceCost = Int32(extraPlaceCost)
        var seen = Set<[Int]>()
        var list: [(Int, Int, Int32)] = []
        if people > 0 && !capacity.isEmpty {
            for (k, j, q) in pairs where seen.insert([k % people, j % capacity.count]).inserted {
                list.append((k % people, j % capacity.count, Int32(q)))
            }
        }
        self.pairs = list.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
    }

    var graph: PairingGraph {
        var offsets = [0], partner: [Int32] = [], quality: [Int32] = []
        for k in 0..<people {
            for p in pairs where p.person == k { partner.append(Int32(p.partner)); quality.append(p.quality) }
            offsets.append(partner.count)
        }
        return PairingGraph(people: (0..<people).map { Int32($0) }, partners: capacity.indices.map { Int32(100 + $0) }, capacity: capacity,
                            offsets: offsets, partner: partner, quality: quality, extraPlaceCost: extraPlaceCost)
    }

    var description: String { "people \(people) capacity \(capacity) extra \(extraPlaceCost) pairs \(pairs.map { "\($0.person)-\($0.partner):\($0.quality)" })" }
}

/// The lexicographic optimum (most people paired, then best Σ quality −
/// extra · Σ places beyond the first) by trying every choice of each person.
func bruteForcePairing(_ s: SmallPairing, without excluded: Set<Int> = []) -> (paired: Int, quality: Int) {
    var options = [[Int]](repeating: [-1], count: s.people)
    for (e, p) in s.pairs.enumerated() where !excluded.contains(e) { options[p.person].append(e) }
    var load = [Int](repeating: 0, count: s.capacity.count)
    var best = (paired: 0, quality: 0)
    func visit(_ k: Int, _ paired: Int, _ quality: Int) {
        if k == s.people {
            var q = quality
            for l in load where l > 1 { q -= Int(s.extraPlaceCost) * (l - 1) }
            if paired > best.paired || (paired == best.paired && q > best.quality) { best = (paired, q) }
            return
        }
        for e in options[k] {
            if e < 0 { visit(k + 1, paired, quality); continue }
            let j = s.pairs[e].partner
            guard load[j] < Int(s.capacity[j]) else { continue }
            load[j] += 1
            visit(k + 1, paired + 1, quality + Int(s.pairs[e].quality))
            load[j] -= 1
        }
    }
    visit(0, 0, 0)
    return best
}

private let smallPairings = zip(
    Gen.int(in: 0...6),
    Gen.int(in: 0...3).array(of: 0...4),
    zip(Gen.int(in: 0...5), Gen.int(in: 0...3), Gen.int(in: 0...60)).array(of: 0...14),
    Gen.int(in: 0...20)
).map { SmallPairing(people: $0.0, capacity: $0.1, pairs: $0.2, extraPlaceCost: $0.3) }

/// A valid starting pairing: people in order take their first partner with room.
func greedyStart(_ g: PairingGraph) -> [Int32] {
    var load = [Int32](repeating: 0, count: g.partners.count)
    return g.people.indices.map { k in
        for e in g.pairs(of: k) where load[Int(g.partner[e])] < g.capacity[Int(g.partner[e])] {
            load[Int(g.partner[e])] += 1
            return g.partner[e]
        }
        return -1
    }
}

@Suite struct PairingFlowTests {
    /// From no pairs and from a greedy pairing: the count equals an
    /// independent maximum flow (Dinic) and the quality the brute-force
    /// optimum; the starting tree is strongly feasible.
    @Test func optimumMatchesMaximumFlowAndBruteForce() async {
        await propertyCheck(count: 500, input: smallPairings) { s in
            let g = s.graph
            let best = bruteForcePairing(s)
            let dinic = maximumFlow(people: s.people, partners: s.capacity.count, capacity: s.capacity.map(Int.init),
                                    pairs: s.pairs.map { ($0.person, $0.partner) })
            #expect(best.paired == dinic, "\(s)")
            for start in [[Int32](repeating: -1, count: s.people), greedyStart(g)] {
                var flow = PairingFlow(g, start: start, qualityCap: 60)
                #expect(flow.engine.strongFeasibilityIssue() == nil, "\(s)")
                #expect(flow.engine.solve() == .optimal, "\(s)")
                let chosen = flow.chosenPairs()
                #expect(chosen.count { $0 >= 0 } == dinic, "\(s)")
                #expect(flow.qualityObjective(chosen) == Int64(best.quality), "\(s) start \(start)")
                // The pairs respect capacities, one partner per person.
                var load = [Int32](repeating: 0, count: s.capacity.count)
                for (k, e) in chosen.enumerated() where e >= 0 {
                    #expect(g.pairs(of: k).contains(e))
                    load[Int(g.partner[e])] += 1
                }
                #expect(zip(load, s.capacity).allSatisfy { $0 <= $1 })
            }
        }
    }

    /// Forbidding pairs after a solve (warm re-solve) gives the optimum of
    /// the graph without them; adding them back gives the first optimum again.
    @Test func forbidAndAddPairsWarm() async {
        await propertyCheck(count: 400, input: smallPairings, Gen.int(in: 0...13).array(of: 0...3)) { s, picks in
            guard !s.pairs.isEmpty else { return }
            let g = s.graph
            var flow = PairingFlow(g, start: greedyStart(g), qualityCap: 60)
            #expect(flow.engine.solve() == .optimal)
            let chosen = flow.chosenPairs()
            // Forbid some chosen pairs first (the interesting case), then others.
            let inUse = chosen.filter { $0 >= 0 }
            let excluded = Set(picks.map { inUse.isEmpty ? $0 % s.pairs.count : inUse[$0 % inUse.count] })
            for e in excluded.sorted() { flow.forbid(e) }
            #expect(flow.engine.solve() == .optimal)
            let after = flow.chosenPairs()
            let best = bruteForcePairing(s, without: excluded)
            #expect(after.count { $0 >= 0 } == best.paired, "\(s) without \(excluded.sorted())")
            #expect(flow.qualityObjective(after) == Int64(best.quality), "\(s) without \(excluded.sorted())")
            #expect(after.allSatisfy { $0 < 0 || !excluded.contains($0) })
            // The same pairs added back as new pairs: the first optimum again.
            for e in excluded.sorted() {
                let k = s.pairs[e].person
                flow.addPair(person: k, partner: s.pairs[e].partner, quality: s.pairs[e].quality)
            }
            #expect(flow.engine.solve() == .optimal)
            let again = flow.chosenPairs()
            #expect(again.count { $0 >= 0 } == chosen.count { $0 >= 0 })
            #expect(flow.qualityObjective(again) == flow.qualityObjective(chosen), "\(s)")
            let merged = flow.mergedGraph()
            #expect(merged.graph.pairCount == g.pairCount + excluded.count)
        }
    }

    /// The cost lower bound from any potentials never exceeds the optimum's
    /// cost; at the optimum it equals it.
    @Test func costBoundIsValid() async {
        await propertyCheck(count: 300, input: smallPairings) { s in
            let g = s.graph
            var flow = PairingFlow(g, start: [Int32](repeating: -1, count: s.people), qualityCap: 60)
            let early = flow.costLowerBound()
            #expect(flow.engine.solve() == .optimal)
            let optimum = flow.engine.totalCost
            #expect(early <= optimum, "\(s)")
            #expect(flow.costLowerBound() == optimum, "\(s)")
        }
    }
}
