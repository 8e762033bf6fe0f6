/// An upper bound on total team quality (docs/teams.md §5): the LP relaxation
/// of a members × projects model with project capacities, needs covered and
/// stage spread counted per project team and for the free teams together.
///
/// The number reported is not GLPK's objective but a **Lagrangian (weak-duality)
/// bound computed here**: for any row prices y ≥ 0 of the relaxation
/// `max c·v, A v ≤ b, 0 ≤ v ≤ ub`, every feasible v has
/// `c·v ≤ y·b + Σ_j ub_j · max(0, c_j − y·A_j)`. GLPK only supplies good prices
/// (from a restricted LP with the member × project columns generated on demand);
/// the bound is evaluated over *every* column, so it is valid whatever GLPK
/// returned and after any number of rounds.
struct TeamQualityBound {
    let p: TeamProblem
    /// Model members: placeable, not pre-assigned (position → member index).
    var members: [Int] = []
    /// Projects that can form (position → project index).
    var projects: [Int] = []
    /// Per member position: its row `Σ_q x_iq + f_i ≤ 1`.
    var memberRow: [Int] = []
    /// Per project position: `Σ x − (hi − |F|)·u ≤ 0`.
    var hiRow: [Int] = []
    /// Per project position: `(lo − |F|)·u − Σ x ≤ 0`, or -1 when the pitchers already reach lo.
    var loRow: [Int] = []
    /// Per project position: `u − Σ_{senior} x ≤ 0`, or -1 when a pitcher is senior.
    var seniorRow: [Int] = []
    /// Per project position and stage 1…5 (index 0…4): `z − Σ_{stage k} x ≤ 0`, or -1 when a pitcher has that stage.
    var stageRow: [[Int]] = []
    /// Per project position: (need-tag bit, row `w − Σ_{holders} x ≤ 0`) for needs no pitcher covers.
    var needRows: [[(bit: Int, row: Int)]] = []
    /// Per member position: which need tags it holds (bits over `needTags`).
    var memberNeeds: [[UInt64]] = []
    /// Per project position: member positions that may join (share a start with every pitcher, avoid none).
    var compatible: [[Int32]] = []
    /// Per project position: (member position, choice score) for the members who chose it (and may join).
    var choosers: [[(k: Int32, score: Int32)]] = []
    /// Every column other than x_iq, explicitly.
    var columns: [ExplicitColumn] = []
    var rowCount = 0
    /// Rows' right-hand sides (1 for member rows, 0 otherwise).
    var rhs: [Double] = []
    /// After `solve`: per member position, the price of its row at the best bound (a start for `TeamLagrangianBound`).
    var memberPrices: [Double] = []

    struct ExplicitColumn {
        var objective: Double
        var upper: Double
        var rows: [Int]
        var coefficients: [Double]
    }

    /// Above this many members the LP is not solved (GLPK's simplex time grows too fast with
    /// the model, docs/performance.md): the simple bound is reported instead.
    static let maxMembers = 2_500

    /// Solves the relaxation by column generation and returns the bound, or nil when
    /// there is nothing to bound or more than `maxMembers` members to bound. `incumbent` (project, members)
    /// seeds the generated columns; it does not affect validity.
    /// - Parameters:
    ///   - placeable: members that may be in some valid team (proven, docs/teams.md §4).
    ///   - closed: projects that provably cannot form.
    static func bound(_ p: TeamProblem, placeable: [Bool], closed: Set<Int>, incumbent: [(project: Int, members: [Int])],
                      solver: any LinearSolver, maxRounds: Int = 40) throws(SolverError) -> (bound: Int, prices: [Int: Double])? {
        if p.eligible.count(where: { placeable[$0] && p.preassigned[$0] < 0 }) > maxMembers { return nil }
        var b = TeamQualityBound(p: p, placeable: placeable, closed: closed)
        if b.members.isEmpty && b.projects.isEmpty { return nil }
        let value = try b.solve(incumbent: incumbent, solver: solver, maxRounds: maxRounds)
        var prices: [Int: Double] = [:]
        for (k, i) in b.members.enumerated() { prices[i] = b.memberPrices[k] }
        return (value, prices)
    }

    init(p: TeamProblem, placeable: [Bool], closed: Set<Int>) {
        self.p = p
        let cohort = p.cohort
        // Projects that can form: not closed, every eligible pitcher placeable, pitchers within hi.
        var pitchers: [[Int]] = []
        for j in p.projectOrder where !closed.contains(j) {
            let f = p.pitchers(j)
            if f.contains(where: { !placeable[$0] }) || f.count > p.sizeRange(project: j).upperBound { continue }
            projects.append(j)
            pitchers.append(f)
        }
        members = p.eligible.filter { placeable[$0] && p.preassigned[$0] < 0 }
        var position = [Int32](repeating: -1, count: cohort.members.count)
        for (k, i) in members.enumerated() { position[i] = Int32(k) }

        // Need tags as bits.
        var needBit: [Tag: Int] = [:]
        for j in projects { for g in cohort.projects[j].needs where needBit[g] == nil { needBit[g] = needBit.count } }
        let words = max(1, (needBit.count + 63) / 64)
        memberNeeds = members.map { i in
            var mask = [UInt64](repeating: 0, count: words)
            for g in cohort.members[i].skills { if let bit = needBit[g] { mask[bit >> 6] |= 1 << UInt64(bit & 63) } }
            return mask
        }

        func newRow(_ b: Double = 0) -> Int {
            rhs.append(b)
            rowCount += 1
            return rowCount - 1
        }
        memberRow = members.map { _ in newRow(1) }

        let d = Double(p.distinctStages)
        for (q, j) in projects.enumerated() {
            let f = pitchers[q]
            let range = p.sizeRange(project: j)
            var pitcherStages = 0
            var pitcherSkills = Set<Tag>()
            for i in f {
                pitcherStages |= 1 << p.stage(i)
                for g in cohort.members[i].skills { pitcherSkills.insert(g) }
            }
            let seniorPitcher = f.contains(where: p.isSenior)
            // u_p and its rows.
            var u = ExplicitColumn(objective: 0, upper: 1, rows: [], coefficients: [])
            let hi = newRow()
            hiRow.append(hi)
            u.rows.append(hi); u.coefficients.append(-Double(range.upperBound - f.count))
            if range.lowerBound > f.count {
                let lo = newRow()
                loRow.append(lo)
                u.rows.append(lo); u.coefficients.append(Double(range.lowerBound - f.count))
            } else {
                loRow.append(-1)
            }
            if seniorPitcher {
                seniorRow.append(-1)
            } else {
                let r = newRow()
                seniorRow.append(r)
                u.rows.append(r); u.coefficients.append(1)
            }
            let distinct = newRow()
            u.rows.append(distinct); u.coefficients.append(d)
            // Stages: z_pk ≤ u, z_pk ≤ Σ_{stage k} x (unless a pitcher has stage k).
            var stages = [Int](repeating: -1, count: 5)
            for k in 1...5 {
                let cap = newRow()
                u.rows.append(cap); u.coefficients.append(-1)
                var z = ExplicitColumn(objective: Double(TeamProblem.stageScore), upper: 1, rows: [cap, distinct], coefficients: [1, -1])
                if pitcherStages & (1 << k) == 0 {
                    let cover = newRow()
                    stages[k - 1] = cover
                    z.rows.append(cover); z.coefficients.append(1)
                }
                columns.append(z)
            }
            stageRow.append(stages)
            // Needs: w_pg ≤ u, w_pg ≤ Σ_{holders} x (unless a pitcher holds g).
            var needs: [(bit: Int, row: Int)] = []
            for g in cohort.projects[j].needs {
                let cap = newRow()
                u.rows.append(cap); u.coefficients.append(-1)
                var w = ExplicitColumn(objective: Double(TeamProblem.needScore), upper: 1, rows: [cap], coefficients: [1])
                if !pitcherSkills.contains(g) {
                    let cover = newRow()
                    needs.append((needBit[g]!, cover))
                    w.rows.append(cover); w.coefficients.append(1)
                }
                columns.append(w)
            }
            needRows.append(needs)
            columns.append(u)

            // Who may join: shares a start with every pitcher, avoids none of them.
            let common = p.commonStarts(f)
            var list: [Int32] = []
            for (k, i) in members.enumerated() where p.starts[i].intersects(common) {
                if f.contains(where: { cohort.avoids(i, $0) }) { continue }
                list.append(Int32(k))
            }
            compatible.append(list)
        }
        // Choices, per project position.
        var projectPosition = [Int](repeating: -1, count: cohort.projects.count)
        for (q, j) in projects.enumerated() { projectPosition[j] = q }
        var isCompatible = [Set<Int32>](repeating: [], count: projects.count)
        choosers = [[(k: Int32, score: Int32)]](repeating: [], count: projects.count)
        for (k, i) in members.enumerated() {
            for j in cohort.members[i].projectChoices {
                let q = projectPosition[j]
                guard q >= 0, p.choiceScore(i, project: j) > 0 else { continue }
                if isCompatible[q].isEmpty { isCompatible[q] = Set(compatible[q]) }
                guard isCompatible[q].contains(Int32(k)) else { continue }
                choosers[q].append((Int32(k), Int32(p.choiceScore(i, project: j))))
            }
        }

        // Free teams together: F teams, f_i members, z_fk stages.
        guard !members.isEmpty else { return }
        let lo = Double(p.teamMin), hi = Double(p.teamMax)
        let sizeHi = newRow(), sizeLo = newRow(), senior = newRow(), distinct = newRow()
        let capRows = (1...5).map { _ in newRow() }
        let coverRows = (1...5).map { _ in newRow() }
        let teamsUpper = (Double(members.count) / lo).rounded(.down)
        columns.append(ExplicitColumn(objective: 0, upper: teamsUpper, rows: [sizeHi, sizeLo, senior, distinct] + capRows,
                                      coefficients: [-hi, lo, 1, d] + capRows.map { _ in -1 }))
        for k in 0..<5 {
            columns.append(ExplicitColumn(objective: Double(TeamProblem.stageScore), upper: teamsUpper,
                                          rows: [capRows[k], coverRows[k], distinct], coefficients: [1, 1, -1]))
        }
        for (k, i) in members.enumerated() {
            var rows = [memberRow[k], sizeHi, sizeLo, coverRows[p.stage(i) - 1]]
            var coefficients: [Double] = [1, 1, -1, -1]
            if p.isSenior(i) { rows.append(senior); coefficients.append(-1) }
            columns.append(ExplicitColumn(objective: 0, upper: 1, rows: rows, coefficients: coefficients))
        }
    }

    /// x_iq's entries: (row, coefficient).
    func entries(member k: Int, project q: Int) -> [(Int, Double)] {
        var e: [(Int, Double)] = [(memberRow[k], 1), (hiRow[q], 1)]
        if loRow[q] >= 0 { e.append((loRow[q], -1)) }
        let i = members[k]
        if seniorRow[q] >= 0 && p.isSenior(i) { e.append((seniorRow[q], -1)) }
        let s = stageRow[q][p.stage(i) - 1]
        if s >= 0 { e.append((s, -1)) }
        for (bit, row) in needRows[q] where memberNeeds[k][bit >> 6] & (1 << UInt64(bit & 63)) != 0 { e.append((row, -1)) }
        return e
    }

    /// Reduced cost of x_iq under prices y, with its choice score `c`.
    @inline(__always)
    func reducedCost(member k: Int, project q: Int, score c: Double, y: [Double]) -> Double {
        var rc = c - y[memberRow[k]] - y[hiRow[q]]
        if loRow[q] >= 0 { rc += y[loRow[q]] }
        let i = members[k]
        if seniorRow[q] >= 0 && p.isSenior(i) { rc += y[seniorRow[q]] }
        let s = stageRow[q][p.stage(i) - 1]
        if s >= 0 { rc += y[s] }
        let mask = memberNeeds[k]
        for (bit, row) in needRows[q] where mask[bit >> 6] & (1 << UInt64(bit & 63)) != 0 { rc += y[row] }
        return rc
    }

    /// The weak-duality bound at prices y, and for each member its x column with the largest
    /// positive reduced cost (largest first): the columns to add next.
    func evaluate(_ y: [Double], scores: inout [Double], inModel: Set<Int> = []) -> (bound: Double, positive: [(rc: Double, k: Int32, q: Int32)]) {
        var total = 0.0
        for r in 0..<rowCount where rhs[r] != 0 { total += y[r] * rhs[r] }
        for column in columns {
            var rc = column.objective
            for (r, a) in zip(column.rows, column.coefficients) { rc -= y[r] * a }
            if rc > 0 { total += rc * column.upper }
        }
        var bestRc = [Double](repeating: 1e-7, count: members.count)
        var bestQ = [Int32](repeating: -1, count: members.count)
        for q in projects.indices {
            for (k, c) in choosers[q] { scores[Int(k)] = Double(c) }
            for k in compatible[q] {
                let rc = reducedCost(member: Int(k), project: q, score: scores[Int(k)], y: y)
                if rc > 0 {
                    total += rc
                    if rc > bestRc[Int(k)] && !inModel.contains(Int(k) * projects.count + q) { bestRc[Int(k)] = rc; bestQ[Int(k)] = Int32(q) }
                }
            }
            for (k, _) in choosers[q] { scores[Int(k)] = 0 }
        }
        var positive: [(rc: Double, k: Int32, q: Int32)] = []
        for k in members.indices where bestQ[k] >= 0 { positive.append((bestRc[k], Int32(k), bestQ[k])) }
        positive.sort { $0.rc > $1.rc || ($0.rc == $1.rc && $0.k < $1.k) }
        return (total, positive)
    }

    mutating func solve(incumbent: [(project: Int, members: [Int])], solver: any LinearSolver, maxRounds: Int) throws(SolverError) -> Int {
        // Initial x columns: every choice, plus the incumbent's project members.
        var position = [Int](repeating: -1, count: p.cohort.members.count)
        for (k, i) in members.enumerated() { position[i] = k }
        var projectPosition = [Int](repeating: -1, count: p.cohort.projects.count)
        for (q, j) in projects.enumerated() { projectPosition[j] = q }
        var inModel = Set<Int>()  // k * projects + q
        var xs: [(k: Int, q: Int)] = []
        func key(_ k: Int, _ q: Int) -> Int { k * projects.count + q }
        for q in projects.indices {
            for (k, _) in choosers[q] where inModel.insert(key(Int(k), q)).inserted { xs.append((Int(k), q)) }
        }
        let compatibleSets = compatible.map { Set($0) }
        for team in incumbent {
            let q = projectPosition[team.project]
            guard q >= 0 else { continue }
            for i in team.members {
                let k = position[i]
                if k >= 0 && compatibleSets[q].contains(Int32(k)) && inModel.insert(key(k, q)).inserted { xs.append((k, q)) }
            }
        }
        var scoreOf: [Int: Double] = [:]
        for q in projects.indices { for (k, c) in choosers[q] { scoreOf[key(Int(k), q)] = Double(c) } }

        // The restricted LP, rows built from the columns.
        var rowTerms = [[(Int, Double)]](repeating: [], count: rowCount)
        var model = LinearModel(sense: .maximize)
        var objective = LinearExpression()
        for column in columns {
            let v = model.addVariable(VariableDefinition(lowerBound: 0, upperBound: column.upper))
            objective.add(v, column.objective)
            for (r, a) in zip(column.rows, column.coefficients) { rowTerms[r].append((v.index, a)) }
        }
        for (k, q) in xs {
            let v = model.addVariable(VariableDefinition(lowerBound: 0, upperBound: 1))
            objective.add(v, scoreOf[key(k, q)] ?? 0)
            for (r, a) in entries(member: k, project: q) { rowTerms[r].append((v.index, a)) }
        }
        for r in 0..<rowCount {
            model.addConstraint(variables: rowTerms[r].map { Variable(index: $0.0) }, coefficients: rowTerms[r].map(\.1),
                                lowerBound: nil, upperBound: rhs[r])
        }
        model.maximize(objective)
        rowTerms = []

        let session = try solver.makeSession(for: model)
        var best = Double.infinity
        var bestPrices = [Double](repeating: 0, count: members.count)
        var scores = [Double](repeating: 0, count: members.count)
        let batch = max(200, members.count / 2)
        for _ in 0..<maxRounds {
            let result = try session.solve(options: SolveOptions(method: .simplex))
            guard result.termination == .optimal, let duals = result.rowDuals else { break }
            let y = duals.map { max(0, $0) }
            let (value, positive) = evaluate(y, scores: &scores, inModel: inModel)
            if value < best { bestPrices = memberRow.map { y[$0] } }
            best = min(best, value)
            var added: [Column] = []
            for (_, k, q) in positive where added.count < batch && inModel.insert(key(Int(k), Int(q))).inserted {
                let e = entries(member: Int(k), project: Int(q))
                added.append(Column(VariableDefinition(lowerBound: 0, upperBound: 1), objective: scoreOf[key(Int(k), Int(q))] ?? 0,
                                    constraints: e.map { ConstraintID(index: $0.0) }, coefficients: e.map(\.1)))
            }
            if added.isEmpty { break }
            try session.addColumns(added)
        }
        if best == .infinity {
            // No prices from GLPK: y = 0 is still a valid (weak) bound.
            best = evaluate([Double](repeating: 0, count: rowCount), scores: &scores).bound
        }
        memberPrices = bestPrices
        return Int((best + 1e-6).rounded(.down))
    }
}
