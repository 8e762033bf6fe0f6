import Foundation
import Testing

@testable import CohortCore

/// The README's sample of the outputs (section "The demo") shows each file's
/// columns as cohort writes them: after a line naming the file ("pods.csv — …"),
/// a header line ending in "…" is the start of the real header, any other is
/// the whole header. (Its rows are checked against the demo's output by the
/// CLI's MatchTests.)
@Suite struct ReadmeSampleTests {
    @Test func sampleHeadersAreTheFilesHeaders() throws {
        let readme = try String(contentsOf: FolderGraphTests.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "### The demo"))
        let text = try #require(readme[start.upperBound...].range(of: "```text\n"))
        let block = try #require(readme[text.upperBound...].split(separator: "```", maxSplits: 1, omittingEmptySubsequences: false).first)
        let lines = block.split(separator: "\n").map(String.init)
        let files = try handoutFiles()
        var checked: [String] = []
        for (k, line) in lines.enumerated() where line.split(separator: " ").first?.hasSuffix(".csv") == true && k + 1 < lines.count {
            let name = String(line.prefix { $0 != " " })
            let real = try #require(files[name]?.split(separator: "\n").first.map(String.init), "README shows \(name), which cohort does not write")
            let sample = lines[k + 1]
            if sample.hasSuffix(",…") {
                #expect(real.hasPrefix(String(sample.dropLast())), "README's \(line) columns:\n\(sample)\ncohort writes:\n\(real)")
            } else {
                #expect(sample == real, "README's \(line) columns:\n\(sample)\ncohort writes:\n\(real)")
            }
            checked.append(name)
        }
        #expect(checked == ["pods.csv", "schedule.csv", "assignments.csv", "pairings.csv", "teams.csv", "unmatched.csv"])
    }
}
