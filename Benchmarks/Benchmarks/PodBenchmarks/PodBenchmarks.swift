import Benchmark
import CohortCore
import CohortSolver

/// A generated roster with every active and trial member asking for a study
/// pod (`RuleColumns.podShare` 1), read into a Cohort once per size (outside
/// the measurement). `zoneSpread` 0 keeps everyone in one region (dense
/// windows, large pods); the generator's default spreads them across continents.
func podCohort(_ memberCount: Int, seed: UInt64, zoneSpread: Double? = nil) -> Cohort {
    var parameters = RosterGenerator.Parameters(memberCount: memberCount, seed: seed)
    if let zoneSpread { parameters.zoneSpread = zoneSpread }
    let roster = RosterGenerator(parameters: parameters).generate().withRuleColumns(RuleColumns(podShare: 1), seed: seed)
    let writer = CSVWriter(neutralizesFormulas: false)
    let outcome = RosterReader.read(
        members: InputFile(name: "members.csv", bytes: Array(writer.write(header: roster.members.header, rows: roster.members.rows).utf8)),
        projects: InputFile(name: "projects.csv", bytes: Array(writer.write(header: roster.projects.header, rows: roster.projects.rows).utf8)),
        policy: InputFile(name: "policy.toml", bytes: Array(roster.policyTOML.utf8)),
        runDate: CalendarDate(year: 2026, month: 11, day: 23)!)
    guard let cohort = outcome.cohort else { fatalError("generated roster does not validate") }
    return cohort
}

/// Prints the figures docs/performance.md records.
func report(_ f: PodFormation, _ name: String, _ c: Cohort) {
    let seekers = c.members.count(where: \.seeksPod)
    let placed = f.pods.reduce(0) { $0 + $1.members.count }
    print("\(name): \(seekers) seekers, \(f.pods.count) pods, placed \(placed) of bound \(Int(f.placement.bound)); quality \(Int(f.quality.objective)) bound \(Int(f.quality.bound)); search \(f.placement.seconds) s, rest \(f.quality.seconds) s; \(f.quality.details)")
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident],
        timeUnits: .milliseconds,
        warmupIterations: 0,
        maxDuration: .seconds(120),
        maxIterations: 3)

    // About 1,000 and 10,000 seekers (active and trial members of 1,250 and
    // 12,500), in two shapes: zones across continents (the generator's
    // default) and one region.
    for (size, spread, iterations) in [(1_250, nil, 3), (1_250, 0.0, 3), (12_500, nil, 1), (12_500, 0.0, 1)] as [(Int, Double?, Int)] {
        let name = "Pods, \(size) members" + (spread == nil ? "" : ", one region")
        Benchmark(name, configuration: .init(maxDuration: .seconds(300), maxIterations: iterations)) { (benchmark: Benchmark, cohort: Cohort) in
            for _ in benchmark.scaledIterations {
                let f = try PodFormation.solve(cohort, solver: GLPKSolver())
                report(f, name, cohort)
                blackHole(f)
            }
        } setup: {
            podCohort(size, seed: 1, zoneSpread: spread)
        }
    }
}
