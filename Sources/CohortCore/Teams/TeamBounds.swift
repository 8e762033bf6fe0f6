/// The quality bounds of the team phase (docs/teams.md §5), anytime and time-boxed: the simple
/// bound first (free), then the slot bound — column generation while its rounds last, up to
/// `TeamLagrangianBound.columnGenerationLimit` members, else (or after it stops short) the
/// subgradient. Every number is a valid bound whenever it is cut: each is the smallest of
/// finished evaluations. (The LP bound, `TeamQualityBound`, is not run by the phase: §5.)
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
            // Each member starts at its share of its team's quality (the average share when it has
            // no team). The LP's member prices (`TeamQualityBound`) no longer start it: on the class
            // of 1,000 its solves took 18 of the phase's 20 s of CPU (docs/teams.md §5).
            var placedCount = 0, total = 0
            for team in incumbent where !team.members.isEmpty {
                let q = Self.slotQuality(p, members: team.members, project: team.project)
                total += q
                placedCount += team.members.count
                for i in team.members { start[i] = Double(q) / Double(team.members.count) }
            }
            let average = Double(total) / Double(max(1, placedCount))
            for i in lagrangian.members where start[i] == nil { start[i] = average }
        }
        let slot = try lagrangian.slotBound(start: start, incumbent: incumbent.map { ($0.project, $0.members) }, target: Double(target),
                                            solver: solver, rounds: budget.boundRounds, iterations: budget.boundIterations,
                                            threads: threads, deadline: deadline, clock: clock)
        outcome.slot = slot.bound
        outcome.rounds = slot.rounds
        outcome.steps = slot.steps
        outcome.converged = slot.converged
        outcome.cut = slot.cut
        return outcome
    }
}

extension TeamBounds {
    /// A team's quality as the slot bound counts it: choices, stages, needs, the `team_ideal`
    /// term and the `teammates` wishes honoured (the isolation penalty is never above 0: `TeamRuleBound`).
    static func slotQuality(_ p: TeamProblem, members: [Int], project: Int?) -> Int {
        guard p.rules.scoring else { return p.quality(members: members, project: project) }
        let list = members.map(Int32.init)
        return p.quality(members: members, project: project) - Int(p.rules.score(list)) + Int(p.rules.idealTerm(size: Int32(members.count)))
            + Int(TeamRules.wishScore) * p.rules.honouredWishes(list)
    }

    /// The choice part of the simple bound (docs/teams.md §5) with project capacities: the most
    /// choice score members can get when project p takes at most hi_p − |F_p| of them (its eligible
    /// pitchers F_p are always on its team and score 0), each member on at most one project that it
    /// chose, that can form and whose pitchers share a start with it — a transportation problem.
    ///
    /// Solved by the network simplex (at most `pivotLimit` pivots, a count: by default
    /// `pivotsPerNode` × nodes); the number returned is not the flow's cost but the dual bound
    /// evaluated here for project prices μ_p = max(0, π(sink) − π(p)) read off the potentials,
    ///
    ///     Σ_i max(0, max_p c(i, p) − μ_p) + Σ_p (hi_p − |F_p|) · μ_p ,
    ///
    /// which is an upper bound for **any** μ ≥ 0 (weak duality), and equals the optimum when the
    /// simplex finished. When the pivot limit stops it first, the potentials are a stopped tree's
    /// and the smaller of that value and μ = 0's (the uncapacitated sum) is returned: valid either way.
    static func capacitatedChoices(_ p: TeamProblem, placeable: [Bool], closed: [Int: String], projectStarts: [WeekSlots],
                                   pivotLimit: Int? = nil) -> Int {
        capacitatedChoicesSolve(p, placeable: placeable, closed: closed, projectStarts: projectStarts, pivotLimit: pivotLimit).bound
    }

    /// Pivots per node of the transportation network allowed by default (a count, so the bound is
    /// the same on every machine): far above what the generated rosters need (see the tests).
    static let pivotsPerNode = 100

    /// `capacitatedChoices`, and whether the simplex finished (false: the pivot limit stopped it).
    static func capacitatedChoicesSolve(_ p: TeamProblem, placeable: [Bool], closed: [Int: String], projectStarts: [WeekSlots],
                                        pivotLimit: Int? = nil) -> (bound: Int, finished: Bool) {
        let projects = p.cohort.projects
        var seats = [Int64](repeating: 0, count: projects.count)
        for j in projects.indices where closed[j] == nil {
            seats[j] = Int64(max(0, p.sizeRange(project: j).upperBound - p.pitchers(j).count))
        }
        // Per member: (project, score) of the projects it may get a choice score on.
        var options: [[(j: Int, score: Int64)]] = []
        for i in p.eligible where placeable[i] && p.preassigned[i] < 0 {
            var list: [(j: Int, score: Int64)] = []
            for j in p.cohort.members[i].projectChoices where seats[j] > 0 && projectStarts[j].intersects(p.starts[i]) {
                let score = Int64(p.choiceScore(i, project: j))
                if score > 0 && !list.contains(where: { $0.j == j }) { list.append((j, score)) }
            }
            if !list.isEmpty { options.append(list) }
        }
        guard !options.isEmpty else { return (0, true) }
        // Nodes: members 0..<n, projects n..<n+P, source, sink. Flow = members; a member with no
        // project goes straight to the sink.
        let n = options.count, projectNode = n, source = n + projects.count, sink = source + 1
        var network = FlowNetwork(nodeCount: sink + 1)
        network.setSupply(of: source, to: Int64(n))
        network.setSupply(of: sink, to: -Int64(n))
        for (k, list) in options.enumerated() {
            network.addArc(from: source, to: k, capacity: 1, cost: 0)
            network.addArc(from: k, to: sink, capacity: 1, cost: 0)
            for o in list { network.addArc(from: k, to: projectNode + o.j, capacity: 1, cost: -o.score) }
        }
        for j in projects.indices where seats[j] > 0 {
            network.addArc(from: projectNode + j, to: sink, capacity: seats[j], cost: 0)
        }
        var simplex = NetworkSimplex(network)
        let finished = simplex.solve(pivotLimit: pivotLimit ?? Self.pivotsPerNode * (sink + 1)) == .optimal
        // Reduced cost of u → v is cost + π(u) − π(v): a full seat arc p → sink has π(p) ≤ π(sink),
        // and u_i + μ_p ≥ c(i, p) on every choice arc with u_i = π(i) − π(sink), μ_p = π(sink) − π(p).
        let pi = simplex.potentials
        var total: Int64 = 0, uncapacitated: Int64 = 0
        for j in projects.indices where seats[j] > 0 { total += seats[j] * max(0, pi[sink] - pi[projectNode + j]) }
        for list in options {
            var best: Int64 = 0, top: Int64 = 0
            for o in list {
                best = max(best, o.score - max(0, pi[sink] - pi[projectNode + o.j]))
                top = max(top, o.score)
            }
            total += best
            uncapacitated += top
        }
        return (Int(min(total, uncapacitated)), finished)
    }
}
