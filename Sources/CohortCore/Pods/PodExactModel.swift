/// The exact model of a small roster (docs/pods.md §5): a binary program
/// that GLPK solves from the search's pods as its first incumbent, proving
/// (or improving) both the number placed and the quality.
struct PodExactModel {
    /// Rosters with at most this many seekers are solved exactly.
    static let maxSeekers = 40
    /// Branch-and-bound nodes: the deterministic budget of the solve.
    static let nodeLimit = 20_000
    /// The wall-clock guard when the policy sets no time limit (seconds).
    static let defaultTimeLimit = 10.0

    let p: PodProblem
    let podSlots: Int
    /// Start classes: the sets of seekers free at some start, inclusion-maximal, as bit masks.
    let classes: [UInt64]
    let tags: [Tag]
    /// Pairs of seekers (a < b, not avoided, sharing a pod interest) with extra shared interests.
    let pairs: [(a: Int, b: Int, extra: Int)]
    var model = LinearModel(sense: .maximize)
    var x: [[Variable]] = []  // [seeker][pod]
    var y: [[Variable]] = []  // [pod][tag]
    var z: [[Variable]] = []  // [pod][class]
    var open: [Variable] = []
    var d: [[Variable]] = []  // [pod][stage 1…5]
    var w: [[Variable]] = []  // [pod][pair]
    /// Weight of one placed seeker: more than any quality.
    let placedWeight: Double

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
        var pairs: [(a: Int, b: Int, extra: Int)] = []
        for a in 0..<p.count {
            for b in (a + 1)..<max(a + 1, p.count) where !p.avoids(a, b) {
                let extra = p.cohort.members[p.member[a]].interests.intersectionCount(p.cohort.members[p.member[b]].interests) - 1
                if extra > 0 { pairs.append((a, b, extra * PodProblem.sharedScore)) }
            }
        }
        self.pairs = pairs
        placedWeight = Double(podSlots * 5 * PodProblem.stageScore + pairs.reduce(0) { $0 + $1.extra } + 1)
        guard !classes.isEmpty else { return nil }
        build()
    }

    private mutating func build() {
        let n = p.count, P = podSlots
        x = (0..<n).map { _ in model.addVariables(count: P, .binary()) }
        y = (0..<P).map { _ in model.addVariables(count: tags.count, .binary()) }
        z = (0..<P).map { _ in model.addVariables(count: classes.count, .binary()) }
        open = model.addVariables(count: P, .binary())
        d = (0..<P).map { _ in model.addVariables(count: 5, .continuous(upperBound: 1)) }
        w = (0..<P).map { _ in model.addVariables(count: pairs.count, .continuous(upperBound: 1)) }
        var objective = LinearExpression()
        for i in 0..<n { for q in 0..<P { objective.add(x[i][q], placedWeight) } }
        for q in 0..<P {
            for k in 0..<5 { objective.add(d[q][k], Double(PodProblem.stageScore)) }
            for (e, pair) in pairs.enumerated() { objective.add(w[q][e], Double(pair.extra)) }
        }
        model.maximize(objective)
        for i in 0..<n { model.add(LinearExpression.sum(x[i]) <= 1) }
        for q in 0..<P {
            model.add(LinearExpression.sum(y[q]) - LinearExpression(open[q]) == 0)
            model.add(LinearExpression.sum(z[q]) - LinearExpression(open[q]) == 0)
            let size = LinearExpression.sum((0..<n).map { x[$0][q] })
            model.add(size - LinearExpression(open[q], coefficient: Double(p.podMin)) >= 0)
            model.add(size - LinearExpression(open[q], coefficient: Double(p.podMax)) <= 0)
            if q + 1 < P { model.add(LinearExpression(open[q]) - LinearExpression(open[q + 1]) >= 0) }
            for i in 0..<n {
                var interest = LinearExpression(x[i][q])
                for (t, tag) in tags.enumerated() where p.podInterests[i].contains(tag) { interest.add(y[q][t], -1) }
                model.add(interest <= 0)
                var time = LinearExpression(x[i][q])
                for (c, m) in classes.enumerated() where m & (1 << UInt64(i)) != 0 { time.add(z[q][c], -1) }
                model.add(time <= 0)
                for b in p.avoid[i] where b > i { model.add(LinearExpression(x[i][q]) + LinearExpression(x[b][q]) <= 1) }
            }
            for k in 0..<5 {
                var stage = LinearExpression(d[q][k])
                for i in 0..<n where p.stage[i] == k + 1 { stage.add(x[i][q], -1) }
                model.add(stage <= 0)
            }
            for (e, pair) in pairs.enumerated() {
                model.add(LinearExpression(w[q][e]) - LinearExpression(x[pair.a][q]) <= 0)
                model.add(LinearExpression(w[q][e]) - LinearExpression(x[pair.b][q]) <= 0)
            }
        }
    }

    /// The variable values of `pods` (a valid solution), or nil when one cannot be expressed.
    func values(of pods: [WorkingPod]) -> [Double]? {
        guard pods.count <= podSlots else { return nil }
        var v = [Double](repeating: 0, count: model.variableCount)
        for (q, pod) in pods.enumerated() {
            guard let t = tags.firstIndex(of: pod.interest) else { return nil }
            var mask: UInt64 = 0
            for k in pod.members { mask |= 1 << UInt64(k) }
            guard let c = classes.firstIndex(where: { $0 & mask == mask }) else { return nil }
            v[open[q].index] = 1
            v[y[q][t].index] = 1
            v[z[q][c].index] = 1
            for k in pod.members {
                v[x[k][q].index] = 1
                v[d[q][p.stage[k] - 1].index] = 1
            }
            for (e, pair) in pairs.enumerated() where pod.members.contains(pair.a) && pod.members.contains(pair.b) { v[w[q][e].index] = 1 }
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
        /// Upper bounds from the solver's best bound: seekers placed, and quality given that.
        var placedBound: Int
        var qualityBound: Int?
        var seconds: Double
    }

    /// Solves from `start`; the pods returned are at least as good as `start`.
    func solve(start: [WorkingPod], solver: any LinearSolver, timeLimit: Double?) throws(SolverError) -> Outcome {
        let options = SolveOptions(method: .branchAndCut, timeLimit: timeLimit ?? Self.defaultTimeLimit,
                                   startingSolution: values(of: start), nodeLimit: Self.nodeLimit)
        let result = try solver.solve(model, options: options)
        let proven = result.termination == .optimal
        var found: [WorkingPod]?
        if result.hasSolution { found = pods(from: result.values).filter { p.isValid($0.members, interest: $0.interest) } }
        let bound = result.bestBound ?? (placedWeight * Double(p.count) + placedWeight - 1)
        let placedBound = min(p.count, Int((bound + 1e-6) / placedWeight))
        var qualityBound: Int?
        if proven, let objective = result.objective {
            qualityBound = Int((objective - placedWeight * Double(placedBound)).rounded())
        }
        return Outcome(pods: found, proven: proven, placedBound: placedBound, qualityBound: qualityBound, seconds: result.wallSeconds)
    }
}
