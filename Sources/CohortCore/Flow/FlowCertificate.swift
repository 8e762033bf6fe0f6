/// An LP solver's proof that a `NetworkSimplex` answer is optimal, from the
/// engine's own basis (docs/mentoring.md §3.4).
///
/// The LP is the flow problem itself: a row per node (flow out − flow in =
/// supply, fixed) and a column per arc given (0 ≤ x ≤ capacity, the arc's
/// cost). Its basis is the engine's spanning tree: tree arcs basic, the other
/// arcs at the bound they sit at, and a node's row auxiliary basic exactly
/// when the node hangs from the root by its artificial arc pointing up (cost 0:
/// the same dual as the engine's). An artificial arc pointing down
/// (cost `artificialCost`) becomes a column fixed at 0. The solver factorizes
/// that basis, reports whether it is primal and dual feasible — both mean
/// optimal, which is the certificate — and then runs its simplex from it, so
/// that a basis which is not optimal (or any numerical slack) is repaired by
/// the solver itself, pivot by pivot.
public struct FlowCertificate: Sendable {
    /// What the solver found about the engine's basis before any pivot.
    public var basis: BasisCheck
    /// How the solver's simplex from that basis ended.
    public var termination: SolveTermination
    /// Simplex pivots made from the engine's basis (0 for an optimal one).
    public var pivots: Int
    /// The LP's optimum (Σ cost · flow over the columns), when it ended optimal.
    public var objective: Double?
    /// −(row dual) per node, when it ended optimal: the potentials of the
    /// solver's final basis (the engine's own when no pivot was made).
    public var potentials: [Int64]?
    /// The solver's flow per arc given (same order), when it ended optimal.
    public var flows: [Int64]?
    public var rows: Int
    public var columns: Int
    public var seconds: Double

    /// The engine's basis was optimal and the solver agreed without a pivot.
    public var confirmed: Bool { basis.isOptimal && termination == .optimal && pivots == 0 }
}

extension NetworkSimplex {
    /// Asks `solver` to certify the current basis over the LP with the
    /// columns `arcs` (every tree arc and every arc at its upper bound must be
    /// among them; arcs left out sit at 0 and are the caller's to price).
    /// `fixed(k)`: arc k is fixed at 0 in the LP (a forbidden pair).
    public func certify(arcs: [Int], fixed: (Int) -> Bool = { _ in false }, solver: any LinearSolver,
                        timeLimit: Double? = nil, iterationLimit: Int? = nil) throws(SolverError) -> FlowCertificate {
        let clock = Stopwatch()
        let (model, rowStatus, columnStatus) = certificateModel(arcs: arcs, fixed: fixed)
        let session = try solver.makeSession(for: model)
        try session.setBasis(constraints: rowStatus, variables: columnStatus)
        let check = try session.checkBasis()
        let result = try session.solve(options: SolveOptions(method: .simplex, timeLimit: timeLimit.map { max(0.001, $0 - clock.seconds) },
                                                             simplexAlgorithm: .primal, iterationLimit: iterationLimit))
        var certificate = FlowCertificate(basis: check, termination: result.termination, pivots: result.iterations ?? 0, objective: nil,
                                          potentials: nil, flows: nil, rows: model.constraintCount, columns: model.variableCount, seconds: 0)
        if result.termination == .optimal, let duals = result.rowDuals {
            certificate.objective = result.objective
            certificate.potentials = duals.map { Int64((-$0).rounded()) }
            certificate.flows = arcs.indices.map { Int64(result.values[$0].rounded()) }
        }
        certificate.seconds = clock.seconds
        return certificate
    }

    /// Whether an arc not in `arcs` (sorted; each at 0) has a negative reduced
    /// cost cost + π(source) − π(target) under `potentials` (one per node,
    /// e.g. a certificate's): it would improve the LP's optimum. When none
    /// has, the LP's optimum over `arcs` is optimal over every arc.
    public func hasNegativeArc(outside arcs: [Int], potentials: [Int64]) -> Bool {
        var next = 0
        for k in 0..<arcCount {
            if next < arcs.count && arcs[next] == k { next += 1; continue }
            let e = n + k
            precondition(flow[e] == 0, "arc \(k) left out of the LP carries flow \(flow[e])")
            if capacity[e] > 0 && cost[e] + potentials[Int(source[e])] - potentials[Int(target[e])] < 0 { return true }
        }
        return false
    }

    /// The LP of `certify` and the engine's basis as row and column statuses.
    func certificateModel(arcs: [Int], fixed: (Int) -> Bool) -> (LinearModel, [BasisStatus], [BasisStatus]) {
        // Artificial arcs pointing down in the tree become fixed columns.
        var downArtificial: [Int] = []
        var rowStatus = [BasisStatus](repeating: .atLower, count: n)
        for v in 0..<n where state[v] == Self.inTree {
            if Int(source[v]) == v { rowStatus[v] = .basic } else { downArtificial.append(v) }
        }
        var model = LinearModel(sense: .minimize)
        let columnCount = arcs.count + downArtificial.count
        model.reserveCapacity(variables: columnCount, constraints: n, nonzeros: 2 * arcs.count + downArtificial.count)
        var columnStatus: [BasisStatus] = []
        columnStatus.reserveCapacity(columnCount)
        var objective = LinearExpression()
        // Column entries per row: counting sort of (row, column, ±1).
        var count = [Int](repeating: 0, count: n + 1)
        for k in arcs where source[n + k] != target[n + k] {  // a loop's column is empty
            let e = n + k
            count[Int(source[e]) + 1] += 1
            count[Int(target[e]) + 1] += 1
        }
        for v in downArtificial { count[v + 1] += 1 }
        for v in 0..<n { count[v + 1] += count[v] }
        var fill = count
        var termVariables = [Variable](repeating: Variable(index: 0), count: count[n])
        var termCoefficients = [Double](repeating: 0, count: count[n])
        func put(_ row: Int, _ column: Int, _ coefficient: Double) {
            termVariables[fill[row]] = Variable(index: column)
            termCoefficients[fill[row]] = coefficient
            fill[row] += 1
        }
        for (c, k) in arcs.enumerated() {
            let e = n + k
            let isFixed = fixed(k)
            precondition(!isFixed || flow[e] == 0, "arc \(k) fixed at 0 carries flow \(flow[e])")
            _ = model.addVariable(VariableDefinition(lowerBound: 0, upperBound: isFixed ? 0 : Double(capacity[e])))
            if cost[e] != 0 { objective.add(Variable(index: c), Double(cost[e])) }
            if source[e] != target[e] {
                put(Int(source[e]), c, 1)
                put(Int(target[e]), c, -1)
            }
            switch state[e] {
            case Self.inTree: columnStatus.append(.basic)
            case Self.atUpper: columnStatus.append(isFixed ? .atLower : .atUpper)
            default: columnStatus.append(.atLower)
            }
        }
        for v in downArtificial {
            let c = model.addVariable(VariableDefinition(lowerBound: 0, upperBound: 0))
            objective.add(c, Double(artificialCost))
            put(v, c.index, -1)
            columnStatus.append(.basic)
        }
        model.minimize(objective)
        for v in 0..<n {
            model.addConstraint(variables: termVariables[count[v]..<count[v + 1]], coefficients: termCoefficients[count[v]..<count[v + 1]],
                                lowerBound: Double(supply[v]), upperBound: Double(supply[v]))
        }
        return (model, rowStatus, columnStatus)
    }
}
