import Dispatch

/// A backup mentor chosen for a matched mentee.
public struct BackupAssignment: Sendable, Hashable {
    /// Member indices.
    public var mentee: Int
    public var mentor: Int
    public var backup: Int
    /// The pair quality of mentee and backup, plus the free-place bonus when it applies.
    public var quality: Int
    /// The backup still had a free mentor place after the primary matching.
    public var backupHasFreePlace: Bool
}

/// Backup mentors (SPEC §3.2): for each matched mentee (continuing pairs
/// included) a second mentor who passes every pair rule with the mentee and
/// is not the primary. Each mentor backs up at most `max_backups` mentees;
/// backing up does not use a mentor place. Solved like the mentor pairs
/// (`PairingSolver`): as many mentees with a backup as possible, then the
/// best quality. See docs/mentoring.md.
public struct BackupMentors: Sendable {
    /// Added to a pair's quality when the backup still has a free mentor
    /// place after the primary matching, so could really take the mentee.
    public static let freePlaceBonus: Int32 = 20
    /// The cost of a mentor's second (and later) backup mentee: spreads the
    /// backups so one mentor stepping back moves few mentees at once.
    public static let extraBackupCost: Int32 = 10

    /// Matched mentees who got a backup, in member order.
    public var assignments: [BackupAssignment]
    /// Matched mentees who got no backup, in member order.
    public var withoutBackup: [Int]
    /// Phase 1: mentees given a backup.
    public var cardinality: PhaseOutcome
    /// Phase 2: total quality minus load cost.
    public var quality: PhaseOutcome
    /// The candidate graph solved (people = matched mentees, partners = opted-in mentors).
    public var candidates: BackupCandidates
    public var graph: PairingGraph { candidates.graph }

    /// Candidates kept per mentee in the stored graph on large rosters
    /// (`BackupCandidates.storedLimit`); the others are priced in as needed.
    public static let candidatesPerMentee = 8

    /// Pivots between the backups' pricing rounds before an optimum
    /// (`PairingProblem`'s `earlyPricing`): 1.5 per node of the network
    /// (mentees + mentors). Pricing only at each optimum, the engine first
    /// drives the tree to the stored graph's optimum and then away from it
    /// again once the priced pairs enter; on the 100k roster (47,292 nodes)
    /// pricing every 60,000–90,000 pivots took 720–755k pivots instead of
    /// 1,042k, every 30,000–45,000 or 150,000 more (docs/performance.md).
    static func earlyPricingPivots(_ graph: PairingGraph) -> Int {
        3 * (graph.people.count + graph.partners.count + 1) / 2
    }

    /// The backup of `mentee` (a member index), if any.
    public func backup(of mentee: Int) -> Int? {
        assignments.element(where: \.mentee, is: mentee)?.backup
    }

    /// Chooses the backups for the mentees of `matching`: the most mentees
    /// with a backup, then the best quality, over every candidate pair.
    /// `limit`: candidates each mentee keeps in the stored graph (nil: all;
    /// the default depends on the roster's size); the rest are priced in.
    public static func solve(_ matching: MentorMatching, cohort: Cohort, solver: any LinearSolver,
                             timeLimit: Double? = nil, threads: Int = 2, limit: Int?? = nil) throws(SolverError) -> BackupMentors {
        let clock = Stopwatch()
        let candidates = BackupCandidates(matching: matching, cohort: cohort, limit: limit ?? BackupCandidates.storedLimit(matching: matching, cohort: cohort),
                                          threads: threads)
        var problem = PairingProblem(graph: candidates.graph, pricing: candidates.pricing,
                                     qualityCap: MentorRules.maximumQuality + freePlaceBonus, timeLimit: timeLimit, threads: threads,
                                     earlyPricing: earlyPricingPivots(candidates.graph))
        problem.optimize()
        try problem.certify(solver: solver)
        let solution = problem.solution()
        let g = solution.graph
        var load = [Int](repeating: 0, count: cohort.members.count)
        for p in matching.pairs { load[p.mentor] += 1 }
        var assignments: [BackupAssignment] = []
        var without: [Int] = []
        for (k, pair) in matching.pairs.enumerated() {
            let e = solution.chosenPair[k]
            if e < 0 {
                without.append(pair.mentee)
                continue
            }
            let backup = Int(g.partners[Int(g.partner[e])])
            let free = load[backup] < cohort.members[backup].mentorCapacity
            assignments.append(BackupAssignment(mentee: pair.mentee, mentor: pair.mentor, backup: backup,
                                                quality: Int(g.quality[e]), backupHasFreePlace: free))
        }
        // Seconds of the whole phase: candidates and count, then everything after.
        var cardinality = solution.cardinality, quality = solution.quality
        cardinality.seconds = (clock.seconds - problem.clock.seconds) + problem.cardinalitySeconds
        quality.seconds = clock.seconds - cardinality.seconds
        return BackupMentors(assignments: assignments, withoutBackup: without, cardinality: cardinality,
                             quality: quality, candidates: candidates.solved(g))
    }
}

/// The candidate graph of the backups: people = matched mentees in member
/// order, partners = every opted-in mentor (capacity `max_backups`), pairs =
/// the mentor pairs the rules allow except the primary, with the free-place
/// bonus. On large rosters a mentee keeps their best `limit` and the rest
/// are found by `pricing` when the solve needs them.
public struct BackupCandidates: Sendable {
    public let graph: PairingGraph
    /// Per person position: whether candidates were left out of the graph.
    public let truncated: [Bool]
    /// Finds the pairs left out (nil: none was).
    let pricing: CandidatePricing<MentorIndex>?

    /// Every pair up to about 3 million mentee × mentor combinations, the
    /// best `BackupMentors.candidatesPerMentee` per mentee above.
    public static func storedLimit(matching: MentorMatching, cohort: Cohort) -> Int? {
        let rules = MentorRules(policy: cohort.policy)
        return matching.pairs.count * cohort.members.count(where: rules.isMentor) > 3_000_000 ? BackupMentors.candidatesPerMentee : nil
    }

    public init(matching: MentorMatching, cohort: Cohort, limit: Int?, threads: Int = 2) {
        let rules = MentorRules(policy: cohort.policy)
        let members = cohort.members
        var load = [Int](repeating: 0, count: members.count)
        for p in matching.pairs { load[p.mentor] += 1 }
        let mentees = matching.pairs.map { Int32($0.mentee) }  // pairs are in mentee order
        let primaries = matching.pairs.map { Int32($0.mentor) }
        var mentors: [Int32] = []
        for (j, m) in members.enumerated() where rules.isMentor(m) && cohort.policy.maxBackups > 0 { mentors.append(Int32(j)) }
        let index = MentorIndex(cohort: cohort, mentors: mentors, rules: rules)
        let bonus = mentors.map { load[Int($0)] < members[Int($0)].mentorCapacity ? BackupMentors.freePlaceBonus : 0 }
        let groups = BonusGroups(bonus)
        let rows = Array(Self.chunks(mentees.count, threads)).parallelMap(threads: threads) { range in
            var out: [BuddyCandidates.Row] = []
            if let limit {
                var scratch = index.makeTierScratch()
                var found: [FoundCandidate] = []
                for k in range {
                    out.append(index.best(of: Int(mentees[k]), excluded: Int(primaries[k]), limit: limit, bonus: groups, scratch: &scratch, found: &found))
                }
            } else {
                var scratch = index.makeTierScratch()
                for k in range { out.append(index.all(of: Int(mentees[k]), excluded: Int(primaries[k]), bonus: bonus, scratch: &scratch)) }
            }
            return out
        }.flatMap { $0.get() }
        graph = PairingGraph(people: mentees, partners: mentors, places: cohort.policy.maxBackups, rows: rows,
                             extraPlaceCost: BackupMentors.extraBackupCost)
        truncated = rows.map(\.truncated)
        pricing = truncated.contains(true) ? CandidatePricing(index: index, people: mentees, excluded: primaries, bonus: bonus,
                                                                  leftOut: rows.map(\.leftOut)) : nil
    }

    private init(graph: PairingGraph, truncated: [Bool], pricing: CandidatePricing<MentorIndex>?) {
        self.graph = graph
        self.truncated = truncated
        self.pricing = pricing
    }

    /// The candidates a solve ended with: `network` (this graph and every pair priced in).
    func solved(_ network: PairingGraph) -> BackupCandidates {
        BackupCandidates(graph: network, truncated: truncated, pricing: pricing)
    }

    /// About 4 ranges per thread over `count` items.
    static func chunks(_ count: Int, _ threads: Int) -> [Range<Int>] {
        CandidatePricing<MentorIndex>.chunks(count, threads)
    }
}
