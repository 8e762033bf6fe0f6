/// Whether the objective is minimized or maximized.
public enum ObjectiveSense: Sendable, Hashable {
    case minimize, maximize
}

/// A linear or mixed-integer program as a plain value: variables are indices,
/// constraints are rows stored in one flat compressed-row layout (no per-row allocations).
///
/// Build it with ``addVariable(_:)`` and ``add(_:)`` (readable) or ``addConstraint(variables:coefficients:lowerBound:upperBound:name:)``
/// (bulk, no merging), then hand it to a ``LinearSolver``. ``validate()`` finds everything a
/// solver would reject; solvers call it themselves.
public struct LinearModel: Sendable {
    /// Minimize or maximize ``objective``.
    public var sense: ObjectiveSense
    /// The objective; duplicate variables are summed, the constant is kept.
    public var objective: LinearExpression
    /// Variable declarations, indexed by ``Variable/index``.
    public private(set) var variables: [VariableDefinition] = []

    /// Row `i` owns terms `rowStarts[i] ..< rowStarts[i + 1]`.
    public private(set) var rowStarts: [Int] = [0]
    /// Variables of all constraint terms, row after row.
    public private(set) var termVariables: [Variable] = []
    /// Coefficients of all constraint terms, parallel to ``termVariables``.
    public private(set) var termCoefficients: [Double] = []
    /// Lower bound per row; `-infinity` means none.
    public private(set) var rowLowerBounds: [Double] = []
    /// Upper bound per row; `+infinity` means none.
    public private(set) var rowUpperBounds: [Double] = []
    /// Optional row names (error messages only).
    public private(set) var rowNames: [String?] = []

    /// An empty model.
    public init(sense: ObjectiveSense = .minimize, objective: LinearExpression = LinearExpression()) {
        self.sense = sense
        self.objective = objective
    }

    public var variableCount: Int { variables.count }
    public var constraintCount: Int { rowLowerBounds.count }
    /// Number of stored constraint terms.
    public var nonzeroCount: Int { termVariables.count }
    /// True when some variable is integer or binary.
    public var hasIntegerVariables: Bool { variables.contains { $0.kind != .continuous } }

    /// Reserves storage ahead of a bulk build.
    public mutating func reserveCapacity(variables: Int = 0, constraints: Int = 0, nonzeros: Int = 0) {
        self.variables.reserveCapacity(variables)
        rowStarts.reserveCapacity(constraints + 1)
        rowLowerBounds.reserveCapacity(constraints)
        rowUpperBounds.reserveCapacity(constraints)
        rowNames.reserveCapacity(constraints)
        termVariables.reserveCapacity(nonzeros)
        termCoefficients.reserveCapacity(nonzeros)
    }

    /// Adds a variable (default: continuous, ≥ 0).
    @discardableResult
    public mutating func addVariable(_ definition: VariableDefinition = VariableDefinition()) -> Variable {
        variables.append(definition)
        return Variable(index: variables.count - 1)
    }

    /// Adds `count` variables with the same definition; returns them in order.
    @discardableResult
    public mutating func addVariables(count: Int, _ definition: VariableDefinition = VariableDefinition()) -> [Variable] {
        let first = variables.count
        variables.append(contentsOf: repeatElement(definition, count: count))
        return (first ..< first + count).map(Variable.init(index:))
    }

    /// Replaces a variable's definition (e.g. to fix or relax its bounds).
    public mutating func setDefinition(_ definition: VariableDefinition, of variable: Variable) {
        variables[variable.index] = definition
    }

    /// Sets ``sense`` to minimize and ``objective`` to `expression`.
    public mutating func minimize(_ expression: LinearExpression) {
        sense = .minimize
        objective = expression
    }

    /// Sets ``sense`` to maximize and ``objective`` to `expression`.
    public mutating func maximize(_ expression: LinearExpression) {
        sense = .maximize
        objective = expression
    }

    /// Adds a constraint; duplicate variables in its expression are summed, zero terms dropped.
    @discardableResult
    public mutating func add(_ constraint: Constraint) -> ConstraintID {
        let terms = constraint.expression.merged()
        return addConstraint(
            variables: terms.variables, coefficients: terms.coefficients,
            lowerBound: constraint.lowerBound, upperBound: constraint.upperBound, name: constraint.name)
    }

    /// Bulk path: appends a row as given (no merging — a repeated variable is reported by ``validate()``).
    /// `variables` and `coefficients` must have equal counts.
    @discardableResult
    public mutating func addConstraint(
        variables: some Collection<Variable>, coefficients: some Collection<Double>,
        lowerBound: Double?, upperBound: Double?, name: String? = nil
    ) -> ConstraintID {
        precondition(variables.count == coefficients.count, "addConstraint: \(variables.count) variables but \(coefficients.count) coefficients")
        termVariables.append(contentsOf: variables)
        termCoefficients.append(contentsOf: coefficients)
        rowStarts.append(termVariables.count)
        rowLowerBounds.append(lowerBound ?? -.infinity)
        rowUpperBounds.append(upperBound ?? .infinity)
        rowNames.append(name)
        return ConstraintID(index: rowLowerBounds.count - 1)
    }

    /// The terms of one row, as slices of the flat storage.
    public func terms(of constraint: ConstraintID) -> (variables: ArraySlice<Variable>, coefficients: ArraySlice<Double>) {
        let range = rowStarts[constraint.index] ..< rowStarts[constraint.index + 1]
        return (termVariables[range], termCoefficients[range])
    }

    /// One row as a ``Constraint`` value (allocates; not for hot paths).
    public func constraint(_ id: ConstraintID) -> Constraint {
        let (vars, coefs) = terms(of: id)
        let lower = rowLowerBounds[id.index], upper = rowUpperBounds[id.index]
        return Constraint(
            LinearExpression(variables: Array(vars), coefficients: Array(coefs)),
            lowerBound: lower == -.infinity ? nil : lower,
            upperBound: upper == .infinity ? nil : upper,
            name: rowNames[id.index])
    }

    /// The row's activity `Σ a·x` for `values[variable.index]`.
    public func activity(of constraint: ConstraintID, at values: [Double]) -> Double {
        var total = 0.0
        for k in rowStarts[constraint.index] ..< rowStarts[constraint.index + 1] {
            total += termCoefficients[k] * values[termVariables[k].index]
        }
        return total
    }

    /// Describes the first way `values` (one per variable) violates bounds, integrality or a
    /// constraint by more than `tolerance` (scaled by the bound's magnitude); `nil` when feasible.
    public func firstViolation(in values: [Double], tolerance: Double = 1e-6) -> String? {
        guard values.count == variables.count else {
            return "expected \(variables.count) values, got \(values.count)"
        }
        func slack(_ bound: Double) -> Double { tolerance * max(1, abs(bound)) }
        for (j, definition) in variables.enumerated() {
            let x = values[j]
            let (lower, upper) = definition.resolvedBounds
            let label = Self.label(Variable(index: j), definition.name)
            if !x.isFinite { return "\(label) has value \(x)" }
            if x < lower - slack(lower) { return "\(label) = \(x) is below its lower bound \(lower)" }
            if x > upper + slack(upper) { return "\(label) = \(x) is above its upper bound \(upper)" }
            if definition.kind != .continuous, abs(x - x.rounded()) > tolerance { return "\(label) = \(x) is not integral" }
        }
        for i in 0 ..< constraintCount {
            let id = ConstraintID(index: i)
            let activity = activity(of: id, at: values)
            let lower = rowLowerBounds[i], upper = rowUpperBounds[i]
            if activity < lower - slack(lower) { return "\(Self.label(id, rowNames[i])): activity \(activity) < lower bound \(lower)" }
            if activity > upper + slack(upper) { return "\(Self.label(id, rowNames[i])): activity \(activity) > upper bound \(upper)" }
        }
        return nil
    }

    static func label(_ variable: Variable, _ name: String?) -> String {
        name.map { "variable \(variable) \"\($0)\"" } ?? "variable \(variable)"
    }

    static func label(_ constraint: ConstraintID, _ name: String?) -> String {
        name.map { "constraint \(constraint) \"\($0)\"" } ?? "constraint \(constraint)"
    }
}
