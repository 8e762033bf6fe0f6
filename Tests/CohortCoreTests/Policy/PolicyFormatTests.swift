import Testing

@testable import CohortCore

/// The TOML forms organizers write in a policy file (issue #14 item 3; docs/input.md "Policy file").
@Suite struct PolicyFormatTests {
    let runDate = CalendarDate(year: 2026, month: 11, day: 21)!

    func read(_ bytes: [UInt8], _ overrides: [PolicyReader.Override] = []) -> (Policy, [String]) {
        let (policy, diagnostics) = PolicyReader.read(file: InputFile(name: "policy.toml", bytes: bytes), overrides: overrides, runDate: runDate)
        return (policy, diagnostics.map(\.description))
    }

    func read(_ text: String) -> (Policy, [String]) { read(Array(text.utf8)) }

    static let lines = ["# saved by an editor", "stage_gap = 3", "", "quarter_start = 2027-01-04  # a Monday", "team_max = 6", "x = 1"]

    @Test("LF, CRLF, CR and mixed line ends, with or without a BOM, read alike; lines are counted alike",
          arguments: ["\n", "\r\n", "\r", "mixed"], [false, true])
    func lineEnds(_ end: String, bom: Bool) {
        var text = ""
        for (k, line) in Self.lines.enumerated() {
            text += line + (end == "mixed" ? ["\n", "\r\n", "\r"][k % 3] : end)
        }
        let (policy, messages) = read((bom ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8))
        #expect(policy.stageGap == 3 && policy.teamMax == 6 && policy.quarterStart.description == "2027-01-04")
        #expect(messages == ["policy.toml:6: column x: warning: unknown policy key, ignored (1)"])
    }

    @Test("floats with exponents, signs and underscores; integers in hex, octal and binary")
    func numbers() {
        #expect(PolicyReader.number("1e-3") == .float(0.001))
        #expect(PolicyReader.number("6.02E23") == .float(6.02e23))
        #expect(PolicyReader.number("+1.5") == .float(1.5))
        #expect(PolicyReader.number("-0.25") == .float(-0.25))
        #expect(PolicyReader.number("1_000.5") == .float(1000.5))
        #expect(PolicyReader.number("1_000") == .integer(1000))
        #expect(PolicyReader.number("0x1F") == .integer(31))
        #expect(PolicyReader.number("0o17") == .integer(15))
        #expect(PolicyReader.number("0b101") == .integer(5))
        #expect(PolicyReader.number("inf") == .float(.infinity))
        for bad in ["1__0", "_1", "1_", "e3", ".5", "0x", "0b2", "1e", "one", "1.2.3x", "--1"] {
            #expect(PolicyReader.number(bad) == nil, "\(bad)")
        }
    }

    @Test("an exponent float is read, and bounded like any other")
    func exponentTimeLimit() {
        let (policy, ok) = read("time_limit_seconds = 1.5e2\n")
        #expect(ok.isEmpty && policy.timeLimitSeconds == 150)
        let (_, tiny) = read("time_limit_seconds = 1e-300\n")
        #expect(tiny == ["policy.toml:1: column time_limit_seconds: value out of range: 0.1 to 604800 seconds (one week) (1e-300)"])
        let (_, infinite) = read("time_limit_seconds = inf\n")
        #expect(infinite == ["policy.toml:1: column time_limit_seconds: value out of range: 0.1 to 604800 seconds (one week) (inf)"])
    }

    @Test("an integer too large for 64 bits is out of range, not unreadable")
    func hugeInteger() {
        let (_, messages) = read("team_max = 99999999999999999999\nseed = 18446744073709551616\n")
        #expect(messages == [
            "policy.toml:1: column team_max: value out of range: 2 to 50 (99999999999999999999)",
            "policy.toml:2: column seed: value out of range: 0 to 9223372036854775807 (18446744073709551616)",
        ])
    }

    @Test("an array over several lines, with comments and a trailing comma, is one value at its first line")
    func multiLineArray() {
        let (policy, messages) = read("""
            stage_gap = 3
            team_no_isolated = [
              "woman",      # a comment
              "non-binary", # another, and a trailing comma
            ]
            team_max = 4
            y = 2
            """)
        #expect(policy.stageGap == 3 && policy.teamMax == 4)
        #expect(policy.teamNoIsolated == ["woman", "non-binary"])
        #expect(messages == ["policy.toml:7: column y: warning: unknown policy key, ignored (2)"])
    }

    @Test func unclosedArray() {
        let (_, messages) = read("stage_gap = 3\nteam_no_isolated = [\"woman\",\n  \"man\"\n")
        #expect(messages == [#"policy.toml:2: column team_no_isolated: the array is not closed: a ] is missing (["woman",   "man")"#])
    }

    @Test("an unknown key in the file is a warning that names the key it probably meant")
    func unknownKeySuggestion() {
        let (_, messages) = read("stagegap = 3\nTeam-Max = 4\nshoe_size = 44\n")
        #expect(messages == [
            "policy.toml:1: column stagegap: warning: unknown policy key, ignored; did you mean stage_gap? (3)",
            "policy.toml:2: column Team-Max: warning: unknown policy key, ignored; did you mean team_max? (4)",
            "policy.toml:3: column shoe_size: warning: unknown policy key, ignored (44)",
        ])
    }
}
