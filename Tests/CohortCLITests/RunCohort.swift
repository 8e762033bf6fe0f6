import Foundation
import Testing

/// What one run of the `cohort` binary did.
struct CohortRun: Sendable, CustomStringConvertible {
    var exit: Int32
    var stdout: String
    var stderr: String

    /// stderr split into lines (no trailing empty line).
    var stderrLines: [String] { Self.lines(stderr) }
    /// stdout split into lines (no trailing empty line).
    var stdoutLines: [String] { Self.lines(stdout) }

    var description: String { "exit \(exit)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }

    private static func lines(_ text: String) -> [String] {
        var result = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if result.last == "" { result.removeLast() }
        return result
    }
}

/// A clear reason the end-to-end tests cannot run.
struct HarnessError: Error, CustomStringConvertible {
    var description: String
}

/// Where the repository and the built `cohort` binary are.
enum Paths {
    /// The package root: this file is `<root>/Tests/CohortCLITests/RunCohort.swift`.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let datasets = packageRoot.appendingPathComponent("Datasets")
    static let demo = datasets.appendingPathComponent("demo")
    static let invalid = datasets.appendingPathComponent("invalid")

    /// Places the binary may be, most specific first: `$COHORT_BINARY`, beside
    /// the test bundle (the build directory `swift test` uses), then
    /// `<root>/.build/debug`.
    static var binaryCandidates: [URL] {
        var candidates: [URL] = []
        if let explicit = ProcessInfo.processInfo.environment["COHORT_BINARY"], !explicit.isEmpty {
            candidates.append(URL(fileURLWithPath: explicit))
        }
        for bundle in [Bundle.main] + Bundle.allBundles {
            if let executable = bundle.executableURL {
                candidates.append(executable.resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("cohort"))
            }
            candidates.append(bundle.bundleURL.resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("cohort"))
        }
        candidates.append(packageRoot.appendingPathComponent(".build/debug/cohort"))
        return candidates
    }

    /// The `cohort` executable, or an error saying how to build it.
    static func binary() throws -> URL {
        let fm = FileManager.default
        let candidates = binaryCandidates
        for url in candidates {
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue,
               fm.isExecutableFile(atPath: url.path) {
                return url
            }
        }
        var seen: Set<String> = []
        let looked = candidates.map(\.path).filter { seen.insert($0).inserted }.joined(separator: "\n  ")
        throw HarnessError(description: """
            the cohort binary was not found: build it first with `swift build --product cohort` \
            (or run `make test`), or set COHORT_BINARY to its path. Looked in:
              \(looked)
            """)
    }
}

/// Runs the built `cohort` binary with `args` in `cwd` (default: the package
/// root), with `environment` added to this process's, and returns its exit
/// status and output. stdout and stderr go to temporary files, so a large
/// output can never block the child.
func runCohort(_ args: [String], cwd: URL? = nil, environment: [String: String] = [:]) throws -> CohortRun {
    let binary = try Paths.binary()
    let fm = FileManager.default
    let scratch = fm.temporaryDirectory.appendingPathComponent("cohort-run-\(UUID().uuidString)")
    try fm.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? fm.removeItem(at: scratch) }
    let outURL = scratch.appendingPathComponent("stdout")
    let errURL = scratch.appendingPathComponent("stderr")
    fm.createFile(atPath: outURL.path, contents: nil)
    fm.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL)
    let err = try FileHandle(forWritingTo: errURL)

    let process = Process()
    process.executableURL = binary
    process.arguments = args
    process.currentDirectoryURL = cwd ?? Paths.packageRoot
    if !environment.isEmpty {
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = out
    process.standardError = err
    try process.run()
    process.waitUntilExit()
    try out.close()
    try err.close()

    return CohortRun(
        // A signal shows as 128 + signal, as in a shell.
        exit: process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus,
        stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
        stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
}

/// A fresh empty directory, removed after `body`.
func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-e2e-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    return try body(dir)
}

/// Every entry under `dir` (relative paths, hidden files included; directories
/// end in `/`) with the bytes of each file.
func snapshot(_ dir: URL) throws -> [String: Data] {
    var result: [String: Data] = [:]
    let fm = FileManager.default
    guard let walker = fm.enumerator(atPath: dir.path) else { return result }
    while let relative = walker.nextObject() as? String {
        let url = dir.appendingPathComponent(relative)
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            result[relative] = try Data(contentsOf: url)
        } else {
            result[relative + "/"] = Data()
        }
    }
    return result
}

/// The names in `dir`, sorted (hidden files included).
func listing(_ dir: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
}
