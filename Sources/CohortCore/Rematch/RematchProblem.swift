/// Why `cohort rematch` cannot go on (exit 1): its request names the wrong
/// people, or its `--from` directory is not the output of `cohort match` on
/// these inputs. Prints as `--release ID: …` or `PATH:LINE: …` (docs/rematch.md).
public enum RematchProblem: Sendable, Hashable, CustomStringConvertible {
    /// Neither `--release` nor `--change`.
    case nothingRequested
    /// An id in `--release` or `--change` that is no member of the roster.
    case unknownMember(flag: String, id: String)
    /// One member both released and changed.
    case releasedAndChanged(id: String)
    /// A released member who neither mentors nor backs up anyone in that run.
    case noDuties(id: String, pairings: String)
    /// A mentee asking for a change who has no mentor in that run.
    case noMentor(id: String, pairings: String)
    /// A file of the `--from` directory, at a line.
    case previousRun(path: String, line: Int, PreviousRunProblem)

    public var description: String {
        switch self {
        case .nothingRequested: "rematch: give at least one --release MENTOR_ID or --change MENTEE_ID"
        case .unknownMember(let flag, let id): "\(flag) \(id): no member with this id in the roster"
        case .releasedAndChanged(let id): "--release \(id) and --change \(id): one member cannot be both"
        case .noDuties(let id, let pairings): "--release \(id): \(id) is neither a mentor nor a backup mentor in \(pairings)"
        case .noMentor(let id, let pairings): "--change \(id): \(id) has no mentor in \(pairings) (nothing to change)"
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
