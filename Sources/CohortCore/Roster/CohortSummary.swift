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

    public init(_ cohort: Cohort) {
        let ms = cohort.members
        members = ms.count
        byStage = Dictionary(grouping: ms, by: \.stage).mapValues(\.count)
        byStatus = Dictionary(grouping: ms, by: \.status).mapValues(\.count)
        let mentorList = ms.filter { $0.isActive && $0.mentorCapacity > 0 }
        mentors = mentorList.count
        mentorCapacity = mentorList.reduce(0) { $0 + $1.mentorCapacity }
        mentees = ms.filter { $0.isActive && $0.wantsMentor }.count
        teamSeekers = ms.filter { $0.isActive && $0.wantsTeam }.count
        trial = byStatus[.trial] ?? 0
        projects = cohort.projects.count
        preassigned = cohort.projects.reduce(0) { $0 + $1.members.count }
        continuingPairs = ms.filter { $0.currentMentor != nil && !$0.changeMentor }.count
        changeRequests = ms.filter { $0.changeMentor }.count
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
