/// A mentor pair chosen for the quarter.
public struct MentorPair: Sendable, Hashable {
    /// Member indices.
    public var mentee: Int
    public var mentor: Int
    /// Kept from last quarter.
    public var continuing: Bool
    /// The pair's quality (docs/mentoring.md).
    public var quality: Int
}

/// The mentor pairs of the quarter (SPEC §3.1): continuing pairs kept, then
/// as many mentees matched as possible, then the best quality among those
/// (`PairingSolver`).
public struct MentorMatching: Sendable {
    /// In mentee order.
    public var pairs: [MentorPair]
    /// Members who wanted a mentor and did not get one.
    public var unmatched: [Int]
    /// Phase 1: mentees matched (continuing pairs included).
    public var cardinality: PhaseOutcome
    /// Phase 2: total quality minus load cost of the new pairs, and its bound.
    public var quality: PhaseOutcome

    /// The matching of `candidates` without schedulability (`SchedulablePairs` adds it).
    public static func solve(_ candidates: MentorCandidates, cohort: Cohort, solver: any LinearSolver,
                             timeLimit: Double? = nil, threads: Int = 2) throws(SolverError) -> MentorMatching {
        var problem = candidates.problem(timeLimit: timeLimit, threads: threads)
        problem.optimize()
        try problem.certify(solver: solver)
        return MentorMatching(problem.solution(), continuing: candidates.continuing, cohort: cohort)
    }

}

extension MentorMatching {
    /// The pairs of a solved pairing, with the continuing pairs added.
    init(_ solution: PairingSolution, continuing: [(mentee: Int, mentor: Int)], cohort: Cohort) {
        let g = solution.graph
        let rules = MentorRules(policy: cohort.policy)
        var pairs: [MentorPair] = continuing.map { pair in
            MentorPair(mentee: pair.mentee, mentor: pair.mentor, continuing: true, quality: Int(rules.quality(mentee: pair.mentee, mentor: pair.mentor, in: cohort)))
        }
        for (k, e) in solution.chosenPair.enumerated() where e >= 0 {
            pairs.append(MentorPair(mentee: Int(g.people[k]), mentor: Int(g.partners[Int(g.partner[e])]), continuing: false, quality: Int(g.quality[e])))
        }
        pairs.sort { $0.mentee < $1.mentee }
        var matched = [Bool](repeating: false, count: cohort.members.count)
        for p in pairs { matched[p.mentee] = true }
        let unmatched = cohort.members.indices.filter { rules.isMentee(cohort.members[$0]) && !matched[$0] }
        var cardinality = solution.cardinality
        cardinality.objective += Double(continuing.count)
        cardinality.bound += Double(continuing.count)
        cardinality.details.insert(("continuing_pairs", continuing.count), at: 0)
        if continuing.count > 0 && cardinality.status == .empty { cardinality.status = .optimal }
        self.init(pairs: pairs, unmatched: unmatched, cardinality: cardinality, quality: solution.quality)
    }
}

extension MentorCandidates {
    /// The pairing problem of these candidates (pricing the pairs left out).
    func problem(timeLimit: Double?, threads: Int) -> PairingProblem<CandidatePricing<MentorIndex>> {
        PairingProblem(graph: graph, pricing: pricing, qualityCap: MentorRules.maximumQuality, timeLimit: timeLimit, threads: threads)
    }
}
