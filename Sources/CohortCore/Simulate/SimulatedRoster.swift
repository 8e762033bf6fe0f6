/// A generated roster as a validated `Cohort`: exactly what `cohort generate`
/// writes, read back as `cohort match` would read it.
public enum SimulatedRoster {
    /// The run date given to the reader. The generated policy fixes
    /// `quarter_start`, so the date has no effect on the result.
    public static let runDate = CalendarDate(year: 2027, month: 1, day: 1)!

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    /// Generates the roster for `parameters`, writes its files as text and
    /// reads them back. `timeLimitSeconds` is applied as `--time-limit` would be;
    /// `podShare` > 0 adds a `wants_pod` column (that share of active and trial
    /// members say yes; `RuleColumns`, no other rule column); `workshopTracks`
    /// is applied as `--set workshop_tracks=…` would be.
    public static func cohort(_ parameters: RosterGenerator.Parameters, timeLimitSeconds: Double? = nil, podShare: Double = 0,
                              workshopTracks: [ClosedRange<Int>] = []) throws(Invalid) -> Cohort {
        var roster = RosterGenerator(parameters: parameters).generate()
        if podShare > 0 {
            roster = roster.withRuleColumns(RuleColumns(groups: 0, balanceValues: [], teammateShare: 0, podShare: podShare), seed: parameters.seed)
        }
        let writer = CSVWriter(neutralizesFormulas: false)
        let members = InputFile(name: "members.csv", bytes: Array(writer.write(header: roster.members.header, rows: roster.members.rows).utf8))
        let projects = roster.projectsFile.map { InputFile(name: "projects.csv", bytes: Array(writer.write(header: $0.header, rows: $0.rows).utf8)) }
        let policy = InputFile(name: "policy.toml", bytes: Array(roster.policyTOML.utf8))
        var overrides: [PolicyReader.Override] = []
        if let timeLimitSeconds { overrides.append(.init(key: "time_limit_seconds", value: String(timeLimitSeconds))) }
        if !workshopTracks.isEmpty { overrides.append(.init(key: "workshop_tracks", value: WorkshopTracks.text(workshopTracks))) }
        let outcome = RosterReader.read(members: members, projects: projects, policy: policy, overrides: overrides, runDate: runDate)
        guard let cohort = outcome.cohort else {
            let first = outcome.errors.prefix(3).map(\.description).joined(separator: "; ")
            throw Invalid(description: "the generated roster (\(parameters.memberCount) members, seed \(parameters.seed)) does not validate: \(first)")
        }
        return cohort
    }

    /// `cohort` with `count` recruited mentors added: copies of the current
    /// mentors' profiles (stage, skills, time zone and availability, in id
    /// order, round robin), each offering `max_mentees` places, wanting neither
    /// a mentor nor a team. The answer to "how many more mentors like ours".
    public static func withRecruits(_ cohort: Cohort, count: Int) -> Cohort {
        let rules = MentorRules(policy: cohort.policy)
        let profiles = cohort.members.filter(rules.isMentor)
        guard count > 0, !profiles.isEmpty else { return cohort }
        var members = cohort.members
        let width = String(count).count
        for r in 0..<count {
            var m = profiles[r % profiles.count]
            let number = String(r + 1)
            m.id = "recruit-" + String(repeating: "0", count: width - number.count) + number
            m.name = "Recruited mentor " + number
            m.email = ""
            m.status = .active
            m.mentorCapacity = cohort.policy.maxMentees
            m.wantsMentor = false
            m.wantsTeam = false
            m.preferredMentors = []
            m.projectChoices = []
            m.avoid = []
            m.currentMentor = nil
            m.changeMentor = false
            m.teammates = []
            m.wantsPod = false
            members.append(m)
        }
        return Cohort(members: members, projects: cohort.projects, policy: cohort.policy, tags: cohort.tags, hasProjects: cohort.hasProjects,
                      groups: cohort.groups, balances: cohort.balances)
    }
}
