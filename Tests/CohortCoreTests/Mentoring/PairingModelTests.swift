import Testing

@testable import CohortCore

/// The quality LP `PairingSolver` builds (docs/mentoring.md §2), read off a
/// `FakeSolver`: GLPK is not the point here, the model and its start are.
@Suite struct PairingModelTests {
    /// Two mentees, two mentors with one place each, every pair allowed.
    static let square = PairingSolverFailureTests.square

    /// The fake answers with the starting basis itself (a pair is chosen when its
    /// column is not at its lower bound) and duals that price nothing in.
    static func startingBasisSolver() -> FakeSolver {
        FakeSolver { call in
            guard case .session(let session, _) = call, let basis = session.basis else { return .ended(.numericalFailure) }
            let values = basis.variables.map { $0 == .atLower ? 0.0 : 1.0 }
            return SolveResult(termination: .optimal, hasSolution: true, objective: 0, bestBound: 0, relativeGap: 0, wallSeconds: 0,
                               values: values, rowDuals: [Double](repeating: 1_000, count: session.constraintCount))
        }
    }

    @Test func rowsColumnsAndStartingBasis() throws {
        let solver = Self.startingBasisSolver()
        let solution = try PairingSolver.solve(Self.square, solver: solver, threads: 1)
        let session = try #require(solver.sessions.first)
        #expect(solver.sessions.count == 1 && solver.models.isEmpty)
        // Rows: each mentor at most its one place, then each mentee paired (= 1:
        // every maximum matching pairs both).
        #expect(session.model.constraintCount == 4)
        let rows = (0..<4).map { session.model.constraint(ConstraintID(index: $0)) }
        #expect(rows[0..<2].allSatisfy { $0.upperBound == 1 })
        #expect(rows[2..<4].allSatisfy { $0.lowerBound == 1 && $0.upperBound == 1 })
        // Columns: one per pair in the restricted master, objective = the pair's quality,
        // a 1 in its mentor's row and its mentee's row.
        let g = Self.square
        #expect(session.columns.count == g.pairCount)
        for column in session.columns {
            #expect(column.coefficients == [1, 1] && column.constraints.count == 2)
            let mentorRow = column.constraints[0].index, menteeRow = column.constraints[1].index - 2
            let pair = g.pairs(of: menteeRow).first { Int(g.partner[$0]) == mentorRow }
            #expect(pair.map { Double(g.quality[$0]) } == column.objective)
        }
        // The start is a basis: exactly one basic status per row.
        let basis = try #require(session.basis)
        #expect((basis.constraints + basis.variables).count { $0 == .basic } == session.constraintCount)
        // The answer is that start: a perfect matching, its quality the objective.
        #expect(Set(solution.chosenPair.map { Int(g.partner[$0]) }) == [0, 1])
        #expect(solution.quality.objective == Double(solution.chosenPair.reduce(0) { $0 + Int(g.quality[$1]) }))
        #expect(solution.quality.status == .optimal && solution.cardinality.objective == 2)
    }
}
