/// A linear expression `Σ coefficient·variable + constant`, stored as two flat
/// parallel arrays. Duplicate variables are allowed here; ``merged()`` sums them.
public struct LinearExpression: Sendable, CustomStringConvertible {
    /// The variables of the terms, parallel to ``coefficients``.
    public private(set) var variables: [Variable]
    /// The coefficients of the terms, parallel to ``variables``.
    public private(set) var coefficients: [Double]
    /// The constant term.
    public var constant: Double

    /// The zero expression (or a constant).
    public init(constant: Double = 0) {
        variables = []
        coefficients = []
        self.constant = constant
    }

    /// `coefficient · variable`.
    public init(_ variable: Variable, coefficient: Double = 1) {
        variables = [variable]
        coefficients = [coefficient]
        constant = 0
    }

    /// An expression from parallel arrays (their counts must match).
    public init(variables: [Variable], coefficients: [Double], constant: Double = 0) {
        precondition(variables.count == coefficients.count, "LinearExpression: \(variables.count) variables but \(coefficients.count) coefficients")
        self.variables = variables
        self.coefficients = coefficients
        self.constant = constant
    }

    /// `Σ variables` with coefficient 1 each.
    public static func sum(_ variables: some Sequence<Variable>) -> LinearExpression {
        let vars = Array(variables)
        return LinearExpression(variables: vars, coefficients: Array(repeating: 1, count: vars.count))
    }

    /// Number of stored terms (duplicates counted separately).
    public var termCount: Int { variables.count }

    /// Reserves room for `count` terms.
    public mutating func reserveCapacity(_ count: Int) {
        variables.reserveCapacity(count)
        coefficients.reserveCapacity(count)
    }

    /// Appends `coefficient · variable` (no merging).
    public mutating func add(_ variable: Variable, _ coefficient: Double = 1) {
        variables.append(variable)
        coefficients.append(coefficient)
    }

    /// Appends `factor · other` (no merging).
    public mutating func add(_ other: LinearExpression, scaledBy factor: Double = 1) {
        variables.append(contentsOf: other.variables)
        if factor == 1 {
            coefficients.append(contentsOf: other.coefficients)
        } else {
            coefficients.append(contentsOf: other.coefficients.lazy.map { $0 * factor })
        }
        constant += factor * other.constant
    }

    /// Multiplies every coefficient and the constant by `factor`.
    public mutating func scale(by factor: Double) {
        for k in coefficients.indices { coefficients[k] *= factor }
        constant *= factor
    }

    /// The same expression with terms sorted by variable, duplicates summed and zero terms dropped.
    public func merged() -> LinearExpression {
        if variables.count <= 1 {
            return coefficients.first == 0 ? LinearExpression(constant: constant) : self
        }
        let order = variables.indices.sorted { variables[$0].index < variables[$1].index }
        var result = LinearExpression(constant: constant)
        result.reserveCapacity(order.count)
        for k in order {
            let v = variables[k], c = coefficients[k]
            if let last = result.variables.last, last == v {
                result.coefficients[result.coefficients.count - 1] += c
            } else {
                result.add(v, c)
            }
        }
        if result.coefficients.contains(0) {
            var kept = LinearExpression(constant: constant)
            for k in result.variables.indices where result.coefficients[k] != 0 {
                kept.add(result.variables[k], result.coefficients[k])
            }
            return kept
        }
        return result
    }

    /// The expression's value for `values[variable.index]`.
    public func value(at values: [Double]) -> Double {
        var total = constant
        for k in variables.indices { total += coefficients[k] * values[variables[k].index] }
        return total
    }

    public var description: String {
        var parts: [String] = []
        for k in variables.indices { parts.append("\(coefficients[k])·\(variables[k])") }
        if constant != 0 || parts.isEmpty { parts.append("\(constant)") }
        return parts.joined(separator: " + ")
    }
}

// MARK: - Operators (for readability in small models and tests; bulk code should use `add`).

extension Variable {
    /// This variable as an expression.
    public var expression: LinearExpression { LinearExpression(self) }
}

public prefix func - (operand: Variable) -> LinearExpression { LinearExpression(operand, coefficient: -1) }
public prefix func - (operand: LinearExpression) -> LinearExpression {
    var result = operand
    result.scale(by: -1)
    return result
}

public func * (lhs: Double, rhs: Variable) -> LinearExpression { LinearExpression(rhs, coefficient: lhs) }
public func * (lhs: Variable, rhs: Double) -> LinearExpression { LinearExpression(lhs, coefficient: rhs) }
public func * (lhs: Double, rhs: LinearExpression) -> LinearExpression {
    var result = rhs
    result.scale(by: lhs)
    return result
}
public func * (lhs: LinearExpression, rhs: Double) -> LinearExpression { rhs * lhs }

public func + (lhs: LinearExpression, rhs: LinearExpression) -> LinearExpression {
    var result = lhs
    result.add(rhs)
    return result
}
public func + (lhs: LinearExpression, rhs: Variable) -> LinearExpression {
    var result = lhs
    result.add(rhs)
    return result
}
public func + (lhs: Variable, rhs: LinearExpression) -> LinearExpression { LinearExpression(lhs) + rhs }
public func + (lhs: Variable, rhs: Variable) -> LinearExpression { LinearExpression(lhs) + rhs }
public func + (lhs: LinearExpression, rhs: Double) -> LinearExpression {
    var result = lhs
    result.constant += rhs
    return result
}
public func + (lhs: Double, rhs: LinearExpression) -> LinearExpression { rhs + lhs }
public func + (lhs: Variable, rhs: Double) -> LinearExpression { LinearExpression(lhs) + rhs }

public func - (lhs: LinearExpression, rhs: LinearExpression) -> LinearExpression {
    var result = lhs
    result.add(rhs, scaledBy: -1)
    return result
}
public func - (lhs: LinearExpression, rhs: Variable) -> LinearExpression {
    var result = lhs
    result.add(rhs, -1)
    return result
}
public func - (lhs: Variable, rhs: LinearExpression) -> LinearExpression { LinearExpression(lhs) - rhs }
public func - (lhs: Variable, rhs: Variable) -> LinearExpression { LinearExpression(lhs) - rhs }
public func - (lhs: LinearExpression, rhs: Double) -> LinearExpression { lhs + (-rhs) }
public func - (lhs: Double, rhs: LinearExpression) -> LinearExpression { -rhs + lhs }
public func - (lhs: Variable, rhs: Double) -> LinearExpression { LinearExpression(lhs) + (-rhs) }

public func += (lhs: inout LinearExpression, rhs: LinearExpression) { lhs.add(rhs) }
public func += (lhs: inout LinearExpression, rhs: Variable) { lhs.add(rhs) }
public func -= (lhs: inout LinearExpression, rhs: LinearExpression) { lhs.add(rhs, scaledBy: -1) }
public func -= (lhs: inout LinearExpression, rhs: Variable) { lhs.add(rhs, -1) }
