/// Chooses at most `sessions` start times covering as many members as
/// possible, each member able to start at the slots of their `starts` set
/// (docs/schedule.md §3, the maximum-coverage model): the workshop sessions of
/// each track, the kickoff and the mentor circles use it.
struct SessionCover {
    /// Chosen starts, ascending.
    var chosen: [Int]
    /// Members covered.
    var objective: Int
    var bound: Int
    var status: PhaseOutcome.Status
    var mipSolves: Int
    var candidateStarts: Int
    var groups: Int

    /// `starts[k]`: where member k can start; `slack[k]`: the slots around those
    /// starts that count as margin (their availability, or their free time).
    static func solve(starts: [WeekSlots], slack: [WeekSlots], length: Int, sessions: Int, solver: any LinearSolver, timeLimit: Double?)
        throws(SolverError) -> SessionCover {
        // Members with the same possible starts form one group (weight = size).
        var groupOf: [WeekSlots: Int] = [:]
        var groups: [(starts: WeekSlots, weight: Int, member: Int)] = []
        for (k, s) in starts.enumerated() where !s.isEmpty {
            if let g = groupOf[s] { groups[g].weight += 1 } else { groupOf[s] = groups.count; groups.append((s, 1, k)) }
        }
        let coverable = groups.reduce(0) { $0 + $1.weight }
        var cover = [Int](repeating: 0, count: Week.slots)
        var groupSlots: [[Int]] = []
        groupSlots.reserveCapacity(groups.count)
        for g in groups {
            let slots = g.starts.slots
            for s in slots { cover[s] += g.weight }
            groupSlots.append(slots)
        }
        let candidates = (0..<Week.slots).filter { cover[$0] > 0 }
        guard sessions > 0 else {
            return SessionCover(chosen: [], objective: 0, bound: 0, status: .empty, mipSolves: 0, candidateStarts: candidates.count, groups: groups.count)
        }

        // Greedy max coverage (ties: higher total margin of the newly covered, then earlier slot).
        var chosen: [Int] = []
        var covered = [Bool](repeating: false, count: groups.count)
        var gain = cover
        for _ in 0..<min(sessions, candidates.count) {
            let best = candidates.filter { !chosen.contains($0) }.map { gain[$0] }.max() ?? 0
            if best == 0 { break }
            let tied = candidates.filter { !chosen.contains($0) && gain[$0] == best }
            var pick = tied[0]
            if tied.count > 1 {
                var bestMargin = -1
                for s in tied {
                    var total = 0
                    for (g, grp) in groups.enumerated() where !covered[g] && grp.starts.contains(s) {
                        total += grp.weight * SlotMath.margin(slack[grp.member], start: s, length: length)
                    }
                    if total > bestMargin { bestMargin = total; pick = s }
                }
            }
            chosen.append(pick)
            for (g, grp) in groups.enumerated() where !covered[g] && grp.starts.contains(pick) {
                covered[g] = true
                for s in groupSlots[g] { gain[s] -= grp.weight }
            }
        }
        var objective = groups.indices.reduce(0) { covered[$1] ? $0 + groups[$1].weight : $0 }
        // A bound: everyone who can make some start, and the best `sessions` coverages.
        let topSum = cover.sorted(by: >).prefix(sessions).reduce(0, +)
        var bound = min(coverable, topSum)
        var mipSolves = 0
        var status: PhaseOutcome.Status = objective == bound ? .optimal : .feasible

        if status != .optimal && sessions > 1 {
            // Max coverage MIP: y_s = 1 when a session starts at s; z_g ≤ Σ_{s ∈ S_g} y_s.
            var model = LinearModel(sense: .maximize)
            let y = model.addVariables(count: candidates.count, .binary())
            var position = [Int](repeating: -1, count: Week.slots)
            for (k, s) in candidates.enumerated() { position[s] = k }
            let z = model.addVariables(count: groups.count, .continuous(lowerBound: 0, upperBound: 1))
            var objectiveExpr = LinearExpression()
            for (g, grp) in groups.enumerated() {
                objectiveExpr.add(z[g], Double(grp.weight))
                var vars = [z[g]], coefs = [1.0]
                for s in groupSlots[g] { vars.append(y[position[s]]); coefs.append(-1) }
                model.addConstraint(variables: vars, coefficients: coefs, lowerBound: nil, upperBound: 0)
            }
            model.objective = objectiveExpr
            model.addConstraint(variables: y, coefficients: [Double](repeating: 1, count: y.count), lowerBound: nil, upperBound: Double(sessions))
            var start = [Double](repeating: 0, count: model.variableCount)
            for s in chosen { start[y[position[s]].index] = 1 }
            for g in groups.indices where covered[g] { start[z[g].index] = 1 }
            let result = try solver.solve(model, options: SolveOptions(method: .branchAndCut, timeLimit: timeLimit, startingSolution: start, nodeLimit: 2_000))
            mipSolves = 1
            if result.hasSolution, let value = result.objective, value > Double(objective) + 0.5 {
                chosen = candidates.indices.filter { result.values[y[$0].index] > 0.5 }.map { candidates[$0] }
                objective = Int(value.rounded())
            }
            if let b = result.bestBound { bound = min(bound, Int((b + 1e-6).rounded(.down))) }
            status = result.termination == .optimal || objective >= bound ? .optimal : .feasible
            if status == .optimal { bound = objective }
        }
        chosen.sort()
        return SessionCover(chosen: chosen, objective: objective, bound: bound, status: status, mipSolves: mipSolves, candidateStarts: candidates.count, groups: groups.count)
    }

    /// The chosen session (index into `chosen`) where member k sits deepest
    /// inside their slack (then the earlier one), or nil when they can make none.
    func session(starts: WeekSlots, slack: WeekSlots, length: Int) -> Int? {
        var best: Int?, bestMargin = -1
        for (i, s) in chosen.enumerated() where starts.contains(s) {
            let margin = SlotMath.margin(slack, start: s, length: length)
            if margin > bestMargin { best = i; bestMargin = margin }
        }
        return best
    }
}
