import CohortSolver
import Testing

@testable import CohortCore

/// Mentor pairs (SPEC §3.1) on generated rosters, checked against
/// independent, naive computations.
@Suite struct MentoringPairTests {
    static let rosters: [(members: Int, seed: UInt64)] = [(200, 1), (200, 7)]
    static let largeRosters: [(members: Int, seed: UInt64)] = [(1_000, 3), (2_000, 5)]


    /// `candidateGraphEqualsNaive` on the large rosters (slow suite).
    @Test(.tags(.slow), .inSlowSuite, arguments: largeRosters)
    func candidateGraphEqualsNaiveLarge(members: Int, seed: UInt64) throws { try candidateGraphEqualsNaive(members: members, seed: seed) }

    /// `matchingIsMaximumAndObeysRules` on the large rosters (slow suite).
    @Test(.tags(.slow), .inSlowSuite, arguments: largeRosters)
    func matchingIsMaximumAndObeysRulesLarge(members: Int, seed: UInt64) throws { try matchingIsMaximumAndObeysRules(members: members, seed: seed) }

    /// The naive candidate set (every mentee × mentor by `MentorRules.violation`)
    /// equals MentorCandidates' graph: same people, partners, pairs and quality.
    @Test(arguments: rosters)
    func candidateGraphEqualsNaive(members: Int, seed: UInt64) throws {
        let cohort = try NaiveCache.shared.cohort(members, seed)
        let naive = try NaiveCache.shared.mentorGraph(members, seed)
        let candidates = MentorCandidates(cohort: cohort)
        let g = candidates.graph
        #expect(candidates.continuing.map { [$0.mentee, $0.mentor] } == naive.continuing.map { [$0.mentee, $0.mentor] })
        #expect(g.people.map(Int.init) == naive.mentees)
        #expect(g.partners.map(Int.init) == naive.mentors)
        #expect(g.capacity.map(Int.init) == naive.placesLeft)
        var expected = [[Int: Int]](repeating: [:], count: naive.mentees.count)
        for p in naive.pairs { expected[p.person][naive.mentors[p.partner]] = p.quality }
        #expect(pairSets(g) == expected)
        #expect(g.pairCount == naive.pairs.count)
    }

    /// The matched count equals continuing pairs plus an independent maximum
    /// flow, and every pair obeys every hard rule, checked one by one.
    @Test(arguments: rosters)
    func matchingIsMaximumAndObeysRules(members: Int, seed: UInt64) throws {
        let cohort = try NaiveCache.shared.cohort(members, seed)
        let naive = try NaiveCache.shared.mentorGraph(members, seed)
        let candidates = MentorCandidates(cohort: cohort)
        guard solverCanRun(candidates.graph, "mentor") else { return }
        let matching = try MentorMatching.solve(candidates, cohort: cohort, solver: GLPKSolver())
        #expect(matching.pairs.count == naive.continuing.count + naive.maximumFlow)
        #expect(matching.cardinality.status == .optimal || matching.pairs.isEmpty)
        #expect(matching.quality.status != .feasible)
        checkMentorRules(matching, cohort: cohort, continuing: naive.continuing)

        // Reasons: every unmatched mentee gets one; "all full" exactly when
        // some opted-in mentor passes every rule with them.
        let rules = MentorRules(policy: cohort.policy)
        let reasons = Reasons.mentees(matching, candidates: candidates, cohort: cohort)
        #expect(reasons.map(\.member) == matching.unmatched)
        for r in reasons {
            let has = cohort.members.indices.contains { rules.violation(mentee: r.member, mentor: $0, in: cohort) == nil }
            #expect((r.reason.kind == .allFull) == has, "\(cohort.members[r.member].id): \(r.reason)")
        }
    }

    /// Each mentee keeping only their best 1–3 candidates, pricing brings in
    /// the others the optimum needs: the same count (the independent maximum
    /// flow) and the same quality as over every candidate, certified by GLPK.
    @Test(arguments: [(1_000, UInt64(3), 1), (2_000, 5, 2), (2_000, 1, 3), (200, 7, 1)])
    func storedBestCandidatesReachTheFullOptimum(members: Int, seed: UInt64, limit: Int) throws {
        let cohort = try NaiveCache.shared.cohort(members, seed)
        let naive = try NaiveCache.shared.mentorGraph(members, seed)
        let full = try MentorMatching.solve(MentorCandidates(cohort: cohort), cohort: cohort, solver: GLPKSolver())
        let stored = MentorCandidates(cohort: cohort, limit: limit)
        #expect(stored.graph.pairCount < naive.pairs.count)
        #expect(stored.truncated.contains(true))
        let cut = try MentorMatching.solve(stored, cohort: cohort, solver: GLPKSolver())
        #expect(cut.pairs.count == naive.continuing.count + naive.maximumFlow)
        #expect(cut.pairs.count == full.pairs.count)
        #expect(cut.quality.objective == full.quality.objective)
        #expect(cut.quality.status == .optimal)
        #expect(cut.quality.certifiedBy == "glpk")
        #expect(cut.quality.glpkPivots == 0)
        checkMentorRules(cut, cohort: cohort, continuing: naive.continuing)
        // Every stored pair is a candidate with its quality.
        var expected = [[Int: Int]](repeating: [:], count: naive.mentees.count)
        for p in naive.pairs { expected[p.person][naive.mentors[p.partner]] = p.quality }
        for (k, row) in pairSets(stored.graph).enumerated() {
            for (j, q) in row { #expect(expected[k][j] == q) }
        }
    }

    /// On small rosters the quality objective equals a direct GLPK MIP over all
    /// candidate pairs with lexicographic weights.
    @Test(arguments: [(50, UInt64(1)), (55, 2), (60, 3), (45, 4), (60, 5)])
    func qualityIsOptimal(members: Int, seed: UInt64) throws {
        let cohort = try generatedCohort(members: members, seed: seed)
        let naive = NaiveMentorGraph(cohort)
        #expect(naive.mentees.count <= 40)
        let candidates = MentorCandidates(cohort: cohort)
        guard solverCanRun(candidates.graph, "mentor") else { return }
        let matching = try MentorMatching.solve(candidates, cohort: cohort, solver: GLPKSolver())
        let best = try directQualityOptimum(people: naive.mentees.count, partners: naive.mentors.count, capacity: naive.placesLeft,
                                            pairs: naive.pairs, extraPlaceCost: Int(MentorRules.extraMenteeCost))
        #expect(matching.pairs.count - naive.continuing.count == best.paired)
        #expect(abs(matching.quality.objective - best.quality) < 1e-6)
        // The objective is what the pairs are worth.
        var load: [Int: Int] = [:]
        for p in matching.pairs where !p.continuing { load[p.mentor, default: 0] += 1 }
        let worth = matching.pairs.filter { !$0.continuing }.reduce(0) { $0 + $1.quality } - Int(MentorRules.extraMenteeCost) * load.values.reduce(0) { $0 + max(0, $1 - 1) }
        #expect(Double(worth) == matching.quality.objective)
    }
}

/// A time limit that stops the quality phase early still returns a maximum
/// matching, and a bound no lower than the true optimum (found without a
/// limit) and no higher than everyone-at-their-best-pair.
@Suite(.tags(.slow), .inSlowSuite) struct MentoringTimeLimitTests {
    @Test(arguments: [(3_000, UInt64(2)), (4_000, 6)])
    func cutShortStaysMaximumWithValidBound(members: Int, seed: UInt64) throws {
        let cohort = try generatedCohort(members: members, seed: seed)
        let g = MentorCandidates(cohort: cohort).graph
        let full = try PairingSolver.solve(g, solver: GLPKSolver())
        let cut = try PairingSolver.solve(g, solver: GLPKSolver(), timeLimit: 1e-6)
        #expect(full.quality.status == .optimal)
        #expect(cut.cardinality.objective == full.cardinality.objective)
        #expect(cut.chosenPair.count { $0 >= 0 } == Int(full.cardinality.objective))
        #expect(cut.quality.objective <= full.quality.objective + 1e-6)
        #expect(cut.quality.bound >= full.quality.objective - 1e-6)
        var best: [Int32] = []
        for k in g.people.indices where !g.pairs(of: k).isEmpty { best.append(g.pairs(of: k).map { g.quality[$0] }.max()!) }
        let everyoneBest = best.sorted(by: >).prefix(Int(full.cardinality.objective)).reduce(0.0) { $0 + Double($1) }
        #expect(cut.quality.bound <= everyoneBest + 1e-6)
        if cut.quality.status == .feasible { #expect(cut.quality.gap > 0) }
    }
}

/// A graph on which a DFS that tries only the first held mentee of a full
/// partner misses the augmenting path p0 → A → p2 → C (p1, held first by A,
/// is a dead end). The maximum is 3.
@Suite struct MentoringMaximumMatchingTests {
    @Test func everyHeldMenteeIsTried() {
        // people p0…p2; partners A (2 places), C (1 place). Greedy by quality
        // puts p1 then p2 on A and leaves p0 and C free.
        let g = PairingGraph(people: [0, 1, 2], partners: [10, 11], capacity: [2, 1], offsets: [0, 1, 2, 4],
                             partner: [0, 0, 0, 1], quality: [1, 10, 9, 0], extraPlaceCost: 0)
        #expect(maximumFlow(people: 3, partners: 2, capacity: [2, 1], pairs: [(0, 0), (1, 0), (2, 0), (2, 1)]) == 3)
        let m = MaximumMatching(g)
        #expect(m.size == 3)
        #expect(m.isProvenMaximum)
    }
}

/// Every hard rule of SPEC §3.1, one by one, on the chosen pairs.
func checkMentorRules(_ matching: MentorMatching, cohort: Cohort, continuing: [(mentee: Int, mentor: Int)]) {
    let policy = cohort.policy
    let members = cohort.members
    let slots = Week.slotCount(minutes: policy.checkinMinutes)
    var menteesSeen = Set<Int>()
    var load: [Int: Int] = [:]
    for p in matching.pairs {
        let a = members[p.mentee], b = members[p.mentor]
        #expect(a.status == .active && a.wantsMentor, "mentee \(a.id) not eligible")
        #expect(b.status == .active && b.mentorCapacity > 0, "mentor \(b.id) not eligible")
        #expect(b.stage.rawValue - a.stage.rawValue >= policy.stageGap, "stage gap \(a.id)–\(b.id)")
        if policy.requireSharedInterest {
            #expect(a.interests.tags.contains { b.skills.tags.contains($0) }, "no shared interest \(a.id)–\(b.id)")
        }
        #expect(naiveCommonWindow(a.availability, b.availability, length: slots), "no common window \(a.id)–\(b.id)")
        #expect(!a.avoid.contains(p.mentor) && !b.avoid.contains(p.mentee), "avoided \(a.id)–\(b.id)")
        #expect(!(a.changeMentor && a.currentMentor == p.mentor), "change request ignored \(a.id)")
        #expect(menteesSeen.insert(p.mentee).inserted, "two mentors for \(a.id)")
        load[p.mentor, default: 0] += 1
    }
    for (j, n) in load { #expect(n <= members[j].mentorCapacity, "mentor \(members[j].id) over capacity") }
    let chosen = Set(matching.pairs.filter(\.continuing).map { [$0.mentee, $0.mentor] })
    #expect(chosen == Set(continuing.map { [$0.mentee, $0.mentor] }), "continuing pairs kept when valid")
    #expect(Set(matching.unmatched).isDisjoint(with: menteesSeen))
    #expect(matching.unmatched.count + matching.pairs.count == members.filter { $0.status == .active && $0.wantsMentor }.count)
}

/// How `PairingSolver` reports an LP that ends where its model rules it out.
@Suite struct PairingSolverFailureTests {
    /// Two mentees, two mentors with one place each, every pair allowed.
    static let square = PairingGraph(people: [0, 1], partners: [2, 3], capacity: [1, 1], offsets: [0, 2, 4],
                                     partner: [0, 1, 0, 1], quality: [5, 3, 4, 6], extraPlaceCost: 1)

    /// A certificate LP that ends infeasible, unbounded or in numerical
    /// trouble is not a solver failure: it is its own error, naming the LP,
    /// how it ended and after how many solves, and it reaches the caller.
    @Test(arguments: [SolveTermination.infeasible, .numericalFailure, .unbounded])
    func unexpectedEndPropagates(termination: SolveTermination) {
        let solver = FakeSolver(ending: termination)
        #expect(throws: SolverError.unexpectedTermination(operation: "pairing certificate LP", termination: termination, solves: 1)) {
            try PairingSolver.solve(Self.square, solver: solver, threads: 2)
        }
        #expect(solver.sessions.count == 1)
    }

    /// A time limit that stops GLPK leaves the engine's own proof: optimal, certified by the engine.
    @Test func stoppedCertificateLeavesTheEngineProof() throws {
        let solver = FakeSolver(ending: .timeLimit)
        let solution = try PairingSolver.solve(Self.square, solver: solver, threads: 2)
        #expect(solution.quality.status == .optimal)
        #expect(solution.quality.certifiedBy == "engine")
        #expect(solution.quality.objective == 11)
    }
}
