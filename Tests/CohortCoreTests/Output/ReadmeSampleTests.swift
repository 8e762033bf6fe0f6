import Foundation
import Testing

@testable import CohortCore

/// The README's sample of the outputs ("What the outputs look like") shows
/// each file's columns as cohort writes them: a header line ending in "…"
/// is the start of the real header, any other is the whole header.
@Suite struct ReadmeSampleTests {
    @Test func sampleHeadersAreTheFilesHeaders() throws {
        let readme = try String(contentsOf: FolderGraphTests.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "What the outputs look like"))
        let block = try #require(readme[start.upperBound...].split(separator: "```", maxSplits: 2, omittingEmptySubsequences: false).dropFirst().first)
        let lines = block.split(separator: "\n").map(String.init)
        let files = try handoutFiles()
        var checked: [String] = []
        for (k, line) in lines.enumerated() where line.hasSuffix(".csv") && k + 1 < lines.count {
            let real = try #require(files[line]?.split(separator: "\n").first.map(String.init), "README shows \(line), which cohort does not write")
            let sample = lines[k + 1]
            if sample.hasSuffix(",…") {
                #expect(real.hasPrefix(String(sample.dropLast())), "README's \(line) columns:\n\(sample)\ncohort writes:\n\(real)")
            } else {
                #expect(sample == real, "README's \(line) columns:\n\(sample)\ncohort writes:\n\(real)")
            }
            checked.append(line)
        }
        #expect(checked == ["assignments.csv", "pairings.csv", "teams.csv", "unmatched.csv"])
    }
}
