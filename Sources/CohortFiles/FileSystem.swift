import Dispatch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Every POSIX call cohort makes on files, in one place: paths in, Swift
/// values out, `errno` mapped to `FileSystem.Failure`.
public enum FileSystem {
    /// Why a file-system call failed, in words an organizer reads.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case noSuchFile
        case permissionDenied
        case readOnly
        case noSpace
        case exists
        case notEmpty
        case notADirectory
        case isADirectory
        case nameTooLong
        case other(Int32)

        public init(errno code: Int32) {
            switch code {
            case ENOENT: self = .noSuchFile
            case EACCES, EPERM: self = .permissionDenied
            case EROFS: self = .readOnly
            case ENOSPC, EDQUOT: self = .noSpace
            case EEXIST: self = .exists
            case ENOTEMPTY: self = .notEmpty
            case ENOTDIR: self = .notADirectory
            case EISDIR: self = .isADirectory
            case ENAMETOOLONG: self = .nameTooLong
            default: self = .other(code)
            }
        }

        public var description: String {
            switch self {
            case .noSuchFile: "no such file or directory"
            case .permissionDenied: "permission denied"
            case .readOnly: "the file system is read-only"
            case .noSpace: "no space left on the device"
            case .exists: "it already exists"
            case .notEmpty: "the directory is not empty"
            case .notADirectory: "a part of the path is not a directory"
            case .isADirectory: "it is a directory"
            case .nameTooLong: "the name is too long"
            case .other(let code): String(cString: strerror(code)).lowercased()
            }
        }
    }

    /// What is at a path (symbolic links not followed).
    public enum Kind: Equatable {
        case file(size: Int)
        case directory
        case symbolicLink
        case other
    }

    public static func kind(_ path: String) -> Kind? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file(size: Int(info.st_size))
        case S_IFDIR: return .directory
        case S_IFLNK: return .symbolicLink
        default: return .other
        }
    }

    /// The path with every symbolic link, `.` and `..` resolved; nil when it does not exist.
    public static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    public static func currentDirectory() -> String? {
        guard let cwd = getcwd(nil, 0) else { return nil }
        defer { free(cwd) }
        return String(cString: cwd)
    }

    public static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }

    /// Why this process may not create entries in the directory `path`
    /// (permission, a read-only file system); nil when it may.
    public static func cannotCreate(in path: String) -> Failure? {
        access(path, W_OK | X_OK) == 0 ? nil : Failure(errno: errno)
    }

    /// Names in a directory, `.` and `..` excluded, sorted.
    public static func list(_ path: String) throws(Failure) -> [String] {
        guard let dir = opendir(path) else { throw Failure(errno: errno) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    public static func readAll(_ path: String) throws(Failure) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(errno: errno) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(errno: errno)
            }
            if n == 0 { return bytes }
            bytes += chunk[..<n]
        }
    }

    public static func makeDirectory(_ path: String) throws(Failure) {
        guard mkdir(path, 0o755) == 0 else { throw Failure(errno: errno) }
    }

    /// Creates `path` (it must not exist) holding `bytes`. `durable`: flushed
    /// to the disk before it returns (fsync); otherwise the caller makes a whole
    /// tree durable at once with `syncFileSystem(of:)`.
    public static func create(_ path: String, _ bytes: [UInt8], durable: Bool = true) throws(Failure) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(errno: errno) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, $0.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                let failure = Failure(errno: errno)
                close(fd)
                throw failure
            }
            written += n
        }
        if durable {
            guard fsync(fd) == 0 else {
                let failure = Failure(errno: errno)
                close(fd)
                throw failure
            }
        }
        guard close(fd) == 0 else { throw Failure(errno: errno) }
    }

    /// Flushes everything written to the file system that holds `path` (file
    /// data, new names) to the disk, in one call: Linux `syncfs(2)`, where it
    /// reports a failed write-back; elsewhere `sync(2)`.
    public static func syncFileSystem(of path: String) throws(Failure) {
        #if os(Linux)
        typealias SyncFS = @convention(c) (Int32) -> Int32
        if let symbol = dlsym(nil, "syncfs") {
            let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard fd >= 0 else { throw Failure(errno: errno) }
            defer { close(fd) }
            guard unsafeBitCast(symbol, to: SyncFS.self)(fd) == 0 else { throw Failure(errno: errno) }
            return
        }
        #endif
        sync()
    }

    public static func move(_ from: String, to: String) throws(Failure) {
        guard rename(from, to) == 0 else { throw Failure(errno: errno) }
    }

    /// Swaps two existing paths in one step (Linux `renameat2(RENAME_EXCHANGE)`).
    /// False when the system or the file system cannot: the caller falls back to two renames.
    /// `COHORT_NO_EXCHANGE=1` takes the fallback (scripts/kill-test.sh tests both paths).
    public static func exchange(_ a: String, _ b: String) throws(Failure) -> Bool {
        #if os(Linux)
        if environment("COHORT_NO_EXCHANGE") == "1" { return false }
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        guard let symbol = dlsym(nil, "renameat2") else { return false }
        let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
        let renameExchange: UInt32 = 2
        if renameat2(AT_FDCWD, a, AT_FDCWD, b, renameExchange) == 0 { return true }
        let code = errno
        if code == EINVAL || code == ENOSYS || code == EOPNOTSUPP { return false }
        throw Failure(errno: code)
        #else
        return false
        #endif
    }

    public static func removeFile(_ path: String) throws(Failure) {
        guard unlink(path) == 0 else { throw Failure(errno: errno) }
    }

    /// Removes the regular files among `paths` (anything else is left), on
    /// up to `threads` threads, and ignores failures (the caller sees what
    /// stays). An unlink can wait on the disk — a file system mounted with
    /// `discard` and without a journal trims a file's blocks before unlink
    /// returns, about 3 ms a file on the VM of docs/performance.md — and those
    /// waits overlap: 3,000 files took 9.3 s on one thread, 1.1 s on 8, 0.5 s on 32.
    public static func removeFiles(_ paths: [String], threads: Int = 16) {
        @Sendable func remove(_ path: String) {
            if case .file = kind(path) { _ = unlink(path) }
        }
        let workers = max(1, min(threads, paths.count / 64))
        guard workers > 1 else { return paths.forEach(remove) }
        let group = DispatchGroup()
        // A serial queue of its own per worker: each gets a thread even while the others wait.
        for w in 0..<workers {
            DispatchQueue(label: "cohort.remove-files.\(w)").async(group: group) {
                for k in stride(from: w, to: paths.count, by: workers) { remove(paths[k]) }
            }
        }
        group.wait()
    }

    public static func removeDirectory(_ path: String) throws(Failure) {
        guard rmdir(path) == 0 else { throw Failure(errno: errno) }
    }

    /// Makes the entries of a directory (new names, renames) durable.
    public static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    /// Whether a process with this id runs (or may run: another user's).
    public static func processExists(_ pid: Int32) -> Bool {
        pid > 0 && (kill(pid, 0) == 0 || errno == EPERM)
    }

    public static var processID: Int32 { getpid() }

    /// Flushes what was printed to standard output (every C stream: `print`
    /// writes through C's stdout); why it could not be written (a full disk,
    /// a closed pipe), or nil.
    public static func flushStandardOutput() -> Failure? {
        fflush(nil) == 0 ? nil : Failure(errno: errno)
    }
}

extension FileSystem {
    /// Microseconds since 1970 (unique staging names).
    public static func microsecondsSinceEpoch() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec / 1000)
    }
}
