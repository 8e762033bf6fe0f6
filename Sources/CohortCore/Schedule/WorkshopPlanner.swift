/// Chooses the workshop session times (SPEC §3.5: "workshop session time(s)
/// per track chosen to cover as many members as possible") and assigns every
/// attendee to one session of their track they can make. Without
/// `workshop_tracks` there is one track, the whole cohort; with it, each
/// stage band has its own `workshop_sessions` sessions, attended by its
/// members only. docs/schedule.md §3 has the model.
enum WorkshopPlanner {
    struct Plan {
        /// Start slot of each session: the sessions of track 0 ascending, then track 1's, …
        var starts: [Int]
        var length: Int
        /// Per session: its track (index into `workshop_tracks`), nil without tracks.
        var track: [Int?]
        /// Per member index: session (0-based) or -1.
        var session: [Int]
        var absences: [WorkshopAbsence]
        var outcome: PhaseOutcome

        /// The sessions member `m`'s track holds (every session without tracks).
        func sessions(of m: Int, cohort: Cohort) -> [Int] {
            let t = cohort.policy.workshopTrack(of: cohort.members[m].stage)
            return starts.indices.filter { track[$0] == t }
        }
    }

    static func plan(_ cohort: Cohort, attendees: [Int], solver: any LinearSolver, timeLimit: Double?) throws(SolverError) -> Plan {
        let clock = Stopwatch()
        let members = cohort.members
        let policy = cohort.policy
        let length = Week.slotCount(minutes: policy.workshopMinutes)
        var plan = Plan(starts: [], length: length, track: [], session: [Int](repeating: -1, count: members.count), absences: [],
                        outcome: PhaseOutcome(status: .empty, objective: 0, bound: 0, seconds: 0))
        let attendees = Array(Set(attendees)).sorted()
        guard policy.workshopSessions > 0, !attendees.isEmpty else {
            plan.outcome.seconds = clock.seconds
            return plan
        }
        // The tracks and their members (one track of everyone without `workshop_tracks`).
        let bands = policy.workshopTracks
        var tracks: [(band: Int?, members: [Int])] = bands.isEmpty ? [(nil, attendees)] : bands.indices.map { ($0, []) }
        if !bands.isEmpty {
            for m in attendees {
                if let t = policy.workshopTrack(of: members[m].stage) {
                    tracks[t].members.append(m)
                } else {
                    plan.absences.append(WorkshopAbsence(member: m, reason: "stage \(members[m].stage.rawValue) is in no workshop track (workshop_tracks \"\(WorkshopTracks.text(bands))\")"))
                }
            }
        }
        var objective = 0, bound = 0, mipSolves = 0, candidates = 0, groups = 0
        var status: PhaseOutcome.Status = .optimal
        for track in tracks where !track.members.isEmpty {
            let starts = track.members.map { members[$0].availability.starts(length: length) }
            let slack = track.members.map { members[$0].availability }
            let cover = try SessionCover.solve(starts: starts, slack: slack, length: length, sessions: policy.workshopSessions, solver: solver, timeLimit: timeLimit)
            objective += cover.objective
            bound += cover.bound
            mipSolves += cover.mipSolves
            candidates += cover.candidateStarts
            groups += cover.groups
            if cover.status != .optimal { status = .feasible }
            let first = plan.starts.count
            plan.starts += cover.chosen
            plan.track += cover.chosen.map { _ in track.band }
            // Each attendee goes to the session where they sit deepest inside a window.
            for (k, m) in track.members.enumerated() {
                if starts[k].isEmpty {
                    plan.absences.append(WorkshopAbsence(member: m, reason: "no \(policy.workshopMinutes)-minute window in your availability"))
                } else if let i = cover.session(starts: starts[k], slack: slack[k], length: length) {
                    plan.session[m] = first + i
                } else {
                    let times = cover.chosen.map { cohort.week.describe(startSlot: $0, slotCount: length) }.joined(separator: ", ")
                    let what = track.band.map { "the workshop time of track \(WorkshopTracks.text([bands[$0]]))" } ?? "the workshop time"
                    // Daylight-saving time decided when the member could make a session in the opening weeks.
                    var reason = "not available at \(what) (\(times))"
                    if cover.chosen.contains(where: { members[m].openingAvailability.contains(start: $0, count: length) }),
                       let note = cohort.week.changeNote(windows: members[m].localWindows, zone: members[m].timeZone) {
                        reason += " in every week of the quarter: " + note
                    }
                    plan.absences.append(WorkshopAbsence(member: m, reason: reason))
                }
            }
        }
        plan.absences.sort { $0.member < $1.member }
        var details: [(name: String, value: Int)] = [("candidate_starts", candidates), ("availability_groups", groups), ("mip_solves", mipSolves)]
        if !bands.isEmpty { details.append(("tracks", bands.count)) }
        plan.outcome = PhaseOutcome(status: status, objective: Double(objective), bound: Double(bound),
                                    seconds: clock.seconds, details: details)
        return plan
    }
}
