import Benchmark
import CohortCore

/// A 100,000-member roster from the generator, as the CSV bytes an organizer's
/// export would hold. Built once per process (Swift globals are initialized
/// lazily and once), outside every measurement.
struct RosterInput: Sendable {
    static let memberCount = 100_000
    let members: InputFile
    let projects: InputFile
    let policy: InputFile

    static let shared: RosterInput = {
        let roster = RosterGenerator(memberCount: memberCount, seed: 1).generate()
        let writer = CSVWriter(neutralizesFormulas: false)
        return RosterInput(
            members: InputFile(name: "members.csv", bytes: Array(writer.write(header: roster.members.header, rows: roster.members.rows).utf8)),
            projects: InputFile(name: "projects.csv", bytes: Array(writer.write(header: roster.projects.header, rows: roster.projects.rows).utf8)),
            policy: InputFile(name: "policy.toml", bytes: Array(roster.policyTOML.utf8)))
    }()
}

/// The run date only fixes the default quarter_start; the generated policy sets it.
let runDate = CalendarDate(year: 2026, month: 11, day: 23)!

let benchmarks: @Sendable () -> Void = {
    // No ARC metrics (retain/release counting crashes on Swift 6.3 on Linux).
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident, .peakMemoryResidentDelta],
        timeUnits: .milliseconds,
        warmupIterations: 1,
        maxDuration: .seconds(10),
        maxIterations: 20)

    Benchmark("Roster parse+validate, 100k members") { (benchmark: Benchmark, input: RosterInput) in
        for _ in benchmark.scaledIterations {
            let outcome = RosterReader.read(members: input.members, projects: input.projects, policy: input.policy, runDate: runDate)
            blackHole(outcome)
        }
    } setup: { () -> RosterInput in
        let input = RosterInput.shared
        // The generator promises a valid roster; a benchmark of the error path would mislead.
        let outcome = RosterReader.read(members: input.members, projects: input.projects, policy: input.policy, runDate: runDate)
        precondition(outcome.errors.isEmpty && outcome.cohort?.members.count == RosterInput.memberCount,
                     "the generated roster does not validate: \(outcome.errors.prefix(3))")
        return input
    }

    Benchmark("CSV read only, 100k members") { (benchmark: Benchmark, bytes: [UInt8]) in
        for _ in benchmark.scaledIterations {
            blackHole(CSVReader.read(bytes))
        }
    } setup: { () -> [UInt8] in
        RosterInput.shared.members.bytes
    }
}
