import CohortSolver
import Testing

@testable import CohortCore

@Suite struct MeetingsBeatLowerPriorityTests {
    /// The team can meet Tue 18:00 or 18:15; the newcomer n and their buddy t1
    /// only Tue 18:15–18:30, which overlaps both. The buddy day has fewer
    /// times, yet the standup takes its time and the buddy day is left out.
    @Test func standupNeverBlockedByBuddyDay() throws {
        let c = scheduleCohort(["t1,,,4,UTC,Tue 18:00-18:45", "t2,,,2,UTC,Tue 18:00-18:45", "t3,,,1,UTC,Tue 18:00-18:45", "n,,,1,UTC,Tue 18:15-18:30"])
        let i = { (id: String) in c.members.firstIndex { $0.id == id }! }
        let r = ScheduleRequest(cohort: c, teams: [ScheduleTeam(id: "T1", members: [i("t1"), i("t2"), i("t3")])], buddies: [BuddyPair(newcomer: i("n"), buddy: i("t1"))])
        let s = try Scheduler.solve(r, solver: GLPKSolver())
        #expect(ScheduleFixture.problems(s, r).isEmpty)
        #expect(s.standupEvent[0] != nil)
        #expect(s.buddyEvents[0].isEmpty)
        #expect(s.unscheduled.map(\.id) == ["buddy-n"])
    }

    /// The same standup, with the workshop (chosen for six others) over its
    /// only time and a buddy day over the other: the standup still gets a
    /// time, and the members it takes from the workshop are told why.
    @Test func standupNeverBlockedByWorkshopAndBuddyTogether() throws {
        var rows = ["t1,,,4,UTC,Tue 18:00-20:00", "t2,,,2,UTC,Tue 18:00-20:00", "t3,,,1,UTC,Tue 18:00-20:00", "n,,,1,UTC,Tue 19:30-19:45"]
        for k in 0..<6 { rows.append("w\(k),,,2,UTC,Tue 18:00-19:30") }
        let c = scheduleCohort(rows)
        // The team engine allowed 18:00 (inside the workshop) and 19:30 (the buddy day's only time).
        let i = { (id: String) in c.members.firstIndex { $0.id == id }! }
        let team = [i("t1"), i("t2"), i("t3")]
        let r = ScheduleRequest(cohort: c, teams: [ScheduleTeam(id: "T1", members: team, allowedStarts: WeekSlots([96 + 72, 96 + 78]))],
                                buddies: [BuddyPair(newcomer: i("n"), buddy: i("t1"))], workshopAttendees: Array(c.members.indices))
        let s = try Scheduler.solve(r, solver: GLPKSolver())
        #expect(ScheduleFixture.problems(s, r).isEmpty)
        let e = try #require(s.standupEvent[0])
        #expect(s.events[e].startSlot == 96 + 72 || s.events[e].startSlot == 96 + 78)
        #expect(s.unscheduled.allSatisfy { $0.kind == .buddy })
        for a in s.workshopAbsences where team.contains(a.member) { #expect(a.reason.contains("standup-T1")) }
    }
}

@Suite struct StandupRoomTests {
    /// a's check-in with m can only be Tue 18:00–18:30: a standup of a's
    /// starting 17:45, 18:00 or 18:15 would take it; the others are usable.
    @Test func startsThatWouldTakeTheOnlyCheckInTimeAreNotUsable() {
        let c = scheduleCohort(["a,,,1,UTC,Tue 17:00-20:00", "m,,,4,UTC,Tue 18:00-18:30"])
        let usable = StandupRoom.usableStarts(cohort: c, checkIns: [CheckInPair(mentee: 0, mentor: 1)])
        let own = c.members[0].availability.starts(length: 2)
        let blocked = Set([96 + 71, 96 + 72, 96 + 73])
        #expect(usable[0] == WeekSlots(own.slots.filter { !blocked.contains($0) }))
        #expect(usable[1]?.isEmpty == true)
    }

    /// A member whose every standup time is needed by their check-ins is told
    /// so by the team phase; one who keeps usable times is told something else.
    @Test func teamReasonNamesTheCheckIns() throws {
        let c = scheduleCohort(["a,,,1,UTC,Tue 17:00-20:00", "m,,,4,UTC,Tue 18:00-18:30"])
        let usable = StandupRoom.usableStarts(cohort: c, checkIns: [CheckInPair(mentee: 0, mentor: 1)])
        let f = try TeamFormation.solve(c, solver: GLPKSolver(), standupStarts: usable)
        let why = "every 30-minute standup time you can make is needed for your mentor check-in(s)"
        #expect(f.unplaced == [0, 1])
        #expect(f.reasons[1] == why)
        #expect(f.reasons[0] != nil && f.reasons[0] != why)
    }

    /// The mentor's other check-in (with b, only 18:00) leaves a's check-in
    /// only 18:30: a's standup must stay clear of 18:30 even though a alone
    /// could meet m at 18:00.
    @Test func partnersOtherCheckInsCount() {
        let c = scheduleCohort(["a,,,1,UTC,Tue 17:00-20:00", "b,,,1,UTC,Tue 18:00-18:30", "m,,,4,UTC,Tue 18:00-19:00"])
        let usable = StandupRoom.usableStarts(cohort: c, checkIns: [CheckInPair(mentee: 0, mentor: 2), CheckInPair(mentee: 1, mentor: 2)])
        let a = try! #require(usable[0])
        #expect(!a.contains(96 + 74) && !a.contains(96 + 73) && !a.contains(96 + 75))
        #expect(a.contains(96 + 72))
    }

    /// Teams are formed only over the usable starts.
    @Test func teamsUseOnlyUsableStarts() throws {
        let c = scheduleCohort(["a,,,1,UTC,Tue 18:00-19:00", "b,,,2,UTC,Tue 18:00-19:00", "m,,,4,UTC,Tue 18:00-19:00"])
        let usable = [0: WeekSlots([96 + 72])]
        let f = try TeamFormation.solve(c, solver: GLPKSolver(), standupStarts: usable)
        let team = try #require(f.teams.first)
        #expect(team.commonStarts == WeekSlots([96 + 72]))
        let none = try TeamFormation.solve(c, solver: GLPKSolver(), standupStarts: [0: WeekSlots()])
        #expect(none.teams.isEmpty)
    }
}

extension WeekSlots {
    init(_ slots: [Int]) {
        self.init()
        for s in slots { insert(s) }
    }
}
