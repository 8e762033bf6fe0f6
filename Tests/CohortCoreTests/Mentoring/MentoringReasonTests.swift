import CohortSolver
import Testing

@testable import CohortCore

private let columns = "id,stage,status,availability,interests,skills,mentor_capacity,wants_mentor,avoid,current_mentor,change_mentor"

/// Runs mentor pairs, backups and buddies on a handcrafted roster and returns
/// the reasons by member id and need.
private func reasons(_ rows: String, policy: String? = nil) throws -> (byID: [String: [UnservedNeed: UnservedReason]], continuing: [String: UnservedReason]) {
    let cohort = try handCohort(columns + "\n" + rows, policy: policy)
    let candidates = MentorCandidates(cohort: cohort)
    let matching = try MentorMatching.solve(candidates, cohort: cohort, solver: GLPKSolver())
    let backups = try BackupMentors.solve(matching, cohort: cohort, solver: GLPKSolver())
    let buddies = try Buddies.solve(cohort: cohort, solver: GLPKSolver())
    var byID: [String: [UnservedNeed: UnservedReason]] = [:]
    for u in Reasons.all(matching: matching, candidates: candidates, backups: backups, buddies: buddies, cohort: cohort) {
        #expect(byID[cohort.members[u.member].id, default: [:]][u.need] == nil)
        byID[cohort.members[u.member].id, default: [:]][u.need] = u.reason
    }
    var continuing: [String: UnservedReason] = [:]
    for note in Reasons.continuing(candidates, cohort: cohort) { continuing[cohort.members[note.mentee].id] = note.reason }
    return (byID, continuing)
}

/// Each reason kind on a roster made to produce it, with the exact message.
@Suite struct MentoringReasonTests {
    @Test func noMentorAtTheStage() throws {
        let r = try reasons("""
            a,3,active,Mon 18:00-20:00,data,,0,yes,,,
            b,4,active,Mon 18:00-20:00,data,,0,yes,,,
            m,4,active,Mon 18:00-20:00,,data,2,no,,,
            """)
        #expect(r.byID["a"]?[.mentor] == UnservedReason(.noneAtStage, "no opted-in mentor at stage ≥ 5"))
        #expect(r.byID["b"]?[.mentor] == UnservedReason(.noneAtStage, "no mentor can be 2 stages ahead of your stage 4: the highest stage is 5 (stage_gap 2)"))
    }

    @Test func interests() throws {
        let r = try reasons("""
            a,1,active,Mon 18:00-20:00,,,0,yes,,,
            b,1,active,Mon 18:00-20:00,Data;ml,,0,yes,,,
            c,2,active,Mon 18:00-20:00,go,,0,yes,,,
            m1,3,active,Mon 18:00-20:00,,web,2,no,,,
            m2,4,active,Mon 18:00-20:00,,web;python,2,no,,,
            """)
        #expect(r.byID["a"]?[.mentor] == UnservedReason(.noInterests, "you listed no interests; a mentor must teach one of them (2 opted-in mentors at stage ≥ 3)"))
        #expect(r.byID["b"]?[.mentor] == UnservedReason(.noSharedInterest, "none of the 2 opted-in mentors at stage ≥ 3 teaches your interests 'data', 'ml'"))
        #expect(r.byID["c"]?[.mentor] == UnservedReason(.noSharedInterest, "the only opted-in mentor at stage ≥ 4 teaches none of your interests 'go'"))
    }

    @Test func availability() throws {
        let r = try reasons("""
            a,1,active,,data,,0,yes,,,
            b,1,active,Tue 18:00-18:15,data,,0,yes,,,
            c,1,active,Tue 17:45-18:30,data;sql,,0,yes,,,
            m1,3,active,Tue 18:15-20:00,,data,2,no,,,
            m2,4,active,Wed 10:00-12:00,,data;web,2,no,,,
            m3,4,active,Tue 17:00-19:00,,web,2,no,,,
            """)
        #expect(r.byID["a"]?[.mentor] == UnservedReason(.noAvailability, "you gave no availability"))
        #expect(r.byID["b"]?[.mentor] == UnservedReason(.noAvailability, "none of your windows is 30 minutes long (the longest is 15 minutes)"))
        #expect(r.byID["c"]?[.mentor] == UnservedReason(.noCommonWindow, "2 mentors at stage ≥ 3 share 'data' but none is free in your windows — the closest overlap is 15 minutes on Tue 18:15 UTC; a check-in needs 30"))
    }

    @Test func noTimeAtAll() throws {
        let r = try reasons("""
            a,1,active,Sat 09:00-10:00,data,,0,yes,,,
            m1,3,active,Tue 18:15-20:00,,data,2,no,,,
            """)
        #expect(r.byID["a"]?[.mentor] == UnservedReason(.noCommonWindow, "1 mentor at stage ≥ 3 shares 'data' but none shares any time with you"))
    }

    @Test func onlyExcludedMentors() throws {
        let r = try reasons("""
            a,1,active,Mon 18:00-20:00,data,,0,yes,m1,,
            b,1,active,Mon 18:00-20:00,data,,0,yes,,m1,yes
            c,1,active,Mon 18:00-20:00,web,,0,yes,m2,m3,yes
            m1,3,active,Mon 18:00-20:00,,data,2,no,,,
            m2,3,active,Mon 18:00-20:00,,web,2,no,,,
            m3,3,active,Mon 18:00-20:00,,web,2,no,,,
            """)
        #expect(r.byID["a"]?[.mentor] == UnservedReason(.onlyExcluded, "the only mentor who fits is on an avoid list with you (m1)"))
        #expect(r.byID["b"]?[.mentor] == UnservedReason(.onlyExcluded, "the only mentor who fits is the mentor you asked to change (m1)"))
        #expect(r.byID["c"]?[.mentor] == UnservedReason(.onlyExcluded, "the only 2 mentors who fit are on an avoid list with you (m2) or the mentor you asked to change (m3)"))
    }

    @Test func mentorsFull() throws {
        let r = try reasons("""
            a,1,active,Mon 18:00-20:00,data,,0,yes,,,
            b,1,active,Mon 18:00-20:00,data,,0,yes,,,
            c,1,active,Mon 18:00-20:00,data,,0,yes,,,
            d,2,active,Tue 18:00-20:00,web,,0,yes,,,
            e,2,active,Tue 18:00-20:00,web,,0,yes,,,
            f,2,active,Tue 18:00-20:00,web,,0,yes,,,
            m1,3,active,Mon 18:00-20:00,,data,2,no,,,
            m2,4,active,Tue 18:00-20:00,,web,1,no,,,
            m3,4,active,Tue 18:00-20:00,,web,1,no,,,
            """)
        let unmatched = r.byID.filter { $0.value[.mentor] != nil }
        #expect(unmatched.count == 2)
        #expect(unmatched.filter { ["a", "b", "c"].contains($0.key) }.map { $0.value[.mentor] } == [UnservedReason(.allFull, "the only eligible mentor is at capacity: their 2 places went to other mentees")])
        #expect(unmatched.filter { ["d", "e", "f"].contains($0.key) }.map { $0.value[.mentor] } == [UnservedReason(.allFull, "all 2 eligible mentors are at capacity: their 2 places went to other mentees")])
    }

    @Test func backupReasons() throws {
        let r = try reasons("""
            a,1,active,Mon 18:00-20:00,data,,0,yes,,,
            b,1,active,Tue 18:00-20:00,web,,0,yes,,,
            c,1,active,Tue 18:00-20:00,web,,0,yes,,,
            d,1,active,Tue 18:00-20:00,web,,0,yes,,,
            m1,3,active,Mon 18:00-20:00,,data,2,no,,,
            m2,3,active,Tue 18:00-20:00,,web,2,no,,,
            m3,3,active,Tue 18:00-20:00,,web,1,no,,,
            """, policy: "max_backups = 1\n")
        #expect(r.byID["a"]?[.backup] == UnservedReason(.onlyExcluded, "the only backup mentor who fits is your mentor (m1)"))
        let unbacked = ["b", "c", "d"].compactMap { r.byID[$0]?[.backup] }
        #expect(unbacked == [UnservedReason(.allFull, "the only eligible backup mentor is at capacity: their 1 place went to other mentees")])
    }

    @Test func noBackupPlacesInThePolicy() throws {
        let r = try reasons("""
            a,1,active,Mon 18:00-20:00,data,,0,yes,,,
            m1,3,active,Mon 18:00-20:00,,data,2,no,,,
            m2,3,active,Mon 18:00-20:00,,data,2,no,,,
            """, policy: "max_backups = 0\nmax_buddies = 0\n")
        #expect(r.byID["a"]?[.backup] == UnservedReason(.noPlacesInPolicy, "max_backups is 0 in the policy"))
    }

    @Test func buddyReasons() throws {
        let r = try reasons("""
            t1,5,trial,Mon 18:00-20:00,data,,0,no,,,
            t2,3,trial,Mon 18:00-20:00,data,,0,no,,,
            t3,1,trial,,data,,0,no,,,
            t4,1,trial,Sat 09:00-10:00,data,,0,no,,,
            t5,1,trial,Wed 09:00-10:00,data,,0,no,x,,
            t6,1,trial,Thu 09:00-10:00,data,,0,no,,,
            t7,1,trial,Thu 09:00-10:00,data,,0,no,,,
            x,2,active,Wed 09:00-10:00,,,0,no,,,
            y,3,active,Mon 18:00-20:00;Thu 09:00-10:00,,,0,no,,,
            z,2,paused,Thu 09:00-10:00,,,0,no,,,
            """)
        #expect(r.byID["t1"]?[.buddy] == UnservedReason(.noneAtStage, "no buddy can be 1 stage ahead of your stage 5: the highest stage is 5 (buddy_stage_gap 1)"))
        #expect(r.byID["t2"]?[.buddy] == UnservedReason(.noneAtStage, "no active member at stage ≥ 4"))
        #expect(r.byID["t3"]?[.buddy] == UnservedReason(.noAvailability, "you gave no availability"))
        #expect(r.byID["t4"]?[.buddy] == UnservedReason(.noCommonWindow, "2 active members at stage ≥ 2 but none shares any time with you"))
        #expect(r.byID["t5"]?[.buddy] == UnservedReason(.onlyExcluded, "the only buddy who fits is on an avoid list with you (x)"))
        let full = ["t6", "t7"].compactMap { r.byID[$0]?[.buddy] }
        #expect(full == [UnservedReason(.allFull, "the only eligible buddy is at capacity: their 1 place went to other newcomers")])
    }

    @Test func buddyClosestOverlap() throws {
        let r = try reasons("""
            t1,1,trial,Tue 18:00-19:00,data,,0,no,,,
            x,2,active,Tue 18:30-20:00,,,0,no,,,
            """, policy: "buddy_minutes = 60\n")
        #expect(r.byID["t1"]?[.buddy] == UnservedReason(.noCommonWindow, "1 active member at stage ≥ 2 but none is free in your windows — the closest overlap is 30 minutes on Tue 18:30 UTC; a buddy check-in needs 60"))
    }

    @Test func noBuddyPlacesInThePolicy() throws {
        let r = try reasons("""
            t1,1,trial,Tue 18:00-19:00,data,,0,no,,,
            x,2,active,Tue 18:00-20:00,,,0,no,,,
            """, policy: "max_buddies = 0\n")
        #expect(r.byID["t1"]?[.buddy] == UnservedReason(.noPlacesInPolicy, "max_buddies is 0 in the policy"))
    }

    @Test func continuingPairsNotKept() throws {
        let r = try reasons("""
            a,1,active,Mon 18:00-20:00,data,,0,yes,,m1,
            b,1,active,Mon 18:00-20:00,data,,0,yes,,m2,
            c,2,active,Mon 18:00-20:00,data,,0,yes,,m3,
            d,1,active,Mon 18:00-20:00,data,,0,yes,,m4,
            e,1,active,Mon 18:00-20:00,data,,0,yes,,m4,
            f,1,active,Mon 18:00-20:00,data,,0,yes,,m5,
            g,1,active,Mon 18:00-19:00,data,,0,yes,,m6,
            h,1,active,Mon 18:00-20:00,data,,0,yes,,m7,
            i,1,active,Mon 17:00-18:30,data,,0,yes,,m7,
            m1,3,paused,Mon 18:00-20:00,,data,2,no,,,
            m2,3,active,Mon 18:00-20:00,,data,0,no,,,
            m3,3,active,Mon 18:00-20:00,,data,2,no,,,
            m4,3,active,Mon 18:00-20:00,,data,1,no,,,
            m5,3,active,Mon 18:00-20:00,,web,2,no,,,
            m6,3,active,Mon 18:45-20:00,,data,2,no,,,
            m7,3,active,Mon 18:00-18:30;Wed 09:00-10:00,,data,2,no,,,
            """)
        #expect(r.continuing["a"] == UnservedReason(.continuingRuleBroken, "last quarter's mentor m1 no longer qualifies: they are paused this quarter"))
        #expect(r.continuing["b"] == UnservedReason(.continuingRuleBroken, "last quarter's mentor m2 no longer qualifies: they take no mentees this quarter (mentor_capacity 0)"))
        #expect(r.continuing["c"] == UnservedReason(.continuingRuleBroken, "last quarter's mentor m3 no longer qualifies: they are at stage 3, fewer than 2 stages ahead of your stage 2"))
        #expect(r.continuing["d"] == nil)
        #expect(r.continuing["e"] == UnservedReason(.continuingMentorFull, "last quarter's mentor m4 has no place left: their 1 place went to other continuing mentees"))
        #expect(r.continuing["f"] == UnservedReason(.continuingRuleBroken, "last quarter's mentor m5 no longer qualifies: they teach none of your interests 'data'"))
        #expect(r.continuing["g"] == UnservedReason(.continuingRuleBroken, "last quarter's mentor m6 no longer qualifies: you share no 30-minute window — the closest overlap is 15 minutes on Mon 18:45 UTC"))
        // Both continuing pairs of m7 share only Mon 18:00–18:30: h (first in id order) keeps it.
        #expect(r.continuing["h"] == nil)
        #expect(r.continuing["i"] == UnservedReason(.continuingNoCheckInTime, "last quarter's pair with m7 cannot be scheduled: the times you share (Mon 18:00–18:30 UTC) are all needed for the continuing check-in(s) with h"))
        #expect(r.continuing.count == 7)
    }

    /// Every kind has a test above (noMentors, stageGapTooLarge and
    /// Many mentees without a candidate (several chunks of the parallel
    /// count): each gets the rule-by-rule diagnosis of its own row, in member order.
    @Test func manyWithoutACandidateAreEachDiagnosed() throws {
        var rows: [String] = []
        for k in 0..<150 {
            switch k % 3 {
            case 0: rows.append("a\(k),1,active,Mon 18:00-20:00,,,0,yes,,,")  // no interests
            case 1: rows.append("a\(k),1,active,Mon 18:00-20:00,go,,0,yes,,,")  // nobody teaches go
            default: rows.append("a\(k),1,active,Tue 08:00-09:00,data;web,,0,yes,,,")  // no common window
            }
        }
        rows.append("m,3,active,Mon 18:00-20:00,,data;web,2,no,,,")
        let cohort = try handCohort(columns + "\n" + rows.joined(separator: "\n"))
        let candidates = MentorCandidates(cohort: cohort)
        let matching = try MentorMatching.solve(candidates, cohort: cohort, solver: GLPKSolver())
        let unserved = Reasons.mentees(matching, candidates: candidates, cohort: cohort)
        #expect(unserved.map(\.member) == matching.unmatched)
        #expect(unserved.count == 150)
        let d = MentorDiagnosis(cohort: cohort)
        for u in unserved { #expect(u.reason == d.diagnose(u.member, primary: nil, role: .mentor)) }
        #expect(Set(unserved.map(\.reason.kind)) == [.noInterests, .noSharedInterest, .noCommonWindow])
    }

    /// mentorGroup in MentorRuleKeysReasonTests).
    @Test func kindsAreCovered() {
        #expect(UnservedReason.Kind.allCases.count == 14)
    }
}
