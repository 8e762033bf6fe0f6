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
    UsageCase(arguments: ["frobnicate"], message: "Error: Unknown command 'frobnicate'. The commands are validate, match, rematch, generate, simulate."),
    UsageCase(arguments: ["matc", "members.csv"], message: "Error: Unknown command 'matc'. Did you mean 'match'?"),
    UsageCase(arguments: ["validate", "members.csv", "--set", "stagegap=3"],
              message: "Error: unknown policy key 'stagegap' in --set stagegap=3; did you mean stage_gap?"),
    UsageCase(arguments: ["validate", "members.csv", "--set", "shoe_size=44"],
              message: "Error: unknown policy key 'shoe_size' in --set shoe_size=44; docs/input.md lists the keys"),
    UsageCase(arguments: ["validate", "members.csv", "--time-limit", "30"], message: "Error: Unknown option '--time-limit'"),
    UsageCase(arguments: ["validate", "members.csv", "--seed", "1"], message: "Error: Unknown option '--seed'. Did you mean '--set'?"),
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

    @Test("validate --help lists only what validate uses")
    func validateHelp() throws {
        let run = try runCohort(["validate", "--help"])
        #expect(run.exit == 0)
        #expect(run.stdout.contains("--policy") && run.stdout.contains("--set") && run.stdout.contains("--quarter-start"))
        #expect(!run.stdout.contains("--time-limit") && !run.stdout.contains("--seed"), "\(run)")
        let match = try runCohort(["match", "--help"])
        #expect(match.stdout.contains("--time-limit") && match.stdout.contains("--seed"))
    }

    @Test("the bash completion completes CSV and TOML files, directories for --out, and policy keys for --set")
    func bashCompletion() throws {
        try withTemporaryDirectory { dir in
            let script = try runCohort(["--generate-completion-script", "bash"])
            #expect(script.exit == 0)
            try Data(script.stdout.utf8).write(to: dir.appendingPathComponent("cohort.bash"))
            for name in ["members.csv", "policy.toml", "notes.txt"] { try Data().write(to: dir.appendingPathComponent(name)) }
            try FileManager.default.createDirectory(at: dir.appendingPathComponent("results"), withIntermediateDirectories: false)
            /// What completing the last word of `words` offers.
            func complete(_ words: [String]) throws -> [String] {
                let quoted = words.map { "'\($0)'" }.joined(separator: " ")
                let line = words.joined(separator: " ")
                let bash = """
                    source ./cohort.bash
                    COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1); COMP_LINE='\(line)'; COMP_POINT=${#COMP_LINE}
                    _cohort cohort '\(words.last!)' '\(words[words.count - 2])'
                    printf '%s\\n' "${COMPREPLY[@]}"
                    """
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/bin/bash")
                process.arguments = ["-c", bash]
                process.currentDirectoryURL = dir
                let pipe = Pipe()
                process.standardOutput = pipe
                try process.run()
                let out = pipe.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                return String(decoding: out, as: UTF8.self).split(separator: "\n").map(String.init).filter { !$0.isEmpty }.sorted()
            }
            #expect(try complete(["cohort", "match", ""]).contains("members.csv"))
            #expect(try !complete(["cohort", "match", ""]).contains("notes.txt"))
            #expect(try complete(["cohort", "match", "members.csv", "--policy", "p"]) == ["policy.toml"])
            #expect(try complete(["cohort", "match", "members.csv", "--out", "r"]) == ["results"])
            #expect(try complete(["cohort", "validate", "members.csv", "--set", "stage"]) == ["stage_gap="])
        }
    }
}
