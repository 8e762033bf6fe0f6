/// How one optimization phase ended, for summary.json and the report.
public struct PhaseOutcome: Sendable {
    public enum Status: String, Sendable, Hashable {
        /// Proven optimal.
        case optimal
        /// A feasible answer not proven optimal (see `gap`, and `stoppedBy` for what ended the phase).
        case feasible
        /// Nothing to decide.
        case empty
    }
    public var status: Status
    public var objective: Double
    public var bound: Double
    public var seconds: Double
    /// Relative gap between objective and bound (0 when optimal).
    public var gap: Double { abs(bound - objective) / max(1, abs(objective)) }
    /// Facts about the solve, in a fixed order: ("lp_solves", 6), …
    public var details: [(name: String, value: Int)] = []
    /// What ended the phase, when it says: "optimal", "no improving move", "work budget" or
    /// "time limit" (summary.json `stopped_by`; the report's wording follows it).
    public var stoppedBy: String?
    /// What proved `status`: "glpk" (GLPK confirmed an engine's optimal
    /// basis), "konig" (a König cover as large as the matching), "engine" (the
    /// engine's own optimality conditions, not confirmed by GLPK); nil when
    /// nothing was proven or the phase does not say.
    public var certifiedBy: String?
    /// Simplex pivots GLPK made from the engine's basis while certifying (0: it was optimal).
    public var glpkPivots: Int?
    /// Seconds inside the combinatorial engine (network simplex pivots), part of `seconds`.
    public var engineSeconds: Double?
    /// The team phase's two sides (docs/teams.md §6): seconds of the search (annealing, exact
    /// neighbourhoods, the small-roster MIP and the isolation repair) and of the quality bounds.
    /// They run side by side on two threads, so they overlap and need not add up to `seconds`.
    public var searchSeconds: Double?
    public var boundSeconds: Double?

    public init(status: Status, objective: Double, bound: Double, seconds: Double, details: [(name: String, value: Int)] = []) {
        self.status = status
        self.objective = objective
        self.bound = bound
        self.seconds = seconds
        self.details = details
    }
}
