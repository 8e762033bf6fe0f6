import CohortSolver
import Testing

@testable import CohortCore

/// A check-in squeezed between the mentee's and the mentor's team standups
/// (docs/schedule.md §0.1, step 4), fixed by moving a team member.
@Suite struct TeamScheduleRepairTests {
    /// Mentee a and mentor b share only Sat 12:00–13:00. a's team can meet only
    /// Sat 12:00–12:30 and b's team only 12:30–13:00, so the check-in cannot be
    /// placed. a cannot simply leave (their team would drop to two) but r, not
    /// placed, can stand in: a joins b's team (standup 12:30) and the check-in
    /// takes 12:00.
    static let rows = [
        "a,,,1,UTC,Sat 12:00-13:00", "a2,,,2,UTC,Sat 12:00-12:30", "a3,,,4,UTC,Sat 12:00-12:30",
        "b,,,4,UTC,Sat 12:00-13:00", "b2,,,1,UTC,Sat 12:30-13:00", "b3,,,2,UTC,Sat 12:30-13:00",
        "r,,,1,UTC,Sat 12:00-12:30",
    ]

    static func squeezed(_ c: Cohort) throws -> (TeamFormation, ScheduleRequest, WeeklySchedule) {
        let i = { (id: String) in c.members.firstIndex { $0.id == id }! }
        let p = TeamProblem(cohort: c)
        func team(_ id: String, _ members: [String]) -> Team {
            let m = members.map(i).sorted()
            let blank = Team(id: id, project: nil, members: [], standupStart: 0, standupSlots: p.length, commonStarts: WeekSlots(), quality: 0)
            return TeamScheduleRepair.rebuilt(blank, members: m, p: p)
        }
        let teams = [team("T1", ["a", "a2", "a3"]), team("T2", ["b", "b2", "b3"])]
        for t in teams { #expect(p.violation(members: t.members, project: nil, start: nil) == nil) }
        let placed = PhaseOutcome(status: .optimal, objective: 6, bound: 7, seconds: 0, details: [])
        let quality = PhaseOutcome(status: .feasible, objective: Double(teams.reduce(0) { $0 + $1.quality }), bound: 100, seconds: 0, details: [])
        let formation = TeamFormation(teams: teams, unplaced: [i("r")], reasons: [i("r"): "teams full"], placement: placed, quality: quality)
        let request = ScheduleRequest(cohort: c, checkIns: [CheckInPair(mentee: i("a"), mentor: i("b"))],
                                      teams: teams.map { ScheduleTeam(id: $0.id, members: $0.members, allowedStarts: $0.commonStarts) })
        let schedule = try Scheduler.solve(request, solver: GLPKSolver())
        #expect(schedule.unscheduled.map(\.id) == ["checkin-a"])
        return (formation, request, schedule)
    }

    @Test func aStandInLetsTheMenteeJoinTheMentorsTeam() throws {
        let c = scheduleCohort(Self.rows)
        let id = { (k: Int) in c.members[k].id }
        let (formation, request, schedule) = try Self.squeezed(c)
        let r = try TeamScheduleRepair.run(teams: formation, request: request, schedule: schedule, standupStarts: [:], solver: GLPKSolver())
        #expect(r.schedule.unscheduled.isEmpty)
        #expect(ScheduleFixture.problems(r.schedule, r.request).isEmpty)
        #expect(r.teams.teams.map { $0.members.map(id) } == [["a2", "a3", "r"], ["a", "b", "b2", "b3"]])
        #expect(r.moves.count == 2 && r.trials >= 1)
        let p = TeamProblem(cohort: c)
        for t in r.teams.teams { #expect(p.violation(members: t.members, project: t.project, start: nil) == nil) }
        // Placement and quality follow the new teams; r has no reason left.
        #expect(r.teams.unplaced.isEmpty && r.teams.reasons.isEmpty)
        #expect(r.teams.placement.objective == 7)
        #expect(r.teams.quality.objective == Double(r.teams.teams.reduce(0) { $0 + $1.quality }))
    }

    /// Without r nobody can stand in and the team cannot lose a: nothing valid
    /// is left to try, so the teams and the schedule are returned unchanged
    /// (the scheduler's reason stands).
    @Test func withoutAStandInNothingChanges() throws {
        let c = scheduleCohort(Array(Self.rows.dropLast()) + ["r,,,1,UTC,Sun 12:00-12:30"])
        let (formation, request, schedule) = try Self.squeezed(c)
        let r = try TeamScheduleRepair.run(teams: formation, request: request, schedule: schedule, standupStarts: [:], solver: GLPKSolver())
        #expect(r.moves.isEmpty)
        #expect(r.teams.teams == formation.teams)
        #expect(r.schedule.unscheduled.map(\.id) == ["checkin-a"])
    }

    /// When a's team stays valid without a and b's team is full (and no one
    /// there can swap with a), a leaves every team, with a reason naming the
    /// check-in and the team.
    @Test func aMemberWithNoOtherTeamLeavesWithAReason() throws {
        let c = scheduleCohort(Self.rows.dropLast() + ["a4,,,3,UTC,Sat 12:00-12:30", "b4,,,1,UTC,Sat 12:30-13:00", "b5,,,2,UTC,Sat 12:30-13:00"])
        let i = { (id: String) in c.members.firstIndex { $0.id == id }! }
        let p = TeamProblem(cohort: c)
        func team(_ id: String, _ members: [String]) -> Team {
            let blank = Team(id: id, project: nil, members: [], standupStart: 0, standupSlots: p.length, commonStarts: WeekSlots(), quality: 0)
            return TeamScheduleRepair.rebuilt(blank, members: members.map(i).sorted(), p: p)
        }
        let teams = [team("T1", ["a", "a2", "a3", "a4"]), team("T2", ["b", "b2", "b3", "b4", "b5"])]
        let placement = PhaseOutcome(status: .optimal, objective: 9, bound: 9, seconds: 0, details: [])
        // The team phase proved these teams optimal (quality at its bound).
        let q = Double(teams.reduce(0) { $0 + $1.quality })
        var quality = PhaseOutcome(status: .optimal, objective: q, bound: q, seconds: 0, details: [])
        quality.stoppedBy = "optimal"
        let formation = TeamFormation(teams: teams, unplaced: [], reasons: [:], placement: placement, quality: quality)
        let request = ScheduleRequest(cohort: c, checkIns: [CheckInPair(mentee: i("a"), mentor: i("b"))],
                                      teams: teams.map { ScheduleTeam(id: $0.id, members: $0.members, allowedStarts: $0.commonStarts) })
        let schedule = try Scheduler.solve(request, solver: GLPKSolver())
        #expect(schedule.unscheduled.map(\.id) == ["checkin-a"])
        let r = try TeamScheduleRepair.run(teams: formation, request: request, schedule: schedule, standupStarts: [:], solver: GLPKSolver())
        #expect(r.schedule.unscheduled.isEmpty)
        #expect(ScheduleFixture.problems(r.schedule, r.request).isEmpty)
        #expect(r.moves == [TeamScheduleRepair.Move(member: i("a"), from: 0, to: nil)])
        #expect(r.teams.teams.map(\.members) == [["a2", "a3", "a4"].map(i), ["b", "b2", "b3", "b4", "b5"].map(i)])
        #expect(r.teams.unplaced == [i("a")])
        #expect(r.teams.reasons[i("a")] == "your mentor check-in(s) with b and the standup of team T1 could not both be scheduled, "
            + "and no other team with room has a standup time that leaves room for them")
        #expect(r.teams.placement.status == .feasible && r.teams.placement.objective == 8)
        // No longer the proven teams: feasible, and stopped_by says the schedule's repair changed them.
        #expect(r.teams.quality.status == .feasible && r.teams.quality.objective < q)
        #expect(r.teams.quality.stoppedBy == "schedule repair")
    }
}
