/// A project team of the quarter (SPEC §3.4).
public struct Team: Sendable, Hashable {
    /// "T001", "T002", …: project teams in project-id order, then free teams by their first member's id.
    public var id: String
    /// Project index, or nil for a team formed without a project.
    public var project: Int?
    /// Member indices, ascending (= id order).
    public var members: [Int]
    /// The weekly standup: UTC slot where it starts, and its length in slots.
    public var standupStart: Int
    public var standupSlots: Int
    /// Every UTC slot where the standup could start (all members free for its whole length).
    /// Contains `standupStart`; a scheduler may move the standup to any of them.
    public var commonStarts: WeekSlots
    /// The team's quality (docs/teams.md §2).
    public var quality: Int
}

/// The teams of the quarter (SPEC §3.4): every team meets every hard rule;
/// first as many eligible members placed as possible, then quality.
/// docs/teams.md has the models.
public struct TeamFormation: Sendable {
    public var teams: [Team]
    /// Eligible members (active, wants a team) not in any team, ascending.
    public var unplaced: [Int]
    /// Why, for every member in `unplaced`.
    public var reasons: [Int: String]
    /// Members placed; bound: eligible members that pass the per-member test (docs/teams.md §4).
    public var placement: PhaseOutcome
    /// Total team quality; bound: the smaller of two relaxations, the simple one and the LP (docs/teams.md §5).
    public var quality: PhaseOutcome

    /// Forms the teams. `timeLimit` bounds the improvement search (the construction
    /// always runs to the end); `threads` solve disjoint subproblems side by side.
    /// `standupStarts`: per member, the only standup starts they may get (the
    /// ones that leave room for their check-ins, `StandupRoom`); others keep all theirs.
    public static func solve(_ cohort: Cohort, solver: any LinearSolver, timeLimit: Double? = nil,
                             threads: Int = 2, maxPasses: Int = 3, standupStarts: [Int: WeekSlots] = [:]) throws(SolverError) -> TeamFormation {
        let clock = Stopwatch()
        let p = TeamProblem(cohort: cohort, standupStarts: standupStarts)
        let check = TeamPlaceability(p)
        var (start, closed) = TeamConstruction.build(p, placeable: check.placeable)
        var opened = Set(start.compactMap(\.project))
        for j in p.projectOrder where closed[j] == nil && !opened.contains(j) {
            if let why = TeamPlaceability.projectProvenClosed(j, p) { closed[j] = why }
        }
        opened = []
        let constructionSeconds = clock.seconds
        let startPlaced = start.reduce(0) { $0 + $1.members.count }
        let startQuality = start.reduce(0) { $0 + p.quality(members: $1.members, project: $1.project) }

        var search = TeamImprovement(p: p, solver: solver, placeable: check.placeable, teams: start, closed: Set(closed.keys))
        if !start.isEmpty {
            search.run(passes: maxPasses, deadline: timeLimit.map { clock.seconds + $0 }, clock: clock, threads: threads)
        }
        let teams = finish(search.teams, p)

        var placed = [Bool](repeating: false, count: cohort.members.count)
        for team in teams { for i in team.members { placed[i] = true } }
        let unplaced = p.eligible.filter { !placed[$0] }
        var reasons: [Int: String] = [:]
        var proven = check.placeable
        for i in unplaced {
            if let why = check.reasons[i] {
                reasons[i] = why
            } else if p.preassigned[i] < 0, let why = TeamPlaceability.provenImpossible(i, p) {
                reasons[i] = why
                proven[i] = false
            } else {
                reasons[i] = TeamPlaceability.leftOverReason(i, p, teams: search.teams, closed: closed)
            }
        }

        // Bounds (docs/teams.md §4–5).
        var provable = 0, seniors = 0
        var stageCounts = [Int](repeating: 0, count: 6)
        for i in p.eligible where proven[i] && !(p.preassigned[i] >= 0 && closed[p.preassigned[i]] != nil) {
            provable += 1
            stageCounts[p.stage(i)] += 1
            if p.isSenior(i) { seniors += 1 }
        }
        var largest = p.teamMax, smallest = p.teamMin
        for j in cohort.projects.indices where closed[j] == nil {
            largest = max(largest, p.sizeRange(project: j).upperBound)
            smallest = min(smallest, p.sizeRange(project: j).lowerBound)
        }
        let placementBound = min(provable, seniors * largest)
        let placedCount = teams.reduce(0) { $0 + $1.members.count }
        let placement = PhaseOutcome(
            status: p.eligible.isEmpty ? .empty : (placedCount >= placementBound ? .optimal : .feasible),
            objective: Double(placedCount), bound: Double(placementBound), seconds: constructionSeconds,
            details: [("eligible", p.eligible.count), ("teams", teams.count), ("constructed_placed", startPlaced)])
        let qualityValue = teams.reduce(0) { $0 + $1.quality }
        let simpleBound = Self.qualityBound(p, placeable: check.placeable, closed: closed,
                                            stageCounts: stageCounts, maxTeams: min(seniors, placementBound / max(1, smallest)))
        var provenPlaceable = proven
        for i in p.eligible where p.preassigned[i] >= 0 && closed[p.preassigned[i]] != nil { provenPlaceable[i] = false }
        let lp = try? TeamQualityBound.bound(p, placeable: provenPlaceable, closed: Set(closed.keys),
                                            incumbent: teams.compactMap { t in t.project.map { ($0, t.members) } }, solver: solver) ?? nil
        let lpBound = lp?.bound
        // The slot bound (docs/teams.md §5): Lagrangian, from the LP's member prices.
        var slotBound: Int?
        if let lp, !p.eligible.isEmpty {
            let lagrangian = TeamLagrangianBound(p: p, placeable: provenPlaceable, closed: Set(closed.keys))
            if lagrangian.members.count <= TeamLagrangianBound.maxMembers {
                slotBound = lagrangian.slotBound(start: lp.prices, incumbent: teams.map { ($0.project, $0.members) },
                                                 target: Double(qualityValue), solver: solver)
            }
        }
        let qualityBound = max(qualityValue, min(simpleBound, lpBound ?? simpleBound, slotBound ?? simpleBound))
        let seconds = clock.seconds
        let quality = PhaseOutcome(
            status: p.eligible.isEmpty ? .empty : (qualityValue >= qualityBound ? .optimal : .feasible),
            objective: Double(qualityValue), bound: Double(qualityBound), seconds: seconds - constructionSeconds,
            details: [("constructed_quality", startQuality), ("subproblems", search.subproblems),
                      ("improved_subproblems", search.improvements), ("unproven_subproblems", search.unproven),
                      ("simple_bound", simpleBound), ("lp_bound", lpBound ?? -1), ("slot_bound", slotBound ?? -1)])
        return TeamFormation(teams: teams, unplaced: unplaced, reasons: reasons, placement: placement, quality: quality)
    }

    /// Sorted, numbered teams with their standup slot.
    static func finish(_ working: [WorkingTeam], _ p: TeamProblem) -> [Team] {
        var list = working.filter { !$0.members.isEmpty }.map { team -> WorkingTeam in
            var t = team
            t.members.sort()
            return t
        }
        let rank = Dictionary(uniqueKeysWithValues: p.projectOrder.enumerated().map { ($1, $0) })
        list.sort { a, b in
            switch (a.project, b.project) {
            case let (x?, y?): return rank[x]! < rank[y]!
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a.members[0] < b.members[0]
            }
        }
        let width = max(3, String(list.count).count)
        return list.enumerated().map { k, team in
            let number = String(k + 1)
            let id = "T" + String(repeating: "0", count: max(0, width - number.count)) + number
            let start = team.common.longestRun?.start ?? 0
            return Team(id: id, project: team.project, members: team.members, standupStart: start, standupSlots: p.length,
                        commonStarts: team.common, quality: p.quality(members: team.members, project: team.project))
        }
    }

    /// The simple upper bound on total quality (docs/teams.md §5).
    static func qualityBound(_ p: TeamProblem, placeable: [Bool], closed: [Int: String], stageCounts: [Int], maxTeams: Int) -> Int {
        var bound = 0
        // Choices: each member at most its best choice among projects that can form and share a start with its pitchers.
        let projectStarts = p.cohort.projects.indices.map { p.commonStarts(p.pitchers($0)) }
        var skills = Set<Tag>()
        for i in p.eligible where placeable[i] {
            for tag in p.cohort.members[i].skills { skills.insert(tag) }
            guard p.preassigned[i] < 0 else { continue }
            for (r, j) in p.cohort.members[i].projectChoices.enumerated() where closed[j] == nil && projectStarts[j].intersects(p.starts[i]) {
                bound += TeamProblem.rankScores[min(r, TeamProblem.rankScores.count - 1)]
                break
            }
        }
        // Needs: every need some placeable member has, on every project that can form.
        for (j, project) in p.cohort.projects.enumerated() where closed[j] == nil {
            bound += TeamProblem.needScore * project.needs.count { skills.contains($0) }
        }
        // Stages: a stage counts at most once per team, and at most once per member.
        for k in 1...5 { bound += TeamProblem.stageScore * min(stageCounts[k], maxTeams) }
        return bound
    }
}

/// teams.csv (SPEC §4) and the team rows of unmatched.csv, as plain cells.
public enum TeamRows {
    public static let header = ["team_id", "project_id", "member_id", "stage", "skills", "standup_day", "standup_start", "standup_end"]
    public static let unmatchedHeader = ["member_id", "need", "reason"]

    /// One row per team member, grouped by team (teams in id order, members in id order).
    /// Skills are `;`-separated, alphabetical; times are UTC.
    public static func rows(_ formation: TeamFormation, cohort: Cohort) -> [[String]] {
        var rows: [[String]] = []
        for team in formation.teams {
            let startMinute = team.standupStart * Week.slotMinutes
            let endMinute = startMinute + team.standupSlots * Week.slotMinutes
            let (day, start) = Week.dayAndTime(minuteOfWeek: startMinute)
            let dayStart = (startMinute / 1440) * 1440
            let end = endMinute - dayStart <= 1440 ? Week.clock(endMinute - dayStart) : Week.dayAndTime(minuteOfWeek: endMinute).time
            let project = team.project.map { cohort.projects[$0].id } ?? ""
            for i in team.members {
                let m = cohort.members[i]
                rows.append([team.id, project, m.id, String(m.stage.rawValue),
                             m.skills.tags.map { cohort.tags.name($0) }.sorted().joined(separator: ";"), day, start, end])
            }
        }
        return rows
    }

    /// unmatched.csv rows (member_id, "team", reason) for every eligible member not placed, in id order.
    public static func unmatchedRows(_ formation: TeamFormation, cohort: Cohort) -> [[String]] {
        formation.unplaced.map { [cohort.members[$0].id, "team", formation.reasons[$0] ?? ""] }
    }
}
