import Benchmark
import CohortCore
import CohortFiles
import CohortSolver
import Foundation

/// Lets the file system forget files removed before a measurement: `sync`,
/// then 6 s. On an ext4 without a journal (the VM of docs/performance.md),
/// creating a file skips every inode freed in the last 5 s — 305 s while the
/// inode table is not yet on the disk — one by one (`find_inode_bit` →
/// `recently_deleted`), so 10,000 new files right after 10,000 removed ones
/// cost about 3 s of kernel CPU more. That is the previous iteration's
/// removal, not this one's writing (docs/performance.md, "What the 10k
/// benchmark measured").
func settle() {
    sync()
    sleep(6)
}

/// A batch of a generated roster, solved once in the setup (not measured).
struct Solved: Sendable {
    let result: BatchResult
    let inputs: [InputFile]

    init(memberCount: Int, seed: UInt64, timeLimit: Double?) {
        let roster = RosterGenerator(memberCount: memberCount, seed: seed).generate()
        let writer = CSVWriter(neutralizesFormulas: false)
        inputs = [
            InputFile(name: "members.csv", bytes: Array(writer.write(header: roster.members.header, rows: roster.members.rows).utf8)),
            InputFile(name: "projects.csv", bytes: Array(writer.write(header: roster.projects.header, rows: roster.projects.rows).utf8)),
            InputFile(name: "policy.toml", bytes: Array(roster.policyTOML.utf8)),
        ]
        let overrides = timeLimit.map { [PolicyReader.Override(key: "time_limit_seconds", value: String($0))] } ?? []
        let outcome = RosterReader.read(members: inputs[0], projects: inputs[1], policy: inputs[2], overrides: overrides,
                                        runDate: CalendarDate(year: 2026, month: 11, day: 23)!)
        guard let cohort = outcome.cohort else { fatalError("generated roster does not validate: \(outcome.errors.prefix(3))") }
        do { result = try Batch.run(cohort, solver: GLPKSolver()) } catch { fatalError("batch failed: \(error)") }
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident],
        timeUnits: .milliseconds,
        warmupIterations: 0,
        maxDuration: .seconds(60),
        maxIterations: 5)

    // The goal (issue #19): 10,000 members' outputs rendered and written in ≤ 2 s,
    // 100,000 in ≤ 15 s. The 100k batch is solved with a 5-s limit per phase:
    // the outputs' size, not their quality, is what this measures.
    for (size, timeLimit, iterations) in [(10_000, nil as Double?, 5), (100_000, 5.0 as Double?, 3)] {
        // What `cohort match` runs after the batch (Sources/cohort/Match.swift):
        // OutputDirectory.addFiles (rendering on two threads, summary.json last)
        // and commit (the marker, every file without a flush of its own, one
        // syncfs, summary.json, the rename into place). Until 2026-12-07 the
        // previous iteration's output was removed just before the next
        // measurement, which then paid for the removal; see settle().
        Benchmark("Render and write every output file (cohort match's OutputDirectory.addFiles + commit), \(size / 1000)k members",
                  configuration: .init(maxDuration: .seconds(600), maxIterations: iterations)) { (benchmark: Benchmark, solved: Solved) in
            let base = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-output-bench-\(ProcessInfo.processInfo.processIdentifier)").path
            for k in benchmark.scaledIterations {
                let dir = base + "-\(k)"
                benchmark.startMeasurement()
                var output = OutputDirectory(dir, command: .match)
                output.addFiles(of: solved.result, inputs: solved.inputs)
                do { try output.commit(force: false) } catch { fatalError("cannot write \(dir): \(error)") }
                benchmark.stopMeasurement()
                // As cohort removes a replaced output (on 16 threads: one unlink
                // waits about 3 ms here); then the file system forgets the removal.
                OutputDirectory.remove(dir)
                settle()
            }
        } setup: {
            // Files an earlier run removed (another benchmark, a test) are forgotten while the batch solves.
            sync()
            return Solved(memberCount: size, seed: 1, timeLimit: timeLimit)
        }
    }
}
