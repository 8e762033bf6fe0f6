import CohortCore
import Dispatch

/// The `--out` directory of a command, and the one rule that guards it
/// (docs/outputs.md "The --out rule"), checked on the resolved path:
///
/// - never an empty path, `/`, the working directory, the home directory or a
///   directory above one of them, nor a directory holding an input of this run;
/// - an existing directory is replaced only when it is empty, or when its
///   `.cohort-output` marker says this command wrote it and it holds nothing but
///   the files the marker lists, unchanged (`--force`: changed files too, and an
///   unmarked directory holding only files this command writes).
///
/// Files are written into a staging directory beside the target, marker first,
/// and swapped in whole; the old output is then removed file by file, marker
/// last. A run killed at any moment leaves the old output or the new one, and
/// the next run removes the leftover staging directory.
public struct OutputDirectory {
    /// Why `--out` is not used; exit 2 (usage), nothing touched.
    public enum Refusal: Error, Equatable {
        case emptyPath
        case root
        case workingDirectory
        case home
        case holdsInput(String)
        case notADirectory(String)
        case danglingLink
        case foreign([String])
        case otherCommand(OutputMarker.Command)
        case unmarked
        case changed([String])
    }

    public enum Failure: Error, Equatable {
        /// The rule refuses the directory (exit 2).
        case refused(path: String, Refusal)
        /// The file system failed (exit 4).
        case cannotWrite(path: String, FileSystem.Failure)
    }


    /// `--out` as the user gave it.
    public let given: String
    public let command: OutputMarker.Command
    /// The paths of this run's input files and directories.
    public let inputs: [String]
    private(set) var files: [(name: String, bytes: [UInt8])] = []
    /// A file made only once the others are written and on the disk (summary.json,
    /// which records how long rendering and writing took).
    private(set) var last: (name: String, make: () -> [UInt8])?

    public init(_ given: String, command: OutputMarker.Command, inputs: [String] = []) {
        self.given = given
        self.command = command
        self.inputs = inputs
    }

    public mutating func add(_ name: String, _ text: String) { files.append((name, Array(text.utf8))) }
    public mutating func add(_ name: String, bytes: [UInt8]) { files.append((name, bytes)) }

    /// Hears (files written, files in all) while the files are written, every 500.
    public var progress: (Int, Int) -> Void = { _, _ in }

    /// `name` is written after every other file, with the bytes `make` returns then.
    public mutating func addLast(_ name: String, _ make: @escaping () -> [UInt8]) { last = (name, make) }

    /// How many files `commit` writes (the marker aside).
    public var count: Int { files.count + (last == nil ? 0 : 1) }

    /// What committing would do with the target.
    public enum Plan: Equatable {
        /// Nothing is there (or an empty directory): the staging directory is renamed in.
        case create
        /// Cohort's own output is there: swapped out, then these files are removed.
        case replace(OutputMarker)
    }

    /// Fails before anything is written when the rule refuses the target.
    @discardableResult
    public func check(force: Bool) throws(Failure) -> (target: String, plan: Plan) {
        guard !given.isEmpty else { throw .refused(path: "''", .emptyPath) }
        guard let target = Self.resolve(given) else { throw .cannotWrite(path: given, .noSuchFile) }
        let shown = Self.shown(given, target)
        func refuse(_ why: Refusal) -> Failure { .refused(path: shown, why) }
        if target == "/" { throw refuse(.root) }
        if let cwd = FileSystem.currentDirectory().flatMap(FileSystem.realPath), Self.path(cwd, isInside: target) {
            throw refuse(.workingDirectory)
        }
        if let home = FileSystem.environment("HOME").flatMap(FileSystem.realPath), home != "/", Self.path(home, isInside: target) {
            throw refuse(.home)
        }
        for input in inputs {
            if let real = FileSystem.realPath(input), Self.path(real, isInside: target) { throw refuse(.holdsInput(input)) }
        }
        switch FileSystem.kind(target) {
        case nil:
            // The nearest existing ancestor must be a directory we may write in.
            var ancestor = Self.parent(of: target)
            while FileSystem.kind(ancestor) == nil { ancestor = Self.parent(of: ancestor) }
            if FileSystem.kind(ancestor) == .symbolicLink { throw refuse(.danglingLink) }
            guard FileSystem.kind(ancestor) == .directory else { throw refuse(.notADirectory(ancestor)) }
            if let why = FileSystem.cannotCreate(in: ancestor) { throw .cannotWrite(path: shown, why) }
            return (target, .create)
        case .symbolicLink:
            throw refuse(.danglingLink)
        case .file, .other:
            throw refuse(.notADirectory(target))
        case .directory:
            if let why = FileSystem.cannotCreate(in: Self.parent(of: target)) { throw .cannotWrite(path: shown, why) }
            do { return (target, try inspect(target, force: force)) } catch { throw .refused(path: shown, error) }
        }
    }

    /// Whether the existing directory `target` may be replaced, and how.
    private func inspect(_ target: String, force: Bool) throws(Refusal) -> Plan {
        if (try? FileSystem.list(target))?.isEmpty ?? false { return .create }
        if let marker = Tree.readMarker(target) {
            let tree = Tree(target)
            guard marker.command == command else { throw .otherCommand(marker.command) }
            let foreign = tree.notListed(in: marker)
            if !foreign.isEmpty { throw .foreign(foreign) }
            if !force {
                let changed = tree.changed(from: marker)
                if !changed.isEmpty { throw .changed(changed) }
            }
            return .replace(marker)
        }
        // No marker this version can read: only --force, and only over files this command writes.
        let tree = Tree(target) { command.writes($0, kind: .directory) }
        let foreign = tree.entries.filter { !command.writes($0.path, kind: $0.kind) }.map(\.display)
        if !foreign.isEmpty { throw .foreign(foreign) }
        guard force else { throw .unmarked }
        let files = tree.entries.compactMap { e -> OutputMarker.Entry? in
            guard case .file(let size) = e.kind, e.path != OutputMarker.fileName else { return nil }
            return OutputMarker.Entry(path: e.path, size: size, digest: 0)
        }
        return .replace(OutputMarker(command: command, version: "unknown", files: files))
    }

    /// Writes every file, then swaps the directory in. Returns the old output's
    /// folder when something cohort did not write arrived in it meanwhile (it is left there).
    @discardableResult
    public func commit(force: Bool) throws(Failure) -> String? {
        let (target, _) = try check(force: force)
        let shown = Self.shown(given, target)
        let parent = Self.parent(of: target)
        let name = Self.lastComponent(of: target)
        Leftovers.remove(beside: target)
        try Self.makeDirectories(parent, shown: shown)

        let unique = "\(FileSystem.processID)-\(FileSystem.microsecondsSinceEpoch())"
        let staging = parent + "/." + name + ".tmp-" + unique
        func fail(_ path: String, _ error: FileSystem.Failure) -> Failure {
            Leftovers.removeOwn(staging)
            return .cannotWrite(path: shown, error)
        }
        do throws(FileSystem.Failure) {
            try FileSystem.makeDirectory(staging)
        } catch {
            throw .cannotWrite(path: shown, error)
        }
        // The marker first: a staging directory left by a kill is recognized by it
        // (the last file is listed, its digest is filled in once it is written).
        var entries = Self.entries(files)
        if let last { entries.append(OutputMarker.Entry(path: last.name, bytes: [])) }
        do throws(FileSystem.Failure) {
            try Self.writeMarker(OutputMarker(command: command, version: CohortCore.version, files: entries), into: staging)
            // Every file without a flush of its own, then the whole tree flushed at once.
            try Self.writeFiles(files, into: staging, progress: progress)
            try FileSystem.syncFileSystem(of: staging)
            if let last {
                let bytes = last.make()
                try FileSystem.create(staging + "/" + last.name, bytes)
                entries[entries.count - 1] = OutputMarker.Entry(path: last.name, bytes: bytes)
                try Self.writeMarker(OutputMarker(command: command, version: CohortCore.version, files: entries), into: staging)
                FileSystem.syncDirectory(staging)
            }
        } catch {
            throw fail(staging, error)
        }

        // Checked again: something may have arrived in the target while we solved and wrote.
        let plan: Plan
        do { plan = try check(force: force).plan } catch {
            Leftovers.removeOwn(staging)
            throw error
        }
        var left: String?
        do throws(FileSystem.Failure) {
            switch plan {
            case .create:
                // Over an empty directory too: rename(2) replaces it in one step.
                try FileSystem.move(staging, to: target)
            case .replace(let old):
                if try FileSystem.exchange(staging, target) {
                    left = Leftovers.removeOwn(staging, listing: old) ? nil : staging
                } else {
                    let aside = parent + "/." + name + ".old-" + unique
                    try FileSystem.move(target, to: aside)
                    do throws(FileSystem.Failure) { try FileSystem.move(staging, to: target) } catch {
                        try? FileSystem.move(aside, to: target)
                        throw error
                    }
                    left = Leftovers.removeOwn(aside, listing: old) ? nil : aside
                }
            }
        } catch {
            throw fail(target, error)
        }
        FileSystem.syncDirectory(parent)
        return left
    }

    /// The marker's entries of `files` (size and digest), the digests taken on two threads.
    private static func entries(_ files: [(name: String, bytes: [UInt8])]) -> [OutputMarker.Entry] {
        let slots = UnsafeMutableBufferPointer<OutputMarker.Entry>.allocate(capacity: files.count)
        defer { slots.deallocate() }
        let shared = EntrySlots(buffer: slots)
        // Two interleaved halves: each thread writes only its own slots.
        DispatchQueue.concurrentPerform(iterations: 2) { half in
            for k in stride(from: half, to: files.count, by: 2) {
                (shared.buffer.baseAddress! + k).initialize(to: OutputMarker.Entry(path: files[k].name, bytes: files[k].bytes))
            }
        }
        defer { _ = slots.deinitialize() }
        return Array(slots)
    }

    /// Writes the marker as `.cohort-output.partial`, durable, then renames it in.
    private static func writeMarker(_ marker: OutputMarker, into staging: String) throws(FileSystem.Failure) {
        try FileSystem.create(staging + "/" + Leftovers.partialMarker, Array(marker.text.utf8))
        try FileSystem.move(staging + "/" + Leftovers.partialMarker, to: staging + "/" + OutputMarker.fileName)
    }

    /// The one place output bytes reach the disk (see FileSystem.create);
    /// not flushed file by file: `commit` flushes the staging tree once.
    private static func writeFiles(_ files: [(name: String, bytes: [UInt8])], into staging: String,
                                   progress: (Int, Int) -> Void = { _, _ in }) throws(FileSystem.Failure) {
        var made: Set<String> = []
        for (k, (name, bytes)) in files.enumerated() {
            if k % 500 == 499 { progress(k + 1, files.count) }
            var directory = staging
            for part in name.split(separator: "/").dropLast() {
                directory += "/" + part
                if made.insert(directory).inserted { try FileSystem.makeDirectory(directory) }
            }
            try FileSystem.create(staging + "/" + name, bytes, durable: false)
        }
    }

    /// Removes an output directory cohort wrote, as a replaced output is
    /// removed: the files its marker lists, their folders, the marker last.
    /// False (and nothing removed) when it has no marker this version reads;
    /// false too when something else stays in it.
    @discardableResult
    public static func remove(_ path: String) -> Bool {
        guard let marker = Tree.readMarker(path) else { return false }
        return Leftovers.removeOwn(path, listing: marker)
    }

    /// Creates the missing directories above `target`.
    private static func makeDirectories(_ path: String, shown: String) throws(Failure) {
        if FileSystem.kind(path) == .directory { return }
        try makeDirectories(parent(of: path), shown: shown)
        do throws(FileSystem.Failure) { try FileSystem.makeDirectory(path) } catch {
            if error != .exists { throw .cannotWrite(path: shown, error) }
        }
    }

    /// The path as the user gave it, and where it leads when that differs.
    static func shown(_ given: String, _ target: String) -> String {
        given == target ? given : "\(given) (\(target))"
    }

    // MARK: Paths

    /// `path` made absolute and resolved: every existing prefix through its
    /// symbolic links, then `.` and `..` taken as written.
    /// Nil when the path is relative and the working directory is gone.
    static func resolve(_ path: String) -> String? {
        var parts: [Substring] = []
        if !path.hasPrefix("/") {
            guard let cwd = FileSystem.currentDirectory().flatMap(FileSystem.realPath) else { return nil }
            parts = cwd.split(separator: "/")
        }
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(part)
            if let real = FileSystem.realPath("/" + parts.joined(separator: "/")) { parts = real.split(separator: "/") }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Whether `path` is `directory` or inside it (both resolved).
    static func path(_ path: String, isInside directory: String) -> Bool {
        path == directory || directory == "/" || path.hasPrefix(directory + "/")
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    static func lastComponent(of path: String) -> String {
        path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
    }
}

extension OutputMarker.Command {
    /// Whether a file or folder of this name is one this command writes: what
    /// `--force` may replace in a directory without a marker.
    func writes(_ path: String, kind: FileSystem.Kind) -> Bool {
        if path == OutputMarker.fileName { return true }
        let results = ["pairings.csv", "buddies.csv", "teams.csv", "pods.csv", "schedule.csv", "unmatched.csv",
                       "assignments.csv", "summary.json", "report.html"]
        let names: [String] = switch self {
        case .generate: ["members.csv", "projects.csv", "policy.toml"]
        case .match: results
        case .rematch: results + ["changes.csv"]
        case .simulate: ["simulation.csv", "unserved.csv", "planning.csv", "report.html"]
        }
        guard self == .match || self == .rematch else { return kind != .directory && names.contains(path) }
        if kind == .directory { return path == "calendar" }
        if case .file = kind {
            return names.contains(path) || (path.hasPrefix("calendar/") && path.hasSuffix(".ics") && !path.dropFirst(9).contains("/"))
        }
        return false
    }
}

/// The marker entries' slots, filled by two threads at distinct indices.
private struct EntrySlots: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<OutputMarker.Entry>
}

/// Every entry of an existing directory (symbolic links not followed).
struct Tree {
    struct Entry {
        var path: String
        var kind: FileSystem.Kind
        /// The path as shown in a message: folders end in `/`.
        var display: String { kind == .directory ? path + "/" : path }
    }

    let root: String
    private(set) var entries: [Entry] = []

    /// Reads the tree, going into the folders `descend` accepts (a foreign
    /// folder is reported as a whole, never walked).
    init(_ root: String, descend: (String) -> Bool) {
        self.root = root
        walk("", descend)
    }

    /// The tree of a directory cohort wrote: into the folders its marker's files are in.
    init(_ root: String) {
        let folders = Tree.folders(of: Tree.readMarker(root)?.files.map(\.path) ?? [])
        self.init(root) { folders.contains($0) }
    }

    private mutating func walk(_ relative: String, _ descend: (String) -> Bool) {
        let names = (try? FileSystem.list(relative.isEmpty ? root : root + "/" + relative)) ?? []
        for name in names {
            let path = relative.isEmpty ? name : relative + "/" + name
            guard let kind = FileSystem.kind(root + "/" + path) else { continue }
            entries.append(Entry(path: path, kind: kind))
            if kind == .directory && descend(path) { walk(path, descend) }
        }
    }

    /// Every folder above the given relative paths.
    static func folders(of paths: [String]) -> Set<String> {
        var folders: Set<String> = []
        for f in paths {
            var p = Substring(f)
            while let slash = p.lastIndex(of: "/") {
                p = p[..<slash]
                folders.insert(String(p))
            }
        }
        return folders
    }

    static func readMarker(_ root: String) -> OutputMarker? {
        guard case .file = FileSystem.kind(root + "/" + OutputMarker.fileName),
            let bytes = try? FileSystem.readAll(root + "/" + OutputMarker.fileName)
        else { return nil }
        return OutputMarker(parsing: bytes)
    }

    /// The marker, when there is one this version reads.
    var marker: OutputMarker? { Tree.readMarker(root) }

    /// Entries the marker does not account for: files it does not list (or
    /// that are not regular files) and folders that hold none of its files.
    func notListed(in marker: OutputMarker, also extra: Set<String> = []) -> [String] {
        let listed = Set(marker.files.map(\.path))
        let folders = Tree.folders(of: marker.files.map(\.path))
        return entries.filter { e in
            if e.path == OutputMarker.fileName || extra.contains(e.path) { return false }
            switch e.kind {
            case .directory: return !folders.contains(e.path)
            case .file: return !listed.contains(e.path)
            default: return true
            }
        }.map(\.display)
    }

    /// Listed files whose size or digest differ from the marker's.
    func changed(from marker: OutputMarker) -> [String] {
        var changed: [String] = []
        for f in marker.files {
            guard case .file(let size) = FileSystem.kind(root + "/" + f.path) else { continue }
            if size != f.size { changed.append(f.path); continue }
            guard let bytes = try? FileSystem.readAll(root + "/" + f.path) else { changed.append(f.path); continue }
            if OutputMarker.digest(bytes) != f.digest { changed.append(f.path) }
        }
        return changed
    }
}

/// Staging and old directories (`.NAME.tmp-PID-TIME`, `.NAME.old-PID-TIME`)
/// beside an output: removed when they are recognizably cohort's (the name,
/// a marker listing every file in them, no running process of that id).
enum Leftovers {
    /// The marker while it is being written into a staging directory.
    static let partialMarker = OutputMarker.fileName + ".partial"

    static func remove(beside target: String) {
        let parent = OutputDirectory.parent(of: target)
        let name = OutputDirectory.lastComponent(of: target)
        guard let names = try? FileSystem.list(parent) else { return }
        for entry in names {
            guard let pid = processID(entry, output: name), pid == FileSystem.processID || !FileSystem.processExists(pid) else { continue }
            let path = parent + "/" + entry
            guard FileSystem.kind(path) == .directory else { continue }
            let tree = Tree(path)
            if let marker = tree.marker {
                if tree.notListed(in: marker, also: [partialMarker]).isEmpty { removeOwn(path, listing: marker) }
            } else if tree.entries.allSatisfy({ $0.path == partialMarker }) {
                removeOwn(path)
            }
        }
    }

    /// The process id in `.NAME.tmp-PID-TIME` or `.NAME.old-PID-TIME`.
    static func processID(_ entry: String, output name: String) -> Int32? {
        for kind in [".tmp-", ".old-"] {
            let prefix = "." + name + kind
            guard entry.hasPrefix(prefix) else { continue }
            let rest = entry.dropFirst(prefix.count).split(separator: "-", omittingEmptySubsequences: false)
            guard rest.count == 2, rest[1].allSatisfy(\.isNumber), !rest[1].isEmpty, let pid = Int32(rest[0]) else { return nil }
            return pid
        }
        return nil
    }

    /// Removes a directory cohort wrote: the files the marker lists (or every
    /// file, for a staging directory this run made), their folders, the marker
    /// last. Anything else in it stays, and so does the directory then.
    @discardableResult
    static func removeOwn(_ path: String, listing marker: OutputMarker? = nil) -> Bool {
        let listed = marker.map { $0.files.map(\.path) } ?? Tree(path) { _ in true }.entries.filter {
            if case .file = $0.kind { return $0.path != OutputMarker.fileName }
            return false
        }.map(\.path)
        FileSystem.removeFiles(listed.map { path + "/" + $0 })
        for folder in Tree.folders(of: listed).sorted(by: { $0.count > $1.count }) { try? FileSystem.removeDirectory(path + "/" + folder) }
        try? FileSystem.removeFile(path + "/" + partialMarker)
        if (try? FileSystem.list(path))?.allSatisfy({ $0 == OutputMarker.fileName }) == true {
            try? FileSystem.removeFile(path + "/" + OutputMarker.fileName)
        }
        do { try FileSystem.removeDirectory(path) } catch { return FileSystem.kind(path) == nil }
        return true
    }
}

extension OutputDirectory.Failure: CustomStringConvertible {
    public var description: String {
        switch self {
        case .refused(let path, let why): "--out \(path) \(why.reason)"
        case .cannotWrite(let path, let why): "cannot write --out \(path): \(why)"
        }
    }
}

extension OutputDirectory.Refusal {
    /// Why, and what to do instead; follows "--out PATH".
    public var reason: String {
        switch self {
        case .emptyPath: return "is empty, which would name the working directory: give the directory to write into"
        case .root: return "is the root directory: give a directory of its own"
        case .workingDirectory: return "is the working directory or holds it: give a directory of its own, e.g. --out results"
        case .home: return "is the home directory or holds it: give a directory of its own"
        case .holdsInput(let input): return "holds \(input), an input of this run: write the output elsewhere"
        case .notADirectory(let path): return "cannot be a directory: \(path) is a file"
        case .danglingLink: return "is a symbolic link to nothing: give a directory"
        case .foreign(let entries):
            let shown = entries.prefix(5).joined(separator: ", ") + (entries.count > 5 ? " and \(entries.count - 5) more" : "")
            return "holds files cohort did not write (\(shown)): choose another --out, or move them away; --force never removes them"
        case .otherCommand(let other):
            return "holds \(other.holds) written by `cohort \(other.rawValue)`, which this command does not replace: choose another --out"
        case .unmarked:
            return "has no \(OutputMarker.fileName) marker from this version of cohort, though it holds only files this command writes: add --force to replace it"
        case .changed(let files):
            let shown = files.prefix(5).joined(separator: ", ") + (files.count > 5 ? " and \(files.count - 5) more" : "")
            return "holds files changed since cohort wrote them (\(shown)): add --force to replace them, or choose another --out"
        }
    }
}
