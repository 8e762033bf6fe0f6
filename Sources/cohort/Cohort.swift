import ArgumentParser
import CohortCore
import CohortFiles
import CohortSolver

#if canImport(Glibc)
    import Glibc
#endif

/// `cohort`: the command-line tool. Commands are declarations; the work is in
/// CohortCore and CohortSolver.
@main
struct CohortCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cohort",
        abstract: "Mentor matching, project teams and weekly schedules for learning communities.",
        version: CohortCore.version,
        subcommands: [Validate.self, Match.self, Rematch.self, Generate.self, Simulate.self]
    )

    /// Exit codes of SPEC §5.
    enum Exit: Int32 {
        case success = 0
        case invalidInput = 1
        case usage = 2
        case noFeasibleAnswer = 3
        case writeFailed = 4
    }

    /// Like `ParsableCommand.main()`, with usage errors exiting 2 (SPEC §5).
    static func main() {
        if let unknown = unknownCommand(Array(CommandLine.arguments.dropFirst())) {
            Terminal.error(fullMessage(for: ValidationError(unknown)))
            Glibc.exit(Exit.usage.rawValue)
        }
        do {
            var command = try parseAsRoot()
            try command.run()
            if let why = FileSystem.flushStandardOutput() { throw CommandFailure.standardOutput(why) }
        } catch let failure as CommandFailure {
            for line in failure.lines { Terminal.error(line) }
            Glibc.exit(failure.exit.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)
            }
            if code == .validationFailure || error is ValidationError {
                Terminal.error(fullMessage(for: error))
                Glibc.exit(Exit.usage.rawValue)
            }
            exit(withError: error)
        }
    }
}

extension CohortCommand {
    /// The commands, as typed.
    static var commandNames: [String] {
        configuration.subcommands.map { $0.configuration.commandName ?? String(describing: $0).lowercased() } + ["help"]
    }

    /// A first argument that is no command (`matc`): what to say, with the command it most likely meant.
    static func unknownCommand(_ arguments: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-"), !commandNames.contains(first) else { return nil }
        if let meant = Suggestion.closest(to: first, among: commandNames) {
            return "Unknown command '\(first)'. Did you mean '\(meant)'?"
        }
        return "Unknown command '\(first)'. The commands are \(commandNames.dropLast().joined(separator: ", "))."
    }
}

/// Why a command ended without success, with its exit code (SPEC §5) and
/// what the user reads on stderr.
enum CommandFailure: Error {
    /// Problems in the input files and flags, every one located (exit 1).
    case invalidInput([Diagnostic])
    /// The `--from` directory of rematch does not fit this roster, or an id in a request is wrong (exit 1).
    case invalidRematch([RematchProblem], from: String)
    /// A generated roster of simulate did not validate (exit 1; a generator bug).
    case invalidSimulatedRoster(SimulatedRoster.Invalid)
    /// A solve failed before any feasible answer (exit 3).
    case solverFailed(any Error)
    /// `--out` refused by the rule (exit 2) or not writable (exit 4).
    case output(OutputDirectory.Failure)
    /// What the command printed could not be written (exit 4): `validate > /dev/full`.
    case standardOutput(FileSystem.Failure)

    var exit: CohortCommand.Exit {
        switch self {
        case .invalidInput, .invalidRematch, .invalidSimulatedRoster: .invalidInput
        case .solverFailed: .noFeasibleAnswer
        case .output(.refused): .usage
        case .output(.cannotWrite), .standardOutput: .writeFailed
        }
    }

    /// The lines on stderr; the last says that nothing was written (files, that is).
    var lines: [String] {
        func problems(_ lines: [String], _ where_: String) -> [String] {
            lines + ["cohort: \(lines.count) \(lines.count == 1 ? "problem" : "problems") \(where_); nothing was written"]
        }
        switch self {
        case .invalidInput(let diagnostics): return problems(diagnostics.map(\.description), "in the input")
        case .invalidRematch(let found, let from): return problems(found.map(\.description), "with --from \(from)")
        case .invalidSimulatedRoster(let invalid): return ["cohort: \(invalid); nothing was written"]
        case .solverFailed(let error): return ["cohort: the solver failed: \(error); nothing was written"]
        case .output(let failure): return ["cohort: \(failure); nothing was written"]
        case .standardOutput(let why): return ["cohort: cannot write the standard output: \(why)"]
        }
    }
}

extension OutputDirectory {
    /// `commit`, with a failure as the command's failure and a warning when
    /// the old output could not be removed whole.
    func write(force: Bool) throws(CommandFailure) {
        do {
            if let left = try commit(force: force) {
                Terminal.error("cohort: warning: the previous output was moved to \(left) and left there: it holds files cohort did not write")
            }
        } catch { throw .output(error) }
    }

    /// `check`, with a failure as the command's failure.
    func checkWritable(force: Bool) throws(CommandFailure) {
        do { try check(force: force) } catch { throw .output(error) }
    }
}
