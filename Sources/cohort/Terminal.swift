import Foundation

/// Standard error output: diagnostics and progress. Results go to stdout or files.
enum Terminal {
    nonisolated(unsafe) static var quiet = false

    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Progress lines, silenced by `--quiet`.
    static func progress(_ line: String) {
        if !quiet { error(line) }
    }
}
