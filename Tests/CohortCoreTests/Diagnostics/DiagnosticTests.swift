import Testing

@testable import CohortCore

/// Typed diagnostic locations (issue #15 item 4): the same printed text for
/// CSV columns, field numbers and policy keys; flags located by their name.
@Suite struct DiagnosticTests {
    @Test func printedLocations() {
        #expect(Diagnostic(.error, file: "members.csv", line: 3, column: .name("stage"), .unknownStage, value: "9").description
                == "members.csv:3: column stage: unknown stage: use 1-5 or exploration, foundation, application, mentorship, leadership (9)")
        #expect(Diagnostic(.error, file: "members.csv", line: 5, column: .field(4), .raggedRow(expected: 3, found: 4)).description
                == "members.csv:5: column 4: row has 4 fields but the header has 3")
        #expect(Diagnostic(.warning, file: "policy.toml", line: 2, column: .key("shoe"), .unknownPolicyKey(didYouMean: nil), value: "1").description
                == "policy.toml:2: column shoe: warning: unknown policy key, ignored (1)")
        #expect(Diagnostic(.error, flag: "--time-limit", .outOfRange("0.1 to 604800 seconds (one week)"), value: "1e+308").description
                == "--time-limit: value out of range: 0.1 to 604800 seconds (one week) (1e+308)")
    }

    @Test("a value from --set is located at the N-th --set; one from a dedicated flag at the flag")
    func commandLineLocations() {
        let outcome = readRoster("id,stage\na,1\n", overrides: [
            .init(key: "team_min", value: "6"), .init(key: "quarter_start", value: "1900-01-01", flag: "--quarter-start"),
            .init(key: "team_max", value: "4"), .init(key: "time_limit_seconds", value: "0.01", flag: "--time-limit"),
        ])
        #expect(outcome.errors.map(\.description) == [
            "--quarter-start: value out of range: 1970-01-01 to 2100-12-31 (1900-01-01)",
            "--time-limit: value out of range: 0.1 to 604800 seconds (one week) (0.01)",
            "--set:2: column team_max: team_max 4 is less than team_min 6",
        ])
        #expect(outcome.errors.map(\.column) == [.flag("--quarter-start"), .flag("--time-limit"), .key("team_max")])
    }
}
