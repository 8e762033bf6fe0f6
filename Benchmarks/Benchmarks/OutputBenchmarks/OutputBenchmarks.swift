import Benchmark
import CohortCore
import CohortFiles
import CohortSolver
import Foundation

/// Removes every output directory this benchmark wrote (`prefix` + anything).
/// Run once after a benchmark's samples, never between them: on an ext4 without
/// a journal (the VM of docs/performance.md), creating a file skips the inodes
/// freed recently, one by one (`find_inode_bit` → `recently_deleted`), so
/// 10,000 new files right after 10,000 removed ones cost 1–3 s of kernel CPU
/// more — the previous sample's removal, not this one's writing (docs/
/// performance.md, "What the 10k benchmark measured"). `sync` + 6 s between
/// samples (02bed58) did not make that cost go away.
func removeOutputs(prefix: String) {
    let tmp = FileManager.default.temporaryDirectory
    let names = (try? FileManager.default.contentsOfDirectory(atPath: tmp.path)) ?? []
    for name in names where name.hasPrefix(prefix) {
        OutputDirectory.remove(tmp.appendingPathComponent(name).path)
    }
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
        // syncfs, summary.json, the rename into place), each sample into a new
        // directory. Until 2026-12-07 the previous sample's output was removed
        // just before the next one, which then paid for the removal; see
        // removeOutputs(prefix:). A re-run into the same --out is measured with
        // `cohort match` itself (docs/performance.md).
        let prefix = "cohort-output-bench-\(ProcessInfo.processInfo.processIdentifier)-\(size / 1000)k-"
        Benchmark("Render and write every output file (cohort match's OutputDirectory.addFiles + commit), \(size / 1000)k members",
                  configuration: .init(maxDuration: .seconds(600), maxIterations: iterations)) { (benchmark: Benchmark, solved: Solved) in
            for _ in benchmark.scaledIterations {
                // A new directory per sample; every one is removed after the last sample.
                let dir = FileManager.default.temporaryDirectory.appendingPathComponent(prefix + UUID().uuidString).path
                benchmark.startMeasurement()
                var output = OutputDirectory(dir, command: .match)
                output.addFiles(of: solved.result, inputs: solved.inputs)
                do { try output.commit(force: false) } catch { fatalError("cannot write \(dir): \(error)") }
                benchmark.stopMeasurement()
            }
        } setup: {
            // Files an earlier run removed (another benchmark, a test) are forgotten while the batch solves.
            sync()
            return Solved(memberCount: size, seed: 1, timeLimit: timeLimit)
        } teardown: {
            removeOutputs(prefix: prefix)
        }
    }
}
