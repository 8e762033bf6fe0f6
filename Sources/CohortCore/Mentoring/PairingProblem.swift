/// One pairing phase — mentor pairs, backup mentors or buddies — solved by
/// the network simplex, completed by pricing, certified by GLPK
/// (docs/mentoring.md §3):
///
/// 1. Hopcroft–Karp on the stored graph, then König's cover checked against
///    every candidate left out (`PairPricing.uncovered`) until it covers them
///    all: the largest number of people that can be paired, proven.
/// 2. `PairingFlow` from that matching (improved by face-preserving moves):
///    the network simplex finds the lexicographic optimum over the network.
/// 3. Left-out candidates are priced with the engine's potentials
///    (`PairPricing.priced`); those with a negative reduced cost enter and
///    the engine continues from its tree, until none does.
/// 4. GLPK receives the LP over the network's arcs with the engine's tree as
///    its basis, confirms it is primal and dual feasible (or pivots from it
///    to the optimum), and every left-out candidate is priced once more with
///    GLPK's own duals: the optimum is proven over all candidate pairs.
///
/// Pairs can be forbidden between solves (schedulability); the engine
/// continues from its tree.
struct PairingProblem<Pricing: PairPricing>: Sendable {
    private(set) var flow: PairingFlow
    private(set) var pricing: Pricing?
    let threads: Int
    /// Pivots between pricing rounds before an optimum (nil: price only at an optimum).
    let earlyPricing: Int?
    let clock: Stopwatch
    /// Seconds on `clock` when the phase must stop; nil: no time limit.
    let deadline: Double?
    /// The most people that can be paired over all candidates (König).
    let maximum: Int
    let cardinalitySeconds: Double
    /// The engine reached an optimum of the current network and nothing priced out.
    private(set) var proven = false
    private(set) var stats = Stats()
    /// What the last pricing round established (`CandidatePricing.priced`).
    private var memory: PricingMemory?

    struct Stats: Sendable {
        var pricingRounds = 0
        var pricedPairs = 0
        var coverRounds = 0
        var coverPairs = 0
        var examined = 0
        /// People priced against every partner, over all rounds (the others: against the partners whose price rose).
        var fullyPriced = 0
        var engineSeconds = 0.0
        var certificateSeconds = 0.0
        var glpkPivots = 0
        var certificates = 0
        var lpColumns = 0
        var certifiedBy: String? = nil
        /// People the engine started paired as in the warm start (0: a cold start).
        var warmPairs = 0
    }

    /// People priced in per person and round.
    static var pairsPerPerson: Int { 2 }

    /// `graph`: the stored candidates; `pricing`: the search over the
    /// candidates left out of it (nil: the graph has them all). `qualityCap`:
    /// the highest quality any candidate pair can have.
    ///
    /// `previous`: a warm start — the pairs of an earlier solve of a related
    /// problem (a rematch, the next step of a planning search), each a
    /// candidate of this one. Pairs not in `graph` enter it; the engine starts
    /// from these pairs (as many as the places allow, in person order), the
    /// people they leave unpaired filled from the maximum matching where a
    /// place is free, instead of from the improved maximum matching.
    /// `previousEngine`: that solve's engine, whose spanning tree seeds the
    /// new one (`PairingFlow.warmTree`).
    ///
    /// `earlyPricing`: with pricing, the engine stops every that many pivots
    /// to price, instead of only at an optimum of the network (nil: only at an
    /// optimum; docs/mentoring.md §3.3, "Early rounds").
    init(graph: PairingGraph, pricing: Pricing?, qualityCap: Int32, timeLimit: Double?, threads: Int, previous: [FoundPair] = [],
         previousEngine: PairingFlow? = nil, earlyPricing: Int? = nil) {
        clock = Stopwatch()
        self.earlyPricing = pricing == nil ? nil : earlyPricing.map { max(1, $0) }
        deadline = timeLimit
        self.threads = threads
        self.pricing = pricing
        var g = graph
        let absent = previous.filter { f in !g.pairs(of: Int(f.person)).contains { g.partner[$0] == f.partner } }
        if !absent.isEmpty { g = Self.merged(g, absent) }
        var matching = MaximumMatching(g)
        precondition(matching.isProvenMaximum, "Hopcroft–Karp ended without a König certificate")
        var coverPairs = 0, coverRounds = 0
        if let pricing {
            var cover: CoverMemory? = nil
            while true {
                let (open, memory) = pricing.uncovered(personInZ: matching.menteeReachable, partnerInZ: matching.mentorReachable,
                                                       inNetwork: InNetwork(graph: g, added: []), perPerson: Self.pairsPerPerson, threads: threads,
                                                       since: cover)
                cover = memory
                coverRounds += 1
                if open.isEmpty { break }
                coverPairs += open.count
                g = Self.merged(g, open)
                matching = MaximumMatching(g)
                precondition(matching.isProvenMaximum, "Hopcroft–Karp ended without a König certificate")
            }
        }
        maximum = matching.size
        cardinalitySeconds = clock.seconds
        let warm = Self.warmStart(g, previous: previous, matching: matching)
        flow = PairingFlow(g, start: previous.isEmpty ? PairingSolver.improvedStart(g, matching) : warm.start, qualityCap: qualityCap,
                           previous: previousEngine)
        stats.coverPairs = coverPairs
        stats.warmPairs = warm.kept
        stats.coverRounds = coverRounds
    }

    /// The partner per person (-1: none) of the `previous` pairs that fit
    /// the places, in person order, then each person left unpaired with their
    /// partner in `matching` when that partner has a place free.
    /// `kept`: people paired as in `previous`.
    static func warmStart(_ g: PairingGraph, previous: [FoundPair], matching: MaximumMatching) -> (start: [Int32], kept: Int) {
        var start = [Int32](repeating: -1, count: g.people.count)
        guard !previous.isEmpty else { return (start, 0) }
        var kept = 0
        var load = [Int32](repeating: 0, count: g.partners.count)
        for f in previous.sorted(by: { $0.person < $1.person }) where start[Int(f.person)] < 0 && load[Int(f.partner)] < g.capacity[Int(f.partner)] {
            start[Int(f.person)] = f.partner
            load[Int(f.partner)] += 1
            kept += 1
        }
        for k in g.people.indices where start[k] < 0 {
            let j = matching.mentorOf[k]
            if j >= 0 && load[Int(j)] < g.capacity[Int(j)] {
                start[k] = j
                load[Int(j)] += 1
            }
        }
        return (start, kept)
    }

    /// `g` with `extra` pairs (not in it) added, each person's pairs in partner order.
    static func merged(_ g: PairingGraph, _ extra: [FoundPair]) -> PairingGraph {
        var byPerson = [[FoundPair]](repeating: [], count: g.people.count)
        for f in extra { byPerson[Int(f.person)].append(f) }
        var offsets = [0], partner: [Int32] = [], quality: [Int32] = []
        partner.reserveCapacity(g.pairCount + extra.count)
        quality.reserveCapacity(g.pairCount + extra.count)
        for k in g.people.indices {
            var row = g.pairs(of: k).map { (partner: g.partner[$0], quality: g.quality[$0]) }
            if !byPerson[k].isEmpty {
                row += byPerson[k].map { (partner: $0.partner, quality: $0.quality) }
                row.sort { $0.partner < $1.partner }
            }
            for r in row { partner.append(r.partner); quality.append(r.quality) }
            offsets.append(partner.count)
        }
        return PairingGraph(people: g.people, partners: g.partners, capacity: g.capacity, offsets: offsets,
                            partner: partner, quality: quality, extraPlaceCost: g.extraPlaceCost)
    }

    var pastDeadline: Bool { deadline.map { clock.seconds >= $0 } ?? false }

    /// A deterministic budget of pivots per solve: far above what any roster
    /// measured needs (docs/performance.md), so only a broken run meets it.
    var pivotBudget: Int { 1_000_000 + 50 * (flow.engine.arcCount + flow.engine.nodeCount) }

    /// Engine, then pricing, until nothing prices out (or the time is up).
    /// With `earlyPricing` the engine also stops every that many pivots to
    /// price; a round there that finds nothing proves nothing (the tree is
    /// not optimal yet), so the engine goes on. Only a round at an optimum of
    /// the network that finds nothing ends it: the proof is the same.
    mutating func optimize() {
        proven = false
        // Pivots since the last optimum (the budget is per solve to an optimum, as without early rounds).
        var spent = 0
        while true {
            let started = clock.seconds
            let (clock, deadline) = (self.clock, self.deadline)
            let before = flow.engine.pivots
            let left = pivotBudget - spent
            let outcome = flow.engine.solve(pivotLimit: earlyPricing.map { min($0, left) } ?? left) { deadline.map { clock.seconds >= $0 } ?? false }
            spent += flow.engine.pivots - before
            stats.engineSeconds += clock.seconds - started
            precondition(outcome != .infeasible && outcome != .unbounded, "a pairing circulation is always feasible and bounded")
            // Stopped early to price: only when the budget and the deadline are not what stopped it.
            let early = outcome == .stopped && earlyPricing != nil && spent < pivotBudget && !pastDeadline
            guard outcome == .optimal || early else { return }
            guard let pricing else { proven = true; return }
            if pastDeadline { return }
            let found = pricing.priced(personPrice: (0..<flow.peopleCount).map(flow.personPrice), partnerPrice: (0..<flow.partnerCount).map(flow.partnerPrice),
                                       inNetwork: flow.inNetwork, perPerson: Self.pairsPerPerson, threads: threads, since: memory)
            memory = found.memory
            stats.pricingRounds += 1
            stats.fullyPriced += found.memory.fullyPriced
            stats.examined += found.examined
            if found.pairs.isEmpty {
                if outcome == .optimal { proven = true; return }
                continue
            }
            stats.pricedPairs += found.pairs.count
            for f in found.pairs { flow.addPair(person: Int(f.person), partner: Int(f.partner), quality: f.quality) }
            if outcome == .optimal { spent = 0 }
        }
    }

    /// Forbids the pairs (person position, partner position, quality): a
    /// pair not in the network enters it forbidden, so pricing never offers it.
    mutating func forbid(_ pairs: [(person: Int, partner: Int, quality: Int32)]) {
        for (k, j, q) in pairs { flow.forbid(flow.pair(person: k, partner: j) ?? flow.addPair(person: k, partner: j, quality: q)) }
        proven = false
    }

    /// GLPK certifies the engine's optimum (see the type's comment). A basis
    /// GLPK has to pivot from is replaced by GLPK's optimum, which the engine
    /// re-solves from; left-out pairs that price out with GLPK's duals enter
    /// the network and the engine continues. Without an engine optimum (time
    /// limit) nothing is certified.
    mutating func certify(solver: any LinearSolver) throws(SolverError) {
        stats.certifiedBy = nil
        var everyArc = false
        for _ in 0..<4 {
            guard proven, !pastDeadline else { return }
            // The LP's columns: the basis (tree arcs) and every arc at its upper
            // bound; the arcs left out sit at 0 and are priced with GLPK's duals
            // below, as the candidates left out of the network are.
            let arcs = everyArc ? Array(0..<flow.engine.arcCount) : Self.basisAndFullArcs(flow.engine)
            let remaining = deadline.map { max(0.001, $0 - clock.seconds) }
            let flowNow = flow
            let certificate = try flow.engine.certify(arcs: arcs, fixed: { flowNow.isForbiddenArc($0) }, solver: solver, timeLimit: remaining,
                                                      iterationLimit: 10 * (flow.engine.nodeCount + arcs.count) + 1_000)
            stats.certificates += 1
            stats.glpkPivots += certificate.pivots
            stats.certificateSeconds += certificate.seconds
            stats.lpColumns = certificate.columns
            switch certificate.termination {
            case .optimal: break
            case .timeLimit, .iterationLimit: return  // not certified: the engine's own proof stands
            default:
                // The certificate LP is feasible and bounded by construction.
                throw .unexpectedTermination(operation: "pairing certificate LP", termination: certificate.termination, solves: stats.certificates)
            }
            guard let potentials = certificate.potentials else { return }
            if !certificate.confirmed {
                // GLPK had to pivot: continue from its optimum.
                var flows = [Int64](repeating: 0, count: flow.engine.arcCount)
                for (c, k) in arcs.enumerated() { flows[k] = certificate.flows![c] }
                flow.restart(from: flows)
                optimize()
                continue
            }
            if !everyArc && flow.engine.hasNegativeArc(outside: arcs, potentials: potentials) {
                // An arc left out of the LP prices out with GLPK's duals: certify over every arc.
                everyArc = true
                continue
            }
            if let pricing {
                let hub = potentials[PairingFlow.hub]
                let found = pricing.priced(personPrice: (0..<flow.peopleCount).map { potentials[flow.personNode($0)] - hub },
                                           partnerPrice: (0..<flow.partnerCount).map { potentials[flow.partnerNode($0)] - hub },
                                           inNetwork: flow.inNetwork, perPerson: Self.pairsPerPerson, threads: threads, since: memory)
                // GLPK confirmed the engine's basis, so its duals are the engine's
                // potentials: from the last round, only what they changed is priced again.
                memory = found.memory
                stats.pricingRounds += 1
                stats.fullyPriced += found.memory.fullyPriced
                stats.examined += found.examined
                if !found.pairs.isEmpty {
                    stats.pricedPairs += found.pairs.count
                    for f in found.pairs { flow.addPair(person: Int(f.person), partner: Int(f.partner), quality: f.quality) }
                    optimize()
                    continue
                }
            }
            stats.certifiedBy = "glpk"
            return
        }
    }

    /// The arcs of the certificate LP: the tree arcs and the arcs at their upper bound.
    static func basisAndFullArcs(_ engine: NetworkSimplex) -> [Int] {
        (0..<engine.arcCount).filter { engine.isTreeArc($0) || engine.isAtUpper($0) }
    }

    /// The pairs and both phases' outcomes, over the network's graph (the
    /// stored graph plus every pair priced in).
    func solution() -> PairingSolution {
        let (graph, index) = flow.mergedGraph()
        let chosenInFlow = flow.chosenPairs()
        let chosen = chosenInFlow.map { $0 < 0 ? -1 : index[$0] }
        let paired = chosen.count { $0 >= 0 }
        let people = flow.peopleCount
        let seconds = clock.seconds
        // Forbidding pairs can only lower the maximum: König's count stays a bound.
        var cardinality = PhaseOutcome(status: people == 0 ? .empty : .optimal, objective: Double(paired),
                                       bound: Double(proven ? paired : max(paired, maximum)),
                                       seconds: cardinalitySeconds, details: [("candidate_pairs", graph.pairCount)])
        if cardinality.bound > cardinality.objective { cardinality.status = .feasible }
        cardinality.certifiedBy = people == 0 ? nil : (proven && stats.certifiedBy == "glpk" ? "glpk" : "konig")
        let objective = Double(flow.qualityObjective(chosenInFlow))
        var bound = objective
        if !proven { bound = max(objective, bestPairsBound(graph, paired: paired)) }
        var quality = PhaseOutcome(status: paired == 0 ? .empty : (proven ? .optimal : .feasible), objective: objective, bound: bound,
                                   seconds: seconds - cardinalitySeconds,
                                   details: [("cover_rounds", stats.coverRounds), ("pricing_rounds", stats.pricingRounds), ("priced_pairs", stats.pricedPairs + stats.coverPairs),
                                             ("pairs_examined", stats.examined), ("people_fully_priced", stats.fullyPriced), ("pivots", flow.engine.pivots), ("lp_columns", stats.lpColumns)]
                                             + (stats.warmPairs > 0 ? [("warm_start_pairs", stats.warmPairs)] : []))
        if paired > 0 {
            quality.certifiedBy = proven ? (stats.certifiedBy ?? "engine") : nil
            quality.glpkPivots = stats.glpkPivots
            quality.engineSeconds = stats.engineSeconds
        }
        return PairingSolution(chosenPair: chosen, cardinality: cardinality, quality: quality, graph: graph)
    }

    /// A bound without duals: the `paired` people with the best best pairs,
    /// each at that best pair with no extra-place cost. Valid for the left-out
    /// candidates too: each person's best pair is stored.
    func bestPairsBound(_ g: PairingGraph, paired: Int) -> Double {
        var best: [Int32] = []
        for k in g.people.indices where !g.pairs(of: k).isEmpty { best.append(g.pairs(of: k).map { g.quality[$0] }.max()!) }
        best.sort(by: >)
        return best.prefix(max(paired, maximum)).reduce(0.0) { $0 + Double($1) }
    }
}
