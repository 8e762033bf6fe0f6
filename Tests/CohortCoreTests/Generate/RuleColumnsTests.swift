import Testing

@testable import CohortCore

/// The rule columns added to a generated roster: valid, deterministic, as asked.
@Suite struct RuleColumnsTests {
    func read(_ roster: GeneratedRoster) -> RosterReader.Outcome {
        let writer = CSVWriter(neutralizesFormulas: false)
        return RosterReader.read(
            members: InputFile(name: "members.csv", bytes: Array(writer.write(header: roster.members.header, rows: roster.members.rows).utf8)),
            projects: InputFile(name: "projects.csv", bytes: Array(writer.write(header: roster.projects.header, rows: roster.projects.rows).utf8)),
            policy: InputFile(name: "policy.toml", bytes: Array(roster.policyTOML.utf8)),
            runDate: CalendarDate(year: 2026, month: 12, day: 1)!)
    }

    @Test(arguments: [(300, UInt64(1)), (2_000, 7)])
    func validAndAsAsked(members: Int, seed: UInt64) throws {
        let base = RosterGenerator(memberCount: members, seed: seed).generate()
        let roster = base.withRuleColumns(RuleColumns(), seed: seed)
        #expect(roster == base.withRuleColumns(RuleColumns(), seed: seed))
        #expect(roster.members.header == base.members.header + ["group", "balance", "teammates", "wants_pod"])
        #expect(roster.members.rows.map { Array($0.prefix(base.members.header.count)) } == base.members.rows)
        #expect(roster.projects == base.projects && roster.policyTOML == base.policyTOML)

        let outcome = read(roster)
        #expect(outcome.errors.isEmpty, "\(outcome.errors.prefix(3))")
        let newColumns: Set<Diagnostic.Column> = [.name("group"), .name("balance"), .name("teammates"), .name("wants_pod")]
        #expect(!outcome.warnings.contains { newColumns.contains($0.column) }, "\(outcome.warnings.filter { newColumns.contains($0.column) }.prefix(3))")
        let c = try #require(outcome.cohort)
        #expect(c.groups.names.sorted() == ["Digital", "Finance", "Legal", "Operations"])
        #expect(Set(c.balances.names) == ["woman", "man", "non-binary"])
        let n = Double(members)
        let noGroup = Double(c.members.count { $0.group == nil }) / n
        #expect(noGroup > 0.04 && noGroup < 0.17)
        // Teammates: only team seekers wish, for other team seekers, about 15% of seekers.
        let seekers = c.members.indices.filter { c.members[$0].isActive && c.members[$0].wantsTeam }
        let wishing = seekers.filter { !c.members[$0].teammates.isEmpty }
        #expect(c.members.indices.allSatisfy { c.members[$0].teammates.isEmpty || seekers.contains($0) })
        let badWishes = wishing.flatMap { i in c.members[i].teammates.filter { t in t == i || !c.members[t].wantsTeam || !c.members[t].isActive } }
        #expect(badWishes.isEmpty)
        // Each wish could be honoured under team_group = "same": the two share a group, or one has none.
        let acrossGroups = wishing.flatMap { i in
            c.members[i].teammates.filter { t in c.members[i].group != nil && c.members[t].group != nil && c.members[i].group != c.members[t].group }
        }
        #expect(acrossGroups.isEmpty, "\(acrossGroups.count) wishes across groups")
        let share = Double(wishing.count) / Double(seekers.count)
        #expect(share > 0.08 && share < 0.22)
        // Pods: active or trial only, about 20%.
        let pods = c.members.filter(\.wantsPod)
        #expect(pods.allSatisfy { $0.seeksPod })
        let podShare = Double(pods.count) / Double(c.members.count { $0.status == .active || $0.status == .trial })
        #expect(podShare > 0.13 && podShare < 0.27)
    }

    @Test func columnsCanBeLeftOut() {
        let base = RosterGenerator(memberCount: 100, seed: 2).generate()
        let roster = base.withRuleColumns(RuleColumns(groups: 6, balanceValues: [], teammateShare: 0, podShare: 0), seed: 2)
        #expect(roster.members.header == base.members.header + ["group"])
        #expect(Set(roster.members.rows.map { $0.last! }).isSubset(of: ["", "Finance", "Legal", "Operations", "Digital", "Research", "Outreach"]))
    }
}
