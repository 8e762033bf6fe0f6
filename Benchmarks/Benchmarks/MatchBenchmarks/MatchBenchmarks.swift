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

extension Roster {
    /// The validated cohort, as `cohort match` reads it.
    func cohort() -> Cohort {
        let outcome = RosterReader.read(members: members, projects: projects, policy: policy, runDate: runDate)
        guard let cohort = outcome.cohort else { fatalError("generated roster does not validate: \(outcome.errors.prefix(3))") }
        return cohort
    }
}

/// Read → validate → mentor pairs → output files as text: what `cohort match`
/// does, minus writing the files to disk.
func batch(_ roster: Roster) throws -> [(name: String, text: String)] {
    let result = try Batch.run(roster.cohort(), solver: GLPKSolver())
    return OutputFiles.render(result, inputs: [roster.members, roster.projects, roster.policy])
}

/// The pairing phases as `Batch.run` runs them (#16's targets): the mentor
/// candidate graph, mentor pairs with every schedulability re-solve and the
/// certificate, backups, buddies. Returns the pairs made, so nothing is optimized away.
func pairingPhases(_ cohort: Cohort) throws -> Int {
    let solver = GLPKSolver()
    let candidates = MentorCandidates(cohort: cohort, threads: 2, limit: MentorCandidates.storedLimit(for: cohort))
    let mentoring = try SchedulablePairs.solve(candidates, cohort: cohort, solver: solver, threads: 2).matching
    let backups = try BackupMentors.solve(mentoring, cohort: cohort, solver: solver, threads: 2)
    let buddies = try Buddies.solve(cohort: cohort, solver: solver, threads: 2)
    return mentoring.pairs.count + backups.assignments.count + buddies.pairs.count
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident],
        timeUnits: .milliseconds,
        warmupIterations: 0,
        maxDuration: .seconds(30),
        maxIterations: 5)

    // The whole batch at 100k members is measured with the CLI (docs/performance.md):
    // the team search and 100k calendars make an iteration minutes long.
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

    // Seed 3, as the figures of docs/performance.md "Mentor pairs, backups and buddies".
    for (size, iterations) in [(10_000, 5), (100_000, 2)] {
        Benchmark("Pairing phases (candidates, pairs with re-solves, backups, buddies), \(size / 1000)k members",
                  configuration: .init(maxDuration: .seconds(300), maxIterations: iterations)) { (benchmark: Benchmark, cohort: Cohort) in
            for _ in benchmark.scaledIterations {
                blackHole(try pairingPhases(cohort))
            }
        } setup: {
            Roster(memberCount: size, seed: 3).cohort()
        }
    }
}
