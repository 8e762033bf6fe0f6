import ArgumentParser
import CohortCore
import CohortFiles
import CohortSolver
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `cohort simulate`: cohort-size planning on generated rosters (docs/simulate.md).
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the batch on generated cohorts of several sizes, or find how many mentors a target needs.",
        discussion: """
            Sweep: writes simulation.csv (one row per size and run), unserved.csv (unmet needs by reason) and \
            report.html (charts) into --out. Planning (--target-share): searches the generator's mentor share for \
            the smallest one that matches at least the target share of mentees, running only the mentor-pair phase; writes \
            planning.csv and report.html, and prints the answer. See docs/simulate.md.
            """)

    @Option(help: ArgumentHelp("Cohort sizes, comma-separated.", valueName: "n,n,…"))
    var sizes: String

    @Option(help: "Rosters per size (seeds S, S+1, …).")
    var runs: Int = 1

    @Option(help: "Seed of the first roster of each size.")
    var seed: UInt64 = 1

    @Option(help: "Solver time limit per phase, in seconds (0.1 to 604800; policy time_limit_seconds); 0 for none.")
    var timeLimit: Double = 10

    @Option(help: ArgumentHelp("Planning: the share of mentees that must get a mentor (0-1).", valueName: "share"))
    var targetShare: Double?

    @Option(help: "Planning: stop when the mentor share is known this closely.")
    var tolerance: Double = 1.0 / 256

    @Option(help: "Share of advanced members who mentor (0-1); in planning, the baseline to compare with.")
    var mentorShare: Double?

    @Option(help: "How widely time zones spread across continents (0-1).")
    var zoneSpread: Double?

    @Option(help: "How many weekly windows members offer (0-1).")
    var availabilityDensity: Double?

    @Option(help: "Share of active and trial members who want a study pod (0-1; 0 leaves pods out).")
    var podShare: Double = SimulationSettings.defaultPodShare

    @Option(help: ArgumentHelp("Stage bands of the generated rosters' workshop tracks (policy workshop_tracks); \"\" for one cohort-wide workshop.",
                               valueName: "bands"))
    var workshopTracks: String = WorkshopTracks.text(SimulationSettings.defaultWorkshopTracks)

    @Option(help: "Threads each phase may use.")
    var threads: Int = 2

    @Option(help: "Output directory (written atomically; docs/outputs.md, the --out rule).", completion: .directory)
    var out: String

    @Flag(help: "Replace --out even if files cohort wrote there were changed, or it lacks cohort's marker but holds only files simulate writes.")
    var force = false

    @Flag(help: "Print no progress on stderr.")
    var quiet = false

    /// The sizes, parsed (validate() has checked them).
    var sizeList: [Int] {
        sizes.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")) }
    }

    /// The bands of --workshop-tracks (validate() has checked them).
    var trackBands: [ClosedRange<Int>] {
        if case .success(let bands) = Self.parseTracks(workshopTracks) { return bands }
        return []
    }

    static func parseTracks(_ text: String) -> Checked<[ClosedRange<Int>]> {
        let items = text.split(separator: ";").map { String($0.trimmingCharacters(in: .whitespaces)) }.filter { !$0.isEmpty }
        return WorkshopTracks.parse(items)
    }

    func validate() throws {
        let parts = sizes.split(separator: ",", omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.count == sizeList.count else {
            throw ValidationError("--sizes takes comma-separated member counts, e.g. --sizes 100,1000,10000 (got '\(sizes)')")
        }
        guard sizeList.allSatisfy({ (1...1_000_000).contains($0) }) else { throw ValidationError("each size must be between 1 and 1000000") }
        guard (1...100).contains(runs) else { throw ValidationError("--runs must be between 1 and 100") }
        guard timeLimit == 0 || PolicyKey.timeLimitRange.contains(timeLimit) else {
            throw ValidationError("--time-limit must be 0 (none) or 0.1 to 604800 seconds (one week)")
        }
        guard (1...64).contains(threads) else { throw ValidationError("--threads must be between 1 and 64") }
        if let targetShare, !(targetShare > 0 && targetShare <= 1) { throw ValidationError("--target-share must be above 0 and at most 1") }
        guard tolerance > 0 && tolerance < 1 else { throw ValidationError("--tolerance must be between 0 and 1") }
        for (name, v) in [("--mentor-share", mentorShare), ("--zone-spread", zoneSpread), ("--availability-density", availabilityDensity), ("--pod-share", podShare)] {
            if let v, !(0...1).contains(v) { throw ValidationError("\(name) must be between 0 and 1") }
        }
        if case .failure(let problem) = Self.parseTracks(workshopTracks) { throw ValidationError("--workshop-tracks: \(problem.message)") }
    }

    func run() throws(CommandFailure) {
        Terminal.quiet = quiet
        var generator = RosterGenerator.Parameters()
        if let mentorShare { generator.mentorShare = mentorShare }
        if let zoneSpread { generator.zoneSpread = zoneSpread }
        if let availabilityDensity { generator.availabilityDensity = availabilityDensity }
        let settings = SimulationSettings(sizes: sizeList, runs: runs, seed: seed, generator: generator,
                                          timeLimitSeconds: timeLimit > 0 ? timeLimit : nil, threads: threads, podShare: podShare,
                                          workshopTracks: trackBands)
        var output = OutputDirectory(out, command: .simulate)
        try output.checkWritable(force: force)

        let bar = ProgressBar(runs: runs)
        let clock = Date()
        var lines: [String]
        do {
            if let targetShare {
                let results = try PlanningSearch.run(settings, target: targetShare, tolerance: tolerance, solver: GLPKSolver(),
                                                     progress: bar.update)
                output.add("planning.csv", SimulationTables.planning(results, runs: runs))
                output.add("report.html", SimulationPage.planning(results, settings: settings))
                lines = results.map(SimulationTables.answer)
            } else {
                let report = try Simulation.run(settings, solver: GLPKSolver(), progress: bar.update)
                output.add("simulation.csv", SimulationTables.runs(report))
                output.add("unserved.csv", SimulationTables.unserved(report))
                output.add("report.html", SimulationPage.sweep(report))
                lines = SimulationTables.summary(report)
            }
        } catch let failure as SimulatedRoster.Invalid {
            bar.finish()
            throw CommandFailure.invalidSimulatedRoster(failure)
        } catch {
            bar.finish()
            throw CommandFailure.solverFailed(error)
        }
        bar.finish()
        try output.write(force: force)
        for line in lines { print(line) }
        let seconds = (Date().timeIntervalSince(clock) * 10).rounded() / 10
        Terminal.progress("simulated \(sizeList.count) size\(sizeList.count == 1 ? "" : "s") × \(runs) run\(runs == 1 ? "" : "s") in \(seconds) s; wrote \(out)")
    }
}

/// The progress bar on stderr: redrawn in place on a terminal, one line per
/// update otherwise (logs, tests). Silent with --quiet.
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private let runs: Int
    private let interactive = isatty(STDERR_FILENO) == 1
    private var shown = 0.0
    private var drawn = false
    private let started = Date()

    init(runs: Int) { self.runs = runs }

    func update(_ p: SimulationProgress) {
        lock.lock()
        defer { lock.unlock() }
        guard !Terminal.quiet else { return }
        // Batch messages may arrive in any order of phases: the bar never moves back.
        shown = max(shown, min(1, max(0, p.fraction)))
        let width = 24
        let filled = Int((shown * Double(width)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let percent = String(Int((shown * 100).rounded(.down)))
        let elapsed = String(Int(Date().timeIntervalSince(started).rounded(.down)))
        let run = runs > 1 ? ", run \(p.run + 1)/\(runs)" : ""
        let line = "[\(bar)] \(String(repeating: " ", count: max(0, 3 - percent.count)))\(percent)% \(elapsed) s · \(p.size) members\(run) · \(p.message)"
        if interactive {
            FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line).utf8))
            drawn = true
        } else {
            Terminal.progress(line)
        }
    }

    /// Ends the in-place line.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\n".utf8)) }
        drawn = false
    }
}
