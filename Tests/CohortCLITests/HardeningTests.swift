import Foundation
import Testing

/// Numbers past their bounds and policy corner cases, end to end (issue #14 items 6–12).
@Suite("hardened input, end to end")
struct HardeningTests {
    static let demo = Paths.demo
    func demoArgs(_ command: String, _ extra: [String]) -> [String] {
        [command, Self.demo.appendingPathComponent("members.csv").path,
         "--projects", Self.demo.appendingPathComponent("projects.csv").path,
         "--policy", Self.demo.appendingPathComponent("policy.toml").path, "--quiet"] + extra
    }

    @Test("a huge project max_size is an input error (exit 1), not an abort or a 25 GB allocation",
          arguments: ["100000000", "9223372036854775807", "10000000"])
    func hugeProjectSize(_ size: String) throws {
        try withTemporaryDirectory { tmp in
            // The demo's projects, with p-secure's max_size (line 5) made huge.
            let projects = tmp.appendingPathComponent("projects.csv")
            let text = try String(contentsOf: Self.demo.appendingPathComponent("projects.csv"), encoding: .utf8)
            #expect(text.contains(",3,4,xavier\n"))
            try Data(text.replacingOccurrences(of: ",3,4,xavier\n", with: ",3,\(size),xavier\n").utf8).write(to: projects)
            let out = tmp.appendingPathComponent("out")
            let run = try runCohort(["match", Self.demo.appendingPathComponent("members.csv").path, "--projects", projects.path,
                                     "--out", out.path, "--quiet"])
            #expect(run.exit == 1, "\(run)")
            #expect(run.stderrLines == ["\(projects.path):5: column max_size: value out of range: 1 to 50 (\(size))",
                                        "cohort: 1 problem in the input; nothing was written"], "\(run)")
            #expect(!FileManager.default.fileExists(atPath: out.path))
        }
    }

    @Test("--time-limit outside 0.1 s – one week is refused; inside it, summary.json is valid JSON",
          arguments: ["1e308", "1e-300", "0", "inf"])
    func timeLimitBounds(_ value: String) throws {
        try withTemporaryDirectory { tmp in
            let out = tmp.appendingPathComponent("out")
            let run = try runCohort(demoArgs("match", ["--time-limit", value, "--out", out.path]))
            #expect(run.exit == 1, "\(run)")
            #expect(run.stderrLines.first?.hasPrefix("--time-limit: value out of range: 0.1 to 604800 seconds (one week) (") == true, "\(run)")
            #expect(!FileManager.default.fileExists(atPath: out.path))
        }
    }

    @Test func longestTimeLimitWritesValidJSON() throws {
        try withTemporaryDirectory { tmp in
            let out = tmp.appendingPathComponent("out")
            let run = try runCohort(demoArgs("match", ["--time-limit", "604800", "--out", out.path]))
            #expect(run.exit == 0, "\(run)")
            let summary = try Data(contentsOf: out.appendingPathComponent("summary.json"))
            let object = try #require(try JSONSerialization.jsonObject(with: summary) as? [String: Any])
            let policy = try #require(object["policy"] as? [String: Any])
            #expect(policy["time_limit_seconds"] as? Double == 604_800)
        }
    }

    @Test("a quarter before 1970 (local mean time) is refused")
    func quarterBefore1970() throws {
        let run = try runCohort(demoArgs("validate", ["--quarter-start", "1900-01-01"]))
        #expect(run.exit == 1, "\(run)")
        #expect(run.stderr.contains("value out of range: 1970-01-01 to 2100-12-31 (1900-01-01)"), "\(run)")
    }

    @Test("a project's own sizes hold when the policy's team sizes are larger (3 placed, not 0)")
    func projectSizesBelowPolicy() throws {
        try withTemporaryDirectory { tmp in
            let out = tmp.appendingPathComponent("out")
            let run = try runCohort(demoArgs("match", ["--set", "team_min=50", "--set", "team_max=50", "--set", "team_ideal=50", "--out", out.path]))
            #expect(run.exit == 0, "\(run)")
            let rows = try String(contentsOf: out.appendingPathComponent("teams.csv"), encoding: .utf8)
                .split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
            // p-secure is 3–4 in projects.csv; its pitcher xavier is in it.
            let secure = rows.filter { $0[1] == "p-secure" }
            #expect((3...4).contains(secure.count), "\(rows)")
            #expect(secure.contains { $0[2] == "xavier" })
            #expect(rows.allSatisfy { $0[1] == "p-secure" })
        }
    }

    @Test("a policy file saved on Windows (CRLF, a BOM) sets its keys, as the same file with LF does")
    func windowsPolicyFile() throws {
        try withTemporaryDirectory { tmp in
            let members = Self.demo.appendingPathComponent("members.csv").path
            func validate(_ policy: [UInt8]?) throws -> CohortRun {
                var args = ["validate", members, "--quiet"]
                if let policy {
                    let file = tmp.appendingPathComponent("policy-\(UUID().uuidString).toml")
                    try Data(policy).write(to: file)
                    args += ["--policy", file.path]
                }
                return try runCohort(args)
            }
            let text = "# policy saved by Notepad\nstage_gap = 3\nmax_mentees = 1\n"
            let lf = try validate(Array(text.utf8))
            let crlf = try validate(Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8))
            let bomCRLF = try validate([0xEF, 0xBB, 0xBF] + Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8))
            let none = try validate(nil)
            #expect(lf.exit == 0 && crlf.exit == 0 && bomCRLF.exit == 0, "\(crlf)")
            #expect(crlf.stdout == lf.stdout && bomCRLF.stdout == lf.stdout, "\(crlf)")
            // stage_gap 3 leaves fewer members wanting a mentor than the default 2.
            #expect(lf.stdout != none.stdout)
        }
    }

    @Test("summary.json says whether the clock may have decided the run: yes with a time limit, no without")
    func clockMayDecide() throws {
        try withTemporaryDirectory { tmp in
            // Without the demo policy, which sets time_limit_seconds = 30.
            func determinism(_ extra: [String]) throws -> [String: Any] {
                let out = tmp.appendingPathComponent(UUID().uuidString)
                let run = try runCohort(["match", Self.demo.appendingPathComponent("members.csv").path, "--quiet",
                                         "--quarter-start", "2027-01-04", "--out", out.path] + extra)
                #expect(run.exit == 0, "\(run)")
                let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as? [String: Any]
                return try #require(summary?["determinism"] as? [String: Any])
            }
            let limited = try determinism(["--time-limit", "30"])
            #expect(limited["clock_may_decide"] as? Bool == true && limited["time_limit_seconds"] as? Double == 30)
            let unlimited = try determinism([])
            #expect(unlimited["clock_may_decide"] as? Bool == false && unlimited["time_limit_seconds"] is NSNull)
        }
    }
}
