import ArgumentParser
import CohortCore
import Foundation

/// The roster arguments every command that reads a roster shares.
struct RosterOptions: ParsableArguments {
    @Argument(help: "The members file (CSV).")
    var members: String

    @Option(help: "The projects file (CSV).")
    var projects: String?

    @Option(help: "The policy file (TOML).")
    var policy: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a policy key, e.g. --set stage_gap=3 (repeatable).", valueName: "key=value"))
    var overrides: [String] = []

    @Option(help: "First Monday of the quarter (YYYY-MM-DD); overrides the policy.")
    var quarterStart: String?

    @Option(help: "Stop each solve after this many seconds; overrides the policy.")
    var timeLimit: Double?

    @Option(help: "Seed for tie-breaking; overrides the policy.")
    var seed: UInt64?

    @Flag(help: "Print no progress or warnings on stderr.")
    var quiet = false

    func validate() throws {
        for o in overrides where !o.contains("=") {
            throw ValidationError("--set takes key=value, got '\(o)'")
        }
    }

    /// The input files this run reads: `--out` never holds one.
    var inputPaths: [String] { [members] + [projects, policy].compactMap { $0 } }

    var policyOverrides: [PolicyReader.Override] {
        var result = overrides.map { o -> PolicyReader.Override in
            let eq = o.firstIndex(of: "=")!
            return PolicyReader.Override(key: String(o[..<eq]), value: String(o[o.index(after: eq)...]))
        }
        if let quarterStart { result.append(.init(key: "quarter_start", value: quarterStart)) }
        if let timeLimit { result.append(.init(key: "time_limit_seconds", value: String(timeLimit))) }
        if let seed { result.append(.init(key: "seed", value: String(seed))) }
        return result
    }

    /// Reads and validates the roster. Prints every diagnostic; throws
    /// (exit 1) when there is an error.
    func load() throws -> (cohort: Cohort, inputs: [InputFile]) {
        Terminal.quiet = quiet
        var inputs: [InputFile] = []
        var unreadable: [String] = []
        func read(_ path: String?) -> InputFile? {
            guard let path else { return nil }
            do {
                let file = try Files.read(path)
                inputs.append(file)
                return file
            } catch {
                unreadable.append(Diagnostic(.error, file: path, line: 1, column: "1", .unreadableFile(error.description)).description)
                return nil
            }
        }
        let membersFile = read(members)
        let projectsFile = read(projects)
        let policyFile = read(policy)
        guard unreadable.isEmpty, let membersFile else {
            let plural = unreadable.count == 1 ? "problem" : "problems"
            throw CommandFailure(
                exit: .invalidInput,
                message: (unreadable + ["cohort: \(unreadable.count) \(plural) in the input; nothing was written"]).joined(separator: "\n"))
        }
        let outcome = RosterReader.read(
            members: membersFile, projects: projectsFile, policy: policyFile,
            overrides: policyOverrides, runDate: Files.today())
        for d in outcome.warnings { Terminal.progress(d.description) }
        let errors = outcome.errors
        guard errors.isEmpty, let cohort = outcome.cohort else {
            let plural = errors.count == 1 ? "problem" : "problems"
            throw CommandFailure(
                exit: .invalidInput,
                message: (errors.map(\.description) + ["cohort: \(errors.count) \(plural) in the input; nothing was written"]).joined(separator: "\n"))
        }
        return (cohort, inputs)
    }
}
