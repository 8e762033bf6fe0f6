/// The short description of a valid cohort that `cohort validate` prints.
public struct CohortSummary: Sendable, Hashable {
    public var members: Int
    public var byStage: [Stage: Int]
    public var byStatus: [MemberStatus: Int]
    /// Active members with capacity > 0.
    public var mentors: Int
    /// Total mentee places those mentors offer.
    public var mentorCapacity: Int
    /// Active members who want a mentor.
    public var mentees: Int
    /// Active members who want a team.
    public var teamSeekers: Int
    public var trial: Int
    public var projects: Int
    public var preassigned: Int
    public var continuingPairs: Int
    public var changeRequests: Int

    /// Counts in one pass over the members, without copying them.
    public init(_ cohort: Cohort) {
        members = cohort.members.count
        byStage = [:]
        byStatus = [:]
        mentors = 0
        mentorCapacity = 0
        mentees = 0
        teamSeekers = 0
        continuingPairs = 0
        changeRequests = 0
        // Fields are read through the array (`ms[i].stage`), never as a copy
        // of the whole `Member` with its strings and arrays.
        let ms = cohort.members
        for i in ms.indices {
            byStage[ms[i].stage, default: 0] += 1
            byStatus[ms[i].status, default: 0] += 1
            let active = ms[i].isActive
            if active && ms[i].mentorCapacity > 0 {
                mentors += 1
                mentorCapacity += ms[i].mentorCapacity
            }
            if active && ms[i].wantsMentor { mentees += 1 }
            if active && ms[i].wantsTeam { teamSeekers += 1 }
            if ms[i].currentMentor != nil && !ms[i].changeMentor { continuingPairs += 1 }
            if ms[i].changeMentor { changeRequests += 1 }
        }
        trial = byStatus[.trial] ?? 0
        projects = cohort.projects.count
        preassigned = cohort.projects.reduce(0) { $0 + $1.members.count }
    }

    /// Human-readable lines.
    public var lines: [String] {
        let stages = Stage.allCases.map { "\($0.rawValue) \($0.name) \(byStage[$0] ?? 0)" }.joined(separator: ", ")
        let statuses = MemberStatus.allCases.map { "\($0.rawValue) \(byStatus[$0] ?? 0)" }.joined(separator: ", ")
        return [
            "members: \(members)",
            "  by stage: \(stages)",
            "  by status: \(statuses)",
            "mentors: \(mentors) offering \(mentorCapacity) mentee places",
            "mentees: \(mentees) want a mentor (\(continuingPairs) continuing pairs, \(changeRequests) change requests)",
            "teams: \(teamSeekers) want a team",
            "trial: \(trial) newcomers need a buddy",
            "projects: \(projects) with \(preassigned) pre-assigned members",
        ]
    }
}
