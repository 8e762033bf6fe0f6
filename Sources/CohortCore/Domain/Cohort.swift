/// One member of the community, validated. References to other members and
/// projects are indices into the cohort's arrays.
public struct Member: Sendable, Hashable {
    public var id: String
    public var name: String
    public var email: String
    public var stage: Stage
    public var status: MemberStatus
    /// IANA zone of the availability windows.
    public var timeZone: String
    /// Offset east of UTC when the quarter opens, in minutes.
    public var utcOffsetMinutes: Int
    /// The windows as written, in local time.
    public var localWindows: [LocalWindow]
    /// The slots of the schedule's week (`Cohort.week`: UTC, or the clock the
    /// schedule keeps) the member can make in every week of the quarter.
    /// Every engine that looks for a common window uses these.
    public var availability: WeekSlots
    /// Their windows on the UTC week under their zone's offset when the quarter
    /// opens (one-off meetings read each week's own offset from these).
    public var openingAvailability: WeekSlots
    public var interests: TagSet
    public var skills: TagSet
    /// Mentees this member will take this quarter (already capped at `max_mentees`).
    public var mentorCapacity: Int
    public var wantsMentor: Bool
    public var wantsTeam: Bool
    /// Member indices, most preferred first.
    public var preferredMentors: [Int]
    /// Project indices, most preferred first.
    public var projectChoices: [Int]
    /// Member indices never paired, buddied or teamed with this one (made symmetric).
    public var avoid: [Int]
    /// Last quarter's mentor, a member index.
    public var currentMentor: Int?
    /// The mentee asked for a new mentor: never `currentMentor` again.
    public var changeMentor: Bool
    /// Line of members.csv the member was read from.
    public var line: Int
    /// Asked to join a study pod (`wants_pod`, as given: see `seeksPod`).
    public var wantsPod: Bool = false
    /// Department, section or chapter: an index into `Cohort.groups`; nil when empty.
    public var group: Int? = nil
    /// Member indices this member would like on their team (a wish, not a
    /// rule; never someone they avoid).
    public var teammates: [Int] = []
    /// The team-balance attribute value: an index into `Cohort.balances`; nil when empty.
    public var balance: Int? = nil

    /// Active: takes part in mentor pairs, teams and the schedule.
    public var isActive: Bool { status == .active }

    /// Takes part in a study pod: wants one and is active or on trial (SPEC §3.5).
    public var seeksPod: Bool { wantsPod && (status == .active || status == .trial) }
}

/// A project from projects.csv.
public struct Project: Sendable, Hashable {
    public var id: String
    public var name: String
    /// Skills the team should cover.
    public var needs: TagSet
    public var minSize: Int
    public var maxSize: Int
    /// Pre-assigned members (the people who pitched it), member indices.
    public var members: [Int]
    public var line: Int
}

/// A validated roster: members, projects and the policy in force. Built only
/// by `RosterReader`, so every reference in it resolves.
public struct Cohort: Sendable {
    public var members: [Member]
    public var projects: [Project]
    public var policy: Policy
    public var tags: TagVocabulary
    /// Member index by id.
    public var memberIndex: [String: Int]
    /// Whether a projects file was given (otherwise the engine forms teams freely).
    public var hasProjects: Bool
    /// The `group` values of the members.
    public var groups: LabelVocabulary
    /// The `balance` values of the members.
    public var balances: LabelVocabulary
    /// The zones' offsets over the quarter and the clock the schedule keeps.
    public var week: WeekModel

    public init(members: [Member], projects: [Project], policy: Policy, tags: TagVocabulary, hasProjects: Bool,
                groups: LabelVocabulary = LabelVocabulary(), balances: LabelVocabulary = LabelVocabulary()) {
        var members = members
        let week = Cohort.weekModel(members: members, quarterStart: policy.quarterStart, clock: policy.scheduleClock)
        for i in members.indices { members[i].availability = week.availability(opening: members[i].openingAvailability, zone: members[i].timeZone) }
        self.week = week
        self.members = members
        self.projects = projects
        self.policy = policy
        self.tags = tags
        self.hasProjects = hasProjects
        self.groups = groups
        self.balances = balances
        var index: [String: Int] = [:]
        index.reserveCapacity(members.count)
        for i in members.indices { index[members[i].id] = i }  // not a copy of each Member
        memberIndex = index
    }

    /// The week model of a roster: its zones over the quarter and the clock
    /// (`schedule_clock`: "auto" takes the one costing its active and trial members the fewest slots).
    static func weekModel(members: [Member], quarterStart: CalendarDate, clock chosen: String) -> WeekModel {
        let timelines = WeekModel.timelines(quarterStart: quarterStart, zones: members.map(\.timeZone) + (chosen == "auto" || chosen == "UTC" ? [] : [chosen]))
        guard timelines.values.contains(where: \.changesOffset) else { return WeekModel(quarterStart: quarterStart, timelines: timelines, clockZone: nil) }
        var groups: [String: [WeekSlots: Int]] = [:]
        for m in members where m.status == .active || m.status == .trial { groups[m.timeZone, default: [:]][m.openingAvailability, default: 0] += 1 }
        var list: [(zone: String, opening: WeekSlots, count: Int)] = []
        for z in groups.keys.sorted() { for (o, n) in groups[z]! { list.append((z, o, n)) } }
        let clock = WeekModel.chooseClock(quarterStart: quarterStart, timelines: timelines, members: list)
        var model = WeekModel(quarterStart: quarterStart, timelines: timelines, clockZone: chosen == "auto" ? clock.zone : chosen == "UTC" ? nil : chosen)
        model.clockCosts = clock.cost
        return model
    }

    /// Whether `a` and `b` must never be paired, buddied or teamed.
    public func avoids(_ a: Int, _ b: Int) -> Bool {
        let (x, y) = members[a].avoid.count <= members[b].avoid.count ? (a, b) : (b, a)
        return members[x].avoid.contains(y)
    }

    /// The `balance` labels of `team_no_isolated` that some member has.
    public var balancesNotToIsolate: [Int] {
        policy.teamNoIsolated.compactMap { balances.lookup($0) }
    }
}
