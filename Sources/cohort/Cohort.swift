import ArgumentParser
import CohortCore
import CohortSolver

@main
struct Cohort: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cohort",
        abstract: "Mentor matching, project teams and weekly schedules for learning communities.",
        version: CohortCore.version,
        subcommands: []
    )
}
