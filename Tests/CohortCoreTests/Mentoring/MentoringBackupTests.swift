import CohortSolver
import Testing

@testable import CohortCore

/// The naive backup graph: every matched mentee × every opted-in mentor by
/// `MentorRules.violation`, the primary left out.
struct NaiveBackupGraph {
    var mentees: [Int] = []
    var mentors: [Int] = []
    var pairs: [(person: Int, partner: Int, quality: Int)] = []

    init(_ matching: MentorMatching, cohort: Cohort) {
        let rules = MentorRules(policy: cohort.policy)
        let members = cohort.members
        var primary: [Int: Int] = [:]
        var load: [Int: Int] = [:]
        for p in matching.pairs {
            primary[p.mentee] = p.mentor
            load[p.mentor, default: 0] += 1
        }
        mentees = matching.pairs.map(\.mentee)
        mentors = cohort.policy.maxBackups == 0 ? [] : members.indices.filter { members[$0].status == .active && members[$0].mentorCapacity > 0 }
        let (mentees, mentors) = (self.mentees, self.mentors)
        let (primaryOf, loadOf) = (primary, load)
        pairs = allPairs(people: mentees.count) { k in
            let i = mentees[k]
            var row: [(Int, Int)] = []
            for (p, j) in mentors.enumerated() where j != primaryOf[i] && rules.violation(mentee: i, mentor: j, in: cohort) == nil {
                let a = members[i], b = members[j]
                let shared = a.interests.tags.filter { b.skills.tags.contains($0) }.count
                let common = a.availability.slots.filter { b.availability.contains($0) }.count
                var q = Int(rules.quality(shared: shared, preferenceRank: a.preferredMentors.firstIndex(of: j), commonSlots: common))
                if loadOf[j, default: 0] < b.mentorCapacity { q += Int(BackupMentors.freePlaceBonus) }
                row.append((p, q))
            }
            return row
        }
    }
}

/// Backup mentors (SPEC §3.2) on generated rosters.
@Suite struct MentoringBackupTests {
    static let rosters: [(members: Int, seed: UInt64)] = [(200, 1)]
    static let largeRosters: [(members: Int, seed: UInt64)] = [(1_000, 3), (2_000, 5)]


    /// `backupsAreMaximumAndObeyRules` on the large rosters (slow suite).
    @Test(.tags(.slow), .inSlowSuite, arguments: largeRosters)
    func backupsAreMaximumAndObeyRulesLarge(members: Int, seed: UInt64) throws { try backupsAreMaximumAndObeyRules(members: members, seed: seed) }

    @Test(arguments: rosters)
    func backupsAreMaximumAndObeyRules(members: Int, seed: UInt64) throws {
        let cohort = try NaiveCache.shared.cohort(members, seed)
        let candidates = MentorCandidates(cohort: cohort)
        guard solverCanRun(candidates.graph, "mentor") else { return }
        let matching = try MentorMatching.solve(candidates, cohort: cohort, solver: GLPKSolver())
        let naive = NaiveBackupGraph(matching, cohort: cohort)

        // The full graph equals the naive one; a cut graph keeps each
        // mentee's best candidates.
        let g = BackupCandidates(matching: matching, cohort: cohort, limit: nil).graph
        #expect(g.people.map(Int.init) == naive.mentees)
        #expect(g.partners.map(Int.init) == naive.mentors)
        #expect(g.capacity.allSatisfy { Int($0) == cohort.policy.maxBackups })
        var expected = [[Int: Int]](repeating: [:], count: naive.mentees.count)
        for p in naive.pairs { expected[p.person][naive.mentors[p.partner]] = p.quality }
        #expect(pairSets(g) == expected)
        let cut = BackupCandidates(matching: matching, cohort: cohort, limit: 3)
        expectBestKept(cut.graph, truncated: cut.truncated, expected: expected, limit: 3)

        guard solverCanRun(g, "backup") else { return }
        let flow = maximumFlow(people: naive.mentees.count, partners: naive.mentors.count,
                               capacity: [Int](repeating: cohort.policy.maxBackups, count: naive.mentors.count),
                               pairs: naive.pairs.map { ($0.person, $0.partner) })
        // Over every candidate, or storing 1 or 8 per mentee and pricing the
        // rest in: the same maximum count and the same optimal quality.
        var solved: [BackupMentors] = []
        for limit in [nil, 1, BackupMentors.candidatesPerMentee] as [Int?] {
            let backups = try BackupMentors.solve(matching, cohort: cohort, solver: GLPKSolver(), limit: limit)
            #expect(backups.assignments.count == flow)
            #expect(backups.assignments.count + backups.withoutBackup.count == matching.pairs.count)
            #expect(backups.quality.status != .feasible)
            #expect(backups.quality.objective == solved.first?.quality.objective ?? backups.quality.objective)
            checkBackupRules(backups, matching: matching, cohort: cohort)
            solved.append(backups)
        }
        let backups = solved[1]

        // Reasons: every mentee without a backup gets one; "all full" exactly
        // when the mentee had candidates.
        let reasons = Reasons.backups(backups, matching: matching, cohort: cohort)
        #expect(reasons.map(\.member) == backups.withoutBackup)
        let position = Dictionary(uniqueKeysWithValues: naive.mentees.enumerated().map { ($1, $0) })
        for r in reasons {
            let has = !expected[position[r.member]!].isEmpty
            #expect((r.reason.kind == .allFull) == has, "\(cohort.members[r.member].id): \(r.reason)")
        }
    }

    /// Early pricing rounds (every few pivots, before an optimum; the backups
    /// price every 1.5 pivots per node) end at the same optimum as pricing
    /// only at optima, proven and certified: a round that finds nothing
    /// proves nothing until the engine is optimal. One stored candidate per
    /// mentee, so most pairs come from pricing; run twice, the same pairs.
    @Test(arguments: [1, 7, 60])
    func earlyPricingReachesTheSameOptimum(every: Int) throws {
        let cohort = try NaiveCache.shared.cohort(200, 1)
        let candidates = MentorCandidates(cohort: cohort)
        guard solverCanRun(candidates.graph, "mentor") else { return }
        let matching = try MentorMatching.solve(candidates, cohort: cohort, solver: GLPKSolver())
        let cut = BackupCandidates(matching: matching, cohort: cohort, limit: 1)
        #expect(cut.pricing != nil)
        func solved(_ early: Int?) throws -> (solution: PairingSolution, rounds: Int, pivots: Int) {
            var problem = PairingProblem(graph: cut.graph, pricing: cut.pricing, qualityCap: MentorRules.maximumQuality + BackupMentors.freePlaceBonus,
                                         timeLimit: nil, threads: 2, earlyPricing: early)
            problem.optimize()
            #expect(problem.proven)
            try problem.certify(solver: GLPKSolver())
            return (problem.solution(), problem.stats.pricingRounds, problem.flow.engine.pivots)
        }
        let atOptima = try solved(nil), early = try solved(every), again = try solved(every)
        let full = try BackupMentors.solve(matching, cohort: cohort, solver: GLPKSolver(), limit: .some(nil))
        #expect(early.solution.quality.status == .optimal && early.solution.quality.certifiedBy == "glpk")
        #expect(early.solution.cardinality.objective == atOptima.solution.cardinality.objective)
        #expect(early.solution.quality.objective == atOptima.solution.quality.objective)
        #expect(early.solution.quality.objective == full.quality.objective)
        #expect(early.rounds >= atOptima.rounds)
        if every == 1 { #expect(early.rounds > atOptima.rounds, "pricing after every pivot adds rounds (\(early.pivots) pivots)") }
        #expect(again.solution.chosenPair == early.solution.chosenPair && again.pivots == early.pivots)
    }

    @Test(arguments: [(60, UInt64(1), 1), (60, 2, 2), (50, 3, 1), (55, 4, 2)])
    func backupQualityIsOptimal(members: Int, seed: UInt64, maxBackups: Int) throws {
        let cohort = try generatedCohort(members: members, seed: seed, overrides: [.init(key: "max_backups", value: String(maxBackups))])
        let candidates = MentorCandidates(cohort: cohort)
        guard solverCanRun(candidates.graph, "mentor") else { return }
        let matching = try MentorMatching.solve(candidates, cohort: cohort, solver: GLPKSolver())
        let naive = NaiveBackupGraph(matching, cohort: cohort)
        guard solverCanRun(BackupCandidates(matching: matching, cohort: cohort, limit: nil).graph, "backup") else { return }
        let backups = try BackupMentors.solve(matching, cohort: cohort, solver: GLPKSolver())
        #expect(backups.quality.status == .optimal)
        #expect(backups.quality.certifiedBy == "glpk")
        let best = try directQualityOptimum(people: naive.mentees.count, partners: naive.mentors.count,
                                            capacity: [Int](repeating: maxBackups, count: naive.mentors.count), pairs: naive.pairs,
                                            extraPlaceCost: Int(BackupMentors.extraBackupCost))
        #expect(backups.assignments.count == best.paired)
        #expect(abs(backups.quality.objective - best.quality) < 1e-6)
        checkBackupRules(backups, matching: matching, cohort: cohort)
    }

    @Test func noBackupsWhenThePolicyAllowsNone() throws {
        let cohort = try generatedCohort(members: 200, seed: 1, overrides: [.init(key: "max_backups", value: "0")])
        let candidates = MentorCandidates(cohort: cohort)
        guard solverCanRun(candidates.graph, "mentor") else { return }
        let matching = try MentorMatching.solve(candidates, cohort: cohort, solver: GLPKSolver())
        let backups = try BackupMentors.solve(matching, cohort: cohort, solver: GLPKSolver())
        #expect(backups.assignments.isEmpty)
        #expect(backups.withoutBackup == matching.pairs.map(\.mentee))
        let reasons = Reasons.backups(backups, matching: matching, cohort: cohort)
        #expect(reasons.allSatisfy { $0.reason == UnservedReason(.noPlacesInPolicy, "max_backups is 0 in the policy") })
    }
}

/// The backup rules, one by one.
func checkBackupRules(_ backups: BackupMentors, matching: MentorMatching, cohort: Cohort) {
    let members = cohort.members
    let policy = cohort.policy
    let slots = Week.slotCount(minutes: policy.checkinMinutes)
    var primary: [Int: Int] = [:]
    var mentorLoad: [Int: Int] = [:]
    for p in matching.pairs {
        primary[p.mentee] = p.mentor
        mentorLoad[p.mentor, default: 0] += 1
    }
    var seen = Set<Int>()
    var load: [Int: Int] = [:]
    for x in backups.assignments {
        let a = members[x.mentee], b = members[x.backup]
        #expect(primary[x.mentee] == x.mentor, "\(a.id): primary")
        #expect(x.backup != x.mentor, "\(a.id): backup is the primary")
        #expect(seen.insert(x.mentee).inserted, "\(a.id): two backups")
        #expect(b.status == .active && b.mentorCapacity > 0, "\(b.id) is not an opted-in mentor")
        #expect(b.stage.rawValue - a.stage.rawValue >= policy.stageGap)
        if policy.requireSharedInterest { #expect(a.interests.tags.contains { b.skills.tags.contains($0) }) }
        #expect(naiveCommonWindow(a.availability, b.availability, length: slots))
        #expect(!a.avoid.contains(x.backup) && !b.avoid.contains(x.mentee))
        #expect(!(a.changeMentor && a.currentMentor == x.backup))
        #expect(x.backupHasFreePlace == (mentorLoad[x.backup, default: 0] < b.mentorCapacity))
        #expect(backups.backup(of: x.mentee) == x.backup)
        load[x.backup, default: 0] += 1
    }
    for (j, n) in load { #expect(n <= policy.maxBackups, "\(members[j].id) backs up \(n)") }
    // Backing up uses no mentor place: primary loads are untouched.
    for (j, n) in mentorLoad { #expect(n <= members[j].mentorCapacity) }
    #expect(Set(backups.withoutBackup).isDisjoint(with: seen))
}

/// A stored graph keeps each person's best pairs: every kept pair is a
/// candidate with its quality, a truncated person keeps at least `limit`, and
/// no pair left out beats the `limit`-th best kept one.
func expectBestKept(_ g: PairingGraph, truncated: [Bool], expected: [[Int: Int]], limit: Int, sourceLocation: SourceLocation = #_sourceLocation) {
    for (k, kept) in pairSets(g).enumerated() {
        let all = expected[k]
        #expect(kept.allSatisfy { all[$0.key] == $0.value }, sourceLocation: sourceLocation)
        if truncated[k] {
            #expect(kept.count >= min(limit, all.count), sourceLocation: sourceLocation)
            let threshold = kept.values.sorted(by: >)[min(limit, kept.count) - 1]
            #expect(all.filter { kept[$0.key] == nil }.allSatisfy { $0.value <= threshold }, sourceLocation: sourceLocation)
        } else {
            #expect(kept == all, sourceLocation: sourceLocation)
        }
    }
}
