import Foundation
import Testing

@Suite("cohort simulate, end to end", .tags(.slow), .inSlowSuite)
struct SimulateTests {
    /// The CSV lines with the wall-clock columns (`*_seconds`, except the time limit) removed.
    static func withoutSeconds(_ data: Data?) -> [String] {
        let lines = String(decoding: data ?? Data(), as: UTF8.self).split(separator: "\n").map(String.init)
        guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false) else { return [] }
        let keep = header.indices.filter { !header[$0].hasSuffix("_seconds") || header[$0] == "time_limit_seconds" }
        return lines.map { line in
            // Cells here hold no quoted commas: numbers, ids and phase names.
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            return keep.map { $0 < cells.count ? String(cells[$0]) : "" }.joined(separator: ",")
        }
    }

    @Test("a sweep writes the table, the reasons and a page with charts; the same seed gives the same tables")
    func sweep() throws {
        try withTemporaryDirectory { tmp in
            let a = tmp.appendingPathComponent("a"), b = tmp.appendingPathComponent("b")
            // No time limit, so that no search is cut at a machine-dependent point (docs/simulate.md);
            // seed 2 gives rosters whose team search ends in well under a second in debug.
            let args = ["simulate", "--sizes", "30,80", "--seed", "2", "--time-limit", "0", "--threads", "1"]
            let run = try runCohort(args + ["--out", a.path])
            #expect(run.exit == 0, "\(run)")
            #expect(try listing(a) == [".cohort-output", "report.html", "simulation.csv", "unserved.csv"])
            // One result line per size on stdout; the progress bar and the closing line on stderr.
            #expect(run.stdoutLines.count == 2 && run.stdoutLines[0].hasPrefix("30 members: mentees matched"), "\(run)")
            #expect(run.stderrLines.contains { $0.hasPrefix("[") && $0.contains("% ") && $0.contains("80 members") }, "\(run)")
            #expect(run.stderrLines.last?.hasPrefix("simulated 2 sizes × 1 run in ") == true, "\(run)")

            let files = try snapshot(a)
            let table = Self.withoutSeconds(files["simulation.csv"])
            #expect(table.count == 3)
            #expect(table[0].hasPrefix("size,run,seed,members,active,mentees,mentors,mentor_places,matched,matched_share,"))
            #expect(table[1].hasPrefix("30,0,2,30,") && table[2].hasPrefix("80,0,2,80,"))
            // Two workshop tracks by default (stages 1-2 and 3-5), then the kickoff and the mentor circles.
            #expect(table[0].contains(",workshop_share,track_1-2_invited,track_1-2_seated,track_1-2_share,track_3-5_invited,track_3-5_seated,"
                + "track_3-5_share,kickoff_invited,kickoff_seated,kickoff_share,circle_invited,circle_seated,circle_share,events_not_fitted,"), "\(table[0])")
            #expect(run.stdoutLines[0].contains("(track 1-2 ") && run.stdoutLines[0].contains(", kickoff "), "\(run)")
            let page = String(decoding: files["report.html"] ?? Data(), as: UTF8.self)
            #expect(page.ranges(of: "<svg ").count == 3)
            #expect(!page.contains("http:") && !page.contains("https:"))

            let again = try runCohort(args + ["--out", b.path, "--quiet"])
            #expect(again.exit == 0 && again.stderr.isEmpty, "\(again)")
            let second = try snapshot(b)
            #expect(Self.withoutSeconds(second["simulation.csv"]) == table)
            #expect(second["unserved.csv"] == files["unserved.csv"])
        }
    }

    @Test("planning prints the mentor share and the number of mentors, and writes planning.csv")
    func planning() throws {
        try withTemporaryDirectory { tmp in
            let out = tmp.appendingPathComponent("plan")
            let run = try runCohort(["simulate", "--sizes", "120", "--target-share", "0.4", "--tolerance", "0.03125", "--out", out.path, "--quiet"])
            #expect(run.exit == 0, "\(run)")
            #expect(run.stdoutLines.count == 1, "\(run)")
            #expect(run.stdoutLines[0].hasPrefix("120 members: 40% of mentees "), "\(run)")
            #expect(try listing(out) == [".cohort-output", "planning.csv", "report.html"])
            let csv = String(decoding: try snapshot(out)["planning.csv"] ?? Data(), as: UTF8.self)
            #expect(csv.hasPrefix("size,target_share,mentor_share,"))
            #expect(csv.contains("baseline"))
        }
    }

    @Test("Datasets/medium is exactly what cohort generate writes for 2000 members, seed 2026")
    func mediumDataset() throws {
        try withTemporaryDirectory { tmp in
            let out = tmp.appendingPathComponent("medium")
            let run = try runCohort(["generate", "--members", "2000", "--seed", "2026", "--out", out.path, "--quiet"])
            #expect(run.exit == 0, "\(run)")
            var generated = try snapshot(out)
            generated[".cohort-output"] = nil
            let committed = try snapshot(Paths.datasets.appendingPathComponent("medium"))
            #expect(committed.keys.sorted() == ["members.csv", "policy.toml", "projects.csv"])
            // A deliberate generator change updates the dataset in the same commit (Datasets/README.md).
            #expect(generated == committed)
        }
    }

    @Test("bad sizes and shares are usage errors (exit 2) and write nothing", arguments: [
        (["--sizes", "100,,200"], "Error: --sizes takes comma-separated member counts"),
        (["--sizes", "0"], "Error: each size must be between 1 and 1000000"),
        (["--sizes", "ten"], "Error: --sizes takes comma-separated member counts"),
        (["--sizes", "10", "--target-share", "1.5"], "Error: --target-share must be above 0 and at most 1"),
        (["--sizes", "10", "--runs", "0"], "Error: --runs must be between 1 and 100"),
        (["--sizes", "10", "--workshop-tracks", "1-3;3-5"], "Error: --workshop-tracks: bands '1-3' and '3-5' overlap"),
        (["--sizes", "10", "--workshop-tracks", "2-1"], "Error: --workshop-tracks: band '2-1' runs backwards"),
    ])
    func usage(arguments: [String], message: String) throws {
        try withTemporaryDirectory { tmp in
            let run = try runCohort(["simulate"] + arguments + ["--out", tmp.appendingPathComponent("never").path])
            #expect(run.exit == 2, "\(run)")
            #expect(run.stderrLines.first?.hasPrefix(message) == true, "\(run)")
            #expect(try listing(tmp).isEmpty)
        }
    }

    @Test("a directory cohort did not write is refused before any work")
    func refusesForeignDirectory() throws {
        try withTemporaryDirectory { tmp in
            try Data("mine\n".utf8).write(to: tmp.appendingPathComponent("notes.txt"))
            let run = try runCohort(["simulate", "--sizes", "10", "--out", tmp.path])
            #expect(run.exit == 2, "\(run)")
            #expect(run.stderr.contains("holds files cohort did not write (notes.txt)"), "\(run)")
            #expect(!run.stderr.contains("members ·"), "\(run)")
            #expect(try listing(tmp) == ["notes.txt"])
        }
    }
}
