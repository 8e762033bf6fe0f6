import Foundation
import Testing

@testable import CohortCore

/// A seeded mutation fuzzer over the three readers of user input: the CSV
/// reader, the roster reader (members.csv and projects.csv) and the policy
/// reader (issue #14). It mutates the files under Datasets/ (valid, invalid,
/// quirky) byte by byte and field by field, and checks on every mutant that
/// the readers return (no trap, no overflow) and keep their contract: a cohort
/// exactly when there is no error, every diagnostic inside the file it names,
/// every number in the cohort and the policy within its bounds.
///
/// The suite runs `COHORT_FUZZ_ITERATIONS` mutants (default 1,500, a few
/// seconds) from `COHORT_FUZZ_SEED` (default 1); `make fuzz` runs 200,000 from
/// a new seed and saves each mutant to `.build/fuzz-current.*` first, so the
/// input of a crash is on disk (docs/input.md "Fuzzing").
@Suite struct ReaderFuzzTests {
    static let environment = ProcessInfo.processInfo.environment
    static let iterations = environment["COHORT_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 1_500
    static let seed = environment["COHORT_FUZZ_SEED"].flatMap(UInt64.init) ?? 1
    /// Where `make fuzz` keeps the mutant being read (nil: not kept).
    static let saveTo = environment["COHORT_FUZZ_SAVE"]

    static let datasets = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Datasets")

    /// Every file under Datasets/ of one kind (medium/ cut to its first 60 rows).
    static func corpus(_ name: String) -> [[UInt8]] {
        var files: [[UInt8]] = []
        let walker = FileManager.default.enumerator(at: datasets, includingPropertiesForKeys: nil)
        while let url = walker?.nextObject() as? URL {
            guard url.lastPathComponent == name, var bytes = try? [UInt8](Data(contentsOf: url)) else { continue }
            if bytes.count > 8_000, let cut = bytes.indices.filter({ bytes[$0] == 0x0A }).dropFirst(60).first { bytes = Array(bytes[...cut]) }
            files.append(bytes)
        }
        return files.sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// Bytes and words that break readers: separators, quotes, line ends, a BOM,
    /// broken UTF-8, numbers past every bound, TOML brackets and comments.
    static let tokens: [[UInt8]] = [
        ",", "\"", "\r", "\n", "\r\n", ";", "=", "[", "]", "#", "'", "-", ":", " ", "\t", "\\",
        "99999999999999999999", "9223372036854775807", "-9223372036854775808", "1e308", "1e-300", "nan", "inf", "-1", "0",
        "24:00", "Mon-Sun 00:00-24:00", "Sun 23:45-00:15", "Europe/Berlin", "Africa/Monrovia", "1900-01-01", "2101-01-01",
        "[\"a\",", "\"\"\"", "0x7fffffffffffffff", "😀", "e\u{301}",
    ].map { Array($0.utf8) } + [[0xEF, 0xBB, 0xBF], [0xFF], [0xC3], [0xC3, 0x28], [0xE2, 0x82], [0x00]]

    /// One mutation of `input`: 1–4 edits (flip, insert a token, delete or
    /// duplicate a run, swap lines, splice from another file of the corpus).
    static func mutate(_ input: [UInt8], corpus: [[UInt8]], rng: inout SeededRandom) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let at = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &rng)
            switch Int.random(in: 0..<7, using: &rng) {
            case 0 where at < bytes.count:
                bytes[at] ^= UInt8(1 << Int.random(in: 0..<8, using: &rng))
            case 1:
                bytes.insert(contentsOf: tokens.randomElement(using: &rng)!, at: at)
            case 2 where at < bytes.count:
                bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...40, using: &rng)))
            case 3 where at < bytes.count:
                let run = Array(bytes[at..<min(bytes.count, at + Int.random(in: 1...200, using: &rng))])
                bytes.insert(contentsOf: run, at: Int.random(in: 0...bytes.count, using: &rng))
            case 4:
                var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
                if lines.count > 2 { lines.swapAt(Int.random(in: 0..<lines.count, using: &rng), Int.random(in: 0..<lines.count, using: &rng)) }
                bytes = Array(lines.joined(separator: [0x0A]))
            case 5:
                let other = corpus.randomElement(using: &rng)!
                guard !other.isEmpty else { continue }
                let from = Int.random(in: 0..<other.count, using: &rng)
                bytes.insert(contentsOf: other[from..<min(other.count, from + Int.random(in: 1...120, using: &rng))], at: at)
            default:
                // A cell of a CSV line replaced by a token (numbers past bounds, odd zones, windows).
                var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
                guard lines.count > 1 else { continue }
                let l = Int.random(in: 1..<lines.count, using: &rng)
                var cells = lines[l].split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map(Array.init)
                cells[Int.random(in: 0..<cells.count, using: &rng)] = tokens.randomElement(using: &rng)!
                lines[l] = Array(cells.joined(separator: [UInt8(ascii: ",")]))
                bytes = Array(lines.joined(separator: [0x0A]))
            }
        }
        return bytes
    }

    /// The contract every reader keeps on any input; a description of what broke, if anything.
    static func violations(members: [UInt8], projects: [UInt8]?, policy: [UInt8]?) -> [String] {
        var broken: [String] = []
        let lineCounts = ["members.csv": lines(members), "projects.csv": projects.map(lines) ?? 0, "policy.toml": policy.map(lines) ?? 0]
        _ = CSVReader.read(members)
        let outcome = RosterReader.read(
            members: InputFile(name: "members.csv", bytes: members),
            projects: projects.map { InputFile(name: "projects.csv", bytes: $0) },
            policy: policy.map { InputFile(name: "policy.toml", bytes: $0) },
            runDate: CalendarDate(year: 2026, month: 11, day: 21)!)
        if (outcome.cohort == nil) != !outcome.errors.isEmpty { broken.append("a cohort with errors, or no cohort and no error") }
        for d in outcome.diagnostics {
            guard let count = lineCounts[d.file] else { broken.append("diagnostic names file \(d.file)"); continue }
            if d.line < 1 || d.line > count { broken.append("line \(d.line) outside \(d.file) (\(count) lines): \(d)") }
            if case .field(let n) = d.column, n < 1 { broken.append("field \(n): \(d)") }
        }
        guard let cohort = outcome.cohort else { return broken }
        let p = cohort.policy
        if let t = p.timeLimitSeconds, !PolicyKey.timeLimitRange.contains(t) { broken.append("time limit \(t)") }
        if !PolicyKey.quarterStartRange.contains(p.quarterStart) { broken.append("quarter_start \(p.quarterStart)") }
        if p.teamMin > p.teamMax { broken.append("team_min \(p.teamMin) > team_max \(p.teamMax)") }
        if Set(cohort.members.map(\.id)).count != cohort.members.count { broken.append("duplicate member ids") }
        for m in cohort.members {
            if !(0...p.maxMentees).contains(m.mentorCapacity) { broken.append("\(m.id): capacity \(m.mentorCapacity)") }
            if m.avoid.contains(where: { !cohort.members.indices.contains($0) }) { broken.append("\(m.id): avoid out of range") }
            if m.availability.count > Week.slots { broken.append("\(m.id): \(m.availability.count) slots") }
        }
        for pr in cohort.projects {
            if !(1...50).contains(pr.minSize) || !(1...50).contains(pr.maxSize) { broken.append("\(pr.id): sizes \(pr.minSize)–\(pr.maxSize)") }
            if pr.members.contains(where: { !cohort.members.indices.contains($0) }) { broken.append("\(pr.id): member out of range") }
        }
        return broken
    }

    /// Lines a diagnostic may name: LF, CRLF and CR each end one; a last line without an end counts.
    static func lines(_ bytes: [UInt8]) -> Int {
        var count = 1
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0A { count += 1 } else if bytes[i] == 0x0D {
                count += 1
                if i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
            }
            i += 1
        }
        return count
    }

    @Test("mutated rosters and policies: the readers return, and keep their contract")
    func mutatedInputs() throws {
        let members = Self.corpus("members.csv"), projects = Self.corpus("projects.csv"), policies = Self.corpus("policy.toml")
        try #require(!members.isEmpty && !projects.isEmpty && !policies.isEmpty, "no corpus under \(Self.datasets.path)")
        let everything = members + projects + policies
        var rng = SeededRandom(seed: Self.seed)
        var failures = 0
        for iteration in 0..<Self.iterations {
            // Mutate one of the three files; the other two are kept as found (or absent).
            var m = members.randomElement(using: &rng)!
            var pr: [UInt8]? = Bool.random(using: &rng) ? projects.randomElement(using: &rng)! : nil
            var po: [UInt8]? = Bool.random(using: &rng) ? policies.randomElement(using: &rng)! : nil
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: m = Self.mutate(m, corpus: everything, rng: &rng)
            case 1: pr = Self.mutate(pr ?? projects[0], corpus: everything, rng: &rng)
            default: po = Self.mutate(po ?? policies[0], corpus: everything, rng: &rng)
            }
            if let path = Self.saveTo {
                try Data(m).write(to: URL(fileURLWithPath: path + ".members.csv"))
                try Data(pr ?? []).write(to: URL(fileURLWithPath: path + ".projects.csv"))
                try Data(po ?? []).write(to: URL(fileURLWithPath: path + ".policy.toml"))
            }
            let broken = Self.violations(members: m, projects: pr, policy: po)
            if !broken.isEmpty {
                failures += 1
                Issue.record("seed \(Self.seed), iteration \(iteration): \(broken.prefix(3).joined(separator: "; "))")
                if failures >= 5 { return }
            }
        }
    }

    @Test("the policy reader alone, on mutated policy files")
    func mutatedPolicies() throws {
        let policies = Self.corpus("policy.toml")
        var rng = SeededRandom(seed: Self.seed &+ 1)
        for _ in 0..<Self.iterations {
            let bytes = Self.mutate(policies.randomElement(using: &rng)!, corpus: policies, rng: &rng)
            let (policy, diagnostics) = PolicyReader.read(file: InputFile(name: "policy.toml", bytes: bytes), overrides: [],
                                                          runDate: CalendarDate(year: 2026, month: 11, day: 21)!)
            let lines = Self.lines(bytes)
            for d in diagnostics where d.line < 1 || d.line > lines { Issue.record("line \(d.line) of \(lines): \(d)") }
            if diagnostics.allSatisfy({ $0.severity == .warning }) {
                #expect(policy.timeLimitSeconds.map(PolicyKey.timeLimitRange.contains) ?? true)
                #expect(PolicyKey.quarterStartRange.contains(policy.quarterStart))
            }
        }
    }
}
