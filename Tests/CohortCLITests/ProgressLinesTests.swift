import Foundation
import Testing

/// Runs the built `cohort` with stderr on a pipe and notes when each stderr
/// line arrived (seconds since the start).
func runCohortTimed(_ args: [String]) throws -> (exit: Int32, lines: [(at: Double, text: String)]) {
    let process = Process()
    process.executableURL = try Paths.binary()
    process.arguments = args
    process.currentDirectoryURL = Paths.packageRoot
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    let pipe = Pipe()
    process.standardError = pipe
    let start = Date()
    try process.run()
    var lines: [(Double, String)] = []
    var pending = Data()
    while true {
        let chunk = pipe.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        let at = Date().timeIntervalSince(start)
        pending.append(chunk)
        while let nl = pending.firstIndex(of: 10) {
            lines.append((at, String(decoding: pending[pending.startIndex..<nl], as: UTF8.self)))
            pending = Data(pending[(nl + 1)...])
        }
    }
    process.waitUntilExit()
    lines.append((Date().timeIntervalSince(start), "(exit)"))
    return (process.terminationStatus, lines)
}

/// No stretch of a run without a line on stderr for more than 2 s (the
/// heartbeat prints after 1.5 s of silence; 0.75 s of slack for a loaded
/// machine); in a log, a heartbeat that would only repeat the one before it
/// (but for the time) is shortened to "  … PHASE: still working · N s"; the
/// writing is announced.
func expectHeartbeat(_ lines: [(at: Double, text: String)], out: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let text = lines.map(\.text).joined(separator: "\n")
    var previous = 0.0
    for line in lines {
        #expect(line.at - previous <= 2.75, "\(line.at - previous) s of silence before '\(line.text)'\n\(text)", sourceLocation: sourceLocation)
        previous = line.at
    }
    let beats = lines.map(\.text).filter { $0.hasPrefix("  … ") }
    func said(_ s: String) -> String { s.split(separator: " · ").dropLast().joined(separator: " · ") }
    for (a, b) in zip(beats, beats.dropFirst()) where said(a) == said(b) {
        #expect(said(b).hasSuffix(": still working"), "repeated heartbeat '\(b)'\n\(text)", sourceLocation: sourceLocation)
    }
    #expect(lines.contains { $0.text.hasPrefix("writing ") && $0.text.hasSuffix(" files to " + out) }, "\(text)", sourceLocation: sourceLocation)
}

@Suite(.tags(.slow), .inSlowSuite) struct ProgressLinesTests {
    /// No stretch of a run without a line on stderr for more than 2 s (the
    /// heartbeat prints after 1.5 s of silence; 0.75 s of slack for a loaded
    /// machine), the mentor sentence adds up, and the writing is announced.
    @Test func heartbeatLeavesNoSilentStretchAndSentencesAddUp() throws {
        try withTemporaryDirectory { dir in
            let roster = dir.appendingPathComponent("roster")
            #expect(try runCohort(["generate", "--members", "2000", "--seed", "8", "--out", roster.path, "--quiet"]).exit == 0)
            let run = try runCohortTimed(["match", roster.appendingPathComponent("members.csv").path,
                                          "--projects", roster.appendingPathComponent("projects.csv").path,
                                          "--policy", roster.appendingPathComponent("policy.toml").path, "--out", dir.appendingPathComponent("out").path])
            let text = run.lines.map(\.text).joined(separator: "\n")
            #expect(run.exit == 0, "\(text)")
            expectHeartbeat(run.lines, out: dir.appendingPathComponent("out").path)
            // "mentor pairs: M of N mentees matched (C continuing, K new), U without a mentor (…)": M = C + K, M + U = N.
            let sentence = try #require(run.lines.map(\.text).first { $0.hasPrefix("mentor pairs:") && $0.contains(" mentees matched (") })
            let numbers = sentence.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            #expect(numbers.count >= 5)
            #expect(numbers[0] == numbers[2] + numbers[3] && numbers[0] + numbers[4] == numbers[1], "\(sentence)")
        }
    }

    /// `cohort rematch` rebuilds the previous run (every phase of match) and
    /// renders everything again: the same heartbeat, the same announced writing.
    @Test func rematchHasTheSameHeartbeat() throws {
        try withTemporaryDirectory { dir in
            let roster = dir.appendingPathComponent("roster")
            #expect(try runCohort(["generate", "--members", "2000", "--seed", "8", "--out", roster.path, "--quiet"]).exit == 0)
            let inputs = [roster.appendingPathComponent("members.csv").path, "--projects", roster.appendingPathComponent("projects.csv").path,
                          "--policy", roster.appendingPathComponent("policy.toml").path]
            let first = dir.appendingPathComponent("first")
            #expect(try runCohort(["match"] + inputs + ["--out", first.path, "--quiet"]).exit == 0)
            let pairings = try String(contentsOf: first.appendingPathComponent("pairings.csv"), encoding: .utf8)
            let mentor = try #require(pairings.split(separator: "\n").dropFirst().first?.split(separator: ",")[1])
            let out = dir.appendingPathComponent("out").path
            let run = try runCohortTimed(["rematch"] + inputs + ["--from", first.path, "--release", String(mentor), "--out", out])
            #expect(run.exit == 0, "\(run.lines.map(\.text).joined(separator: "\n"))")
            expectHeartbeat(run.lines, out: out)
            // The rebuilt run's long phases (teams take seconds at 2,000 members) report
            // their steps, as in match: "  … teams: improving teams — 65536 of 1416000 moves (4 %, …) · 2 s".
            #expect(run.lines.contains { $0.text.hasPrefix("  … ") && $0.text.contains(" — ") }, "\(run.lines.map(\.text).joined(separator: "\n"))")
        }
    }

    @Test func repeatedWarningsAreSummedUpUnlessVerbose() throws {
        try withTemporaryDirectory { dir in
            var csv = "id,stage,mentor_capacity,availability\n"
            for k in 1...8 { csv += "m\(k),5,4,Mon 18:00-20:00\n" }
            let members = dir.appendingPathComponent("members.csv")
            try csv.write(to: members, atomically: true, encoding: .utf8)
            let run = try runCohort(["validate", members.path])
            #expect(run.exit == 0, "\(run)")
            let capped = run.stderrLines.filter { $0.contains("capped to 2") }
            #expect(capped == ["\(members.path): column mentor_capacity: warning: mentor_capacity above max_mentees, capped to 2 — 8 rows (lines 2, 3, 4, 5, 6, …; --verbose lists every one)"])
            let verbose = try runCohort(["validate", members.path, "--verbose"])
            #expect(verbose.stderrLines.filter { $0.contains("capped to 2") }.count == 8)
        }
    }
}
