/// `lowerBound ≤ expression ≤ upperBound` (`nil` = no bound on that side).
/// The expression's constant is folded into the bounds, so ``expression`` has constant 0.
public struct Constraint: Sendable, CustomStringConvertible {
    /// The left-hand side, constant always 0.
    public private(set) var expression: LinearExpression
    /// `nil` (or `-infinity`) means none.
    public var lowerBound: Double?
    /// `nil` (or `+infinity`) means none.
    public var upperBound: Double?
    /// Used in error messages only.
    public var name: String?

    /// `lowerBound ≤ expression ≤ upperBound`; the expression's constant moves to the bounds.
    public init(_ expression: LinearExpression, lowerBound: Double?, upperBound: Double?, name: String? = nil) {
        var terms = expression
        let shift = terms.constant
        terms.constant = 0
        self.expression = terms
        self.lowerBound = lowerBound.map { $0 - shift }
        self.upperBound = upperBound.map { $0 - shift }
        self.name = name
    }

    /// The same constraint with a name.
    public func named(_ name: String) -> Constraint {
        var copy = self
        copy.name = name
        return copy
    }

    public var description: String {
        let lower = lowerBound.map { "\($0) ≤ " } ?? ""
        let upper = upperBound.map { " ≤ \($0)" } ?? ""
        return "\(lower)\(expression)\(upper)"
    }
}

public func <= (lhs: LinearExpression, rhs: Double) -> Constraint { Constraint(lhs, lowerBound: nil, upperBound: rhs) }
public func >= (lhs: LinearExpression, rhs: Double) -> Constraint { Constraint(lhs, lowerBound: rhs, upperBound: nil) }
public func == (lhs: LinearExpression, rhs: Double) -> Constraint { Constraint(lhs, lowerBound: rhs, upperBound: rhs) }
public func <= (lhs: LinearExpression, rhs: LinearExpression) -> Constraint { lhs - rhs <= 0 }
public func >= (lhs: LinearExpression, rhs: LinearExpression) -> Constraint { lhs - rhs >= 0 }
public func == (lhs: LinearExpression, rhs: LinearExpression) -> Constraint { lhs - rhs == 0 }
/// Note `x <= y` between two variables is `Comparable` (a `Bool`); write `x - y <= 0`.
public func <= (lhs: Variable, rhs: Double) -> Constraint { LinearExpression(lhs) <= rhs }
public func >= (lhs: Variable, rhs: Double) -> Constraint { LinearExpression(lhs) >= rhs }
public func == (lhs: Variable, rhs: Double) -> Constraint { LinearExpression(lhs) == rhs }
