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
    /// The engine that solved it (`SchedulablePairs`), for warm re-solves
    /// of related problems (rematch, planning); nil otherwise.
    var engine: PairingFlow? = nil

    /// The matching of `candidates` without schedulability (`SchedulablePairs` adds it).
    /// `previous`: the matching of an earlier, related solve (member indices
    /// of `cohort`) to start the engine from — its pairs and, when it kept
    /// it, its engine's tree (a warm start, `PairingProblem`); the optimum is the same.
    public static func solve(_ candidates: MentorCandidates, cohort: Cohort, solver: any LinearSolver,
                             timeLimit: Double? = nil, threads: Int = 2, previous: MentorMatching? = nil) throws(SolverError) -> MentorMatching {
        var problem = candidates.problem(timeLimit: timeLimit, threads: threads, previous: previous, cohort: cohort)
        problem.optimize()
        try problem.certify(solver: solver)
        var matching = MentorMatching(problem.solution(), continuing: candidates.continuing, cohort: cohort)
        matching.engine = problem.flow
        return matching
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
    /// The pairing problem of these candidates (pricing the pairs left out),
    /// warm-started from `previous` (a matching of a related cohort, member
    /// indices of `cohort`): its pairs that are still candidates here, its
    /// engine's tree.
    func problem(timeLimit: Double?, threads: Int, previous: MentorMatching? = nil, cohort: Cohort? = nil) -> PairingProblem<CandidatePricing<MentorIndex>> {
        PairingProblem(graph: graph, pricing: pricing, qualityCap: MentorRules.maximumQuality, timeLimit: timeLimit, threads: threads,
                       previous: previous.flatMap { p in cohort.map { warmPairs(p.pairs, cohort: $0) } } ?? [], previousEngine: previous?.engine)
    }

    /// The `previous` pairs (member indices of this cohort) that are
    /// candidates here, as positions: stored pairs, and — when the graph is
    /// a stored part — pairs the rules allow and the index would price in.
    func warmPairs(_ previous: [MentorPair], cohort: Cohort) -> [FoundPair] {
        guard !previous.isEmpty else { return [] }
        let rules = MentorRules(policy: cohort.policy)
        return previous.compactMap { pair -> FoundPair? in
            guard !pair.continuing, let k = graph.people.position(of: Int32(pair.mentee)),
                  let p = graph.partners.position(of: Int32(pair.mentor)) else { return nil }
            if let e = graph.pairs(of: k).first(where: { graph.partner[$0] == Int32(p) }) { return FoundPair(person: Int32(k), partner: Int32(p), quality: graph.quality[e]) }
            guard pricing != nil, rules.violation(mentee: pair.mentee, mentor: pair.mentor, in: cohort) == nil,
                  !excluded.contains(MenteeMentor(mentee: pair.mentee, mentor: pair.mentor)) else { return nil }
            return FoundPair(person: Int32(k), partner: Int32(p), quality: rules.quality(mentee: pair.mentee, mentor: pair.mentor, in: cohort))
        }
    }
}
