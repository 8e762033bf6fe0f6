import Dispatch
/// A Lagrangian upper bound on total team quality that knows standup times
/// (docs/teams.md §5, "slot bound"). Each member k gets a price λ_k ≥ 0; then for
/// every set of valid teams
///
///     quality ≤ Σ_k λ_k + Σ_projects max(0, best team of p at one slot class)
///                      + the best free teams, each at one slot class, counted as a knapsack,
///
/// where a team's value is its quality minus the prices of its non-pitcher members.
/// The best team of a slot class is found exactly by a dynamic programme over
/// (members taken, stages present, needs covered), ignoring only avoided pairs.
/// The prices start from the LP's (`TeamQualityBound`) and improve by subgradient
/// steps; every evaluation is a valid bound, the smallest is kept. No solver is used.
struct TeamLagrangianBound {
    let p: TeamProblem
    /// Model members: placeable, not pre-assigned (position → member index).
    var members: [Int] = []
    var projectKinds: [Kind] = []
    var freeKind: Kind?

    /// A team kind: a project (with its pitchers) or a free team, and its slot classes.
    struct Kind {
        var project: Int?
        /// Pitchers' count, stage bits (1 << stage), and whether one is senior.
        var fixedCount = 0
        var fixedStages = 0
        /// Needs the pitchers cover, plus needs beyond the first 8 uncovered (assumed covered: still a bound).
        var coveredNeeds = 0
        /// Per member position: bits of the uncovered needs (≤ 8) it holds; empty for free teams.
        var needMask: [UInt8] = []
        var needCount = 0
        /// Per member position: choice score for this project (0 for free teams).
        var score: [Int8] = []
        var lo = 0, hi = 0
        /// Maximal slot classes: member positions free at one start (and, for a project, avoiding no pitcher).
        var classes: [[Int32]] = []
    }

    init(p: TeamProblem, placeable: [Bool], closed: Set<Int>) {
        self.p = p
        let cohort = p.cohort
        members = p.eligible.filter { placeable[$0] && p.preassigned[$0] < 0 }
        let m = members.count
        let words = max(1, (m + 63) / 64)
        var union = WeekSlots()
        for i in members { union.formUnion(p.starts[i]) }
        var freeAt = [[UInt64]](repeating: [], count: Week.slots)
        for s in union.slots { freeAt[s] = [UInt64](repeating: 0, count: words) }
        for (k, i) in members.enumerated() {
            for s in p.starts[i].slots { freeAt[s][k >> 6] |= 1 << UInt64(k & 63) }
        }
        func positions(_ mask: [UInt64]) -> [Int32] {
            var list: [Int32] = []
            for (w, word) in mask.enumerated() {
                var bits = word
                while bits != 0 {
                    list.append(Int32(w * 64 + bits.trailingZeroBitCount))
                    bits &= bits - 1
                }
            }
            return list
        }
        var position = [Int](repeating: -1, count: cohort.members.count)
        for (k, i) in members.enumerated() { position[i] = k }

        for j in p.projectOrder where !closed.contains(j) {
            let f = p.pitchers(j)
            let range = p.sizeRange(project: j)
            if f.contains(where: { !placeable[$0] }) || f.count > range.upperBound { continue }
            var kind = Kind(project: j)
            kind.fixedCount = f.count
            kind.lo = range.lowerBound
            kind.hi = range.upperBound
            var pitcherSkills = Set<Tag>()
            for i in f {
                kind.fixedStages |= 1 << p.stage(i)
                for g in cohort.members[i].skills { pitcherSkills.insert(g) }
            }
            var open: [Tag] = []
            for g in cohort.projects[j].needs {
                if pitcherSkills.contains(g) || open.count == 8 { kind.coveredNeeds += 1 } else { open.append(g) }
            }
            kind.needCount = open.count
            kind.needMask = members.map { i in
                var mask: UInt8 = 0
                for (b, g) in open.enumerated() where cohort.members[i].skills.contains(g) { mask |= 1 << UInt8(b) }
                return mask
            }
            kind.score = [Int8](repeating: 0, count: m)
            for (k, i) in members.enumerated() { kind.score[k] = Int8(p.choiceScore(i, project: j)) }
            let common = p.commonStarts(f)
            var allowed = [UInt64](repeating: 0, count: words)
            for (k, i) in members.enumerated() where !f.contains(where: { cohort.avoids(i, $0) }) {
                allowed[k >> 6] |= 1 << UInt64(k & 63)
            }
            let empty = [UInt64](repeating: 0, count: words)
            let sets = common.slots.map { s in zip(freeAt[s].isEmpty ? empty : freeAt[s], allowed).map { $0 & $1 } }
            kind.classes = (sets.isEmpty ? [empty] : Self.maximalSets(sets)).map(positions)
            projectKinds.append(kind)
        }
        if m > 0 {
            var kind = Kind(project: nil)
            kind.lo = p.teamMin
            kind.hi = p.teamMax
            kind.score = [Int8](repeating: 0, count: m)
            kind.needMask = [UInt8](repeating: 0, count: m)
            kind.classes = Self.maximalSets(union.slots.map { freeAt[$0] }).map(positions)
            freeKind = kind
        }
    }

    /// Maximal sets (bit masks) among `sets`: equal sets once, sets inside another dropped.
    static func maximalSets(_ sets: [[UInt64]]) -> [[UInt64]] {
        var distinct: [[UInt64]] = []
        var seen = Set<[UInt64]>()
        for s in sets where seen.insert(s).inserted { distinct.append(s) }
        let sizes = distinct.map { $0.reduce(0) { $0 + $1.nonzeroBitCount } }
        var keep = [Bool](repeating: true, count: distinct.count)
        for a in distinct.indices {
            for b in distinct.indices where a != b && keep[b] && sizes[b] >= sizes[a] {
                if zip(distinct[a], distinct[b]).allSatisfy({ $0 & ~$1 == 0 }) { keep[a] = false; break }
            }
        }
        return distinct.indices.filter { keep[$0] }.map { distinct[$0] }
    }

    /// The best value (quality − prices of the members added) of one team of `kind` drawn from
    /// `candidates`, and the members it adds (positions); nil when no valid team exists.
    /// Exact over the rules of size, stages and senior (avoided pairs ignored: an upper bound):
    /// members of one type (stage, needs held) differ only in value, so only each type's r best
    /// matter (r = places left); a dynamic programme over types then tracks (members taken,
    /// stages present, needs covered).
    func bestTeam(_ kind: Kind, candidates: [Int32], prices: [Double]) -> (value: Double, members: [Int32])? {
        var scratch = DPScratch()
        return bestTeam(kind, candidates: candidates, prices: prices, scratch: &scratch)
    }

    /// The DP's state arrays, reused across the classes of a kind: `best` is −∞ everywhere
    /// between calls (each call resets the states it reached), so a call costs what it reaches,
    /// not the size of the state space (up to 6 · 32 · 256 states).
    struct DPScratch {
        var best: [Double] = []
        var taken: [UInt64] = []
        var before: [Double] = []
        var beforeTaken: [UInt64] = []

        mutating func reserve(_ size: Int) {
            guard best.count < size else { return }
            best = [Double](repeating: -.infinity, count: size)
            taken = [UInt64](repeating: 0, count: size)
            before = best
            beforeTaken = taken
        }
    }

    /// As `bestTeam(_:candidates:prices:)`, with state arrays from `scratch`.
    func bestTeam(_ kind: Kind, candidates: [Int32], prices: [Double], scratch: inout DPScratch) -> (value: Double, members: [Int32])? {
        let r = kind.hi - kind.fixedCount
        guard r >= 0 else { return nil }
        let minAdd = max(0, kind.lo - kind.fixedCount)
        let needStates = 1 << kind.needCount
        // Per type (stage − 1, need bits): the r best members, best first.
        let types = 5 * needStates
        var groupValues = [Double](repeating: 0, count: types * max(1, r))
        var groupMembers = [Int32](repeating: 0, count: types * max(1, r))
        var groupCount = [Int](repeating: 0, count: types)
        if r > 0 {
            for k in candidates {
                let v = Double(kind.score[Int(k)]) - prices[Int(k)]
                let type = (p.stage(members[Int(k)]) - 1) * needStates + Int(kind.needMask[Int(k)])
                let base = type * r
                var n = groupCount[type]
                if n == r {
                    if v <= groupValues[base + r - 1] { continue }
                    n -= 1
                } else {
                    groupCount[type] += 1
                }
                // Insert keeping the list sorted (ties: earlier position first).
                var j = n
                while j > 0 && groupValues[base + j - 1] < v {
                    groupValues[base + j] = groupValues[base + j - 1]
                    groupMembers[base + j] = groupMembers[base + j - 1]
                    j -= 1
                }
                groupValues[base + j] = v
                groupMembers[base + j] = k
            }
        }
        // States: (count, stage bits over stages 1…5 as bits 0…4, need bits).
        let perCount = 32 * needStates
        scratch.reserve((r + 1) * perCount)
        var reached: [Int32] = [0]
        defer { for idx in reached { scratch.best[Int(idx)] = -.infinity } }
        scratch.best[0] = 0
        scratch.taken[0] = 0
        for type in 0..<types where groupCount[type] > 0 {
            let count = groupCount[type]
            let base = type * r
            let stageBit = 1 << (type / needStates)
            let needBits = type % needStates
            for idx in reached { scratch.before[Int(idx)] = scratch.best[Int(idx)]; scratch.beforeTaken[Int(idx)] = scratch.taken[Int(idx)] }
            let snapshot = reached
            for idx in snapshot {
                let from = Int(idx)
                let c = from / perCount
                guard c < r else { continue }
                let rest = from % perCount
                let st = rest / needStates, nd = rest % needStates
                var value = scratch.before[from]
                var packed = scratch.beforeTaken[from]
                for j in 0..<min(count, r - c) {
                    value += groupValues[base + j]
                    packed = packed << 12 | UInt64(groupMembers[base + j] + 1)
                    let to = (c + j + 1) * perCount + (st | stageBit) * needStates + (nd | needBits)
                    if scratch.best[to] == -.infinity { reached.append(Int32(to)) }
                    if value > scratch.best[to] { scratch.best[to] = value; scratch.taken[to] = packed }
                }
            }
        }
        var answer: (value: Double, packed: UInt64)?
        var senior = 0
        for st in 1...5 where st >= p.seniorStage { senior |= 1 << (st - 1) }
        let fixed = kind.fixedStages >> 1  // pitchers' stages as bits 0…4
        for idx in reached {
            let c = Int(idx) / perCount
            guard c >= minAdd else { continue }
            let rest = Int(idx) % perCount
            let stages = (rest / needStates) | fixed
            guard stages.nonzeroBitCount >= p.distinctStages, stages & senior != 0 else { continue }
            let total = scratch.best[Int(idx)] + Double(TeamProblem.stageScore * stages.nonzeroBitCount
                                                + TeamProblem.needScore * ((rest % needStates).nonzeroBitCount + kind.coveredNeeds))
            if answer == nil || total > answer!.value || (total == answer!.value && scratch.taken[Int(idx)] < answer!.packed) {
                answer = (total, scratch.taken[Int(idx)])
            }
        }
        guard let answer else { return nil }
        var list: [Int32] = []
        var packed = answer.packed
        while packed != 0 {
            list.append(Int32(packed & 0xFFF) - 1)
            packed >>= 12
        }
        return (answer.value, list)
    }

    /// Project kinds, then the free kind (the order of `classBests` and of the column kinds).
    var kinds: [Kind] { projectKinds + (freeKind.map { [$0] } ?? []) }

    /// Column generation (`columnGeneration`) runs up to this many model members; above, the
    /// master LP grows slower than the subgradient (docs/teams.md §5) and the subgradient alone
    /// gives the prices.
    static let columnGenerationLimit = 800
    /// Master LP solves at most (a count, so the bound is the same on every machine).
    static let maxRounds = 60
    /// Weight of the best prices so far in the pricing point (Wentges smoothing; 0 = plain column
    /// generation): 0.8 needed far less LP time than plain pricing (docs/teams.md §5).
    static let smoothing = 0.8
    /// New columns per project and round, the best by reduced cost (a project forms one team).
    static let columnsPerProject = 3

    /// Members are packed 12 bits each in the DP (positions below 4,095).
    static let maxMembers = 4_094

    /// The best team of every slot class of every kind at `prices` (nil where no valid team exists):
    /// `[kind][class]`, project kinds first (in `projectKinds` order), then the free kind.
    func classBests(_ prices: [Double]) -> [[(value: Double, members: [Int32])?]] {
        let me = self
        // Kinds side by side, on every core.
        return kinds.parallelMap(threads: kinds.count) { kind in
            var scratch = DPScratch()
            return kind.classes.map { me.bestTeam(kind, candidates: $0, prices: prices, scratch: &scratch) }
        }.map { $0.get() }
    }

    /// The bound at `prices` (per member position, each ≥ 0), and how often each member is
    /// used by the maximizing teams (the subgradient is 1 − uses).
    func evaluate(_ prices: [Double]) -> (bound: Double, uses: [Int]) {
        evaluate(prices, bests: classBests(prices))
    }

    /// As `evaluate(_:)`, from the class bests already computed at `prices`.
    func evaluate(_ prices: [Double], bests: [[(value: Double, members: [Int32])?]]) -> (bound: Double, uses: [Int]) {
        var total = prices.reduce(0, +)
        var uses = [Int](repeating: 0, count: members.count)
        for q in projectKinds.indices {
            var best: (value: Double, members: [Int32])?
            for t in bests[q] { if let t, best == nil || t.value > best!.value { best = t } }
            if let best, best.value > 0 {
                total += best.value
                for k in best.members { uses[Int(k)] += 1 }
            }
        }
        if let kind = freeKind {
            // Free teams: at most ⌊|class| / team_min⌋ in a class and ⌊|M| / team_min⌋ in all.
            var options: [(value: Double, count: Int, members: [Int32])] = []
            for (c, t) in zip(kind.classes, bests[projectKinds.count]) {
                if let t, t.value > 0 { options.append((t.value, c.count / p.teamMin, t.members)) }
            }
            options.sort { $0.value > $1.value }
            var left = members.count / p.teamMin
            for o in options where left > 0 {
                let n = min(left, o.count)
                total += Double(n) * o.value
                for k in o.members { uses[Int(k)] += n }
                left -= n
            }
        }
        return (total, uses)
    }

    /// Subgradient steps: a count, not a time, so the bound is the same on every machine.
    /// 200 on small rosters, fewer as they grow (20,000 / members, at least 20), as a step's
    /// cost grows with the members.
    var iterations: Int { max(20, min(200, 20_000 / max(1, members.count))) }

    /// The smallest bound over `iterations` subgradient steps from `start` (member index → price),
    /// rounded down (quality is an integer). `target`: a quality known to be reachable (step size).
    func bound(start: [Int: Double], target: Double, iterations: Int) -> Int {
        Self.floored(subgradient(from: members.map { max(0, start[$0] ?? 0) }, target: target, iterations: iterations))
    }

    /// The smallest bound over `iterations` subgradient steps from `prices` (per member position).
    func subgradient(from start: [Double], target: Double, iterations: Int) -> Double {
        var prices = start
        var best = Double.infinity
        var theta = 0.5
        var sinceBetter = 0
        for _ in 0..<max(1, iterations) {
            let (value, uses) = evaluate(prices)
            if value < best - 1e-9 { best = value; sinceBetter = 0 } else { sinceBetter += 1 }
            if sinceBetter >= 3 { theta /= 2; sinceBetter = 0 }
            var norm = 0.0
            for u in uses { norm += Double((1 - u) * (1 - u)) }
            if norm == 0 || value <= target { break }
            let step = theta * (value - target) / norm
            for k in prices.indices { prices[k] = max(0, prices[k] - step * Double(1 - uses[k])) }
        }
        return best
    }

    /// A bound rounded down (quality is an integer; 10⁻⁶ absorbs rounding in the sums).
    static func floored(_ bound: Double) -> Int { Int((bound + 1e-6).rounded(.down)) }

    /// The slot bound as reported (docs/teams.md §5): column generation up to `columnGenerationLimit`
    /// members, started from `start` (member index → price) with `incumbent`'s teams as columns;
    /// the subgradient when it is not run, fails, or stops short of convergence.
    func slotBound(start: [Int: Double], incumbent: [(project: Int?, members: [Int])], target: Double,
                   solver: any LinearSolver) -> Int {
        var generated: (bound: Double, prices: [Double], converged: Bool)?
        if members.count <= Self.columnGenerationLimit {
            generated = try? columnGeneration(incumbent: incumbent, start: start, solver: solver, rounds: Self.maxRounds)
        }
        if let generated, generated.converged { return Self.floored(generated.bound) }
        let prices = generated?.prices ?? members.map { max(0, start[$0] ?? 0) }
        return Self.floored(min(generated?.bound ?? .infinity, subgradient(from: prices, target: target, iterations: iterations)))
    }
}

extension TeamLagrangianBound {
    /// The quality the bound gives a team of `kind` adding `positions` (needs beyond the first
    /// 8 uncovered counted as covered, as in `bestTeam`; avoided pairs not checked).
    func quality(_ kind: Kind, _ positions: [Int32]) -> Double {
        var stages = kind.fixedStages >> 1
        var needs: UInt8 = 0
        var score = 0
        for k in positions {
            stages |= 1 << (p.stage(members[Int(k)]) - 1)
            needs |= kind.needMask[Int(k)]
            score += Int(kind.score[Int(k)])
        }
        return Double(score + TeamProblem.stageScore * stages.nonzeroBitCount
                      + TeamProblem.needScore * (needs.nonzeroBitCount + kind.coveredNeeds))
    }

    /// Prices by column generation (docs/teams.md §5): a restricted master LP over team columns
    /// (`Σ_{T∋k} x_T ≤ 1` per member, `Σ_{T of p} x_T ≤ 1` per project) solved by GLPK; its member
    /// duals are the prices, every class's best team at those prices is a new column when its
    /// reduced cost is positive. Each round's prices are evaluated with `evaluate`, so every
    /// number returned is a valid bound whatever GLPK answers; at convergence it is the master
    /// LP's optimum (the Lagrangian dual). `incumbent`: (project, members) of teams known valid,
    /// the first columns. Returns the smallest bound seen and the prices that gave it.
    func columnGeneration(incumbent: [(project: Int?, members: [Int])], start: [Int: Double],
                          solver: any LinearSolver, rounds: Int) throws(SolverError) -> (bound: Double, prices: [Double], converged: Bool) {
        let m = members.count
        var position = [Int32](repeating: -1, count: p.cohort.members.count)
        for (k, i) in members.enumerated() { position[i] = Int32(k) }
        var kindOf: [Int: Int] = [:]
        for (q, kind) in projectKinds.enumerated() { kindOf[kind.project!] = q }
        let kinds = self.kinds
        let free = projectKinds.count

        var model = LinearModel(sense: .maximize)
        for _ in 0..<(m + projectKinds.count) {
            model.addConstraint(variables: [], coefficients: [], lowerBound: nil, upperBound: 1)
        }
        var seen = Set<[Int32]>()  // kind, then sorted positions
        func column(_ q: Int, _ positions: [Int32]) -> Column? {
            let sorted = positions.sorted()
            guard seen.insert([Int32(q)] + sorted).inserted else { return nil }
            var rows = sorted.map { ConstraintID(index: Int($0)) }
            if q < free { rows.append(ConstraintID(index: m + q)) }
            return Column(VariableDefinition(lowerBound: 0, upperBound: nil), objective: quality(kinds[q], sorted),
                          constraints: rows, coefficients: rows.map { _ in 1 })
        }
        var first: [Column] = []
        for team in incumbent {
            let q = team.project.map { kindOf[$0] ?? -1 } ?? (freeKind == nil ? -1 : free)
            guard q >= 0 else { continue }
            let pitchers = team.project.map { Set(p.cohort.projects[$0].members) } ?? []
            let positions = team.members.filter { !pitchers.contains($0) }.map { position[$0] }
            guard !positions.contains(-1), let c = column(q, positions) else { continue }
            first.append(c)
        }
        let session = try solver.makeSession(for: model)
        if !first.isEmpty { try session.addColumns(first) }

        var best = Double.infinity
        var bestPrices = members.map { max(0, start[$0] ?? 0) }
        // The last master LP's member and project duals (none before the first solve).
        var memberDuals: [Double]?
        var projectDuals = [Double](repeating: 0, count: projectKinds.count)
        var converged = false
        var alpha = Self.smoothing
        var round = 0
        while round <= rounds {
            // Price at a point between the best prices so far and the LP's duals (Wentges smoothing).
            let prices = memberDuals.map { lp in zip(bestPrices, lp).map { alpha * $0 + (1 - alpha) * $1 } } ?? bestPrices
            let bests = classBests(prices)
            let value = evaluate(prices, bests: bests).bound
            if value < best { best = value; bestPrices = prices }
            guard round < rounds else { break }
            // Each class's best team enters when its reduced cost at the LP's duals is positive.
            var added: [Column] = []
            for q in kinds.indices {
                var priced: [(rc: Double, members: [Int32])] = []
                for t in bests[q] {
                    guard let t else { continue }
                    var rc = t.value - (q < free ? projectDuals[q] : 0)
                    if let lp = memberDuals { for k in t.members { rc += prices[Int(k)] - lp[Int(k)] } }
                    if rc > 1e-6 { priced.append((rc, t.members)) }
                }
                // A project forms one team: its few best classes are enough per round.
                if q < free && priced.count > Self.columnsPerProject {
                    priced = Array(priced.enumerated().sorted { $0.element.rc > $1.element.rc || ($0.element.rc == $1.element.rc && $0.offset < $1.offset) }
                        .prefix(Self.columnsPerProject).map(\.element))
                }
                for t in priced { if let c = column(q, t.members) { added.append(c) } }
            }
            if added.isEmpty {
                // Nothing at the smoothed point: price at the LP's duals themselves; nothing there = converged.
                if memberDuals != nil && alpha > 0 { alpha = 0; continue }
                if memberDuals != nil { converged = true; break }
                if session.variableCount == 0 { break }
            }
            alpha = Self.smoothing
            if !added.isEmpty { try session.addColumns(added) }
            round += 1
            let result = try session.solve(options: SolveOptions(method: .simplex, simplexAlgorithm: .primal))
            guard result.termination == .optimal, let duals = result.rowDuals else { break }
            memberDuals = (0..<m).map { max(0, duals[$0]) }
            projectDuals = projectKinds.indices.map { max(0, duals[m + $0]) }
        }
        return (best, bestPrices, converged)
    }
}
