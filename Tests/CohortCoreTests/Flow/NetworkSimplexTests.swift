import PropertyBased
import Testing

@testable import CohortCore

/// A small network described by plain numbers, as the property tests draw it.
struct SmallNetwork: CustomStringConvertible {
    var nodes: Int
    var supply: [Int64]
    var arcs: [(from: Int, to: Int, capacity: Int64, cost: Int64)]

    init(nodes: Int, supplies: [Int], arcs: [(Int, Int, Int, Int)]) {
        self.nodes = nodes
        var s = supplies.prefix(nodes).map(Int64.init)
        s[nodes - 1] -= s.reduce(0, +)
        supply = s
        self.arcs = arcs.map { (from: $0.0 % nodes, to: $0.1 % nodes, capacity: Int64($0.2), cost: Int64($0.3)) }
    }

    var network: FlowNetwork {
        var net = FlowNetwork(nodeCount: nodes)
        for (v, s) in supply.enumerated() { net.setSupply(of: v, to: s) }
        for a in arcs { net.addArc(from: a.from, to: a.to, capacity: a.capacity, cost: a.cost) }
        return net
    }

    var description: String { "nodes \(nodes) supply \(supply) arcs \(arcs.map { "\($0.from)→\($0.to) cap \($0.capacity) cost \($0.cost)" })" }
}

/// The cheapest feasible flow by enumerating every integer flow (nil when
/// none is feasible). Independent of the engine: no potentials, no tree.
func bruteForceMinimumCost(_ net: SmallNetwork) -> Int64? {
    var best: Int64? = nil
    var flow = [Int64](repeating: 0, count: net.arcs.count)
    func visit(_ a: Int) {
        if a == net.arcs.count {
            var balance = net.supply
            var total: Int64 = 0
            for (k, arc) in net.arcs.enumerated() {
                balance[arc.from] -= flow[k]
                balance[arc.to] += flow[k]
                total += arc.cost * flow[k]
            }
            if balance.allSatisfy({ $0 == 0 }) { best = min(best ?? total, total) }
            return
        }
        for f in 0...net.arcs[a].capacity {
            flow[a] = f
            visit(a + 1)
        }
        flow[a] = 0
    }
    visit(0)
    return best
}

/// Checks what an optimal answer must satisfy: a feasible flow, potentials
/// whose reduced costs fit each arc's state (complementary slackness), and a
/// dual objective equal to the flow's cost (strong duality).
func expectOptimalityCertificate(_ engine: NetworkSimplex, _ network: FlowNetwork, sourceLocation: SourceLocation = #_sourceLocation) {
    let flow = engine.flows
    #expect(network.violation(of: flow) == nil, sourceLocation: sourceLocation)
    var dual: Int64 = 0
    for v in 0..<network.nodeCount { dual -= network.supply[v] * engine.potential(v) }
    for a in 0..<network.arcCount {
        let rc = engine.reducedCost(a)
        if flow[a] < network.capacity[a] { #expect(rc >= 0 || flow[a] > 0, "arc \(a) at 0 with reduced cost \(rc)", sourceLocation: sourceLocation) }
        if flow[a] > 0 { #expect(rc <= 0 || flow[a] < network.capacity[a], "arc \(a) at capacity with reduced cost \(rc)", sourceLocation: sourceLocation) }
        if flow[a] > 0 && flow[a] < network.capacity[a] { #expect(rc == 0, sourceLocation: sourceLocation) }
        if engine.isTreeArc(a) { #expect(rc == 0, sourceLocation: sourceLocation) }
        dual += network.capacity[a] * min(0, rc)
    }
    #expect(dual == network.cost(of: flow), "dual \(dual) ≠ primal \(network.cost(of: flow))", sourceLocation: sourceLocation)
}

private let smallNetworks = zip(
    Gen.int(in: 1...6),
    Gen.int(in: -2...2).array(of: 6),
    zip(Gen.int(in: 0...5), Gen.int(in: 0...5), Gen.int(in: 0...2), Gen.int(in: -6...6)).array(of: 0...7)
).map { SmallNetwork(nodes: $0.0, supplies: $0.1, arcs: $0.2) }

@Suite struct NetworkSimplexTests {
    /// Cold start: same optimum as enumeration, or infeasible exactly when
    /// enumeration finds no flow; potentials certify the optimum.
    @Test func coldStartMatchesBruteForce() async {
        await propertyCheck(count: 600, input: smallNetworks) { net in
            let network = net.network
            var engine = NetworkSimplex(network)
            let outcome = engine.solve()
            let best = bruteForceMinimumCost(net)
            if let best {
                #expect(outcome == .optimal, "\(net)")
                #expect(engine.totalCost == best, "\(net)")
                expectOptimalityCertificate(engine, network)
            } else {
                #expect(outcome == .infeasible, "\(net)")
            }
        }
    }

    /// A warm start from the optimal flow only makes degenerate pivots (the
    /// flow's cost never changes: the tree, not the flow, is what is still
    /// missing); from any other basic feasible flow it reaches the same optimum.
    @Test func warmStartFromAFeasibleFlow() async {
        await propertyCheck(count: 300, input: smallNetworks, Gen.int(in: -6...6).array(of: 7)) { net, otherCosts in
            let network = net.network
            var cold = NetworkSimplex(network)
            guard cold.solve() == .optimal else { return }
            var warm = NetworkSimplex(network, flow: cold.flows)
            while warm.solve(pivotLimit: 1) == .stopped { #expect(warm.totalCost == cold.totalCost, "\(net)") }
            #expect(warm.totalCost == cold.totalCost)
            expectOptimalityCertificate(warm, network)
            // A feasible flow that is optimal for other costs (basic: a network simplex optimum).
            var other = FlowNetwork(nodeCount: net.nodes)
            for (v, s) in net.supply.enumerated() { other.setSupply(of: v, to: s) }
            for (k, a) in net.arcs.enumerated() { other.addArc(from: a.from, to: a.to, capacity: a.capacity, cost: Int64(otherCosts[k % otherCosts.count])) }
            var start = NetworkSimplex(other)
            #expect(start.solve() == .optimal)
            var fromOther = NetworkSimplex(network, flow: start.flows)
            #expect(fromOther.solve() == .optimal)
            #expect(fromOther.totalCost == cold.totalCost, "\(net)")
            expectOptimalityCertificate(fromOther, network)
        }
    }

    /// Arcs added and costs changed after a solve: the warm re-solve equals a
    /// cold solve of the changed network.
    @Test func warmResolveAfterAddingArcsAndChangingCosts() async {
        await propertyCheck(count: 300, input: smallNetworks, zip(Gen.int(in: 0...5), Gen.int(in: 0...5), Gen.int(in: 0...2), Gen.int(in: -6...6)).array(of: 0...3),
                            Gen.int(in: -6...6).array(of: 3)) { net, added, newCosts in
            var engine = NetworkSimplex(net.network, costBound: 6)
            guard engine.solve() == .optimal else { return }
            var changed = net
            for (k, c) in newCosts.enumerated() where k < changed.arcs.count {
                changed.arcs[k].cost = Int64(c)
                engine.setCost(k, to: Int64(c))
            }
            for a in added {
                let arc = (from: a.0 % net.nodes, to: a.1 % net.nodes, capacity: Int64(a.2), cost: Int64(a.3))
                changed.arcs.append(arc)
                engine.addArc(from: arc.from, to: arc.to, capacity: arc.capacity, cost: arc.cost)
            }
            #expect(engine.solve() == .optimal, "\(changed)")
            #expect(engine.totalCost == bruteForceMinimumCost(changed), "\(changed)")
            expectOptimalityCertificate(engine, changed.network)
        }
    }

    /// A cycle of negative cost without a capacity is unbounded.
    @Test func negativeUncapacitatedCycleIsUnbounded() {
        var net = FlowNetwork(nodeCount: 3)
        net.addArc(from: 0, to: 1, capacity: FlowNetwork.unbounded, cost: -1)
        net.addArc(from: 1, to: 2, capacity: FlowNetwork.unbounded, cost: 0)
        net.addArc(from: 2, to: 0, capacity: FlowNetwork.unbounded, cost: 0)
        var engine = NetworkSimplex(net)
        #expect(engine.solve() == .unbounded)
    }

    /// Empty networks and isolated nodes.
    @Test func degenerateShapes() {
        var empty = NetworkSimplex(FlowNetwork())
        #expect(empty.solve() == .optimal)
        var lonely = FlowNetwork(nodeCount: 4)
        lonely.addArc(from: 0, to: 1, capacity: 3, cost: -2)
        lonely.addArc(from: 1, to: 0, capacity: 1, cost: 1)
        var engine = NetworkSimplex(lonely)
        #expect(engine.solve() == .optimal)
        #expect(engine.totalCost == -1)
        #expect(engine.flows == [1, 1])
    }

    /// The pivot limit stops a solve with a feasible flow, and solving on
    /// reaches the optimum.
    @Test func pivotLimitStopsAndResumes() {
        var net = FlowNetwork(nodeCount: 12)
        var rng = SeededRandom(seed: 5)
        for _ in 0..<60 {
            net.addArc(from: rng.nextInt(below: 12), to: rng.nextInt(below: 12), capacity: Int64(rng.nextInt(in: 1...4)), cost: Int64(rng.nextInt(in: -9...9)))
        }
        var full = NetworkSimplex(net)
        #expect(full.solve() == .optimal)
        #expect(full.pivots > 3)
        var engine = NetworkSimplex(net)
        #expect(engine.solve(pivotLimit: 2) == .stopped)
        #expect(net.violation(of: engine.flows) == nil)
        #expect(engine.solve() == .optimal)
        #expect(engine.totalCost == full.totalCost)
        var stopped = NetworkSimplex(net)
        #expect(stopped.solve(shouldStop: { true }) == .stopped)
    }
}

/// Larger random networks, pivot by pivot: the tree's bookkeeping stays
/// consistent, and the end is certified optimal by its potentials.
@Suite struct NetworkSimplexTreeTests {
    @Test(arguments: [(UInt64(1), 40, 300), (2, 120, 900), (3, 300, 1_500)])
    func treeStaysConsistent(seed: UInt64, nodes: Int, arcs: Int) {
        var rng = SeededRandom(seed: seed)
        var net = FlowNetwork(nodeCount: nodes)
        for v in 0..<(nodes - 1) where rng.chance(0.3) {
            let s = Int64(rng.nextInt(in: -3...3))
            net.setSupply(of: v, to: net.supply[v] + s)
            net.setSupply(of: nodes - 1, to: net.supply[nodes - 1] - s)
        }
        for _ in 0..<arcs {
            // Uncapacitated arcs never cost less than 0 (no unbounded cycle).
            let open = rng.chance(0.1)
            net.addArc(from: rng.nextInt(below: nodes), to: rng.nextInt(below: nodes), capacity: open ? FlowNetwork.unbounded : Int64(rng.nextInt(in: 0...5)),
                       cost: Int64(rng.nextInt(in: (open ? 0 : -30)...40)))
        }
        var engine = NetworkSimplex(net)
        #expect(engine.treeIssue() == nil)
        var outcome = NetworkSimplex.Outcome.stopped
        while outcome == .stopped {
            outcome = engine.solve(pivotLimit: 1)
            if let issue = engine.treeIssue() {
                Issue.record("after \(engine.pivots) pivots: \(issue)")
                return
            }
        }
        #expect(engine.pivots > 10)
        #expect(outcome == .optimal || outcome == .infeasible)
        if outcome == .optimal { expectOptimalityCertificate(engine, net) }
    }
}

/// Local pricing (`findEnteringArc`): an assignment network solved, then
/// re-solved warm after small batches of arcs (as pricing adds them), ends
/// certified optimal by its potentials each time, with the cost of a cold
/// solve of the same network; the tree stays consistent pivot by pivot, local
/// pricing is used, and a second run makes the same pivots.
@Suite struct NetworkSimplexLocalPricingTests {
    /// hub → person (−W), person → partner (−quality), partner → hub (places): the pairing shape.
    /// Returns the network and more pairs to add later.
    static func assignment(seed: UInt64, people: Int, partners: Int, pairsPerPerson: Int) -> (net: FlowNetwork, extra: [(Int, Int, Int64)]) {
        var rng = SeededRandom(seed: seed)
        var net = FlowNetwork(nodeCount: 1 + people + partners)
        var extra: [(Int, Int, Int64)] = []
        for k in 0..<people {
            net.addArc(from: 0, to: 1 + k, capacity: 1, cost: -1_000)
            for t in 0..<(2 * pairsPerPerson) {
                let j = rng.nextInt(below: partners), q = Int64(rng.nextInt(in: 1...60))
                if t < pairsPerPerson { net.addArc(from: 1 + k, to: 1 + people + j, capacity: 1, cost: -q) } else { extra.append((1 + k, 1 + people + j, -q)) }
            }
        }
        for j in 0..<partners { net.addArc(from: 1 + people + j, to: 0, capacity: Int64(rng.nextInt(in: 1...3)), cost: Int64(rng.nextInt(in: 0...5))) }
        return (net, extra)
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func warmBatchesEndOptimal(seed: UInt64) {
        let (start, extra) = Self.assignment(seed: seed, people: 400, partners: 150, pairsPerPerson: 4)
        var engine = NetworkSimplex(start, costBound: 1_000)
        var network = start
        #expect(engine.solve() == .optimal)
        expectOptimalityCertificate(engine, network)
        var batch = 0
        for (u, v, c) in extra {
            engine.addArc(from: u, to: v, capacity: 1, cost: c)
            network.addArc(from: u, to: v, capacity: 1, cost: c)
            batch += 1
            guard batch == 37 else { continue }
            batch = 0
            var outcome = NetworkSimplex.Outcome.stopped
            while outcome == .stopped {
                outcome = engine.solve(pivotLimit: 1)
                if let issue = engine.treeIssue() {
                    Issue.record("after \(engine.pivots) pivots: \(issue)")
                    return
                }
            }
            #expect(outcome == .optimal)
            expectOptimalityCertificate(engine, network)
        }
        #expect(engine.solve() == .optimal)
        expectOptimalityCertificate(engine, network)
        #expect(engine.localPivots > 0, "local pricing was used")
        var cold = NetworkSimplex(network, costBound: 1_000)
        #expect(cold.solve() == .optimal)
        #expect(cold.totalCost == engine.totalCost)
        var again = NetworkSimplex(network, costBound: 1_000)
        #expect(again.solve() == .optimal)
        #expect(again.flows == cold.flows && again.pivots == cold.pivots && again.potentials == cold.potentials)
    }
}

/// The improving-arc index (`indexedEnteringArc`) stands in for the block
/// walk: built before each solve, it leads to the same entering arcs — the
/// same pivots, flows and potentials, batch after batch of added arcs — and
/// its bits still match every arc's state and reduced cost at the optimum.
@Suite struct NetworkSimplexIndexTests {
    @Test(arguments: [UInt64(1), 2, 3, 4])
    func indexMakesTheSamePivots(seed: UInt64) {
        let (start, extra) = NetworkSimplexLocalPricingTests.assignment(seed: seed, people: 300, partners: 120, pairsPerPerson: 3)
        var plain = NetworkSimplex(start, costBound: 1_000)
        var fast = NetworkSimplex(start, costBound: 1_000)
        func solveBoth() {
            #expect(plain.solve() == .optimal)
            fast.buildIndex()
            let searches = fast.indexedSearches
            #expect(fast.solve() == .optimal)
            #expect(fast.indexedSearches > searches, "the index was searched")
            if let issue = fast.indexIssue() ?? fast.treeIssue() { Issue.record("after \(fast.pivots) pivots: \(issue)") }
            #expect(fast.pivots == plain.pivots && fast.localPivots == plain.localPivots)
            #expect(fast.flows == plain.flows && fast.potentials == plain.potentials)
        }
        solveBoth()
        for (t, (u, v, c)) in extra.enumerated() {
            plain.addArc(from: u, to: v, capacity: 1, cost: c)
            fast.addArc(from: u, to: v, capacity: 1, cost: c)
            if t % 41 == 40 { solveBoth() }
        }
        solveBoth()
        #expect(plain.localPivots > 0, "local pricing was used")
    }
}
