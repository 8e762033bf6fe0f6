/// The pairs chosen in a `PairingGraph`, with both phases' outcomes.
public struct PairingSolution: Sendable {
    /// Chosen pair per person position (an index into `graph`'s pairs), -1 for none.
    public var chosenPair: [Int]
    /// Phase 1: number of people paired (objective = bound = the proven maximum).
    public var cardinality: PhaseOutcome
    /// Phase 2: total quality minus extra-place costs, with its bound.
    public var quality: PhaseOutcome
    /// The graph the pairs index: the one solved, plus the candidates pricing brought in.
    public var graph: PairingGraph
}

/// Solves a pairing lexicographically: first the largest number of people
/// paired, then the best total quality among those (docs/mentoring.md §3):
/// the network simplex on `PairingFlow`, started from a maximum matching,
/// GLPK certifying its optimal basis (`PairingProblem`).
public enum PairingSolver {
    /// Solves `g` (every candidate pair is in it).
    public static func solve(_ g: PairingGraph, solver: any LinearSolver, timeLimit: Double? = nil, threads: Int = 2) throws(SolverError) -> PairingSolution {
        try solve(g, solver: solver, timeLimit: timeLimit, threads: threads, previous: [])
    }

    /// Solves `g`, the engine started from the `previous` pairs (pairs of
    /// `g`, as many as the places allow; a warm start, the same optimum).
    /// `previousEngine`: that solve's engine (its tree seeds this one's).
    static func solve(_ g: PairingGraph, solver: any LinearSolver, timeLimit: Double? = nil, threads: Int = 2,
                      previous: [FoundPair], previousEngine: PairingFlow? = nil) throws(SolverError) -> PairingSolution {
        var problem = PairingProblem<CandidatePricing<MentorIndex>>(graph: g, pricing: nil, qualityCap: g.quality.max() ?? 0, timeLimit: timeLimit,
                                                                    threads: threads, previous: previous.filter { f in g.pairs(of: Int(f.person)).contains { g.partner[$0] == f.partner } },
                                                                    previousEngine: previousEngine)
        problem.optimize()
        try problem.certify(solver: solver)
        return problem.solution()
    }
}

extension PairingSolver {
    /// A better maximum matching to start the simplex from: the maximum
    /// matching improved by moves that keep it on the max-cardinality face and
    /// raise quality — a person moves to a partner with a free place, or an
    /// unpaired person takes a partner's place from someone who may stay
    /// unpaired. Each move is a pivot the network simplex no longer has to
    /// make, at a small fraction of a pivot's cost.
    /// Returns the partner per person (-1 for none).
    static func improvedStart(_ g: PairingGraph, _ matching: MaximumMatching) -> [Int32] {
        var partnerOf = matching.mentorOf
        var pairOf = [Int](repeating: -1, count: g.people.count)
        var load = [Int32](repeating: 0, count: g.partners.count)
        for k in g.people.indices where partnerOf[k] >= 0 {
            load[Int(partnerOf[k])] += 1
            pairOf[k] = g.pairs(of: k).first { g.partner[$0] == partnerOf[k] }!
        }
        // Who holds each partner's places (small lists).
        var holders = [[Int32]](repeating: [], count: g.partners.count)
        for k in g.people.indices where partnerOf[k] >= 0 { holders[Int(partnerOf[k])].append(Int32(k)) }
        let c = Int(g.extraPlaceCost)
        for _ in 0..<4 {
            var moved = false
            for k in g.people.indices {
                let current = pairOf[k]
                if current >= 0 {
                    // Move to a partner with a free place (never out of a partner that must stay full).
                    let j = Int(g.partner[current])
                    if matching.mentorReachable[j] { continue }
                    let leaving = load[j] >= 2 ? c : 0
                    var best = current, bestGain = 0
                    for e in g.pairs(of: k) where e != current && matching.canBeInMaximum(mentee: k, mentor: Int(g.partner[e])) {
                        let j2 = Int(g.partner[e])
                        guard load[j2] < g.capacity[j2] else { continue }
                        let gain = Int(g.quality[e]) - Int(g.quality[current]) - (load[j2] >= 1 ? c : 0) + leaving
                        if gain > bestGain || (gain == bestGain && gain > 0 && e < best) { best = e; bestGain = gain }
                    }
                    guard bestGain > 0 else { continue }
                    let j2 = Int(g.partner[best])
                    holders[j].removeAll { $0 == Int32(k) }
                    holders[j2].append(Int32(k))
                    load[j] -= 1
                    load[j2] += 1
                    partnerOf[k] = Int32(j2)
                    pairOf[k] = best
                    moved = true
                } else if matching.menteeReachable[k] {
                    // Take a place from the holder whose pair is worst, if that one may stay unpaired.
                    var best = -1, bestGain = 0, bestVictim = -1
                    for e in g.pairs(of: k) where matching.canBeInMaximum(mentee: k, mentor: Int(g.partner[e])) {
                        let j = Int(g.partner[e])
                        for h in holders[j] where matching.menteeReachable[Int(h)] {
                            let gain = Int(g.quality[e]) - Int(g.quality[pairOf[Int(h)]])
                            if gain > bestGain { best = e; bestGain = gain; bestVictim = Int(h) }
                        }
                    }
                    guard best >= 0 else { continue }
                    let j = Int(g.partner[best])
                    holders[j].removeAll { $0 == Int32(bestVictim) }
                    holders[j].append(Int32(k))
                    partnerOf[bestVictim] = -1
                    pairOf[bestVictim] = -1
                    partnerOf[k] = Int32(j)
                    pairOf[k] = best
                    moved = true
                }
            }
            if !moved { break }
        }
        return partnerOf
    }
}

