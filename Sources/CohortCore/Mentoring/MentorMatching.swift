import Dispatch

/// A mentor pair chosen for the quarter.
public struct MentorPair: Sendable, Hashable {
    /// Member indices.
    public var mentee: Int
    public var mentor: Int
    /// Kept from last quarter.
    public var continuing: Bool
    /// The pair's quality (docs/mentoring.md).
    public var quality: Int
}

/// How one optimization phase ended, for summary.json and the report.
public struct PhaseOutcome: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable {
        /// Proven optimal.
        case optimal
        /// A feasible answer; the time limit stopped the proof (see `gap`).
        case feasible
        /// Nothing to decide.
        case empty
    }
    public var status: Status
    public var objective: Double
    public var bound: Double
    public var seconds: Double
    /// Relative gap between objective and bound (0 when optimal).
    public var gap: Double { abs(bound - objective) / max(1, abs(objective)) }
    /// Free-form facts: "lp_solves", "columns", "components", …
    public var details: [(String, Double)] = []

    public static func == (a: PhaseOutcome, b: PhaseOutcome) -> Bool {
        a.status == b.status && a.objective == b.objective && a.bound == b.bound
    }
    public func hash(into h: inout Hasher) { h.combine(status); h.combine(objective) }
}

/// Chooses the mentor pairs: first the largest number of matched mentees,
/// then the best total quality among those (SPEC §3.1). docs/mentoring.md
/// has the formulation; in short:
///
/// 1. Continuing pairs are fixed (`MentorCandidates`).
/// 2. Hopcroft–Karp finds the maximum number of matchable mentees k*, proven
///    by a König cover of the same size.
/// 3. Per connected component of the candidate graph, GLPK maximizes quality
///    subject to "at least k*_c pairs" by column generation: a restricted set
///    of candidate pairs, priced with the LP duals until no left-out pair has
///    a positive reduced cost — so the LP optimum is over *all* candidates.
///    The constraint matrix restricted to the max-cardinality face has
///    integral vertices, so the simplex optimum is a set of pairs.
public struct MentorMatching: Sendable {
    public var pairs: [MentorPair]
    /// Members who wanted a mentor and did not get one.
    public var unmatched: [Int]
    /// Phase 1: matched count (objective = bound = proven maximum, plus continuing pairs).
    public var cardinality: PhaseOutcome
    /// Phase 2: total quality minus load cost, and its bound.
    public var quality: PhaseOutcome

    /// Solves the pairing for `candidates` with `solver` (GLPK in production).
    /// Components are solved on `threads` threads; `timeLimit` bounds the
    /// whole quality phase (the best pairs found so far are returned with
    /// their proven gap).
    public static func solve(_ g: MentorCandidates, cohort: Cohort, solver: any LinearSolver,
                             timeLimit: Double? = nil, threads: Int = 2) throws(SolverError) -> MentorMatching {
        let clock = Stopwatch()
        let matching = MaximumMatching(g)
        precondition(matching.isProvenMaximum, "Hopcroft–Karp ended without a König certificate")
        let cardinalitySeconds = clock.seconds
        let components = Components(g, matching)

        let deadline = timeLimit.map { clock.seconds + $0 }
        let outcomes = UnsafeMutableBufferPointer<Result<ComponentSolution, SolverError>>.allocate(capacity: components.count)
        outcomes.initialize(repeating: .success(ComponentSolution()))
        defer { outcomes.deinitialize(); outcomes.deallocate() }
        let shared = SendableBuffer(outcomes)
        // Largest components first, handed out to the threads in turn.
        let order = (0..<components.count).sorted { components.size($0) > components.size($1) || (components.size($0) == components.size($1) && $0 < $1) }
        let next = AtomicCounter()
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, components.count))) { _ in
            while true {
                let t = next.increment()
                if t >= order.count { return }
                let c = order[t]
                do throws(SolverError) {
                    shared.buffer[c] = .success(try ComponentSolver(g: g, matching: matching, mentees: components.mentees(c), solver: solver, clock: clock, deadline: deadline).solve())
                } catch {
                    shared.buffer[c] = .failure(error)
                }
            }
        }

        var pairs: [MentorPair] = g.continuing.map { MentorPair(mentee: $0.mentee, mentor: $0.mentor, continuing: true, quality: Int(Self.continuingQuality(cohort, $0.mentee, $0.mentor))) }
        var objective = 0.0, bound = 0.0, solves = 0, columns = 0
        var proven = true
        for c in 0..<components.count {
            let s = try outcomes[c].get()
            for (k, e) in s.chosen {
                pairs.append(MentorPair(mentee: Int(g.mentees[k]), mentor: Int(g.mentors[Int(g.mentor[e])]), continuing: false, quality: Int(g.quality[e])))
            }
            objective += s.objective
            bound += s.bound
            solves += s.solves
            columns += s.columns
            proven = proven && s.proven
        }
        pairs.sort { $0.mentee < $1.mentee }
        let matched = Set(pairs.map(\.mentee))
        let rules = MentorRules(policy: cohort.policy)
        let unmatched = cohort.members.indices.filter { rules.isMentee(cohort.members[$0]) && !matched.contains($0) }
        let total = Double(matching.size + g.continuing.count)
        return MentorMatching(
            pairs: pairs, unmatched: unmatched,
            cardinality: PhaseOutcome(status: g.mentees.isEmpty && g.continuing.isEmpty ? .empty : .optimal, objective: total, bound: Double(matching.coverSize + g.continuing.count), seconds: cardinalitySeconds,
                                      details: [("continuing_pairs", Double(g.continuing.count)), ("candidate_pairs", Double(g.edgeCount))]),
            quality: PhaseOutcome(status: g.edgeCount == 0 ? .empty : (proven ? .optimal : .feasible), objective: objective, bound: bound, seconds: clock.seconds - cardinalitySeconds,
                                  details: [("components", Double(components.count)), ("lp_solves", Double(solves)), ("columns", Double(columns))]))
    }

    static func continuingQuality(_ cohort: Cohort, _ i: Int, _ j: Int) -> Int32 {
        let a = cohort.members[i], b = cohort.members[j]
        return MentorRules(policy: cohort.policy).quality(mentee: a, mentor: j, mentorMember: b,
            shared: a.interests.intersectionCount(b.skills), commonSlots: a.availability.intersectionCount(b.availability))
    }
}

/// The pairs chosen in one component, with the LP objective and bound.
struct ComponentSolution: Sendable {
    /// (mentee position, candidate edge)
    var chosen: [(Int, Int)] = []
    var objective = 0.0
    var bound = 0.0
    var proven = true
    var solves = 0
    var columns = 0
}

/// Column generation for one component (see `MentorMatching`).
struct ComponentSolver {
    let g: MentorCandidates
    let matching: MaximumMatching
    let mentees: [Int]
    let solver: any LinearSolver
    let clock: Stopwatch
    let deadline: Double?

    /// Columns priced in per mentee and round.
    static let columnsPerMentee = 2
    static let tolerance = 1e-6

    /// Whether candidate `e` of mentee `k` lies on the maximum-cardinality face.
    func onFace(_ k: Int, _ e: Int) -> Bool { matching.canBeInMaximum(mentee: k, mentor: Int(g.mentor[e])) }

    func solve() throws(SolverError) -> ComponentSolution {
        var result = ComponentSolution()
        // Mentors of the component, numbered locally.
        var local: [Int32: Int] = [:]
        var mentorList: [Int] = []
        for k in mentees {
            for e in g.candidates(of: k) where onFace(k, e) && local[g.mentor[e]] == nil {
                local[g.mentor[e]] = mentorList.count
                mentorList.append(Int(g.mentor[e]))
            }
        }
        // Rows: one per mentee (= 1 when every maximum matching matches it,
        // else ≤ 1), one per mentor (= capacity when every maximum matching
        // fills it, else Σx − extra ≤ 1).
        var model = LinearModel(sense: .maximize)
        model.reserveCapacity(constraints: mentees.count + mentorList.count)
        for k in mentees {
            _ = model.addConstraint(variables: [], coefficients: [], lowerBound: matching.menteeReachable[k] ? nil : 1, upperBound: 1)
        }
        var constantCost = 0.0
        for j in mentorList {
            if matching.mentorReachable[j] {
                _ = model.addConstraint(variables: [], coefficients: [], lowerBound: Double(g.capacity[j]), upperBound: Double(g.capacity[j]))
                constantCost += Double(MentorRules.extraMenteeCost) * Double(g.capacity[j] - 1)
            } else {
                _ = model.addConstraint(variables: [], coefficients: [], lowerBound: nil, upperBound: 1)
            }
        }
        let session = try solver.makeSession(for: model)
        // Extra places of mentors that may stay part-empty: a second and later
        // mentee costs more, which spreads load.
        var extras: [Column] = []
        for (p, j) in mentorList.enumerated() where g.capacity[j] > 1 && !matching.mentorReachable[j] {
            extras.append(Column(VariableDefinition(lowerBound: 0, upperBound: Double(g.capacity[j] - 1)),
                                 objective: -Double(MentorRules.extraMenteeCost),
                                 constraints: [ConstraintID(index: mentees.count + p)], coefficients: [-1]))
        }
        try session.addColumns(extras)

        var inModel = Set<Int>()  // candidate edges already columns
        var columnEdge: [Int] = []  // edge per pair variable, after the extras
        var columnMentee: [Int] = []  // mentee position per pair variable
        let firstPairVariable = extras.count
        func column(_ row: Int, _ e: Int) -> Column {
            Column(VariableDefinition(lowerBound: 0, upperBound: 1), objective: Double(g.quality[e]),
                   constraints: [ConstraintID(index: row), ConstraintID(index: mentees.count + local[g.mentor[e]]!)],
                   coefficients: [1, 1])
        }
        // Start: the maximum matching's pair (feasible for the equalities)
        // and each mentee's best candidates on the face.
        var initial: [Column] = []
        for (row, k) in mentees.enumerated() {
            var best = g.candidates(of: k).filter { onFace(k, $0) }
                .sorted { g.quality[$0] > g.quality[$1] || (g.quality[$0] == g.quality[$1] && $0 < $1) }
                .prefix(Self.columnsPerMentee)
            if matching.mentorOf[k] >= 0, let e = g.candidates(of: k).first(where: { g.mentor[$0] == matching.mentorOf[k] }), !best.contains(e) {
                best.append(e)
            }
            for e in best where inModel.insert(e).inserted {
                initial.append(column(row, e))
                columnEdge.append(e)
                columnMentee.append(k)
            }
        }
        try session.addColumns(initial)

        var last: SolveResult
        while true {
            let remaining = deadline.map { max(0.001, $0 - clock.seconds) }
            last = try session.solve(options: SolveOptions(method: .simplex, timeLimit: remaining, simplexAlgorithm: .primal))
            result.solves += 1
            guard last.termination == .optimal, let duals = last.rowDuals else {
                if last.termination == .timeLimit && last.hasSolution {
                    result.proven = false
                    break
                }
                throw .solverFailure(operation: "mentor pairs LP", output: "ended \(last.termination) after \(result.solves) solves")
            }
            // Pricing: the reduced cost of every candidate pair not yet in.
            var added: [Column] = []
            for (row, k) in mentees.enumerated() {
                var top: [(Double, Int)] = []
                let menteeDual = duals[row]
                for e in g.candidates(of: k) where onFace(k, e) && !inModel.contains(e) {
                    let d = Double(g.quality[e]) - menteeDual - duals[mentees.count + local[g.mentor[e]]!]
                    if d > Self.tolerance { top.append((d, e)) }
                }
                if top.isEmpty { continue }
                top.sort { $0.0 > $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
                for (_, e) in top.prefix(Self.columnsPerMentee) {
                    inModel.insert(e)
                    added.append(column(row, e))
                    columnEdge.append(e)
                    columnMentee.append(k)
                }
            }
            if added.isEmpty { break }
            if let deadline, clock.seconds >= deadline {
                result.proven = false
                break
            }
            try session.addColumns(added)
        }
        result.columns = columnEdge.count
        result.objective = (last.objective ?? 0) - constantCost
        result.bound = result.objective
        if !result.proven {
            if let duals = last.rowDuals {
                // Lagrangian bound: each mentee can gain at most its best reduced cost.
                var gain = 0.0
                for (row, k) in mentees.enumerated() {
                    var best = 0.0
                    for e in g.candidates(of: k) where onFace(k, e) {
                        best = max(best, Double(g.quality[e]) - duals[row] - duals[mentees.count + local[g.mentor[e]]!])
                    }
                    gain += best
                }
                result.bound = result.objective + gain
            } else {
                result.bound = result.objective + Double(mentees.count) * Double(g.quality.max() ?? 0)
            }
        }
        // Read the pairs: the LP optimum on this face is integral.
        for (c, e) in columnEdge.enumerated() where last.values[firstPairVariable + c] > 0.5 {
            result.chosen.append((columnMentee[c], e))
        }
        return result
    }
}

/// Connected components of the candidate graph (mentees and mentors).
struct Components {
    private var menteeLists: [[Int]]
    /// Components of the pairs that can be in a maximum matching.
    init(_ g: MentorCandidates, _ matching: MaximumMatching) {
        let n = g.mentees.count, m = g.mentors.count
        var parent = Array(0..<(n + m))
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        for k in 0..<n {
            for e in g.candidates(of: k) where matching.canBeInMaximum(mentee: k, mentor: Int(g.mentor[e])) {
                let a = find(k), b = find(n + Int(g.mentor[e]))
                if a != b { parent[max(a, b)] = min(a, b) }
            }
        }
        var index: [Int: Int] = [:]
        var lists: [[Int]] = []
        for k in 0..<n where g.candidates(of: k).contains(where: { matching.canBeInMaximum(mentee: k, mentor: Int(g.mentor[$0])) }) {
            let r = find(k)
            if let c = index[r] { lists[c].append(k) } else { index[r] = lists.count; lists.append([k]) }
        }
        menteeLists = lists
    }
    var count: Int { menteeLists.count }
    func mentees(_ c: Int) -> [Int] { menteeLists[c] }
    func size(_ c: Int) -> Int { menteeLists[c].count }
}

/// Wall-clock seconds since creation (monotonic).
public struct Stopwatch: Sendable {
    let start = DispatchTime.now().uptimeNanoseconds
    public init() {}
    public var seconds: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
}

/// A counter shared by worker threads.
final class AtomicCounter: @unchecked Sendable {
    private var value = 0
    private let lock = DispatchSemaphore(value: 1)
    func increment() -> Int {
        lock.wait()
        defer { lock.signal() }
        value += 1
        return value - 1
    }
}
