import Dispatch

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
    /// With `team_no_isolated` (docs/teams.md §7): the isolation level, between placement and
    /// quality — isolated members, and a lower bound on them; nil without the rule.
    public var isolation: PhaseOutcome?
    /// With `team_no_isolated`: each member alone with their listed balance value, and why (`TeamIsolation`).
    public var isolatedMembers: [IsolatedMember] = []

    /// Forms the teams (docs/teams.md). Without `timeLimit` the phase does the work of `budget`
    /// (default `TeamBudget.standard`, counted in moves and subproblems, so the teams are the
    /// same on every machine and thread count) and stops by its own rule; with it, the phase
    /// (construction excepted, which always runs to the end) stops by then at the latest.
    /// `threads` > 1 computes the quality bounds beside the search, their kinds on `threads` threads too. `standupStarts`: per member,
    /// the only standup starts they may get (the ones that leave room for their check-ins,
    /// `StandupRoom`); others keep all theirs. `progress` hears the search's moves and subproblems.
    public static func solve(_ cohort: Cohort, solver: any LinearSolver, timeLimit: Double? = nil, threads: Int = 2,
                             budget: TeamBudget? = nil, standupStarts: [Int: WeekSlots] = [:],
                             progress: ProgressMeter = .none) throws(SolverError) -> TeamFormation {
        let clock = Stopwatch()
        // The search and the bounds stop at 95% of the limit: the rest is for reasons and the report.
        let deadline = timeLimit.map { 0.95 * $0 }
        let p = TeamProblem(cohort: cohort, standupStarts: standupStarts)
        let check = TeamPlaceability(p)
        var (start, closed) = TeamConstruction.build(p, placeable: check.placeable)
        let opened = Set(start.compactMap(\.project))
        // A project without pitchers is judged by its size range alone (the same members and starts
        // for every one of them), so once per range: a class of 10,000 leaves about 800 of its 3,334
        // projects unopened, and each test scans every member at start after start.
        var unpitched: [ClosedRange<Int>: String?] = [:]
        for j in p.projectOrder where closed[j] == nil && !opened.contains(j) {
            let why: String?
            if p.pitchers(j).isEmpty {
                let range = p.sizeRange(project: j)
                if let known = unpitched[range] {
                    why = known
                } else {
                    why = TeamPlaceability.projectProvenClosed(j, p)
                    unpitched[range] = why
                }
            } else {
                why = TeamPlaceability.projectProvenClosed(j, p)
            }
            if let why { closed[j] = why }
        }
        let closedSet = Set(closed.keys)
        let constructionSeconds = clock.seconds
        let startPlaced = start.reduce(0) { $0 + $1.members.count }
        let startQuality = start.reduce(0) { $0 + p.reportedQuality(members: $1.members, project: $1.project) }
        // What the slot bound counts (the bounds' step target): the rules' other terms are bounded apart (TeamRuleBound).
        let startCoreQuality = start.reduce(0) { $0 + TeamBounds.slotQuality(p, members: $1.members, project: $1.project) }

        // Members who can be placed (docs/teams.md §4), before the search.
        var provenPlaceable = check.placeable
        for i in p.eligible where p.preassigned[i] >= 0 && closed[p.preassigned[i]] != nil { provenPlaceable[i] = false }
        let before = Self.placementBound(p, proven: provenPlaceable, closed: closed)
        let model = TeamSearchModel(p, placeable: check.placeable, closed: closedSet)
        let movers = (0..<model.n).count { model.placeable[$0] && model.fixedKind[$0] < 0 }
        let placeableCount = (0..<model.n).count { model.placeable[$0] }
        let budget = budget ?? .standard(members: movers, unplaced: max(0, before.bound - startPlaced))
        let exact = placeableCount <= TeamExact.memberLimit
        let search = TeamSearch(p: p, model: model, solver: solver, placeable: check.placeable, closed: closedSet,
                                placementBound: before.bound, progress: progress)
        let bounds = TeamBounds(p: p, placeable: provenPlaceable, closed: closedSet, simple: before.simple)
        let incumbent = start
        // Small rosters: the set-packing model when its columns are few enough (then the search is the
        // annealing alone: the whole-roster MIP holds every neighbourhood the search would solve).
        let columns = exact && !start.isEmpty ? TeamExact.columns(p, placeable: check.placeable, closed: closedSet) : nil
        let neighbourhoods = columns == nil
        // When the search's teams reach the bound known before it (simple + rules), no slot bound can
        // lower the reported one: the search side raises `enough` and the bound side stops at its next
        // check. Decided on the teams alone, so the outputs are the same whichever side ends first
        // (docs/teams.md §6). Not on the exact path or with team_no_isolated, which change the teams after.
        let ceiling = exact || p.rules.isolating ? nil : before.simple + TeamRuleBound.bound(p, placeable: provenPlaceable)
        let enough = StopSignal()
        let boundClock = { var c = clock; c.signal = enough; return c }()
        // Each side's own seconds (summary.json search_seconds, bound_seconds; docs/teams.md §6).
        var ((found, searchSide), (bounded, boundSide)) = try sideBySide(parallel: threads > 1 && !exact) { () throws(SolverError) -> (TeamSearch.Outcome, Double) in
            let began = clock.seconds
            if incumbent.isEmpty { return (TeamSearch.Outcome(teams: [], stop: .noImprovingMove), 0) }
            let found = try search.run(start: incumbent, budget: budget, deadline: deadline, clock: clock, neighbourhoods: neighbourhoods)
            if let ceiling, found.teams.reduce(0, { $0 + p.reportedQuality(members: $1.members, project: $1.project) }) >= ceiling {
                enough.raise()
            }
            return (found, clock.seconds - began)
        } _: { () throws(SolverError) -> (TeamBounds.Outcome, Double) in
            let began = clock.seconds
            let bounded = try bounds.compute(incumbent: incumbent, target: startCoreQuality, solver: solver, budget: budget,
                                             threads: threads, deadline: deadline, clock: boundClock)
            return (bounded, clock.seconds - began)
        }
        // Not needed (see `enough`): reported as not run, however far it got.
        if enough.isRaised { bounded = TeamBounds.Outcome() }
        var searchSeconds = searchSide
        let afterSides = clock.seconds
        var working = found.teams
        var stop = found.stop
        if bounded.cut { stop = .timeLimit }
        var exactBound: Double?
        var exactWeight = TeamImprovement.placementWeight, exactSlack = 0.0
        var exactNodes = 0
        if exact && !start.isEmpty && stop != .timeLimit {
            var packed: TeamExact.Outcome?
            if let columns {
                packed = try TeamExact.solve(columns, p, teams: working, solver: solver, nodes: budget.exactNodes, deadline: deadline, clock: clock)
            }
            if packed == nil {
                packed = try TeamExact.solve(p, teams: working, placeable: check.placeable, closed: closedSet, solver: solver,
                                             nodes: budget.exactNodes, deadline: deadline, clock: clock)
            }
            let solved = packed!
            working = solved.teams
            exactBound = solved.bound
            (exactWeight, exactSlack) = (solved.placementWeight, solved.slack)
            exactNodes = 1
            if solved.proven { stop = .optimal } else if solved.termination == .timeLimit { stop = .timeLimit } else { stop = .workBudget }
        }
        // team_no_isolated: the single changes the search left that place more or isolate fewer (docs/teams.md §7).
        var repair: TeamIsolation.Repair?
        if stop != .optimal && stop != .timeLimit {
            let done = TeamIsolation.repair(working, p, placeable: check.placeable, deadline: deadline, clock: clock)
            (working, repair) = (done.teams, done)
            if done.stop == .timeLimit { stop = .timeLimit }
        }
        searchSeconds += clock.seconds - afterSides
        let teams = finish(working, p)

        var placed = [Bool](repeating: false, count: cohort.members.count)
        for team in teams { for i in team.members { placed[i] = true } }
        let unplaced = p.eligible.filter { !placed[$0] }
        var reasons: [Int: String] = [:]
        var proven = provenPlaceable
        for i in unplaced {
            if let why = check.reasons[i] {
                reasons[i] = why
            } else if p.preassigned[i] < 0, let why = TeamPlaceability.provenImpossible(i, p) {
                reasons[i] = why
                proven[i] = false
            } else {
                reasons[i] = TeamPlaceability.leftOverReason(i, p, teams: working, closed: closed)
            }
        }

        // Bounds (docs/teams.md §4–5), with what the search proved impossible.
        var after = Self.placementBound(p, proven: proven, closed: closed)
        if let exactBound {
            // The MIP maximizes W · placed + quality (quality ≥ −slack, the isolation penalty at its
            // most): no answer places more than ⌊(bound + slack) / W⌋.
            after.bound = min(after.bound, Int(((exactBound + exactSlack) / exactWeight + 1e-9).rounded(.down)))
        }
        let placedCount = teams.reduce(0) { $0 + $1.members.count }
        let qualityValue = teams.reduce(0) { $0 + $1.quality }
        // The simple bound plus the rules' (TeamRuleBound; 0 without the rules), or the slot
        // bound, which counts the team_ideal term and the wishes itself (docs/teams.md §5).
        var qualityBound = min(after.simple + TeamRuleBound.bound(p, placeable: proven), bounded.slot ?? Int.max)
        if let exactBound, placedCount >= after.bound, exactSlack == 0 {
            // Every lexicographic optimum places `placedCount`: its quality is at most the MIP's bound minus their weight
            // (with team_no_isolated the MIP's isolation weight is its own, so its bound is not in the roster's units).
            qualityBound = min(qualityBound, Int((exactBound - exactWeight * Double(placedCount) + 1e-6).rounded(.down)))
        }
        if stop == .optimal { qualityBound = qualityValue }
        qualityBound = max(qualityValue, qualityBound)
        let placementStatus: PhaseOutcome.Status = p.eligible.isEmpty ? .empty : (placedCount >= after.bound ? .optimal : .feasible)
        // Isolation is a level of its own, between placement and quality (docs/teams.md §7).
        let isolated = p.rules.isolating
            ? TeamIsolation.outcome(teams, p, proven: proven, optimal: stop == .optimal, placementOptimal: placementStatus == .optimal) : nil
        var isolation = isolated?.level
        if isolation != nil { TeamIsolation.note(repair, in: &isolation!) }
        let qualityStatus: PhaseOutcome.Status = p.eligible.isEmpty ? .empty
            : (qualityValue >= qualityBound && placementStatus == .optimal && (isolation.map { $0.status != .feasible } ?? true) ? .optimal : .feasible)
        if qualityStatus == .optimal { stop = .optimal }
        if p.eligible.isEmpty { stop = .optimal }
        let placement = PhaseOutcome(
            status: placementStatus, objective: Double(placedCount), bound: Double(after.bound), seconds: constructionSeconds,
            details: [("eligible", p.eligible.count), ("teams", teams.count), ("constructed_placed", startPlaced),
                      ("settled_placed", found.settledPlaced), ("placement_moves", found.placementMoves)])
        var quality = PhaseOutcome(
            status: qualityStatus, objective: Double(qualityValue), bound: Double(qualityBound), seconds: clock.seconds - constructionSeconds,
            details: [("constructed_quality", startQuality), ("annealed_quality", found.annealedQuality),
                      ("moves", found.moves), ("work", found.work), ("move_budget", budget.moves),
                      ("subproblems", found.subproblems), ("subproblem_budget", budget.placementSubproblems + budget.polishSubproblems),
                      ("improved_subproblems", found.improvedSubproblems), ("unproven_subproblems", found.unprovenSubproblems),
                      ("exact_mip", exactNodes),
                      ("simple_bound", after.simple), ("lp_bound", -1 /* not run by the phase; key kept for readers of summary.json, docs/teams.md §5 */), ("slot_bound", bounded.slot ?? -1),
                      ("bound_rounds", bounded.rounds), ("bound_steps", bounded.steps)])
        quality.details += TeamIsolation.wishCounts(teams, p, proven: proven)
        quality.stoppedBy = stop.rawValue
        quality.searchSeconds = searchSeconds
        quality.boundSeconds = boundSide
        return TeamFormation(teams: teams, unplaced: unplaced, reasons: reasons, placement: placement, quality: quality, isolation: isolation,
                             isolatedMembers: isolated?.members ?? [])
    }

    /// The placement bound (docs/teams.md §4) and the simple quality bound (§5) over the members in `proven`.
    static func placementBound(_ p: TeamProblem, proven: [Bool], closed: [Int: String]) -> (bound: Int, simple: Int) {
        var provable = 0, seniors = 0
        var stageCounts = [Int](repeating: 0, count: 6)
        for i in p.eligible where proven[i] && !(p.preassigned[i] >= 0 && closed[p.preassigned[i]] != nil) {
            provable += 1
            stageCounts[p.stage(i)] += 1
            if p.isSenior(i) { seniors += 1 }
        }
        var largest = p.teamMax, smallest = p.teamMin
        for j in p.cohort.projects.indices where closed[j] == nil {
            largest = max(largest, p.sizeRange(project: j).upperBound)
            smallest = min(smallest, p.sizeRange(project: j).lowerBound)
        }
        let bound = min(provable, seniors * largest)
        let simple = qualityBound(p, placeable: proven, closed: closed, stageCounts: stageCounts,
                                  maxTeams: min(seniors, bound / max(1, smallest)))
        return (bound, simple)
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
                        commonStarts: team.common, quality: p.reportedQuality(members: team.members, project: team.project))
        }
    }

    /// The simple upper bound on total quality (docs/teams.md §5).
    static func qualityBound(_ p: TeamProblem, placeable: [Bool], closed: [Int: String], stageCounts: [Int], maxTeams: Int) -> Int {
        // Choices: each member at most one choice among projects that can form and share a start with its pitchers,
        // and each project at most its seats (a transportation problem, `TeamBounds.capacitatedChoices`).
        let projectStarts = p.cohort.projects.indices.map { p.commonStarts(p.pitchers($0)) }
        var bound = TeamBounds.capacitatedChoices(p, placeable: placeable, closed: closed, projectStarts: projectStarts)
        var skills = Set<Tag>()
        for i in p.eligible where placeable[i] {
            for tag in p.cohort.members[i].skills { skills.insert(tag) }
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

/// Runs `first` and `second` side by side on two threads when `parallel`, else one after the
/// other; an error of either is thrown (the first's first). `first` runs on a Dispatch worker and
/// `second` on the calling thread, outside any `concurrentPerform`: Dispatch runs a
/// `concurrentPerform` nested in another on one thread, so this way the parallel loops of both
/// (the bound's kinds, the search's batches of subproblems) may use every core once the other is
/// done (class of 10,000: the bound's thread ran alone on one core for half the phase).
func sideBySide<A: Sendable, B: Sendable>(parallel: Bool, _ first: @Sendable () throws(SolverError) -> A,
                                          _ second: @Sendable () throws(SolverError) -> B) throws(SolverError) -> (A, B) {
    guard parallel else { return (try first(), try second()) }
    let slots = SideBySideSlots<A, B>()
    let done = DispatchGroup()
    withoutActuallyEscaping(first) { first in
        DispatchQueue.global().async(group: done) {
            do throws(SolverError) { slots.a = .success(try first()) } catch { slots.a = .failure(error) }
        }
        do throws(SolverError) { slots.b = .success(try second()) } catch { slots.b = .failure(error) }
        // `first` does not outlive this call.
        done.wait()
    }
    return (try slots.a!.get(), try slots.b!.get())
}

/// The two results of `sideBySide`, each written by one thread.
private final class SideBySideSlots<A: Sendable, B: Sendable>: @unchecked Sendable {
    var a: Result<A, SolverError>?
    var b: Result<B, SolverError>?
}
