import CohortSolver
import Testing

@testable import CohortCore

/// Warm re-solves (docs/mentoring.md §3.7): the engine started from an earlier
/// solve's pairs reaches an optimum of the same value as a cold solve, with
/// fewer pivots.
@Suite("Pairing warm starts")
struct WarmStartTests {
    static func detail(_ o: PhaseOutcome, _ name: String) -> Int? { o.details.first { $0.name == name }?.value }

    /// The planning search's step: the same roster with a few more mentors
    /// (recruits), started from the pairs and tree of the roster without them.
    /// (Measured on this roster, full graph: cold 761 / 702 / 818 pivots for
    /// 1 / 4 / 12 recruits, warm 191 / 229 / 950: a warm start pays while the
    /// step is small, as between neighbouring steps of the search.)
    @Test("a few more mentors: the same optimum as a cold solve, fewer pivots", arguments: [nil, 3] as [Int?])
    func recruitsWarmStart(limit: Int?) throws {
        let base = try generatedCohort(members: 1000, seed: 4)
        let before = try MentorMatching.solve(MentorCandidates(cohort: base, threads: 1, limit: limit), cohort: base, solver: GLPKSolver(), threads: 1)
        let grown = SimulatedRoster.withRecruits(base, count: 2)
        let candidates = MentorCandidates(cohort: grown, threads: 1, limit: limit)
        if limit != nil { #expect(candidates.truncated.contains(true), "the stored graph leaves pairs out: pricing must bring the warm pairs in") }
        let cold = try MentorMatching.solve(candidates, cohort: grown, solver: GLPKSolver(), threads: 1)
        let warm = try MentorMatching.solve(candidates, cohort: grown, solver: GLPKSolver(), threads: 1, previous: before)
        #expect(cold.quality.status == .optimal && warm.quality.status == .optimal)
        #expect(warm.pairs.count == cold.pairs.count)
        #expect(warm.quality.objective == cold.quality.objective)
        #expect(warm.quality.certifiedBy == "glpk")
        let kept = try #require(Self.detail(warm.quality, "warm_start_pairs"))
        #expect(kept >= before.pairs.count(where: { !$0.continuing }) * 9 / 10, "almost every earlier pair is still a candidate")
        // Unchanged roster: the previous tree is optimal as it stands (with a
        // stored graph, the pairs priced in before are not in the new network
        // at first, so part of the tree is rebuilt).
        let again = try MentorMatching.solve(MentorCandidates(cohort: base, threads: 1, limit: limit), cohort: base, solver: GLPKSolver(), threads: 1, previous: before)
        #expect(again.quality.objective == before.quality.objective)
        let againPivots = try #require(Self.detail(again.quality, "pivots")), beforePivots = try #require(Self.detail(before.quality, "pivots"))
        #expect(limit == nil ? againPivots <= 2 : againPivots < beforePivots, "again \(againPivots), first \(beforePivots)")
        let coldPivots = try #require(Self.detail(cold.quality, "pivots")), warmPivots = try #require(Self.detail(warm.quality, "pivots"))
        #expect(warmPivots < coldPivots, "warm \(warmPivots) pivots, cold \(coldPivots)")
    }

    /// Previous pairs that are no candidates any more (a mentor gone, a pair
    /// now avoided) or that overfill a mentor are skipped, never used.
    @Test("stale previous pairs are skipped")
    func stalePairs() throws {
        let cohort = try generatedCohort(members: 600, seed: 2)
        let candidates = MentorCandidates(cohort: cohort, threads: 1)
        let cold = try MentorMatching.solve(candidates, cohort: cohort, solver: GLPKSolver(), threads: 1)
        let rules = MentorRules(policy: cohort.policy)
        let mentee = Int(try #require(candidates.graph.people.first))
        let nonMentor = try #require(cohort.members.indices.first { !rules.isMentor(cohort.members[$0]) && $0 != mentee })
        // Every mentee "previously" with one and the same mentor, plus a pair with someone who is no mentor.
        let mentor = try #require(cold.pairs.first { !$0.continuing }).mentor
        var previous = cold.pairs.filter { !$0.continuing }.map { MentorPair(mentee: $0.mentee, mentor: mentor, continuing: false, quality: 0) }
        previous.append(MentorPair(mentee: mentee, mentor: nonMentor, continuing: false, quality: 0))
        var stale = cold
        stale.pairs = previous
        stale.engine = nil
        let warm = try MentorMatching.solve(candidates, cohort: cohort, solver: GLPKSolver(), threads: 1, previous: stale)
        #expect(warm.pairs.count == cold.pairs.count)
        #expect(warm.quality.objective == cold.quality.objective)
        #expect((Self.detail(warm.quality, "warm_start_pairs") ?? 0) <= cohort.members[mentor].mentorCapacity)
    }

    /// Rematch: the affected mentees' pairing starts from their backup
    /// mentors, and ends where a cold solve of the same graph ends. (The
    /// rematch graph is small — here 8 pivots either way — so a warm start
    /// cannot save much; the test holds it to no more pivots than cold.)
    @Test("rematch: started from the backups, the same optimum, no more pivots", .tags(.slow), .inSlowSuite)
    func rematchFromBackups() throws {
        // Many mentors, so that places are left over for the moved mentees (as RematchTests).
        let cohort = try generatedCohort(RosterGenerator.Parameters(memberCount: 500, seed: 21, stageWeights: [25, 20, 20, 20, 15], mentorShare: 1.0, availabilityDensity: 0.8))
        let base = try Batch.run(cohort, solver: GLPKSolver(), threads: 1)
        // Mentors with a mentee whose backup has a free place: someone can move.
        let movable = Set(base.backups.assignments.filter(\.backupHasFreePlace).map(\.mentor)).sorted().prefix(6)
        let request = MentorRematch.Request(release: movable.map { cohort.members[$0].id }, change: [])
        let outcome = try MentorRematch.apply(request, to: base, solver: GLPKSolver(), threads: 1)
        let warmPairs = try #require(Self.detail(outcome.mentors, "warm_start_pairs"))
        #expect(warmPairs > 0)
        // The same graph, solved cold.
        let affected = MentorRematch.Affected(request, base: base)
        let graph = MentorCandidates(cohort: MentorRematch.rematchCohort(affected), threads: 1).graph
            .adding { person, partner in partner == base.backups.backup(of: person) ? MentorRematch.backupBonus : 0 }
        let cold = try PairingSolver.solve(graph, solver: GLPKSolver(), threads: 1)
        #expect(outcome.mentors.objective == cold.quality.objective)
        #expect(outcome.mentors.status == .optimal)
        let coldPivots = try #require(Self.detail(cold.quality, "pivots")), warmPivots = try #require(Self.detail(outcome.mentors, "pivots"))
        #expect(warmPivots <= coldPivots, "warm \(warmPivots) pivots, cold \(coldPivots)")
    }
}

