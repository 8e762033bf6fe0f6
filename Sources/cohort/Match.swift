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

    @Flag(help: "Replace --out even if it holds files cohort did not write.")
    var force = false

    func run() throws {
        let (cohort, inputs) = try roster.load()
        var output = OutputDirectory(path: out)
        do { try output.checkWritable(force: force) } catch { throw CommandFailure(exit: .usage, message: "cohort: \(error)") }
        let result: BatchResult
        let heartbeat = Heartbeat()
        heartbeat.start()
        defer { heartbeat.stop() }
        do {
            result = try Batch.run(cohort, solver: GLPKSolver(), progress: heartbeat.lines, meter: heartbeat.meter)
        } catch {
            throw CommandFailure(exit: .noFeasibleAnswer, message: "cohort: the solver failed: \(error); nothing was written")
        }
        heartbeat.line("rendering the outputs of \(cohort.members.count) members")
        for file in OutputFiles.render(result, inputs: inputs) { output.add(file.name, file.text) }
        heartbeat.line("writing \(output.files.count) files to \(out)")
        do { try output.commit(force: force) } catch { throw CommandFailure(exit: .usage, message: "cohort: \(error)") }
        heartbeat.line("wrote \(out)")
    }
}
