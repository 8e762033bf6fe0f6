import CohortCore
@testable import CohortSolver
import Testing

private let solver = GLPKSolver()

private func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-7) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tolerance * max(1, abs(b))
}

@Suite struct LPTests {
    /// max 3x + 2y  s.t. x + y ≤ 4, x + 3y ≤ 7, x ≤ 3, x, y ≥ 0  →  x = 3, y = 1, z = 11.
    /// Duals by hand: binding rows c1 (x + y ≤ 4) and the bound x ≤ 3 (a row here, c3);
    /// c2 slack → 0. From y basic: π1 = 2; from x: π1 + π3 = 3 → π3 = 1.
    func smallLP() -> (LinearModel, Variable, Variable, [ConstraintID]) {
        var model = LinearModel()
        let x = model.addVariable(.continuous("x"))
        let y = model.addVariable(.continuous("y"))
        model.maximize(3 * x + 2 * y)
        let c1 = model.add(x + y <= 4)
        let c2 = model.add(x + 3 * y <= 7)
        let c3 = model.add(x <= 3)
        return (model, x, y, [c1, c2, c3])
    }

    @Test func optimumValuesAndDuals() throws {
        let (model, x, y, rows) = smallLP()
        let result = try solver.solve(model)
        #expect(result.termination == .optimal)
        #expect(result.hasSolution)
        #expect(close(result.objective, 11))
        #expect(close(result.bestBound, 11))
        #expect(close(result[x], 3))
        #expect(close(result[y], 1))
        #expect(close(result.dual(of: rows[0]), 2))
        #expect(close(result.dual(of: rows[1]), 0))
        #expect(close(result.dual(of: rows[2]), 1))
        // Reduced costs of basic variables are zero.
        #expect(close(result.reducedCosts?[x.index], 0))
        #expect(close(result.reducedCosts?[y.index], 0))
        #expect(result.wallSeconds >= 0)
    }

    @Test(arguments: [SolveOptions.SimplexAlgorithm.primal, .dual], [false, true])
    func sameOptimumWithEveryAlgorithm(algorithm: SolveOptions.SimplexAlgorithm, presolve: Bool) throws {
        let (model, x, _, _) = smallLP()
        let result = try solver.solve(model, options: SolveOptions(presolve: presolve, simplexAlgorithm: algorithm))
        #expect(result.termination == .optimal)
        #expect(close(result.objective, 11))
        #expect(close(result[x], 3))
    }

    @Test func objectiveConstantAndRangesAndEquality() throws {
        // min x + 2y + 10  s.t. 1 ≤ x - y ≤ 2, x + y == 5, y free  →  y = 1.5, x = 3.5, z = 16.5
        var model = LinearModel()
        let x = model.addVariable()
        let y = model.addVariable(.continuous(lowerBound: nil))
        model.minimize(x + 2 * y + 10)
        model.add(Constraint(x - y, lowerBound: 1, upperBound: 2))
        model.add(x + y == 5)
        let result = try solver.solve(model)
        #expect(result.termination == .optimal)
        #expect(close(result.objective, 16.5))
        #expect(close(result[x], 3.5))
        #expect(close(result[y], 1.5))
    }

    @Test(arguments: [false, true]) func infeasible(presolve: Bool) throws {
        var model = LinearModel()
        let x = model.addVariable()
        model.minimize(x.expression)
        model.add(x >= 5)
        model.add(x <= 3)
        let result = try solver.solve(model, options: SolveOptions(presolve: presolve))
        #expect(result.termination == .infeasible)
        #expect(!result.hasSolution)
        #expect(result.values.isEmpty)
    }

    @Test(arguments: [SolveOptions.SimplexAlgorithm.primal, .dual]) func unbounded(algorithm: SolveOptions.SimplexAlgorithm) throws {
        var model = LinearModel()
        let x = model.addVariable()
        let y = model.addVariable()
        model.maximize(x + y)
        model.add(x - y <= 1)
        let result = try solver.solve(model, options: SolveOptions(simplexAlgorithm: algorithm))
        #expect(result.termination == .unbounded)
    }

    @Test func unboundedWithPresolveIsReportedHonestly() throws {
        var model = LinearModel()
        let x = model.addVariable()
        let y = model.addVariable()
        model.maximize(x + y)
        model.add(x - y <= 1)
        let result = try solver.solve(model, options: SolveOptions(presolve: true))
        #expect([.unbounded, .infeasibleOrUnbounded].contains(result.termination))
        #expect(!result.hasSolution || result.termination == .unbounded)
    }

    @Test func emptyModels() throws {
        var model = LinearModel()
        let none = try solver.solve(model, options: SolveOptions(presolve: true))
        #expect(none.termination == .optimal)
        #expect(none.objective == 0)
        let x = model.addVariable(.continuous(lowerBound: 2, upperBound: 4))
        model.minimize(x.expression)
        let noRows = try solver.solve(model, options: SolveOptions(presolve: true))
        #expect(noRows.termination == .optimal)
        #expect(close(noRows[x], 2))
    }

    @Test func integralityIgnoredBySimplexMethod() throws {
        var model = LinearModel()
        let x = model.addVariable(.integer())
        model.maximize(x.expression)
        model.add(2 * x <= 3)
        let lp = try solver.solve(model, options: SolveOptions(method: .simplex))
        #expect(close(lp[x], 1.5))
        let mip = try solver.solve(model)
        #expect(close(mip[x], 1))
    }
}

@Suite struct MIPTests {
    /// 0/1 knapsack: values 10, 13, 7, 8; weights 5, 7, 4, 3; capacity 12 → items 0, 2, 3 (25)
    /// versus 1, 3 (21) or 0, 1 (23, weight 12): optimum 25 with weight 12.
    func knapsack() -> (LinearModel, [Variable]) {
        var model = LinearModel()
        let items = (0 ..< 4).map { model.addVariable(.binary("item\($0)")) }
        let value = [10.0, 13, 7, 8], weight = [5.0, 7, 4, 3]
        var objective = LinearExpression()
        var load = LinearExpression()
        for k in items.indices {
            objective.add(items[k], value[k])
            load.add(items[k], weight[k])
        }
        model.maximize(objective)
        model.add((load <= 12).named("capacity"))
        return (model, items)
    }

    @Test(arguments: [nil, false, true]) func knapsackOptimum(presolve: Bool?) throws {
        let (model, items) = knapsack()
        let result = try solver.solve(model, options: SolveOptions(presolve: presolve))
        #expect(result.termination == .optimal)
        #expect(close(result.objective, 25))
        #expect(close(result.bestBound, 25))
        #expect(close(result.relativeGap, 0))
        #expect(items.map { result[$0].rounded() } == [1, 0, 1, 1])
        #expect(result.rowDuals == nil)
    }

    @Test func generalIntegers() throws {
        // max x + y  s.t. 2x + 2y ≤ 7, x ≤ 2.5 (as a row), x, y integer ≥ 0 → x + y = 3
        var model = LinearModel()
        let x = model.addVariable(.integer("x"))
        let y = model.addVariable(.integer("y", lowerBound: 0, upperBound: 10))
        model.maximize(x + y)
        model.add(2 * x + 2 * y <= 7)
        model.add(x <= 2.5)
        let result = try solver.solve(model)
        #expect(result.termination == .optimal)
        #expect(close(result.objective, 3))
        #expect(result[x] == result[x].rounded())
    }

    @Test(arguments: [false, true]) func infeasibleMIP(presolve: Bool) throws {
        // 2x + 2y == 3 has no integer solution though its relaxation does.
        var model = LinearModel()
        let x = model.addVariable(.integer(upperBound: 5))
        let y = model.addVariable(.integer(upperBound: 5))
        model.minimize(x + y)
        model.add(2 * x + 2 * y == 3)
        let result = try solver.solve(model, options: SolveOptions(presolve: presolve))
        #expect(result.termination == .infeasible)
        #expect(!result.hasSolution)
    }

    @Test func unboundedRelaxation() throws {
        var model = LinearModel()
        let x = model.addVariable(.integer())
        model.maximize(x.expression)
        model.add(x >= 1)
        let result = try solver.solve(model)
        #expect(result.termination == .infeasibleOrUnbounded)
        #expect(!result.hasSolution)
    }

    @Test func startingSolutionAccepted() throws {
        let (model, _) = knapsack()
        let start = [0.0, 1, 0, 1]  // value 21, feasible, not optimal; relaxation is fractional
        let result = try solver.solve(model, options: SolveOptions(startingSolution: start))
        #expect(result.startingSolutionAccepted == true)
        #expect(result.termination == .optimal)
        #expect(close(result.objective, 25))
    }

    @Test func infeasibleStartingSolutionIsNotOffered() throws {
        let (model, _) = knapsack()
        let result = try solver.solve(model, options: SolveOptions(startingSolution: [1, 1, 1, 1]))
        #expect(result.startingSolutionAccepted == false)
        #expect(close(result.objective, 25))
    }

    @Test func startingSolutionOptionErrors() throws {
        let (model, _) = knapsack()
        #expect(throws: SolverError.invalidOptions("starting solution has 2 values for 4 variables")) {
            try solver.solve(model, options: SolveOptions(startingSolution: [0, 1]))
        }
        #expect(throws: SolverError.self) {
            try solver.solve(model, options: SolveOptions(startingSolution: [0, 1, 0, 1], presolve: true))
        }
        #expect(throws: SolverError.self) {
            try solver.solve(model, options: SolveOptions(startingSolution: [0, .nan, 0, 1]))
        }
    }

    /// min y  s.t. Σ 2·x_i + y == 2k + 1, x binary, y ∈ {0, 1}: y = 1 is found at once, but
    /// proving y = 0 impossible (an odd sum of even numbers) needs an exponential search.
    func parityModel(_ n: Int, withEscape: Bool) -> LinearModel {
        var model = LinearModel()
        let xs = model.addVariables(count: n, .binary())
        var row = LinearExpression.sum(xs) * 2
        if withEscape {
            let y = model.addVariable(.binary("y"))
            row += y
            model.minimize(y.expression)
        } else {
            model.minimize(LinearExpression.sum(xs))
        }
        model.add(row == Double(n) + 1)
        return model
    }

    // No `.timeLimit` trait on these: it counts from the test's start, and on 2 cores the
    // parallel batch tests can keep a started test off the CPU for over a minute (CI failed
    // that way). The solver's own `wallSeconds` is what the tests check.
    @Test(.tags(.slow), .inSlowSuite) func timeLimitStopsHardMIPWithSolution() throws {
        let model = parityModel(70, withEscape: true)
        let result = try solver.solve(model, options: SolveOptions(timeLimit: 1))
        #expect(result.termination == .timeLimit)
        #expect(result.wallSeconds < 3)
        #expect(result.hasSolution)
        #expect(close(result.objective, 1))
        #expect(model.firstViolation(in: result.values) == nil)
        #expect(result.bestBound != nil)
        #expect((result.relativeGap ?? 0) > 0)
    }

    @Test(.tags(.slow), .inSlowSuite) func timeLimitStopsHardMIPWithoutSolution() throws {
        let model = parityModel(70, withEscape: false)
        let result = try solver.solve(model, options: SolveOptions(timeLimit: 1, presolve: false))
        #expect(result.termination == .timeLimit)
        #expect(result.wallSeconds < 3)
        #expect(!result.hasSolution)
        #expect(result.objective == nil)
    }

    @Test func nodeLimitStopsAtTheSamePointEveryTime() throws {
        let model = parityModel(70, withEscape: true)
        let options = SolveOptions(presolve: false, nodeLimit: 50)
        let first = try solver.solve(model, options: options)
        let second = try solver.solve(model, options: options)
        #expect(first.termination == .nodeLimit)
        #expect(first.hasSolution && close(first.objective, 1))
        #expect(model.firstViolation(in: first.values) == nil)
        // A node limit, unlike a time limit, does not depend on the machine's speed.
        #expect(first.values == second.values)
        #expect(first.bestBound == second.bestBound)
    }

    /// A dense LP (rows × columns, coefficients 1…97 from a fixed LCG) whose simplex needs
    /// thousands of iterations: seconds of work.
    func denseLP(rows: Int = 400, columns: Int = 800) -> LinearModel {
        var model = LinearModel(sense: .maximize)
        let xs = model.addVariables(count: columns, .continuous())
        var state: UInt64 = 12_345
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double((state >> 33) % 97 + 1)
        }
        for _ in 0..<rows {
            var row = LinearExpression()
            for x in xs { row.add(x, next()) }
            model.add(row <= 1_000 + next())
        }
        var objective = LinearExpression()
        for x in xs { objective.add(x, next()) }
        model.maximize(objective)
        return model
    }

    // The deadline is enforced in the solver layer for every call (issue #17): a call without a
    // time limit gets the solver's fallback, so no GLPK call runs unbounded.
    @Test(.tags(.slow), .inSlowSuite) func fallbackTimeLimitStopsAMIPCalledWithoutOne() throws {
        let bounded = GLPKSolver(fallbackTimeLimit: 1)
        let result = try bounded.solve(parityModel(70, withEscape: false), options: SolveOptions(presolve: false))
        #expect(result.termination == .timeLimit)
        #expect(result.wallSeconds < 3)
    }

    /// A deadline a fifth of what the full solve took on this machine (at most 0.2 s):
    /// the stop does not depend on how fast the machine is.
    func deadline(for full: SolveResult) -> Double { min(0.2, max(0.005, full.wallSeconds / 5)) }

    @Test(.tags(.slow), .inSlowSuite) func timeLimitStopsALongLP() throws {
        let model = denseLP(rows: 600, columns: 1_200)
        let full = try GLPKSolver().solve(model, options: SolveOptions(method: .simplex))
        #expect(full.termination == .optimal)
        let limit = deadline(for: full)
        let result = try GLPKSolver().solve(model, options: SolveOptions(method: .simplex, timeLimit: limit))
        #expect(result.termination == .timeLimit, "full solve \(full.wallSeconds) s, limit \(limit) s")
        #expect(result.wallSeconds < full.wallSeconds)
        let fallback = try GLPKSolver(fallbackTimeLimit: limit).solve(model, options: SolveOptions(method: .simplex))
        #expect(fallback.termination == .timeLimit, "full solve \(full.wallSeconds) s, limit \(limit) s")
        #expect(fallback.wallSeconds < full.wallSeconds)
    }

    // Wall-clock (a deadline against a machine's speed): slow suite, like the other deadline tests (#15).
    @Test(.tags(.slow), .inSlowSuite) func sessionSolvesHaveTheFallbackDeadline() throws {
        let model = denseLP(rows: 600, columns: 1_200)
        let full = try GLPKSolver().solve(model, options: SolveOptions(method: .simplex))
        let limit = deadline(for: full)
        let session = try GLPKSolver(fallbackTimeLimit: limit).makeSession(for: model)
        let result = try session.solve()
        #expect(result.termination == .timeLimit, "full solve \(full.wallSeconds) s, limit \(limit) s")
        #expect(result.wallSeconds < full.wallSeconds)
    }

    @Test func iterationLimitStopsTheSimplexAtTheSamePointEveryTime() throws {
        let model = denseLP(rows: 200, columns: 400)
        let options = SolveOptions(method: .simplex, simplexAlgorithm: .primal, iterationLimit: 25)
        let first = try solver.solve(model, options: options)
        let second = try solver.solve(model, options: options)
        #expect(first.termination == .iterationLimit)
        #expect(first.hasSolution)  // primal simplex: every iterate is feasible
        #expect(first.values == second.values)
        let full = try solver.solve(model, options: SolveOptions(method: .simplex, simplexAlgorithm: .primal))
        #expect(full.termination == .optimal)
        #expect((first.objective ?? .infinity) <= (full.objective ?? 0) + 1e-6)
        #expect(throws: SolverError.self) { try solver.solve(model, options: SolveOptions(iterationLimit: -1)) }
    }

    @Test(.tags(.slow), .inSlowSuite) func relativeGapStopsEarly() throws {
        let model = parityModel(40, withEscape: true)
        // Any incumbent has gap 1 against bound 0, so a gap of 1 is "optimal within tolerance".
        let result = try solver.solve(model, options: SolveOptions(timeLimit: 20, relativeGap: 1))
        #expect(result.termination == .optimal)
        #expect(result.hasSolution)
        #expect(result.wallSeconds < 5)
    }
}

@Suite struct ValidationTests {
    func base() -> (LinearModel, Variable) {
        var model = LinearModel()
        let x = model.addVariable(.continuous("x", upperBound: 10))
        model.minimize(x.expression)
        return (model, x)
    }

    @Test func badModelsThrowBeforeGLPK() throws {
        var cases: [(String, LinearModel)] = []
        var (m, x) = base()
        m.setDefinition(.continuous("x", lowerBound: 3, upperBound: 1), of: x); cases.append(("lower > upper", m))
        (m, x) = base(); m.setDefinition(.continuous("x", lowerBound: .nan), of: x); cases.append(("NaN bound", m))
        (m, x) = base(); m.setDefinition(.integer("x", lowerBound: 0.5), of: x); cases.append(("fractional integer bound", m))
        (m, x) = base(); m.setDefinition(VariableDefinition(kind: .binary, lowerBound: 0, upperBound: 2), of: x); cases.append(("binary upper 2", m))
        (m, x) = base(); m.add(Constraint(x.expression, lowerBound: 5, upperBound: 4)); cases.append(("row lower > upper", m))
        (m, x) = base(); m.add(x <= .nan); cases.append(("NaN rhs", m))
        (m, x) = base(); m.add(x >= .infinity); cases.append(("+inf lower", m))
        (m, x) = base(); m.add(.nan * x <= 1); cases.append(("NaN coefficient", m))
        (m, x) = base(); m.add(.infinity * x <= 1); cases.append(("inf coefficient", m))
        (m, x) = base(); m.add(Variable(index: 7) <= 1); cases.append(("index out of range", m))
        (m, x) = base(); m.add(Variable(index: -1) <= 1); cases.append(("negative index", m))
        (m, x) = base(); m.addConstraint(variables: [x, x], coefficients: [1, 2], lowerBound: nil, upperBound: 1); cases.append(("duplicate", m))
        (m, x) = base(); m.objective = x * .nan; cases.append(("NaN objective", m))
        (m, x) = base(); m.objective = Variable(index: 3) * 1; cases.append(("objective index", m))
        (m, x) = base(); m.objective = x + .infinity; cases.append(("objective constant", m))
        for (label, model) in cases {
            var caught: SolverError?
            do throws(SolverError) { _ = try solver.solve(model) } catch { caught = error }
            guard case .invalidModel = caught else {
                Issue.record("\(label): expected invalidModel, got \(String(describing: caught))")
                continue
            }
            #expect(!(caught?.description.isEmpty ?? true), "\(label)")
        }
        // GLPK did not abort and still works on this thread.
        let (ok, _) = base()
        #expect(try solver.solve(ok).termination == .optimal)
    }

    @Test func errorMessagesNameTheCulprit() {
        var model = LinearModel()
        let x = model.addVariable(.continuous("assign_m1", lowerBound: 3, upperBound: 1))
        var caught: SolverError?
        do throws(SolverError) { _ = try solver.solve(model) } catch { caught = error }
        #expect(caught == .invalidModel(.invalidVariableBounds(x, name: "assign_m1", reason: "lower bound 3.0 > upper bound 1.0")))
        #expect(caught?.description == "invalid model: variable x0 \"assign_m1\": lower bound 3.0 > upper bound 1.0")
    }

    @Test func badOptions() {
        let (model, _) = base()
        #expect(throws: SolverError.self) { try solver.solve(model, options: SolveOptions(timeLimit: -1)) }
        #expect(throws: SolverError.self) { try solver.solve(model, options: SolveOptions(relativeGap: .nan)) }
        #expect(throws: SolverError.self) { try solver.solve(model, options: SolveOptions(method: .simplex, startingSolution: [0])) }
    }
}

@Suite struct GuardTests {
    @Test func fatalErrorBecomesSwiftErrorAndInvalidatesThreadSessions() throws {
        var model = LinearModel()
        let x = model.addVariable()
        model.minimize(x.expression)
        let session = try GLPKSession(model)
        var caught: SolverError?
        do throws(SolverError) { try GLPKProblem.provokeFatalErrorForTesting() } catch { caught = error }
        guard case let .solverFailure(operation, output) = caught else {
            Issue.record("expected solverFailure, got \(String(describing: caught))")
            return
        }
        #expect(operation == "glp_set_mat_col")
        #expect(output.contains("duplicate"))
        // The thread's GLPK environment was reset: the old session refuses, new work succeeds.
        #expect(throws: SolverError.self) { try session.solve() }
        #expect(try solver.solve(model).termination == .optimal)
        let fresh = try GLPKSession(model)
        #expect(try fresh.solve().termination == .optimal)
    }
}
