import ArgumentParser
import CohortCore
import CohortSolver
import Foundation

/// `cohort match`: the whole batch.
struct Match: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Match mentors, form teams and schedule the week; write the results into --out.")

    @OptionGroup var roster: RosterOptions
    @OptionGroup var solve: SolveOptions

    @Option(help: "Output directory (written atomically; docs/outputs.md, the --out rule).", completion: .directory)
    var out: String

    @Flag(help: "Replace --out even if files cohort wrote there were changed, or it lacks cohort's marker but holds only files match writes.")
    var force = false

    func run() throws {
        let (cohort, inputs) = try roster.load(extra: solve.policyOverrides)
        var output = OutputDirectory(out, command: .match, inputs: roster.inputPaths)
        try output.checkWritable(force: force)
        if cohort.policy.timeLimitSeconds != nil {
            Terminal.progress("note: with a time limit, a phase that reaches it stops where the clock says, so two runs may differ (summary.json: determinism)")
        }
        let result: BatchResult
        do {
            result = try Batch.run(cohort, solver: GLPKSolver(), progress: { Terminal.progress($0) })
        } catch {
            throw CommandFailure.solverFailed(error)
        }
        for file in OutputFiles.render(result, inputs: inputs) { output.add(file.name, file.text) }
        try output.write(force: force)
        Terminal.progress("wrote \(out)")
    }
}
