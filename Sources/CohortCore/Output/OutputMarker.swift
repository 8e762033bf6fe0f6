/// The `.cohort-output` file in every directory cohort writes: which command
/// wrote the directory and every file it wrote, with its size and a digest.
/// cohort replaces a directory only when its marker says the same command
/// wrote it and it holds nothing else (docs/outputs.md "The --out rule").
public struct OutputMarker: Sendable, Hashable {
    public static let fileName = ".cohort-output"

    /// The command that wrote a directory. `generate` writes a roster (an
    /// input of the others); the others write results.
    public enum Command: String, Sendable, Hashable, CaseIterable {
        case generate, match, rematch, simulate

        /// What the directory holds, in the organizer's words.
        public var holds: String { self == .generate ? "a roster" : "results" }
    }

    /// One file cohort wrote, relative to the directory.
    public struct Entry: Sendable, Hashable {
        public var path: String
        public var size: Int
        public var digest: UInt64

        public init(path: String, bytes: [UInt8]) {
            self.path = path
            size = bytes.count
            digest = OutputMarker.digest(bytes)
        }

        public init(path: String, size: Int, digest: UInt64) {
            self.path = path
            self.size = size
            self.digest = digest
        }
    }

    public var command: Command
    public var version: String
    /// In the order written.
    public var files: [Entry]

    public init(command: Command, version: String, files: [Entry]) {
        self.command = command
        self.version = version
        self.files = files
    }

    static let firstLine = "cohort output"

    /// The marker as written: deterministic for the same files.
    public var text: String {
        var s = "\(Self.firstLine)\ncommand: \(command.rawValue)\nversion: \(version)\n"
        s += "# cohort replaces this directory only while it holds just the files below, unchanged.\n"
        s += "# digest (FNV-1a 64) size path\n"
        for f in files { s += "\(Self.hex(f.digest)) \(f.size) \(f.path)\n" }
        return s
    }

    /// Reads a marker; nil when it is not one this version understands (an
    /// earlier cohort wrote only `written by cohort VERSION`).
    public init?(parsing bytes: [UInt8]) {
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.utf8 }
        guard lines.last?.isEmpty == true else { return nil }
        lines.removeLast()
        guard lines.count >= 3, String(lines[0]) == Self.firstLine,
            let commandLine = String(lines[1]), commandLine.hasPrefix("command: "),
            let command = Command(rawValue: String(commandLine.dropFirst(9))),
            let versionLine = String(lines[2]), versionLine.hasPrefix("version: ")
        else { return nil }
        var files: [Entry] = []
        for line in lines.dropFirst(3) where line.first != UInt8(ascii: "#") {
            let parts = line.split(separator: UInt8(ascii: " "), maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count == 16, let digest = UInt64(String(decoding: parts[0], as: UTF8.self), radix: 16),
                let size = Int(String(decoding: parts[1], as: UTF8.self)), size >= 0,
                let path = String(parts[2]), Self.isSafe(path)
            else { return nil }
            files.append(Entry(path: path, size: size, digest: digest))
        }
        self.init(command: command, version: String(versionLine.dropFirst(9)), files: files)
    }

    /// A relative path inside the directory: no empty, `.` or `..` part, no
    /// leading `/`, nothing that names the marker.
    public static func isSafe(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return !parts.isEmpty && parts.allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
            && path != fileName && !path.utf8.contains(0) && !path.contains("\n")
    }

    /// FNV-1a, 64 bits: enough to tell that a file was edited, fast enough to
    /// read back a 100,000-member output. Not a security measure.
    public static func digest(_ bytes: [UInt8]) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        bytes.withUnsafeBufferPointer { buffer in
            for b in buffer {
                h ^= UInt64(b)
                h = h &* 0x0000_0100_0000_01B3
            }
        }
        return h
    }

    static func hex(_ n: UInt64) -> String {
        let s = String(n, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
