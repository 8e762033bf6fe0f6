/// A pairing (people who need a partner, partners offering places) as one
/// minimum-cost flow, solved by `NetworkSimplex`: the lexicographic objective
/// of docs/mentoring.md §3 — first the most people paired, then the best
/// quality — as a single cost with the cardinality weighted by `weight`.
///
///     hub ──(1, −W)──▶ person k ──(1, −q)──▶ partner j ──(1, 0)────────────▶ hub
///                                                      ╰──(c_j − 1, +extra)──▶ hub
///
/// A circulation through the hub: every unit pairs one person with one
/// partner. W = (quality cap + extra-place cost)·(people + 1) + 1 exceeds any
/// difference in quality between two pairings, so an optimum pairs as many
/// people as possible and, among those, has the best quality. A pair that is
/// forbidden later keeps its arc at cost `forbiddenCost` = 2W, which no cycle
/// can repay, so an optimum never uses it.
///
/// Pairs can be added (pricing) and forbidden (schedulability) between solves;
/// the simplex continues from its tree.
struct PairingFlow: Sendable {
    let graph: PairingGraph
    /// Cardinality weight W.
    let weight: Int64
    let forbiddenCost: Int64
    var engine: NetworkSimplex
    /// Pairs added after the graph: person position, partner position, quality.
    private(set) var added: [(person: Int32, partner: Int32, quality: Int32)] = []
    /// Partner positions added per person.
    private(set) var addedByPerson: [[Int32]] = []
    /// Beside `addedByPerson`: each one's index in `added`.
    private var addedIndexByPerson: [[Int32]] = []
    /// Whether each pair (graph pairs, then added ones) is forbidden.
    private(set) var forbidden: [Bool]
    private(set) var forbiddenCount = 0

    var peopleCount: Int { graph.people.count }
    var partnerCount: Int { graph.partners.count }
    /// Arcs: the graph's pairs (arc e = pair e), people's hub arcs, partners'
    /// first places, partners' extra places, then added pairs.
    var personArc0: Int { graph.pairCount }
    var firstPlaceArc0: Int { graph.pairCount + peopleCount }
    let extraArcOfPartner: [Int32]
    let addedArc0: Int

    static let hub = 0
    func personNode(_ k: Int) -> Int { 1 + k }
    func partnerNode(_ j: Int) -> Int { 1 + peopleCount + j }

    /// The pairing of `graph`, started from `start` (partner position per
    /// person, -1 for none; must respect the capacities). `qualityCap` bounds
    /// the quality of every pair that will ever be added. `previous`: the
    /// engine of an earlier, related pairing (people and partners matched by
    /// member index) whose spanning tree seeds this one's (`warmTree`).
    init(_ graph: PairingGraph, start: [Int32], qualityCap: Int32, previous: PairingFlow? = nil) {
        self.graph = graph
        let p = graph.people.count, m = graph.partners.count
        precondition(start.count == p)
        let cap = Int64(max(qualityCap, graph.quality.max() ?? 0, 0))
        weight = (cap + Int64(graph.extraPlaceCost)) * Int64(p + 1) + 1
        forbiddenCost = 2 * weight
        var net = FlowNetwork(nodeCount: 1 + p + m)
        net.reserveCapacity(arcs: graph.pairCount + p + 2 * m)
        var flow: [Int64] = []
        flow.reserveCapacity(graph.pairCount + p + 2 * m)
        var load = [Int64](repeating: 0, count: m)
        for k in 0..<p {
            var paired = false
            for e in graph.pairs(of: k) {
                let j = Int(graph.partner[e])
                net.addArc(from: 1 + k, to: 1 + p + j, capacity: 1, cost: -Int64(graph.quality[e]))
                let chosen = !paired && start[k] == graph.partner[e]
                flow.append(chosen ? 1 : 0)
                if chosen { load[j] += 1; paired = true }
            }
            precondition(paired || start[k] < 0, "start pairs person \(k) outside the graph")
        }
        for k in 0..<p {
            net.addArc(from: Self.hub, to: 1 + k, capacity: 1, cost: -weight)
            flow.append(start[k] >= 0 ? 1 : 0)
        }
        for j in 0..<m {
            precondition(load[j] <= Int64(graph.capacity[j]), "start over capacity at partner \(j)")
            net.addArc(from: 1 + p + j, to: Self.hub, capacity: min(1, Int64(graph.capacity[j])), cost: 0)
            flow.append(min(1, load[j]))
        }
        var extra = [Int32](repeating: -1, count: m)
        for j in 0..<m where graph.capacity[j] > 1 {
            extra[j] = Int32(net.arcCount)
            net.addArc(from: 1 + p + j, to: Self.hub, capacity: Int64(graph.capacity[j] - 1), cost: Int64(graph.extraPlaceCost))
            flow.append(max(0, load[j] - 1))
        }
        extraArcOfPartner = extra
        addedArc0 = net.arcCount
        forbidden = [Bool](repeating: false, count: graph.pairCount)
        var tree = Self.startingTree(graph, flow: flow, load: load)
        if let previous {
            tree = Self.warmTree(graph, extraArcOfPartner: extra, nodeCount: net.nodeCount, flow: flow, previous: previous, fallback: tree)
        }
        engine = NetworkSimplex(net, flow: flow, treeArcs: tree, costBound: forbiddenCost)
    }

    /// A starting tree from `previous`'s: every arc of its spanning tree that
    /// this network has too (the same person, partner or pair by member
    /// index) and that closes no cycle, then `fallback`'s arcs (the cold
    /// starting tree) for the nodes still apart. The arcs strictly between
    /// their bounds (extra places partly used) come first, as a basis needs.
    /// The tree need not be strongly feasible; the pivot budget bounds the solve.
    static func warmTree(_ graph: PairingGraph, extraArcOfPartner: [Int32], nodeCount: Int, flow: [Int64],
                         previous old: PairingFlow, fallback: [Int]) -> [Int] {
        let p = graph.people.count, m = graph.partners.count
        let personArc0 = graph.pairCount, firstPlaceArc0 = graph.pairCount + p
        var personOf = [Int](repeating: -1, count: old.peopleCount), partnerOf = [Int](repeating: -1, count: old.partnerCount)
        for k in 0..<old.peopleCount { personOf[k] = graph.people.position(of: old.graph.people[k]) ?? -1 }
        for j in 0..<old.partnerCount { partnerOf[j] = graph.partners.position(of: old.graph.partners[j]) ?? -1 }
        var extraOwner: [Int: Int] = [:]
        for (j, a) in old.extraArcOfPartner.enumerated() where a >= 0 { extraOwner[Int(a)] = j }
        func pairArc(_ k: Int, _ j: Int) -> Int? {
            guard k >= 0, j >= 0 else { return nil }
            return graph.pairs(of: k).first { Int(graph.partner[$0]) == j }
        }
        /// The arc of this network that is old arc `a`, if any.
        func mapped(_ a: Int) -> Int? {
            if a < old.personArc0 {
                return pairArc(personOf[Self.person(ofPair: a, offsets: old.graph.offsets)], partnerOf[Int(old.graph.partner[a])])
            } else if a < old.firstPlaceArc0 {
                let k = personOf[a - old.personArc0]
                return k >= 0 ? personArc0 + k : nil
            } else if a < old.firstPlaceArc0 + old.partnerCount {
                let j = partnerOf[a - old.firstPlaceArc0]
                return j >= 0 && graph.capacity[j] > 0 ? firstPlaceArc0 + j : nil
            } else if a < old.addedArc0 {
                guard let j = extraOwner[a] else { return nil }
                let jj = partnerOf[j]
                return jj >= 0 && extraArcOfPartner[jj] >= 0 ? Int(extraArcOfPartner[jj]) : nil
            } else {
                let added = old.added[a - old.addedArc0]
                return pairArc(personOf[Int(added.person)], partnerOf[Int(added.partner)])
            }
        }
        var extraOwnerNew: [Int: Int] = [:]
        for (j, a) in extraArcOfPartner.enumerated() where a >= 0 { extraOwnerNew[Int(a)] = j }
        /// The two nodes of this network's arc `a`.
        func ends(_ a: Int) -> (Int, Int) {
            if a < personArc0 { return (1 + Self.person(ofPair: a, offsets: graph.offsets), 1 + p + Int(graph.partner[a])) }
            if a < firstPlaceArc0 { return (hub, 1 + (a - personArc0)) }
            if a < firstPlaceArc0 + m { return (1 + p + (a - firstPlaceArc0), hub) }
            return (1 + p + extraOwnerNew[a]!, hub)
        }
        var set = Array(0..<nodeCount)
        func find(_ x: Int) -> Int {
            var x = x
            while set[x] != x { set[x] = set[set[x]]; x = set[x] }
            return x
        }
        var tree: [Int] = []
        var inTree = Set<Int>()
        func join(_ a: Int) {
            guard !inTree.contains(a) else { return }
            let (u, v) = ends(a)
            let (x, y) = (find(u), find(v))
            guard x != y else { return }
            set[max(x, y)] = min(x, y)
            tree.append(a)
            inTree.insert(a)
        }
        // Free arcs: the extra places partly used.
        for j in 0..<m where extraArcOfPartner[j] >= 0 {
            let a = Int(extraArcOfPartner[j])
            if flow[a] > 0 && flow[a] < Int64(graph.capacity[j] - 1) { join(a) }
        }
        for a in 0..<old.engine.arcCount where old.engine.isTreeArc(a) {
            if let b = mapped(a) { join(b) }
        }
        for a in fallback { join(a) }
        return tree
    }

    /// The person (position) whose pairs include pair `e`: the last k with offsets[k] ≤ e.
    static func person(ofPair e: Int, offsets: [Int]) -> Int {
        var lo = 0, hi = offsets.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if offsets[mid] <= e { lo = mid } else { hi = mid }
        }
        return lo
    }

    /// A strongly feasible starting tree that follows the pairing: a paired
    /// person hangs from the hub (by their hub arc, full), a partner with room
    /// from the hub (by a place arc with room), a full partner below one of
    /// their people (by that pair, full), an unpaired person below their best
    /// partner (by that pair, empty). People without pairs and partners
    /// without places hang from the root by their artificial arcs.
    static func startingTree(_ graph: PairingGraph, flow: [Int64], load: [Int64]) -> [Int] {
        let p = graph.people.count, m = graph.partners.count
        let personArc0 = graph.pairCount, firstPlaceArc0 = graph.pairCount + p
        var tree: [Int] = []
        var hungBelow = [Bool](repeating: false, count: m)
        for k in 0..<p {
            var best = -1
            for e in graph.pairs(of: k) {
                let j = Int(graph.partner[e])
                if flow[e] > 0 {
                    tree.append(personArc0 + k)
                    if load[j] == Int64(graph.capacity[j]) && !hungBelow[j] {
                        hungBelow[j] = true
                        tree.append(e)
                    }
                    best = -1
                    break
                }
                if graph.capacity[j] > 0 && (best < 0 || graph.quality[e] > graph.quality[best]) { best = e }
            }
            if best >= 0 { tree.append(best) }  // unpaired, below their best partner
        }
        var extra = firstPlaceArc0 + m
        for j in 0..<m {
            let c = Int64(graph.capacity[j])
            if c > 1 {
                // The extra-place arc has room while the partner is not full;
                // strictly inside its bounds it is in the tree anyway.
                if load[j] == 0 { tree.append(firstPlaceArc0 + j) } else if load[j] < c && load[j] == 1 { tree.append(extra) }
                extra += 1
            } else if c == 1 && load[j] == 0 {
                tree.append(firstPlaceArc0 + j)
            }
        }
        return tree
    }

    var pairCount: Int { graph.pairCount + added.count }

    func arc(ofPair e: Int) -> Int { e < graph.pairCount ? e : addedArc0 + (e - graph.pairCount) }

    func partner(ofPair e: Int) -> Int { e < graph.pairCount ? Int(graph.partner[e]) : Int(added[e - graph.pairCount].partner) }

    func quality(ofPair e: Int) -> Int32 { e < graph.pairCount ? graph.quality[e] : added[e - graph.pairCount].quality }

    /// Adds the pair (person `k`, partner `j`) with quality `q` (not yet
    /// paired: the tree stays a basis). Returns its pair index.
    @discardableResult
    mutating func addPair(person k: Int, partner j: Int, quality q: Int32) -> Int {
        engine.addArc(from: personNode(k), to: partnerNode(j), capacity: 1, cost: -Int64(q))
        added.append((Int32(k), Int32(j), q))
        if addedByPerson.isEmpty {
            addedByPerson = [[Int32]](repeating: [], count: peopleCount)
            addedIndexByPerson = addedByPerson
        }
        addedByPerson[k].append(Int32(j))
        addedIndexByPerson[k].append(Int32(added.count - 1))
        forbidden.append(false)
        return pairCount - 1
    }

    /// Forbids pair `e`: the next solve moves any flow off it.
    mutating func forbid(_ e: Int) {
        guard !forbidden[e] else { return }
        forbidden[e] = true
        forbiddenCount += 1
        engine.setCost(arc(ofPair: e), to: forbiddenCost)
    }

    /// Whether arc `a` is a forbidden pair's.
    func isForbiddenArc(_ a: Int) -> Bool {
        if a < graph.pairCount { return forbidden[a] }
        return a >= addedArc0 && forbidden[graph.pairCount + (a - addedArc0)]
    }

    /// Starts the engine again from `flows` (a basic flow of the same network,
    /// e.g. GLPK's optimum): a new tree, the same arcs and costs.
    mutating func restart(from flows: [Int64]) {
        engine = NetworkSimplex(engine.network, flow: flows, costBound: forbiddenCost)
    }

    /// Which partners each person has in the network.
    var inNetwork: InNetwork { InNetwork(graph: graph, added: addedByPerson) }

    /// The pair index of (person `k`, partner `j`) in the network, if any.
    func pair(person k: Int, partner j: Int) -> Int? {
        if let e = graph.pairs(of: k).first(where: { Int(graph.partner[$0]) == j }) { return e }
        guard !addedByPerson.isEmpty, let t = addedByPerson[k].firstIndex(of: Int32(j)) else { return nil }
        return graph.pairCount + Int(addedIndexByPerson[k][t])
    }

    /// Reduced cost of a pair not in the network: negative when it would improve the pairing.
    func reducedCost(person k: Int, partner j: Int, quality q: Int32) -> Int64 {
        -Int64(q) + engine.potential(personNode(k)) - engine.potential(partnerNode(j))
    }

    /// π(person) − π(hub): a pair (k, j, q) prices out when q > personPrice(k) − partnerPrice(j).
    func personPrice(_ k: Int) -> Int64 { engine.potential(personNode(k)) - engine.potential(Self.hub) }
    func partnerPrice(_ j: Int) -> Int64 { engine.potential(partnerNode(j)) - engine.potential(Self.hub) }

    /// The chosen pair per person (pair index, -1 for none).
    func chosenPairs() -> [Int] {
        var chosen = [Int](repeating: -1, count: peopleCount)
        for k in 0..<peopleCount {
            for e in graph.pairs(of: k) where engine.flow(e) > 0 { chosen[k] = e }
        }
        for (t, a) in added.enumerated() where engine.flow(addedArc0 + t) > 0 { chosen[Int(a.person)] = graph.pairCount + t }
        return chosen
    }

    /// Σ quality of the chosen pairs − extra-place cost · Σ places beyond each partner's first.
    func qualityObjective(_ chosen: [Int]) -> Int64 {
        var load = [Int](repeating: 0, count: partnerCount)
        var total: Int64 = 0
        for e in chosen where e >= 0 {
            total += Int64(quality(ofPair: e))
            load[partner(ofPair: e)] += 1
        }
        for l in load where l > 1 { total -= Int64(graph.extraPlaceCost) * Int64(l - 1) }
        return total
    }

    /// A lower bound on the network's cost from the current potentials
    /// (weak duality: cost(x) = Σ reduced cost · x ≥ Σ capacity · min(0, reduced cost)
    /// for a circulation), over the arcs in the network. Left-out pairs add
    /// their own negative reduced costs.
    func costLowerBound() -> Int64 {
        var bound: Int64 = 0
        for a in 0..<engine.arcCount {
            let rc = engine.reducedCost(a)
            if rc < 0 { bound += rc * engine.capacity(a) }
        }
        return bound
    }

    /// The graph with the added pairs merged in, each person's pairs in the
    /// order: the graph's, then added ones. Returns the graph and, per pair
    /// index of this flow, its index in the merged graph.
    func mergedGraph() -> (graph: PairingGraph, index: [Int]) {
        guard !added.isEmpty else { return (graph, Array(0..<graph.pairCount)) }
        var byPerson = [[Int]](repeating: [], count: peopleCount)
        for (t, a) in added.enumerated() { byPerson[Int(a.person)].append(graph.pairCount + t) }
        var offsets = [0], partner: [Int32] = [], quality: [Int32] = []
        var index = [Int](repeating: 0, count: pairCount)
        partner.reserveCapacity(pairCount)
        quality.reserveCapacity(pairCount)
        for k in 0..<peopleCount {
            for e in graph.pairs(of: k) {
                index[e] = partner.count
                partner.append(graph.partner[e]); quality.append(graph.quality[e])
            }
            for e in byPerson[k] {
                index[e] = partner.count
                partner.append(Int32(self.partner(ofPair: e))); quality.append(self.quality(ofPair: e))
            }
            offsets.append(partner.count)
        }
        return (PairingGraph(people: graph.people, partners: graph.partners, capacity: graph.capacity, offsets: offsets,
                             partner: partner, quality: quality, extraPlaceCost: graph.extraPlaceCost), index)
    }
}
