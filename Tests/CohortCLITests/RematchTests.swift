import Foundation
import Testing

@Suite(.tags(.slow), .inSlowSuite) struct RematchCLITests {
    static let demo = Paths.demo
    func rosterArgs(_ extra: [String] = []) -> [String] {
        [Self.demo.appendingPathComponent("members.csv").path, "--projects", Self.demo.appendingPathComponent("projects.csv").path,
         "--policy", Self.demo.appendingPathComponent("policy.toml").path, "--quiet"] + extra
    }

    /// --excel: every CSV starts with a UTF-8 byte-order mark (nothing else
    /// changes), and rematch reads such a directory as --from.
    @Test func excelOutputsHaveAByteOrderMarkAndRematchReadsThem() throws {
        try withTemporaryDirectory { dir in
            let plain = dir.appendingPathComponent("plain"), excel = dir.appendingPathComponent("excel"), second = dir.appendingPathComponent("second")
            #expect(try runCohort(["match"] + rosterArgs(["--out", plain.path])).exit == 0)
            let run = try runCohort(["match"] + rosterArgs(["--out", excel.path, "--excel"]))
            #expect(run.exit == 0, "\(run)")
            let a = try snapshot(plain), b = try snapshot(excel)
            #expect(a.keys.sorted() == b.keys.sorted())
            for (name, data) in b where name.hasSuffix(".csv") {
                #expect(data.prefix(3) == Data([0xEF, 0xBB, 0xBF]), "\(name)")
                #expect(data.dropFirst(3) == a[name], "\(name)")
            }
            #expect(b["calendar/ada.ics"] == a["calendar/ada.ics"])
            let rematch = try runCohort(["rematch"] + rosterArgs(["--from", excel.path, "--release", "elena", "--out", second.path, "--excel"]))
            #expect(rematch.exit == 0, "\(rematch)")
            let changes = try Data(contentsOf: second.appendingPathComponent("changes.csv"))
            #expect(changes.prefix(3) == Data([0xEF, 0xBB, 0xBF]))
        }
    }

    @Test func releaseMovesOnlyTheAffectedAndWritesChanges() throws {
        try withTemporaryDirectory { dir in
            let first = dir.appendingPathComponent("first"), second = dir.appendingPathComponent("second")
            let match = try runCohort(["match"] + rosterArgs(["--out", first.path]))
            #expect(match.exit == 0, "\(match)")
            // elena mentors ivan and sam; sam's backup liam has a place and takes over.
            let run = try runCohort(["rematch"] + rosterArgs(["--from", first.path, "--release", "elena", "--change", "wen", "--out", second.path]))
            #expect(run.exit == 0, "\(run)")
            let changes = try String(contentsOf: second.appendingPathComponent("changes.csv"), encoding: .utf8)
            #expect(changes.hasPrefix("member_id,change,from,to,reason\n"))
            #expect(changes.contains("\nsam,mentor,elena,liam,mentor elena stepped back; their backup mentor took over\n"))
            #expect(changes.contains("\nelena,released,"))
            #expect(changes.contains("\nwen,mentor,chen,"))
            let changed = Set(changes.split(separator: "\n").dropFirst().map { String($0.prefix { $0 != "," }) })
            // Every file of match is there; teams and buddies identical; other rows identical.
            let before = try snapshot(first), after = try snapshot(second)
            for name in before.keys { #expect(after[name] != nil, "\(name) missing") }
            // Calendars follow the change (docs/schedule.md §6): sam's check-in goes out again
            // with the same UID and SEQUENCE 1 (now with liam); elena's with sam and ivan is
            // cancelled; calendars of members without a change are as they were.
            func text(_ name: String) -> String { String(decoding: after[name] ?? Data(), as: UTF8.self) }
            #expect(text("calendar/sam.ics").contains("SEQUENCE:1\r\n") && !text("calendar/sam.ics").contains("STATUS:CANCELLED"))
            #expect(text("calendar/elena.ics").contains("STATUS:CANCELLED\r\n"))
            for name in before.keys where name.hasPrefix("calendar/") && !changed.contains(String(name.dropFirst(9).dropLast(4))) {
                let old = String(decoding: before[name]!, as: UTF8.self)
                if !old.contains("checkin-") { #expect(after[name] == before[name], "\(name) changed") }
            }
            #expect(after["teams.csv"] == before["teams.csv"])
            #expect(after["buddies.csv"] == before["buddies.csv"])
            #expect(after["pods.csv"] == before["pods.csv"])
            func rows(_ data: Data?, _ keep: (Substring) -> Bool) -> [Substring] {
                String(decoding: data ?? Data(), as: UTF8.self).split(separator: "\n").filter(keep)
            }
            let unaffected = { (line: Substring) in !changed.contains(String(line.prefix { $0 != "," })) }
            #expect(rows(before["pairings.csv"], unaffected) == rows(after["pairings.csv"], unaffected))
            let notMoved = { (line: Substring) in !changed.contains { line.hasPrefix("checkin-\($0),") } }
            #expect(rows(before["schedule.csv"], notMoved) == rows(after["schedule.csv"], notMoved))
            #expect(String(decoding: after["report.html"] ?? Data(), as: UTF8.self).contains("id=\"changes\""))
            // The previous directory is untouched.
            #expect(try snapshot(first) == before)
        }
    }

    @Test func refusesAFromDirectoryOfAnotherRoster() throws {
        try withTemporaryDirectory { dir in
            let first = dir.appendingPathComponent("first"), second = dir.appendingPathComponent("second")
            #expect(try runCohort(["match"] + rosterArgs(["--out", first.path])).exit == 0)
            let policy = try runCohort(["rematch"] + rosterArgs(["--set", "stage_gap=3", "--from", first.path, "--release", "elena", "--out", second.path]))
            #expect(policy.exit == 1, "\(policy)")
            #expect(policy.stderr.contains("summary.json:") && policy.stderr.contains("policy stage_gap was 2, this run has 3"), "\(policy)")
            #expect(!FileManager.default.fileExists(atPath: second.path))
            // Another members file (one row fewer): the digest no longer matches.
            let members = dir.appendingPathComponent("members.csv")
            let text = try String(contentsOf: Self.demo.appendingPathComponent("members.csv"), encoding: .utf8)
            try (text.split(separator: "\n").dropLast().joined(separator: "\n") + "\n").write(to: members, atomically: true, encoding: .utf8)
            let other = try runCohort(["rematch", members.path, "--projects", Self.demo.appendingPathComponent("projects.csv").path,
                                       "--policy", Self.demo.appendingPathComponent("policy.toml").path, "--quiet",
                                       "--from", first.path, "--release", "elena", "--out", second.path])
            #expect(other.exit == 1, "\(other)")
            #expect(other.stderr.contains("not an input of that run"), "\(other)")
            // Unknown ids, and a member with nothing to change.
            let unknown = try runCohort(["rematch"] + rosterArgs(["--from", first.path, "--release", "nobody", "--out", second.path]))
            #expect(unknown.exit == 1 && unknown.stderr.contains("--release nobody: no member with this id"), "\(unknown)")
            let idle = try runCohort(["rematch"] + rosterArgs(["--from", first.path, "--change", "ada", "--out", second.path]))
            #expect(idle.exit == 1 && idle.stderr.contains("--change ada: ada has no mentor"), "\(idle)")
            // Usage: nothing to do.
            #expect(try runCohort(["rematch"] + rosterArgs(["--from", first.path, "--out", second.path])).exit == 2)
            // Team changes: an unknown team, a member on no team and an unknown member, all at once.
            let teams = try runCohort(["rematch"] + rosterArgs(["--from", first.path, "--dissolve-team", "T99", "--leave", "ben", "--leave", "nobody", "--out", second.path]))
            #expect(teams.exit == 1, "\(teams)")
            #expect(teams.stderr.contains("--dissolve-team T99: no team T99 in \(first.path)/teams.csv (its teams are T001–T008)"), "\(teams)")
            #expect(teams.stderr.contains("--leave ben: ben is on no team in \(first.path)/teams.csv"), "\(teams)")
            #expect(teams.stderr.contains("--leave nobody: no member with this id in the roster"), "\(teams)")
            #expect(!FileManager.default.fileExists(atPath: second.path))
        }
    }

    /// `--dissolve-team T003 --leave dara` on the demo: T003's members go to
    /// teams with room whose standup they can make, T006 (dara, bruno, priya)
    /// falls below team_min and goes; every other team's rows, the pairings,
    /// buddies, pods and every other event are byte-identical.
    @Test func dissolveTeamAndLeaveMoveOnlyTheirTeams() throws {
        try withTemporaryDirectory { dir in
            let first = dir.appendingPathComponent("first"), second = dir.appendingPathComponent("second")
            #expect(try runCohort(["match"] + rosterArgs(["--out", first.path])).exit == 0)
            let run = try runCohort(["rematch"] + rosterArgs(["--from", first.path, "--dissolve-team", "T003", "--leave", "dara", "--out", second.path]))
            #expect(run.exit == 0, "\(run)")
            let before = try snapshot(first), after = try snapshot(second)
            func text(_ d: [String: Data], _ name: String) -> String { String(decoding: d[name] ?? Data(), as: UTF8.self) }
            let changes = text(after, "changes.csv")
            #expect(changes.contains("\ndara,team,T006,,taken off team T006 (--leave)\n"), "\(changes)")
            #expect(changes.contains("\nomar,team,T003,T004,\"team T003 dissolved (--dissolve-team); joined T004 (standup Mon 18:45–19:15 UTC, unchanged)\"\n"), "\(changes)")
            #expect(changes.contains("\nbruno,team,T006,,\"team T006 was left with 2 member(s), below its minimum of 3 after dara left"), "\(changes)")
            #expect(after["pairings.csv"] == before["pairings.csv"])
            #expect(after["buddies.csv"] == before["buddies.csv"])
            // The demo's pods (priya, of P001, moved from T006 to T007) are untouched: pods.csv byte for byte,
            // and their meetings with the other events below.
            #expect(text(before, "pods.csv").split(separator: "\n").count == 11 && after["pods.csv"] == before["pods.csv"])
            #expect(changes.contains("\npriya,team,T006,T007,"), "\(changes)")
            // Teams whose members did not change keep their rows; T003 and T006 are gone.
            // The teams named in changes.csv's team rows (moved from or to).
            let changedTeams = Set(changes.split(separator: "\n").flatMap { line -> [Substring] in
                let f = line.split(separator: ",", omittingEmptySubsequences: false)
                return f.count > 3 && f[1] == "team" ? [f[2], f[3]].filter { !$0.isEmpty } : []
            })
            #expect(changedTeams.isSuperset(of: ["T003", "T004", "T006"]))
            let keep = { (line: Substring) in !changedTeams.contains(line.prefix { $0 != "," }) }
            #expect(text(before, "teams.csv").split(separator: "\n").filter(keep) == text(after, "teams.csv").split(separator: "\n").filter(keep))
            #expect(!text(after, "teams.csv").contains("\nT003,") && !text(after, "teams.csv").contains("\nT006,"))
            // Events other than those teams' standups and demo sessions are unchanged.
            let other = { (line: Substring) in !line.hasPrefix("standup-") && !line.hasPrefix("demo-") }
            #expect(text(before, "schedule.csv").split(separator: "\n").filter(other) == text(after, "schedule.csv").split(separator: "\n").filter(other))
            #expect(text(after, "schedule.csv").contains("\nstandup-T004,standup,Mon,18:45,19:15,jonas;omar;pat;xavier,"))
            // Members who lost their team are in unmatched.csv with the reason.
            #expect(text(after, "unmatched.csv").contains("\nivan,team,"))
            // Calendars follow (docs/rematch.md §7): dara's standup is cancelled, omar's new one
            // is there; members of teams without a change keep their calendar byte for byte.
            #expect(text(after, "calendar/dara.ics").contains("STATUS:CANCELLED\r\n"))
            #expect(text(after, "calendar/omar.ics").contains("standup-T004"))
            for id in ["aiko", "hana", "hiro", "wen"] { #expect(after["calendar/\(id).ics"] == before["calendar/\(id).ics"], "\(id)") }
            #expect(try snapshot(first) == before)
        }
    }
}
