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

    /// Counts in one pass over the members, reading only the fields it needs.
    public init(_ cohort: Cohort) {
        let ms = cohort.members
        var stageCounts = InlineArray<6, Int>(repeating: 0)
        var statusCounts = InlineArray<4, Int>(repeating: 0)
        var mentors = 0, mentorCapacity = 0, mentees = 0, teamSeekers = 0, continuingPairs = 0, changeRequests = 0
        for i in ms.indices {
            stageCounts[ms[i].stage.rawValue] += 1
            statusCounts[ms[i].status.ordinal] += 1
            // `status == .active`, not `isActive`: a computed property of an
            // array element is called on a copy of the whole `Member`.
            let active = ms[i].status == .active
            if active && ms[i].mentorCapacity > 0 {
                mentors += 1
                mentorCapacity += ms[i].mentorCapacity
            }
            if active && ms[i].wantsMentor { mentees += 1 }
            if active && ms[i].wantsTeam { teamSeekers += 1 }
            if ms[i].currentMentor != nil && !ms[i].changeMentor { continuingPairs += 1 }
            if ms[i].changeMentor { changeRequests += 1 }
        }
        // Only the stages and statuses that occur, as Dictionary(grouping:) gave.
        byStage = [:]
        for stage in Stage.allCases where stageCounts[stage.rawValue] > 0 { byStage[stage] = stageCounts[stage.rawValue] }
        byStatus = [:]
        for status in MemberStatus.allCases where statusCounts[status.ordinal] > 0 { byStatus[status] = statusCounts[status.ordinal] }
        members = ms.count
        self.mentors = mentors
        self.mentorCapacity = mentorCapacity
        self.mentees = mentees
        self.teamSeekers = teamSeekers
        self.continuingPairs = continuingPairs
        self.changeRequests = changeRequests
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

extension MemberStatus {
    /// Position in `allCases`.
    fileprivate var ordinal: Int {
        switch self {
        case .active: 0
        case .trial: 1
        case .paused: 2
        case .inactive: 3
        }
    }
}
