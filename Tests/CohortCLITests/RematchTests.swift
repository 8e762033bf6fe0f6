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
        }
    }
}
