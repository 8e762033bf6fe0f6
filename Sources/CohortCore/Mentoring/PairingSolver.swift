import Dispatch

/// The pairs chosen in a `PairingGraph`, with both phases' outcomes.
public struct PairingSolution: Sendable {
    /// Chosen pair per person position, -1 for none.
    public var chosenPair: [Int]
    /// Phase 1: number of people paired (objective = bound = the proven maximum).
    public var cardinality: PhaseOutcome
    /// Phase 2: total quality minus extra-place costs, with its bound.
    public var quality: PhaseOutcome
}

/// Solves a pairing lexicographically: first the largest number of people
/// paired, then the best total quality among those. docs/mentoring.md has the
/// math:
///
/// 1. Hopcroft–Karp gives the maximum k*, proven by a König cover.
/// 2. The cover, as an optimal dual, cuts the graph down to the pairs that can
///    be in a maximum matching and turns rows into equalities (no dense
///    "Σx ≥ k*" row); the rest falls apart into independent components.
/// 3. Per component (largest first, on `threads` threads), GLPK's simplex
///    maximizes quality by column generation from a small restricted master,
///    started at the matching's own basis, pricing every left-out pair with
///    the duals until none improves.
public enum PairingSolver {
    /// Pairs priced in per person and round (and per place, at the start).
    static let columnsPerPerson = 2
    static let tolerance = 1e-6

    public static func solve(_ g: PairingGraph, solver: any LinearSolver, timeLimit: Double? = nil, threads: Int = 2) throws(SolverError) -> PairingSolution {
        let clock = Stopwatch()
        let matching = MaximumMatching(g)
        precondition(matching.isProvenMaximum, "Hopcroft–Karp ended without a König certificate")
        let cardinality = PhaseOutcome(status: g.people.isEmpty ? .empty : .optimal, objective: Double(matching.size), bound: Double(matching.coverSize), seconds: clock.seconds,
                                       details: [("candidate_pairs", g.pairCount)])
        let components = Components(g, matching)
        let start = improvedStart(g, matching)
        let deadline = timeLimit.map { clock.seconds + $0 }

        // Largest component first. Each thread keeps one byte per pair: whether
        // it is a column of its component's master (components own disjoint
        // pairs, so marks left by one never matter to the next).
        let order = (0..<components.count).sorted { components.size($0) > components.size($1) || (components.size($0) == components.size($1) && $0 < $1) }
        let solved = order.parallelMap(threads: threads, scratch: { [UInt8](repeating: 0, count: g.pairCount) }) { (c, inMaster: inout [UInt8]) throws(SolverError) in
            let component = ComponentSolver(g: g, matching: matching, start: start, people: components.people(c), solver: solver, clock: clock, deadline: deadline)
            return try component.solve(inMaster: &inMaster)
        }
        var outcomes = [Result<ComponentSolution, SolverError>](repeating: .success(ComponentSolution()), count: components.count)
        for (t, c) in order.enumerated() { outcomes[c] = solved[t] }

        var chosen = [Int](repeating: -1, count: g.people.count)
        var objective = 0.0, bound = 0.0, solves = 0, columns = 0, rows = 0, proven = true
        for c in 0..<components.count {
            let s = try outcomes[c].get()
            for (k, e) in s.chosen { chosen[k] = e }
            objective += s.objective
            bound += s.bound
            solves += s.solves
            columns += s.columns
            rows += s.rowsAdded
            proven = proven && s.proven
        }
        let paired = chosen.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) }
        precondition(paired == matching.size, "the quality phase lost pairs: \(paired) of \(matching.size)")
        let quality = PhaseOutcome(status: matching.size == 0 ? .empty : (proven ? .optimal : .feasible), objective: objective, bound: bound,
                                   seconds: clock.seconds - cardinality.seconds,
                                   details: [("components", components.count), ("lp_solves", solves), ("columns", columns), ("lazy_rows", rows)])
        return PairingSolution(chosenPair: chosen, cardinality: cardinality, quality: quality)
    }
}

extension PairingSolver {
    /// A better maximum matching to start the simplex from: the maximum
    /// matching improved by moves that keep it on the max-cardinality face and
    /// raise quality — a person moves to a partner with a free place, or an
    /// unpaired person takes a partner's place from someone who may stay
    /// unpaired. Each move is a simplex pivot GLPK no longer has to make, at a
    /// small fraction of a pivot's cost.
    /// Returns the partner per person (-1 for none).
    static func improvedStart(_ g: PairingGraph, _ matching: MaximumMatching) -> [Int32] {
        var partnerOf = matching.mentorOf
        var pairOf = [Int](repeating: -1, count: g.people.count)
        var load = [Int32](repeating: 0, count: g.partners.count)
        for k in g.people.indices where partnerOf[k] >= 0 {
            load[Int(partnerOf[k])] += 1
            pairOf[k] = g.pairs(of: k).first { g.partner[$0] == partnerOf[k] }!
        }
        // Who holds each partner's places (small lists).
        var holders = [[Int32]](repeating: [], count: g.partners.count)
        for k in g.people.indices where partnerOf[k] >= 0 { holders[Int(partnerOf[k])].append(Int32(k)) }
        let c = Int(g.extraPlaceCost)
        for _ in 0..<4 {
            var moved = false
            for k in g.people.indices {
                let current = pairOf[k]
                if current >= 0 {
                    // Move to a partner with a free place (never out of a partner that must stay full).
                    let j = Int(g.partner[current])
                    if matching.mentorReachable[j] { continue }
                    let leaving = load[j] >= 2 ? c : 0
                    var best = current, bestGain = 0
                    for e in g.pairs(of: k) where e != current && matching.canBeInMaximum(mentee: k, mentor: Int(g.partner[e])) {
                        let j2 = Int(g.partner[e])
                        guard load[j2] < g.capacity[j2] else { continue }
                        let gain = Int(g.quality[e]) - Int(g.quality[current]) - (load[j2] >= 1 ? c : 0) + leaving
                        if gain > bestGain || (gain == bestGain && gain > 0 && e < best) { best = e; bestGain = gain }
                    }
                    guard bestGain > 0 else { continue }
                    let j2 = Int(g.partner[best])
                    holders[j].removeAll { $0 == Int32(k) }
                    holders[j2].append(Int32(k))
                    load[j] -= 1
                    load[j2] += 1
                    partnerOf[k] = Int32(j2)
                    pairOf[k] = best
                    moved = true
                } else if matching.menteeReachable[k] {
                    // Take a place from the holder whose pair is worst, if that one may stay unpaired.
                    var best = -1, bestGain = 0, bestVictim = -1
                    for e in g.pairs(of: k) where matching.canBeInMaximum(mentee: k, mentor: Int(g.partner[e])) {
                        let j = Int(g.partner[e])
                        for h in holders[j] where matching.menteeReachable[Int(h)] {
                            let gain = Int(g.quality[e]) - Int(g.quality[pairOf[Int(h)]])
                            if gain > bestGain { best = e; bestGain = gain; bestVictim = Int(h) }
                        }
                    }
                    guard best >= 0 else { continue }
                    let j = Int(g.partner[best])
                    holders[j].removeAll { $0 == Int32(bestVictim) }
                    holders[j].append(Int32(k))
                    partnerOf[bestVictim] = -1
                    pairOf[bestVictim] = -1
                    partnerOf[k] = Int32(j)
                    pairOf[k] = best
                    moved = true
                }
            }
            if !moved { break }
        }
        return partnerOf
    }
}

/// The pairs chosen in one component, with the LP objective and bound.
struct ComponentSolution: Sendable {
    /// (person position, pair)
    var chosen: [(Int, Int)] = []
    var objective = 0.0
    var bound = 0.0
    var proven = true
    var solves = 0
    var columns = 0
    var rowsAdded = 0
}

/// Column generation for one component (see `PairingSolver`).
struct ComponentSolver {
    let g: PairingGraph
    let matching: MaximumMatching
    /// The maximum matching to start from (partner per person, -1 for none).
    let start: [Int32]
    let people: [Int]
    let solver: any LinearSolver
    let clock: Stopwatch
    let deadline: Double?

    /// Whether pair `e` of person `k` can be in a maximum matching.
    func onFace(_ k: Int, _ e: Int) -> Bool { matching.canBeInMaximum(mentee: k, mentor: Int(g.partner[e])) }

    /// `inMaster`: whether each pair is a column already (this component's pairs only).
    func solve(inMaster: inout [UInt8]) throws(SolverError) -> ComponentSolution {
        var result = ComponentSolution()
        let n = people.count
        // Partners of the component, numbered locally.
        var local: [Int32: Int] = [:]
        var partnerList: [Int] = []
        for k in people {
            for e in g.pairs(of: k) where onFace(k, e) && local[g.partner[e]] == nil {
                local[g.partner[e]] = partnerList.count
                partnerList.append(Int(g.partner[e]))
            }
        }
        let m = partnerList.count
        func partnerRow(_ e: Int) -> Int { local[g.partner[e]]! }

        // Rows. A partner: full (= capacity) when every maximum matching fills
        // them, else Σx − extra ≤ 1. A person: paired (= 1) when every maximum
        // matching pairs them; otherwise "at most one partner" is added lazily,
        // only once the LP gives them more than one (rows are what make the
        // simplex slow; most people never need theirs).
        var model = LinearModel(sense: .maximize)
        var constantCost = 0.0
        for j in partnerList {
            if matching.mentorReachable[j] {
                _ = model.addConstraint(variables: [], coefficients: [], lowerBound: Double(g.capacity[j]), upperBound: Double(g.capacity[j]))
                constantCost += Double(g.extraPlaceCost) * Double(g.capacity[j] - 1)
            } else {
                _ = model.addConstraint(variables: [], coefficients: [], lowerBound: nil, upperBound: 1)
            }
        }
        var personRow = [Int](repeating: -1, count: n)
        for (row, k) in people.enumerated() where !matching.menteeReachable[k] {
            personRow[row] = model.addConstraint(variables: [], coefficients: [], lowerBound: 1, upperBound: 1).index
        }
        let session = try solver.makeSession(for: model)

        // Extra places of partners that may stay part-empty.
        var extras: [Column] = []
        var extraOfPartner = [Int](repeating: -1, count: m)
        for (p, j) in partnerList.enumerated() where g.capacity[j] > 1 && !matching.mentorReachable[j] {
            extraOfPartner[p] = extras.count
            extras.append(Column(VariableDefinition(lowerBound: 0, upperBound: Double(g.capacity[j] - 1)),
                                 objective: -Double(g.extraPlaceCost), constraints: [ConstraintID(index: p)], coefficients: [-1]))
        }
        try session.addColumns(extras)
        let firstPairVariable = extras.count

        // Pair columns, in order after the extras.
        var columnPair: [Int] = [], columnRow: [Int] = []
        var columnsOf = [[Int]](repeating: [], count: n)  // variable indices per person
        var pending: [Column] = []
        func addPair(_ row: Int, _ e: Int) {
            guard inMaster[e] == 0 else { return }
            inMaster[e] = 1
            var rows = [ConstraintID(index: partnerRow(e))]
            if personRow[row] >= 0 { rows.append(ConstraintID(index: personRow[row])) }
            pending.append(Column(VariableDefinition(lowerBound: 0, upperBound: 1), objective: Double(g.quality[e]),
                                  constraints: rows, coefficients: [Double](repeating: 1, count: rows.count)))
            columnsOf[row].append(firstPairVariable + columnPair.count)
            columnPair.append(e)
            columnRow.append(row)
        }
        func byQuality(_ a: Int, _ b: Int) -> Bool { g.quality[a] > g.quality[b] || (g.quality[a] == g.quality[b] && a < b) }

        // Restricted master: the matching's pairs (feasible), each person's
        // best pair and each partner's best 2·capacity pairs (kept in small
        // sorted lists, not by collecting every pair per partner).
        var bestOfPartner = [[(pair: Int, row: Int)]](repeating: [], count: m)
        for (row, k) in people.enumerated() {
            var best = -1
            for e in g.pairs(of: k) where onFace(k, e) {
                if start[k] == g.partner[e] { addPair(row, e) }
                if best < 0 || byQuality(e, best) { best = e }
                let p = partnerRow(e)
                let keep = PairingSolver.columnsPerPerson * Int(g.capacity[partnerList[p]])
                if bestOfPartner[p].count < keep || byQuality(e, bestOfPartner[p][keep - 1].pair) {
                    var at = bestOfPartner[p].count
                    while at > 0 && byQuality(e, bestOfPartner[p][at - 1].pair) { at -= 1 }
                    bestOfPartner[p].insert((e, row), at: at)
                    if bestOfPartner[p].count > keep { bestOfPartner[p].removeLast() }
                }
            }
            if best >= 0 { addPair(row, best) }
        }
        for list in bestOfPartner {
            for (e, row) in list { addPair(row, e) }
        }
        bestOfPartner = []
        try session.addColumns(pending)
        pending.removeAll()

        // Start the simplex at the matching (primal feasible): partners' rows
        // (or extra places) basic, pairs of people with a row basic, the other
        // matched pairs at their upper bound 1 — triangular, hence valid.
        var rowStatus = [BasisStatus](repeating: .basic, count: m + n)
        rowStatus.removeLast(n - personRow.count { $0 >= 0 })
        var variableStatus = [BasisStatus](repeating: .atLower, count: extras.count + columnPair.count)
        var load = [Int](repeating: 0, count: m)
        for (c, e) in columnPair.enumerated() where start[people[columnRow[c]]] == g.partner[e] {
            let row = columnRow[c]
            if personRow[row] >= 0 {
                variableStatus[firstPairVariable + c] = .basic
                rowStatus[personRow[row]] = .atUpper
            } else {
                variableStatus[firstPairVariable + c] = .atUpper
            }
            load[partnerRow(e)] += 1
        }
        for (p, x) in extraOfPartner.enumerated() where x >= 0 && load[p] > 1 {
            if load[p] == Int(g.capacity[partnerList[p]]) {
                variableStatus[x] = .atUpper
            } else {
                variableStatus[x] = .basic
                rowStatus[p] = .atUpper
            }
        }
        try session.setBasis(constraints: rowStatus, variables: variableStatus)

        var last: SolveResult
        var lastFeasible: [Double]? = nil
        var algorithm = SolveOptions.SimplexAlgorithm.primal
        var rowsAdded = 0
        func personDual(_ row: Int, _ duals: [Double]) -> Double { personRow[row] >= 0 ? duals[personRow[row]] : 0 }
        while true {
            let remaining = deadline.map { max(0.001, $0 - clock.seconds) }
            last = try session.solve(options: SolveOptions(method: .simplex, timeLimit: remaining, simplexAlgorithm: algorithm))
            result.solves += 1
            guard last.termination == .optimal, let duals = last.rowDuals else {
                if last.termination == .timeLimit {
                    result.proven = false
                    break
                }
                throw .unexpectedTermination(operation: "pairing LP", termination: last.termination, solves: result.solves)
            }
            // Lazy rows: people the LP gave more than one partner.
            var violated = 0
            for row in 0..<n where personRow[row] < 0 && columnsOf[row].count > 1 {
                var sum = 0.0
                for v in columnsOf[row] { sum += last.values[v] }
                if sum > 1 + PairingSolver.tolerance {
                    let vars = columnsOf[row].map { Variable(index: $0) }
                    personRow[row] = try session.add(Constraint(LinearExpression(variables: vars, coefficients: [Double](repeating: 1, count: vars.count)),
                                                                lowerBound: nil, upperBound: 1)).index
                    violated += 1
                }
            }
            if violated > 0 {
                rowsAdded += violated
                algorithm = .dual
                if let deadline, clock.seconds >= deadline { result.proven = false; break }
                continue
            }
            lastFeasible = last.values
            // Pricing: the reduced cost of every pair not yet in the master.
            for (row, k) in people.enumerated() {
                let u = personDual(row, duals)
                var top: [(Double, Int)] = []
                for e in g.pairs(of: k) where inMaster[e] == 0 && onFace(k, e) {
                    let d = Double(g.quality[e]) - u - duals[partnerRow(e)]
                    if d > PairingSolver.tolerance { top.append((d, e)) }
                }
                top.sort { $0.0 > $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
                for (_, e) in top.prefix(PairingSolver.columnsPerPerson) { addPair(row, e) }
            }
            if pending.isEmpty { break }
            if let deadline, clock.seconds >= deadline {
                result.proven = false
                break
            }
            try session.addColumns(pending)
            pending.removeAll()
            algorithm = .primal
        }

        // The answer: the last LP solution that kept every row (integral: the
        // rows are a bipartite incidence matrix), else the starting matching.
        let values: [Double]
        if let lastFeasible {
            values = lastFeasible
        } else {
            var startValues = [Double](repeating: 0, count: extras.count + columnPair.count)
            for (c, e) in columnPair.enumerated() where start[people[columnRow[c]]] == g.partner[e] { startValues[firstPairVariable + c] = 1 }
            values = startValues
        }
        var objective = 0.0
        for (c, e) in columnPair.enumerated().prefix(values.count - firstPairVariable) where values[firstPairVariable + c] > 0.5 {
            result.chosen.append((people[columnRow[c]], e))
            objective += Double(g.quality[e])
        }
        var partnerLoad = [Int](repeating: 0, count: m)
        for (_, e) in result.chosen { partnerLoad[partnerRow(e)] += 1 }
        for p in 0..<m { objective -= Double(g.extraPlaceCost) * Double(max(0, partnerLoad[p] - 1)) }
        result.objective = objective
        result.columns = columnPair.count
        result.bound = objective
        if !result.proven {
            result.bound = last.rowDuals.map { objective + lagrangianGain($0) } ?? bestPairsBound()
        }
        if rowsAdded > 0 { result.rowsAdded = rowsAdded }

        /// A bound without any LP solve: the component pairs as many people as
        /// the starting matching does (every maximum matching does), each at
        /// best with their best pair and no extra-place cost.
        func bestPairsBound() -> Double {
            var best: [Int32] = []
            var paired = 0
            for k in people {
                if start[k] >= 0 { paired += 1 }
                var top: Int32? = nil
                for e in g.pairs(of: k) where onFace(k, e) { top = max(top ?? g.quality[e], g.quality[e]) }
                if let top { best.append(top) }
            }
            best.sort(by: >)
            return best.prefix(paired).reduce(0.0) { $0 + Double($1) }
        }

        /// What the left-out pairs could still add (a valid bound on the
        /// optimum given any duals): a person with a row gains at most their
        /// best reduced cost, a person without one at most all positive ones.
        func lagrangianGain(_ duals: [Double]) -> Double {
            var gain = 0.0
            for (row, k) in people.enumerated() {
                var best = 0.0, sum = 0.0
                for e in g.pairs(of: k) where onFace(k, e) {
                    let d = Double(g.quality[e]) - personDual(row, duals) - duals[partnerRow(e)]
                    best = max(best, d)
                    sum += max(0, d)
                }
                gain += personRow[row] >= 0 ? best : sum
            }
            return gain
        }
        return result
    }
}

/// Connected components of the pairs that can be in a maximum matching.
struct Components {
    private var lists: [[Int]]

    init(_ g: PairingGraph, _ matching: MaximumMatching) {
        let n = g.people.count, m = g.partners.count
        var parent = Array(0..<(n + m))
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        var hasPair = [Bool](repeating: false, count: n)
        for k in 0..<n {
            for e in g.pairs(of: k) where matching.canBeInMaximum(mentee: k, mentor: Int(g.partner[e])) {
                hasPair[k] = true
                let a = find(k), b = find(n + Int(g.partner[e]))
                if a != b { parent[max(a, b)] = min(a, b) }
            }
        }
        var index: [Int: Int] = [:]
        var lists: [[Int]] = []
        for k in 0..<n where hasPair[k] {
            let r = find(k)
            if let c = index[r] { lists[c].append(k) } else { index[r] = lists.count; lists.append([k]) }
        }
        self.lists = lists
    }

    var count: Int { lists.count }
    func people(_ c: Int) -> [Int] { lists[c] }
    func size(_ c: Int) -> Int { lists[c].count }
}
