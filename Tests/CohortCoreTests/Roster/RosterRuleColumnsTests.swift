import Testing

@testable import CohortCore

/// The members.csv columns of SPEC §2 for pods and the group, teammate and
/// balance rules: values, defaults and every message for a bad cell.
@Suite struct RosterRuleColumnsTests {
    @Test func valuesAreRead() throws {
        let cohort = try #require(readRoster("""
            id,stage,status,wants_pod,group,teammates,balance
            a,1,active,yes,Finance,b;c,woman
            b,2,trial,y,finance ,a,Man
            c,3,active,no,Legal,,man
            d,4,active,,,,
            """).cohort)
        #expect(cohort.members.map(\.wantsPod) == [true, true, false, false])
        #expect(cohort.members.map(\.seeksPod) == [true, true, false, false])
        // Groups and balance values compare case-insensitively after trimming; first spelling shown.
        #expect(cohort.members.map(\.group) == [0, 0, 1, nil])
        #expect(cohort.groups.names == ["Finance", "Legal"])
        #expect(cohort.members.map(\.balance) == [0, 1, 1, nil])
        #expect(cohort.balances.names == ["woman", "Man"])
        // Teammates are member indices, one way (a wish, not made symmetric).
        #expect(cohort.members.map(\.teammates) == [[1, 2], [0], [], []])
    }

    @Test func defaultsWithoutTheColumns() throws {
        let cohort = try #require(readRoster("id,stage\na,1\nb,4\n").cohort)
        #expect(cohort.members.allSatisfy { !$0.wantsPod && $0.group == nil && $0.teammates.isEmpty && $0.balance == nil })
        #expect(cohort.groups.count == 0 && cohort.balances.count == 0)
    }

    @Test func badCellsAreLocated() {
        let outcome = readRoster("""
            id,stage,wants_pod,teammates,balance
            a,1,maybe,zz;a,
            b,2,yes,a,woman;man
            """)
        #expect(outcome.cohort == nil)
        #expect(outcome.errors.map(\.description) == [
            "members.csv:2: column wants_pod: expected yes or no (maybe)",
            "members.csv:2: column teammates: no member has this id (zz)",
            "members.csv:3: column balance: one value only: ';' separates list items and cannot be part of a value (woman;man)",
        ])
    }

    /// A wish is not a rule: naming oneself, naming someone twice or naming
    /// someone who is not placed on teams is a warning, the run goes on.
    @Test func teammateWishesThatCannotCountAreWarnings() throws {
        let outcome = readRoster("""
            id,stage,status,wants_team,teammates
            a,1,active,,a;b;b
            b,2,active,,c;d
            c,3,paused,,
            d,4,active,no,
            """)
        #expect(outcome.errors.isEmpty)
        #expect(outcome.warnings.map(\.description) == [
            "members.csv:2: column teammates: warning: a teammate wish naming the member themselves, ignored (a)",
            "members.csv:2: column teammates: warning: teammate named twice, counted once (b)",
            "members.csv:3: column teammates: warning: this member is paused, so the teammate wish cannot be honoured (c)",
            "members.csv:3: column teammates: warning: this member does not want a team, so the teammate wish cannot be honoured (d)",
        ])
        let cohort = try #require(outcome.cohort)
        #expect(cohort.members.map(\.teammates) == [[1], [2, 3], [], []])
    }

    /// Wishes that can never be honoured: of a member not placed on teams, and across groups
    /// under team_group = "same" (a member without a group joins any team). Warnings; kept.
    @Test func teammateWishesThatCanNeverBeHonouredAreWarnings() throws {
        let members = """
            id,stage,status,wants_team,group,teammates
            a,1,paused,,Legal,b
            b,2,active,no,Legal,a
            c,3,active,,Legal,d;e
            d,4,active,,Finance,c
            e,4,active,,,c
            """
        let outcome = readRoster(members, policy: "team_group = \"same\"\n")
        #expect(outcome.errors.isEmpty)
        #expect(outcome.warnings.map(\.description) == [
            "members.csv:2: column teammates: warning: the member is paused, so their teammate wishes cannot be honoured (b)",
            "members.csv:2: column teammates: warning: this member does not want a team, so the teammate wish cannot be honoured (b)",
            "members.csv:3: column teammates: warning: the member does not want a team, so their teammate wishes cannot be honoured (a)",
            "members.csv:3: column teammates: warning: this member is paused, so the teammate wish cannot be honoured (a)",
            "members.csv:4: column teammates: warning: this member is in another group ('Finance') and team_group = \"same\" keeps groups apart, so the teammate wish cannot be honoured (d)",
            "members.csv:5: column teammates: warning: this member is in another group ('Legal') and team_group = \"same\" keeps groups apart, so the teammate wish cannot be honoured (c)",
        ])
        let cohort = try #require(outcome.cohort)
        #expect(cohort.members.map(\.teammates) == [[1], [0], [3, 4], [2], [2]])
        // Without team_group = "same", groups do not keep anyone apart.
        #expect(readRoster(members).warnings.count == 4)
    }

    @Test func aTeammateOnTheAvoidListIsDropped() throws {
        let outcome = readRoster("id,stage,avoid,teammates\na,1,b,b;c\nb,2,,\nc,3,,\n")
        #expect(outcome.warnings.map(\.description) == [
            "members.csv:2: column teammates: warning: also listed under avoid: avoid wins, the teammate wish is ignored (b)",
        ])
        let cohort = try #require(outcome.cohort)
        #expect(cohort.members[0].teammates == [2])
    }

    @Test func aPodWishOfSomeoneNotTakingPartIsAWarning() throws {
        let outcome = readRoster("id,stage,status,wants_pod\na,1,paused,yes\nb,1,inactive,no\nc,1,trial,yes\n")
        #expect(outcome.warnings.map(\.description) == [
            "members.csv:2: column wants_pod: warning: member is paused: only active and trial members join a study pod, ignored (yes)",
        ])
        let cohort = try #require(outcome.cohort)
        #expect(cohort.members.map(\.seeksPod) == [false, false, true])
    }

    @Test func teamNoIsolatedNamesBalanceLabels() throws {
        let cohort = try #require(readRoster("id,stage,balance\na,1,Woman\nb,2,man\n", policy: "team_no_isolated = \"woman;non-binary\"\n").cohort)
        #expect(cohort.balancesNotToIsolate == [0])
    }
}

/// Policy values checked against the roster: warnings at the key.
@Suite struct PolicyAgainstRosterTests {
    @Test func aBalanceValueNobodyHas() throws {
        let outcome = readRoster("id,stage,balance\na,1,Woman\nb,2,man\nc,2,\n", policy: "stage_gap = 2\nteam_no_isolated = \"woman;female\"\n")
        #expect(outcome.warnings.map(\.description) == [
            "policy.toml:2: column team_no_isolated: warning: no member has this balance value, so it never applies (the roster has 'Woman', 'man') (female)",
        ])
        #expect(outcome.cohort?.balancesNotToIsolate == [0])
        let flag = readRoster("id,stage\na,1\n", overrides: [.init(key: "team_no_isolated", value: "x")])
        #expect(flag.warnings.map(\.description) == [
            "--set:1: column team_no_isolated: warning: no member has this balance value, so it never applies (no member has a balance value) (x)",
        ])
    }

    @Test func aBalanceValueNobodyHasButOneIsClose() {
        let outcome = readRoster("id,stage,balance\na,1,woman\nb,2,man\n", policy: "team_no_isolated = \"womn\"\n")
        #expect(outcome.warnings.map(\.description) == [
            "policy.toml:1: column team_no_isolated: warning: no member has this balance value, so it never applies (the roster has 'woman', 'man'); did you mean 'woman'? (womn)",
        ])
    }

    /// A rare balance value one edit (or only punctuation) away from a common
    /// one that team_no_isolated names: a warning at its first member.
    @Test func aBalanceValueThatLooksMisspelt() throws {
        var rows = ["id,stage,balance"]
        for i in 0..<6 { rows.append("w\(i),1,woman") }
        for i in 0..<6 { rows.append("m\(i),1,man") }
        rows += ["x1,2,wman", "x2,2,non binary", "x3,2,wman", "x4,2,Non-Binary", "x5,2,men"]
        let outcome = readRoster(rows.joined(separator: "\n") + "\n", policy: "team_no_isolated = \"woman;non-binary\"\n")
        #expect(outcome.errors.isEmpty)
        #expect(outcome.warnings.map(\.description) == [
            "members.csv:14: column balance: warning: looks like a misspelling of 'woman' (6 members), but team_no_isolated compares values as written (ignoring case): these 2 members (first here) count as a value of their own (wman)",
            "members.csv:15: column balance: warning: looks like a misspelling of 'Non-Binary' (1 member), but team_no_isolated compares values as written (ignoring case): this member counts as a value of their own (non binary)",
        ])
        // 'men' is one edit from 'man', but team_no_isolated names neither; 'man' is two edits from 'woman'.
        let cohort = try #require(outcome.cohort)
        #expect(cohort.balancesNotToIsolate.map(cohort.balances.name) == ["woman", "Non-Binary"])
        // Without team_no_isolated, balance is not used: no warning.
        #expect(readRoster(rows.joined(separator: "\n") + "\n").warnings.isEmpty)
    }

    /// A rare group one edit from a common one, under a group rule: a warning at its first member.
    /// Labels that differ in a short or numbered word ("Section A", "Team 2") never warn.
    @Test func aGroupThatLooksMisspelt() {
        var rows = ["id,stage,group"]
        for i in 0..<6 { rows.append("f\(i),1,Finance") }
        for i in 0..<6 { rows.append("s\(i),1,Section A") }
        for i in 0..<6 { rows.append("t\(i),1,Team 1") }
        rows += ["x1,2,Finanse", "x2,2,Section B", "x3,2,Team 2"]
        let members = rows.joined(separator: "\n") + "\n"
        #expect(readRoster(members, policy: "team_group = \"same\"\nmentor_group = \"different\"\n").warnings.map(\.description) == [
            "members.csv:20: column group: warning: looks like a misspelling of 'Finance' (6 members), but mentor_group and team_group compare values as written (ignoring case): this member counts as a value of their own (Finanse)",
        ])
        #expect(readRoster(members, policy: "team_group = \"same\"\n").warnings.map(\.description) == [
            "members.csv:20: column group: warning: looks like a misspelling of 'Finance' (6 members), but team_group compares values as written (ignoring case): this member counts as a value of their own (Finanse)",
        ])
        // No group rule: groups are not used, nothing checked.
        #expect(readRoster(members).warnings.isEmpty)
    }

    @Test func aGroupRuleWithoutGroups() {
        let outcome = readRoster("id,stage\na,1\n", policy: "mentor_group = \"different\"\nteam_group = \"same\"\n")
        #expect(outcome.errors.isEmpty)
        #expect(outcome.warnings.map(\.description) == [
            "policy.toml:1: column mentor_group: warning: no member has a group (members.csv column group), so the rule never applies (different)",
            "policy.toml:2: column team_group: warning: no member has a group (members.csv column group), so the rule never applies (same)",
        ])
        #expect(readRoster("id,stage,group\na,1,x\n", policy: "mentor_group = \"different\"\n").warnings.isEmpty)
    }
}

/// `cohort validate`'s summary names the rule columns a roster uses, and only those.
@Suite struct CohortSummaryRuleColumnsTests {
    @Test func linesOnlyForColumnsInUse() throws {
        let plain = try #require(readRoster("id,stage\na,1\n").cohort)
        #expect(CohortSummary(plain).lines.count == 8)
        let cohort = try #require(readRoster("""
            id,stage,status,wants_pod,group,teammates,balance
            a,1,active,yes,Finance,b;c,woman
            b,2,trial,yes,Legal,a,man
            c,3,paused,yes,finance,,man
            """).cohort)
        #expect(Array(CohortSummary(cohort).lines.dropFirst(8)) == [
            "pods: 2 want a study pod",
            "groups: 2 ('Finance' 2, 'Legal' 1)",
            "teammate wishes: 3 from 2 members",
            "balance values: 2 ('woman' 1, 'man' 2)",
        ])
    }
}
