import Foundation
import Testing

/// The rule inputs of SPEC §2 from the command line: validation messages and
/// a match that keeps max_stage_gap and mentor_group.
@Suite("rule keys, end to end")
struct RuleKeysTests {
    static let members = """
        id,stage,group,availability,interests,skills,mentor_capacity,teammates,balance,wants_pod
        a,1,Finance,Mon 18:00-20:00,data,,0,b,woman,yes
        b,1,Legal,Mon 18:00-20:00,data,,0,,man,no
        f3,3,Finance,Mon 18:00-20:00,,data,2,,,
        l5,5,Legal,Mon 18:00-20:00,,data,2,,,

        """

    func write(_ dir: URL, _ files: [String: String]) throws {
        for (name, text) in files { try Data(text.utf8).write(to: dir.appendingPathComponent(name)) }
    }

    @Test("bad rule inputs: every problem located, exit 1")
    func badInputs() throws {
        try withTemporaryDirectory { dir in
            try write(dir, [
                "members.csv": """
                    id,stage,wants_pod,teammates,balance
                    a,1,perhaps,ghost,
                    b,2,,,x;y

                    """,
                "policy.toml": """
                    max_stage_gap = 1
                    mentor_group = "elsewhere"
                    workshop_tracks = "1-3;3-5"
                    organizer_email = "organizer"

                    """,
            ])
            let run = try runCohort(["validate", "members.csv", "--policy", "policy.toml", "--set", "pod_min=9"], cwd: dir)
            #expect(run.exit == 1, "\(run)")
            #expect(run.stderrLines == [
                "policy.toml:2: column mentor_group: expected \"any\", \"different\" or \"same\" (\"elsewhere\")",
                "policy.toml:3: column workshop_tracks: bands '1-3' and '3-5' overlap: each stage belongs to one track (\"1-3;3-5\")",
                "policy.toml:4: column organizer_email: expected an e-mail address such as organizer@example.org (\"organizer\")",
                "policy.toml:1: column max_stage_gap: max_stage_gap 1 is less than stage_gap 2",
                "--set:1: column pod_max: pod_max 7 is less than pod_min 9",
                "members.csv:2: column wants_pod: expected yes or no (perhaps)",
                "members.csv:2: column teammates: no member has this id (ghost)",
                "members.csv:3: column balance: one value only: ';' separates list items and cannot be part of a value (x;y)",
                "cohort: 8 problems in the input; nothing was written",
            ])
        }
    }

    @Test("teammate and balance problems: the unknown id is an error, the rest warnings, all at once, nothing written")
    func teammateAndBalanceProblems() throws {
        try withTemporaryDirectory { dir in
            try write(dir, [
                "members.csv": """
                    id,stage,status,teammates,balance
                    a,1,active,a;b;b;ghost,woman
                    b,2,paused,,woman
                    c,3,active,,woman
                    d,4,active,,wman

                    """,
                "policy.toml": "quarter_start = 2027-01-04\nteam_no_isolated = \"woman;nonbinary\"\n",
            ])
            let run = try runCohort(["match", "members.csv", "--policy", "policy.toml", "--out", "out"], cwd: dir)
            #expect(run.exit == 1, "\(run)")
            #expect(run.stderrLines == [
                "policy.toml:2: column team_no_isolated: warning: no member has this balance value, so it never applies (the roster has 'woman', 'wman') (nonbinary)",
                "members.csv:2: column teammates: warning: a teammate wish naming the member themselves, ignored (a)",
                "members.csv:2: column teammates: warning: this member is paused, so the teammate wish cannot be honoured (b)",
                "members.csv:2: column teammates: warning: teammate named twice, counted once (b)",
                "members.csv:5: column balance: warning: looks like a misspelling of 'woman' (3 members), but team_no_isolated compares values as written (ignoring case): this member counts as a value of their own (wman)",
                "members.csv:2: column teammates: no member has this id (ghost)",
                "cohort: 1 problem in the input; nothing was written",
            ])
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
        }
    }

    @Test("match keeps max_stage_gap and mentor_group, and says why")
    func matchKeepsTheRules() throws {
        try withTemporaryDirectory { dir in
            try write(dir, ["members.csv": Self.members, "policy.toml": "quarter_start = 2027-01-04\n"])
            let out = dir.appendingPathComponent("out")
            let run = try runCohort(["match", "members.csv", "--policy", "policy.toml", "--set", "max_stage_gap=2",
                                     "--set", "mentor_group=different", "--out", "out", "--quiet"], cwd: dir)
            #expect(run.exit == 0, "\(run)")
            let pairings = try String(contentsOf: out.appendingPathComponent("pairings.csv"), encoding: .utf8)
            // b (Legal) gets f3 (Finance, 2 stages ahead); l5 is 4 ahead; a's only mentor at stage 3 is in Finance.
            #expect(pairings.split(separator: "\n").dropFirst().map { $0.split(separator: ",").prefix(2).joined(separator: ",") } == ["b,f3"])
            let unmatched = try String(contentsOf: out.appendingPathComponent("unmatched.csv"), encoding: .utf8)
            #expect(unmatched.contains("a,mentor,\"your only opted-in mentor at stage 3 is in your own group 'Finance' (mentor_group \"\"different\"\")\""), "\(unmatched)")
            let summary = try String(contentsOf: out.appendingPathComponent("summary.json"), encoding: .utf8)
            #expect(summary.contains("\"max_stage_gap\": 2,") && summary.contains("\"mentor_group\": \"different\","), "\(summary)")
        }
    }

    @Test("a roster nobody mentors says so")
    func nobodyMentors() throws {
        try withTemporaryDirectory { dir in
            let noMentors = Self.members.replacingOccurrences(of: ",data,2,,,", with: ",data,0,,,")
            try write(dir, ["members.csv": noMentors, "policy.toml": "quarter_start = 2027-01-04\n"])
            let run = try runCohort(["match", "members.csv", "--policy", "policy.toml", "--out", "out", "--quiet"], cwd: dir)
            #expect(run.exit == 0, "\(run)")
            let unmatched = try String(contentsOf: dir.appendingPathComponent("out/unmatched.csv"), encoding: .utf8)
            #expect(unmatched.contains("a,mentor,nobody in this roster offers mentoring (no active member has a mentor_capacity above 0)"), "\(unmatched)")
        }
    }

    @Test("generate --rule-columns writes a roster that uses every rule column, and match keeps the mentor rules on it", .tags(.slow), .inSlowSuite)
    func generatedRosterWithRuleColumns() throws {
        try withTemporaryDirectory { dir in
            let gen = try runCohort(["generate", "--members", "400", "--seed", "9", "--rule-columns", "--out", "roster", "--quiet"], cwd: dir)
            #expect(gen.exit == 0, "\(gen)")
            let members = try String(contentsOf: dir.appendingPathComponent("roster/members.csv"), encoding: .utf8)
            #expect(members.hasPrefix("id,") && members.split(separator: "\n")[0].hasSuffix(",group,balance,teammates,wants_pod"))
            let run = try runCohort(["match", "roster/members.csv", "--projects", "roster/projects.csv", "--policy", "roster/policy.toml",
                                     "--set", "max_stage_gap=2", "--set", "mentor_group=different", "--out", "out", "--quiet"], cwd: dir)
            #expect(run.exit == 0, "\(run)")
            // Every pair: at most 2 stages apart, departments differ (or one has none).
            var stage: [String: Int] = [:], group: [String: String] = [:]
            let rows = members.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            let header = rows[0]
            let (id, st, gr) = (header.firstIndex(of: "id")!, header.firstIndex(of: "stage")!, header.firstIndex(of: "group")!)
            let names = ["exploration": 1, "foundation": 2, "application": 3, "mentorship": 4, "leadership": 5]
            for r in rows.dropFirst() {
                stage[r[id]] = Int(r[st]) ?? names[r[st]]
                group[r[id]] = r[gr]
            }
            let pairings = try String(contentsOf: dir.appendingPathComponent("out/pairings.csv"), encoding: .utf8)
            let pairs = pairings.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            #expect(pairs.count > 10)
            for p in pairs {
                for mentor in [p[1], p[8]] where !mentor.isEmpty {  // mentor_id, backup_mentor_id
                    let gap = stage[mentor]! - stage[p[0]]!
                    #expect(gap >= 2 && gap <= 2, "\(p[0])–\(mentor)")
                    #expect(group[mentor]!.isEmpty || group[p[0]]!.isEmpty || group[mentor] != group[p[0]], "\(p[0])–\(mentor)")
                }
            }
        }
    }
}
