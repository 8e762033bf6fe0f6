import Foundation
import Testing

/// One fixture directory under Datasets/invalid and the exact problems
/// `cohort validate` must print for it, in order.
struct InvalidCase: Sendable, CustomTestStringConvertible {
    var directory: String
    var problems: [String]
    var testDescription: String { directory }

    /// `validate members.csv [--projects projects.csv] [--policy policy.toml]`,
    /// naming only the files the fixture has (run inside the fixture, so the
    /// messages carry the bare file names).
    var arguments: [String] {
        var args = ["validate", "members.csv"]
        let dir = Paths.invalid.appendingPathComponent(directory)
        if FileManager.default.fileExists(atPath: dir.appendingPathComponent("projects.csv").path) {
            args += ["--projects", "projects.csv"]
        }
        if FileManager.default.fileExists(atPath: dir.appendingPathComponent("policy.toml").path) {
            args += ["--policy", "policy.toml"]
        }
        return args
    }
}

let stageHelp = "unknown stage: use 1-5 or exploration, foundation, application, mentorship, leadership"
let zoneHelp = "unknown time zone: use an IANA name such as Europe/Berlin or Asia/Kolkata"

/// Every kind of bad input of SPEC §2, one fixture each.
let invalidCases: [InvalidCase] = [
    InvalidCase(directory: "missing-column", problems: [
        "members.csv:1: column stage: required column is missing from the header",
    ]),
    InvalidCase(directory: "duplicate-id", problems: [
        "members.csv:4: column id: duplicate id, first used on line 2 (ada)",
    ]),
    InvalidCase(directory: "unknown-stage", problems: [
        "members.csv:2: column stage: \(stageHelp) (6)",
        "members.csv:3: column stage: \(stageHelp) (expert)",
        "members.csv:4: column stage: a value is required ()",
    ]),
    InvalidCase(directory: "malformed-availability", problems: [
        "members.csv:2: column availability: malformed availability window: expected DAY HH:MM-HH:MM, e.g. Mon-Fri 18:00-20:00 (Mon 18:00)",
        "members.csv:3: column availability: unknown day 'Funday' in availability window: use Mon, Tue, Wed, Thu, Fri, Sat, Sun or a range like Mon-Fri (Funday 10:00-11:00)",
        "members.csv:4: column availability: invalid time '25:00' in availability window: use HH:MM from 00:00 to 24:00 (Tue 25:00-26:00)",
        "members.csv:5: column availability: availability window starts and ends at the same time (Wed 10:00-10:00)",
    ]),
    InvalidCase(directory: "unknown-timezone", problems: [
        "members.csv:2: column timezone: \(zoneHelp) (Mars/Olympus)",
        "members.csv:3: column timezone: \(zoneHelp) (EST)",
    ]),
    InvalidCase(directory: "unknown-references", problems: [
        "members.csv:2: column preferred_mentors: no member has this id (xi)",
        "members.csv:2: column preferred_mentors: a member cannot name themselves here (ada)",
        "members.csv:2: column avoid: no member has this id (zed)",
        "members.csv:2: column current_mentor: no member has this id (yan)",
    ]),
    InvalidCase(directory: "project-references", problems: [
        "projects.csv:2: column members: no member has this id (ghost)",
        "projects.csv:3: column members: member is already on project p1 (line 2) (ada)",
        "projects.csv:4: column members: 4 pre-assigned members exceed the project's maximum size of 3 (bo;cy;dee;eve)",
    ]),
    InvalidCase(directory: "non-numeric-capacity", problems: [
        "members.csv:2: column mentor_capacity: expected a whole number (two)",
        "members.csv:3: column mentor_capacity: value out of range: 0 to 100 (-1)",
        "members.csv:4: column mentor_capacity: expected a whole number (2.5)",
    ]),
    InvalidCase(directory: "ragged-rows", problems: [
        "members.csv:3: column 3: row has 2 fields but the header has 3",
        "members.csv:4: column 4: row has 4 fields but the header has 3",
    ]),
    InvalidCase(directory: "invalid-utf8", problems: [
        "members.csv:3: column 3: invalid UTF-8: save the file as UTF-8",
    ]),
    InvalidCase(directory: "out-of-range", problems: [
        "policy.toml:1: column quarter_start: value out of range: 1970-01-01 to 2100-12-31 (1900-01-01)",
        "policy.toml:2: column time_limit_seconds: value out of range: 0.1 to 604800 seconds (one week) (0.01)",
        "members.csv:2: column mentor_capacity: value out of range: 0 to 100 (99999999999999999999)",
        "members.csv:3: column mentor_capacity: value out of range: 0 to 100 (101)",
        "projects.csv:2: column min_size: value out of range: 1 to 50 (9223372036854775807)",
        "projects.csv:2: column max_size: value out of range: 1 to 50 (100000000)",
        "projects.csv:3: column min_size: value out of range: 1 to 50 (0)",
    ]),
    InvalidCase(directory: "policy-error", problems: [
        "policy.toml:1: column stage_gap: expected a whole number (\"two\")",
        "policy.toml:2: column max_mentees: value out of range: 0 to 20 (-1)",
    ]),
]

@Suite("cohort validate, end to end")
struct ValidateTests {
    @Test("bad input is reported exactly, exit 1, nothing on stdout", arguments: invalidCases)
    func badInput(_ fixture: InvalidCase) throws {
        let run = try runCohort(fixture.arguments, cwd: Paths.invalid.appendingPathComponent(fixture.directory))
        #expect(run.exit == 1, "\(run)")
        #expect(run.stdout.isEmpty, "\(run)")
        let n = fixture.problems.count
        let trailer = "cohort: \(n) \(n == 1 ? "problem" : "problems") in the input; nothing was written"
        #expect(run.stderrLines == fixture.problems + [trailer])
    }

    @Test("every problem of every file is reported in one run")
    func severalProblemsAtOnce() throws {
        let dir = Paths.invalid.appendingPathComponent("several-problems")
        let args = ["validate", "members.csv", "--projects", "projects.csv", "--policy", "policy.toml"]
        let errors = [
            "policy.toml:2: column team_min: value out of range: 2 to 50 (99)",
            "members.csv:2: column stage: \(stageHelp) (9)",
            "members.csv:2: column timezone: \(zoneHelp) (Nowhere/City)",
            "members.csv:3: column avoid: no member has this id (ghost)",
            "members.csv:4: column id: duplicate id, first used on line 2 (ada)",
            "members.csv:5: column 4: row has 3 fields but the header has 6",
            "projects.csv:2: column min_size: expected a whole number (x)",
            "projects.csv:2: column members: no member has this id (nobody)",
            "cohort: 8 problems in the input; nothing was written",
        ]
        let warnings = [
            "members.csv:1: column shoe_size: warning: unknown column, ignored",
            "members.csv:3: column availability: warning: overlapping availability windows, merged (Mon 19:00-21:00)",
        ]
        let run = try runCohort(args, cwd: dir)
        #expect(run.exit == 1, "\(run)")
        #expect(run.stdout.isEmpty)
        #expect(run.stderrLines == warnings + errors)

        // --quiet silences the warnings, never the errors.
        let quiet = try runCohort(args + ["--quiet"], cwd: dir)
        #expect(quiet.exit == 1)
        #expect(quiet.stdout.isEmpty)
        #expect(quiet.stderrLines == errors)
    }

    @Test("file names in messages are the paths as given")
    func pathsAsGiven() throws {
        let run = try runCohort(["validate", "Datasets/invalid/duplicate-id/members.csv"])
        #expect(run.exit == 1)
        #expect(run.stderrLines.first == "Datasets/invalid/duplicate-id/members.csv:4: column id: duplicate id, first used on line 2 (ada)")
    }

    @Test("an unknown key given with --set is a usage error with a suggestion")
    func unknownSetKey() throws {
        let run = try runCohort(["validate", "members.csv", "--set", "stage_gapp=3", "--quiet"], cwd: Paths.demo)
        #expect(run.exit == 2, "\(run)")
        #expect(run.stdout.isEmpty)
        #expect(run.stderrLines.first == "Error: unknown policy key 'stage_gapp' in --set stage_gapp=3; did you mean stage_gap?")
    }

    @Test("a missing input file, or a directory given as one, is invalid input, reported like any other problem")
    func missingFile() throws {
        let run = try runCohort(["validate", "no-such-members.csv", "--policy", "no-such-policy.toml", "--projects", "."], cwd: Paths.demo)
        #expect(run.exit == 1, "\(run)")
        #expect(run.stdout.isEmpty)
        #expect(run.stderrLines == [
            "no-such-members.csv:1: column 1: cannot read the file: no such file",
            ".:1: column 1: cannot read the file: is a directory",
            "no-such-policy.toml:1: column 1: cannot read the file: no such file",
            "cohort: 3 problems in the input; nothing was written",
        ])
    }

    @Test("a summary that cannot be printed (standard output on a full device) is a write failure: exit 4",
          .enabled(if: FileManager.default.isWritableFile(atPath: "/dev/full"), "needs /dev/full"))
    func fullStandardOutput() throws {
        let process = Process()
        process.executableURL = try Paths.binary()
        process.arguments = ["validate", "members.csv", "--quiet"]
        process.currentDirectoryURL = Paths.demo
        let full = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/full"))
        let stderr = Pipe()
        process.standardOutput = full
        process.standardError = stderr
        try process.run()
        let message = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try full.close()
        #expect(process.terminationStatus == 4, "\(message)")
        #expect(message == "cohort: cannot write the standard output: no space left on the device\n")
    }

    @Test("warnings (unknown column, overlapping windows) do not fail the run")
    func warningsOnly() throws {
        let dir = Paths.invalid.appendingPathComponent("warnings-only")
        let run = try runCohort(["validate", "members.csv"], cwd: dir)
        #expect(run.exit == 0, "\(run)")
        #expect(run.stderrLines == [
            "members.csv:1: column favourite_colour: warning: unknown column, ignored",
            "members.csv:2: column availability: warning: overlapping availability windows, merged (Mon 11:00-13:00)",
        ])
        #expect(run.stdoutLines.first == "valid: members.csv")
        #expect(run.stdoutLines.contains("members: 2"))

        let quiet = try runCohort(["validate", "members.csv", "--quiet"], cwd: dir)
        #expect(quiet.exit == 0)
        #expect(quiet.stderr.isEmpty)
        #expect(quiet.stdout == run.stdout)
    }

    static let demoSummary = [
        "valid: members.csv",
        "members: 42",
        "  by stage: 1 exploration 10, 2 foundation 13, 3 application 8, 4 mentorship 7, 5 leadership 4",
        "  by status: active 36, trial 3, paused 2, inactive 1",
        "mentors: 12 offering 21 mentee places",
        "mentees: 23 want a mentor (3 with last quarter's mentor, 1 asking for a new one)",
        "teams: 35 want a team",
        "trial: 3 newcomers need a buddy",
        "projects: 4 with 5 pre-assigned members",
        "pods: 12 want a study pod",
        "groups: 2 ('Lagos' 5, 'Berlin' 6)",
    ]

    @Test("the demo roster validates, with its summary on stdout")
    func demo() throws {
        let args = ["validate", "members.csv", "--projects", "projects.csv", "--policy", "policy.toml"]
        let run = try runCohort(args, cwd: Paths.demo)
        #expect(run.exit == 0, "\(run)")
        #expect(run.stdoutLines == Self.demoSummary)
        // Only warnings on stderr: dara offers 3 mentee places, capped to max_mentees.
        #expect(run.stderrLines == ["members.csv:5: column mentor_capacity: warning: mentor_capacity above max_mentees, capped to 2 (3)"])

        let quiet = try runCohort(args + ["--quiet"], cwd: Paths.demo)
        #expect(quiet.exit == 0)
        #expect(quiet.stderr.isEmpty)
        #expect(quiet.stdout == run.stdout)
    }

    @Test("a byte-order mark and CRLF line ends read the same as plain UTF-8 and LF")
    func bomAndCRLF() throws {
        try withTemporaryDirectory { dir in
            for name in ["members.csv", "projects.csv"] {
                let text = try String(contentsOf: Paths.demo.appendingPathComponent(name), encoding: .utf8)
                let crlf = text.replacingOccurrences(of: "\n", with: "\r\n")
                try Data([0xEF, 0xBB, 0xBF] + Array(crlf.utf8)).write(to: dir.appendingPathComponent(name))
            }
            try FileManager.default.copyItem(at: Paths.demo.appendingPathComponent("policy.toml"), to: dir.appendingPathComponent("policy.toml"))
            let run = try runCohort(["validate", "members.csv", "--projects", "projects.csv", "--policy", "policy.toml", "--quiet"], cwd: dir)
            #expect(run.exit == 0, "\(run)")
            #expect(run.stdoutLines == Self.demoSummary)
        }
    }
}
