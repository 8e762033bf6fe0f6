import CohortCore
import Testing

@Suite struct LinearExpressionTests {
    @Test func operatorsBuildTermsAndConstant() {
        let x = Variable(index: 0), y = Variable(index: 1)
        let e = 2 * x + y - 3 * y + 4 - x * 0.5
        #expect(e.variables == [x, y, y, x])
        #expect(e.coefficients == [2, 1, -3, -0.5])
        #expect(e.constant == 4)
        #expect(e.value(at: [1, 10]) == 2 + 10 - 30 + 4 - 0.5)
        let negated = -(x + 1)
        #expect(negated.coefficients == [-1])
        #expect(negated.constant == -1)
    }

    @Test func mergedSortsSumsAndDropsZeros() {
        let x = Variable(index: 0), y = Variable(index: 1), z = Variable(index: 2)
        let merged = (z + 2 * x + y - z + 3 * x).merged()
        #expect(merged.variables == [x, y])
        #expect(merged.coefficients == [5, 1])
    }

    @Test func compoundAssignmentAndSum() {
        let vars = (0 ..< 3).map(Variable.init(index:))
        var e = LinearExpression.sum(vars)
        e += 2 * vars[0]
        e -= vars[1]
        #expect(e.merged().variables == [vars[0], vars[2]])  // x1 cancels out
        #expect(e.merged().coefficients == [3, 1])
        #expect(e.value(at: [1, 1, 1]) == 4)
    }
}

@Suite struct ConstraintTests {
    @Test func constantsFoldIntoBounds() {
        let x = Variable(index: 0), y = Variable(index: 1)
        let c = x + 3 <= 10
        #expect(c.upperBound == 7)
        #expect(c.lowerBound == nil)
        #expect(c.expression.constant == 0)
        let both = x + 1 >= y - 2  // x - y ≥ -3
        #expect(both.lowerBound == -3)
        #expect(both.expression.coefficients == [1, -1])
        let eq = (x == 2).named("fix")
        #expect(eq.lowerBound == 2 && eq.upperBound == 2 && eq.name == "fix")
    }
}

@Suite struct LinearModelTests {
    @Test func storesRowsFlat() {
        var model = LinearModel()
        let x = model.addVariable(.continuous("x"))
        let ys = model.addVariables(count: 3, .binary())
        #expect(model.variableCount == 4)
        #expect(ys.map(\.index) == [1, 2, 3])
        #expect(model.hasIntegerVariables)
        let r0 = model.add(x + x + ys[0] <= 3)            // merged: 2x + y0
        let r1 = model.addConstraint(variables: ys, coefficients: [1, 1, 1], lowerBound: 1, upperBound: nil, name: "cover")
        #expect(model.constraintCount == 2)
        #expect(model.nonzeroCount == 5)
        #expect(model.rowStarts == [0, 2, 5])
        #expect(Array(model.terms(of: r0).coefficients) == [2, 1])
        #expect(model.rowUpperBounds[r1.index] == .infinity)
        let back = model.constraint(r1)
        #expect(back.lowerBound == 1 && back.upperBound == nil && back.name == "cover")
        #expect(model.activity(of: r1, at: [0, 1, 1, 0]) == 2)
        #expect(throws: Never.self) { try model.validate() }
    }

    @Test func firstViolationExplains() {
        var model = LinearModel()
        let x = model.addVariable(.integer("x", upperBound: 5))
        let y = model.addVariable()
        model.add(x + y <= 4)
        #expect(model.firstViolation(in: [1, 2]) == nil)
        #expect(model.firstViolation(in: [1.5, 0])?.contains("not integral") == true)
        #expect(model.firstViolation(in: [6, 0])?.contains("upper bound") == true)
        #expect(model.firstViolation(in: [4, 1])?.contains("activity") == true)
        #expect(model.firstViolation(in: [1]) != nil)
    }

    @Test func variableDefinitionBounds() {
        #expect(VariableDefinition.binary().boundsIssue == nil)
        #expect(VariableDefinition(kind: .binary, lowerBound: nil, upperBound: nil).resolvedBounds == (0, 1))
        #expect(VariableDefinition(kind: .binary, lowerBound: 1, upperBound: 1).boundsIssue == nil)
        #expect(VariableDefinition(kind: .binary, lowerBound: -1, upperBound: 1).boundsIssue != nil)
        #expect(VariableDefinition.integer(lowerBound: -2.5).boundsIssue != nil)
        #expect(VariableDefinition.continuous(lowerBound: -.infinity, upperBound: .infinity).boundsIssue == nil)
        #expect(VariableDefinition.continuous(lowerBound: .infinity).boundsIssue != nil)
        #expect(VariableDefinition.continuous(lowerBound: 2, upperBound: 1).boundsIssue == "lower bound 2.0 > upper bound 1.0")
    }

    @Test func validateReportsEachIssue() {
        func issue(_ build: (inout LinearModel, Variable) -> Void) -> ModelIssue? {
            var model = LinearModel()
            let x = model.addVariable(.continuous("x"))
            build(&model, x)
            do throws(SolverError) { try model.validate() } catch {
                if case let .invalidModel(issue) = error { return issue }
            }
            return nil
        }
        let x = Variable(index: 0)
        #expect(issue { _, _ in } == nil)
        #expect(issue { m, x in m.add(2 * x + x <= 1) } == nil)  // merged by add
        #expect(issue { m, x in m.addConstraint(variables: [x, x], coefficients: [2, 1], lowerBound: nil, upperBound: 1) }
            == .duplicateVariable(x, constraint: ConstraintID(index: 0)))
        #expect(issue { m, _ in m.add(Variable(index: 4) >= 0) }
            == .variableOutOfRange(Variable(index: 4), constraint: ConstraintID(index: 0), variableCount: 1))
        // NaN ≠ NaN, so match the case instead of comparing.
        if case .invalidCoefficient(_, x, ConstraintID(index: 0))? = issue({ m, x in m.add(Double.nan * x >= 0) }) {} else {
            Issue.record("NaN coefficient not reported")
        }
        #expect(issue { m, x in m.add((x <= -.infinity).named("r")) }
            == .invalidConstraintBounds(ConstraintID(index: 0), name: "r", reason: "upper bound is -infinity"))
        #expect(issue { m, x in m.objective = 3 * x + .nan } != nil)
        #expect(issue { m, _ in m.objective = 3 * Variable(index: 1) }
            == .variableOutOfRange(Variable(index: 1), constraint: nil, variableCount: 1))
        #expect(issue { m, x in m.setDefinition(.integer(upperBound: 1.5), of: x) }
            == .invalidVariableBounds(x, name: nil, reason: "integer variable has fractional upper bound 1.5"))
    }

    @Test func bulkBuildAndValidateScale() throws {
        // 200k variables, 1M nonzeros: building and validating must stay linear.
        let n = 200_000, rows = 20_000, perRow = 50
        var model = LinearModel()
        model.reserveCapacity(variables: n, constraints: rows, nonzeros: rows * perRow)
        _ = model.addVariables(count: n, .binary())
        var vars = [Variable](repeating: Variable(index: 0), count: perRow)
        let coefs = [Double](repeating: 1, count: perRow)
        for i in 0 ..< rows {
            for k in 0 ..< perRow { vars[k] = Variable(index: (i * 7 + k * 4_001) % n) }
            model.addConstraint(variables: vars, coefficients: coefs, lowerBound: nil, upperBound: 1)
        }
        #expect(model.nonzeroCount == rows * perRow)
        try model.validate()
    }
}
