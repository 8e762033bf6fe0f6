import CohortSolver
import Testing

@testable import CohortCore

/// Mentor pairs, backups and buddies on rosters of several shapes: the
/// generator's shapes (docs/generator.md, "Shapes") and the extremes of its
/// parameters that change the pairing graphs most (sparse availability
/// across every zone, few mentors, many newcomers, everyone continuing).
/// On each, every phase pairs as many as an independent maximum flow, storing
/// one candidate per person and pricing the rest in reaches the same optimum
/// as every candidate, and GLPK confirms the engine's basis without a pivot.
@Suite struct PairingShapeTests {
    struct Shape: Sendable, CustomTestStringConvertible {
        let name: String
        let parameters: RosterGenerator.Parameters
        var testDescription: String { name }
    }

    static let shapes: [Shape] = [
        Shape(name: "a class of 30", parameters: .init(memberCount: 30, seed: 2, shape: .classroom)),
        Shape(name: "class", parameters: .init(memberCount: 150, seed: 3, shape: .classroom)),
        Shape(name: "many projects", parameters: .init(memberCount: 150, seed: 4, shape: .manyProjects)),
        Shape(name: "no projects", parameters: .init(memberCount: 150, seed: 5, shape: .noProjects)),
        Shape(name: "large projects", parameters: .init(memberCount: 150, seed: 6, shape: .largeProjects)),
        Shape(name: "sparse availability, every zone", parameters: .init(memberCount: 150, seed: 7, zoneSpread: 1, availabilityDensity: 0.15)),
        Shape(name: "few mentors", parameters: .init(memberCount: 150, seed: 8, mentorShare: 0.15)),
        Shape(name: "many newcomers, nobody continuing", parameters: .init(memberCount: 150, seed: 9, trialShare: 0.4, continuingShare: 0)),
        Shape(name: "everyone continuing", parameters: .init(memberCount: 150, seed: 10, continuingShare: 0.9, changeMentorShare: 0)),
    ]

    /// A quality phase with something to decide is optimal, certified by GLPK
    /// from the engine's tree without a pivot.
    func expectCertified(_ p: PhaseOutcome, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard p.status != .empty else { return }
        #expect(p.status == .optimal, "\(what): \(p.status)", sourceLocation: sourceLocation)
        #expect(p.certifiedBy == "glpk", "\(what): certified by \(p.certifiedBy ?? "nobody")", sourceLocation: sourceLocation)
        #expect(p.glpkPivots == 0, "\(what): GLPK pivoted \(p.glpkPivots ?? -1) times", sourceLocation: sourceLocation)
    }

    @Test(arguments: shapes)
    func everyPhaseIsTheCertifiedMaximum(shape: Shape) throws {
        let cohort = try generatedCohort(shape.parameters)
        let solver = GLPKSolver()

        // Mentor pairs: the continuing pairs plus the independent maximum.
        let naive = NaiveMentorGraph(cohort)
        let candidates = MentorCandidates(cohort: cohort)
        guard solverCanRun(candidates.graph, "mentor") else { return }
        let pairs = try MentorMatching.solve(candidates, cohort: cohort, solver: solver)
        #expect(pairs.pairs.count > naive.continuing.count, "every shape has new pairs to make")
        #expect(pairs.pairs.count == naive.continuing.count + naive.maximumFlow)
        let storedPairs = try MentorMatching.solve(MentorCandidates(cohort: cohort, limit: 1), cohort: cohort, solver: solver)
        for (m, what) in [(pairs, "pairs"), (storedPairs, "pairs, 1 stored")] {
            #expect(m.pairs.count == pairs.pairs.count, "\(what)")
            #expect(m.quality.objective == pairs.quality.objective, "\(what)")
            expectCertified(m.quality, what)
            checkMentorRules(m, cohort: cohort, continuing: naive.continuing)
        }
        if naive.mentees.count <= 40 {
            let best = try directQualityOptimum(people: naive.mentees.count, partners: naive.mentors.count, capacity: naive.placesLeft,
                                                pairs: naive.pairs, extraPlaceCost: Int(MentorRules.extraMenteeCost))
            #expect(pairs.pairs.count - naive.continuing.count == best.paired)
            #expect(abs(pairs.quality.objective - best.quality) < 1e-6)
        }

        // Backups of those mentees.
        let backupNaive = NaiveBackupGraph(pairs, cohort: cohort)
        let backupFlow = maximumFlow(people: backupNaive.mentees.count, partners: backupNaive.mentors.count,
                                     capacity: [Int](repeating: cohort.policy.maxBackups, count: backupNaive.mentors.count),
                                     pairs: backupNaive.pairs.map { ($0.person, $0.partner) })
        let backups = try BackupMentors.solve(pairs, cohort: cohort, solver: solver, limit: .some(nil))
        let storedBackups = try BackupMentors.solve(pairs, cohort: cohort, solver: solver, limit: 1)
        for (b, what) in [(backups, "backups"), (storedBackups, "backups, 1 stored")] {
            #expect(b.assignments.count == backupFlow, "\(what)")
            #expect(b.quality.objective == backups.quality.objective, "\(what)")
            expectCertified(b.quality, what)
            checkBackupRules(b, matching: pairs, cohort: cohort)
        }

        // Buddies of the trial members.
        let buddyNaive = NaiveBuddyGraph(cohort)
        let buddies = try Buddies.solve(cohort: cohort, solver: solver, limit: .some(nil))
        let storedBuddies = try Buddies.solve(cohort: cohort, solver: solver, limit: 1)
        for (b, what) in [(buddies, "buddies"), (storedBuddies, "buddies, 1 stored")] {
            #expect(b.pairs.count == buddyNaive.maximumFlow(maxBuddies: cohort.policy.maxBuddies), "\(what)")
            #expect(b.quality.objective == buddies.quality.objective, "\(what)")
            expectCertified(b.quality, what)
        }
        try MentoringBuddyTests().checkBuddies(cohort: cohort, limit: 1)
    }

    /// The extremes are what their names say: each, against the community
    /// roster of the same size and seed, moves the count it is meant to.
    @Test func extremesChangeTheGraphs() throws {
        func cohorts(_ name: String) throws -> (shape: Cohort, community: Cohort) {
            let p = Self.shapes.first { $0.name == name }!.parameters
            return (try generatedCohort(p), try generatedCohort(RosterGenerator.Parameters(memberCount: p.memberCount, seed: p.seed)))
        }
        let few = try cohorts("few mentors")
        let rules = MentorRules(policy: few.community.policy)
        #expect(few.shape.members.count(where: rules.isMentor) * 2 < few.community.members.count(where: rules.isMentor))
        let many = try cohorts("many newcomers, nobody continuing")
        #expect(many.shape.members.count { $0.status == .trial } > 2 * many.community.members.count { $0.status == .trial })
        #expect(many.shape.members.allSatisfy { $0.currentMentor == nil })
        let continuing = try cohorts("everyone continuing")
        #expect(continuing.shape.members.count { $0.currentMentor != nil } > continuing.community.members.count { $0.currentMentor != nil })
        // Sparse windows across every zone: fewer candidate mentors per mentee.
        let sparse = try cohorts("sparse availability, every zone")
        func perMentee(_ c: Cohort) -> Double {
            let g = MentorCandidates(cohort: c).graph
            return Double(g.pairCount) / Double(max(1, g.people.count))
        }
        #expect(perMentee(sparse.shape) < 0.75 * perMentee(sparse.community))
    }
}
