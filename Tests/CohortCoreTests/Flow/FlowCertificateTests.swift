import CohortSolver
import Testing

@testable import CohortCore

/// GLPK certifies network simplex answers from their own basis, and repairs
/// a basis that is not optimal.
@Suite struct FlowCertificateTests {
    static func randomNetwork(seed: UInt64, nodes: Int, arcs: Int) -> FlowNetwork {
        var rng = SeededRandom(seed: seed)
        var net = FlowNetwork(nodeCount: nodes)
        for v in 0..<(nodes - 1) where rng.chance(0.3) {
            let s = Int64(rng.nextInt(in: -3...3))
            net.setSupply(of: v, to: net.supply[v] + s)
            net.setSupply(of: nodes - 1, to: net.supply[nodes - 1] - s)
        }
        // A cheap way back to every node keeps most networks feasible.
        for v in 0..<nodes { net.addArc(from: v, to: (v + 1) % nodes, capacity: 20, cost: 50) }
        for _ in 0..<arcs {
            net.addArc(from: rng.nextInt(below: nodes), to: rng.nextInt(below: nodes), capacity: Int64(rng.nextInt(in: 0...5)),
                       cost: Int64(rng.nextInt(in: -30...40)))
        }
        return net
    }

    /// An optimal tree is confirmed without a pivot: same objective, same potentials.
    @Test(arguments: [(UInt64(1), 30, 200), (2, 80, 600), (3, 200, 1_500), (4, 5, 12)])
    func optimalTreeIsConfirmed(seed: UInt64, nodes: Int, arcs: Int) throws {
        let net = Self.randomNetwork(seed: seed, nodes: nodes, arcs: arcs)
        var engine = NetworkSimplex(net)
        #expect(engine.solve() == .optimal)
        let certificate = try engine.certify(arcs: Array(0..<net.arcCount), solver: GLPKSolver())
        #expect(certificate.basis.isOptimal)
        #expect(certificate.confirmed)
        #expect(certificate.pivots == 0)
        #expect(certificate.objective == Double(engine.totalCost))
        #expect(certificate.potentials == (0..<nodes).map { engine.potential($0) - engine.potential(nodes) })
        #expect(certificate.rows == nodes)
    }

    /// The LP over the basis and the arcs at their upper bound only (what a
    /// pairing certifies, docs/mentoring.md §3.4): GLPK confirms the optimal
    /// tree and no arc left out prices out with its duals; a tree stopped
    /// early has an arc left out that does, exactly when it has an improving
    /// arc at its lower bound.
    @Test(arguments: [(UInt64(1), 30, 200), (2, 80, 600), (3, 200, 1_500), (5, 40, 300), (6, 120, 900)])
    func basisAndFullArcsCertifyTheWhole(seed: UInt64, nodes: Int, arcs: Int) throws {
        let net = Self.randomNetwork(seed: seed, nodes: nodes, arcs: arcs)
        var engine = NetworkSimplex(net)
        #expect(engine.solve() == .optimal)
        let subset = (0..<net.arcCount).filter { engine.isTreeArc($0) || engine.isAtUpper($0) }
        #expect(subset.count < net.arcCount)
        let certificate = try engine.certify(arcs: subset, solver: GLPKSolver())
        #expect(certificate.confirmed)
        #expect(certificate.columns < net.arcCount)
        #expect(certificate.objective == Double(engine.totalCost))
        #expect(!engine.hasNegativeArc(outside: subset, potentials: try #require(certificate.potentials)))

        var early = NetworkSimplex(net)
        _ = early.solve(pivotLimit: engine.pivots / 3)
        let earlySubset = (0..<net.arcCount).filter { early.isTreeArc($0) || early.isAtUpper($0) }
        let potentials = (0..<nodes).map { early.potential($0) - early.potential(nodes) }
        let improvingAtLower = (0..<net.arcCount).contains { !early.isTreeArc($0) && !early.isAtUpper($0) && early.capacity($0) > 0 && early.reducedCost($0) < 0 }
        #expect(improvingAtLower, "stopped at a third of the pivots, some arc at 0 should still improve")
        #expect(early.hasNegativeArc(outside: earlySubset, potentials: potentials) == improvingAtLower)
    }

    /// A tree stopped before the optimum is not dual feasible: GLPK says so,
    /// pivots from it and ends at the engine's own optimum.
    @Test(arguments: [(UInt64(5), 40, 300), (6, 120, 900)])
    func wrongTreeIsRepaired(seed: UInt64, nodes: Int, arcs: Int) throws {
        let net = Self.randomNetwork(seed: seed, nodes: nodes, arcs: arcs)
        var full = NetworkSimplex(net)
        #expect(full.solve() == .optimal)
        var early = NetworkSimplex(net)
        #expect(early.solve(pivotLimit: full.pivots / 3) == .stopped)
        // A feasible stop (the artificial arcs are empty), just not optimal.
        guard early.isFeasible else { Issue.record("stopped infeasible; pick another seed"); return }
        let certificate = try early.certify(arcs: Array(0..<net.arcCount), solver: GLPKSolver())
        #expect(certificate.basis.factorized)
        #expect(certificate.basis.primalFeasible)
        #expect(!certificate.basis.dualFeasible)
        #expect(!certificate.confirmed)
        #expect(certificate.pivots > 0)
        #expect(certificate.termination == .optimal)
        #expect(certificate.objective == Double(full.totalCost))
        #expect(net.cost(of: try #require(certificate.flows)) == full.totalCost)
    }

    /// Arcs left out of the LP sit at 0; arcs fixed at 0 keep their basis status.
    @Test func pairingWithForbiddenPairsIsConfirmed() throws {
        var rng = SeededRandom(seed: 9)
        var offsets = [0], partner: [Int32] = [], quality: [Int32] = []
        for _ in 0..<60 {
            for j in 0..<25 where rng.chance(0.2) { partner.append(Int32(j)); quality.append(Int32(rng.nextInt(in: 0...78))) }
            offsets.append(partner.count)
        }
        let g = PairingGraph(people: (0..<60).map { Int32($0) }, partners: (0..<25).map { Int32($0) }, capacity: (0..<25).map { Int32(1 + $0 % 3) },
                             offsets: offsets, partner: partner, quality: quality, extraPlaceCost: 15)
        var flow = PairingFlow(g, start: [Int32](repeating: -1, count: 60), qualityCap: 78)
        #expect(flow.engine.solve() == .optimal)
        for e in flow.chosenPairs().filter({ $0 >= 0 }).prefix(8) { flow.forbid(e) }
        #expect(flow.engine.solve() == .optimal)
        let all = Array(0..<flow.engine.arcCount)
        let certificate = try flow.engine.certify(arcs: all, fixed: { flow.forbidden.indices.contains($0) && flow.forbidden[$0] }, solver: GLPKSolver())
        #expect(certificate.confirmed)
        #expect(certificate.objective == Double(flow.engine.totalCost))
        // Only the basis and the arcs at their upper bound: the same verdict on a smaller LP.
        let needed = all.filter { flow.engine.isTreeArc($0) || flow.engine.isAtUpper($0) }
        let small = try flow.engine.certify(arcs: needed, fixed: { flow.forbidden.indices.contains($0) && flow.forbidden[$0] }, solver: GLPKSolver())
        #expect(small.confirmed)
        #expect(small.columns < certificate.columns)
        #expect(small.potentials == certificate.potentials)
    }
}
