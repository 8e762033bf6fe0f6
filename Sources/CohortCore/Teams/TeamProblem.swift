/// The data every team algorithm works on, derived once from the cohort
/// (SPEC §3.4; docs/teams.md §1): who is eligible, the standup starts each
/// member can make, and the team kinds (one per project, plus free teams).
struct TeamProblem: Sendable {
    let cohort: Cohort
    /// Slots in one standup: ⌈standup_minutes / 15⌉.
    let length: Int
    let teamMin: Int
    let teamMax: Int
    /// The smallest team a member who is not pre-assigned could be in: the
    /// policy's `team_min`, or a project's own smaller `min_size`.
    let smallestTeam: Int
    let distinctStages: Int
    let seniorStage: Int
    /// Eligible members (active and wants a team), ascending member index.
    let eligible: [Int]
    /// Per member index: eligible.
    let isEligible: [Bool]
    /// Per member index: the UTC slots where a standup of `length` slots can start.
    let starts: [WeekSlots]
    /// Per member index: the project (index) it is pre-assigned to, -1 for none.
    let preassigned: [Int]
    /// Project indices in project-id order (row order of projects.csv must not matter).
    let projectOrder: [Int]
    /// `team_group`, `teammates`, `team_ideal`, `team_no_isolated` over member indices (docs/teams.md §6).
    let rules: TeamRules

    /// `standupStarts`: per member, the starts the schedule can still give
    /// them (room left for their check-ins); a member's starts are cut to it.
    init(cohort: Cohort, standupStarts: [Int: WeekSlots] = [:]) {
        self.cohort = cohort
        let p = cohort.policy
        length = Week.slotCount(minutes: p.standupMinutes)
        teamMin = p.teamMin
        teamMax = max(p.teamMin, p.teamMax)
        smallestTeam = cohort.projects.reduce(p.teamMin) { min($0, $1.minSize, $1.maxSize) }
        distinctStages = p.teamMinDistinctStages
        seniorStage = p.teamSeniorStage
        let n = cohort.members.count
        var isEligible = [Bool](repeating: false, count: n)
        var starts = [WeekSlots](repeating: WeekSlots(), count: n)
        var eligible: [Int] = []
        for (i, m) in cohort.members.enumerated() where m.isActive && m.wantsTeam {
            isEligible[i] = true
            eligible.append(i)
            starts[i] = m.availability.starts(length: length)
            if let usable = standupStarts[i] { starts[i] = starts[i].intersection(usable) }
        }
        var preassigned = [Int](repeating: -1, count: n)
        for (j, project) in cohort.projects.enumerated() {
            for i in project.members { preassigned[i] = j }
        }
        self.isEligible = isEligible
        self.starts = starts
        self.eligible = eligible
        self.preassigned = preassigned
        projectOrder = cohort.projects.indices.sorted { cohort.projects[$0].id < cohort.projects[$1].id }
        // The other quality terms at their most: a first choice and a new stage per member, every need.
        let other = eligible.count * (Self.rankScores[0] + Self.stageScore)
            + Self.needScore * cohort.projects.reduce(0) { $0 + $1.needs.count }
        rules = TeamRules(cohort: cohort, isEligible: isEligible, teamMin: teamMin, teamMax: teamMax, otherQuality: other)
    }

    func stage(_ i: Int) -> Int { cohort.members[i].stage.rawValue }
    func isSenior(_ i: Int) -> Bool { stage(i) >= seniorStage }

    /// The eligible pre-assigned members ("pitchers") of project `j`.
    func pitchers(_ j: Int) -> [Int] { cohort.projects[j].members.filter { isEligible[$0] } }

    /// The standup starts every one of `members` can make.
    func commonStarts(_ members: [Int]) -> WeekSlots {
        members.reduce(WeekSlots.all) { $0.intersection(starts[$1]) }
    }

    /// Size range of a team of `project` (nil: a free team with the policy's sizes).
    func sizeRange(project: Int?) -> ClosedRange<Int> {
        guard let project else { return teamMin...teamMax }
        let pr = cohort.projects[project]
        return min(pr.minSize, pr.maxSize)...max(pr.minSize, pr.maxSize)
    }

    /// Project-choice score of member `i` on `project` (docs/teams.md §2):
    /// 10 for the first choice, 7 for the second, 4 for the third, 2 after; 0 unchosen or pre-assigned.
    func choiceScore(_ i: Int, project: Int?) -> Int {
        guard let project, preassigned[i] != project else { return 0 }
        guard let r = cohort.members[i].projectChoices.firstIndex(of: project) else { return 0 }
        return Self.rankScores[min(r, Self.rankScores.count - 1)]
    }
    static let rankScores = [10, 7, 4, 2]
    /// Per distinct stage in a team.
    static let stageScore = 3
    /// Per need of the project covered by some member's skills.
    static let needScore = 5

    /// The first hard rule a team breaks, or nil (docs/teams.md §1). `project` nil is a free team.
    func violation(members: [Int], project: Int?, start: Int?) -> String? {
        let range = sizeRange(project: project)
        if !range.contains(members.count) { return "size \(members.count) outside \(range.lowerBound)–\(range.upperBound)" }
        for i in members where !isEligible[i] { return "\(cohort.members[i].id) is not eligible" }
        for i in members where preassigned[i] >= 0 && preassigned[i] != project {
            return "\(cohort.members[i].id) is pre-assigned to project \(cohort.projects[preassigned[i]].id)"
        }
        if let project {
            for i in cohort.projects[project].members where isEligible[i] && !members.contains(i) {
                return "pre-assigned \(cohort.members[i].id) is missing"
            }
        }
        let common = commonStarts(members)
        if common.isEmpty { return "no common standup window" }
        if let start, !common.contains(start) { return "not everyone can make the standup slot" }
        if Set(members.map(stage)).count < distinctStages { return "fewer than \(distinctStages) distinct stages" }
        if !members.contains(where: isSenior) { return "nobody at stage ≥ \(seniorStage)" }
        for a in members.indices {
            for b in members.indices where a < b && cohort.avoids(members[a], members[b]) {
                return "\(cohort.members[members[a]].id) and \(cohort.members[members[b]].id) avoid each other"
            }
        }
        if let (a, b) = rules.groupConflict(members.map(Int32.init)) {
            let x = cohort.members[Int(a)], y = cohort.members[Int(b)]
            return "\(x.id) ('\(cohort.groups.name(x.group!))') and \(y.id) ('\(cohort.groups.name(y.group!))') are in different groups (team_group = \"same\")"
        }
        return nil
    }

    /// Quality of one team (docs/teams.md §2, §6): choices + distinct stages + needs covered, and
    /// the rules' terms (wishes honoured, size near `team_ideal`, minus isolated members).
    func quality(members: [Int], project: Int?) -> Int {
        var q = rules.scoring ? Int(rules.score(members.map(Int32.init))) : 0
        var stages = 0
        for i in members {
            q += choiceScore(i, project: project)
            stages |= 1 << stage(i)
        }
        q += Self.stageScore * stages.nonzeroBitCount
        if let project {
            for need in cohort.projects[project].needs where members.contains(where: { cohort.members[$0].skills.contains(need) }) {
                q += Self.needScore
            }
        }
        return q
    }

    /// `quality` without the isolation penalty (the search's internal weight): what teams.csv's
    /// report and summary.json show, isolation being a level of its own (docs/teams.md §7).
    func reportedQuality(members: [Int], project: Int?) -> Int {
        guard rules.isolating else { return quality(members: members, project: project) }
        return quality(members: members, project: project) + Int(rules.isolationWeight) * rules.isolated(members.map(Int32.init)).count
    }
}
