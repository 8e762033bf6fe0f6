import Foundation
import Testing

/// A command line that is wrong as a command line (SPEC §5: exit 2).
struct UsageCase: Sendable, CustomTestStringConvertible {
    var arguments: [String]
    /// A line stderr must contain.
    var message: String
    var testDescription: String { arguments.joined(separator: " ") }
}

let usageCases: [UsageCase] = [
    UsageCase(arguments: ["frobnicate"], message: "Error: Unexpected argument 'frobnicate'"),
    UsageCase(arguments: ["validate"], message: "Error: Missing expected argument '<members>'"),
    UsageCase(arguments: ["validate", "members.csv", "--bogus"], message: "Error: Unknown option '--bogus'"),
    UsageCase(arguments: ["validate", "members.csv", "--set", "stage_gap"], message: "Error: --set takes key=value, got 'stage_gap'"),
    UsageCase(arguments: ["validate", "members.csv", "--projects"], message: "Error: Missing value for '--projects <projects>'"),
    UsageCase(arguments: ["generate", "--members", "10"], message: "Error: Missing expected argument '--out <out>'"),
    UsageCase(arguments: ["generate", "--members", "0", "--out", "never-written"], message: "Error: --members must be between 1 and 10000000"),
    UsageCase(arguments: ["generate", "--members", "ten", "--out", "never-written"], message: "Error: The value 'ten' is invalid for '--members <members>'"),
    UsageCase(arguments: ["generate", "--members", "5", "--zone-spread", "2", "--out", "never-written"], message: "Error: --zone-spread must be between 0 and 1"),
    UsageCase(arguments: ["simulate", "--sizes", "10", "--time-limit", "1e308", "--out", "never-written"],
              message: "Error: --time-limit must be 0 (none) or 0.1 to 604800 seconds (one week)"),
]

@Suite("cohort command line, end to end")
struct UsageTests {
    @Test("usage errors exit 2, say why on stderr and write nothing", arguments: usageCases)
    func usageError(_ usage: UsageCase) throws {
        try withTemporaryDirectory { dir in
            // The fixtures are where `members.csv` resolves, so the only fault is the command line.
            try FileManager.default.copyItem(at: Paths.demo.appendingPathComponent("members.csv"), to: dir.appendingPathComponent("members.csv"))
            let run = try runCohort(usage.arguments, cwd: dir)
            #expect(run.exit == 2, "\(run)")
            #expect(run.stdout.isEmpty, "\(run)")
            #expect(run.stderrLines.first == usage.message, "\(run)")
            #expect(run.stderr.contains("Usage: cohort"), "\(run)")
            #expect(try listing(dir) == ["members.csv"])
        }
    }

    @Test("--help and --version succeed on stdout")
    func helpAndVersion() throws {
        for args in [["--help"], ["validate", "--help"], ["generate", "--help"], ["help", "validate"]] {
            let run = try runCohort(args)
            #expect(run.exit == 0, "\(args): \(run)")
            #expect(run.stdout.contains("USAGE: cohort"), "\(args): \(run)")
        }
        let version = try runCohort(["--version"])
        #expect(version.exit == 0)
        #expect(!version.stdout.isEmpty)
    }
}
