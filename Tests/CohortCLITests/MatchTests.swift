import Foundation
import Testing

/// summary.json with its run-dependent fields removed: the wall-clock seconds
/// of each phase (and of its engine, its search and its bound) and the input file names (a test may read a copy elsewhere).
func comparableSummary(_ data: Data) -> String {
    String(decoding: data, as: UTF8.self)
        .split(separator: "\n", omittingEmptySubsequences: false)
        .filter { line in !["\"seconds\":", "\"engine_seconds\":", "\"search_seconds\":", "\"bound_seconds\":", "\"file\":"].contains { line.contains($0) } }
        .joined(separator: "\n")
}

/// report.html without its lines of wall-clock seconds (class="seconds").
func comparableReport(_ data: Data) -> String {
    String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        .filter { !$0.contains("class=\"seconds\"") }.joined(separator: "\n")
}

/// The .cohort-output marker without the lines of summary.json and
/// report.html (their digests follow the seconds in them).
func comparableMarker(_ data: Data) -> String {
    String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        .filter { !$0.hasSuffix(" summary.json") && !$0.hasSuffix(" report.html") }.joined(separator: "\n")
}

/// Every output file, with summary.json, report.html and the marker made comparable.
func comparableOutputs(_ dir: URL) throws -> [String: String] {
    var result: [String: String] = [:]
    for (name, data) in try snapshot(dir) {
        switch name {
        case "summary.json": result[name] = comparableSummary(data)
        case "report.html": result[name] = comparableReport(data)
        case ".cohort-output": result[name] = comparableMarker(data)
        default: result[name] = String(decoding: data, as: UTF8.self)
        }
    }
    return result
}

/// Writes members.csv with its data rows in a shuffled (but fixed) order.
func shuffledCopy(of members: URL, to target: URL, seed: UInt64) throws {
    let text = try String(contentsOf: members, encoding: .utf8)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    let header = lines.removeFirst()
    var state = seed
    for i in stride(from: lines.count - 1, to: 0, by: -1) {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        let j = Int((state >> 33) % UInt64(i + 1))
        lines.swapAt(i, j)
    }
    try ([header] + lines).joined(separator: "\n").appending("\n").write(to: target, atomically: true, encoding: .utf8)
}

@Suite(.tags(.slow), .inSlowSuite) struct MatchTests {
    func match(_ members: URL, projects: URL?, policy: URL?, out: URL) throws -> CohortRun {
        var args = ["match", members.path, "--out", out.path, "--quiet"]
        if let projects { args += ["--projects", projects.path] }
        if let policy { args += ["--policy", policy.path] }
        return try runCohort(args)
    }

    @Test func demoRosterMatchesAndWritesTheOutputs() throws {
        try withTemporaryDirectory { dir in
            let out = dir.appendingPathComponent("out")
            let run = try match(Paths.demo.appendingPathComponent("members.csv"), projects: Paths.demo.appendingPathComponent("projects.csv"),
                                policy: Paths.demo.appendingPathComponent("policy.toml"), out: out)
            #expect(run.exit == 0, "\(run)")
            #expect(run.stdout.isEmpty)
            let files = try listing(out)
            #expect(files.contains("pairings.csv") && files.contains("teams.csv") && files.contains("unmatched.csv") && files.contains("summary.json"))
            let pairings = try String(contentsOf: out.appendingPathComponent("pairings.csv"), encoding: .utf8)
            #expect(pairings.hasPrefix("mentee_id,mentor_id,mentee_stage,mentor_stage,shared_interests,checkin_day,checkin_start,checkin_end,backup_mentor_id,continuing,score,mentee_local_time,mentor_local_time,mentee_name,mentee_email,mentor_name,mentor_email,"))
            // The handout: one row per roster member, in id order, with the mentor's email.
            let members = try String(contentsOf: Paths.demo.appendingPathComponent("members.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
            let handout = try String(contentsOf: out.appendingPathComponent("assignments.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
            #expect(handout.map { $0.prefix { $0 != "," } } == members.map { $0.prefix { $0 != "," } }.sorted())
            #expect(handout.contains { $0.hasPrefix("nora,Nora Lindqvist,nora@example.org,") && $0.contains(",ada,Ada Okafor,ada@example.org,") })
            // summary.json, written last, times rendering and writing the other files.
            let summary = try String(contentsOf: out.appendingPathComponent("summary.json"), encoding: .utf8)
            let written = try snapshot(out).keys.filter { !$0.hasSuffix("/") && $0 != ".cohort-output" }.count
            #expect(summary.contains("\"render_write\": {") && summary.contains("\"files\": \(written)"), "\(summary)")
            // Continuing pairs are kept; the change request is honoured; avoid is respected.
            #expect(pairings.contains("\nnora,ada,3,5,"))
            #expect(pairings.contains("\nwen,chen,2,5,"))
            #expect(!pairings.contains("\nomar,chen,"))
            #expect(!pairings.contains("\nxavier,farid,"))
            try demoRulesHold(out)
            try readmeSampleMatches(out)
        }
    }

    /// README's demo section shows rows of the demo's output files (a header
    /// line names the file; a row ending in `…` is abridged): each must be the
    /// start of a row of that file as `make demo` writes it now.
    func readmeSampleMatches(_ out: URL) throws {
        let readme = try String(contentsOf: Paths.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "### The demo").map { readme[$0.upperBound...] })
        let start = try #require(section.range(of: "```text\n"))
        let block = section[start.upperBound...]
        let end = try #require(block.range(of: "```"))
        var file: [Substring]? = nil
        var checked = 0
        for line in block[..<end.lowerBound].split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty { file = nil; continue }
            guard let rows = file else {
                let name = String(line.prefix { $0 != " " })
                file = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8).split(separator: "\n")
                continue
            }
            let shown = line.hasSuffix(",…") ? line.dropLast() : line
            #expect(rows.contains { $0.hasPrefix(shown) }, "README shows a row the demo no longer writes: \(line)")
            checked += 1
        }
        #expect(checked >= 10)
    }

    /// What the demo roster exercises beyond the basics (Datasets/demo, README): study
    /// pods, two workshop tracks, `max_stage_gap`, `mentor_group = "different"` and the
    /// team rules, checked from the rules on the written files.
    func demoRulesHold(_ out: URL) throws {
        func rows(_ url: URL) throws -> [[String: String]] {
            let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(lines[0], $0).map { ($0, $1) }) }
        }
        // members.csv has no quoted commas up to `group`, its last column.
        let members = Dictionary(uniqueKeysWithValues: try rows(Paths.demo.appendingPathComponent("members.csv")).map { ($0["id"]!, $0) })
        // pairings.csv: quoted local times come after the columns read here.
        let pairs = try rows(out.appendingPathComponent("pairings.csv"))
        #expect(pairs.count >= 10)
        for p in pairs {
            let (mentee, mentor) = (members[p["mentee_id"]!]!, members[p["mentor_id"]!]!)
            let gap = Int(p["mentor_stage"]!)! - Int(p["mentee_stage"]!)!
            #expect((2...3).contains(gap), "\(p["mentee_id"]!)–\(p["mentor_id"]!): stage gap \(gap) (stage_gap 2, max_stage_gap 3)")
            if let g = mentee["group"], !g.isEmpty { #expect(mentor["group"] != g, "\(p["mentee_id"]!)–\(p["mentor_id"]!): both of \(g)") }
        }
        // femi and kemi (both Lagos) were a pair without mentor_group; femi now has the reason.
        let unmatched = try String(contentsOf: out.appendingPathComponent("unmatched.csv"), encoding: .utf8)
        #expect(unmatched.contains("\nfemi,mentor,\"4 mentors at stage 3–4 outside your group share"), "\(unmatched)")
        // Three pods of 3–5 around one shared interest; ben (interest 'blockchain') and mo (Saturdays only) get a reason.
        let pods = try rows(out.appendingPathComponent("pods.csv"))
        let byPod = Dictionary(grouping: pods, by: { $0["pod_id"]! })
        #expect(byPod.keys.sorted() == ["P001", "P002", "P003"])
        for (_, pod) in byPod {
            #expect((3...5).contains(pod.count))
            for row in pod { #expect(members[row["member_id"]!]!["wants_pod"] == "yes" && members[row["member_id"]!]!["interests"]!.split(separator: ";").contains { $0 == row["shared_interest"]! }) }
        }
        #expect(unmatched.contains("\nben,pod,") && unmatched.contains("\nmo,pod,"))
        // Two workshop tracks (stages 1-2 and 3-5): each session's attendees are of its track only.
        let schedule = try rows(out.appendingPathComponent("schedule.csv"))
        let workshops = schedule.filter { $0["kind"] == "workshop" }
        #expect(Set(workshops.map { String($0["event_id"]!.prefix(16)) }) == ["workshop-track1-", "workshop-track2-"], "\(workshops)")
        for w in workshops {
            let band = w["event_id"]!.hasPrefix("workshop-track1-") ? 1...2 : 3...5
            for id in w["participants"]!.split(separator: ";") {
                let stage = members[String(id)]!["stage"]!
                let n = Int(stage) ?? ["exploration": 1, "foundation": 2, "application": 3, "mentorship": 4, "leadership": 5][stage]!
                #expect(band.contains(n), "\(id) (stage \(stage)) at \(w["event_id"]!)")
            }
        }
        #expect(schedule.filter { $0["kind"] == "pod" }.map { $0["event_id"]! } == ["pod-P001", "pod-P002", "pod-P003"])
        // The team rules: no team mixes the Lagos and Berlin chapters (team_group = "same"); nobody is
        // the only woman on their team (team_no_isolated = "woman"); team_ideal = 4 and the teammates
        // wishes are preferences: most teams have four members, and some wishes are met.
        let teams = Dictionary(grouping: try rows(out.appendingPathComponent("teams.csv")), by: { $0["team_id"]! })
        #expect(teams.count == 8)
        for (id, team) in teams {
            let ids = team.map { $0["member_id"]! }
            let groups = Set(ids.compactMap { members[$0]!["group"] }.filter { !$0.isEmpty })
            #expect(groups.count <= 1, "\(id) mixes \(groups)")
            #expect(ids.count { members[$0]!["balance"] == "woman" } != 1, "\(id): \(ids)")
        }
        #expect(teams.values.count { $0.count == 4 } >= 4, "\(teams.mapValues { $0.count })")
        // summary.json's isolation level: nobody isolated, under the details' current names (docs/outputs.md).
        let summary = try String(contentsOf: out.appendingPathComponent("summary.json"), encoding: .utf8)
        #expect(summary.contains("\"isolated_peer_could_join\": 0,") && summary.contains("\"isolated_forced_proven\": 0,")
                && !summary.contains("isolated_for_placement"), "\(summary)")
        let teamOf = Dictionary(uniqueKeysWithValues: teams.flatMap { id, team in team.map { ($0["member_id"]!, id) } })
        let wishes = members.values.flatMap { m in m["teammates"]!.split(separator: ";").map { (m["id"]!, String($0)) } }
        #expect(wishes.count == 6 && wishes.count { teamOf[$0.0] != nil && teamOf[$0.0] == teamOf[$0.1] } >= 3, "\(wishes)")
        // Each pod meets in all 12 weeks: its time is clear of its members' kickoff, circles and demo sessions.
        #expect(schedule.filter { $0["kind"] == "pod" }.allSatisfy { $0["occurrences"] == "12" }, "\(schedule.filter { $0["kind"] == "pod" })")
    }

    @Test func sameInputGivesTheSameBytes() throws {
        try withTemporaryDirectory { dir in
            let members = Paths.demo.appendingPathComponent("members.csv")
            let projects = Paths.demo.appendingPathComponent("projects.csv")
            let policy = Paths.demo.appendingPathComponent("policy.toml")
            let a = dir.appendingPathComponent("a"), b = dir.appendingPathComponent("b")
            #expect(try match(members, projects: projects, policy: policy, out: a).exit == 0)
            #expect(try match(members, projects: projects, policy: policy, out: b).exit == 0)
            let left = try snapshot(a), right = try snapshot(b)
            #expect(left.keys.sorted() == right.keys.sorted())
            for name in left.keys where name != "summary.json" && name != "report.html" && name != ".cohort-output" {
                #expect(left[name] == right[name], "\(name) differs between runs")
            }
            #expect(comparableMarker(left[".cohort-output"]!) == comparableMarker(right[".cohort-output"]!))
            #expect(comparableSummary(left["summary.json"]!) == comparableSummary(right["summary.json"]!))
            #expect(comparableReport(left["report.html"]!) == comparableReport(right["report.html"]!))
        }
    }

    @Test(arguments: [(300, 11), (1_500, 12)])
    func shuffledRowsGiveTheSameOutputs(members count: Int, seed: Int) throws {
        try withTemporaryDirectory { dir in
            let roster = dir.appendingPathComponent("roster")
            #expect(try runCohort(["generate", "--members", String(count), "--seed", String(seed), "--out", roster.path, "--quiet"]).exit == 0)
            let members = roster.appendingPathComponent("members.csv")
            let shuffledDir = dir.appendingPathComponent("shuffled")
            try FileManager.default.createDirectory(at: shuffledDir, withIntermediateDirectories: true)
            let shuffled = shuffledDir.appendingPathComponent("members.csv")
            try shuffledCopy(of: members, to: shuffled, seed: UInt64(seed))
            let projects = roster.appendingPathComponent("projects.csv"), policy = roster.appendingPathComponent("policy.toml")
            let a = dir.appendingPathComponent("a"), b = dir.appendingPathComponent("b")
            let runA = try match(members, projects: projects, policy: policy, out: a)
            let runB = try match(shuffled, projects: projects, policy: policy, out: b)
            #expect(runA.exit == 0, "\(runA)")
            #expect(runB.exit == 0, "\(runB)")
            var left = try comparableOutputs(a), right = try comparableOutputs(b)
            // The digest of members.csv differs, as it should; nothing else may.
            left["summary.json"] = left["summary.json"]?.split(separator: "\n").filter { !$0.contains("sha256") }.joined(separator: "\n")
            right["summary.json"] = right["summary.json"]?.split(separator: "\n").filter { !$0.contains("sha256") }.joined(separator: "\n")
            #expect(left == right)
        }
    }

    @Test func maximumFoundThroughAFullMentorsSecondPlace() throws {
        try withTemporaryDirectory { dir in
            let roster = Paths.datasets.appendingPathComponent("regression/full-mentor-second-place")
            let out = dir.appendingPathComponent("out")
            let run = try match(roster.appendingPathComponent("members.csv"), projects: nil, policy: roster.appendingPathComponent("policy.toml"), out: out)
            #expect(run.exit == 0, "\(run)")
            let pairings = try String(contentsOf: out.appendingPathComponent("pairings.csv"), encoding: .utf8)
            #expect(pairings.split(separator: "\n").dropFirst().map { $0.split(separator: ",").prefix(2).joined(separator: ",") } == ["a,d", "b,d", "c,e"])
        }
    }

    @Test func existingForeignDirectoryIsNotTouched() throws {
        try withTemporaryDirectory { dir in
            let out = dir.appendingPathComponent("mine")
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            try "keep me".write(to: out.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
            let run = try match(Paths.demo.appendingPathComponent("members.csv"), projects: nil, policy: Paths.demo.appendingPathComponent("policy.toml"), out: out)
            #expect(run.exit == 2)
            #expect(try listing(out) == ["notes.txt"])
        }
    }

    @Test func invalidInputWritesNothing() throws {
        try withTemporaryDirectory { dir in
            let out = dir.appendingPathComponent("out")
            let bad = dir.appendingPathComponent("members.csv")
            try "id,stage\na,9\n".write(to: bad, atomically: true, encoding: .utf8)
            let run = try match(bad, projects: nil, policy: nil, out: out)
            #expect(run.exit == 1)
            #expect(!FileManager.default.fileExists(atPath: out.path))
        }
    }
}
