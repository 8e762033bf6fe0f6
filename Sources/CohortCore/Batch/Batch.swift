/// One batch: the validated cohort in, every decision out (SPEC §3). Pure:
/// files are read and written by the caller; the solver is injected.
public struct BatchResult: Sendable {
    public var cohort: Cohort
    public var candidates: MentorCandidates
    public var mentoring: MentorMatching
    /// Seconds to build the candidate graph.
    public var candidateSeconds: Double
    /// Backup mentors (SPEC §3.2).
    public var backups: BackupMentors
    /// Buddies of trial newcomers (SPEC §3.3).
    public var buddies: Buddies
    /// Every mentor, backup and buddy need not met, with its computed reason.
    public var unserved: [Unserved]
    /// Continuing pairs that could not be kept, and why.
    public var continuingNotes: [ContinuingNote]
    /// Project teams (SPEC §3.4).
    public var teams: TeamFormation
    /// The week: check-ins, standups, buddy check-ins, workshop, demo days, roles (SPEC §3.5).
    public var schedule: WeeklySchedule
    /// What the schedule was asked to place (its indices match `schedule`).
    public var scheduleRequest: ScheduleRequest
}


public enum Batch {
    /// Progress callback: a short phase description.
    public typealias Progress = @Sendable (String) -> Void

    public static func run(_ cohort: Cohort, solver: any LinearSolver, threads: Int = 2, progress: Progress = { _ in }) throws(SolverError) -> BatchResult {
        let clock = Stopwatch()
        progress("mentor pairs: building candidates")
        let candidates = MentorCandidates(cohort: cohort, threads: threads, limit: MentorCandidates.storedLimit(for: cohort))
        let candidateSeconds = clock.seconds
        let stored = candidates.truncated.contains(true) ? " stored (each mentee's best \(candidates.limit ?? 0); the rest priced in as needed)" : ""
        progress("mentor pairs: \(candidates.graph.people.count) mentees, \(candidates.graph.partners.count) mentors, \(candidates.graph.pairCount) candidate pairs\(stored) (\(format(candidateSeconds)) s)")
        // Pairs whose check-ins can all be scheduled: a mentor whose mentees'
        // check-ins cannot all fit loses the weakest pair, and the matching is re-solved.
        let schedulable = try SchedulablePairs.solve(candidates, cohort: cohort, solver: solver, timeLimit: cohort.policy.timeLimitSeconds, threads: threads)
        let mentoring = schedulable.matching
        progress("mentor pairs: \(mentoring.pairs.count) matched, \(mentoring.unmatched.count) unmatched (\(format(clock.seconds - candidateSeconds)) s, \(mentoring.quality.status.rawValue))"
                 + (schedulable.resolves > 0 ? "; \(schedulable.forbidden.count) pairs whose check-ins could not all be scheduled forbidden over \(schedulable.resolves) re-solves" : ""))
        progress("backup mentors: choosing")
        // Backups and buddies over every candidate: large rosters store each
        // person's best few and price the rest in (docs/mentoring.md §3.3).
        let backups = try BackupMentors.solve(mentoring, cohort: cohort, solver: solver, timeLimit: cohort.policy.timeLimitSeconds, threads: threads)
        progress("backup mentors: \(backups.assignments.count) of \(mentoring.pairs.count) mentees have one (\(format(backups.cardinality.seconds + backups.quality.seconds)) s, \(backups.quality.status.rawValue))")
        progress("buddies: choosing")
        let buddies = try Buddies.solve(cohort: cohort, solver: solver, timeLimit: cohort.policy.timeLimitSeconds, threads: threads)
        progress("buddies: \(buddies.pairs.count) newcomers have one, \(buddies.withoutBuddy.count) without (\(format(buddies.cardinality.seconds + buddies.quality.seconds)) s, \(buddies.quality.status.rawValue))")
        let unserved = schedulable.explain(Reasons.all(matching: mentoring, candidates: schedulable.candidates, backups: backups, buddies: buddies, cohort: cohort), cohort: cohort)
        let continuingNotes = Reasons.continuing(candidates, cohort: cohort)
        progress("teams: forming")
        // Each member's standup starts that leave room for their check-ins.
        let roomClock = Stopwatch()
        let checkIns = mentoring.pairs.map { CheckInPair(mentee: $0.mentee, mentor: $0.mentor) }
        let standupStarts = StandupRoom.usableStarts(cohort: cohort, checkIns: checkIns,
                                                     members: cohort.members.indices.filter { cohort.members[$0].isActive && cohort.members[$0].wantsTeam })
        progress("teams: standup times that leave room for the check-ins of \(standupStarts.count) members (\(format(roomClock.seconds)) s)")
        var teams = try TeamFormation.solve(cohort, solver: solver, timeLimit: cohort.policy.timeLimitSeconds, threads: threads, standupStarts: standupStarts)
        for i in teams.unplaced { if let why = StandupRoom.reason(member: i, usable: standupStarts, cohort: cohort) { teams.reasons[i] = why } }
        progress("teams: \(teams.teams.count) teams, \(teams.teams.reduce(0) { $0 + $1.members.count }) placed, \(teams.unplaced.count) not placed (\(format(teams.placement.seconds + teams.quality.seconds)) s, \(teams.quality.status.rawValue))")
        progress("schedule: placing check-ins, standups, workshop and demo days")
        var request = ScheduleRequest(
            cohort: cohort,
            checkIns: checkIns,
            teams: teams.teams.map { ScheduleTeam(id: $0.id, members: $0.members, allowedStarts: $0.commonStarts) },
            buddies: buddies.pairs,
            workshopAttendees: ScheduleRequest.activeMembers(of: cohort))
        var schedule = try Scheduler.solve(request, solver: solver)
        progress("schedule: \(schedule.events.count) events, \(schedule.unscheduled.count) not fitted (\(format(schedule.seconds)) s, \(schedule.outcome.status.rawValue))")
        // A check-in squeezed between two teams' standups: move a member to another team.
        let repairClock = Stopwatch()
        let repair = try TeamScheduleRepair.run(teams: teams, request: request, schedule: schedule, standupStarts: standupStarts, solver: solver)
        if repair.trials > 0 {
            teams = repair.teams
            request = repair.request
            schedule = repair.schedule
            schedule.seconds += repairClock.seconds
            schedule.outcome.seconds += repairClock.seconds
            schedule.outcome.details += [("team_moves_for_schedule", repair.moves.count), ("team_move_trials", repair.trials)]
            progress("schedule: \(repair.moves.count) team member(s) moved so that check-ins and standups fit (\(repair.trials) trial schedules, \(format(repairClock.seconds)) s); \(schedule.unscheduled.count) not fitted")
        }
        return BatchResult(cohort: cohort, candidates: candidates, mentoring: mentoring, candidateSeconds: candidateSeconds,
                           backups: backups, buddies: buddies, unserved: unserved, continuingNotes: continuingNotes, teams: teams,
                           schedule: schedule, scheduleRequest: request)
    }

    static func format(_ x: Double) -> String {
        let r = (x * 100).rounded() / 100
        return String(r)
    }
}
