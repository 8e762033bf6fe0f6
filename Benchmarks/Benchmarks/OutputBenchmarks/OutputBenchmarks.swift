import Benchmark
import CohortCore
import CohortSolver
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

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

/// Writes the files the way `cohort match` does (Sources/cohort/OutputDirectory.swift):
/// a staging directory, every file created with open/write/close and no fsync
/// of its own, then the whole tree flushed once with syncfs(2). The swap into
/// place (one rename) is not measured.
func writeTree(_ files: [(name: String, bytes: [UInt8])], into dir: String) {
    var made: Set<String> = []
    mkdir(dir, 0o755)
    for (name, bytes) in files {
        var directory = dir
        for part in name.split(separator: "/").dropLast() {
            directory += "/" + part
            if made.insert(directory).inserted { mkdir(directory, 0o755) }
        }
        let fd = open(dir + "/" + name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        precondition(fd >= 0, "cannot create \(name)")
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, $0.count - written) }
            precondition(n > 0)
            written += n
        }
        close(fd)
    }
    // syncfs(2) is not in Swift's Glibc module: looked up as the command line does (FileSystem.syncFileSystem).
    typealias SyncFS = @convention(c) (Int32) -> Int32
    let fd = open(dir, O_RDONLY | O_DIRECTORY)
    if let symbol = dlsym(nil, "syncfs") { _ = unsafeBitCast(symbol, to: SyncFS.self)(fd) } else { sync() }
    close(fd)
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
        Benchmark("Render and write every output file (staging tree, one syncfs), \(size / 1000)k members",
                  configuration: .init(maxDuration: .seconds(600), maxIterations: iterations)) { (benchmark: Benchmark, solved: Solved) in
            let base = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-output-bench-\(getpid())").path
            for k in benchmark.scaledIterations {
                let dir = base + "-\(k)"
                benchmark.startMeasurement()
                let files = OutputFiles.render(solved.result, inputs: solved.inputs)
                writeTree(files.map { ($0.name, Array($0.text.utf8)) }, into: dir)
                benchmark.stopMeasurement()
                try? FileManager.default.removeItem(atPath: dir)
            }
        } setup: {
            Solved(memberCount: size, seed: 1, timeLimit: timeLimit)
        }
    }
}
