import CohortSolver
import Testing

@testable import CohortCore

/// A generated roster with the rule columns (`RuleColumns()`: four
/// departments, about 10% without a group), read with `overrides`.
func groupedCohort(members: Int, seed: UInt64, overrides: [PolicyReader.Override]) throws -> Cohort {
    try generatedCohort(members: members, seed: seed, overrides: overrides, ruleColumns: RuleColumns())
}

/// Whether a mentor (or backup) pair keeps `max_stage_gap` and `mentor_group`,
/// written out from the policy (not through `MentorRules`).
func keepsRuleKeys(mentee i: Int, mentor j: Int, _ c: Cohort) -> Bool {
    let a = c.members[i], b = c.members[j]
    let gap = b.stage.rawValue - a.stage.rawValue
    if let most = c.policy.maxStageGap, gap > most { return false }
    guard let x = a.group, let y = b.group else { return true }
    switch c.policy.mentorGroup {
    case .any: return true
    case .different: return c.groups.name(x).lowercased() != c.groups.name(y).lowercased()
    case .same: return c.groups.name(x).lowercased() == c.groups.name(y).lowercased()
    }
}

private let columns = "id,stage,status,group,availability,interests,skills,mentor_capacity,wants_mentor,current_mentor"

/// `max_stage_gap` and `mentor_group` (SPEC §3.1–3.2) in the candidate graph,
/// the mentor pairs, the backups and the rematch; buddies keep their own gap.
@Suite struct MentorRuleKeysTests {
    /// One mentee at stage 1 in Finance; mentors at stages 3, 4, 5 in Finance,
    /// Legal and none.
    static let roster = """
        \(columns)
        a,1,active,Finance,Mon 18:00-20:00,data,,0,yes,
        f3,3,active,finance,Mon 18:00-20:00,,data,1,no,
        f5,5,active,Finance,Mon 18:00-20:00,,data,1,no,
        l4,4,active,Legal,Mon 18:00-20:00,,data,1,no,
        l5,5,active,Legal,Mon 18:00-20:00,,data,1,no,
        n3,3,active,,Mon 18:00-20:00,,data,1,no,
        t,1,trial,Legal,Mon 18:00-20:00,data,,0,no,
        """

    func allowed(_ policy: String) throws -> [String] {
        let c = try handCohort(Self.roster, policy: policy)
        let g = MentorCandidates(cohort: c).graph
        let rules = MentorRules(policy: c.policy)
        let viaRules = c.members.indices.filter { rules.violation(mentee: 0, mentor: $0, in: c) == nil }.map { c.members[$0].id }
        let viaGraph = g.pairs(of: 0).map { c.members[Int(g.partners[Int(g.partner[$0])])].id }
        #expect(viaRules == viaGraph)
        return viaGraph
    }

    @Test func theRulesChooseTheMentors() throws {
        #expect(try allowed("") == ["f3", "f5", "l4", "l5", "n3"])
        #expect(try allowed("max_stage_gap = 2\n") == ["f3", "n3"])
        #expect(try allowed("max_stage_gap = 3\n") == ["f3", "l4", "n3"])
        // Groups compare case-insensitively; a member with no group fits either rule.
        #expect(try allowed("mentor_group = \"different\"\n") == ["l4", "l5", "n3"])
        #expect(try allowed("mentor_group = \"same\"\n") == ["f3", "f5", "n3"])
        #expect(try allowed("mentor_group = \"different\"\nmax_stage_gap = 3\n") == ["l4", "n3"])
    }

    @Test func violationsNameTheRule() throws {
        let c = try handCohort(Self.roster, policy: "max_stage_gap = 3\nmentor_group = \"different\"\n")
        let rules = MentorRules(policy: c.policy)
        let id = { (s: String) in c.memberIndex[s]! }
        #expect(rules.violation(mentee: 0, mentor: id("f5"), in: c) == .stageGapTooLarge)
        #expect(rules.violation(mentee: 0, mentor: id("l5"), in: c) == .stageGapTooLarge)
        #expect(rules.violation(mentee: 0, mentor: id("f3"), in: c) == .group)
        #expect(rules.mentorStages(forMenteeAt: .exploration) == 3...4)
        #expect(rules.mentorStages(forMenteeAt: .mentorship) == nil)
    }

    @Test func buddiesKeepTheirOwnGap() throws {
        let c = try handCohort(Self.roster, policy: "max_stage_gap = 2\nmentor_group = \"different\"\n")
        let buddies = try Buddies.solve(cohort: c, solver: GLPKSolver())
        let g = buddies.candidates.graph
        let t = try #require(g.people.firstIndex(of: Int32(c.memberIndex["t"]!)))
        // The trial member (Legal, stage 1) may have buddies in Legal and at stage 5.
        let ids = Set(g.pairs(of: t).map { c.members[Int(g.partners[Int(g.partner[$0])])].id })
        #expect(ids.isSuperset(of: ["l4", "l5", "f5"]))
    }

    @Test func backupsKeepTheRules() throws {
        let c = try handCohort(Self.roster, policy: "max_stage_gap = 3\nmentor_group = \"different\"\n")
        let matching = try MentorMatching.solve(MentorCandidates(cohort: c), cohort: c, solver: GLPKSolver())
        let backups = try BackupMentors.solve(matching, cohort: c, solver: GLPKSolver())
        #expect(matching.pairs.count == 1)
        #expect(backups.assignments.count == 1)
        let pair = try #require(matching.pairs.first)
        let backup = try #require(backups.backup(of: pair.mentee))
        // l4 and n3 are the only mentors allowed: one mentors, the other backs up.
        #expect(Set([pair.mentor, backup].map { c.members[$0].id }) == ["l4", "n3"])
    }

    @Test func aContinuingPairOutsideTheRulesIsNotKept() throws {
        let roster = Self.roster.replacingOccurrences(of: "a,1,active,Finance,Mon 18:00-20:00,data,,0,yes,", with: "a,1,active,Finance,Mon 18:00-20:00,data,,0,yes,f5")
        let c = try handCohort(roster, policy: "max_stage_gap = 2\n")
        let candidates = MentorCandidates(cohort: c)
        #expect(candidates.continuing.isEmpty)
        let notes = Reasons.continuing(candidates, cohort: c)
        #expect(notes.map(\.reason) == [UnservedReason(.continuingRuleBroken,
            "last quarter's mentor f5 no longer qualifies: they are at stage 5, more than 2 stages ahead of your stage 1 (max_stage_gap)")])
        let g = try handCohort(roster.replacingOccurrences(of: ",yes,f5", with: ",yes,f3"), policy: "mentor_group = \"different\"\n")
        #expect(Reasons.continuing(MentorCandidates(cohort: g), cohort: g).map(\.reason.message) == [
            "last quarter's mentor f3 no longer qualifies: they are in your own group 'Finance' (mentor_group \"different\")",
        ])
        let s = try handCohort(roster.replacingOccurrences(of: ",yes,f5", with: ",yes,l4"), policy: "mentor_group = \"same\"\n")
        #expect(Reasons.continuing(MentorCandidates(cohort: s), cohort: s).map(\.reason.message) == [
            "last quarter's mentor l4 no longer qualifies: they are in group 'Legal', not your group 'Finance' (mentor_group \"same\")",
        ])
    }

    @Test func aReleasedMentorIsReplacedWithinTheRules() throws {
        // a is mentored by l4 (the only mentor both rules allow besides n3, who has no place).
        let roster = """
            id,stage,group,availability,interests,skills,mentor_capacity
            a,1,Finance,Mon 18:00-20:00,data,,0
            l4,4,Legal,Mon 18:00-20:00,,data,1
            d3,3,Digital,Mon 18:00-20:00,,data,1
            f3,3,Finance,Mon 18:00-20:00,,data,1
            l5,5,Legal,Mon 18:00-20:00,,data,1
            """
        let c = try handCohort(roster, policy: "quarter_start = 2027-01-04\nmax_stage_gap = 3\nmentor_group = \"different\"\n")
        let base = try Batch.run(c, solver: GLPKSolver(), threads: 1)
        let pair = try #require(base.mentoring.pairs.first)
        let o = try MentorRematch.apply(.init(release: [c.members[pair.mentor].id], change: []), to: base, solver: GLPKSolver(), threads: 1)
        let now = try #require(o.result.mentoring.pairs.first)
        #expect(Set([pair.mentor, now.mentor].map { c.members[$0].id }) == ["l4", "d3"])
        #expect(rematchProblems(base: base, new: o.result, released: [pair.mentor], changing: []).isEmpty)
    }
}

/// Reasons that name the rule (SPEC §3 "a reason the organizer can act on").
@Suite struct MentorRuleKeysReasonTests {
    func mentorReasons(_ rows: String, policy: String = "") throws -> [String: String] {
        let c = try handCohort(columns + "\n" + rows, policy: policy)
        let candidates = MentorCandidates(cohort: c)
        let matching = try MentorMatching.solve(candidates, cohort: c, solver: GLPKSolver())
        var byID: [String: String] = [:]
        for u in Reasons.mentees(matching, candidates: candidates, cohort: c) { byID[c.members[u.member].id] = u.reason.message }
        return byID
    }

    @Test func nobodyOffersMentoring() throws {
        let r = try mentorReasons("""
            a,1,active,,Mon 18:00-20:00,data,,0,yes,
            b,3,active,,Mon 18:00-20:00,data,,0,yes,
            c,4,paused,,Mon 18:00-20:00,,data,2,no,
            """)
        let text = "nobody in this roster offers mentoring (no active member has a mentor_capacity above 0)"
        #expect(r == ["a": text, "b": text])
    }

    @Test func everyMentorIsTooFarAhead() throws {
        let rows = """
            a,1,active,,Mon 18:00-20:00,data,,0,yes,
            b,2,active,,Mon 18:00-20:00,data,,0,yes,
            m,5,active,,Mon 18:00-20:00,,data,2,no,
            n,5,active,,Mon 18:00-20:00,,data,2,no,
            o,5,active,,Mon 18:00-20:00,,web,2,no,
            """
        let r = try mentorReasons(rows, policy: "max_stage_gap = 2\n")
        #expect(r["a"] == "all 3 opted-in mentors at stage ≥ 3 are more than 2 stages ahead of your stage 1 (at stage 5; max_stage_gap 2)")
        // b is 3 stages behind m and n: within a gap of 3, so only the interest rule can fail.
        let r3 = try mentorReasons(rows.replacingOccurrences(of: "b,2,active,,Mon 18:00-20:00,data", with: "b,2,active,,Mon 18:00-20:00,ml"), policy: "max_stage_gap = 3\n")
        #expect(r3["b"] == "none of the 3 opted-in mentors at stage ≥ 4 teaches your interests 'ml'")
        #expect(r3["a"] == "all 3 opted-in mentors at stage ≥ 3 are more than 3 stages ahead of your stage 1 (at stage 5; max_stage_gap 3)")
    }

    @Test func theBandIsNamedWhenTheMaximumCutsIt() throws {
        let r = try mentorReasons("""
            a,1,active,,Mon 18:00-20:00,ml,,0,yes,
            m,3,active,,Mon 18:00-20:00,,data,2,no,
            n,5,active,,Mon 18:00-20:00,,ml,2,no,
            """, policy: "max_stage_gap = 3\n")
        #expect(r["a"] == "the only opted-in mentor at stage 3–4 teaches none of your interests 'ml'")
    }

    @Test func onlyMentorsOfAnExcludedGroup() throws {
        let rows = """
            a,1,active,Finance,Mon 18:00-20:00,data,,0,yes,
            m,3,active,Finance,Mon 18:00-20:00,,data,1,no,
            n,4,active,Finance,Mon 18:00-20:00,,data,1,no,
            o,5,active,Legal,Mon 18:00-20:00,,data,1,no,
            """
        let different = try mentorReasons(rows, policy: "mentor_group = \"different\"\nmax_stage_gap = 3\n")
        #expect(different["a"] == "your only opted-in mentors at stage 3–4 are in your own group 'Finance' (mentor_group \"different\")")
        let one = try mentorReasons(rows, policy: "mentor_group = \"different\"\nmax_stage_gap = 2\n")
        #expect(one["a"] == "your only opted-in mentor at stage 3 is in your own group 'Finance' (mentor_group \"different\")")
        let same = try mentorReasons(rows.replacingOccurrences(of: "a,1,active,Finance", with: "a,1,active,Digital"), policy: "mentor_group = \"same\"\n")
        #expect(same["a"] == "none of the 3 opted-in mentors at stage ≥ 3 is in your group 'Digital' (mentor_group \"same\")")
        // When the group leaves some mentors, later reasons count only those.
        let later = try mentorReasons(rows.replacingOccurrences(of: "o,5,active,Legal,Mon 18:00-20:00", with: "o,5,active,Legal,Sat 10:00-12:00"),
                                      policy: "mentor_group = \"different\"\n")
        #expect(later["a"] == "1 mentor at stage ≥ 3 outside your group shares 'data' but none shares any time with you")
    }
}

/// The rules on generated rosters that use them: the graph equals the naive
/// one, and every pair and backup keeps them (while the same roster without
/// the rules has pairs that break them: the rules bind).
@Suite(.tags(.slow), .inSlowSuite) struct MentorRuleKeysGeneratedTests {
    static let policies: [[PolicyReader.Override]] = [
        [.init(key: "max_stage_gap", value: "2")],
        [.init(key: "mentor_group", value: "different")],
        [.init(key: "mentor_group", value: "same"), .init(key: "max_stage_gap", value: "3")],
    ]

    static let cases: [(members: Int, seed: UInt64, policy: Int)] = [(600, 4, 0), (600, 4, 1), (600, 4, 2), (1_500, 8, 0), (1_500, 8, 1), (1_500, 8, 2)]

    @Test(arguments: cases)
    func pairsAndBackupsKeepTheRules(members: Int, seed: UInt64, policy: Int) throws {
        let c = try groupedCohort(members: members, seed: seed, overrides: Self.policies[policy])
        let naive = NaiveMentorGraph(c)
        let candidates = MentorCandidates(cohort: c)
        let g = candidates.graph
        #expect(g.people.map(Int.init) == naive.mentees && g.partners.map(Int.init) == naive.mentors)
        var expected = [[Int: Int]](repeating: [:], count: naive.mentees.count)
        for p in naive.pairs {
            expected[p.person][naive.mentors[p.partner]] = p.quality
            #expect(keepsRuleKeys(mentee: naive.mentees[p.person], mentor: naive.mentors[p.partner], c))
        }
        #expect(pairSets(g) == expected)

        let matching = try SchedulablePairs.solve(candidates, cohort: c, solver: GLPKSolver()).matching
        #expect(matching.pairs.count > 0)
        for p in matching.pairs { #expect(keepsRuleKeys(mentee: p.mentee, mentor: p.mentor, c), "pair \(c.members[p.mentee].id)–\(c.members[p.mentor].id)") }
        let backups = try BackupMentors.solve(matching, cohort: c, solver: GLPKSolver())
        #expect(backups.assignments.count > 0)
        for a in backups.assignments { #expect(keepsRuleKeys(mentee: a.mentee, mentor: a.backup, c), "backup \(c.members[a.mentee].id)–\(c.members[a.backup].id)") }

        // Every unmatched mentee has a reason; "all full" exactly when some mentor passes every rule.
        let rules = MentorRules(policy: c.policy)
        for r in Reasons.mentees(matching, candidates: candidates, cohort: c) {
            let has = c.members.indices.contains { rules.violation(mentee: r.member, mentor: $0, in: c) == nil }
            #expect((r.reason.kind == .allFull) == has, "\(c.members[r.member].id): \(r.reason)")
        }

        // Without the rules, the same roster pairs across them.
        var free = c
        free.policy.maxStageGap = nil
        free.policy.mentorGroup = .any
        let unruled = try MentorMatching.solve(MentorCandidates(cohort: free), cohort: free, solver: GLPKSolver())
        #expect(unruled.pairs.contains { !keepsRuleKeys(mentee: $0.mentee, mentor: $0.mentor, c) })
    }

    @Test func rematchKeepsTheRules() throws {
        let c = try groupedCohort(members: 500, seed: 21, overrides: [.init(key: "max_stage_gap", value: "3"), .init(key: "mentor_group", value: "different")])
        let base = try Batch.run(c, solver: GLPKSolver())
        let released = Set(Array(Set(base.mentoring.pairs.map(\.mentor))).sorted().prefix(4))
        let o = try MentorRematch.apply(.init(release: released.map { c.members[$0].id }, change: []), to: base, solver: GLPKSolver())
        #expect(rematchProblems(base: base, new: o.result, released: released, changing: []).isEmpty)
        for p in o.result.mentoring.pairs { #expect(keepsRuleKeys(mentee: p.mentee, mentor: p.mentor, c)) }
        for a in o.result.backups.assignments { #expect(keepsRuleKeys(mentee: a.mentee, mentor: a.backup, c)) }
    }
}
