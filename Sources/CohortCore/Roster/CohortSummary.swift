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
    /// Mentees with last quarter's mentor (`current_mentor`) who did not ask to change.
    public var continuingPairs: Int
    /// Mentees who asked for a new mentor (`change_mentor`).
    public var changeRequests: Int
    /// Members who join a study pod (active or trial, `wants_pod`).
    public var podSeekers: Int = 0
    /// A `group` or `balance` value and how many members have it.
    public struct ValueCount: Sendable, Hashable {
        public var name: String
        public var members: Int
    }
    /// Members per `group` value, in the roster's order of first sight.
    public var groups: [ValueCount] = []
    /// `teammates` wishes, and the members who made them.
    public var teammateWishes: Int = 0
    public var membersWishingTeammates: Int = 0
    /// Members per `balance` value, in the roster's order of first sight.
    public var balances: [ValueCount] = []

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
            if active && ms[i].wantsMentor {
                mentees += 1
                // Counted among the mentees, so the sentence adds up: each is part of the mentees.
                if ms[i].currentMentor != nil && !ms[i].changeMentor { continuingPairs += 1 }
                if ms[i].changeMentor { changeRequests += 1 }
            }
            if active && ms[i].wantsTeam { teamSeekers += 1 }
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
        var groupCounts = [Int](repeating: 0, count: cohort.groups.count)
        var balanceCounts = [Int](repeating: 0, count: cohort.balances.count)
        for i in ms.indices {
            if ms[i].wantsPod && (ms[i].status == .active || ms[i].status == .trial) { podSeekers += 1 }
            if let g = ms[i].group { groupCounts[g] += 1 }
            if let b = ms[i].balance { balanceCounts[b] += 1 }
            if !ms[i].teammates.isEmpty {
                teammateWishes += ms[i].teammates.count
                membersWishingTeammates += 1
            }
        }
        groups = zip(cohort.groups.names, groupCounts).map { ValueCount(name: $0, members: $1) }
        balances = zip(cohort.balances.names, balanceCounts).map { ValueCount(name: $0, members: $1) }
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
            "mentees: \(mentees) want a mentor (\(continuingPairs) with last quarter's mentor, \(changeRequests) asking for a new one)",
            "teams: \(teamSeekers) want a team",
            "trial: \(trial) newcomers need a buddy",
            "projects: \(projects) with \(preassigned) pre-assigned members",
        ] + optionalLines
    }

    /// Lines for the columns a roster may leave out, only when it uses them.
    var optionalLines: [String] {
        func counts(_ values: [ValueCount]) -> String {
            let shown = values.prefix(8).map { "'\($0.name)' \($0.members)" }.joined(separator: ", ")
            return values.count > 8 ? shown + " and \(values.count - 8) more" : shown
        }
        var lines: [String] = []
        if podSeekers > 0 { lines.append("pods: \(podSeekers) want a study pod") }
        if !groups.isEmpty { lines.append("groups: \(groups.count) (\(counts(groups)))") }
        if teammateWishes > 0 { lines.append("teammate wishes: \(teammateWishes) from \(membersWishingTeammates) members") }
        if !balances.isEmpty { lines.append("balance values: \(balances.count) (\(counts(balances)))") }
        return lines
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
