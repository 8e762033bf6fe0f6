import Testing

@testable import CohortCore

/// Reads an in-memory roster; the file names are those the messages show.
func readRoster(_ members: String, projects: String? = nil, policy: String? = nil, overrides: [PolicyReader.Override] = []) -> RosterReader.Outcome {
    RosterReader.read(
        members: InputFile(name: "members.csv", bytes: Array(members.utf8)),
        projects: projects.map { InputFile(name: "projects.csv", bytes: Array($0.utf8)) },
        policy: policy.map { InputFile(name: "policy.toml", bytes: Array($0.utf8)) },
        overrides: overrides,
        runDate: CalendarDate(year: 2026, month: 11, day: 21)!)
}

let header = "id,stage,timezone,availability,interests,skills,mentor_capacity,avoid,current_mentor,preferred_mentors,project_choices"

@Suite struct RosterReaderTests {
    @Test func validRosterBecomesACohort() throws {
        let outcome = readRoster("""
            \(header)
            a,1,Europe/Berlin,Mon-Fri 18:00-20:00,python;Data,,,,,,
            b,foundation,Asia/Kathmandu,Sat 09:00-10:00,,DATA; ml ,2,a,,,
            """)
        #expect(outcome.errors.isEmpty)
        let cohort = try #require(outcome.cohort)
        #expect(cohort.members.map(\.id) == ["a", "b"])
        #expect(cohort.members[1].stage == .foundation)
        // Tags compare case-insensitively after trimming.
        #expect(cohort.members[0].interests.intersectionCount(cohort.members[1].skills) == 1)
        // avoid is symmetric.
        #expect(cohort.avoids(0, 1) && cohort.avoids(1, 0))
        // Kathmandu is +05:45: Sat 09:00 local is Sat 03:15 UTC.
        #expect(cohort.members[1].utcOffsetMinutes == 345)
        #expect(cohort.members[1].availability.slots == [5 * 96 + 13, 5 * 96 + 14, 5 * 96 + 15, 5 * 96 + 16])
    }

    @Test func missingRequiredColumn() {
        let outcome = readRoster("id,name\na,Ann\n")
        #expect(outcome.cohort == nil)
        #expect(outcome.errors.map(\.description) == ["members.csv:1: column stage: required column is missing from the header"])
    }

    @Test func duplicateID() {
        let outcome = readRoster("id,stage\na,1\nb,2\na,3\n")
        #expect(outcome.errors.map(\.description) == ["members.csv:4: column id: duplicate id, first used on line 2 (a)"])
    }

    @Test func unknownStage() {
        let outcome = readRoster("id,stage\na,6\nb,expert\nc,\n")
        #expect(outcome.errors.map(\.description) == [
            "members.csv:2: column stage: unknown stage: use 1-5 or exploration, foundation, application, mentorship, leadership (6)",
            "members.csv:3: column stage: unknown stage: use 1-5 or exploration, foundation, application, mentorship, leadership (expert)",
            "members.csv:4: column stage: a value is required ()",
        ])
    }

    @Test func malformedAvailability() {
        let outcome = readRoster("""
            id,stage,availability
            a,1,Mon 18:00
            b,1,Funday 10:00-11:00
            c,1,Tue 25:00-26:00
            d,1,Wed 10:00-10:00
            """)
        #expect(outcome.errors.map(\.description) == [
            "members.csv:2: column availability: malformed availability window: expected DAY HH:MM-HH:MM, e.g. Mon-Fri 18:00-20:00 (Mon 18:00)",
            "members.csv:3: column availability: unknown day 'Funday' in availability window: use Mon, Tue, Wed, Thu, Fri, Sat, Sun or a range like Mon-Fri (Funday 10:00-11:00)",
            "members.csv:4: column availability: invalid time '25:00' in availability window: use HH:MM from 00:00 to 24:00 (Tue 25:00-26:00)",
            "members.csv:5: column availability: availability window starts and ends at the same time (Wed 10:00-10:00)",
        ])
    }

    @Test func unknownTimeZone() {
        let outcome = readRoster("id,stage,timezone\na,1,Mars/Olympus\nb,1,EST\nc,1,Asia/Kolkata\n")
        #expect(outcome.errors.map(\.description) == [
            "members.csv:2: column timezone: unknown time zone: use an IANA name such as Europe/Berlin or Asia/Kolkata (Mars/Olympus)",
            "members.csv:3: column timezone: unknown time zone: use an IANA name such as Europe/Berlin or Asia/Kolkata (EST)",
        ])
    }

    @Test func unknownMemberReferences() {
        let outcome = readRoster("""
            id,stage,avoid,current_mentor,preferred_mentors
            a,1,zz,yy,xx;a
            b,4,,,
            """)
        #expect(outcome.errors.map(\.description) == [
            "members.csv:2: column preferred_mentors: no member has this id (xx)",
            "members.csv:2: column preferred_mentors: a member cannot name themselves here (a)",
            "members.csv:2: column avoid: no member has this id (zz)",
            "members.csv:2: column current_mentor: no member has this id (yy)",
        ])
    }

    /// A mentor or an avoided member named twice is a warning, not an error: the
    /// id counts once, at its first place (preferences keep their order).
    @Test func referencesNamedTwiceAreWarnings() throws {
        let outcome = readRoster("""
            id,stage,avoid,preferred_mentors
            a,1,d;d,c;b;c
            b,4,,
            c,5,,
            d,4,,
            """)
        #expect(outcome.errors.isEmpty)
        #expect(outcome.warnings.map(\.description) == [
            "members.csv:2: column preferred_mentors: warning: named twice, counted once, at the first place (c)",
            "members.csv:2: column avoid: warning: named twice, counted once, at the first place (d)",
        ])
        let cohort = try #require(outcome.cohort)
        #expect(cohort.members[0].preferredMentors == [2, 1])
        #expect(cohort.members[0].avoid == [3])
    }

    @Test func projectProblems() {
        let outcome = readRoster(
            "id,stage,project_choices\na,1,p1\nb,2,nope\nc,3,\nd,4,\ne,5,\nf,3,\n",
            projects: """
                id,name,needs,min_size,max_size,members
                p1,One,data,,,a;ghost
                p2,Two,,,,a
                p3,Three,,2,3,b;c;d;e
                p4,Four,,4,2,
                p5,Five,,x,,
                """)
        #expect(outcome.cohort == nil)
        #expect(outcome.errors.map(\.description) == [
            "members.csv:3: column project_choices: no project has this id (nope)",
            "projects.csv:2: column members: no member has this id (ghost)",
            "projects.csv:3: column members: member is already on project p1 (line 2) (a)",
            "projects.csv:4: column members: 4 pre-assigned members exceed the project's maximum size of 3 (b;c;d;e)",
            "projects.csv:5: column max_size: min_size 4 is greater than max_size 2 (2)",
            "projects.csv:6: column min_size: expected a whole number (x)",
        ])
    }

    @Test func nonNumericCapacity() {
        let outcome = readRoster("id,stage,mentor_capacity\na,4,two\nb,4,-1\nc,4,5\n")
        #expect(outcome.errors.map(\.description) == [
            "members.csv:2: column mentor_capacity: expected a whole number (two)",
            "members.csv:3: column mentor_capacity: value out of range: 0 to 100 (-1)",
        ])
        #expect(outcome.warnings.map(\.description) == [
            "members.csv:4: column mentor_capacity: warning: mentor_capacity above max_mentees, capped to 2 (5)",
        ])
    }

    @Test func raggedRows() {
        let outcome = readRoster("id,stage,name\na,1,Ann\nb,2\nc,3,Cy,extra\n")
        #expect(outcome.errors.map(\.description) == [
            "members.csv:3: column 3: row has 2 fields but the header has 3",
            "members.csv:4: column 4: row has 4 fields but the header has 3",
        ])
    }

    @Test func invalidUTF8() {
        var bytes = Array("id,stage,name\na,1,".utf8)
        bytes += [0xC3, 0x28]
        bytes += Array("\n".utf8)
        let outcome = RosterReader.read(
            members: InputFile(name: "members.csv", bytes: bytes), projects: nil, policy: nil,
            runDate: CalendarDate(year: 2026, month: 11, day: 21)!)
        #expect(outcome.cohort == nil)
        #expect(outcome.errors.count == 1)
        #expect(outcome.errors.first?.line == 2)
        #expect(outcome.errors.first?.column == .field(3))
        #expect(outcome.errors.first?.problem == .invalidUTF8)
    }

    @Test func warningsDoNotStopTheRun() throws {
        let outcome = readRoster("id,stage,favourite_colour,availability\na,1,blue,Mon 10:00-12:00;Mon 11:00-13:00\n")
        #expect(outcome.errors.isEmpty)
        #expect(outcome.warnings.map(\.description) == [
            "members.csv:1: column favourite_colour: warning: unknown column, ignored",
            "members.csv:2: column availability: warning: overlapping availability windows, merged (Mon 11:00-13:00)",
        ])
        let cohort = try #require(outcome.cohort)
        #expect(cohort.members[0].availability.count == 12)  // 10:00-13:00 merged
    }

    @Test func allProblemsAreReportedAtOnce() {
        let outcome = readRoster("id,stage,timezone,mentor_capacity\na,9,Nowhere/City,x\na,1,UTC,1\n")
        #expect(outcome.errors.count == 4)
        #expect(Set(outcome.errors.map(\.column)) == [.name("stage"), .name("timezone"), .name("mentor_capacity"), .name("id")])
    }

    @Test func headersAreCaseInsensitiveAndInAnyOrder() throws {
        let outcome = readRoster("Stage, ID ,Status\n2,a,TRIAL\n")
        let cohort = try #require(outcome.cohort)
        #expect(cohort.members[0].id == "a" && cohort.members[0].status == .trial)
        #expect(cohort.members[0].wantsMentor == false && cohort.members[0].wantsTeam == false)
    }

    @Test func defaultsFollowTheSpec() throws {
        let cohort = try #require(readRoster("id,stage,status\na,3,active\nb,4,active\nc,1,paused\n").cohort)
        // wants_mentor defaults to yes when active and stage <= 5 - stage_gap.
        #expect(cohort.members.map(\.wantsMentor) == [true, false, false])
        #expect(cohort.members.map(\.wantsTeam) == [true, true, false])
        #expect(cohort.members[0].timeZone == "UTC")
        #expect(cohort.members[0].availability.isEmpty)
    }
}
