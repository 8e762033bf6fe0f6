import Foundation
import Testing

/// `swift test` cannot filter by tag, so every test tagged `.slow` also carries
/// `.inSlowSuite` (off under `make test-fast`). This keeps the two together.
@Suite struct SlowSuiteTests {
    @Test func everySlowTagIsInTheSlowSuite() throws {
        let tests = FolderGraphTests.packageRoot.appendingPathComponent("Tests")
        let files = FileManager.default.enumerator(at: tests, includingPropertiesForKeys: nil)!.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        var tagged = 0
        for file in files where file.lastPathComponent != "Tags.swift" {
            for (n, line) in try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains(".tags(.slow)") && ["@Test(", "@Suite("].contains(where: line.trimmingCharacters(in: .whitespaces).hasPrefix) {
                tagged += 1
                #expect(line.contains(".inSlowSuite"), "\(file.lastPathComponent):\(n + 1): .tags(.slow) without .inSlowSuite")
            }
        }
        #expect(tagged > 0)
    }
}
