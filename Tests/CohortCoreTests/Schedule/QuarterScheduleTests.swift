import CohortSolver
import Testing

@testable import CohortCore

/// The schedule across a quarter with daylight-saving changes, and demo
/// sessions inside availability (docs/schedule.md §1.1, §4).
@Suite struct QuarterScheduleTests {
    @Test func demoSessionsGroupTeamsThatShareTimeAndATeamMayPresentInItsStandup() throws {
        var rows: [String] = []
        for t in ["a", "b", "c"] { for k in 1...3 { rows.append("\(t)\(k),,,\(k + 1),UTC,Mon 10:00-12:00") } }
        for k in 1...3 { rows.append("d\(k),,,\(k + 1),UTC,Wed 10:00-10:30") }
        let c = scheduleCohort(rows)
        let teams = ["A", "B", "C", "D"].enumerated().map { t, id in ScheduleTeam(id: id, members: [3 * t, 3 * t + 1, 3 * t + 2]) }
        let r = ScheduleRequest(cohort: c, teams: teams)
        let s = try Scheduler.solve(r, solver: GLPKSolver())
        #expect(ScheduleFixture.problems(s, r).isEmpty)
        #expect(s.standupEvent.allSatisfy { $0 != nil })
        // A, B and C share Monday: one 45-minute session. D can only present in its standup time, alone.
        #expect(s.demoSessions.map(\.teams.count).sorted() == [1, 3])
        let alone = try #require(s.demoSessions.first { $0.teams == [3] })
        #expect(alone.slotCount == 1 && alone.startSlot == 2 * Week.slotsPerDay + 40)
        #expect(s.demoNotes.map(\.team) == [3])
        #expect(s.demoNotes[0].reason.contains("no other team is free"))
        // That week D's standup gives way to the demo (an EXDATE in the calendar).
        let standup = s.events[s.standupEvent[3]!]
        #expect(standup.instants.count == 11 && standup.skipped.count == 1)
        #expect(standup.skipped[0].replacedBy.hasPrefix("demo-w\(alone.week)-"))
        let ics = try #require(ScheduleText(s, request: r).calendar(member: 9))
        #expect(ics.contains("EXDATE:") && ics.contains("RRULE:FREQ=WEEKLY;COUNT=12"))
        #expect(s.unscheduled.isEmpty)
    }

    @Test func aTeamThatCannotPresentGetsADemoRowWithItsReason() throws {
        // Members share no time at all in the demo weeks: no standup, no demo session.
        let c = scheduleCohort(["a,,,1,UTC,Mon 10:00-11:00", "b,,,3,UTC,Tue 10:00-11:00", "x,,,1,UTC,Mon 10:00-11:00", "y,,,3,UTC,Mon 10:00-11:00"])
        let r = ScheduleRequest(cohort: c, teams: [ScheduleTeam(id: "T1", members: [0, 1]), ScheduleTeam(id: "T2", members: [2, 3])])
        let s = try Scheduler.solve(r, solver: GLPKSolver())
        let demo = try #require(s.unscheduled.first { $0.kind == .demo })
        #expect(demo.id == "demo-T1" && demo.participants == [0, 1])
        #expect(demo.reason == "its members share no 15-minute time in the demo weeks (4, 8, 12)")
        #expect(s.demoSessions.map(\.teams) == [[1]])
    }

    @Test func daylightSavingTimeIsNamedWhenItRemovedTheWindow() throws {
        // a's Sat 10:15–12:00 in New York is 15:15–17:00 UTC until 2027-03-14, 14:15–16:00 after;
        // m is free 16:30–17:30 UTC: they share 30 minutes only before the change.
        let c = scheduleCohort(["a,,,1,America/New_York,Sat 10:15-12:00", "m,,,4,UTC,Sat 16:30-17:30"], policy: "quarter_start = 2027-02-22\n")
        let r = ScheduleRequest(cohort: c, checkIns: [CheckInPair(mentee: 0, mentor: 1)])
        let s = try Scheduler.solve(r, solver: GLPKSolver())
        #expect(s.checkInEvent == [nil])
        #expect(s.unscheduled.first?.reason == "m shares no 30-minute window with a: a's Sat 10:15–12:00 America/New_York window is 1 hour earlier in UTC from 2027-03-14 (daylight-saving time), so no other participant is free in both every week")
    }

    @Test func aLocalCommunityKeepsItsLocalTimesAllQuarter() throws {
        // Everyone in Sydney, quarter across the 2027-04-04 change: the schedule keeps
        // Sydney time, so nobody's windows shrink and every meeting stays at its local time.
        var rows: [String] = []
        for k in 0..<8 { rows.append("s\(k),,,\(k % 4 + 1),Australia/Sydney,Tue 18:00-19:00;Thu 18:00-19:00") }
        let c = scheduleCohort(rows, policy: "quarter_start = 2027-03-29\n")
        #expect(c.week.clockZone == "Australia/Sydney")
        #expect(c.members.allSatisfy { $0.availability == $0.openingAvailability })
        let r = ScheduleRequest(cohort: c, checkIns: [CheckInPair(mentee: 0, mentor: 2), CheckInPair(mentee: 1, mentor: 3)],
                                teams: [ScheduleTeam(id: "T", members: [4, 5, 6, 7])], workshopAttendees: Array(0..<8))
        let s = try Scheduler.solve(r, solver: GLPKSolver())
        #expect(ScheduleFixture.problems(s, r).isEmpty)
        #expect(s.unscheduled.isEmpty)
        let text = ScheduleText(s, request: r)
        for e in s.events.indices where s.events[e].kind != .demo {
            let local = Set(s.events[e].instants.map { c.week.local($0, zone: "Australia/Sydney").minute })
            #expect(local.count == 1, "\(s.events[e].id) moves in local time")
            #expect(!text.localTime(member: s.events[e].participants[0], event: e).contains("daylight-saving"))
        }
        let ics = try #require(text.calendar(member: 4))
        #expect(ics.contains("DTSTART;TZID=Australia/Sydney:") && ics.contains("TZOFFSETFROM:+1100\r\nTZOFFSETTO:+1000"))
    }
}
