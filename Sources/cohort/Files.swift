import CohortCore
import Foundation

/// Every file the CLI reads goes through here (and through FileSystem, which
/// makes the C calls); OutputDirectory writes.
enum Files {
    /// An input file that cannot be read, and why.
    enum Failure: Error, Equatable, CustomStringConvertible {
        case cannotRead(path: String, FileSystem.Failure)

        /// Why, in the words of an input diagnostic (`cannot read the file: …`).
        var description: String {
            switch self {
            case .cannotRead(_, .noSuchFile): "no such file"
            case .cannotRead(_, .isADirectory): "is a directory"
            case .cannotRead(_, let why): "\(why)"
            }
        }
    }

    static func read(_ path: String) throws(Failure) -> InputFile {
        do { return InputFile(name: path, bytes: try FileSystem.readAll(path)) } catch { throw .cannotRead(path: path, error) }
    }

    /// The files of a directory that are there and readable, by name (`rematch --from`).
    static func readSome(_ names: [String], in directory: String) -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for name in names {
            if let bytes = try? FileSystem.readAll(directory + "/" + name) { files[name] = bytes }
        }
        return files
    }

    /// Today's date in UTC (the run date that fixes the default quarter_start).
    static func today() -> CalendarDate {
        CalendarDate(daysSinceEpoch: Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
    }
}

extension OutputDirectory.Failure: CustomStringConvertible {
    var description: String {
        switch self {
        case .refused(let path, let why): "--out \(path) \(why.reason)"
        case .cannotWrite(let path, let why): "cannot write --out \(path): \(why)"
        }
    }
}

extension OutputDirectory.Refusal {
    /// Why, and what to do instead; follows "--out PATH".
    var reason: String {
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
