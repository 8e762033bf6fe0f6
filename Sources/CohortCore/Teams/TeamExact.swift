/// Small rosters solved exactly (docs/teams.md §3, "Small rosters"): up to `memberLimit`
/// placeable members, the whole team problem goes to GLPK as one MIP — every team, every
/// unplaced member, an empty team for every project that can still form and as many empty free
/// teams as could ever be used — started from the search's teams. When GLPK proves it, the teams
/// are optimal (both placement and quality).
enum TeamExact {
    /// Placeable members up to which the whole roster is one MIP (measured: docs/performance.md,
    /// "Small rosters").
    static let memberLimit = 60

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

    /// Solves the whole roster from `teams` (valid). `nodes` and the time left before `deadline`
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
        let left = deadline.map { max(0.01, $0 - clock.seconds) }
        // Objective values are integers: a bound less than 1 above the incumbent proves it.
        let gap = 0.999 / (abs(sub.startObjective) + 1)
        let result = try solver.solve(sub.model, options: SolveOptions(
            method: .branchAndCut, timeLimit: left, relativeGap: gap, startingSolution: sub.start, presolve: false,
            nodeLimit: nodes))
        var outcome = Outcome(teams: teams, proven: false, bound: result.bestBound, nodes: nodes, termination: result.termination,
                              placementWeight: sub.placementWeight, slack: sub.isolationWeight * Double(sub.listed))
        if result.termination == .optimal, result.hasSolution {
            outcome.proven = true
            if let bound = result.bestBound, let objective = result.objective { outcome.bound = max(bound, objective) }
        }
        if result.hasSolution, let objective = result.objective, objective > sub.startObjective + 0.5 {
            let found = sub.teams(from: result.values).filter { !$0.members.isEmpty }
            if found.allSatisfy({ p.violation(members: $0.members, project: $0.project, start: nil) == nil }) {
                outcome.teams = found
            } else {
                outcome.proven = false  // never trade a hard rule (cannot happen: the model holds them)
            }
        }
        return outcome
    }
}
