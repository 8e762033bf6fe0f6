import CohortCore
import Foundation

/// Every file the CLI reads or writes goes through here.
enum Files {
    enum Failure: Error, CustomStringConvertible {
        case cannotRead(String, String)
        case cannotWrite(String, String)
        case outputExists(String)

        var description: String {
            switch self {
            case .cannotRead(_, let why): why
            case .cannotWrite(let path, let why): "cannot write \(path): \(why)"
            case .outputExists(let path): "\(path) exists and is not a cohort output directory; choose another --out or remove it"
            }
        }
    }

    static func read(_ path: String) throws(Failure) -> InputFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            throw .cannotRead(path, !exists ? "no such file" : isDirectory.boolValue ? "is a directory" : "permission denied")
        }
        return InputFile(name: path, bytes: [UInt8](data))
    }

    /// Today's date in UTC (the run date that fixes the default quarter_start).
    static func today() -> CalendarDate {
        CalendarDate(daysSinceEpoch: Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
    }
}

/// An output directory written all at once: files are staged in a temporary
/// directory beside the target and moved into place only when all are written,
/// so a failed run leaves no partial output. An existing directory is replaced
/// only when it is one cohort wrote (it holds `.cohort-output`) or `--force` is
/// given; anything else there is never touched.
struct OutputDirectory {
    static let marker = ".cohort-output"
    let path: String
    private(set) var files: [(name: String, bytes: [UInt8])] = []

    init(path: String) { self.path = path }

    mutating func add(_ name: String, _ text: String) { files.append((name, Array(text.utf8))) }
    mutating func add(_ name: String, bytes: [UInt8]) { files.append((name, bytes)) }

    /// Fails before anything is written when the target cannot be replaced.
    func checkWritable(force: Bool) throws(Files.Failure) {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw .outputExists(path) }
        let contents = (try? fm.contentsOfDirectory(atPath: path)) ?? []
        if contents.isEmpty || contents.contains(OutputDirectory.marker) || force { return }
        throw .outputExists(path)
    }

    /// Writes every file, then swaps the directory in.
    func commit(force: Bool) throws(Files.Failure) {
        try checkWritable(force: force)
        let fm = FileManager.default
        let target = URL(fileURLWithPath: path).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        let unique = String(ProcessInfo.processInfo.processIdentifier) + "-" + String(UInt64(Date().timeIntervalSince1970 * 1e6))
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).tmp-\(unique)")
        let old = parent.appendingPathComponent(".\(target.lastPathComponent).old-\(unique)")
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
            for (name, bytes) in files + [(OutputDirectory.marker, Array("written by cohort \(CohortCore.version)\n".utf8))] {
                let url = staging.appendingPathComponent(name)
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                guard fm.createFile(atPath: url.path, contents: Data(bytes)) else {
                    throw Files.Failure.cannotWrite(url.path, "could not create the file")
                }
            }
            if fm.fileExists(atPath: target.path) {
                try fm.moveItem(at: target, to: old)
                do { try fm.moveItem(at: staging, to: target) } catch {
                    try? fm.moveItem(at: old, to: target)
                    throw error
                }
                try? fm.removeItem(at: old)
            } else {
                try fm.moveItem(at: staging, to: target)
            }
        } catch let failure as Files.Failure {
            try? fm.removeItem(at: staging)
            throw failure
        } catch {
            try? fm.removeItem(at: staging)
            throw .cannotWrite(path, String(describing: error))
        }
    }
}
