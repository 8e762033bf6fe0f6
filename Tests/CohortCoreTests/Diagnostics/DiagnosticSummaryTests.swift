import Testing

@testable import CohortCore

@Suite struct DiagnosticSummaryTests {
    func capped(_ line: Int) -> Diagnostic {
        Diagnostic(.warning, file: "members.csv", line: line, column: .name("mentor_capacity"), .capacityCapped(to: 2), value: "3")
    }

    @Test func repeatedWarningsBecomeOneLineWithCountAndFirstLines() {
        let overlap = Diagnostic(.warning, file: "members.csv", line: 9, column: .name("availability"), .overlappingWindows, value: "Mon 10:00-12:00")
        let warnings = (2...40).map(capped) + [overlap]
        #expect(Diagnostic.summarized(warnings) == [
            "members.csv: column mentor_capacity: warning: mentor_capacity above max_mentees, capped to 2 — 39 rows (lines 2, 3, 4, 5, 6, …; --verbose lists every one)",
            "members.csv:9: column availability: warning: overlapping availability windows, merged (Mon 10:00-12:00)",
        ])
        #expect(Diagnostic.summarized(warnings, verbose: true) == warnings.map(\.description))
    }

    @Test func aFewOfAKindArePrintedAsThey() {
        let warnings = [capped(4), capped(7), capped(9)]
        #expect(Diagnostic.summarized(warnings) == warnings.map(\.description))
    }
}
