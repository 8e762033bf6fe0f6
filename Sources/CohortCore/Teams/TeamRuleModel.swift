/// The team rules in the exact models (docs/teams.md §6): the neighbourhood MIPs of the search and
/// the whole-roster MIP of a small roster (`TeamExact`) both build a `SubproblemModel`; these are
/// its rows and columns for `team_group`, `teammates`, `team_ideal` and `team_no_isolated`.
extension SubproblemModel {
    /// The model's weights when the team rules are on: the isolation penalty is larger than
    /// every other quality term of the model's members together, and a placement outweighs the
    /// isolation of every listed member plus all the rest, so the objective stays lexicographic
    /// (placed, then nobody isolated, then the rest). Local to the model: the teams outside it do
    /// not change, so a better answer here is a better answer for the roster.
    static func ruleWeights(_ p: TeamProblem, members: [Int]) -> (placement: Double, isolation: Double, listed: Int) {
        let r = p.rules
        // The model's members only: a need counts when a member's skill covers it, and a member is on one
        // team, so the needs part is at most 5 per skill of a member (not every need of the roster, which
        // made the weights, and GLPK's objective, some hundred times larger than the model needs).
        var rest = 0
        var listed = 0
        for i in members {
            rest += TeamProblem.needScore * p.cohort.members[i].skills.count
            rest += TeamProblem.rankScores[0] + TeamProblem.stageScore + Int(TeamRules.wishScore) * r.wishes(i).count
            if r.ideal != nil { rest += Int(TeamRules.idealScore * r.reach) }
            if r.isolating && r.isolate[i] >= 0 { listed += 1 }
        }
        guard r.isolating else { return (max(TeamImprovement.placementWeight, Double(rest + 1)), 0, 0) }
        let isolation = Double(rest + 1)
        return (max(TeamImprovement.placementWeight, isolation * Double(listed + 1)), isolation, listed)
    }

    /// Whether the member at `position` must stay placed: their "at most one team" row (the model's
    /// first rows, one per member in position order) has lower bound 1 — in a neighbourhood, not in
    /// the whole-roster MIP. False whenever that layout is not found (then nothing is restricted).
    func staysPlaced(position k: Int) -> Bool {
        guard k < model.constraintCount, model.rowLowerBounds[k] == 1 else { return false }
        let terms = model.rowStarts[k]..<model.rowStarts[k + 1]
        return terms.allSatisfy { model.termCoefficients[$0] == 1 } && Set(terms.map { model.termVariables[$0] }) == Set(x[k].compactMap { $0 })
    }

    /// The rules on one team: `team` its (position, x) columns, `used` its u, `current` its members now
    /// (start values go to `start`).
    mutating func addRules(team col: [(Int, Variable)], used u: Variable, range: ClosedRange<Int>, current: [Int],
                           objective: inout LinearExpression, start: inout [(Variable, Double)]) {
        let r = p.rules
        let xs = col.map(\.1)
        let now = Set(current)
        // team_group = "same" in a neighbourhood (its members placed now stay placed): a team with a group keeps
        // it — a member of another group gets no place on it (their x fixed at 0). A restriction of the
        // neighbourhood, not of the roster: changing a team's group would take every grouped member off it,
        // and the indicator rows below made each neighbourhood MIP 5× slower (docs/performance.md, rules). The
        // whole-roster MIP of a small roster (`TeamExact`, members free to leave) keeps every option.
        var keptGroup: Int32 = -1
        if r.sameGroup, let first = current.first, let k = members.firstIndex(of: first), staysPlaced(position: k),
           let g = r.teamGroup(current.map(Int32.init)), g >= 0 {
            keptGroup = g
            for (k, v) in col where r.group[members[k]] >= 0 && r.group[members[k]] != g {
                model.setDefinition(.continuous(lowerBound: 0, upperBound: 0), of: v)
            }
        }
        // team_group = "same": one group indicator per group present; a member's x ≤ its group's; at most one group.
        // The indicators need not be integer: with x binary, x ≤ z forces z = 1 for a group on the team, so
        // Σz ≤ 1 leaves no room for another (fewer integer columns to branch on).
        if r.sameGroup && keptGroup < 0 {
            var byGroup: [Int32: [Variable]] = [:]
            for (k, v) in col where r.group[members[k]] >= 0 { byGroup[r.group[members[k]], default: []].append(v) }
            if byGroup.count > 1 {
                var one = LinearExpression()
                for g in byGroup.keys.sorted() {
                    let z = model.addVariable(.continuous(lowerBound: 0, upperBound: 1))
                    one.add(z)
                    for v in byGroup[g]! { model.addConstraint(variables: [v, z], coefficients: [1, -1], lowerBound: nil, upperBound: 0) }
                    start.append((z, current.contains { r.group[$0] == g } ? 1 : 0))
                }
                model.add(one <= 1)
            }
        }
        // teammates: y ≤ x_a, y ≤ x_b per wished pair, worth each wish between them (y in [0, 1]: at binary x
        // the objective sets it to min(x_a, x_b)).
        if r.hasWishes {
            var at: [Int: Variable] = [:]
            for (k, v) in col { at[members[k]] = v }
            var pairs: [Int: (a: Int, b: Int, wishes: Int)] = [:]
            for (k, _) in col {
                let a = members[k]
                for w in r.wishes(a) where at[Int(w)] != nil {
                    let lo = min(a, Int(w)), hi = max(a, Int(w))
                    pairs[lo &* 1_000_003 &+ hi, default: (lo, hi, 0)].wishes += 1
                }
            }
            for pair in pairs.values.sorted(by: { ($0.a, $0.b) < ($1.a, $1.b) }) {
                let y = model.addVariable(.continuous(lowerBound: 0, upperBound: 1))
                objective.add(y, Double(TeamRules.wishScore) * Double(pair.wishes))
                model.addConstraint(variables: [y, at[pair.a]!], coefficients: [1, -1], lowerBound: nil, upperBound: 0)
                model.addConstraint(variables: [y, at[pair.b]!], coefficients: [1, -1], lowerBound: nil, upperBound: 0)
                start.append((y, now.contains(pair.a) && now.contains(pair.b) ? 1 : 0))
            }
        }
        // team_ideal: one size indicator per size, Σσ = u, Σx = Σ s·σ, worth s · idealScore · (reach − |s − ideal|).
        if let ideal = r.ideal, !xs.isEmpty {
            var sizes = LinearExpression(), count = LinearExpression.sum(xs)
            for size in range where size <= xs.count {
                let sigma = model.addVariable(.binary())
                sizes.add(sigma)
                count.add(sigma, -Double(size))
                let off = abs(Int32(size) - ideal)
                if off < r.reach { objective.add(sigma, Double(Int32(size) * TeamRules.idealScore * (r.reach - off))) }
                start.append((sigma, current.count == size ? 1 : 0))
            }
            sizes.add(u, -1)
            model.add(sizes == 0)
            model.add(count == 0)
        }
        // team_no_isolated: per listed value v, a_v ≥ x_i − Σ_{j≠i has v} x_j for each i with v, −W per a_v in
        // [0, 1]: at binary x it is 1 exactly when one member has v. Tighter than a two-or-more
        // indicator h (2h ≤ Σx, a ≥ x_i − h gives a ≥ (x_i − Σ_{j≠i} x_j)/2 at best), and no integer column.
        if r.isolating {
            var byValue: [Int32: [Variable]] = [:]
            var nowCount: [Int32: Int] = [:]
            for (k, v) in col where r.isolate[members[k]] >= 0 { byValue[r.isolate[members[k]], default: []].append(v) }
            for i in current where r.isolate[i] >= 0 { nowCount[r.isolate[i], default: 0] += 1 }
            for value in byValue.keys.sorted() {
                let vs = byValue[value]!
                let alone = model.addVariable(.continuous(lowerBound: 0, upperBound: 1))
                objective.add(alone, -isolationWeight)
                for (k, v) in vs.enumerated() {
                    var coefficients = [Double](repeating: 1, count: vs.count + 1)
                    coefficients[0] = 1
                    coefficients[k + 1] = -1
                    model.addConstraint(variables: [alone] + vs, coefficients: coefficients, lowerBound: 0, upperBound: nil)
                }
                start.append((alone, nowCount[value] == 1 ? 1 : 0))
            }
        }
    }
}
