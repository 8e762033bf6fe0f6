import Benchmark
import CohortCore
import CohortSolver

/// A generated roster as the bytes of its files, made once per size.
struct Roster: Sendable {
    let members: InputFile
    let projects: InputFile
    let policy: InputFile

    init(memberCount: Int, seed: UInt64) {
        let roster = RosterGenerator(memberCount: memberCount, seed: seed).generate()
        let writer = CSVWriter(neutralizesFormulas: false)
        members = InputFile(name: "members.csv", bytes: Array(writer.write(header: roster.members.header, rows: roster.members.rows).utf8))
        projects = InputFile(name: "projects.csv", bytes: Array(writer.write(header: roster.projects.header, rows: roster.projects.rows).utf8))
        policy = InputFile(name: "policy.toml", bytes: Array(roster.policyTOML.utf8))
    }
}

let runDate = CalendarDate(year: 2026, month: 11, day: 23)!

/// Read → validate → mentor pairs → output files as text: what `cohort match`
/// does, minus writing the files to disk.
func batch(_ roster: Roster) throws -> [(name: String, text: String)] {
    let outcome = RosterReader.read(members: roster.members, projects: roster.projects, policy: roster.policy, runDate: runDate)
    guard let cohort = outcome.cohort else { fatalError("generated roster does not validate: \(outcome.errors.prefix(3))") }
    let result = try Batch.run(cohort, solver: GLPKSolver())
    return OutputFiles.render(result, inputs: [roster.members, roster.projects, roster.policy])
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident],
        timeUnits: .milliseconds,
        warmupIterations: 0,
        maxDuration: .seconds(30),
        maxIterations: 5)

    // 100k members is measured with the CLI (docs/performance.md): its mentor-pairs
    // LP alone takes minutes today, too long for a benchmark iteration.
    for (size, iterations) in [(1_000, 5), (10_000, 3)] {
        Benchmark("Batch end to end (pairs, backups, buddies, teams, schedule, files), \(size / 1000)k members",
                  configuration: .init(maxDuration: .seconds(300), maxIterations: iterations)) { (benchmark: Benchmark, roster: Roster) in
            for _ in benchmark.scaledIterations {
                blackHole(try batch(roster))
            }
        } setup: {
            Roster(memberCount: size, seed: 1)
        }
    }
}
