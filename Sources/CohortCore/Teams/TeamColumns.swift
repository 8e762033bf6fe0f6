/// The whole roster of a small roster as a set-packing MIP over every valid team (docs/teams.md
/// §3, "Small rosters"): one binary column per (kind, members) that meets every hard rule, worth
/// W · size + the team's quality; each member in at most one chosen team, each project in at most
/// one. Every rule and every quality term, the team rules' too, lives in the column, so the model
/// has no linking rows, no standup-class choice and no free-team symmetry: its LP relaxation is
/// the one of set packing, which is tight where the compact model's (`SubproblemModel`) is not
/// (a fractional team there may sit in two standup classes at once).
///
/// A team's members share a standup start, so they lie inside one maximal "slot class" (the members
/// free at some start, kept when no other start's set holds it); the columns are the subsets of
/// each class. Nil when they are more than `columnLimit` or their enumeration visits more than
/// `nodeLimit` subsets (a class of 30, sizes 6–12): the caller keeps the compact model.
struct TeamColumns {
    var model = LinearModel(sense: .maximize)
    /// Column k: its team kind and members (ascending).
    var columns: [(project: Int?, members: [Int])] = []
    /// Column k's objective coefficient: W · size + quality.
    var worth: [Double] = []
    /// Column of each (project or -1, members...).
    var index: [[Int]: Int] = [:]
    /// W: a placed member is worth more than any difference in quality.
    var placementWeight = 0.0
    /// The most quality can fall below 0 (isolation penalties): W · placed ≤ objective + slack.
    var slack = 0.0

    /// `members`: the members who may be placed; `projects`: the projects whose team may form.
    init?(p: TeamProblem, members: [Int], projects: [Int], columnLimit: Int, nodeLimit: Int) {
        let members = members.sorted()
        // Maximal slot classes over `members`.
        var union = WeekSlots()
        for i in members { union.formUnion(p.starts[i]) }
        var seen = Set<[Int]>()
        var classes: [[Int]] = []
        for s in union.slots {
            let set = members.filter { p.starts[$0].contains(s) }
            if seen.insert(set).inserted { classes.append(set) }
        }
        let sets = classes.map(Set.init)
        let maximal = classes.indices.filter { a in
            !classes.indices.contains { b in b != a && classes[b].count > classes[a].count && sets[a].isSubset(of: sets[b]) }
        }
        // Kinds grouped by their pre-assigned members: free teams and projects without eligible pitchers
        // share the empty group.
        var groups: [(fixed: [Int], kinds: [Int?])] = [([], [nil])]
        for j in projects {
            let f = p.pitchers(j).sorted()
            if f.isEmpty { groups[0].kinds.append(j) } else { groups.append((f, [j])) }
        }
        // Subsets the enumeration would visit, avoided pairs aside: past `nodeLimit`, give up now.
        func choose(_ n: Int, _ k: Int) -> Double { k < 0 || k > n ? 0 : (0..<k).reduce(1.0) { $0 * Double(n - $1) / Double($1 + 1) } }
        var visits = 0.0
        for c in maximal {
            let free = classes[c].count { p.preassigned[$0] < 0 }
            for group in groups where group.fixed.allSatisfy(sets[c].contains) {
                let most = group.kinds.map { p.sizeRange(project: $0).upperBound }.max()! - group.fixed.count
                visits += (0...max(0, most)).reduce(0.0) { $0 + choose(free, $1) }
            }
        }
        if visits > Double(nodeLimit) { return nil }
        var nodes = 0
        func add(_ project: Int?, _ team: [Int]) -> Bool {
            let key = [project ?? -1] + team
            guard index[key] == nil else { return true }
            index[key] = columns.count
            columns.append((project, team))
            return columns.count <= columnLimit
        }
        for c in maximal {
            let inClass = sets[c]
            for group in groups where group.fixed.allSatisfy(inClass.contains) {
                let ranges = group.kinds.map { p.sizeRange(project: $0) }
                let most = ranges.map(\.upperBound).max()! - group.fixed.count
                let least = max(0, ranges.map(\.lowerBound).min()! - group.fixed.count)
                guard most >= 0 else { continue }
                let pool = classes[c].filter { i in p.preassigned[i] < 0 && !group.fixed.contains { p.cohort.avoids(i, $0) } }
                var chosen: [Int] = []
                var ok = true
                func visit(from first: Int) {
                    nodes += 1
                    if nodes > nodeLimit { ok = false; return }
                    if chosen.count >= least {
                        let team = (group.fixed + chosen).sorted()
                        for (kind, range) in zip(group.kinds, ranges) where range.contains(team.count) {
                            if p.violation(members: team, project: kind, start: nil) == nil, !add(kind, team) { ok = false; return }
                        }
                    }
                    guard chosen.count < most else { return }
                    for k in first..<pool.count {
                        let i = pool[k]
                        if chosen.contains(where: { p.cohort.avoids(i, $0) }) { continue }
                        chosen.append(i)
                        visit(from: k + 1)
                        chosen.removeLast()
                        if !ok { return }
                    }
                }
                visit(from: 0)
                if !ok { return nil }
            }
        }

        // Weights: the quality of a packing lies within Σ_i min / max over i's columns of quality / size.
        var high = [Double](repeating: 0, count: p.cohort.members.count)
        var low = [Double](repeating: 0, count: p.cohort.members.count)
        let quality = columns.map { Double(p.quality(members: $0.members, project: $0.project)) }
        for (k, column) in columns.enumerated() {
            let share = quality[k] / Double(column.members.count)
            for i in column.members {
                high[i] = max(high[i], share)
                low[i] = min(low[i], share)
            }
        }
        slack = -low.reduce(0, +)
        if p.rules.isolating { slack = max(slack, 1) }  // quality here is the search's, not the report's
        placementWeight = max(TeamImprovement.placementWeight, (high.reduce(0, +) + slack + 1).rounded(.up))

        let vars = model.addVariables(count: columns.count, .binary())
        var objective = LinearExpression()
        var byMember: [Int: [Variable]] = [:]
        var byProject: [Int: [Variable]] = [:]
        for (k, column) in columns.enumerated() {
            worth.append(placementWeight * Double(column.members.count) + quality[k])
            objective.add(vars[k], worth[k])
            for i in column.members { byMember[i, default: []].append(vars[k]) }
            if let j = column.project { byProject[j, default: []].append(vars[k]) }
        }
        for i in members { if let vs = byMember[i], vs.count > 1 { model.add(LinearExpression.sum(vs) <= 1) } }
        for j in projects { if let vs = byProject[j], vs.count > 1 { model.add(LinearExpression.sum(vs) <= 1) } }
        model.maximize(objective)
    }

    /// `teams` as a solution of the model and its objective; nil when a team is not a column (a
    /// project not offered, a member not in the model).
    func start(_ teams: [WorkingTeam]) -> (values: [Double], objective: Double)? {
        var values = [Double](repeating: 0, count: columns.count)
        var objective = 0.0
        for team in teams where !team.members.isEmpty {
            guard let k = index[[team.project ?? -1] + team.members.sorted()] else { return nil }
            values[k] = 1
            objective += worth[k]
        }
        return (values, objective)
    }

    /// The chosen teams.
    func teams(from values: [Double], _ p: TeamProblem) -> [WorkingTeam] {
        columns.indices.filter { values[$0] > 0.5 }.map {
            WorkingTeam(project: columns[$0].project, members: columns[$0].members, common: p.commonStarts(columns[$0].members))
        }
    }
}
