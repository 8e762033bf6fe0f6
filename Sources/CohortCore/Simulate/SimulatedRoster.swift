/// A generated roster as a validated `Cohort`: exactly what `cohort generate`
/// writes, read back as `cohort match` would read it.
public enum SimulatedRoster {
    /// The run date given to the reader. The generated policy fixes
    /// `quarter_start`, so the date has no effect on the result.
    public static let runDate = CalendarDate(year: 2027, month: 1, day: 1)!

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    /// Generates the roster for `parameters`, writes its files as text and
    /// reads them back. `timeLimitSeconds` is applied as `--time-limit` would be.
    public static func cohort(_ parameters: RosterGenerator.Parameters, timeLimitSeconds: Double? = nil) throws(Invalid) -> Cohort {
        let roster = RosterGenerator(parameters: parameters).generate()
        let writer = CSVWriter(neutralizesFormulas: false)
        let members = InputFile(name: "members.csv", bytes: Array(writer.write(header: roster.members.header, rows: roster.members.rows).utf8))
        let projects = InputFile(name: "projects.csv", bytes: Array(writer.write(header: roster.projects.header, rows: roster.projects.rows).utf8))
        let policy = InputFile(name: "policy.toml", bytes: Array(roster.policyTOML.utf8))
        var overrides: [PolicyReader.Override] = []
        if let timeLimitSeconds { overrides.append(.init(key: "time_limit_seconds", value: String(timeLimitSeconds))) }
        let outcome = RosterReader.read(members: members, projects: projects, policy: policy, overrides: overrides, runDate: runDate)
        guard let cohort = outcome.cohort else {
            let first = outcome.errors.prefix(3).map(\.description).joined(separator: "; ")
            throw Invalid(description: "the generated roster (\(parameters.memberCount) members, seed \(parameters.seed)) does not validate: \(first)")
        }
        return cohort
    }
}
