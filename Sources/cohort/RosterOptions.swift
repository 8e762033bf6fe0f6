import ArgumentParser
import CohortCore
import Foundation

/// The roster arguments every command that reads a roster shares.
struct RosterOptions: ParsableArguments {
    @Argument(help: "The members file (CSV).", completion: .file(extensions: ["csv"]))
    var members: String

    @Option(help: "The projects file (CSV).", completion: .file(extensions: ["csv"]))
    var projects: String?

    @Option(help: "The policy file (TOML).", completion: .file(extensions: ["toml"]))
    var policy: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a policy key, e.g. --set stage_gap=3 (repeatable).", valueName: "key=value"),
            completion: .list(PolicyKey.allCases.map { $0.rawValue + "=" }))
    var overrides: [String] = []

    @Option(help: "First Monday of the quarter (YYYY-MM-DD); overrides the policy.")
    var quarterStart: String?

    @Flag(help: "Print no progress or warnings on stderr.")
    var quiet = false

    @Flag(help: "Print every input warning (repeated ones are otherwise summed up in one line).")
    var verbose = false

    /// `--set` takes key=value with a known key: anything else is a usage error (exit 2).
    func validate() throws {
        for o in overrides {
            guard let eq = o.firstIndex(of: "=") else { throw ValidationError("--set takes key=value, got '\(o)'") }
            let key = String(o[..<eq])
            guard PolicyKey(rawValue: key.replacingOccurrences(of: "-", with: "_")) == nil else { continue }
            let hint = PolicyKey.suggestion(for: key).map { "; did you mean \($0)?" } ?? "; docs/input.md lists the keys"
            throw ValidationError("unknown policy key '\(key)' in --set \(o)\(hint)")
        }
    }

    /// The input files this run reads: `--out` never holds one.
    var inputPaths: [String] { [members] + [projects, policy].compactMap { $0 } }

    var policyOverrides: [PolicyReader.Override] {
        var result = overrides.map { o -> PolicyReader.Override in
            let eq = o.firstIndex(of: "=")!
            return PolicyReader.Override(key: String(o[..<eq]), value: String(o[o.index(after: eq)...]))
        }
        if let quarterStart { result.append(.init(key: "quarter_start", value: quarterStart, flag: "--quarter-start")) }
        return result
    }

    /// Reads and validates the roster, with `extra` policy values (the solve
    /// options) after the ones given here. Prints every diagnostic; throws
    /// (exit 1) when there is an error.
    func load(extra: [PolicyReader.Override] = []) throws(CommandFailure) -> (cohort: Cohort, inputs: [InputFile]) {
        Terminal.quiet = quiet
        var inputs: [InputFile] = []
        var unreadable: [Diagnostic] = []
        func read(_ path: String?) -> InputFile? {
            guard let path else { return nil }
            do {
                let file = try Files.read(path)
                inputs.append(file)
                return file
            } catch {
                unreadable.append(Diagnostic(.error, file: path, line: 1, column: .field(1), .unreadableFile(error.description)))
                return nil
            }
        }
        let membersFile = read(members)
        let projectsFile = read(projects)
        let policyFile = read(policy)
        guard unreadable.isEmpty, let membersFile else { throw CommandFailure.invalidInput(unreadable) }
        let outcome = RosterReader.read(
            members: membersFile, projects: projectsFile, policy: policyFile,
            overrides: policyOverrides + extra, runDate: Files.today())
        for line in Diagnostic.summarized(outcome.warnings, verbose: verbose) { Terminal.progress(line) }
        guard outcome.errors.isEmpty, let cohort = outcome.cohort else { throw CommandFailure.invalidInput(outcome.errors) }
        return (cohort, inputs)
    }
}

/// The options of the commands that solve (match, rematch); validate has no use for them.
struct SolveOptions: ParsableArguments {
    @Option(help: "Stop each solve after this many seconds (0.1 to 604800); overrides the policy. Runs may then differ (summary.json: determinism).")
    var timeLimit: Double?

    @Option(help: "Seed for tie-breaking; overrides the policy.")
    var seed: UInt64?

    var policyOverrides: [PolicyReader.Override] {
        var result: [PolicyReader.Override] = []
        if let timeLimit { result.append(.init(key: "time_limit_seconds", value: String(timeLimit), flag: "--time-limit")) }
        if let seed { result.append(.init(key: "seed", value: String(seed), flag: "--seed")) }
        return result
    }
}
