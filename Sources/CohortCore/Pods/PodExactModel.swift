/// The exact placement model of a small roster (docs/pods.md §5): a binary
/// program that GLPK solves from the search's pods as its first incumbent,
/// proving (or improving) the number of seekers placed. Quality is left to
/// the search, which polishes the model's pods when they place more.
struct PodExactModel {
    /// Rosters with at most this many seekers are solved exactly.
    static let maxSeekers = 40
    /// Branch-and-bound nodes, the deterministic budget of the solve: a
    /// node's LP grows with seekers × pods, so 800,000 / seekers², between
    /// 500 and 20,000 (40 seekers: 500 nodes, about a CPU second).
    static func nodeLimit(seekers n: Int) -> Int { min(20_000, max(500, 800_000 / max(1, n * n))) }

    let p: PodProblem
    let podSlots: Int
    /// Start classes: the sets of seekers free at some start, inclusion-maximal, as bit masks.
    let classes: [UInt64]
    let tags: [Tag]
    var model = LinearModel(sense: .maximize)
    var x: [[Variable]] = []  // [seeker][pod]
    var y: [[Variable]] = []  // [pod][tag]
    var z: [[Variable]] = []  // [pod][class]
    var open: [Variable] = []

    init?(_ p: PodProblem) {
        guard p.count <= Self.maxSeekers, p.count >= p.podMin, !p.tagOrder.isEmpty else { return nil }
        self.p = p
        podSlots = p.count / p.podMin
        tags = p.tagOrder
        var masks = Set<UInt64>()
        for s in 0..<Week.slots {
            var m: UInt64 = 0
            for k in 0..<p.count where p.starts[k].contains(s) { m |= 1 << UInt64(k) }
            if m.nonzeroBitCount >= p.podMin { masks.insert(m) }
        }
        let sorted = masks.sorted()
        classes = sorted.filter { m in !sorted.contains { $0 != m && $0 & m == m } }
        guard !classes.isEmpty else { return nil }
        build()
    }

    private mutating func build() {
        let n = p.count, P = podSlots
        x = (0..<n).map { _ in model.addVariables(count: P, .binary()) }
        y = (0..<P).map { _ in model.addVariables(count: tags.count, .binary()) }
        z = (0..<P).map { _ in model.addVariables(count: classes.count, .binary()) }
        open = model.addVariables(count: P, .binary())
        model.maximize(LinearExpression.sum(x.joined()))
        for i in 0..<n { model.add(LinearExpression.sum(x[i]) <= 1) }
        for q in 0..<P {
            model.add(LinearExpression.sum(y[q]) - LinearExpression(open[q]) == 0)
            model.add(LinearExpression.sum(z[q]) - LinearExpression(open[q]) == 0)
            let size = LinearExpression.sum((0..<n).map { x[$0][q] })
            model.add(size - LinearExpression(open[q], coefficient: Double(p.podMin)) >= 0)
            model.add(size - LinearExpression(open[q], coefficient: Double(p.podMax)) <= 0)
            if q + 1 < P { model.add(LinearExpression(open[q]) - LinearExpression(open[q + 1]) >= 0) }
            for i in 0..<n {
                // Symmetry: pods in the order of their first member, so seeker i is in pod i at the latest.
                if q > i { model.add(LinearExpression(x[i][q]) == 0) }
                var interest = LinearExpression(x[i][q])
                for (t, tag) in tags.enumerated() where p.podInterests[i].contains(tag) { interest.add(y[q][t], -1) }
                model.add(interest <= 0)
                var time = LinearExpression(x[i][q])
                for (c, m) in classes.enumerated() where m & (1 << UInt64(i)) != 0 { time.add(z[q][c], -1) }
                model.add(time <= 0)
                for b in p.avoid[i] where b > i { model.add(LinearExpression(x[i][q]) + LinearExpression(x[b][q]) <= 1) }
            }
        }
    }

    /// The variable values of `pods` (a valid solution), or nil when one cannot be expressed.
    func values(of pods: [WorkingPod]) -> [Double]? {
        guard pods.count <= podSlots else { return nil }
        var v = [Double](repeating: 0, count: model.variableCount)
        // In the order of their first member (the symmetry rows).
        for (q, pod) in pods.sorted(by: { $0.members.min()! < $1.members.min()! }).enumerated() {
            guard let t = tags.firstIndex(of: pod.interest) else { return nil }
            var mask: UInt64 = 0
            for k in pod.members { mask |= 1 << UInt64(k) }
            guard let c = classes.firstIndex(where: { $0 & mask == mask }) else { return nil }
            v[open[q].index] = 1
            v[y[q][t].index] = 1
            v[z[q][c].index] = 1
            for k in pod.members { v[x[k][q].index] = 1 }
        }
        return v
    }

    /// The pods of a solution.
    func pods(from values: [Double]) -> [WorkingPod] {
        (0..<podSlots).compactMap { q in
            guard values[open[q].index] > 0.5, let t = (0..<tags.count).first(where: { values[y[q][$0].index] > 0.5 }) else { return nil }
            let members = (0..<p.count).filter { values[x[$0][q].index] > 0.5 }
            return WorkingPod(interest: tags[t], members: members)
        }
    }

    struct Outcome {
        var pods: [WorkingPod]?
        var proven: Bool
        /// Upper bound on seekers placed, from the solver's best bound.
        var placedBound: Int
        var seconds: Double
    }

    /// Solves from `start`.
    func solve(start: [WorkingPod], solver: any LinearSolver, timeLimit: Double?) throws(SolverError) -> Outcome {
        let options = SolveOptions(method: .branchAndCut, timeLimit: timeLimit,
                                   startingSolution: values(of: start), nodeLimit: Self.nodeLimit(seekers: p.count))
        let result = try solver.solve(model, options: options)
        let proven = result.termination == .optimal
        var found: [WorkingPod]?
        if result.hasSolution { found = pods(from: result.values).filter { p.isValid($0.members, interest: $0.interest) } }
        let placedBound = result.bestBound.map { min(p.count, Int(($0 + 1e-6).rounded(.down))) } ?? p.count
        return Outcome(pods: found, proven: proven, placedBound: placedBound, seconds: result.wallSeconds)
    }
}
