import ArgumentParser
import CohortCore

/// `cohort validate`: check a roster and describe the cohort.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a roster and print a summary of the cohort.",
        discussion: "Every problem is reported as FILE:LINE: column COLUMN: message (value); exit 1 when there is one.")

    @OptionGroup var roster: RosterOptions

    func run() throws(CommandFailure) {
        let (cohort, _) = try roster.load()
        print("valid: \(roster.members)")
        for line in CohortSummary(cohort).lines { print(line) }
    }
}
