/// Small rosters solved exactly (docs/teams.md §3, "Small rosters"): up to `memberLimit`
/// placeable members, the whole team problem goes to GLPK as one MIP started from the search's
/// teams. When GLPK proves it, the teams are optimal (both placement and quality). The MIP is the
/// set-packing model over every valid team (`TeamColumns`) when they are few enough; else the
/// compact model — every team, every unplaced member, an empty team for every project that can
/// still form and as many empty free teams as could ever be used (`SubproblemModel`).
enum TeamExact {
    /// Placeable members up to which the whole roster is one MIP (measured: docs/performance.md,
    /// "Small rosters").
    static let memberLimit = 60

    /// Columns (valid teams) up to which the set-packing model (`TeamColumns`) is used, and subsets
    /// its enumeration may visit; beyond, the compact model (docs/teams.md §3, "Small rosters").
    static let columnLimit = 40_000
    static let enumerationLimit = 400_000

    struct Outcome {
        var teams: [WorkingTeam]
        /// GLPK proved the teams optimal for (placed, quality).
        var proven: Bool
        /// Best bound on W · placed + quality (W = `TeamImprovement.placementWeight`), when known.
        var bound: Double?
        var nodes: Int
        var termination: SolveTermination
        /// The model's placement weight W, and isolation weight × listed members (0 without
        /// `team_no_isolated`): W · placed ≤ bound + slack (docs/teams.md §6).
        var placementWeight = TeamImprovement.placementWeight
        var slack = 0.0
    }

    /// The set-packing model of the roster: every placeable member with a standup start, every
    /// project not closed whose pitchers are all placeable and fit its size; nil past the limits.
    static func columns(_ p: TeamProblem, placeable: [Bool], closed: Set<Int>) -> TeamColumns? {
        let members = p.eligible.filter { placeable[$0] && !p.starts[$0].isEmpty }
        let projects = p.projectOrder.filter { j in
            let f = p.pitchers(j)
            return !closed.contains(j) && f.count <= p.sizeRange(project: j).upperBound && f.allSatisfy { placeable[$0] }
        }
        return TeamColumns(p: p, members: members, projects: projects, columnLimit: columnLimit, nodeLimit: enumerationLimit)
    }

    /// Solves the set-packing model from `teams` (valid, each a column; else nil: the caller uses
    /// the compact model). `nodes` and the time left before `deadline` bound the search; the answer
    /// is never worse than `teams`.
    static func solve(_ columns: TeamColumns, _ p: TeamProblem, teams: [WorkingTeam], solver: any LinearSolver,
                      nodes: Int, deadline: Double?, clock: Stopwatch) throws(SolverError) -> Outcome? {
        guard let start = columns.start(teams) else { return nil }
        return try solve(columns.model, start: start.values, startObjective: start.objective, p, teams: teams,
                         placementWeight: columns.placementWeight, slack: columns.slack, solver: solver, nodes: nodes,
                         deadline: deadline, clock: clock) { columns.teams(from: $0, p) }
    }

    /// The compact model: solves the whole roster from `teams` (valid). `nodes` and the time left before `deadline`
    /// bound the search; the answer is never worse than `teams`.
    static func solve(_ p: TeamProblem, teams: [WorkingTeam], placeable: [Bool], closed: Set<Int>, solver: any LinearSolver,
                      nodes: Int, deadline: Double?, clock: Stopwatch) throws(SolverError) -> Outcome {
        var placed = [Bool](repeating: false, count: p.cohort.members.count)
        var formed = Set<Int>()
        for team in teams {
            for i in team.members { placed[i] = true }
            if let j = team.project { formed.insert(j) }
        }
        let unplaced = p.eligible.filter { placeable[$0] && !placed[$0] && !p.starts[$0].isEmpty }
        let free = unplaced.filter { p.preassigned[$0] < 0 }
        // Projects that may still form: their pitchers are all unplaced (and so in `unplaced`).
        var newTeams: [WorkingTeam] = []
        for j in p.projectOrder where !formed.contains(j) && !closed.contains(j) {
            let f = p.pitchers(j)
            guard f.count <= p.sizeRange(project: j).upperBound, f.allSatisfy({ placeable[$0] && !placed[$0] }) else { continue }
            newTeams.append(WorkingTeam(project: j, members: [], common: .all))
        }
        let pitchersFree = unplaced.filter { i in p.preassigned[i] >= 0 && newTeams.contains { $0.project == p.preassigned[i] } }
        // At most one free team per senior and per team_min members.
        let everyone = p.eligible.filter { placeable[$0] && p.preassigned[$0] < 0 }
        let seniors = everyone.count(where: p.isSenior)
        let most = min(seniors, everyone.count / max(1, p.teamMin))
        let freeNow = teams.count { $0.project == nil }
        let sub = SubproblemModel(p: p, teams: teams + newTeams, free: free + pitchersFree,
                                  emptyFreeTeams: max(0, most - freeNow), keepPlaced: false)
        return try solve(sub.model, start: sub.start, startObjective: sub.startObjective, p, teams: teams,
                         placementWeight: sub.placementWeight, slack: sub.isolationWeight * Double(sub.listed), solver: solver,
                         nodes: nodes, deadline: deadline, clock: clock) { sub.teams(from: $0).filter { !$0.members.isEmpty } }
    }

    /// Either model from its start (`teams`); `decode` turns a solution into teams.
    private static func solve(_ model: LinearModel, start: [Double], startObjective: Double, _ p: TeamProblem, teams: [WorkingTeam],
                              placementWeight: Double, slack: Double, solver: any LinearSolver, nodes: Int, deadline: Double?,
                              clock: Stopwatch, decode: ([Double]) -> [WorkingTeam]) throws(SolverError) -> Outcome {
        let left = deadline.map { max(0.01, $0 - clock.seconds) }
        // Objective values are integers: a bound less than 1 above the incumbent proves it.
        let gap = 0.999 / (abs(startObjective) + 1)
        let result = try solver.solve(model, options: SolveOptions(
            method: .branchAndCut, timeLimit: left, relativeGap: gap, startingSolution: start, presolve: false,
            nodeLimit: nodes))
        var outcome = Outcome(teams: teams, proven: false, bound: result.bestBound, nodes: nodes, termination: result.termination,
                              placementWeight: placementWeight, slack: slack)
        if result.termination == .optimal, result.hasSolution {
            outcome.proven = true
            if let bound = result.bestBound, let objective = result.objective { outcome.bound = max(bound, objective) }
        }
        if result.hasSolution, let objective = result.objective, objective > startObjective + 0.5 {
            let found = decode(result.values)
            if found.allSatisfy({ p.violation(members: $0.members, project: $0.project, start: nil) == nil }) {
                outcome.teams = found
            } else {
                outcome.proven = false  // never trade a hard rule (cannot happen: the models hold them)
            }
        }
        return outcome
    }
}
