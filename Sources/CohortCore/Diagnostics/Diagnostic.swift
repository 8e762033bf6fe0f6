/// One problem found in the input, located as `FILE:LINE: column COLUMN`
/// (or `--FLAG:` for a command-line flag).
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// Where in a line the problem is.
    public enum Column: Sendable, Hashable, CustomStringConvertible {
        /// A CSV column, by its header name.
        case name(String)
        /// A 1-based field number: CSV syntax errors, ragged rows, a header
        /// cell without a name, a problem with the whole file (1).
        case field(Int)
        /// A policy key, in the policy file or in `--set KEY=VALUE` (the file is then `--set`,
        /// the line the N-th `--set`).
        case key(String)
        /// A command-line flag that sets a policy key (`--time-limit`, `--quarter-start`, `--seed`):
        /// the whole location.
        case flag(String)

        /// The column as printed after `column `, or the flag.
        public var description: String {
            switch self {
            case .name(let s), .key(let s), .flag(let s): s
            case .field(let n): String(n)
            }
        }
    }

    public enum Severity: String, Sendable, Hashable {
        /// The run stops before solving.
        case error
        /// Reported; the run goes on.
        case warning
    }

    public var severity: Severity
    /// The file as the user named it.
    public var file: String
    /// 1-based line (the header is line 1).
    public var line: Int
    public var column: Column
    public var problem: InputProblem
    /// The offending value as written, if any.
    public var value: String?

    public init(_ severity: Severity, file: String, line: Int, column: Column, _ problem: InputProblem, value: String? = nil) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.problem = problem
        self.value = value
    }

    /// A problem with a command-line flag (`--time-limit 1e308`).
    public init(_ severity: Severity, flag: String, _ problem: InputProblem, value: String? = nil) {
        self.init(severity, file: flag, line: 0, column: .flag(flag), problem, value: value)
    }

    /// `FILE:LINE: column COLUMN: message (value)` (`--FLAG: message (value)`
    /// for a flag), with `warning: ` before the message for warnings.
    public var description: String {
        var s: String
        if case .flag(let flag) = column { s = "\(flag): " } else { s = "\(file):\(line): column \(column): " }
        if severity == .warning { s += "warning: " }
        s += problem.message
        if let value { s += " (\(value))" }
        return s
    }
}

/// Every kind of input problem cohort reports (SPEC §2 "Bad input").
public enum InputProblem: Sendable, Hashable {
    case unreadableFile(String)
    case csvSyntax(String)
    case invalidUTF8
    case emptyFile
    case missingColumn
    case duplicateColumn
    case unknownColumn
    case raggedRow(expected: Int, found: Int)
    case requiredValueMissing
    case duplicateID(firstLine: Int)
    case unknownStage
    case unknownStatus
    case notABoolean
    case notAnInteger
    case notANumber
    case outOfRange(String)
    case availability(AvailabilityProblem)
    case overlappingWindows
    case offGridTime
    case unknownTimeZone
    case offsetOffGrid(minutes: Int)
    case unknownMember
    case unknownProject
    case selfReference
    case capacityCapped(to: Int)
    case memberInTwoProjects(firstProject: String, firstLine: Int)
    case tooManyPreassigned(count: Int, maxSize: Int)
    case sizeRange(min: Int, max: Int)
    case preassignedNotEligible(String)
    case projectChoicesWithoutProjects
    case unknownPolicyKey(didYouMean: String?)
    case policySyntax(String)
    case policyType(expected: String)
    case invalidPolicyValue(String)
    case duplicatePolicyKey(firstLine: Int)
    case stagesWithoutTrack([Int])
    case podNotEligible(status: String)
    case teammateAvoided
    case teammateSelf
    case teammateTwice
    case namedTwice
    case teammateNotOnTeams(String)
    case teammatesOfMemberNotOnTeams(String)
    case labelLookalike(of: String, members: Int, count: Int, rule: String)
    case oneValueOnly
    case unknownBalanceValue(known: [String], didYouMean: String?)
    case groupRuleWithoutGroups

    public var message: String {
        switch self {
        case .unreadableFile(let why): "cannot read the file: \(why)"
        case .csvSyntax(let why): why
        case .invalidUTF8: "invalid UTF-8: save the file as UTF-8"
        case .emptyFile: "the file is empty: a header row is required"
        case .missingColumn: "required column is missing from the header"
        case .duplicateColumn: "column appears twice in the header"
        case .unknownColumn: "unknown column, ignored"
        case .raggedRow(let expected, let found): "row has \(found) fields but the header has \(expected)"
        case .requiredValueMissing: "a value is required"
        case .duplicateID(let first): "duplicate id, first used on line \(first)"
        case .unknownStage: "unknown stage: use 1-5 or exploration, foundation, application, mentorship, leadership"
        case .unknownStatus: "unknown status: use active, trial, paused or inactive"
        case .notABoolean: "expected yes or no"
        case .notAnInteger: "expected a whole number"
        case .notANumber: "expected a number"
        case .outOfRange(let range): "value out of range: \(range)"
        case .availability(let p): p.message
        case .overlappingWindows: "overlapping availability windows, merged"
        case .offGridTime: "availability time not on the 15-minute grid, rounded inwards"
        case .unknownTimeZone: "unknown time zone: use an IANA name such as Europe/Berlin or Asia/Kolkata"
        case .offsetOffGrid(let m): "time zone offset \(m) minutes is not a multiple of 15, windows rounded inwards"
        case .unknownMember: "no member has this id"
        case .unknownProject: "no project has this id"
        case .selfReference: "a member cannot name themselves here"
        case .capacityCapped(let cap): "mentor_capacity above max_mentees, capped to \(cap)"
        case .memberInTwoProjects(let project, let line): "member is already on project \(project) (line \(line))"
        case .tooManyPreassigned(let count, let maxSize): "\(count) pre-assigned members exceed the project's maximum size of \(maxSize)"
        case .sizeRange(let lo, let hi): "min_size \(lo) is greater than max_size \(hi)"
        case .preassignedNotEligible(let why): "pre-assigned member \(why) and will not be placed on a team"
        case .projectChoicesWithoutProjects: "project choices given but no projects file, ignored"
        case .unknownPolicyKey(let suggestion): "unknown policy key, ignored" + (suggestion.map { "; did you mean \($0)?" } ?? "")
        case .policySyntax(let why): why
        case .policyType(let expected): "expected \(expected)"
        case .invalidPolicyValue(let why): why
        case .duplicatePolicyKey(let first): "key set twice, first on line \(first)"
        case .stagesWithoutTrack(let stages):
            (stages.count == 1 ? "stage \(stages[0]) is" : "stages " + stages.map(String.init).joined(separator: ", ") + " are")
                + " in no workshop track: members at \(stages.count == 1 ? "that stage" : "those stages") get no workshop"
        case .podNotEligible(let status): "member is \(status): only active and trial members join a study pod, ignored"
        case .teammateAvoided: "also listed under avoid: avoid wins, the teammate wish is ignored"
        case .teammateSelf: "a teammate wish naming the member themselves, ignored"
        case .teammateTwice: "teammate named twice, counted once"
        case .namedTwice: "named twice, counted once, at the first place"
        case .teammateNotOnTeams(let why): "this member \(why), so the teammate wish cannot be honoured"
        case .teammatesOfMemberNotOnTeams(let why): "the member \(why), so their teammate wishes cannot be honoured"
        case .labelLookalike(let other, let members, let count, let rule):
            "looks like a misspelling of '\(other)' (\(members) member\(members == 1 ? "" : "s")), "
                + "but \(rule) \(rule.contains(" and ") ? "compare" : "compares") values as written (ignoring case): "
                + (count == 1 ? "this member counts" : "these \(count) members (first here) count") + " as a value of their own"
        case .oneValueOnly: "one value only: ';' separates list items and cannot be part of a value"
        case .unknownBalanceValue(let known, let suggestion):
            "no member has this balance value, so it never applies ("
                + (known.isEmpty ? "no member has a balance value" : "the roster has " + known.map { "'" + $0 + "'" }.joined(separator: ", ")) + ")"
                + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
        case .groupRuleWithoutGroups: "no member has a group (members.csv column group), so the rule never applies"
        }
    }
}

/// A file's name as the user gave it and its bytes.
public struct InputFile: Sendable {
    public var name: String
    public var bytes: [UInt8]
    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }
}
