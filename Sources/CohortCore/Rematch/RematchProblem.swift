/// Why `cohort rematch` cannot go on (exit 1): its request names the wrong
/// people, or its `--from` directory is not the output of `cohort match` on
/// these inputs. Prints as `--release ID: …` or `PATH:LINE: …` (docs/rematch.md).
public enum RematchProblem: Sendable, Hashable, CustomStringConvertible {
    /// None of `--release`, `--change`, `--leave`, `--dissolve-team`.
    case nothingRequested
    /// An id in `--release`, `--change` or `--leave` that is no member of the roster.
    case unknownMember(flag: String, id: String)
    /// One member both released and changed.
    case releasedAndChanged(id: String)
    /// A released member who neither mentors nor backs up anyone in that run.
    case noDuties(id: String, pairings: String)
    /// A mentee asking for a change who has no mentor in that run.
    case noMentor(id: String, pairings: String)
    /// A member taken off their team (`--leave`) who is on no team in that run's teams.csv.
    case onNoTeam(id: String, teams: String)
    /// A `--dissolve-team` id that is no team of that run's teams.csv (`known`: its first and last team ids, empty when it lists none).
    case unknownTeam(id: String, teams: String, known: [String])
    /// A file of the `--from` directory, at a line.
    case previousRun(path: String, line: Int, PreviousRunProblem)

    public var description: String {
        switch self {
        case .nothingRequested: "rematch: give at least one --release MENTOR_ID, --change MENTEE_ID, --leave MEMBER_ID or --dissolve-team TEAM_ID"
        case .unknownMember(let flag, let id): "\(flag) \(id): no member with this id in the roster"
        case .releasedAndChanged(let id): "--release \(id) and --change \(id): one member cannot be both"
        case .noDuties(let id, let pairings): "--release \(id): \(id) is neither a mentor nor a backup mentor in \(pairings)"
        case .noMentor(let id, let pairings): "--change \(id): \(id) has no mentor in \(pairings) (nothing to change)"
        case .onNoTeam(let id, let teams): "--leave \(id): \(id) is on no team in \(teams)"
        case .unknownTeam(let id, let teams, let known):
            "--dissolve-team \(id): no team \(id) in \(teams) (" + (known.isEmpty ? "it lists no team" : "its teams are " + known.joined(separator: "–")) + ")"
        case .previousRun(let path, let line, let problem): "\(path):\(line): \(problem.message)"
        }
    }
}

/// What is wrong with a file of the `--from` directory.
public enum PreviousRunProblem: Sendable, Hashable {
    case missing
    case empty
    case csvSyntax(String)
    case missingColumn(String)
    case unknownMember(column: String, id: String)
    case quarterStart(was: String, now: String)
    case notAnInput(file: String, sha256: String)
    case inputCount(was: Int, now: Int)
    case policyChanged(key: String, was: String, now: String)
    case policyNotSetThen(key: String, now: String)
    /// The file differs from what these inputs give, first at this line.
    case differs(found: String, wanted: String)

    public var message: String {
        switch self {
        case .missing: "missing; --from must be a directory written by `cohort match`"
        case .empty: "empty; --from must be a directory written by `cohort match`"
        case .csvSyntax(let why): why
        case .missingColumn(let column): "column \(column): missing"
        case .unknownMember(let column, let id): "column \(column): no member '\(id)' in the roster"
        case .quarterStart(let was, let now):
            "quarter_start was \(was), this run has \(now) (pass --quarter-start \(was) or the same policy)"
        case .notAnInput(let file, let sha256):
            "\(file) is not an input of that run (its sha256 \(sha256.prefix(12))… is not among the digests recorded); rematch needs the same members, projects and policy files"
        case .inputCount(let was, let now):
            "that run read \(was) input file(s), this one \(now); rematch needs the same members, projects and policy files"
        case .policyChanged(let key, let was, let now): "policy \(key) was \(was), this run has \(now)"
        case .policyNotSetThen(let key, let now): "policy \(key) is \(now) in this run but was not set in that one"
        case .differs(let found, let wanted):
            "is \(found), but this roster and policy give \(wanted); --from must be the output of `cohort match` with these inputs (and no time limit cutting a solve short)"
        }
    }
}
