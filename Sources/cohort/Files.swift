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
