/// What ended a stage of the team search (summary.json `stopped_by`).
enum TeamSearchStop: String, Sendable {
    /// The exact whole-roster MIP proved the teams optimal, or they reach the quality bound.
    case optimal
    /// The search converged: a descent or a pass of exact neighbourhoods found nothing better.
    case noImprovingMove = "no improving move"
    /// The default budget (moves, subproblems) ran out while the search could still improve.
    case workBudget = "work budget"
    /// The organizer's `time_limit_seconds`.
    case timeLimit = "time limit"
    /// Set after the phase, not by the search: the teams were proven optimal, then the schedule's
    /// repair (`TeamScheduleRepair`) moved members so check-ins and standups fit, and the teams
    /// reported are no longer the proven ones.
    case scheduleRepair = "schedule repair"
}

/// The work the team phase may do by default (docs/teams.md §6): counted in moves and
/// branch-and-bound subproblems, never in seconds, so the teams are the same on every machine.
/// It grows with the roster; `time_limit_seconds` can only cut it short.
public struct TeamBudget: Sendable, Hashable {
    /// Annealing moves (tries) in all.
    public var moves: Int
    /// GLPK neighbourhood subproblems for placement, and for the polish after the annealing.
    public var placementSubproblems: Int
    public var polishSubproblems: Int
    /// Column-generation rounds (each one master LP and one pricing of every slot class) and
    /// simplex iterations per master LP, for the slot bound; subgradient steps when it is not run.
    public var boundRounds: Int
    public var boundIterations: Int
    /// Branch-and-bound nodes of the whole-roster MIP of a small roster (docs/teams.md §3, "Small rosters").
    public var exactNodes: Int
    /// The annealing's work per move, in tenths of a unit (docs/teams.md §6): it stops when
    /// either its moves or its work (moves × this / 10) are spent; nil: moves only.
    public var workPerMove: Int? = nil
    /// Tenths of a unit of work beyond `workPerMove` a try that count one more move (docs/teams.md
    /// §6): the smaller, the sooner a search whose tries cost more ends; nil: `workPerMove`.
    public var excessPerMove: Int? = nil
    /// 4.6 units a move: above what moves cost on average on every shape but the class and
    /// rules-on rosters (3.5–4.4 at 1k and 10k). Where the first, hot levels cost more than
    /// the average (large-projects and no-projects 10k, 100k), the work decides a while and
    /// the teams differ slightly from those of the moves alone (docs/teams.md §6, "Work units";
    /// docs/performance.md, "Team search: a work budget").
    public static let standardWorkPerMove = 46
    /// 1.7 units: a class of 10,000 (7.2–7.5 units a try) ends after about 0.58× the tries it took
    /// at 4.6 (its search 12.5 → ~7.5 s), rules on at 10,000 (6.6) after 0.67×; a search whose
    /// tries cost 4.6 units or less on average from its start is not touched (community,
    /// many-projects, no-projects: teams identical; docs/teams.md §6, docs/performance.md).
    public static let standardExcessPerMove = 17

    public init(moves: Int, placementSubproblems: Int, polishSubproblems: Int, boundRounds: Int, boundIterations: Int, exactNodes: Int) {
        self.moves = moves
        self.placementSubproblems = placementSubproblems
        self.polishSubproblems = polishSubproblems
        self.boundRounds = boundRounds
        self.boundIterations = boundIterations
        self.exactNodes = exactNodes
    }

    /// The default for `members` placeable members who may move (docs/teams.md §6):
    ///
    ///     moves = members · clamp(⌊150,000 / √members⌋, 500, 6,000)
    ///     moves counted = tries + max(0, work − 4.6 · tries) / 1.7 (`TeamAnnealing.work`, `run`): the
    ///             annealing ends when they reach `moves` — on the tries where a try costs ≤ 4.6 units
    ///     placement subproblems = 8 + 4 · unplaced after construction (passed in), at most 2,000
    ///     polish subproblems = clamp(members / 10, 20, 200)
    ///     bound rounds = 60, iterations per master LP = 20 · members + 10,000
    ///     exact nodes = 2,000
    public static func standard(members: Int, unplaced: Int = 0) -> TeamBudget {
        let n = max(1, members)
        let perMember = min(6_000, max(500, Int(150_000 / Double(n).squareRoot())))
        var budget = TeamBudget(moves: n * perMember, placementSubproblems: min(2_000, 8 + 4 * unplaced),
                                polishSubproblems: min(200, max(20, n / 10)), boundRounds: 60,
                                boundIterations: 20 * n + 10_000, exactNodes: 2_000)
        budget.workPerMove = standardWorkPerMove
        budget.excessPerMove = standardExcessPerMove
        return budget
    }
}

/// The search of the team phase (docs/teams.md §3): placement first, then quality. The placement
/// phase — the annealing's moves at its hottest temperature, drawn for unplaced members half the
/// time (`TeamAnnealing.place`), then GLPK's exact neighbourhoods around each member still
/// unplaced — runs until the placement bound is reached or it gives up, before any quality move:
/// every later step (the annealing, the polish, the isolation repair) never takes a change that
/// places fewer, so the quality search's random path cannot cost a placement.
struct TeamSearch {
    let p: TeamProblem
    let model: TeamSearchModel
    let solver: any LinearSolver
    let placeable: [Bool]
    let closed: Set<Int>
    /// Placement bound (docs/teams.md §4): the placement phase stops once reached.
    let placementBound: Int
    /// Where the annealing and the subproblems are, for the heartbeat.
    var progress = ProgressMeter.none

    struct Outcome {
        var teams: [WorkingTeam]
        var stop: TeamSearchStop
        var moves = 0
        /// The annealing's work (`TeamAnnealing.work`, placement phase included).
        var work = 0
        var accepted: [Int] = []
        var subproblems = 0
        var improvedSubproblems = 0
        var unprovenSubproblems = 0
        var annealedQuality = 0
        /// Members placed when the placement phase ended (before any quality move), and the moves it used.
        var settledPlaced = 0
        var placementMoves = 0
    }

    /// `neighbourhoods` false: the annealing only (a small roster whose whole-roster MIP follows:
    /// every neighbourhood is inside it).
    func run(start: [WorkingTeam], budget: TeamBudget, deadline: Double?, clock: Stopwatch,
             neighbourhoods: Bool = true) throws(SolverError) -> Outcome {
        let placed = { (teams: [WorkingTeam]) in teams.reduce(0) { $0 + $1.members.count } }
        // Placement: the annealing's placing moves, at most a quarter of the move budget.
        var annealing = TeamAnnealing(TeamSearchState(model, teams: start), seed: p.cohort.policy.seed &+ 0xA11E)
        annealing.progress = progress
        let placementMoves = annealing.place(target: placementBound, budget: budget.moves / 4, deadline: deadline, clock: clock)
        var teams = placementMoves > 0 ? annealing.s.workingTeams : start
        var lns = TeamImprovement(p: p, solver: solver, placeable: placeable, teams: teams, closed: closed)
        lns.progress = progress
        var stop = TeamSearchStop.workBudget
        if let deadline, clock.seconds >= deadline { stop = .timeLimit }
        // Then GLPK's exact neighbourhoods around each member still unplaced.
        if stop != .timeLimit && neighbourhoods && placed(teams) < placementBound {
            let s = try lns.search(.placement, passes: 4, maxSubproblems: budget.placementSubproblems, deadline: deadline, clock: clock)
            if s == .timeLimit { stop = s }
            teams = lns.teams
            annealing.s = TeamSearchState(model, teams: teams)
        }
        let settled = placed(teams)
        var outcome = Outcome(teams: teams, stop: stop, subproblems: lns.subproblems, improvedSubproblems: lns.improvements,
                              unprovenSubproblems: lns.unproven, settledPlaced: settled, placementMoves: placementMoves)
        if stop == .timeLimit { outcome.moves = annealing.tried; outcome.work = annealing.work; outcome.accepted = annealing.accepted; return outcome }
        // Quality: the annealing (the rest of the move budget), then the polish. Neither places fewer.
        stop = annealing.run(budget: budget.moves - placementMoves, workPerMove: budget.workPerMove, excessPerMove: budget.excessPerMove,
                             deadline: deadline, clock: clock)
        outcome.teams = annealing.s.workingTeams
        outcome.stop = stop
        outcome.moves = annealing.tried
        outcome.work = annealing.work
        outcome.accepted = annealing.accepted
        outcome.annealedQuality = annealing.s.reportedQuality
        if stop == .timeLimit || !neighbourhoods { return outcome }
        if budget.polishSubproblems > 0 {
            lns.teams = outcome.teams
            let limit = lns.subproblems + budget.polishSubproblems
            stop = try lns.search(.polish, passes: 2, maxSubproblems: limit, deadline: deadline, clock: clock)
        }
        outcome.teams = lns.teams
        outcome.stop = stop
        outcome.subproblems = lns.subproblems
        outcome.improvedSubproblems = lns.improvements
        outcome.unprovenSubproblems = lns.unproven
        return outcome
    }
}
