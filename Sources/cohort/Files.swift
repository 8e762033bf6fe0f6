import CohortCore
import CohortFiles
import Foundation

/// Every file the CLI reads goes through here (and through FileSystem, which
/// makes the C calls, in CohortFiles); OutputDirectory writes.
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
