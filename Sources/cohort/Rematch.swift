import ArgumentParser
import CohortCore
import CohortFiles
import CohortSolver

/// `cohort rematch`: mentors step back, mentees ask for a change, members
/// leave their team or a team is dissolved mid-quarter; only the affected
/// members move (docs/rematch.md).
struct Rematch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Move the mentees of mentors who step back (or who ask for a change), or re-place the members of a changed team; everything else stays as in --from.")

    @OptionGroup var roster: RosterOptions
    @OptionGroup var solve: SolveOptions

    @Option(help: "The output directory of the earlier `cohort match` on this roster.", completion: .directory)
    var from: String

    @Option(help: ArgumentHelp("A mentor who steps back (repeatable).", valueName: "MENTOR_ID"))
    var release: [String] = []

    @Option(help: ArgumentHelp("A mentee who asks for a new mentor (repeatable).", valueName: "MENTEE_ID"))
    var change: [String] = []

    @Option(help: ArgumentHelp("A member taken off their team (repeatable).", valueName: "MEMBER_ID"))
    var leave: [String] = []

    @Option(name: .customLong("dissolve-team"), help: ArgumentHelp("A team (teams.csv team_id) dissolved, its members re-placed (repeatable).", valueName: "TEAM_ID"))
    var dissolveTeam: [String] = []

    @Option(help: "Output directory for the new results (written atomically; docs/outputs.md, the --out rule).", completion: .directory)
    var out: String

    @Flag(help: "Write the CSV files with a UTF-8 byte-order mark, so that Excel reads names and reasons right.")
    var excel = false

    @Flag(help: "Replace --out even if files cohort wrote there were changed, or it lacks cohort's marker but holds only files rematch writes.")
    var force = false

    func validate() throws {
        if release.isEmpty && change.isEmpty && leave.isEmpty && dissolveTeam.isEmpty {
            throw ValidationError("give at least one --release MENTOR_ID, --change MENTEE_ID, --leave MEMBER_ID or --dissolve-team TEAM_ID")
        }
    }

    func run() throws(CommandFailure) {
        let (cohort, inputs) = try roster.load(extra: solve.policyOverrides)
        var output = OutputDirectory(out, command: .rematch, inputs: roster.inputPaths + [from])
        try output.checkWritable(force: force)
        var files = Files.readSome(PreviousRun.fileNames, in: from)
        // The previous calendars, so that the new ones go out as their updates.
        let calendars = ((try? FileSystem.list(from + "/calendar")) ?? []).filter { $0.hasSuffix(".ics") }.map { "calendar/" + $0 }
        files.merge(Files.readSome(calendars, in: from)) { old, _ in old }
        let previous = PreviousRun(directory: from, files: files)
        let outcome: MentorRematch.Outcome
        let heartbeat = Heartbeat()
        heartbeat.start()
        defer { heartbeat.stop() }
        do {
            outcome = try MentorRematch.run(cohort: cohort, inputs: inputs, previous: previous,
                                                 request: .init(release: release, change: change, leave: leave, dissolve: dissolveTeam),
                                                 solver: GLPKSolver(), progress: heartbeat.lines, meter: heartbeat.meter)
        } catch {
            switch error {
            case .invalid(let problems): throw CommandFailure.invalidRematch(problems, from: from)
            case .solver(let e): throw CommandFailure.solverFailed(e)
            }
        }
        let clock = Stopwatch()
        for file in outcome.files where file.name != "summary.json" {
            output.add(file.name, excel ? OutputFiles.forExcel(name: file.name, text: file.text) : file.text)
        }
        let count = output.count + 1
        output.addLast("summary.json") { Array(OutputFiles.summary(outcome.result, inputs: inputs, renderWrite: (clock.seconds, count)).text.utf8) }
        heartbeat.line("writing \(count) files to \(out)")
        output.progress = { done, all in heartbeat.meter(phase: "writing", "writing files", done: done, of: all, unit: "files") }
        try output.write(force: force)
        heartbeat.line("rematch: \(outcome.changes.count) change(s); wrote \(out)")
    }
}
