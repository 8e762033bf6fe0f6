import Testing

@testable import CohortCore

@Suite struct PolicyReaderTests {
    let runDate = CalendarDate(year: 2026, month: 11, day: 21)!

    func read(_ text: String?, _ overrides: [PolicyReader.Override] = []) -> (Policy, [String]) {
        let (policy, diagnostics) = PolicyReader.read(
            file: text.map { InputFile(name: "policy.toml", bytes: Array($0.utf8)) }, overrides: overrides, runDate: runDate)
        return (policy, diagnostics.map(\.description))
    }

    @Test func defaultsAreTheSpecs() {
        let (policy, messages) = read(nil)
        #expect(messages.isEmpty)
        #expect(policy.stageGap == 2 && policy.maxMentees == 2 && policy.requireSharedInterest)
        #expect(policy.checkinMinutes == 30 && policy.workshopMinutes == 90 && policy.teamMin == 3 && policy.teamMax == 5)
        // The Monday after the run date (2026-11-21 is a Saturday).
        #expect(policy.quarterStart.description == "2026-11-23")
        #expect(!policy.quarterStartGiven)
    }

    @Test func fileValuesAndFlagsOverride() {
        let (policy, messages) = read("""
            # comment
            stage_gap = 3   # trailing comment
            require_shared_interest = false
            quarter_start = 2027-01-04
            default_timezone = "Europe/Berlin"
            time_limit_seconds = 2.5
            """, [.init(key: "stage_gap", value: "1"), .init(key: "team-max", value: "6")])
        #expect(messages.isEmpty)
        #expect(policy.stageGap == 1)
        #expect(policy.teamMax == 6)
        #expect(!policy.requireSharedInterest)
        #expect(policy.quarterStart.description == "2027-01-04" && policy.quarterStartGiven)
        #expect(policy.defaultTimezone == "Europe/Berlin")
        #expect(policy.timeLimitSeconds == 2.5)
    }

    @Test func badValuesAreLocated() {
        let (_, messages) = read("""
            stage_gap = "two"
            max_mentees = -1
            [section]
            default_timezone = "Nowhere/City"
            colour = "blue"
            stage_gap = 3
            quarter_start = 2027-02-30
            team_min = 6
            """)
        #expect(messages == [
            "policy.toml:1: column stage_gap: expected a whole number (\"two\")",
            "policy.toml:2: column max_mentees: value out of range: 0 to 20 (-1)",
            "policy.toml:3: column 1: tables are not used in a policy file: write each key at the top level ([section])",
            "policy.toml:4: column default_timezone: unknown time zone: use an IANA name such as Europe/Berlin or Asia/Kolkata (\"Nowhere/City\")",
            "policy.toml:5: column colour: warning: unknown policy key, ignored (\"blue\")",
            "policy.toml:6: column stage_gap: key set twice, first on line 1 (3)",
            "policy.toml:7: column quarter_start: unreadable value: use a number, true/false, \"text\", a date YYYY-MM-DD or an array [\"a\", \"b\"] (2027-02-30)",
            "policy.toml:8: column team_max: team_max 5 is less than team_min 6",
        ])
    }

    @Test func unknownFlagKeyIsAnError() {
        let (_, messages) = read(nil, [.init(key: "stage_gapp", value: "3")])
        #expect(messages == ["--set:1: column stage_gapp: unknown policy key; did you mean stage_gap? (3)"])
    }
}
