import Testing

@testable import CohortCore

/// Every number read from the input is bounded at validation, with a located
/// error (issue #14 items 6–8; docs/input.md "Bounds").
@Suite struct BoundsTests {
    let members = "id,stage,mentor_capacity\na,1,\nb,5,2\n"

    @Test("project sizes past 50 — or past what an integer holds — are located errors, not a crash",
          arguments: ["100000000", "9223372036854775807", "99999999999999999999", "51", "0", "-3"])
    func projectSize(_ size: String) {
        let outcome = readRoster(members, projects: "id,min_size,max_size\np,1,\(size)\n")
        #expect(outcome.cohort == nil)
        #expect(outcome.errors.map(\.description) == ["projects.csv:2: column max_size: value out of range: 1 to 50 (\(size))"])
    }

    @Test func projectSizeNotANumber() {
        let outcome = readRoster(members, projects: "id,min_size\np,three\n")
        #expect(outcome.errors.map(\.description) == ["projects.csv:2: column min_size: expected a whole number (three)"])
    }

    @Test("mentor_capacity: above max_mentees a capped warning; above 100 an error", arguments: [
        ("5", "members.csv:2: column mentor_capacity: warning: mentor_capacity above max_mentees, capped to 2 (5)"),
        ("101", "members.csv:2: column mentor_capacity: value out of range: 0 to 100 (101)"),
        ("99999999999999999999", "members.csv:2: column mentor_capacity: value out of range: 0 to 100 (99999999999999999999)"),
        ("-1", "members.csv:2: column mentor_capacity: value out of range: 0 to 100 (-1)"),
        ("two", "members.csv:2: column mentor_capacity: expected a whole number (two)"),
    ])
    func mentorCapacity(_ value: String, _ message: String) {
        let outcome = readRoster("id,stage,mentor_capacity\na,5,\(value)\n")
        #expect(outcome.diagnostics.map(\.description) == [message])
    }

    @Test("time limits are finite, 0.1 s to one week", arguments: ["1e308", "0.01", "0", "-5", "604801", "inf", "nan"])
    func timeLimitOutOfRange(_ value: String) {
        let outcome = readRoster(members, overrides: [.init(key: "time_limit_seconds", value: value)])
        #expect(outcome.errors.map(\.description) == ["--set:1: column time_limit_seconds: value out of range: 0.1 to 604800 seconds (one week) (\(value))"])
    }

    @Test func timeLimitInRange() throws {
        for value in ["0.1", "30", "604800"] {
            let outcome = readRoster(members, overrides: [.init(key: "time_limit_seconds", value: value)])
            #expect(try #require(outcome.cohort).policy.timeLimitSeconds == Double(value))
        }
    }

    @Test("quarter_start lies in 1970–2100", arguments: ["1900-01-01", "1969-12-29", "2101-01-03", "9999-12-27"])
    func quarterStartOutOfRange(_ date: String) {
        let outcome = readRoster(members, policy: "quarter_start = \(date)\n")
        #expect(outcome.errors.map(\.description) == ["policy.toml:1: column quarter_start: value out of range: 1970-01-01 to 2100-12-31 (\(date))"])
    }

    @Test("integers too large for any key are out of range on the command line too")
    func hugeIntegerFlag() {
        let outcome = readRoster(members, overrides: [.init(key: "team_max", value: "1e30")])
        #expect(outcome.errors.map(\.description) == ["--set:1: column team_max: value out of range: 2 to 50 (1e30)"])
    }

    @Test("an offset off the 15-minute grid (local mean time) rounds windows inwards, never outwards")
    func localMeanTimeRoundsInwards() throws {
        // Liberia kept Monrovia mean time, −0:44:30, until 1972: Mon 20:00–22:30 local is
        // 20:44:30–23:14:30 UTC, of which 20:45–23:00 is on the grid.
        let outcome = readRoster("id,stage,timezone,availability\na,1,Africa/Monrovia,Mon 20:00-22:30\n",
                                 policy: "quarter_start = 1971-01-04\n")
        let member = try #require(outcome.cohort?.members.first)
        #expect(outcome.warnings.map(\.description) == ["members.csv:2: column timezone: warning: time zone offset -44 minutes is not a multiple of 15, windows rounded inwards (Africa/Monrovia)"])
        #expect(member.availability.slots == Array(83...91))
        // The same window on the grid's own offsets is unchanged: Kolkata +5:30 shifts by whole slots.
        let kolkata = Availability.utcSlots([try Availability.parseWindow("Mon 20:00-22:30").get()], offsetSeconds: 19_800)
        #expect(kolkata.slots.slots == Array(58...67))
    }

    @Test("an offset with seconds rounds both ends inwards", arguments: [19_270, -2_670, 3_599, 1])
    func offsetsWithSecondsRoundInwards(_ offset: Int) throws {
        let window = try Availability.parseWindow("Tue 09:00-11:00").get()
        let (slots, _) = Availability.utcSlots([window], offsetSeconds: offset)
        let start = (24 * 60 + 9 * 60) * 60 - offset, end = start + 2 * 3600
        for s in slots.slots { #expect(s * 900 >= start && (s + 1) * 900 <= end, "slot \(s) outside the window") }
        #expect(slots.count == (end / 900) - ((start + 899) / 900))
    }

    @Test("a number too large to round is still written as JSON, not inf")
    func jsonLargeNumber() {
        var text = ""
        JSON.number(1e308).write(into: &text, indent: 0)
        #expect(text == "1e+308")
    }
}
