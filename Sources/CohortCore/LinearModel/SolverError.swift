/// What is wrong with a model, found by ``LinearModel/validate()`` (or a session) before the solver sees it.
/// `constraint: nil` means the objective.
public enum ModelIssue: Sendable, Hashable, CustomStringConvertible {
    case invalidVariableBounds(Variable, name: String?, reason: String)
    case invalidConstraintBounds(ConstraintID, name: String?, reason: String)
    case variableOutOfRange(Variable, constraint: ConstraintID?, variableCount: Int)
    case constraintOutOfRange(ConstraintID, constraintCount: Int)
    case invalidCoefficient(Double, variable: Variable, constraint: ConstraintID?)
    case duplicateVariable(Variable, constraint: ConstraintID)
    case invalidObjectiveConstant(Double)
    case tooLarge(String)

    public var description: String {
        func place(_ c: ConstraintID?) -> String { c.map { "constraint \($0)" } ?? "the objective" }
        switch self {
        case let .invalidVariableBounds(v, name, reason):
            return "\(LinearModel.label(v, name)): \(reason)"
        case let .invalidConstraintBounds(c, name, reason):
            return "\(LinearModel.label(c, name)): \(reason)"
        case let .variableOutOfRange(v, c, count):
            return "\(place(c)) refers to variable index \(v.index), but the model has \(count) variables"
        case let .constraintOutOfRange(c, count):
            return "a column refers to constraint index \(c.index), but the model has \(count) constraints"
        case let .invalidCoefficient(value, v, c):
            return "\(place(c)) has coefficient \(value) for variable \(v)"
        case let .duplicateVariable(v, c):
            return "constraint \(c) lists variable \(v) more than once"
        case let .invalidObjectiveConstant(value):
            return "the objective constant is \(value)"
        case let .tooLarge(what):
            return "the model is too large for the solver: \(what)"
        }
    }
}

/// Everything a ``LinearSolver`` throws. Infeasible or unbounded models are not errors:
/// they come back as a ``SolveResult`` with the matching ``SolveTermination``.
public enum SolverError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The model is malformed; nothing was passed to the solver.
    case invalidModel(ModelIssue)
    /// The options do not fit the model or call (e.g. wrong starting-solution length).
    case invalidOptions(String)
    /// The solver library hit an internal fatal error (it would have aborted the process).
    /// `output` is its last terminal output. On GLPK this resets the calling thread's solver
    /// state: every session made on this thread becomes unusable.
    case solverFailure(operation: String, output: String)
    /// A solve ended in a way the caller's model rules out (an LP that
    /// cannot be infeasible came back infeasible, say), after `solves` solves.
    case unexpectedTermination(operation: String, termination: SolveTermination, solves: Int)
    /// A session was used on another thread than the one that made it, or was invalidated
    /// by an earlier ``solverFailure(operation:output:)``.
    case sessionUnusable(String)

    public var description: String {
        switch self {
        case let .invalidModel(issue): return "invalid model: \(issue)"
        case let .invalidOptions(reason): return "invalid solver options: \(reason)"
        case let .solverFailure(operation, output):
            let detail = output.trimmingCharacters(in: " \n")
            return "solver failure in \(operation)" + (detail.isEmpty ? "" : ": \(detail)")
        case let .unexpectedTermination(operation, termination, solves):
            return "\(operation) ended \(termination) after \(solves) solve\(solves == 1 ? "" : "s")"
        case let .sessionUnusable(reason): return "solver session unusable: \(reason)"
        }
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s.removeFirst() }
        while let c = s.last, set.contains(c) { s.removeLast() }
        return String(s)
    }
}
