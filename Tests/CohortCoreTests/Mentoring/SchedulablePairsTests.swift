import CohortSolver
import Testing

@testable import CohortCore

private let columns = "id,stage,status,availability,interests,skills,mentor_capacity,wants_mentor,wants_team,current_mentor"

@Suite struct SchedulablePairsTests {
    /// m could take both a and b, but they share only Tue 18:00–18:30 with
    /// him: one 30-minute check-in fits, so only one of them gets m.
    @Test func mentorSharingOneSlotWithTwoMenteesTakesOne() throws {
        let cohort = try handCohort("""
            \(columns)
            a,1,active,Tue 18:00-18:30,data,,0,yes,no,
            b,1,active,Tue 18:00-18:30,data,,0,yes,no,
            m,3,active,Tue 17:00-20:00,,data,2,no,no,
            """)
        let candidates = MentorCandidates(cohort: cohort)
        // Unconstrained, the matching takes both.
        #expect(try MentorMatching.solve(candidates, cohort: cohort, solver: GLPKSolver()).pairs.count == 2)

        let r = try Batch.run(cohort, solver: GLPKSolver())
        #expect(r.mentoring.pairs.count == 1)
        #expect(r.mentoring.pairs.first?.mentor == 2)
        let detail = Dictionary(uniqueKeysWithValues: r.mentoring.cardinality.details.map { ($0.name, $0.value) })
        #expect(detail["unschedulable_pairs_forbidden"] == 1)
        #expect(detail["schedulable_resolves"] == 1)
        // The other mentee is told who and why.
        let left = try #require(r.mentoring.unmatched.first)
        let kept = cohort.members[try #require(r.mentoring.pairs.first).mentee].id
        let reason = try #require(r.unserved.first { $0.member == left && $0.need == .mentor }).reason
        #expect(reason.kind == .noCommonWindow)
        #expect(reason.message == "mentor m fits the rules, but every check-in time you share (Tue 18:00–18:30 UTC) is needed by m's check-in with \(kept)")
        // And the one pair is scheduled.
        #expect(r.schedule.unscheduled.isEmpty)
        #expect(r.schedule.checkInEvent.count == 1 && r.schedule.checkInEvent.allSatisfy { $0 != nil })
    }

    /// With a second, later slot for b, both fit and nothing is forbidden.
    @Test func twoSlotsNothingForbidden() throws {
        let cohort = try handCohort("""
            \(columns)
            a,1,active,Tue 18:00-18:30,data,,0,yes,no,
            b,1,active,Tue 18:00-19:00,data,,0,yes,no,
            m,3,active,Tue 17:00-20:00,,data,2,no,no,
            """)
        let r = try SchedulablePairs.solve(MentorCandidates(cohort: cohort), cohort: cohort, solver: GLPKSolver())
        #expect(r.matching.pairs.count == 2)
        #expect(r.forbidden.isEmpty && r.resolves == 0)
    }

    /// The clash test takes the weakest new pair whose removal lets the rest
    /// fit, and never a continuing pair.
    @Test func clashesPickTheWeakestFixingNewPair() throws {
        let cohort = try handCohort("""
            \(columns)
            a,1,active,Tue 18:00-18:30,data,,0,yes,no,
            b,1,active,Tue 18:00-18:30,data,,0,yes,no,
            c,1,active,Wed 18:00-18:30,data,,0,yes,no,
            m,3,active,Tue 17:00-20:00;Wed 18:00-18:30,,data,3,no,no,
            """)
        let pairs = [MentorPair(mentee: 0, mentor: 3, continuing: true, quality: 1),
                     MentorPair(mentee: 1, mentor: 3, continuing: false, quality: 50),
                     MentorPair(mentee: 2, mentor: 3, continuing: false, quality: 2)]
        // c is the weakest, but dropping c does not help: b goes.
        let f = SchedulablePairs.clashes(pairs, cohort: cohort)
        #expect(f == [SchedulablePairs.Forbidden(mentee: 1, mentor: 3, member: 3, others: [0, 2])])
        // Two continuing pairs that clash cannot be undone here (the schedule explains them).
        let both = [MentorPair(mentee: 0, mentor: 3, continuing: true, quality: 1), MentorPair(mentee: 1, mentor: 3, continuing: true, quality: 1)]
        #expect(SchedulablePairs.clashes(both, cohort: cohort).isEmpty)
    }

    /// On a generated roster with clashes, storing 2 candidates per mentee
    /// (so re-solves forbid pairs left out of the network too) gives the
    /// same forbidden set and pairs as the full graph when the engine's
    /// choices agree, and in any case a certified optimum over the graph
    /// without the forbidden pairs: the independent maximum flow over it.
    @Test(arguments: [(2_000, UInt64(5)), (2_000, 1)])
    func storedGraphResolvesAreWarmAndCertified(members: Int, seed: UInt64) throws {
        let cohort = try NaiveCache.shared.cohort(members, seed)
        let naive = try NaiveCache.shared.mentorGraph(members, seed)
        let stored = MentorCandidates(cohort: cohort, limit: 2)
        let clock = Stopwatch()
        let r = try SchedulablePairs.solve(stored, cohort: cohort, solver: GLPKSolver())
        let wall = clock.seconds
        #expect(r.resolves > 0)
        #expect(r.matching.quality.status == .optimal)
        #expect(r.matching.quality.certifiedBy == "glpk")
        #expect(r.matching.quality.glpkPivots == 0)
        // The maximum over every candidate pair but the forbidden ones.
        let detail = Dictionary(uniqueKeysWithValues: r.matching.cardinality.details.map { ($0.name, $0.value) })
        var forbidden = Set<[Int]>()
        for f in r.candidates.excluded { forbidden.insert([f.mentee, f.mentor]) }
        #expect(forbidden.count == detail["candidate_pairs_forbidden"])
        let allowed = naive.pairs.filter { !forbidden.contains([naive.mentees[$0.person], naive.mentors[$0.partner]]) }
        let flow = maximumFlow(people: naive.mentees.count, partners: naive.mentors.count, capacity: naive.placesLeft,
                               pairs: allowed.map { ($0.person, $0.partner) })
        #expect(r.matching.pairs.count == naive.continuing.count + flow)
        // Every schedulability re-solve, the certificate and the checks are inside the phase's seconds.
        let reported = r.matching.cardinality.seconds + r.matching.quality.seconds
        #expect(reported <= wall + 1e-6)
        #expect(reported >= 0.95 * wall, "phases report \(reported) s of \(wall) s")
    }

    /// `fittingStarts` is exact: one more check-in with starts S fits beside
    /// the kept ones exactly when S meets the fitting starts (random kept
    /// check-ins and random S, against the exhaustive test itself).
    @Test func fittingStartsDecideLikeTheExhaustiveTest() {
        var rng = SeededRandom(seed: 11)
        func randomSlots(runs: Int) -> WeekSlots {
            var s = WeekSlots()
            for _ in 0..<runs { s.insert(start: Int(rng.next() % UInt64(Week.slots - 12)), count: 1 + Int(rng.next() % 8)) }
            return s
        }
        var fits = 0, clashes = 0
        for _ in 0..<300 {
            let length = 1 + Int(rng.next() % 3)
            let kept = (0..<(1 + Int(rng.next() % 3))).map { _ in (starts: randomSlots(runs: 1 + Int(rng.next() % 2)), length: length) }
            let mine = randomSlots(runs: 12)
            let fitting = SchedulablePairs.fittingStarts(mine, beside: kept, length: length)
            for _ in 0..<5 {
                let common = mine.intersection(randomSlots(runs: 12))
                let exhaustive = ScheduleFeasibility.canPlaceDisjoint(kept + [(starts: common, length: length)])
                #expect(common.intersects(fitting) == exhaustive)
                if exhaustive { fits += 1 } else { clashes += 1 }
            }
        }
        #expect(fits > 50 && clashes > 50, "both outcomes tested: \(fits) fit, \(clashes) clash")
    }

    /// On a graph that holds every candidate, the search through the rules
    /// (the stored-graph path, with its `fittingStarts` filter) forbids the
    /// same pairs as the walk over the graph's pairs.
    @Test(arguments: [UInt64(5), 1])
    func alsoClashingByRulesMatchesTheCompleteGraph(seed: UInt64) throws {
        let cohort = try NaiveCache.shared.cohort(2_000, seed)
        let candidates = MentorCandidates(cohort: cohort)
        #expect(candidates.pricing == nil)
        let matching = try MentorMatching.solve(candidates, cohort: cohort, solver: GLPKSolver())
        let clashes = SchedulablePairs.clashes(matching.pairs, cohort: cohort)
        #expect(!clashes.isEmpty)
        let walked = SchedulablePairs.alsoClashing(clashes, pairs: matching.pairs, graph: candidates.graph, complete: true, cohort: cohort)
        let searched = SchedulablePairs.alsoClashing(clashes, pairs: matching.pairs, graph: candidates.graph, complete: false, cohort: cohort)
        #expect(walked.count > clashes.count)
        #expect(searched == walked)
    }
}

