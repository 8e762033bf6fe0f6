import Foundation
import Testing

/// The `--out` rule (docs/outputs.md): one rule on the resolved path; nothing
/// the user wrote is ever removed, even with --force (issue #14, items 1–5).
@Suite("--out rule, end to end")
struct OutputRuleTests {
    static let members = Paths.demo.appendingPathComponent("members.csv").path

    func match(_ out: String, cwd: URL? = nil, members: String = Self.members, _ extra: [String] = [],
               environment: [String: String] = [:]) throws -> CohortRun {
        try runCohort(["match", members, "--out", out, "--quiet"] + extra, cwd: cwd, environment: environment)
    }

    func write(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// Exit 2, the message names --out and the reason, and `dir` is exactly as before.
    func expectRefused(_ run: CohortRun, _ reason: String, untouched dir: URL, before: [String: Data],
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(run.exit == 2, "\(run)", sourceLocation: sourceLocation)
        #expect(run.stderrLines.count == 1 && run.stderr.hasPrefix("cohort: --out ") && run.stderr.contains(reason)
                && run.stderr.hasSuffix("; nothing was written\n"), "\(run)", sourceLocation: sourceLocation)
        #expect(try snapshot(dir) == before, sourceLocation: sourceLocation)
    }

    @Test("an empty --out, or one that is the working directory or holds it, is refused")
    func workingDirectory() throws {
        try withTemporaryDirectory { tmp in
            let work = tmp.appendingPathComponent("work")
            try write("my notes\n", to: work.appendingPathComponent("notes.txt"))
            try write("deeper\n", to: work.appendingPathComponent("sub/keep.txt"))
            let before = try snapshot(tmp)
            try expectRefused(try match("", cwd: work), "is empty", untouched: tmp, before: before)
            try expectRefused(try match(".", cwd: work), "is the working directory", untouched: tmp, before: before)
            try expectRefused(try match(work.path + "/sub/..", cwd: work), "is the working directory", untouched: tmp, before: before)
            try expectRefused(try match("..", cwd: work.appendingPathComponent("sub")), "is the working directory or holds it",
                              untouched: tmp, before: before)
        }
    }

    @Test("/ and the home directory (or one above it) are refused")
    func rootAndHome() throws {
        try withTemporaryDirectory { tmp in
            let home = tmp.appendingPathComponent("home/me")
            try write("dotfile\n", to: home.appendingPathComponent(".profile"))
            let before = try snapshot(tmp)
            let env = ["HOME": home.path]
            try expectRefused(try match("/", environment: env), "is the root directory", untouched: tmp, before: before)
            try expectRefused(try match(home.path, environment: env), "is the home directory", untouched: tmp, before: before)
            try expectRefused(try match(home.path + "/..", environment: env), "is the home directory or holds it", untouched: tmp, before: before)
        }
    }

    @Test("a path through a folder that does not exist is resolved before the rule: DIR/nonexistent/.. is DIR")
    func resolvedPath() throws {
        try withTemporaryDirectory { tmp in
            let user = tmp.appendingPathComponent("user")
            try write("keep me\n", to: user.appendingPathComponent("notes.txt"))
            let before = try snapshot(tmp)
            for extra in [[], ["--force"]] {
                try expectRefused(try match(user.path + "/nonexistent/..", extra), "holds files cohort did not write (notes.txt)",
                                  untouched: tmp, before: before)
            }
        }
    }

    @Test("a directory holding an input of this run is refused, even with --force")
    func holdsInput() throws {
        try withTemporaryDirectory { tmp in
            let roster = tmp.appendingPathComponent("roster")
            #expect(try runCohort(["generate", "--members", "40", "--out", roster.path, "--quiet"]).exit == 0)
            // The organizer edits the generated roster, then matches it into its own folder.
            let members = roster.appendingPathComponent("members.csv")
            try (try String(contentsOf: members, encoding: .utf8) + "\n").write(to: members, atomically: true, encoding: .utf8)
            let before = try snapshot(tmp)
            for extra in [[], ["--force"]] {
                try expectRefused(try match(roster.path, members: members.path, extra), "holds \(members.path), an input of this run",
                                  untouched: tmp, before: before)
                try expectRefused(try match(tmp.path, members: members.path, extra), "an input of this run", untouched: tmp, before: before)
            }
            // The roster's own folder given by a relative path, from inside it.
            try expectRefused(try runCohort(["match", "members.csv", "--out", ".", "--quiet"], cwd: roster), "is the working directory",
                              untouched: tmp, before: before)
        }
    }

    @Test("generate and match never replace each other's directories")
    func otherCommand() throws {
        try withTemporaryDirectory { tmp in
            let roster = tmp.appendingPathComponent("roster"), results = tmp.appendingPathComponent("results")
            #expect(try runCohort(["generate", "--members", "40", "--out", roster.path, "--quiet"]).exit == 0)
            #expect(try match(results.path).exit == 0)
            let before = try snapshot(tmp)
            for extra in [[], ["--force"]] {
                try expectRefused(try match(roster.path, extra), "holds a roster written by `cohort generate`", untouched: tmp, before: before)
                try expectRefused(try runCohort(["generate", "--members", "40", "--out", results.path, "--quiet"] + extra),
                                  "holds results written by `cohort match`", untouched: tmp, before: before)
            }
        }
    }

    @Test("a file the user added to cohort's output is never removed, even with --force")
    func addedFile() throws {
        try withTemporaryDirectory { tmp in
            let out = tmp.appendingPathComponent("out")
            #expect(try match(out.path).exit == 0)
            try write("my notes\n", to: out.appendingPathComponent("notes.txt"))
            try write("mine\n", to: out.appendingPathComponent("calendar/extra.txt"))
            let before = try snapshot(tmp)
            for extra in [[], ["--force"]] {
                try expectRefused(try match(out.path, extra), "holds files cohort did not write (calendar/extra.txt, notes.txt)",
                                  untouched: tmp, before: before)
            }
        }
    }

    @Test("a file cohort wrote and the user changed is replaced only with --force")
    func changedFile() throws {
        try withTemporaryDirectory { tmp in
            let out = tmp.appendingPathComponent("out")
            #expect(try match(out.path).exit == 0)
            let pairings = out.appendingPathComponent("pairings.csv")
            let original = try Data(contentsOf: pairings)
            // Same size, one byte changed: the digest tells.
            var edited = original
            edited[edited.count - 2] = edited[edited.count - 2] == UInt8(ascii: "x") ? UInt8(ascii: "y") : UInt8(ascii: "x")
            try edited.write(to: pairings)
            let before = try snapshot(tmp)
            try expectRefused(try match(out.path), "holds files changed since cohort wrote them (pairings.csv)", untouched: tmp, before: before)
            let forced = try match(out.path, ["--force"])
            #expect(forced.exit == 0, "\(forced)")
            #expect(try Data(contentsOf: pairings) == original)
        }
    }

    @Test("cohort's own output is replaced whole; a deleted file of it is no obstacle")
    func replacesOwnOutput() throws {
        try withTemporaryDirectory { tmp in
            let out = tmp.appendingPathComponent("out"), fresh = tmp.appendingPathComponent("fresh")
            #expect(try match(out.path).exit == 0)
            try FileManager.default.removeItem(at: out.appendingPathComponent("buddies.csv"))
            #expect(try match(out.path, ["--set", "checkin_minutes=45"]).exit == 0)
            #expect(try match(fresh.path, ["--set", "checkin_minutes=45"]).exit == 0)
            #expect(try comparableOutputs(out) == comparableOutputs(fresh))
            #expect(try listing(tmp) == ["fresh", "out"])
        }
    }

    @Test("an output of hundreds of calendars is replaced whole: the old files go on several threads, none stays")
    func replacesLargeOutput() throws {
        try withTemporaryDirectory { (tmp: URL) throws -> Void in
            let roster = tmp.appendingPathComponent("roster")
            let out = tmp.appendingPathComponent("out"), fresh = tmp.appendingPathComponent("fresh")
            #expect(try runCohort(["generate", "--members", "300", "--seed", "2", "--out", roster.path, "--quiet"]).exit == 0)
            let members = roster.appendingPathComponent("members.csv").path
            let inputs: [String] = ["--projects", roster.appendingPathComponent("projects.csv").path,
                                    "--policy", roster.appendingPathComponent("policy.toml").path]
            #expect(try match(out.path, members: members, inputs).exit == 0)
            // FileSystem.removeFiles uses threads from 128 files on.
            #expect(try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("calendar").path).count >= 128)
            #expect(try match(out.path, members: members, inputs + ["--set", "checkin_minutes=45"]).exit == 0)
            #expect(try match(fresh.path, members: members, inputs + ["--set", "checkin_minutes=45"]).exit == 0)
            #expect(try comparableOutputs(out) == comparableOutputs(fresh))
            // The old output, swapped out, is gone whole: a file left in it would have kept its folder.
            #expect(try listing(tmp) == ["fresh", "out", "roster"])
        }
    }

    @Test("a directory without a marker holding only files of this command: --force replaces it")
    func unmarked() throws {
        try withTemporaryDirectory { tmp in
            let out = tmp.appendingPathComponent("roster"), fresh = tmp.appendingPathComponent("fresh")
            for name in ["members.csv", "projects.csv", "policy.toml"] { try write("old\n", to: out.appendingPathComponent(name)) }
            let before = try snapshot(tmp)
            let generate = ["generate", "--members", "30", "--seed", "3", "--quiet", "--out"]
            try expectRefused(try runCohort(generate + [out.path]), "has no .cohort-output marker", untouched: tmp, before: before)
            #expect(try runCohort(generate + [out.path, "--force"]).exit == 0)
            #expect(try runCohort(generate + [fresh.path]).exit == 0)
            #expect(try snapshot(out) == snapshot(fresh))
            // A marker of the kind an earlier cohort wrote counts as no marker.
            try write("written by cohort 0.1.0\n", to: out.appendingPathComponent(".cohort-output"))
            let legacy = try snapshot(tmp)
            try expectRefused(try runCohort(generate + [out.path]), "has no .cohort-output marker", untouched: tmp, before: legacy)
        }
    }

    @Test("leftovers of interrupted runs beside --out are removed when they are cohort's own, and only then")
    func leftovers() throws {
        try withTemporaryDirectory { tmp in
            let out = tmp.appendingPathComponent("out")
            #expect(try match(out.path).exit == 0)
            let marker = try Data(contentsOf: out.appendingPathComponent(".cohort-output"))
            let markerText = String(decoding: marker, as: UTF8.self)
            let deadPID = 999_999_999
            // A staging folder killed while writing: the marker and part of the files.
            let staging = tmp.appendingPathComponent(".out.tmp-\(deadPID)-1")
            try write(markerText, to: staging.appendingPathComponent(".cohort-output"))
            try write("half a fi", to: staging.appendingPathComponent("pairings.csv"))
            try write("BEGIN", to: staging.appendingPathComponent("calendar/ada.ics"))
            // Killed before the marker was complete.
            let early = tmp.appendingPathComponent(".out.tmp-\(deadPID)-2")
            try write("cohort out", to: early.appendingPathComponent(".cohort-output.partial"))
            // An old output killed while it was being removed (marker last).
            let old = tmp.appendingPathComponent(".out.old-\(deadPID)-3")
            try write(markerText, to: old.appendingPathComponent(".cohort-output"))
            try write("x", to: old.appendingPathComponent("summary.json"))
            // Not recognizably cohort's: a file the marker does not list; no marker; a running process; another name.
            let foreign = tmp.appendingPathComponent(".out.tmp-\(deadPID)-4")
            try write(markerText, to: foreign.appendingPathComponent(".cohort-output"))
            try write("mine", to: foreign.appendingPathComponent("notes.txt"))
            let unmarked = tmp.appendingPathComponent(".out.old-\(deadPID)-5")
            try write("x", to: unmarked.appendingPathComponent("pairings.csv"))
            let live = tmp.appendingPathComponent(".out.tmp-\(ProcessInfo.processInfo.processIdentifier)-6")
            try write(markerText, to: live.appendingPathComponent(".cohort-output"))
            let other = tmp.appendingPathComponent(".other.tmp-\(deadPID)-7")
            try write(markerText, to: other.appendingPathComponent(".cohort-output"))

            #expect(try match(out.path).exit == 0)
            #expect(try listing(tmp) == [live, foreign, unmarked, other].map(\.lastPathComponent).sorted() + ["out"])
            #expect(try listing(foreign) == [".cohort-output", "notes.txt"])
        }
    }

    @Test("a regular file, or a path through one, is refused; an unwritable place is a write failure (exit 4)")
    func notADirectory() throws {
        try withTemporaryDirectory { tmp in
            let file = tmp.appendingPathComponent("roster.csv")
            try write("id,stage\n", to: file)
            let before = try snapshot(tmp)
            for extra in [[], ["--force"]] {
                try expectRefused(try match(file.path, extra), "cannot be a directory: \(file.path) is a file", untouched: tmp, before: before)
                try expectRefused(try match(file.path + "/out", extra), "cannot be a directory: \(file.path) is a file", untouched: tmp, before: before)
            }
            #if os(Linux)
                let run = try match("/sys/cohort-test-output")
                #expect(run.exit == 4, "\(run)")
                #expect(run.stderrLines == ["cohort: cannot write --out /sys/cohort-test-output: permission denied; nothing was written"], "\(run)")
            #endif
        }
    }

    @Test("--out through a symbolic link replaces the directory it points to and keeps the link")
    func symbolicLink() throws {
        try withTemporaryDirectory { tmp in
            let real = tmp.appendingPathComponent("real"), link = tmp.appendingPathComponent("link")
            #expect(try match(real.path).exit == 0)
            try FileManager.default.createSymbolicLink(at: link, withDestinationURL: real)
            #expect(try match(link.path, ["--set", "checkin_minutes=45"]).exit == 0)
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == real.path)
            #expect(try String(contentsOf: real.appendingPathComponent("summary.json"), encoding: .utf8).contains("\"checkin_minutes\": 45"))
            #expect(try listing(tmp) == ["link", "real"])
        }
    }

    /// Runs `mount`/`umount` (root on Linux only); whether it succeeded.
    static func mountCommand(_ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0] == "mount" ? "/bin/mount" : "/bin/umount")
        process.arguments = Array(arguments.dropFirst())
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// A 64 KB tmpfs can be mounted here (root on Linux; not in every sandbox or CI).
    static let canMountSmallDisk: Bool = {
        let probe = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-mount-probe-\(UUID().uuidString)")
        guard (try? FileManager.default.createDirectory(at: probe, withIntermediateDirectories: true)) != nil else { return false }
        defer { try? FileManager.default.removeItem(at: probe) }
        guard mountCommand(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", probe.path]) else { return false }
        return mountCommand(["umount", probe.path])
    }()

    @Test("a full disk is a write failure: exit 4, a plain message, nothing left behind",
          .enabled(if: canMountSmallDisk, "needs to mount a small tmpfs (root on Linux)"))
    func fullDisk() throws {
        try withTemporaryDirectory { tmp in
            let disk = tmp.appendingPathComponent("disk")
            try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: false)
            #expect(Self.mountCommand(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", disk.path]))
            defer { _ = Self.mountCommand(["umount", disk.path]) }
            let run = try match(disk.appendingPathComponent("out").path, members: Self.members,
                                ["--projects", Paths.demo.appendingPathComponent("projects.csv").path])
            #expect(run.exit == 4, "\(run)")
            #expect(run.stderrLines == ["cohort: cannot write --out \(disk.path)/out: no space left on the device; nothing was written"], "\(run)")
            #expect(try listing(disk).isEmpty)
        }
    }

    @Test("a read-only file system is a write failure: exit 4, and the message says read-only",
          .enabled(if: canMountSmallDisk, "needs to mount a small tmpfs (root on Linux)"))
    func readOnlyDisk() throws {
        try withTemporaryDirectory { tmp in
            let disk = tmp.appendingPathComponent("disk")
            try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: false)
            #expect(Self.mountCommand(["mount", "-t", "tmpfs", "-o", "size=64k,ro", "tmpfs", disk.path]))
            defer { _ = Self.mountCommand(["umount", disk.path]) }
            let run = try match(disk.appendingPathComponent("out").path)
            #expect(run.exit == 4, "\(run)")
            #expect(run.stderrLines == ["cohort: cannot write --out \(disk.path)/out: the file system is read-only; nothing was written"], "\(run)")
            #expect(try listing(disk).isEmpty)
        }
    }
}
