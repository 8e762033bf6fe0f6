// Every glp_* call of the Swift code lives in this file. GLPK aborts the process on misuse, so
// models are validated first and the calls that can still fail (matrix loads, simplex,
// branch-and-cut) go through CGLPKGuard, which turns a fatal error into COHORT_GLPK_FATAL.

import CGLPK
import CGLPKGuard
import CohortCore

/// ``LinearSolver`` backed by GLPK 5 (simplex and branch-and-cut).
///
/// `solve` is safe to call from any thread and concurrently: it builds, solves and frees a
/// GLPK problem within the call, and GLPK keeps its state per thread. Sessions are different:
/// see ``GLPKSession``.
///
/// **No solve runs without a deadline.** A call without ``SolveOptions/timeLimit`` gets
/// `fallbackTimeLimit`: GLPK's `tm_lim` for the simplex, and the branch-and-cut callback's
/// `glp_ios_terminate` for a MIP (GLPK's own MIP time limit is checked only between nodes).
public struct GLPKSolver: LinearSolver {
    /// Seconds a call may take when its options set no time limit.
    public var fallbackTimeLimit: Double

    public init(fallbackTimeLimit: Double = 600) { self.fallbackTimeLimit = fallbackTimeLimit }

    /// `options` with the fallback time limit when they set none.
    func bounded(_ options: SolveOptions) -> SolveOptions {
        var o = options
        if o.timeLimit == nil { o.timeLimit = fallbackTimeLimit }
        return o
    }

    public func solve(_ model: LinearModel, options given: SolveOptions) throws(SolverError) -> SolveResult {
        let started = cohort_glpk_now()
        let options = bounded(given)
        try model.validate()
        try GLPKProblem.check(options, variableCount: model.variableCount)
        let problem = GLPKProblem()
        try problem.load(model)
        let useMIP: Bool
        switch options.method {
        case .automatic: useMIP = model.hasIntegerVariables
        case .simplex: useMIP = false
        case .branchAndCut: useMIP = true
        }
        if useMIP {
            return try problem.solveMIP(model, options: options, started: started)
        }
        if options.startingSolution != nil {
            throw .invalidOptions("a starting solution is only used by branch-and-cut")
        }
        return try problem.solveLP(options: options, presolve: options.presolve ?? false, started: started)
    }

    public func makeSession(for model: LinearModel) throws(SolverError) -> any LinearProgramSession {
        try GLPKSession(model, fallbackTimeLimit: fallbackTimeLimit)
    }
}

/// An incremental GLPK LP (column generation): the problem and its basis stay alive between
/// solves, and each ``solve(options:)`` warm-starts from the last basis.
///
/// **Thread-bound.** GLPK keeps its environment in thread-local storage, so a session must be
/// used — and released — on the thread that made it. Calls from another thread throw
/// ``SolverError/sessionUnusable(_:)``; a session released on another thread leaks its problem
/// instead of corrupting GLPK. In Swift concurrency, create and use it within one synchronous
/// stretch of code (no `await` in between), or on a dedicated thread. A GLPK fatal error on the
/// thread (``SolverError/solverFailure(operation:output:)``) invalidates all of its sessions.
public final class GLPKSession: LinearProgramSession {
    private let problem: GLPKProblem
    /// Scratch for duplicate-row checks: rowMark[i] == stamp when row i was seen in this column.
    private var rowMark: [UInt32] = []
    private var stamp: UInt32 = 0
    /// Seconds a solve may take when its options set no time limit (see ``GLPKSolver``).
    public let fallbackTimeLimit: Double

    /// Makes a session from `model` (validated; integrality ignored).
    public init(_ model: LinearModel, fallbackTimeLimit: Double = 600) throws(SolverError) {
        self.fallbackTimeLimit = fallbackTimeLimit
        try model.validate()
        problem = GLPKProblem()
        try problem.load(model, integrality: false)
    }

    public var variableCount: Int { problem.columnCount }
    public var constraintCount: Int { problem.rowCount }

    @discardableResult
    public func addColumn(_ column: Column) throws(SolverError) -> Variable {
        try addColumns([column])[0]
    }

    @discardableResult
    public func addColumns(_ columns: [Column]) throws(SolverError) -> [Variable] {
        try problem.checkUsable()
        let first = problem.columnCount
        let m = problem.rowCount
        if first + columns.count > LinearModelLimits.maxRowsOrColumns {
            throw .invalidModel(.tooLarge("\(first + columns.count) variables"))
        }
        if rowMark.count < m { rowMark = Array(repeating: 0, count: m); stamp = 0 }
        for (offset, column) in columns.enumerated() {
            let variable = Variable(index: first + offset)
            if let reason = column.definition.boundsIssue {
                throw .invalidModel(.invalidVariableBounds(variable, name: column.definition.name, reason: reason))
            }
            if !column.objective.isFinite {
                throw .invalidModel(.invalidCoefficient(column.objective, variable: variable, constraint: nil))
            }
            stamp &+= 1
            if stamp == 0 { for i in rowMark.indices { rowMark[i] = 0 }; stamp = 1 }
            for k in column.constraints.indices {
                let row = column.constraints[k]
                guard row.index >= 0, row.index < m else { throw .invalidModel(.constraintOutOfRange(row, constraintCount: m)) }
                guard column.coefficients[k].isFinite else {
                    throw .invalidModel(.invalidCoefficient(column.coefficients[k], variable: variable, constraint: row))
                }
                if rowMark[row.index] == stamp { throw .invalidModel(.duplicateVariable(variable, constraint: row)) }
                rowMark[row.index] = stamp
            }
        }
        return try problem.appendColumns(columns)
    }

    public func setObjectiveCoefficient(of variable: Variable, to value: Double) throws(SolverError) {
        try problem.checkUsable()
        try checkRange(variable)
        guard value.isFinite else { throw .invalidModel(.invalidCoefficient(value, variable: variable, constraint: nil)) }
        problem.setObjectiveCoefficient(column: variable.index, value)
    }

    public func setBounds(of variable: Variable, lower: Double?, upper: Double?) throws(SolverError) {
        try problem.checkUsable()
        try checkRange(variable)
        let definition = VariableDefinition(kind: .continuous, lowerBound: lower, upperBound: upper)
        if let reason = definition.boundsIssue {
            throw .invalidModel(.invalidVariableBounds(variable, name: nil, reason: reason))
        }
        let (lo, up) = definition.resolvedBounds
        problem.setColumnBounds(column: variable.index, lo, up)
    }

    @discardableResult
    public func add(_ constraint: Constraint) throws(SolverError) -> ConstraintID {
        try problem.checkUsable()
        let merged = Constraint(constraint.expression.merged(), lowerBound: constraint.lowerBound, upperBound: constraint.upperBound, name: constraint.name)
        let id = ConstraintID(index: problem.rowCount)
        if id.index >= LinearModelLimits.maxRowsOrColumns { throw .invalidModel(.tooLarge("\(id.index + 1) constraints")) }
        try LinearModel.validate(merged, id: id, variableCount: problem.columnCount)
        try problem.appendRow(merged)
        return id
    }

    public func setBasis(constraints: [BasisStatus], variables: [BasisStatus]) throws(SolverError) {
        try problem.checkUsable()
        guard constraints.count == problem.rowCount, variables.count == problem.columnCount else {
            throw .invalidOptions("basis has \(constraints.count) constraint and \(variables.count) variable statuses for \(problem.rowCount) and \(problem.columnCount)")
        }
        let basic = constraints.count { $0 == .basic } + variables.count { $0 == .basic }
        guard basic == constraints.count else {
            throw .invalidOptions("basis has \(basic) basic entries for \(constraints.count) constraints")
        }
        problem.setBasis(rows: constraints, columns: variables)
    }

    public func checkBasis() throws(SolverError) -> BasisCheck {
        try problem.checkUsable()
        return problem.warmUp()
    }

    public func solve(options given: SolveOptions) throws(SolverError) -> SolveResult {
        let started = cohort_glpk_now()
        var options = given
        if options.timeLimit == nil { options.timeLimit = fallbackTimeLimit }
        try problem.checkUsable()
        if options.method == .branchAndCut { throw .invalidOptions("a session solves LPs only; use GLPKSolver.solve for branch-and-cut") }
        if options.startingSolution != nil { throw .invalidOptions("a session warm-starts from its basis; starting solutions are for branch-and-cut") }
        if options.presolve == true { throw .invalidOptions("presolve would discard the session's basis") }
        try GLPKProblem.check(options, variableCount: problem.columnCount)
        return try problem.solveLP(options: options, presolve: false, started: started)
    }

    private func checkRange(_ variable: Variable) throws(SolverError) {
        guard variable.index >= 0, variable.index < problem.columnCount else {
            throw .invalidModel(.variableOutOfRange(variable, constraint: nil, variableCount: problem.columnCount))
        }
    }
}

/// Owns one `glp_prob*`. Freed in `deinit` only on its own thread and only if no fatal error
/// freed the thread's GLPK environment since it was made (then GLPK already freed it).
final class GLPKProblem {
    let handle: OpaquePointer
    private let generation: UInt
    private let thread: UnsafeRawPointer?

    init() {
        cohort_glpk_install_hooks()
        handle = glp_create_prob()
        generation = UInt(cohort_glpk_generation())
        thread = cohort_glpk_thread_token()
    }

    deinit {
        if isUsable { glp_delete_prob(handle) }
    }

    private var isUsable: Bool {
        cohort_glpk_thread_token() == thread && UInt(cohort_glpk_generation()) == generation
    }

    func checkUsable() throws(SolverError) {
        if cohort_glpk_thread_token() != thread {
            throw .sessionUnusable("GLPK objects are thread-local; this one was made on another thread")
        }
        if UInt(cohort_glpk_generation()) != generation {
            throw .sessionUnusable("an earlier GLPK fatal error on this thread freed it")
        }
    }

    var rowCount: Int { Int(glp_get_num_rows(handle)) }
    var columnCount: Int { Int(glp_get_num_cols(handle)) }

    static func check(_ options: SolveOptions, variableCount: Int) throws(SolverError) {
        if let limit = options.timeLimit, !(limit >= 0) { throw .invalidOptions("time limit \(limit) s") }
        if let limit = options.iterationLimit, limit < 0 { throw .invalidOptions("iteration limit \(limit)") }
        if !(options.relativeGap >= 0) || !options.relativeGap.isFinite { throw .invalidOptions("relative gap \(options.relativeGap)") }
        if let start = options.startingSolution {
            if start.count != variableCount {
                throw .invalidOptions("starting solution has \(start.count) values for \(variableCount) variables")
            }
            if let j = start.firstIndex(where: { !$0.isFinite }) {
                throw .invalidOptions("starting solution value \(start[j]) for variable x\(j)")
            }
        }
    }

    // MARK: Building

    /// Copies a validated model into the problem.
    func load(_ model: LinearModel, integrality: Bool = true) throws(SolverError) {
        glp_set_obj_dir(handle, model.sense == .minimize ? GLP_MIN : GLP_MAX)
        let m = model.constraintCount, n = model.variableCount
        if m > 0 { glp_add_rows(handle, Int32(m)) }
        if n > 0 { glp_add_cols(handle, Int32(n)) }
        for (j, definition) in model.variables.enumerated() {
            let (lower, upper) = definition.resolvedBounds
            setColumnBounds(column: j, lower, upper)
            if integrality, definition.kind != .continuous { glp_set_col_kind(handle, Int32(j + 1), GLP_IV) }
        }
        var costs = [Double](repeating: 0, count: n)
        for k in model.objective.variables.indices {
            costs[model.objective.variables[k].index] += model.objective.coefficients[k]
        }
        for j in 0 ..< n where costs[j] != 0 { glp_set_obj_coef(handle, Int32(j + 1), costs[j]) }
        glp_set_obj_coef(handle, 0, model.objective.constant)
        for i in 0 ..< m { setRowBounds(row: i, model.rowLowerBounds[i], model.rowUpperBounds[i]) }

        // Triplets, 1-based with an unused slot 0 as GLPK wants; zeros skipped.
        let nonzeros = model.termCoefficients.reduce(0) { $1 != 0 ? $0 + 1 : $0 }
        guard nonzeros > 0 else { return }
        var ia = [Int32](repeating: 0, count: nonzeros + 1)
        var ja = [Int32](repeating: 0, count: nonzeros + 1)
        var ar = [Double](repeating: 0, count: nonzeros + 1)
        var k = 1
        for i in 0 ..< m {
            for t in model.rowStarts[i] ..< model.rowStarts[i + 1] where model.termCoefficients[t] != 0 {
                ia[k] = Int32(i + 1)
                ja[k] = Int32(model.termVariables[t].index + 1)
                ar[k] = model.termCoefficients[t]
                k += 1
            }
        }
        let outcome = cohort_glpk_load_matrix(handle, Int32(nonzeros), ia, ja, ar)
        try Self.check(outcome, "glp_load_matrix")
    }

    func setColumnBounds(column j: Int, _ lower: Double, _ upper: Double) {
        let (type, lo, up) = Self.boundType(lower, upper)
        glp_set_col_bnds(handle, Int32(j + 1), type, lo, up)
    }

    func setRowBounds(row i: Int, _ lower: Double, _ upper: Double) {
        let (type, lo, up) = Self.boundType(lower, upper)
        glp_set_row_bnds(handle, Int32(i + 1), type, lo, up)
    }

    func setObjectiveCoefficient(column j: Int, _ value: Double) {
        glp_set_obj_coef(handle, Int32(j + 1), value)
    }

    private static func boundType(_ lower: Double, _ upper: Double) -> (Int32, Double, Double) {
        switch (lower > -.infinity, upper < .infinity) {
        case (false, false): return (GLP_FR, 0, 0)
        case (true, false): return (GLP_LO, lower, 0)
        case (false, true): return (GLP_UP, 0, upper)
        case (true, true): return (lower == upper ? GLP_FX : GLP_DB, lower, upper)
        }
    }

    /// Appends validated columns (continuous: sessions solve LPs).
    func appendColumns(_ columns: [Column]) throws(SolverError) -> [Variable] {
        guard !columns.isEmpty else { return [] }
        let first = columnCount
        glp_add_cols(handle, Int32(columns.count))
        var ind: [Int32] = [0]
        var val: [Double] = [0]
        for (offset, column) in columns.enumerated() {
            let j = first + offset
            let (lower, upper) = column.definition.resolvedBounds
            setColumnBounds(column: j, lower, upper)
            if column.objective != 0 { setObjectiveCoefficient(column: j, column.objective) }
            ind.removeSubrange(1...)
            val.removeSubrange(1...)
            for k in column.constraints.indices where column.coefficients[k] != 0 {
                ind.append(Int32(column.constraints[k].index + 1))
                val.append(column.coefficients[k])
            }
            if ind.count > 1 {
                try Self.check(cohort_glpk_set_mat_col(handle, Int32(j + 1), Int32(ind.count - 1), ind, val), "glp_set_mat_col")
            }
        }
        return (first ..< first + columns.count).map(Variable.init(index:))
    }

    /// Appends a validated, merged constraint.
    func appendRow(_ constraint: Constraint) throws(SolverError) {
        let i = rowCount
        glp_add_rows(handle, 1)
        setRowBounds(row: i, constraint.lowerBound ?? -.infinity, constraint.upperBound ?? .infinity)
        let terms = constraint.expression
        guard terms.termCount > 0 else { return }
        let ind = [0] + terms.variables.map { Int32($0.index + 1) }
        let val = [0] + terms.coefficients
        try Self.check(cohort_glpk_set_mat_row(handle, Int32(i + 1), Int32(terms.termCount), ind, val), "glp_set_mat_row")
    }

    private static func check(_ outcome: cohort_glpk_outcome, _ operation: String) throws(SolverError) {
        if outcome == COHORT_GLPK_FATAL {
            throw .solverFailure(operation: operation, output: String(cString: cohort_glpk_last_output()))
        }
    }

    // MARK: Solving

    private static func milliseconds(until deadline: Double?) -> Int32 {
        guard let deadline else { return Int32.max }
        let ms = (deadline - cohort_glpk_now()) * 1000
        return Int32(max(1, min(ms.rounded(.up), Double(Int32.max - 1))))
    }

    /// Sets every row and column status (glp_set_row_stat / glp_set_col_stat
    /// map a non-basic status to the bound the variable has).
    func setBasis(rows: [BasisStatus], columns: [BasisStatus]) {
        func code(_ s: BasisStatus) -> Int32 {
            switch s {
            case .basic: GLP_BS
            case .atLower: GLP_NL
            case .atUpper: GLP_NU
            }
        }
        for (i, s) in rows.enumerated() { glp_set_row_stat(handle, Int32(i + 1), code(s)) }
        for (j, s) in columns.enumerated() { glp_set_col_stat(handle, Int32(j + 1), code(s)) }
    }

    /// glp_warm_up: factorizes the basis and computes its primal and dual values and statuses.
    func warmUp() -> BasisCheck {
        guard rowCount > 0 else { return BasisCheck(factorized: true, primalFeasible: true, dualFeasible: true) }
        let ret = glp_warm_up(handle)
        guard ret == 0 else { return BasisCheck(factorized: false, primalFeasible: false, dualFeasible: false) }
        return BasisCheck(factorized: true, primalFeasible: glp_get_prim_stat(handle) == GLP_FEAS,
                          dualFeasible: glp_get_dual_stat(handle) == GLP_FEAS)
    }

    /// Runs glp_simplex; on a bad or singular basis retries once from an advanced basis.
    private func runSimplex(_ options: SolveOptions, presolve: Bool, deadline: Double?) throws(SolverError) -> Int32 {
        cohort_glpk_set_echo(options.echo ? 1 : 0)
        var parm = glp_smcp()
        glp_init_smcp(&parm)
        parm.msg_lev = options.echo ? GLP_MSG_ON : GLP_MSG_OFF
        switch options.simplexAlgorithm {
        case .dual:
            parm.meth = GLP_DUALP       // dual simplex, falling back to primal if it fails
            parm.r_test = GLP_RT_FLIP   // long-step ("bound flipping") ratio test
        case .primal:
            parm.meth = GLP_PRIMAL
            parm.r_test = GLP_RT_HAR
        }
        // GLPK's presolver rejects empty problems; nothing to presolve there anyway.
        parm.presolve = presolve && rowCount > 0 && columnCount > 0 ? GLP_ON : GLP_OFF
        if let limit = options.iterationLimit { parm.it_lim = Int32(clamping: max(0, limit)) }
        var ret: Int32 = 0
        for attempt in 0 ..< 2 {
            parm.tm_lim = Self.milliseconds(until: deadline)
            try Self.check(cohort_glpk_simplex(handle, &parm, &ret), "glp_simplex")
            guard attempt == 0, ret == GLP_EBADB || ret == GLP_ESING || ret == GLP_ECOND else { break }
            glp_adv_basis(handle, 0)
        }
        return ret
    }

    func solveLP(options: SolveOptions, presolve: Bool, started: Double) throws(SolverError) -> SolveResult {
        let deadline = options.timeLimit.map { started + $0 }
        let pivotsBefore = glp_get_it_cnt(handle)
        let ret = try runSimplex(options, presolve: presolve, deadline: deadline)
        let pivots = Int(glp_get_it_cnt(handle) - pivotsBefore)
        let status = glp_get_status(handle)
        let primalFeasible = glp_get_prim_stat(handle) == GLP_FEAS
        var termination: SolveTermination
        switch ret {
        case 0:
            switch status {
            case GLP_OPT: termination = .optimal
            case GLP_NOFEAS: termination = .infeasible
            case GLP_UNBND: termination = .unbounded
            default:
                termination = glp_get_dual_stat(handle) == GLP_NOFEAS
                    ? (primalFeasible ? .unbounded : .infeasibleOrUnbounded)
                    : (glp_get_prim_stat(handle) == GLP_NOFEAS ? .infeasible : .numericalFailure)
            }
        case GLP_ETMLIM: termination = .timeLimit
        case GLP_EITLIM: termination = .iterationLimit
        case GLP_ENOPFS: termination = .infeasible
        case GLP_ENODFS: termination = .infeasibleOrUnbounded
        default: termination = .numericalFailure
        }
        if termination == .timeLimit || termination == .iterationLimit, status == GLP_OPT { termination = .optimal }
        let n = columnCount, m = rowCount
        let hasSolution = termination == .optimal || ((termination == .timeLimit || termination == .iterationLimit) && primalFeasible && !presolve)
        var values: [Double] = []
        var objective: Double?
        var duals: [Double]?
        var reducedCosts: [Double]?
        if hasSolution {
            values = (0 ..< n).map { glp_get_col_prim(handle, Int32($0 + 1)) }
            objective = glp_get_obj_val(handle)
            if termination == .optimal {
                duals = (0 ..< m).map { glp_get_row_dual(handle, Int32($0 + 1)) }
                reducedCosts = (0 ..< n).map { glp_get_col_dual(handle, Int32($0 + 1)) }
            }
        }
        let bound = termination == .optimal ? objective : nil
        return SolveResult(
            termination: termination, hasSolution: hasSolution, objective: objective, bestBound: bound,
            relativeGap: bound == nil ? nil : 0, wallSeconds: cohort_glpk_now() - started, values: values,
            rowDuals: duals, reducedCosts: reducedCosts, iterations: pivots)
    }

    func solveMIP(_ model: LinearModel, options: SolveOptions, started: Double) throws(SolverError) -> SolveResult {
        let deadline = options.timeLimit.map { started + $0 }
        let presolve = options.presolve ?? (options.startingSolution == nil)
        if presolve, options.startingSolution != nil {
            throw .invalidOptions("a starting solution needs presolve off (the presolved problem has other columns)")
        }
        // The start must be feasible and its integers exactly integral: GLPK checks neither.
        var start: [Double]?
        var startAccepted: Bool?
        if let given = options.startingSolution {
            startAccepted = false
            if model.firstViolation(in: given) == nil {
                var rounded = given
                for (j, definition) in model.variables.enumerated() where definition.kind != .continuous {
                    rounded[j] = rounded[j].rounded()
                }
                if model.firstViolation(in: rounded) == nil { start = [0] + rounded }
            }
        }
        func result(_ termination: SolveTermination) -> SolveResult {
            SolveResult(
                termination: termination, hasSolution: false, objective: nil, bestBound: nil, relativeGap: nil,
                wallSeconds: cohort_glpk_now() - started, values: [], startingSolutionAccepted: startAccepted)
        }
        if !presolve {
            // Without the MIP presolver glp_intopt needs an optimal basis of the relaxation.
            let ret = try runSimplex(options, presolve: false, deadline: deadline)
            if ret == GLP_ETMLIM { return result(.timeLimit) }
            if ret == GLP_EITLIM { return result(.iterationLimit) }
            switch glp_get_status(handle) {
            case GLP_OPT: break
            case GLP_NOFEAS: return result(.infeasible)
            case GLP_UNBND: return result(.infeasibleOrUnbounded)
            default:
                return result(glp_get_dual_stat(handle) == GLP_NOFEAS ? .infeasibleOrUnbounded : .numericalFailure)
            }
        }
        cohort_glpk_set_echo(options.echo ? 1 : 0)
        var parm = glp_iocp()
        glp_init_iocp(&parm)
        parm.msg_lev = options.echo ? GLP_MSG_ON : GLP_MSG_OFF
        parm.presolve = presolve ? GLP_ON : GLP_OFF
        parm.mip_gap = options.relativeGap
        parm.tm_lim = Self.milliseconds(until: deadline)
        var control = cohort_mip_control()
        control.deadline = deadline ?? 0
        control.node_limit = Int32(clamping: options.nodeLimit ?? 0)
        control.n = Int32(model.variableCount)
        var ret: Int32 = 0
        let outcome = (start ?? []).withUnsafeBufferPointer { buffer in
            control.start = start == nil ? nil : buffer.baseAddress
            return cohort_glpk_intopt(handle, &parm, &control, &ret)
        }
        control.start = nil
        try Self.check(outcome, "glp_intopt")
        if start != nil { startAccepted = control.start_accepted != 0 }

        let status = glp_mip_status(handle)
        let hasSolution = status == GLP_OPT || status == GLP_FEAS
        var termination: SolveTermination
        switch ret {
        case 0: termination = status == GLP_NOFEAS ? .infeasible : (hasSolution ? .optimal : .numericalFailure)
        case GLP_EMIPGAP: termination = .optimal
        case GLP_ETMLIM, GLP_ESTOP: termination = control.stopped_by_node_limit != 0 ? .nodeLimit : .timeLimit
        case GLP_ENOPFS: termination = .infeasible
        case GLP_ENODFS: termination = .infeasibleOrUnbounded
        default: termination = .numericalFailure
        }
        var values: [Double] = []
        var objective: Double?
        if hasSolution {
            values = (0 ..< model.variableCount).map { glp_mip_col_val(handle, Int32($0 + 1)) }
            objective = glp_mip_obj_val(handle)
        }
        var bound: Double? = control.has_bound != 0 ? control.best_bound : nil
        if ret == 0, status == GLP_OPT { bound = objective }  // search tree exhausted
        var gap: Double?
        if let objective, let bound { gap = abs(objective - bound) / (abs(objective) + Double.ulpOfOne) }
        return SolveResult(
            termination: termination, hasSolution: hasSolution, objective: objective, bestBound: bound,
            relativeGap: gap, wallSeconds: cohort_glpk_now() - started, values: values,
            startingSolutionAccepted: startAccepted)
    }
}

// MARK: - Test-only

extension GLPKProblem {
    /// Provokes a GLPK fatal error through the guard (a column with a repeated row index) so tests
    /// can check it becomes ``SolverError/solverFailure(operation:output:)`` instead of an abort.
    static func provokeFatalErrorForTesting() throws(SolverError) {
        let problem = GLPKProblem()
        glp_add_rows(problem.handle, 2)
        glp_add_cols(problem.handle, 1)
        let ind: [Int32] = [0, 1, 1]
        let val: [Double] = [0, 1, 2]
        try check(cohort_glpk_set_mat_col(problem.handle, 1, 2, ind, val), "glp_set_mat_col")
    }
}
