import CohortSolver
import Foundation
import Testing

@testable import CohortCore

/// Workshop tracks, the kickoff and the mentor circles (docs/schedule.md §3, §4.1): who is invited, when, the reasons of
/// those who cannot come, and nobody double-booked in any week.
@Suite struct CohortSessionTests {
    // quarter_start 2027-01-04 is a Monday: week 1 is 2027-01-04 to 2027-01-10.

    @Test func theKickoffIsInWeekOneAtTheTimeCoveringMostInvitees() throws {
        let c = scheduleCohort(["a,,,1,UTC,Tue 18:00-21:00", "b,,,2,UTC,Tue 18:00-21:00", "c,,,4,UTC,Tue 18:00-21:00", "d,,,1,UTC,Wed 09:00-10:00"])
        let r = ScheduleRequest(cohort: c, kickoffAttendees: [0, 1, 2, 3])
        let s = try Scheduler.solve(r, solver: GLPKSolver())
        #expect(ScheduleFixture.problems(s, r).isEmpty)
        let kickoff = s.events.filter { $0.kind == .kickoff }
        #expect(kickoff.map(\.id) == ["kickoff-1"])
        // Deepest inside the shared three hours: 19:00–20:00.
        #expect(kickoff[0].participants == [0, 1, 2] && kickoff[0].week == 1 && kickoff[0].instants.count == 1)
        #expect(ScheduleText(s, request: r).time(ofEvent: s.kickoffEvents[0]) == MeetingTime(day: "Tue", start: "19:00", end: "20:00"))
        #expect(s.sessionAbsences == [SessionAbsence(member: 3, kind: .kickoff, reason: "not available at the kickoff time (Tue 19:00–20:00 UTC, 2027-01-05)")])
        let csv = ScheduleText(s, request: r).scheduleCSV()
        #expect(csv.contains("\nkickoff-1,kickoff,Tue,19:00,20:00,a;b;c,1,2027-01-05,,Tue 19:00-20:00 UTC,1\n"))
    }

    @Test func withTwoSessionsTheKickoffReachesBothGroups() throws {
        let c = scheduleCohort(["a,,,1,UTC,Tue 18:00-21:00", "b,,,2,UTC,Tue 18:00-21:00", "d,,,1,UTC,Wed 09:00-10:00"],
                               policy: "quarter_start = 2027-01-04\nworkshop_sessions = 2\n")
        let r = ScheduleRequest(cohort: c, kickoffAttendees: [0, 1, 2])
        let s = try Scheduler.solve(r, solver: GLPKSolver())
        #expect(ScheduleFixture.problems(s, r).isEmpty)
        #expect(s.events.filter { $0.kind == .kickoff }.map(\.participants) == [[0, 1], [2]])
        #expect(s.sessionAbsences.isEmpty)
    }

    @Test func theKickoffNeverTakesTimeAnotherMeetingHolds() throws {
        // The 90-minute workshop sits in the middle of the three hours: no 60 minutes are left.
        let c = scheduleCohort(["a,,,1,UTC,Tue 18:00-21:00", "b,,,2,UTC,Tue 18:00-21:00"])
        let r = ScheduleRequest(cohort: c, workshopAttendees: [0, 1], kickoffAttendees: [0, 1])
        let s = try Scheduler.solve(r, solver: GLPKSolver())
        #expect(ScheduleFixture.problems(s, r).isEmpty)
        #expect(s.workshopEvents.count == 1 && s.kickoffEvents.isEmpty)
        #expect(s.sessionAbsences.map(\.reason) == [String](repeating: "every 60-minute time you can make in week 1 is taken by your other meetings (workshop-1)", count: 2))
    }

    @Test func mentorCirclesMeetInWeeksFourEightAndTwelveForMentorsOnly() throws {
        // Members in id order: m 0, n 1, o 2, x 3, y 4.
        let c = scheduleCohort(["m,,,4,UTC,Thu 10:00-11:00", "x,,,1,UTC,Thu 10:00-11:00", "n,,,5,UTC,Fri 08:00-10:00", "o,,,4,UTC,Fri 08:00-10:00",
                                "y,,,1,UTC,Fri 08:00-10:00"])
        // m's only hour holds their check-in with x every week: m cannot come; n and o meet.
        let r = ScheduleRequest(cohort: c, checkIns: [CheckInPair(mentee: 3, mentor: 0)], mentorCircleAttendees: [0, 1, 2])
        let s = try Scheduler.solve(r, solver: GLPKSolver())
        #expect(ScheduleFixture.problems(s, r).isEmpty)
        let circles = s.mentorCircleEvents.map { s.events[$0] }
        #expect(circles.map(\.id) == ["mentor-circle-w4-1", "mentor-circle-w8-1", "mentor-circle-w12-1"])
        #expect(circles.allSatisfy { $0.participants == [1, 2] && $0.kind == .mentorCircle })
        #expect(circles.map(\.week) == [4, 8, 12])
        // Each in its week: 2027-01-25…, 2027-02-22…, 2027-03-22… (Fridays).
        let text = ScheduleText(s, request: r)
        #expect(s.mentorCircleEvents.map { CalendarDate(daysSinceEpoch: text.firstInstant($0) / 86_400).description } == ["2027-01-29", "2027-02-26", "2027-03-26"])
        let why = "every 60-minute time you can make in week W is taken by your other meetings (checkin-x)"
        #expect(s.sessionAbsences == [SessionAbsence(member: 0, kind: .mentorCircle, reason: [4, 8, 12].map {
            "week \($0): " + why.replacingOccurrences(of: "week W", with: "week \($0)")
        }.joined(separator: " | "))])
        #expect(text.scheduleCSV().contains("\nmentor-circle-w4-1,mentor_circle,Fri,08:30,09:30,n;o,4,2027-01-29,,Fri 08:30-09:30 UTC,1\n"))
        // One-off: no RRULE in the calendar.
        let ics = try #require(text.calendar(member: 1))
        #expect(ics.contains("SUMMARY:Mentor circle (week 4)\r\n") && !ics.contains("RRULE"))
    }

    @Test func workshopTracksGiveEachStageBandItsOwnSessions() throws {
        let c = scheduleCohort(["a,,,1,UTC,Mon 18:00-20:00", "b,,,2,UTC,Mon 18:00-20:00", "e,,,1,UTC,Wed 10:00-12:00",
                                "f,,,4,UTC,Wed 10:00-12:00", "g,,,5,UTC,Wed 10:00-12:00", "h,,,3,UTC,Wed 10:00-12:00"],
                               policy: "quarter_start = 2027-01-04\nworkshop_tracks = \"1-2;4-5\"\n")
        let r = ScheduleRequest(cohort: c, workshopAttendees: Array(0..<6))
        let s = try Scheduler.solve(r, solver: GLPKSolver())
        #expect(ScheduleFixture.problems(s, r).isEmpty)
        #expect(s.workshopEvents.map { s.events[$0].id } == ["workshop-track1-1", "workshop-track2-1"])
        #expect(s.workshopTrack == [0, 1])
        #expect(s.workshopEvents.map { s.events[$0].participants } == [[0, 1], [3, 4]])
        // e (stage 1) could make track 2's time but belongs to track 1; h's stage has no track.
        #expect(s.workshopAbsences == [
            WorkshopAbsence(member: 2, reason: "not available at the workshop time of track 1-2 (Mon 18:15–19:45 UTC)"),
            WorkshopAbsence(member: 5, reason: "stage 3 is in no workshop track (workshop_tracks \"1-2;4-5\")"),
        ])
        let text = ScheduleText(s, request: r)
        #expect(try #require(text.calendar(member: 3)).contains("SUMMARY:Workshop\\, stages 4-5\r\n"))
    }

    @Test func withoutTracksOneWorkshopForEveryone() throws {
        let c = scheduleCohort(["a,,,1,UTC,Mon 18:00-20:00", "f,,,4,UTC,Mon 18:00-20:00"])
        let r = ScheduleRequest(cohort: c, workshopAttendees: [0, 1])
        let s = try Scheduler.solve(r, solver: GLPKSolver())
        #expect(s.workshopEvents.map { s.events[$0].id } == ["workshop-1"] && s.workshopTrack == [nil])
        #expect(s.events[s.workshopEvents[0]].participants == [0, 1])
    }

    /// Generated rosters whose quarter crosses the US and EU changes: every
    /// session inside every attendee's availability in its week, nobody
    /// double-booked, every invitee placed or explained (ScheduleFixture.problems).
    /// With `tracks`: stages 1-2 and 3-5, two sessions each (every attendee in their band's sessions).
    @Test(arguments: [(300, UInt64(3), "2027-02-22", false), (600, UInt64(4), "2027-03-01", false), (400, UInt64(5), "2027-03-29", true)])
    func sessionsHoldOnGeneratedRostersAcrossDaylightSavingChanges(members: Int, seed: UInt64, quarterStart: String, tracks: Bool) throws {
        var cohort = ScheduleFixture.cohort(members: members, seed: seed, quarterStart: quarterStart)
        if tracks {
            cohort.policy.workshopTracks = [1...2, 3...5]
            cohort.policy.workshopSessions = 2
        }
        let r = ScheduleFixture.request(cohort)
        let s = try Scheduler.solve(r, solver: GLPKSolver())
        #expect(ScheduleFixture.problems(s, r).prefix(5) == [])
        if tracks {
            #expect(s.workshopTrack.contains(0) && s.workshopTrack.contains(1) && s.workshopTrack.count <= 4)
            #expect(s.workshopAbsences.allSatisfy { !$0.reason.contains("no workshop track") })
        }
        let invited = r.kickoffAttendees.filter { !r.cohort.members[$0].availability.isEmpty }.count
        let came = s.kickoffEvents.reduce(0) { $0 + s.events[$1].participants.count }
        #expect(came > 0 && came <= invited, "the kickoff reaches \(came) of \(invited)")
        #expect(s.mentorCircleEvents.map { s.events[$0].week! }.allSatisfy { [4, 8, 12].contains($0) })
    }
}
