/// How to solve a model.
public struct SolveOptions: Sendable, Hashable {
    /// Which algorithm runs.
    public enum Method: Sendable, Hashable {
        /// Branch-and-cut when the model has integer/binary variables, otherwise simplex.
        case automatic
        /// The LP relaxation by simplex (integrality ignored).
        case simplex
        /// Mixed-integer branch-and-cut.
        case branchAndCut
    }

    /// Simplex flavour.
    public enum SimplexAlgorithm: Sendable, Hashable {
        case primal, dual
    }

    public var method: Method
    /// Wall-clock limit in seconds for the whole solve; `nil` = none.
    public var timeLimit: Double?
    /// MIP: stop once `|incumbent − bound| / |incumbent|` is at most this (0 = prove optimality).
    public var relativeGap: Double
    /// MIP: a solution to start from, one value per variable. It is checked for feasibility
    /// (see ``LinearModel/firstViolation(in:tolerance:)``) and, if feasible, offered to the solver
    /// as its first incumbent. Needs presolve off (the default when a start is given).
    public var startingSolution: [Double]?
    /// `nil`: the solver's default (GLPK: off for LP, on for MIP unless a starting solution is given).
    public var presolve: Bool?
    /// Dual (default; warm starts well after bound/row changes) or primal simplex.
    public var simplexAlgorithm: SimplexAlgorithm
    /// Echo the solver's log to stderr (never stdout).
    public var echo: Bool
    /// MIP: stop after this many branch-and-bound nodes. Unlike a time limit
    /// it stops at the same point on every machine, so results are repeatable.
    public var nodeLimit: Int?
    /// Simplex: stop after this many simplex iterations (a work budget: the same point on every
    /// machine). For a MIP it limits the root relaxation's solve when presolve is off.
    public var iterationLimit: Int?

    public init(
        method: Method = .automatic, timeLimit: Double? = nil, relativeGap: Double = 0,
        startingSolution: [Double]? = nil, presolve: Bool? = nil,
        simplexAlgorithm: SimplexAlgorithm = .dual, echo: Bool = false, nodeLimit: Int? = nil,
        iterationLimit: Int? = nil
    ) {
        self.nodeLimit = nodeLimit
        self.iterationLimit = iterationLimit
        self.method = method
        self.timeLimit = timeLimit
        self.relativeGap = relativeGap
        self.startingSolution = startingSolution
        self.presolve = presolve
        self.simplexAlgorithm = simplexAlgorithm
        self.echo = echo
    }
}

/// Why a solve stopped. Whether values are usable is ``SolveResult/hasSolution``.
public enum SolveTermination: Sendable, Hashable {
    /// Proven optimal (MIP: within ``SolveOptions/relativeGap``; see ``SolveResult/relativeGap``).
    case optimal
    /// The time limit stopped the search; there may or may not be a solution.
    case timeLimit
    /// The node limit stopped a MIP search; there may or may not be a solution.
    case nodeLimit
    /// The iteration limit stopped the simplex; there may or may not be a solution.
    case iterationLimit
    /// Proven to have no feasible solution.
    case infeasible
    /// Feasible with an objective that improves without limit.
    case unbounded
    /// The LP relaxation has no dual-feasible solution: unbounded if feasible, but feasibility
    /// was not established (GLPK presolvers, or a MIP whose relaxation is unbounded).
    case infeasibleOrUnbounded
    /// The solver gave up for numerical reasons (singular/ill-conditioned basis, solver failure).
    case numericalFailure
}

/// The outcome of a solve. Values are indexed by ``Variable/index``, duals by ``ConstraintID/index``.
public struct SolveResult: Sendable {
    public var termination: SolveTermination
    /// True when ``values`` hold a feasible solution (optimal or not).
    public var hasSolution: Bool
    /// Objective value of ``values`` (including the objective constant); `nil` without a solution.
    public var objective: Double?
    /// Best proven bound on the optimum (MIP: from the open branch-and-bound nodes; LP: the objective
    /// when optimal); `nil` when unknown.
    public var bestBound: Double?
    /// `|objective − bestBound| / (|objective| + ε)`; `nil` when either is unknown.
    public var relativeGap: Double?
    /// Wall-clock seconds spent in the solve call (including building the solver's copy).
    public var wallSeconds: Double
    /// Primal values, one per variable; empty without a solution.
    public var values: [Double]
    /// LP only, at optimality: the dual value (shadow price) of each constraint.
    public var rowDuals: [Double]?
    /// LP only, at optimality: the reduced cost of each variable.
    public var reducedCosts: [Double]?
    /// MIP with a starting solution: whether the solver took it as an incumbent. `false` when it
    /// was infeasible, not better than the incumbent, or the search ended before offering it.
    public var startingSolutionAccepted: Bool?
    /// LP: simplex pivots this solve made (0 when it started at an optimal basis).
    public var iterations: Int?

    public init(
        termination: SolveTermination, hasSolution: Bool, objective: Double?, bestBound: Double?,
        relativeGap: Double?, wallSeconds: Double, values: [Double], rowDuals: [Double]? = nil,
        reducedCosts: [Double]? = nil, startingSolutionAccepted: Bool? = nil, iterations: Int? = nil
    ) {
        self.iterations = iterations
        self.termination = termination
        self.hasSolution = hasSolution
        self.objective = objective
        self.bestBound = bestBound
        self.relativeGap = relativeGap
        self.wallSeconds = wallSeconds
        self.values = values
        self.rowDuals = rowDuals
        self.reducedCosts = reducedCosts
        self.startingSolutionAccepted = startingSolutionAccepted
    }

    /// The value of `variable` (requires ``hasSolution``).
    public subscript(variable: Variable) -> Double { values[variable.index] }

    /// The value of `expression` under ``values`` (requires ``hasSolution``).
    public func value(of expression: LinearExpression) -> Double { expression.value(at: values) }

    /// The dual value of a constraint, when available.
    public func dual(of constraint: ConstraintID) -> Double? { rowDuals?[constraint.index] }
}

/// A solver for ``LinearModel``s, injected into core algorithms so the core stays free of any
/// solver library.
public protocol LinearSolver: Sendable {
    /// Solves `model` from scratch. Validates it first; infeasible/unbounded/time-limited
    /// outcomes are results, not errors.
    func solve(_ model: LinearModel, options: SolveOptions) throws(SolverError) -> SolveResult

    /// Makes an incremental LP session starting from `model` (its integrality is ignored).
    /// Sessions may be bound to the calling thread (GLPK's are): see the implementation.
    func makeSession(for model: LinearModel) throws(SolverError) -> any LinearProgramSession
}

extension LinearSolver {
    /// Solves with default options.
    public func solve(_ model: LinearModel) throws(SolverError) -> SolveResult {
        try solve(model, options: SolveOptions())
    }
}

/// A new column for a session: its definition, objective coefficient and sparse entries in
/// existing constraints.
public struct Column: Sendable {
    public var definition: VariableDefinition
    public var objective: Double
    /// Rows with a nonzero entry, parallel to ``coefficients``; each row at most once.
    public var constraints: [ConstraintID]
    public var coefficients: [Double]

    public init(_ definition: VariableDefinition = VariableDefinition(), objective: Double, constraints: [ConstraintID], coefficients: [Double]) {
        precondition(constraints.count == coefficients.count, "Column: \(constraints.count) rows but \(coefficients.count) coefficients")
        self.definition = definition
        self.objective = objective
        self.constraints = constraints
        self.coefficients = coefficients
    }

    public init(_ definition: VariableDefinition = VariableDefinition(), objective: Double, entries: [(ConstraintID, Double)]) {
        self.init(definition, objective: objective, constraints: entries.map(\.0), coefficients: entries.map(\.1))
    }
}

/// The status of a variable or a constraint's activity in a simplex basis.
public enum BasisStatus: Sendable, Hashable {
    case basic
    /// Non-basic at its lower bound (or at its only bound).
    case atLower
    /// Non-basic at its upper bound.
    case atUpper
}

/// What a solver found about the basis set with ``LinearProgramSession/setBasis(constraints:variables:)``,
/// before any pivot: the basic solution it defines and whether it is feasible for the primal and for
/// the dual. Both feasible: the basis is optimal.
public struct BasisCheck: Sendable, Hashable {
    /// The basis matrix could be factorized (not singular or ill-conditioned).
    public var factorized: Bool
    public var primalFeasible: Bool
    public var dualFeasible: Bool
    public var isOptimal: Bool { factorized && primalFeasible && dualFeasible }

    public init(factorized: Bool, primalFeasible: Bool, dualFeasible: Bool) {
        self.factorized = factorized
        self.primalFeasible = primalFeasible
        self.dualFeasible = dualFeasible
    }
}

/// An LP kept alive between solves, for column generation and similar loops: change it, then
/// re-solve warm-started from the previous basis. Always solves the LP relaxation.
/// Not `Sendable`: implementations may require use on one thread.
public protocol LinearProgramSession: AnyObject {
    var variableCount: Int { get }
    var constraintCount: Int { get }

    /// Adds one variable with its objective coefficient and column entries.
    @discardableResult
    func addColumn(_ column: Column) throws(SolverError) -> Variable

    /// Adds variables in bulk (all validated before any is added); returns them in order.
    @discardableResult
    func addColumns(_ columns: [Column]) throws(SolverError) -> [Variable]

    /// Changes the objective coefficient of a variable.
    func setObjectiveCoefficient(of variable: Variable, to value: Double) throws(SolverError)

    /// Changes a variable's bounds (`nil` = unbounded on that side).
    func setBounds(of variable: Variable, lower: Double?, upper: Double?) throws(SolverError)

    /// Adds a constraint over existing variables (duplicates in its expression are summed).
    @discardableResult
    func add(_ constraint: Constraint) throws(SolverError) -> ConstraintID

    /// Sets the starting basis: a status per constraint and per variable.
    /// Exactly `constraintCount` entries must be `.basic` and the basis matrix
    /// must be non-singular; otherwise the solver falls back to a basis of its own.
    func setBasis(constraints: [BasisStatus], variables: [BasisStatus]) throws(SolverError)

    /// Re-solves the LP warm-started from the last basis. `method` must not be
    /// `.branchAndCut`, and `startingSolution`/`presolve: true` are not supported.
    func solve(options: SolveOptions) throws(SolverError) -> SolveResult

    /// Factorizes the current basis and reports whether its basic solution is primal and
    /// dual feasible, without pivoting (GLPK: `glp_warm_up`).
    func checkBasis() throws(SolverError) -> BasisCheck
}

extension LinearProgramSession {
    /// Solvers that cannot inspect a basis say so.
    public func checkBasis() throws(SolverError) -> BasisCheck {
        throw .invalidOptions("this solver does not check a basis")
    }

    /// Re-solves with default options (dual simplex).
    public func solve() throws(SolverError) -> SolveResult { try solve(options: SolveOptions()) }
}
