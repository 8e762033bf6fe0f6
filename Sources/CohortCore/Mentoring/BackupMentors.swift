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

    /// Candidates kept per mentee before the cover check (as for buddies).
    public static let candidatesPerMentee = 32

    /// The backup of `mentee` (a member index), if any.
    public func backup(of mentee: Int) -> Int? {
        assignments.element(where: \.mentee, is: mentee)?.backup
    }

    /// Chooses the backups for the mentees of `matching`.
    /// `limit`: candidates kept per mentee (nil: all); see `Buddies` for why
    /// the count stays exact and how the quality is bounded.
    public static func solve(_ matching: MentorMatching, cohort: Cohort, solver: any LinearSolver,
                             timeLimit: Double? = nil, threads: Int = 2, limit: Int? = candidatesPerMentee) throws(SolverError) -> BackupMentors {
        let (candidates, widened) = BackupCandidates(matching: matching, cohort: cohort, limit: limit, threads: threads)
            .widenedUntilCovered(threads: threads)
        let g = candidates.graph
        let solution = try PairingSolver.solve(g, solver: solver, timeLimit: timeLimit, threads: threads)
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
        var cardinality = solution.cardinality
        cardinality.details.append(("widened_mentees", widened))
        let quality = boundedQuality(solution, graph: g, truncated: candidates.truncated, limit: limit)
        return BackupMentors(assignments: assignments, withoutBackup: without, cardinality: cardinality,
                             quality: quality, candidates: candidates)
    }
}

/// The quality outcome of a pairing whose people kept only their best
/// `limit` candidates: unchanged when nothing was cut or `limit` ≥ people
/// (nothing is lost then); otherwise bounded by the sum of the best
/// candidates of the k* people with the best ones (docs/mentoring.md).
func boundedQuality(_ solution: PairingSolution, graph g: PairingGraph, truncated: [Bool], limit: Int?) -> PhaseOutcome {
    var quality = solution.quality
    let cut = truncated.reduce(0) { $0 + ($1 ? 1 : 0) }
    quality.details.append(("truncated_people", cut))
    guard cut > 0, (limit ?? Int.max) < g.people.count else { return quality }
    var best: [Int32] = []
    for k in g.people.indices where !g.pairs(of: k).isEmpty {
        best.append(g.pairs(of: k).map { g.quality[$0] }.max()!)
    }
    best.sort(by: >)
    quality.bound = Double(best.prefix(Int(solution.cardinality.objective)).reduce(0) { $0 + Int($1) })
    if quality.objective < quality.bound - 1e-9 { quality.status = .feasible }
    return quality
}

/// The candidate graph of the backups: people = matched mentees in member
/// order, partners = every opted-in mentor (capacity `max_backups`), pairs =
/// the mentor pairs the rules allow except the primary, with the free-place
/// bonus. A mentee with many candidates keeps the best `limit`.
public struct BackupCandidates: Sendable, TruncatedCandidates {
    public let graph: PairingGraph
    /// Per person position: whether candidates were left out of the graph.
    public let truncated: [Bool]
    private let rows: [BuddyCandidates.Row]
    private let context: Context

    struct Context: Sendable {
        let index: MentorIndex
        let primary: [Int32]
        let hasFreePlace: [Bool]
        let maxBackups: Int
    }

    public init(matching: MentorMatching, cohort: Cohort, limit: Int? = BackupMentors.candidatesPerMentee, threads: Int = 2) {
        let rules = MentorRules(policy: cohort.policy)
        let members = cohort.members
        var primary = [Int32](repeating: -1, count: members.count)
        var load = [Int](repeating: 0, count: members.count)
        for p in matching.pairs {
            primary[p.mentee] = Int32(p.mentor)
            load[p.mentor] += 1
        }
        let mentees = matching.pairs.map { Int32($0.mentee) }  // pairs are in mentee order
        var mentors: [Int32] = []
        for (j, m) in members.enumerated() where rules.isMentor(m) && cohort.policy.maxBackups > 0 { mentors.append(Int32(j)) }
        let context = Context(index: MentorIndex(cohort: cohort, mentors: mentors, rules: rules), primary: primary,
                              hasFreePlace: mentors.map { load[Int($0)] < members[Int($0)].mentorCapacity }, maxBackups: cohort.policy.maxBackups)
        var rows = [BuddyCandidates.Row](repeating: .init(), count: mentees.count)
        BackupCandidates.search(context, mentees: mentees, positions: Array(mentees.indices), limit: limit, threads: threads, into: &rows)
        self.init(rows: rows, mentees: mentees, context: context)
    }

    private init(rows: [BuddyCandidates.Row], mentees: [Int32], context: Context) {
        graph = PairingGraph(people: mentees, partners: context.index.mentors, places: context.maxBackups, rows: rows,
                             extraPlaceCost: BackupMentors.extraBackupCost)
        truncated = rows.map(\.truncated)
        self.rows = rows
        self.context = context
    }

    /// The same graph with every candidate of the people at `positions`.
    func widened(_ positions: [Int], threads: Int) -> BackupCandidates {
        var rows = self.rows
        BackupCandidates.search(context, mentees: graph.people, positions: positions, limit: nil, threads: threads, into: &rows)
        return BackupCandidates(rows: rows, mentees: graph.people, context: context)
    }

    private static func search(_ context: Context, mentees: [Int32], positions: [Int], limit: Int?, threads: Int, into rows: inout [BuddyCandidates.Row]) {
        let index = context.index
        let chunkCount = max(1, min(threads * 4, positions.count / 128 + 1))
        let chunkSize = (positions.count + chunkCount - 1) / chunkCount
        let results = Array(0..<chunkCount).parallelMap(threads: threads) { c in
            let lo = c * chunkSize, hi = min(positions.count, lo + chunkSize)
            var out: [BuddyCandidates.Row] = []
            var found: [Int32] = [], foundQuality: [Int32] = []
            var scratch = index.makeScratch()
            for k in lo..<max(lo, hi) {
                let i = Int(mentees[positions[k]])
                found.removeAll(keepingCapacity: true)
                foundQuality.removeAll(keepingCapacity: true)
                index.candidates(of: i, scratch: &scratch, mentor: &found, quality: &foundQuality)
                var row = BuddyCandidates.Row()
                for (p, q) in zip(found, foundQuality) where index.mentors[Int(p)] != context.primary[i] {
                    row.partner.append(p)
                    row.quality.append(q + (context.hasFreePlace[Int(p)] ? BackupMentors.freePlaceBonus : 0))
                }
                if let limit, row.partner.count > limit {
                    // Best first; ties in an order rotated per mentee, so
                    // mentees with equal options spread over mentors.
                    let n = index.mentors.count
                    let rotation = Int(BuddyIndex.mix(UInt64(i)) % UInt64(max(n, 1)))
                    let order = row.partner.indices.sorted {
                        let (a, b) = (row.quality[$0], row.quality[$1])
                        if a != b { return a > b }
                        return (Int(row.partner[$0]) - rotation + n) % n < (Int(row.partner[$1]) - rotation + n) % n
                    }.prefix(limit)
                    row = BuddyCandidates.Row(partner: order.map { row.partner[$0] }, quality: order.map { row.quality[$0] }, truncated: true)
                }
                out.append(row)
            }
            return out
        }
        for c in 0..<chunkCount {
            for (t, row) in results[c].get().enumerated() { rows[positions[c * chunkSize + t]] = row }
        }
    }
}
