import Foundation
import Testing

@Suite("cohort generate, end to end", .tags(.slow), .inSlowSuite)
struct GenerateTests {
    let generatedFiles = [".cohort-output", "members.csv", "policy.toml", "projects.csv"]

    func generate(members: Int = 60, seed: Int, into dir: URL, _ extra: [String] = []) throws -> CohortRun {
        try runCohort(["generate", "--members", String(members), "--seed", String(seed), "--out", dir.path] + extra)
    }

    @Test("the same seed gives byte-identical files; another seed gives others")
    func deterministic() throws {
        try withTemporaryDirectory { tmp in
            let a = tmp.appendingPathComponent("a"), b = tmp.appendingPathComponent("b"), c = tmp.appendingPathComponent("c")
            let runA = try generate(seed: 42, into: a)
            #expect(runA.exit == 0, "\(runA)")
            #expect(runA.stdout.isEmpty)
            #expect(runA.stderr.contains("wrote 60 members"))
            #expect(try generate(seed: 42, into: b, ["--quiet"]).exit == 0)
            #expect(try generate(seed: 43, into: c, ["--quiet"]).exit == 0)

            let first = try snapshot(a), second = try snapshot(b), other = try snapshot(c)
            #expect(first.keys.sorted() == generatedFiles)
            #expect(first == second)
            #expect(first["members.csv"] != other["members.csv"])
            // Nothing is left beside the outputs (no staging directories).
            #expect(try listing(tmp) == ["a", "b", "c"])
        }
    }

    @Test("--quiet prints nothing")
    func quiet() throws {
        try withTemporaryDirectory { tmp in
            let run = try generate(seed: 1, into: tmp.appendingPathComponent("out"), ["--quiet"])
            #expect(run.exit == 0)
            #expect(run.stdout.isEmpty && run.stderr.isEmpty, "\(run)")
        }
    }

    @Test("the generated roster validates", arguments: [1, 2, 3])
    func generatedRosterValidates(seed: Int) throws {
        try withTemporaryDirectory { tmp in
            let out = tmp.appendingPathComponent("roster")
            #expect(try generate(members: 300, seed: seed, into: out, ["--quiet"]).exit == 0)
            let run = try runCohort(["validate", "members.csv", "--projects", "projects.csv", "--policy", "policy.toml"], cwd: out)
            #expect(run.exit == 0, "\(run)")
            #expect(run.stdoutLines.first == "valid: members.csv")
            #expect(run.stdoutLines.contains("members: 300"))
        }
    }

    @Test("--shape: each shape writes a roster that validates; no-projects writes no projects.csv", arguments: ["many-projects", "no-projects", "large-projects", "class"])
    func shapes(shape: String) throws {
        try withTemporaryDirectory { tmp in
            let out = tmp.appendingPathComponent("roster")
            let n = shape == "class" ? 30 : 200
            let run = try generate(members: n, seed: 2, into: out, ["--shape", shape])
            #expect(run.exit == 0, "\(run)")
            let files = try snapshot(out).keys.sorted()
            #expect(files == (shape == "no-projects" ? generatedFiles.filter { $0 != "projects.csv" } : generatedFiles))
            #expect(run.stderr.contains(shape == "no-projects" ? "(no projects.csv)" : "projects to"))
            let projects = shape == "no-projects" ? [] : ["--projects", "projects.csv"]
            let check = try runCohort(["validate", "members.csv"] + projects + ["--policy", "policy.toml"], cwd: out)
            #expect(check.exit == 0, "\(check)")
            #expect(check.stdoutLines.contains("members: \(n)"))
        }
    }

    @Test("--shape rejects an unknown shape with a usage error")
    func unknownShape() throws {
        try withTemporaryDirectory { tmp in
            let run = try generate(seed: 1, into: tmp.appendingPathComponent("x"), ["--shape", "pyramid"])
            #expect(run.exit == 2, "\(run)")
            #expect(run.stderr.contains("pyramid"))
        }
    }

    @Test("a directory cohort did not write is refused and left untouched")
    func refusesForeignDirectory() throws {
        try withTemporaryDirectory { tmp in
            let out = tmp.appendingPathComponent("precious")
            try FileManager.default.createDirectory(at: out.appendingPathComponent("sub"), withIntermediateDirectories: true)
            try Data("my notes\n".utf8).write(to: out.appendingPathComponent("notes.txt"))
            try Data("keep\n".utf8).write(to: out.appendingPathComponent("sub/keep.csv"))
            let before = try snapshot(out)

            let run = try generate(seed: 1, into: out)
            #expect(run.exit == 2, "\(run)")
            #expect(run.stdout.isEmpty)
            #expect(run.stderrLines == ["cohort: --out \(out.path) holds files cohort did not write (notes.txt, sub/): choose another --out, or move them away; --force never removes them; nothing was written"])
            #expect(try snapshot(out) == before)
            #expect(try listing(tmp) == ["precious"])
        }
    }

    @Test("a regular file as --out is refused, even with --force")
    func refusesFile() throws {
        try withTemporaryDirectory { tmp in
            let out = tmp.appendingPathComponent("roster.csv")
            try Data("id,stage\n".utf8).write(to: out)
            for extra in [[], ["--force"]] {
                let run = try generate(seed: 1, into: out, extra)
                #expect(run.exit == 2, "\(run)")
                #expect(try Data(contentsOf: out) == Data("id,stage\n".utf8))
                #expect(try listing(tmp) == ["roster.csv"])
            }
        }
    }

    @Test("an empty directory is used")
    func emptyDirectory() throws {
        try withTemporaryDirectory { tmp in
            let out = tmp.appendingPathComponent("empty")
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: false)
            #expect(try generate(seed: 1, into: out, ["--quiet"]).exit == 0)
            #expect(try listing(out) == generatedFiles)
        }
    }

    @Test("cohort's own output directory is replaced as a whole")
    func replacesOwnOutput() throws {
        try withTemporaryDirectory { tmp in
            let out = tmp.appendingPathComponent("out"), fresh = tmp.appendingPathComponent("fresh")
            #expect(try generate(seed: 1, into: out, ["--quiet"]).exit == 0)
            try FileManager.default.removeItem(at: out.appendingPathComponent("projects.csv"))

            let run = try generate(seed: 2, into: out, ["--quiet"])
            #expect(run.exit == 0, "\(run)")
            #expect(try generate(seed: 2, into: fresh, ["--quiet"]).exit == 0)
            // Exactly what a fresh run writes: the old files are gone.
            #expect(try snapshot(out) == snapshot(fresh))
            #expect(try listing(tmp) == ["fresh", "out"])
        }
    }

    @Test("--force does not replace a directory holding files cohort did not write")
    func force() throws {
        try withTemporaryDirectory { tmp in
            let out = tmp.appendingPathComponent("precious")
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: false)
            try Data("my notes\n".utf8).write(to: out.appendingPathComponent("notes.txt"))
            let before = try snapshot(tmp)

            let run = try generate(seed: 1, into: out, ["--force", "--quiet"])
            #expect(run.exit == 2, "\(run)")
            #expect(try snapshot(tmp) == before)
        }
    }
}
