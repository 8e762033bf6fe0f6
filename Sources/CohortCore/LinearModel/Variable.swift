/// A decision variable of a ``LinearModel``: an index into ``LinearModel/variables``.
public struct Variable: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Zero-based position in the model's variable list.
    public let index: Int

    /// Refers to the variable at `index`; ``LinearModel/validate()`` checks the range.
    public init(index: Int) { self.index = index }

    public static func < (lhs: Variable, rhs: Variable) -> Bool { lhs.index < rhs.index }

    public var description: String { "x\(index)" }
}

/// A constraint (row) of a ``LinearModel``: an index into its constraint list.
public struct ConstraintID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Zero-based position in the model's constraint list.
    public let index: Int

    /// Refers to the constraint at `index`.
    public init(index: Int) { self.index = index }

    public static func < (lhs: ConstraintID, rhs: ConstraintID) -> Bool { lhs.index < rhs.index }

    public var description: String { "row\(index)" }
}

/// The domain of a variable.
public enum VariableKind: Sendable, Hashable {
    /// Any real value within the bounds.
    case continuous
    /// Integral values within the bounds (bounds, if present, must be integral).
    case integer
    /// 0 or 1. Missing bounds mean 0 and 1; given bounds must lie in [0, 1]
    /// (so a binary can be fixed by setting both to 0 or both to 1).
    case binary
}

/// How a variable is declared: optional name, kind and bounds (`nil` = unbounded on that side).
public struct VariableDefinition: Sendable, Hashable {
    /// Used in error messages only.
    public var name: String?
    public var kind: VariableKind
    /// `nil` (or `-infinity`) means no lower bound.
    public var lowerBound: Double?
    /// `nil` (or `+infinity`) means no upper bound.
    public var upperBound: Double?

    /// A variable; by default continuous and non-negative (`lowerBound` 0, no upper bound).
    public init(name: String? = nil, kind: VariableKind = .continuous, lowerBound: Double? = 0, upperBound: Double? = nil) {
        self.name = name
        self.kind = kind
        self.lowerBound = lowerBound
        self.upperBound = upperBound
    }

    /// A 0/1 variable.
    public static func binary(_ name: String? = nil) -> VariableDefinition {
        VariableDefinition(name: name, kind: .binary, lowerBound: 0, upperBound: 1)
    }

    /// An integer variable with the given bounds.
    public static func integer(_ name: String? = nil, lowerBound: Double? = 0, upperBound: Double? = nil) -> VariableDefinition {
        VariableDefinition(name: name, kind: .integer, lowerBound: lowerBound, upperBound: upperBound)
    }

    /// A continuous variable with the given bounds.
    public static func continuous(_ name: String? = nil, lowerBound: Double? = 0, upperBound: Double? = nil) -> VariableDefinition {
        VariableDefinition(name: name, kind: .continuous, lowerBound: lowerBound, upperBound: upperBound)
    }

    /// Bounds as solvers see them: `-infinity`/`+infinity` for missing ones,
    /// 0 and 1 for a binary's missing bounds. Meaningful only for a valid definition.
    public var resolvedBounds: (lower: Double, upper: Double) {
        switch kind {
        case .binary: return (lowerBound ?? 0, upperBound ?? 1)
        case .continuous, .integer: return (lowerBound ?? -.infinity, upperBound ?? .infinity)
        }
    }

    /// Why these bounds are unusable, or `nil` when they are fine.
    public var boundsIssue: String? {
        let (lower, upper) = resolvedBounds
        if lower.isNaN { return "lower bound is NaN" }
        if upper.isNaN { return "upper bound is NaN" }
        if lower == .infinity { return "lower bound is +infinity" }
        if upper == -.infinity { return "upper bound is -infinity" }
        if lower > upper { return "lower bound \(lower) > upper bound \(upper)" }
        switch kind {
        case .continuous: break
        case .integer:
            if lower.isFinite, lower.rounded() != lower { return "integer variable has fractional lower bound \(lower)" }
            if upper.isFinite, upper.rounded() != upper { return "integer variable has fractional upper bound \(upper)" }
        case .binary:
            if !(lower == 0 || lower == 1) || !(upper == 0 || upper == 1) {
                return "binary variable needs bounds 0 or 1, got [\(lower), \(upper)]"
            }
        }
        return nil
    }
}
