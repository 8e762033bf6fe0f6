/// CohortCore: the pure core of cohort — domain, rules, CSV, roster validation
/// and model building. Nothing here reads or writes files or talks to GLPK.
public enum CohortCore {
    /// The version printed by `cohort --version`.
    public static let version = "0.1.0"
}
