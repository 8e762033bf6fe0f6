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
        case writeFailed = 4
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

extension CommandFailure {
    /// `--out` refused by the rule (exit 2) or not writable (exit 4); nothing was written.
    init(_ failure: OutputDirectory.Failure) {
        switch failure {
        case .refused: exit = .usage
        case .cannotWrite: exit = .writeFailed
        }
        message = "cohort: \(failure); nothing was written"
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
        } catch { throw CommandFailure(error) }
    }

    /// `check`, with a failure as the command's failure.
    func checkWritable(force: Bool) throws(CommandFailure) {
        do { try check(force: force) } catch { throw CommandFailure(error) }
    }
}
