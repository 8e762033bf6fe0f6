import CohortCore
import CohortSolver
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs `body` on a fresh POSIX thread and waits for it.
private func runOnNewThread(_ body: @escaping @Sendable () -> Void) {
    final class Payload { let body: @Sendable () -> Void; init(_ body: @escaping @Sendable () -> Void) { self.body = body } }
    let payload = Unmanaged.passRetained(Payload(body)).toOpaque()
    #if canImport(Glibc)
    var thread = pthread_t()
    #else
    var thread: pthread_t?
    #endif
    let created = pthread_create(&thread, nil, { raw in
        Unmanaged<Payload>.fromOpaque(raw!).takeRetainedValue().body()
        return nil
    }, payload)
    precondition(created == 0)
    #if canImport(Glibc)
    pthread_join(thread, nil)
    #else
    pthread_join(thread!, nil)
    #endif
}

private func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-7) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tolerance * max(1, abs(b))
}

/// Column generation for a tiny cutting-stock problem: rolls of width 10; demand 4 pieces of
/// width 3 and 2 pieces of width 4. The master LP covers demand with cutting patterns; new
/// patterns are priced with the row duals.
@Suite struct SessionTests {
    /// max 3x + 2y  s.t.  x + y ≤ 4,  x ≤ 3,  x, y ≥ 0: optimum x = 3, y = 1 (both rows tight).
    func smallLP() throws -> (any LinearProgramSession, [Variable]) {
        var model = LinearModel(sense: .maximize)
        let x = model.addVariable(), y = model.addVariable()
        model.maximize(3 * x + 2 * y)
        model.add(x + y <= 4)
        model.add(x <= 3)
        return (try GLPKSolver().makeSession(for: model), [x, y])
    }

    @Test func aGivenOptimalBasisNeedsNoWork() throws {
        let (session, vars) = try smallLP()
        // The optimal basis: x and y basic, both rows at their upper bounds.
        try session.setBasis(constraints: [.atUpper, .atUpper], variables: [.basic, .basic])
        let result = try session.solve(options: SolveOptions(simplexAlgorithm: .primal))
        #expect(result.termination == .optimal)
        #expect(close(result.objective, 11))
        #expect(close(result.values[vars[0].index], 3) && close(result.values[vars[1].index], 1))
    }

    @Test func aMiscountedBasisIsRefusedAndAnyValidOneWorks() throws {
        let (session, _) = try smallLP()
        #expect(throws: SolverError.invalidOptions("basis has 3 basic entries for 2 constraints")) {
            try session.setBasis(constraints: [.basic, .atUpper], variables: [.basic, .basic])
        }
        // Another valid basis (y basic, row 1 basic): the simplex goes on from it to the optimum.
        try session.setBasis(constraints: [.basic, .atUpper], variables: [.atLower, .basic])
        let result = try session.solve(options: SolveOptions(simplexAlgorithm: .primal))
        #expect(result.termination == .optimal)
        #expect(close(result.objective, 11))
    }

    @Test func columnGenerationImprovesObjectiveAndUsesDuals() throws {
        let widths = [3.0, 4.0], demand = [4.0, 2.0], roll = 10.0
        var master = LinearModel()
        master.sense = .minimize
        // Start with one single-width pattern per piece: ⌊10/3⌋ = 3 and ⌊10/4⌋ = 2 per roll.
        let rows = widths.indices.map { i in
            master.addConstraint(variables: [Variable](), coefficients: [Double](), lowerBound: demand[i], upperBound: nil)
        }
        let session = try GLPKSolver().makeSession(for: master)
        #expect(session.constraintCount == 2)
        try session.addColumn(Column(objective: 1, entries: [(rows[0], 3)]))
        try session.addColumn(Column(objective: 1, entries: [(rows[1], 2)]))

        let first = try session.solve()
        #expect(first.termination == .optimal)
        #expect(close(first.objective, 4.0 / 3 + 1))  // 4/3 rolls for the 3s, 1 roll for the 4s
        let duals = try #require(first.rowDuals)
        #expect(close(duals[0], 1.0 / 3))
        #expect(close(duals[1], 0.5))

        // Pricing (knapsack by enumeration): pattern a maximizing Σ dual·a with Σ width·a ≤ 10.
        var best: [Double] = [], bestValue = 0.0
        for a0 in 0 ... 3 { for a1 in 0 ... 2 where Double(a0) * widths[0] + Double(a1) * widths[1] <= roll {
            let value = Double(a0) * duals[0] + Double(a1) * duals[1]
            if value > bestValue { bestValue = value; best = [Double(a0), Double(a1)] }
        } }
        #expect(best == [2, 1])       // 3 + 3 + 4 ≤ 10, value 2/3 + 1/2 = 7/6
        #expect(1 - bestValue < 0)    // reduced cost negative: the column improves the master
        let pattern = try session.addColumn(Column(objective: 1, constraints: rows, coefficients: best))
        #expect(pattern.index == 2)

        let second = try session.solve()
        #expect(second.termination == .optimal)
        let improved = try #require(second.objective)
        #expect(improved < first.objective! - 1e-9)
        // Optimum with the mixed pattern: 2 rolls of (3,3,4) cover everything → 2.
        #expect(close(improved, 2))
        #expect(close(second[pattern], 2))
        // No remaining column prices out.
        let newDuals = try #require(second.rowDuals)
        var maxValue = 0.0
        for a0 in 0 ... 3 { for a1 in 0 ... 2 where Double(a0) * widths[0] + Double(a1) * widths[1] <= roll {
            maxValue = max(maxValue, Double(a0) * newDuals[0] + Double(a1) * newDuals[1])
        } }
        #expect(maxValue <= 1 + 1e-9)
    }

    @Test func objectiveBoundsAndRowsChangeWarmStarted() throws {
        var model = LinearModel()
        let x = model.addVariable(.continuous("x", upperBound: 4))
        let y = model.addVariable(.continuous("y", upperBound: 4))
        model.maximize(x + y)
        model.add(x + 2 * y <= 6)
        let session = try GLPKSolver().makeSession(for: model)
        #expect(close(try session.solve().objective, 5))           // x = 4, y = 1

        try session.setObjectiveCoefficient(of: y, to: 3)            // max x + 3y
        let b = try session.solve()
        #expect(close(b.objective, 9))                               // x = 0, y = 3 beats x = 4, y = 1 (7)

        try session.setBounds(of: y, lower: 0, upper: 2)             // y ≤ 2 → x = 2, y = 2 → 8
        #expect(close(try session.solve().objective, 8))

        let cut = try session.add(x + y + x <= 5)                    // merged: 2x + y ≤ 5 → x = 1.5, y = 2 → 7.5
        #expect(cut.index == 1)
        let c = try session.solve(options: SolveOptions(simplexAlgorithm: .primal))
        #expect(close(c.objective, 7.5))
        #expect(c.rowDuals?.count == 2)

        try session.setBounds(of: x, lower: 3, upper: nil)           // 2x ≤ 5 with x ≥ 3: infeasible
        #expect(try session.solve().termination == .infeasible)
    }

    @Test func sessionRejectsBadInput() throws {
        var model = LinearModel()
        let x = model.addVariable()
        model.minimize(x.expression)
        let row = model.add(x >= 1)
        let session = try GLPKSolver().makeSession(for: model)
        #expect(throws: SolverError.invalidModel(.constraintOutOfRange(ConstraintID(index: 5), constraintCount: 1))) {
            try session.addColumn(Column(objective: 1, entries: [(ConstraintID(index: 5), 1)]))
        }
        #expect(throws: SolverError.self) { try session.addColumn(Column(objective: 1, entries: [(row, 1), (row, 2)])) }
        #expect(throws: SolverError.self) { try session.addColumn(Column(objective: .nan, entries: [])) }
        #expect(throws: SolverError.self) { try session.addColumns([Column(objective: 1, entries: []), Column(.continuous(lowerBound: 2, upperBound: 1), objective: 1, entries: [])]) }
        #expect(session.variableCount == 1)  // nothing of a rejected batch was added
        #expect(throws: SolverError.self) { try session.setBounds(of: x, lower: 2, upper: 1) }
        #expect(throws: SolverError.self) { try session.setObjectiveCoefficient(of: Variable(index: 9), to: 1) }
        #expect(throws: SolverError.self) { try session.add(Variable(index: 9) <= 1) }
        #expect(throws: SolverError.self) { try session.solve(options: SolveOptions(method: .branchAndCut)) }
        #expect(close(try session.solve().objective, 1))
    }

    @Test func sessionIsThreadBound() throws {
        var model = LinearModel()
        let x = model.addVariable()
        model.minimize(x.expression)
        final class Box: @unchecked Sendable { var session: (any LinearProgramSession)? }
        let box = Box()
        let frozen = model
        runOnNewThread { box.session = try? GLPKSolver().makeSession(for: frozen) }
        let session = try #require(box.session)
        #expect(throws: SolverError.self) { try session.solve() }
        box.session = nil  // released on another thread: leaks, must not crash
    }
}
