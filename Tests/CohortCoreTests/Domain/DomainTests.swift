import Testing

@testable import CohortCore

@Suite struct StageTests {
    /// SPEC §2: `stage` is 1–5 or a stage name, case and surrounding spaces ignored.
    @Test(arguments: [("1", Stage.exploration), (" 2 ", .foundation), ("Application", .application), ("MENTORSHIP", .mentorship), ("leadership", .leadership)])
    func parsesNumbersAndNames(text: String, stage: Stage) {
        #expect(Stage(parsing: text) == stage)
    }

    @Test(arguments: ["0", "6", "", "expert", "1.5", "-1"])
    func rejectsAnythingElse(text: String) {
        #expect(Stage(parsing: text) == nil)
    }

    @Test func namesRoundTripAndOrderFollowsTheModel() {
        for s in Stage.allCases { #expect(Stage(parsing: s.name) == s) }
        #expect(Stage.allCases.sorted() == [.exploration, .foundation, .application, .mentorship, .leadership])
    }
}

@Suite struct TagTests {
    /// SPEC §2: tags compare case-insensitively after trimming; the first spelling, lower-cased, is shown.
    @Test func vocabularyInternsCaseInsensitivelyAfterTrimming() {
        var v = TagVocabulary()
        let a = v.intern(" Data ")
        #expect(v.intern("data") == a && v.intern("DATA") == a)
        #expect(v.intern("   ") == nil)
        let b = v.intern("ml")
        #expect(a != b && v.count == 2)
        #expect(v.name(a!) == "data")
        #expect(v.lookup("Ml ") == b && v.lookup("web") == nil)
    }

    @Test func tagSetIsSortedDistinctAndIntersects() {
        let t = (0..<6).map { Tag(index: Int32($0)) }
        let x = TagSet([t[4], t[1], t[4], t[2]])
        let y = TagSet([t[2], t[5], t[4]])
        #expect(x.tags == [t[1], t[2], t[4]])
        #expect(x.contains(t[2]) && !x.contains(t[3]))
        #expect(x.intersection(y) == [t[2], t[4]])
        #expect(x.intersectionCount(y) == 2 && y.intersectionCount(x) == 2)
        #expect(TagSet().intersectionCount(x) == 0 && TagSet().isEmpty)
    }
}

@Suite struct PolicyKeyTests {
    static let runDate = CalendarDate(year: 2026, month: 12, day: 1)!

    /// The defaults SPEC §2 names, and `quarter_start` the Monday after the run date.
    @Test func defaultsFollowTheSpec() {
        let p = Policy(runDate: Self.runDate)
        #expect((p.stageGap, p.maxMentees, p.checkinMinutes, p.standupMinutes, p.workshopMinutes) == (2, 2, 30, 30, 90))
        #expect((p.teamMin, p.teamMax, p.teamMinDistinctStages, p.teamSeniorStage) == (3, 5, 2, 3))
        #expect((p.buddyStageGap, p.buddyMinutes, p.maxBuddies, p.maxBackups, p.demoDays, p.teamsPerDemo) == (1, 15, 1, 2, 3, 3))
        #expect(p.requireSharedInterest && p.defaultTimezone == "UTC" && p.timeLimitSeconds == nil)
        #expect(p.quarterStart == CalendarDate(year: 2026, month: 12, day: 7) && !p.quarterStartGiven)
    }

    func isOutOfRange(_ problem: InputProblem?) -> Bool {
        if case .outOfRange = problem { return true }
        return false
    }

    /// A value is applied, or the problem is named and the policy left as it was.
    @Test func applyChecksTypeAndRange() {
        var p = Policy(runDate: Self.runDate)
        #expect(PolicyKey.stage_gap.apply(.integer(3), to: &p) == nil && p.stageGap == 3)
        #expect(PolicyKey.stage_gap.apply(.integer(9), to: &p) == .outOfRange("1 to 4") && p.stageGap == 3)
        #expect(PolicyKey.stage_gap.apply(.string("3"), to: &p) == .policyType(expected: "a whole number"))
        #expect(PolicyKey.demo_days.apply(.integer(Week.perQuarter + 1), to: &p) == .outOfRange("0 to \(Week.perQuarter)"))
        #expect(isOutOfRange(PolicyKey.seed.apply(.integer(-1), to: &p)))
        #expect(PolicyKey.require_shared_interest.apply(.integer(1), to: &p) == .policyType(expected: "true or false"))
        #expect(isOutOfRange(PolicyKey.time_limit_seconds.apply(.integer(0), to: &p)) && p.timeLimitSeconds == nil)
        #expect(PolicyKey.time_limit_seconds.apply(.float(2.5), to: &p) == nil && p.timeLimitSeconds == 2.5)
        #expect(PolicyKey.default_timezone.apply(.string("Mars/Olympus"), to: &p) == .unknownTimeZone && p.defaultTimezone == "UTC")
        #expect(PolicyKey.quarter_start.apply(.string("2027-02-30"), to: &p) == .policyType(expected: "a date YYYY-MM-DD") && !p.quarterStartGiven)
        #expect(PolicyKey.quarter_start.apply(.string("2027-02-22"), to: &p) == nil && p.quarterStartGiven)
    }

    @Test func flagValuesAreTyped() {
        let k = PolicyKey.seed
        #expect(k.parseFlag(" 7 ") == .integer(7))
        #expect(k.parseFlag("2.5") == .float(2.5))
        #expect(k.parseFlag("Yes") == .boolean(true) && k.parseFlag("no") == .boolean(false))
        #expect(k.parseFlag("2027-01-04") == .date(CalendarDate(year: 2027, month: 1, day: 4)!))
        #expect(k.parseFlag("Europe/Berlin") == .string("Europe/Berlin"))
    }

    /// summary.json's policy: every key in a fixed order, time_limit_seconds only when set.
    @Test func entriesListEveryKeyInOrder() {
        var p = Policy(runDate: Self.runDate)
        #expect(p.entries.map(\.key) == PolicyKey.allCases.map(\.rawValue).filter { $0 != "time_limit_seconds" })
        p.timeLimitSeconds = 30
        #expect(p.entries.map(\.key) == PolicyKey.allCases.map(\.rawValue))
        #expect(p.entries.first { $0.key == "default_timezone" }?.value == "\"UTC\"")
    }
}

@Suite struct CohortTests {
    /// `avoid` is symmetric whichever member's list is shorter.
    @Test func avoidsIsSymmetric() throws {
        let c = try #require(readRoster("""
            id,stage,avoid
            a,1,b;c
            b,2,
            c,3,
            """).cohort)
        let (a, b, c3) = (c.memberIndex["a"]!, c.memberIndex["b"]!, c.memberIndex["c"]!)
        #expect(c.avoids(a, b) && c.avoids(b, a) && c.avoids(c3, a))
        #expect(!c.avoids(b, c3))
    }
}
