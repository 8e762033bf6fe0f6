/// Limits of the solver layer (GLPK's own limits; GLPK aborts beyond them).
public enum LinearModelLimits {
    /// Most rows or columns GLPK accepts.
    public static let maxRowsOrColumns = 100_000_000
    /// Most constraint nonzeros GLPK accepts.
    public static let maxNonzeros = 500_000_000
}

extension LinearModel {
    /// Checks everything a solver would reject or abort on: bounds (NaN, infinite on the wrong
    /// side, lower > upper, fractional integer bounds, binary outside [0, 1]), coefficients and
    /// the objective constant (NaN/infinite), variable indices out of range, a variable repeated
    /// within one constraint, and sizes beyond ``LinearModelLimits``. Runs in O(variables + nonzeros).
    public func validate() throws(SolverError) {
        let n = variableCount, m = constraintCount
        if n > LinearModelLimits.maxRowsOrColumns || m > LinearModelLimits.maxRowsOrColumns || nonzeroCount > LinearModelLimits.maxNonzeros {
            throw .invalidModel(.tooLarge("\(n) variables, \(m) constraints, \(nonzeroCount) nonzeros"))
        }
        for (j, definition) in variables.enumerated() {
            if let reason = definition.boundsIssue {
                throw .invalidModel(.invalidVariableBounds(Variable(index: j), name: definition.name, reason: reason))
            }
        }
        if !objective.constant.isFinite { throw .invalidModel(.invalidObjectiveConstant(objective.constant)) }
        for k in objective.variables.indices {
            let v = objective.variables[k]
            if v.index < 0 || v.index >= n { throw .invalidModel(.variableOutOfRange(v, constraint: nil, variableCount: n)) }
            if !objective.coefficients[k].isFinite {
                throw .invalidModel(.invalidCoefficient(objective.coefficients[k], variable: v, constraint: nil))
            }
        }
        // lastRow[j] == i + 1 when variable j was already seen in row i: duplicate check in O(nnz).
        var lastRow = [Int32](repeating: 0, count: n)
        for i in 0 ..< m {
            let id = ConstraintID(index: i)
            if let reason = Self.rowBoundsIssue(lower: rowLowerBounds[i], upper: rowUpperBounds[i]) {
                throw .invalidModel(.invalidConstraintBounds(id, name: rowNames[i], reason: reason))
            }
            let mark = Int32(truncatingIfNeeded: i + 1)
            for k in rowStarts[i] ..< rowStarts[i + 1] {
                let v = termVariables[k]
                if v.index < 0 || v.index >= n { throw .invalidModel(.variableOutOfRange(v, constraint: id, variableCount: n)) }
                if !termCoefficients[k].isFinite {
                    throw .invalidModel(.invalidCoefficient(termCoefficients[k], variable: v, constraint: id))
                }
                if lastRow[v.index] == mark { throw .invalidModel(.duplicateVariable(v, constraint: id)) }
                lastRow[v.index] = mark
            }
        }
    }

    /// Why row bounds are unusable, or `nil`.
    static func rowBoundsIssue(lower: Double, upper: Double) -> String? {
        if lower.isNaN { return "lower bound is NaN" }
        if upper.isNaN { return "upper bound is NaN" }
        if lower == .infinity { return "lower bound is +infinity" }
        if upper == -.infinity { return "upper bound is -infinity" }
        if lower > upper { return "lower bound \(lower) > upper bound \(upper)" }
        return nil
    }

    /// Validates a constraint against a model of `variableCount` variables (used by sessions).
    public static func validate(_ constraint: Constraint, id: ConstraintID, variableCount: Int) throws(SolverError) {
        if let reason = rowBoundsIssue(lower: constraint.lowerBound ?? -.infinity, upper: constraint.upperBound ?? .infinity) {
            throw .invalidModel(.invalidConstraintBounds(id, name: constraint.name, reason: reason))
        }
        let terms = constraint.expression
        var seen = Set<Int>()
        for k in terms.variables.indices {
            let v = terms.variables[k]
            if v.index < 0 || v.index >= variableCount { throw .invalidModel(.variableOutOfRange(v, constraint: id, variableCount: variableCount)) }
            if !terms.coefficients[k].isFinite { throw .invalidModel(.invalidCoefficient(terms.coefficients[k], variable: v, constraint: id)) }
            if !seen.insert(v.index).inserted { throw .invalidModel(.duplicateVariable(v, constraint: id)) }
        }
    }
}
