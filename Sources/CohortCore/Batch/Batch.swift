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
    /// Study pods (SPEC §3.5); their meetings are in `schedule` (kind `pod`).
    public var pods: PodFormation = .none
    /// The week: check-ins, standups, buddy check-ins, workshop, demo days, roles (SPEC §3.5).
    public var schedule: WeeklySchedule
    /// What the schedule was asked to place (its indices match `schedule`).
    public var scheduleRequest: ScheduleRequest
}


/// The batch as a composition of phases, each a function from the cohort and
/// earlier results to its own result (docs/architecture.md). `cohort rematch`
/// calls the same candidate, pairing and event code on a restricted input.
public enum Batch {
    /// Progress callback: a short phase description (one line per phase start and end).
    public typealias Progress = @Sendable (String) -> Void

    /// `progress` gets a line as each phase starts and ends; `meter` is the
    /// hook long phases report their steps to (docs/outputs.md "Progress"):
    /// the command line prints the latest on its heartbeat.
    public static func run(_ cohort: Cohort, solver: any LinearSolver, threads: Int = 2, progress: Progress = { _ in },
                           meter: ProgressMeter = .none) throws(SolverError) -> BatchResult {
        let pairs = try mentorPairs(cohort, solver: solver, threads: threads, progress: progress, meter: meter)
        let mentoring = pairs.schedulable.matching
        let backups = try backupMentors(mentoring, cohort: cohort, solver: solver, threads: threads, progress: progress)
        let buddies = try buddies(cohort, solver: solver, threads: threads, progress: progress)
        let unserved = pairs.schedulable.explain(Reasons.all(matching: mentoring, candidates: pairs.schedulable.candidates, backups: backups, buddies: buddies, cohort: cohort), cohort: cohort)
        let continuingNotes = Reasons.continuing(pairs.candidates, cohort: cohort)
        let checkIns = mentoring.pairs.map { CheckInPair(mentee: $0.mentee, mentor: $0.mentor) }
        let teams = try teams(cohort, checkIns: checkIns, solver: solver, threads: threads, progress: progress, meter: meter)
        let week = try schedule(cohort, checkIns: checkIns, teams: teams.formation, buddies: buddies.pairs, standupStarts: teams.standupStarts,
                                solver: solver, progress: progress, meter: meter)
        var (weekSchedule, request) = (week.schedule, week.request)
        let pods = try studyPods(cohort, around: weekSchedule, solver: solver, progress: progress, meter: meter)
        podMeetings(pods, schedule: &weekSchedule, request: &request, progress: progress)
        return BatchResult(cohort: cohort, candidates: pairs.candidates, mentoring: mentoring, candidateSeconds: pairs.candidateSeconds,
                           backups: backups, buddies: buddies, unserved: unserved, continuingNotes: continuingNotes, teams: week.teams,
                           pods: pods, schedule: weekSchedule, scheduleRequest: request)
    }

    /// Study pods (SPEC §3.5), formed around the week's other meetings: a
    /// pod's common window leaves out every slot a member is already booked.
    static func studyPods(_ cohort: Cohort, around week: WeeklySchedule, solver: any LinearSolver, progress: Progress, meter: ProgressMeter = .none) throws(SolverError) -> PodFormation {
        let seekers = cohort.members.indices.filter { cohort.members[$0].seeksPod }
        guard !seekers.isEmpty else { return .none }
        progress("pods: forming")
        let busy = PodMeetings.busySlots(week, cohort: cohort, members: seekers)
        let pods = try PodFormation.solve(cohort, solver: solver, timeLimit: cohort.policy.timeLimitSeconds, busy: busy, progress: meter)
        let placed = pods.pods.reduce(0) { $0 + $1.members.count }
        progress("pods: done — \(pods.pods.count) pods, \(placed) placed, \(pods.unplaced.count) not placed (\(format(pods.placement.seconds + pods.quality.seconds)) s, \(pods.quality.status.rawValue))")
        return pods
    }

    /// The pods' weekly meetings, after every other event (`PodMeetings`).
    static func podMeetings(_ pods: PodFormation, schedule: inout WeeklySchedule, request: inout ScheduleRequest, progress: Progress) {
        guard !pods.pods.isEmpty else { return }
        PodMeetings.place(pods, schedule: &schedule, request: &request)
        let placed = schedule.podEvent.count { $0 != nil }
        progress("schedule: \(placed) of \(pods.pods.count) pod meetings placed")
    }

    /// Mentor pairs (SPEC §3.1): the candidate graph, then the matching
    /// whose check-ins can all be scheduled — a mentor whose mentees'
    /// check-ins cannot all fit loses the weakest pair, and the matching is re-solved.
    static func mentorPairs(_ cohort: Cohort, solver: any LinearSolver, threads: Int, progress: Progress, meter: ProgressMeter = .none)
        throws(SolverError) -> (candidates: MentorCandidates, candidateSeconds: Double, schedulable: SchedulablePairs) {
        let clock = Stopwatch()
        progress("mentor pairs: building candidates")
        let candidates = MentorCandidates(cohort: cohort, threads: threads, limit: MentorCandidates.storedLimit(for: cohort))
        let candidateSeconds = clock.seconds
        let rules = MentorRules(policy: cohort.policy)
        let mentees = cohort.members.count(where: rules.isMentee), mentors = cohort.members.count(where: rules.isMentor)
        let stored = candidates.truncated.contains(true) ? " stored (each mentee's best \(candidates.limit ?? 0); the rest priced in as needed)" : ""
        progress("mentor pairs: \(mentees) mentees (\(candidates.continuing.count) keep last quarter's mentor, \(candidates.graph.people.count) to match), "
                 + "\(candidates.graph.partners.count) of \(mentors) mentors with places left, \(candidates.graph.pairCount) candidate pairs\(stored) (\(format(candidateSeconds)) s)")
        let schedulable = try SchedulablePairs.solve(candidates, cohort: cohort, solver: solver, timeLimit: cohort.policy.timeLimitSeconds, threads: threads, progress: meter)
        let mentoring = schedulable.matching
        let continuing = mentoring.pairs.count(where: \.continuing)
        progress("mentor pairs: done — \(mentoring.pairs.count) of \(mentees) mentees matched (\(continuing) continuing, \(mentoring.pairs.count - continuing) new), \(mentoring.unmatched.count) without a mentor (\(format(clock.seconds - candidateSeconds)) s, \(mentoring.quality.status.rawValue))"
                 + (schedulable.resolves > 0 ? "; \(schedulable.forbidden.count) pairs whose check-ins could not all be scheduled forbidden over \(schedulable.resolves) re-solves" : ""))
        return (candidates, candidateSeconds, schedulable)
    }

    /// Backup mentors (SPEC §3.2) for the mentees of `mentoring`.
    static func backupMentors(_ mentoring: MentorMatching, cohort: Cohort, solver: any LinearSolver, threads: Int, progress: Progress) throws(SolverError) -> BackupMentors {
        progress("backup mentors: choosing")
        // Backups and buddies over every candidate: large rosters store each
        // person's best few and price the rest in (docs/mentoring.md §3.3).
        let backups = try BackupMentors.solve(mentoring, cohort: cohort, solver: solver, timeLimit: cohort.policy.timeLimitSeconds, threads: threads)
        progress("backup mentors: \(backups.assignments.count) of \(mentoring.pairs.count) mentees have one (\(format(backups.cardinality.seconds + backups.quality.seconds)) s, \(backups.quality.status.rawValue))")
        return backups
    }

    /// Buddies of trial newcomers (SPEC §3.3).
    static func buddies(_ cohort: Cohort, solver: any LinearSolver, threads: Int, progress: Progress) throws(SolverError) -> Buddies {
        progress("buddies: choosing")
        let buddies = try Buddies.solve(cohort: cohort, solver: solver, timeLimit: cohort.policy.timeLimitSeconds, threads: threads)
        progress("buddies: \(buddies.pairs.count) newcomers have one, \(buddies.withoutBuddy.count) without (\(format(buddies.cardinality.seconds + buddies.quality.seconds)) s, \(buddies.quality.status.rawValue))")
        return buddies
    }

    /// Project teams (SPEC §3.4), each member's standup kept to the starts
    /// that leave room for their check-ins (`StandupRoom`).
    static func teams(_ cohort: Cohort, checkIns: [CheckInPair], solver: any LinearSolver, threads: Int, progress: Progress, meter: ProgressMeter = .none)
        throws(SolverError) -> (formation: TeamFormation, standupStarts: [Int: WeekSlots]) {
        progress("teams: forming")
        let roomClock = Stopwatch()
        let standupStarts = StandupRoom.usableStarts(cohort: cohort, checkIns: checkIns,
                                                     members: cohort.members.indices.filter { cohort.members[$0].isActive && cohort.members[$0].wantsTeam })
        progress("teams: standup times that leave room for the check-ins of \(standupStarts.count) members (\(format(roomClock.seconds)) s)")
        // The heartbeat repeats this line while the teams are formed.
        let eligible = cohort.members.count { $0.isActive && $0.wantsTeam }
        progress("teams: placing \(eligible) members who want a team"
                 + (cohort.hasProjects ? " (\(cohort.projects.count) projects, \(cohort.projects.reduce(0) { $0 + $1.members.count }) pre-assigned members)" : " (free teams, no projects file)"))
        let teams = try TeamFormation.solve(cohort, solver: solver, timeLimit: cohort.policy.timeLimitSeconds, threads: threads, standupStarts: standupStarts, progress: meter)
        // "done" and what stopped the search: the heartbeat's last percentage may have been below 100 %.
        progress("teams: done" + stopped(teams.quality.stoppedBy)
                 + " — \(teams.teams.count) teams, \(teams.teams.reduce(0) { $0 + $1.members.count }) placed, \(teams.unplaced.count) not placed (\(format(teams.placement.seconds + teams.quality.seconds)) s, \(teams.quality.status.rawValue))")
        return (teams, standupStarts)
    }

    /// The week (SPEC §3.6), then the repair that moves a team member when a
    /// check-in is squeezed between two teams' standups; returns the teams,
    /// request and schedule to use.
    static func schedule(_ cohort: Cohort, checkIns: [CheckInPair], teams: TeamFormation, buddies: [BuddyPair], standupStarts: [Int: WeekSlots],
                         solver: any LinearSolver, progress: Progress, meter: ProgressMeter = .none) throws(SolverError) -> TeamScheduleRepair.Outcome {
        progress("schedule: placing check-ins, standups, workshop, demo days, kickoff and mentor circles")
        let request = ScheduleRequest(
            cohort: cohort,
            checkIns: checkIns,
            teams: teams.teams.map { ScheduleTeam(id: $0.id, members: $0.members, allowedStarts: $0.commonStarts) },
            buddies: buddies,
            workshopAttendees: ScheduleRequest.activeMembers(of: cohort),
            kickoffAttendees: ScheduleRequest.activeMembers(of: cohort),
            mentorCircleAttendees: ScheduleRequest.mentors(of: cohort))
        let schedule = try Scheduler.solve(request, solver: solver, progress: meter)
        progress("schedule: done — \(schedule.events.count) events, \(schedule.unscheduled.count) not fitted (\(format(schedule.seconds)) s, \(schedule.outcome.status.rawValue))")
        let repair = try TeamScheduleRepair.run(teams: teams, request: request, schedule: schedule, standupStarts: standupStarts, solver: solver)
        if repair.trials > 0 {
            progress("schedule: \(repair.moves.count) team member(s) moved so that check-ins and standups fit (\(repair.trials) trial schedules, \(format(repair.seconds)) s); \(repair.schedule.unscheduled.count) not fitted")
        }
        return repair
    }

    /// What ended the team search, for the phase's closing line (summary.json `stopped_by`).
    static func stopped(_ by: String?) -> String {
        switch by {
        case nil: ""
        case "optimal": ", proven optimal"
        case "no improving move": ", no improving move left"
        case let why?: ", stopped by the " + why
        }
    }

    static func format(_ x: Double) -> String {
        let r = (x * 100).rounded() / 100
        return String(r)
    }
}
