import ArgumentParser
import CohortCore
import CohortFiles
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

    @Flag(help: "Write the CSV files with a UTF-8 byte-order mark, so that Excel reads names and reasons right.")
    var excel = false

    @Flag(help: "Replace --out even if files cohort wrote there were changed, or it lacks cohort's marker but holds only files match writes.")
    var force = false

    func run() throws(CommandFailure) {
        let (cohort, inputs) = try roster.load(extra: solve.policyOverrides)
        var output = OutputDirectory(out, command: .match, inputs: roster.inputPaths)
        try output.checkWritable(force: force)
        let result: BatchResult
        let heartbeat = Heartbeat()
        heartbeat.start()
        defer { heartbeat.stop() }
        do {
            result = try Batch.run(cohort, solver: GLPKSolver(), progress: heartbeat.lines, meter: heartbeat.meter)
        } catch {
            throw CommandFailure.solverFailed(error)
        }
        // Whether the time limit decided anything, now that the phases ran.
        if let note = OutputFiles.timeLimitNote(result) { heartbeat.line(note) }
        heartbeat.line("rendering the outputs of \(cohort.members.count) members")
        // summary.json last: its render_write phase has the seconds of rendering and writing the others.
        output.addFiles(of: result, inputs: inputs, excel: excel, meter: heartbeat.meter)
        heartbeat.line("writing \(output.count) files to \(out)")
        output.progress = { done, all in heartbeat.meter(phase: "writing", "writing files", done: done, of: all, unit: "files") }
        try output.write(force: force)
        heartbeat.line("wrote \(out)")
    }
}
