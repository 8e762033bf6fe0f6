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
    public var graph: PairingGraph

    /// The backup of `mentee` (a member index), if any.
    public func backup(of mentee: Int) -> Int? {
        assignments.element(where: \.mentee, is: mentee)?.backup
    }

    /// The candidate graph: people = matched mentees in member order,
    /// partners = every opted-in mentor (capacity `max_backups`), pairs = the
    /// mentor pairs the rules allow, except the primary.
    public static func candidates(for matching: MentorMatching, cohort: Cohort, threads: Int = 2) -> PairingGraph {
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
        let hasFreePlace = mentors.map { load[Int($0)] < members[Int($0)].mentorCapacity }
        let index = MentorIndex(cohort: cohort, mentors: mentors, rules: rules)

        let chunkCount = max(1, min(threads * 4, mentees.count / 256 + 1))
        let chunkSize = (mentees.count + chunkCount - 1) / chunkCount
        let results = UnsafeMutableBufferPointer<(counts: [Int32], mentor: [Int32], quality: [Int32])>.allocate(capacity: chunkCount)
        results.initialize(repeating: ([], [], []))
        defer { results.deinitialize(); results.deallocate() }
        let shared = SendableBuffer(results)
        let primaryOf = primary
        DispatchQueue.concurrentPerform(iterations: chunkCount) { c in
            let lo = c * chunkSize, hi = min(mentees.count, lo + chunkSize)
            var counts: [Int32] = [], mentor: [Int32] = [], quality: [Int32] = []
            var found: [Int32] = [], foundQuality: [Int32] = []
            if lo < hi {
                var scratch = index.makeScratch()
                for k in lo..<hi {
                    let i = Int(mentees[k])
                    found.removeAll(keepingCapacity: true)
                    foundQuality.removeAll(keepingCapacity: true)
                    index.candidates(of: i, scratch: &scratch, mentor: &found, quality: &foundQuality)
                    var n: Int32 = 0
                    for (p, q) in zip(found, foundQuality) where index.mentors[Int(p)] != primaryOf[i] {
                        mentor.append(p)
                        quality.append(q + (hasFreePlace[Int(p)] ? freePlaceBonus : 0))
                        n += 1
                    }
                    counts.append(n)
                }
            }
            shared.buffer[c] = (counts, mentor, quality)
        }
        var offsets = [0]
        offsets.reserveCapacity(mentees.count + 1)
        var allMentor: [Int32] = [], allQuality: [Int32] = []
        for r in results {
            for n in r.counts { offsets.append(offsets.last! + Int(n)) }
            allMentor += r.mentor
            allQuality += r.quality
        }
        let capacity = [Int32](repeating: Int32(cohort.policy.maxBackups), count: mentors.count)
        return PairingGraph(people: mentees, partners: mentors, capacity: capacity, offsets: offsets,
                            partner: allMentor, quality: allQuality, extraPlaceCost: extraBackupCost)
    }

    /// Chooses the backups for the mentees of `matching`.
    public static func solve(_ matching: MentorMatching, cohort: Cohort, solver: any LinearSolver,
                             timeLimit: Double? = nil, threads: Int = 2) throws(SolverError) -> BackupMentors {
        let g = candidates(for: matching, cohort: cohort, threads: threads)
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
        return BackupMentors(assignments: assignments, withoutBackup: without, cardinality: solution.cardinality,
                             quality: solution.quality, graph: g)
    }
}
