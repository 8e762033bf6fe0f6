import CohortSolver
import Foundation
import Testing

@testable import CohortCore

/// "What to do next", computed from a roster where each count is known.
@Suite struct NextStepsTests {
    // m1 (one place) fits a1 and a2: one of them is blocked (every fitting
    // mentor full). a3 gave no availability. w1 can only make Saturday.
    static let members = """
        id,stage,availability,interests,skills,mentor_capacity,wants_team,current_mentor
        m1,5,Mon-Fri 18:00-21:00,,data,1,no,
        m2,5,Mon-Fri 18:00-21:00,,web,1,no,
        a1,1,Mon-Fri 18:00-21:00,data,,0,no,
        a2,1,Mon-Fri 18:00-21:00,data,,0,no,
        a3,1,,data,,0,no,
        w1,2,Sat 09:00-11:00,web,,0,no,m2
        """

    func steps() throws -> (NextSteps, BatchResult) {
        let outcome = readRoster(Self.members, policy: "quarter_start = 2027-01-04\n")
        #expect(outcome.errors.isEmpty, "\(outcome.errors.map(\.description))")
        let r = try Batch.run(try #require(outcome.cohort), solver: GLPKSolver(), threads: 1)
        return (NextSteps(r, unmet: UnmetNeeds.all(r)), r)
    }

    @Test func mentorsToRecruitByInterestAndTimeBand() throws {
        let (n, _) = try steps()
        #expect(n.blockedMentees == 2)  // a1 or a2 (m1 full), and w1 (no common time with m2)
        let data = try #require(n.recruit.first { $0.interest == "data" })
        #expect(data.mentees == 1 && data.mentors == 1 && data.minimumStage == 3)
        // 18:00–21:00 UTC on weekdays: check-ins can start 18:00–20:30.
        #expect(data.bands.map(\.band) == ["Mon–Fri 16:00–20:00 UTC", "Mon–Fri 20:00–24:00 UTC"])
        let web = try #require(n.recruit.first { $0.interest == "web" })
        #expect(web.mentees == 1 && web.minimumStage == 4 && web.bands.map(\.band) == ["Sat–Sun 08:00–12:00 UTC"])
        let (_, r) = try steps()
        #expect(Report.html(r).contains("<b>Recruit mentors for 2 mentees</b> — at least 1 new mentor at 2 mentees each. "))
    }

    @Test func membersToChaseForAvailability() throws {
        let (n, r) = try steps()
        let a3 = r.cohort.memberIndex["a3"]!
        #expect(n.chase.first { $0.need == "mentor" }?.noAvailability == [a3])
        #expect(n.chase.first { $0.need == "workshop" }?.noAvailability == [a3])
        // On the page: how many, per need, then who.
        let html = Report.html(r)
        #expect(html.contains("<li><b>Ask members for their availability.</b> Without a mentor: 1 gave no availability."))
        #expect(html.contains("<summary>1 without a mentor: who</summary>"))
    }

    @Test func continuingPairsBrokenAndWhy() throws {
        let (n, r) = try steps()
        #expect(r.continuingNotes.count == 1)
        #expect(n.brokenPairs.count == 1 && n.brokenPairs[0].notes.count == 1)
        // w1 and m2 share no time any more; w1 found no other mentor either.
        #expect(n.brokenPairs[0].reason == "they share no check-in time now")
        #expect(n.brokenPairs[0].hint == "ask the pair for more availability")
        #expect(n.brokenPairs[0].rematched == 0)
        #expect(n.brokenPairs[0].notes[0].mentee == r.cohort.memberIndex["w1"])
        let html = Report.html(r)
        #expect(html.contains("<b>1 of the 1 pairs from last quarter could not continue</b> (0 continue); 0 of these 1 mentees have a new mentor, 1 have none."))
        // The why column drops what the mentor column already says.
        #expect(Page.continuingWhy(r.continuingNotes[0], cohort: r.cohort) == "you share no time at all")
        // … and says it to the organizer, about the pair.
        #expect(html.contains("<td>they share no time at all</td>") && !html.contains("you share no time"))
    }

    /// The people to ask for availability come with their addresses, ready for a Bcc.
    @Test func membersToChaseComeWithTheirEmails() throws {
        let r = try handoutResult()
        let c = r.cohort
        let ana = c.members[c.memberIndex["ana"]!], ben = c.members[c.memberIndex["ben"]!], tom = c.members[c.memberIndex["tom"]!]
        #expect(Page.emailLine([ana, tom, ben]) == "<p class=\"emails\"><span class=\"note\">Emails (for a Bcc):</span> ana@example.org; ben@example.org <span class=\"note\">(1 without an email address)</span></p>")
        #expect(Page.emailLine([tom]) == "<p class=\"note\">None of them gave an email address.</p>")
        // zed gave no availability and no address: the mentor chase list says so.
        let html = Report.html(r)
        #expect(html.contains("1 without a mentor: who</summary><p>Zed <span class=\"note\">(zed)</span></p><p class=\"note\">None of them gave an email address.</p></details>"))
    }

    /// Each way a continuing pair can break has its own group label; an empty
    /// availability is a reason to ask for it, not a lack of common time.
    @Test func causesOfBrokenPairs() throws {
        let (_, r) = try steps()
        let c = r.cohort
        let a3 = c.memberIndex["a3"]!, m2 = c.memberIndex["m2"]!, w1 = c.memberIndex["w1"]!
        #expect(NextSteps.cause(.rule(.noCommonWindow), mentee: a3, mentor: m2, cohort: c).label == "one of them gave no availability")
        #expect(NextSteps.cause(.rule(.noCommonWindow), mentee: w1, mentor: m2, cohort: c).label == "they share no check-in time now")
        #expect(NextSteps.cause(.mentorFull, mentee: w1, mentor: m2, cohort: c).hint == "raise their mentor_capacity if they agree")
        let labels = Set([MentorCandidates.ContinuingBreak.mentorFull, .noCheckInTime(others: []), .rule(.mentorNotEligible), .rule(.noSharedInterest),
                          .rule(.changeRequested), .rule(.avoided), .rule(.group)].map { NextSteps.cause($0, mentee: w1, mentor: m2, cohort: c).label })
        #expect(labels.count == 7)
    }

    /// A list longer than `nextListShown` names its first members by id and
    /// says where every one is; the count in the sentence stays whole.
    @Test func longChaseListsAreCapped() throws {
        let extra = Page.nextListShown + 20
        var members = Self.members
        for k in 1...extra {
            let id = "z" + String(String(10_000 + k).dropFirst())
            members += "\n" + id + ",1,,data,,0,no,"
        }
        let outcome = readRoster(members, policy: "quarter_start = 2027-01-04\n")
        let r = try Batch.run(try #require(outcome.cohort), solver: GLPKSolver(), threads: 1)
        // The section alone: the not-served list further down names everyone.
        let html = Report.html(r).components(separatedBy: "<section id=\"next\">")[1].components(separatedBy: "</section>")[0]
        let all = extra + 1  // and a3
        #expect(html.contains("Without a mentor: \(all) gave no availability."))
        #expect(html.contains("<summary>\(all) without a mentor: who</summary>"))
        #expect(html.contains(" <span class=\"note\">… and \(all - Page.nextListShown) more (the first \(Page.nextListShown) by id are named here)</span></p>"))
        #expect(html.contains("Every one of the \(all), with the reason: unmatched.csv, need mentor;"))
        // By id: a3, then z0001 … z0499 are named; z0500 is not.
        #expect(html.contains("a3, z0001") && html.contains("z0499") && !html.contains("z0500"))
    }

    @Test func workshopSessionsThatReachMore() throws {
        let (n, _) = try steps()
        #expect(n.workshopSessions == 1 && n.workshopInvited == 6)
        // The weekday session reaches the five with weekday evenings; a
        // Saturday session would add w1.
        #expect(n.workshopReached == 4)
        #expect(n.extraSessions == [NextSteps.ExtraSession(time: "Sat 09:00–10:30", extra: 1)])
        // The page says it with the counts and the key to set.
        let (_, r) = try steps()
        #expect(Report.html(r).contains("<b>The workshop reaches 4 of 6 active members</b> with 1 weekly session. 2 sessions (adding Sat 09:00–10:30 UTC) would reach 5 (+1) — set <code>workshop_sessions</code> in the policy."))
    }
}
