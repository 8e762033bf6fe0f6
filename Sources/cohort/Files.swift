import CohortCore
import Foundation

/// Every file the CLI reads or writes goes through here.
enum Files {
    enum Failure: Error, CustomStringConvertible {
        case cannotRead(String, String)

        var description: String {
            switch self {
            case .cannotRead(_, let why): why
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
