/// The quality bounds of the team phase (docs/teams.md §5), anytime and time-boxed: the simple
/// bound first (free), then the slot bound — column generation while its rounds last, up to
/// `TeamLagrangianBound.columnGenerationLimit` members, else (or after it stops short) the
/// subgradient — and the LP bound where column generation does not converge. Every number is a
/// valid bound whenever it is cut: each is the smallest of finished evaluations.
struct TeamBounds: Sendable {
    let p: TeamProblem
    /// Members proven placeable (docs/teams.md §4).
    let placeable: [Bool]
    let closed: Set<Int>
    let simple: Int

    /// Above this many model members only the simple bound is computed: the slot bound's kinds
    /// keep a score and a need mask per member each (projects × members), which at 100,000
    /// members would be gigabytes.
    static let slotBoundLimit = 20_000

    struct Outcome: Sendable {
        var lp: Int?
        var slot: Int?
        var rounds = 0
        var steps = 0
        var converged = false
        /// The deadline cut a bound short.
        var cut = false
    }

    /// `incumbent`: teams known valid (first columns); `target`: a quality known reachable (the
    /// subgradient's step). `budget`: rounds and simplex iterations per LP.
    func compute(incumbent: [WorkingTeam], target: Int, solver: any LinearSolver, budget: TeamBudget, threads: Int,
                 deadline: Double?, clock: Stopwatch) throws(SolverError) -> Outcome {
        var outcome = Outcome()
        guard !p.eligible.isEmpty else { return outcome }
        guard p.eligible.count(where: { placeable[$0] && p.preassigned[$0] < 0 }) <= Self.slotBoundLimit else { return outcome }
        let lagrangian = TeamLagrangianBound(p: p, placeable: placeable, closed: closed)
        guard !lagrangian.members.isEmpty || !lagrangian.projectKinds.isEmpty else { return outcome }
        var start: [Int: Double] = [:]
        if lagrangian.members.count > TeamLagrangianBound.columnGenerationLimit {
            // The subgradient starts from the LP's member prices when the LP is small enough.
            if let lp = try TeamQualityBound.bound(p, placeable: placeable, closed: closed,
                                                   incumbent: incumbent.compactMap { t in t.project.map { ($0, t.members) } },
                                                   solver: solver, iterations: budget.boundIterations, deadline: deadline, clock: clock) {
                outcome.lp = lp.bound
                start = lp.prices
            }
            if let deadline, clock.seconds >= deadline { outcome.cut = true; return outcome }
            if start.isEmpty {
                // Too large for the LP: each member starts at its share of its team's quality (the
                // average share when it has no team).
                var placedCount = 0, total = 0
                for team in incumbent where !team.members.isEmpty {
                    let q = p.quality(members: team.members, project: team.project)
                    total += q
                    placedCount += team.members.count
                    for i in team.members { start[i] = Double(q) / Double(team.members.count) }
                }
                let average = Double(total) / Double(max(1, placedCount))
                for i in lagrangian.members where start[i] == nil { start[i] = average }
            }
        }
        let slot = try lagrangian.slotBound(start: start, incumbent: incumbent.map { ($0.project, $0.members) }, target: Double(target),
                                            solver: solver, rounds: budget.boundRounds, iterations: budget.boundIterations,
                                            threads: threads, deadline: deadline, clock: clock)
        outcome.slot = slot.bound
        outcome.rounds = slot.rounds
        outcome.steps = slot.steps
        outcome.converged = slot.converged
        outcome.cut = outcome.cut || slot.cut
        return outcome
    }
}
