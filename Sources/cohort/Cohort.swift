import ArgumentParser
import CohortCore
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
    }

    /// Like `ParsableCommand.main()`, with usage errors exiting 2 (SPEC §5).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as CommandFailure {
            if !failure.message.isEmpty { Terminal.error(failure.message) }
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

/// A command ended without success; the message is already what the user should read.
struct CommandFailure: Error {
    var exit: CohortCommand.Exit
    var message: String
}
