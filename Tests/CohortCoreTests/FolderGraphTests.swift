import Foundation
import Testing

/// CohortCore's folders are layers: no folder uses one that uses it back
/// (docs/architecture.md). `scripts/folder-graph.py` type-checks the module
/// with `swiftc -dump-ast` and follows every reference the compiler resolved.
@Suite(.tags(.slow), .inSlowSuite) struct FolderGraphTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func coreFoldersHaveNoCycle() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "scripts/folder-graph.py"]
        process.currentDirectoryURL = Self.packageRoot
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("acyclic; layers, bottom first:"), "\(text)")
    }
}
