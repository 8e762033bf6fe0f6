import ArgumentParser
import CohortCore
import CohortSolver
import Foundation

/// `cohort match`: the whole batch.
struct Match: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Match mentors, form teams and schedule the week; write the results into --out.")

    @OptionGroup var roster: RosterOptions

    @Option(help: "Output directory (written atomically).")
    var out: String

    @Flag(help: "Replace --out even if files cohort wrote there were changed, or it lacks cohort's marker but holds only files match writes.")
    var force = false

    func run() throws {
        let (cohort, inputs) = try roster.load()
        var output = OutputDirectory(out, command: .match, inputs: roster.inputPaths)
        try output.checkWritable(force: force)
        let result: BatchResult
        do {
            result = try Batch.run(cohort, solver: GLPKSolver(), progress: { Terminal.progress($0) })
        } catch {
            throw CommandFailure(exit: .noFeasibleAnswer, message: "cohort: the solver failed: \(error); nothing was written")
        }
        for file in OutputFiles.render(result, inputs: inputs) { output.add(file.name, file.text) }
        try output.write(force: force)
        Terminal.progress("wrote \(out)")
    }
}
