import Benchmark
import CohortCore
import CohortSolver

/// A generated roster of `shape` read into a Cohort once per size (outside the measurement).
func generatedCohort(_ memberCount: Int, seed: UInt64, shape: RosterGenerator.Shape = .community) -> Cohort {
    let roster = RosterGenerator(parameters: .init(memberCount: memberCount, seed: seed, shape: shape)).generate()
    let writer = CSVWriter(neutralizesFormulas: false)
    let outcome = RosterReader.read(
        members: InputFile(name: "members.csv", bytes: Array(writer.write(header: roster.members.header, rows: roster.members.rows).utf8)),
        projects: roster.hasProjectsFile
            ? InputFile(name: "projects.csv", bytes: Array(writer.write(header: roster.projects.header, rows: roster.projects.rows).utf8)) : nil,
        policy: InputFile(name: "policy.toml", bytes: Array(roster.policyTOML.utf8)),
        runDate: CalendarDate(year: 2026, month: 11, day: 23)!)
    guard let cohort = outcome.cohort else { fatalError("generated roster does not validate") }
    return cohort
}

/// Prints the figures docs/performance.md records (placed/bound, quality/bound, gap).
func report(_ f: TeamFormation, _ size: Int) {
    let q = f.quality
    print("teams \(size): placed \(Int(f.placement.objective)) of bound \(Int(f.placement.bound)), teams \(f.teams.count), unplaced \(f.unplaced.count); quality \(Int(q.objective)) bound \(Int(q.bound)) gap \(q.gap) stopped by \(q.stoppedBy ?? "-"); construction \(f.placement.seconds) s, search \(q.seconds) s; \(q.details)")
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident],
        timeUnits: .milliseconds,
        warmupIterations: 0,
        maxDuration: .seconds(120),
        maxIterations: 3)

    // Every shape (docs/generator.md) at 1,000 and 10,000 members, a class of 30, and 100,000
    // members of the default shape: no time limit, the default work budget (docs/teams.md §6).
    var runs: [(RosterGenerator.Shape, Int, Int)] = [(.classroom, 30, 3)]
    for shape in RosterGenerator.Shape.allCases { runs += [(shape, 1_000, 3), (shape, 10_000, 1)] }
    runs.append((.community, 100_000, 1))
    for (shape, size, iterations) in runs {
        Benchmark("Teams, \(shape.rawValue), \(size) members", configuration: .init(maxDuration: .seconds(300), maxIterations: iterations)) { (benchmark: Benchmark, cohort: Cohort) in
            for _ in benchmark.scaledIterations {
                let f = try TeamFormation.solve(cohort, solver: GLPKSolver())
                report(f, size)
                blackHole(f)
            }
        } setup: {
            generatedCohort(size, seed: 1, shape: shape)
        }
    }
    // `--time-limit` honoured: 2,000 members of the many-projects shape, 1 s (the default budget
    // ends this roster in about 2.5 s, so a longer limit would not be reached).
    Benchmark("Teams, many-projects, 2000 members, 1 s limit", configuration: .init(maxDuration: .seconds(120), maxIterations: 3)) { (benchmark: Benchmark, cohort: Cohort) in
        for _ in benchmark.scaledIterations {
            let f = try TeamFormation.solve(cohort, solver: GLPKSolver(), timeLimit: 1)
            report(f, 2_000)
            blackHole(f)
        }
    } setup: {
        generatedCohort(2_000, seed: 1, shape: .manyProjects)
    }
}
