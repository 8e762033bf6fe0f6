import Testing

@testable import CohortCore

/// The certificate LP `PairingSolver` hands its LP solver (docs/mentoring.md
/// §3.4), read off a `FakeSolver`: GLPK is not the point here, the model and
/// the engine's basis are.
@Suite struct PairingModelTests {
    /// Two mentees, two mentors with one place each, every pair allowed.
    static let square = PairingSolverFailureTests.square

    /// The fake confirms the basis it is given, without a pivot, and answers
    /// with the basic values and zero duals.
    static func confirmingSolver() -> FakeSolver {
        FakeSolver { call in
            guard case .session(let session, _) = call, let basis = session.basis else { return .ended(.numericalFailure) }
            let values = basis.variables.map { $0 == .atUpper ? 1.0 : 0.0 }
            return SolveResult(termination: .optimal, hasSolution: true, objective: 0, bestBound: 0, relativeGap: 0, wallSeconds: 0,
                               values: values, rowDuals: [Double](repeating: 0, count: session.constraintCount), iterations: 0)
        }
    }

    @Test func rowsColumnsAndEngineBasis() throws {
        let solver = Self.confirmingSolver()
        let solution = try PairingSolver.solve(Self.square, solver: solver, threads: 1)
        // The first LP holds the tree arcs and the arcs at their upper bound
        // only; with the fake's zero duals an arc left out prices out (a pair's
        // cost is −quality), so the LP is solved again over every arc.
        #expect(solver.sessions.count == 2 && solver.models.isEmpty)
        let first = try #require(solver.sessions.first)
        #expect(first.model.variableCount < 8 && first.basisChecked)
        let session = try #require(solver.sessions.last)
        #expect(session.basisChecked)
        // Rows: one per node of the circulation — the hub, 2 mentees, 2 mentors —
        // each fixed at supply 0 (flow out − flow in).
        let model = session.model
        #expect(model.constraintCount == 5)
        for r in 0..<5 {
            let row = model.constraint(ConstraintID(index: r))
            #expect(row.lowerBound == 0 && row.upperBound == 0)
        }
        // Columns: the 4 pairs (mentee → mentor, cost −quality), 2 hub arcs
        // (hub → mentee, cost −W), 2 first places (mentor → hub, cost 0), all 0…1.
        #expect(model.variableCount == 8)
        let g = Self.square
        let objective = Dictionary(uniqueKeysWithValues: zip(model.objective.variables.map(\.index), model.objective.coefficients))
        for e in 0..<4 {
            #expect(objective[e] == -Double(g.quality[e]))
            #expect(model.variables[e].upperBound == 1)
        }
        #expect(objective[4] == objective[5] && objective[4]! < -Double(g.quality.max()! + g.extraPlaceCost) * 2)
        #expect(objective[6] == nil && objective[7] == nil)
        // Each column leaves one node and enters another (the hub's arcs included).
        var entries = [Int: [Double]]()
        for r in 0..<5 {
            let terms = model.terms(of: ConstraintID(index: r))
            for (v, c) in zip(terms.variables, terms.coefficients) { entries[v.index, default: []].append(c) }
        }
        #expect((0..<8).allSatisfy { entries[$0]?.sorted() == [-1, 1] })
        // The basis is the engine's spanning tree: one basic status per row.
        let basis = try #require(session.basis)
        #expect((basis.constraints + basis.variables).count { $0 == .basic } == model.constraintCount)
        // The optimum: the two best pairs (5 + 6), certified by the (fake) LP solver.
        #expect(Set(solution.chosenPair) == [0, 3])
        #expect(solution.quality.objective == 11)
        #expect(solution.quality.status == .optimal && solution.cardinality.objective == 2)
        #expect(solution.quality.certifiedBy == "glpk" && solution.quality.glpkPivots == 0)
    }
}
