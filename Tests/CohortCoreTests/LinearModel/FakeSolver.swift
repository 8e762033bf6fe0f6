import Foundation

@testable import CohortCore

/// A `LinearSolver` for tests where GLPK is not the point: it keeps every
/// model it is given and every session's columns and rows, and answers each
/// solve with `answer` (no optimization at all). Model-building tests read
/// `models` and `sessions`; flow tests script the answers.
final class FakeSolver: LinearSolver, @unchecked Sendable {
    /// What a solve is asked about: a whole model, or a session as it stands.
    enum Call {
        case model(LinearModel, SolveOptions)
        case session(FakeSession, SolveOptions)
    }

    typealias Answer = @Sendable (Call) -> SolveResult

    private let lock = NSLock()
    private var solvedModels: [LinearModel] = []
    private var madeSessions: [FakeSession] = []
    let answer: Answer

    init(answer: @escaping Answer) { self.answer = answer }

    /// A solver whose every solve ends with `termination` and no solution.
    convenience init(ending termination: SolveTermination) {
        self.init { _ in SolveResult.ended(termination) }
    }

    /// Models passed to `solve`, in call order.
    var models: [LinearModel] { lock.withLock { solvedModels } }
    /// Sessions made, in call order.
    var sessions: [FakeSession] { lock.withLock { madeSessions } }

    func solve(_ model: LinearModel, options: SolveOptions) throws(SolverError) -> SolveResult {
        try model.validate()
        lock.withLock { solvedModels.append(model) }
        return answer(.model(model, options))
    }

    func makeSession(for model: LinearModel) throws(SolverError) -> any LinearProgramSession {
        try model.validate()
        let session = FakeSession(model, solver: self)
        lock.withLock { madeSessions.append(session) }
        return session
    }
}

/// A session of `FakeSolver`: the model it started from, then everything added.
final class FakeSession: LinearProgramSession {
    let model: LinearModel
    private(set) var columns: [Column] = []
    private(set) var rows: [Constraint] = []
    private(set) var basis: (constraints: [BasisStatus], variables: [BasisStatus])?
    private(set) var solves = 0
    private unowned let solver: FakeSolver

    init(_ model: LinearModel, solver: FakeSolver) {
        self.model = model
        self.solver = solver
    }

    var variableCount: Int { model.variableCount + columns.count }
    var constraintCount: Int { model.constraintCount + rows.count }

    func addColumn(_ column: Column) throws(SolverError) -> Variable {
        try addColumns([column])[0]
    }

    func addColumns(_ columns: [Column]) throws(SolverError) -> [Variable] {
        for c in columns {
            if let bad = c.constraints.first(where: { $0.index >= constraintCount }) {
                throw .invalidModel(.constraintOutOfRange(bad, constraintCount: constraintCount))
            }
        }
        let first = variableCount
        self.columns += columns
        return (first..<variableCount).map { Variable(index: $0) }
    }

    func setObjectiveCoefficient(of variable: Variable, to value: Double) throws(SolverError) {}
    func setBounds(of variable: Variable, lower: Double?, upper: Double?) throws(SolverError) {}

    func add(_ constraint: Constraint) throws(SolverError) -> ConstraintID {
        try LinearModel.validate(constraint, id: ConstraintID(index: constraintCount), variableCount: variableCount)
        rows.append(constraint)
        return ConstraintID(index: constraintCount - 1)
    }

    func setBasis(constraints: [BasisStatus], variables: [BasisStatus]) throws(SolverError) {
        guard constraints.count == constraintCount, variables.count == variableCount else {
            throw .invalidOptions("basis has \(constraints.count) constraint and \(variables.count) variable statuses for \(constraintCount) and \(variableCount)")
        }
        basis = (constraints, variables)
    }

    func solve(options: SolveOptions) throws(SolverError) -> SolveResult {
        solves += 1
        return solver.answer(.session(self, options))
    }

    /// Whether `checkBasis` was asked; it always says the basis is optimal.
    private(set) var basisChecked = false

    func checkBasis() throws(SolverError) -> BasisCheck {
        basisChecked = true
        return BasisCheck(factorized: true, primalFeasible: true, dualFeasible: true)
    }
}

extension SolveResult {
    /// A result with no solution that ended with `termination`.
    static func ended(_ termination: SolveTermination) -> SolveResult {
        SolveResult(termination: termination, hasSolution: false, objective: nil, bestBound: nil, relativeGap: nil, wallSeconds: 0, values: [])
    }
}
