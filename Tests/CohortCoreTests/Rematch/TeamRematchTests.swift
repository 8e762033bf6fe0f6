import CohortSolver
import Foundation
import Testing

@testable import CohortCore

/// Every team rule the team rematch must keep, and that nobody it had no
/// reason to move moved (docs/rematch.md §5a). Written from the rules, not from
/// `TeamRematch`: sizes, a senior, distinct stages, no avoided pair, everyone
/// available and free at the team's unchanged standup.
func teamRematchProblems(base: BatchResult, new: BatchResult, leave: Set<Int>, dissolve: Set<String>) -> [String] {
    let c = new.cohort, policy = c.policy
    var problems: [String] = []
    let oldTeams = Dictionary(uniqueKeysWithValues: base.teams.teams.map { ($0.id, $0) })
    var teamOf: [Int: String] = [:]
    for team in new.teams.teams {
        for i in team.members {
            if teamOf[i] != nil { problems.append("\(c.members[i].id) on two teams") }
            teamOf[i] = team.id
        }
    }
    for i in leave where teamOf[i] != nil { problems.append("\(c.members[i].id) left but is on \(teamOf[i]!)") }
    for id in dissolve where oldTeams[id] != nil && new.teams.teams.contains(where: { $0.id == id }) { problems.append("\(id) was dissolved but is there") }
    for (t, team) in new.teams.teams.enumerated() {
        guard let old = oldTeams[team.id] else { problems.append("new team \(team.id)"); continue }
        let range = team.project.map { min(c.projects[$0].minSize, c.projects[$0].maxSize)...max(c.projects[$0].minSize, c.projects[$0].maxSize) }
            ?? policy.teamMin...max(policy.teamMin, policy.teamMax)
        if !range.contains(team.members.count) { problems.append("\(team.id) has \(team.members.count) members") }
        if !team.members.contains(where: { c.members[$0].stage.rawValue >= policy.teamSeniorStage }) { problems.append("\(team.id) has no senior") }
        if Set(team.members.map { c.members[$0].stage }).count < policy.teamMinDistinctStages { problems.append("\(team.id) lacks distinct stages") }
        for a in team.members { for b in team.members where a < b && c.avoids(a, b) { problems.append("\(team.id): \(a) and \(b) avoid each other") } }
        let untouched = old.members.allSatisfy { !leave.contains($0) } && Set(team.members) == Set(old.members)
        if untouched && team != old { problems.append("untouched \(team.id) changed") }
        // Members who were on an intact or merely shrunk team stay.
        guard let e = new.schedule.standupEvent[t] else { problems.append("\(team.id) lost its standup"); continue }
        let ev = new.schedule.events[e]
        if ev.id != "standup-" + team.id || ev.participants != team.members { problems.append("standup of \(team.id) is \(ev.id) with \(ev.participants)") }
        if let o = base.schedule.standupEvent[base.teams.teams.firstIndex { $0.id == team.id }!], base.schedule.events[o].startSlot != ev.startSlot {
            problems.append("standup of \(team.id) moved")
        }
        for i in team.members where !c.members[i].availability.contains(start: ev.startSlot, count: ev.slotCount) {
            problems.append("\(c.members[i].id) cannot make the standup of \(team.id)")
        }
    }
    // Nobody double-booked; events of teams that did not change are identical.
    var busy = [WeekSlots](repeating: WeekSlots(), count: c.members.count)
    for ev in new.schedule.events where ev.week == nil {  // weekly events (one-offs: demo, kickoff, circles)
        let slots = SlotMath.interval(start: ev.startSlot, length: ev.slotCount)
        for q in ev.participants {
            if busy[q].intersects(slots) { problems.append("\(c.members[q].id) double-booked at \(ev.id)") }
            busy[q].formUnion(slots)
        }
    }
    let changedTeams = Set(base.teams.teams.filter { old in
        !new.teams.teams.contains { $0.id == old.id && $0.members == old.members } }.map { "standup-" + $0.id })
    let key = { (ev: ScheduledEvent) in "\(ev.id) \(ev.startSlot) \(ev.participants)" }
    let keptOld = base.schedule.events.filter { $0.kind != .demo && !changedTeams.contains($0.id) }.map(key)
    let keptNew = new.schedule.events.filter { $0.kind != .demo && !changedTeams.contains($0.id) }.map(key)
    if keptOld != keptNew { problems.append("events of unchanged teams or other kinds changed") }
    // Every eligible member not on a team has a reason; nobody else moved.
    for i in new.teams.unplaced where new.teams.reasons[i]?.isEmpty ?? true { problems.append("\(c.members[i].id) unplaced without a reason") }
    if new.mentoring.pairs != base.mentoring.pairs { problems.append("pairs changed") }
    // Study pods are not touched by team changes: same pods, same meetings (the pod events are among the kept ones above).
    if new.pods.pods != base.pods.pods || new.pods.unplaced != base.pods.unplaced { problems.append("pods changed") }
    return problems
}

/// The demo roster (Datasets/demo), as `cohort match` reads it.
func demoCohort() throws -> Cohort {
    let demo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Datasets/demo")
    func file(_ name: String) throws -> InputFile { InputFile(name: name, bytes: Array(try Data(contentsOf: demo.appendingPathComponent(name)))) }
    let read = RosterReader.read(members: try file("members.csv"), projects: try file("projects.csv"), policy: try file("policy.toml"),
                                 runDate: CalendarDate(year: 2026, month: 12, day: 1)!)
    return try #require(read.cohort)
}

@Suite struct TeamRematchTests {
    /// team_ideal in the re-placement model: d (displaced) may join free team A (3 members) or
    /// team B of project q (4 members), which d chose (+10). Without the rule d joins B; with
    /// `team_ideal = 4`, A reaching 4 gains 24 − 12 = 12 and B reaching 5 loses 24 − 20 = 4
    /// (10 − 4 = 6 < 12), so d joins A.
    @Test(arguments: [(nil, "B"), ("team_ideal = 4\n", "A")] as [(String?, String)])
    func idealSizeDecidesWhichTeamADisplacedMemberJoins(ideal: String?, joins: String) throws {
        let c = try teamRoster("""
            id,stage,availability,project_choices
            a1,1,Mon 10:00-10:30,
            a2,2,Mon 10:00-10:30,
            a3,3,Mon 10:00-10:30,
            b1,1,Mon 10:00-10:30,
            b2,2,Mon 10:00-10:30,
            b3,3,Mon 10:00-10:30,
            b4,4,Mon 10:00-10:30,
            d,2,Mon 10:00-10:30,q
            """, projects: """
            id,needs,min_size,max_size,members
            q,,3,5,
            """, policy: "team_min = 3\nteam_max = 5\n" + (ideal ?? ""))
        let p = TeamProblem(cohort: c)
        let ids = ["A": [0, 1, 2], "B": [3, 4, 5, 6]]
        let teams = [Team(id: "A", project: nil, members: ids["A"]!, standupStart: 0, standupSlots: 1, commonStarts: p.commonStarts(ids["A"]!), quality: 0),
                     Team(id: "B", project: 0, members: ids["B"]!, standupStart: 0, standupSlots: 1, commonStarts: p.commonStarts(ids["B"]!), quality: 0)]
        let options = [(member: 7, team: 0), (member: 7, team: 1)]
        let model = TeamRematch.replacementModel(options: options, broken: [], remaining: [ids["A"]!, ids["B"]!], teams: teams,
                                                 brokenTeamOf: [:], unplaced: [], p: p)
        let solved = try GLPKSolver().solve(model.model, options: SolveOptions(method: .branchAndCut))
        #expect(solved.termination == .optimal)
        let chosen = options.indices.filter { solved.values[model.x[$0].index] > 0.5 }
        #expect(chosen.map { teams[options[$0].team].id } == [joins])
    }

    /// Four members who can all meet at one time, teams of exactly three: one
    /// is left out. When a team member leaves, the team (now two) is repaired
    /// with the member left out, at the same standup.
    @Test func aTeamBelowItsMinimumIsRepairedFromAnUnplacedMember() throws {
        let cohort = try handCohort("""
            id,stage,availability,mentor_capacity,wants_mentor
            a,4,Mon 18:00-21:00,0,no
            b,1,Mon 18:00-21:00,0,no
            c,2,Mon 18:00-21:00,0,no
            d,4,Mon 18:00-21:00,0,no
            """, policy: "quarter_start = 2027-01-04\nteam_min = 3\nteam_max = 3\n")
        let base = try Batch.run(cohort, solver: GLPKSolver(), threads: 1)
        let team = try #require(base.teams.teams.first)
        let out = try #require(base.teams.unplaced.first)
        #expect(base.teams.teams.count == 1 && base.teams.unplaced.count == 1)
        let leaver = team.members[0]
        let o = try MentorRematch.apply(.init(release: [], change: [], leave: [cohort.members[leaver].id]), to: base, solver: GLPKSolver(), threads: 1)
        let new = try #require(o.result.teams.teams.first)
        #expect(new.id == team.id && new.standupStart == team.standupStart)
        #expect(new.members == (team.members.dropFirst() + [out]).sorted())
        #expect(o.result.teams.unplaced.isEmpty && o.result.teams.reasons.isEmpty)
        #expect(o.changes.contains { $0.member == leaver && $0.kind == .team && $0.from == team.id && $0.to.isEmpty })
        #expect(o.changes.contains { $0.member == out && $0.kind == .team && $0.from.isEmpty && $0.to == team.id && $0.reason.contains("to repair it") })
        #expect(o.changes.count == 2)
        #expect(o.teams.status == .optimal)
        #expect(teamRematchProblems(base: base, new: o.result, leave: [leaver], dissolve: []).isEmpty)
        // teams.csv and schedule.csv name the new member; the rotation includes them.
        let files = Dictionary(MentorRematch.render(o, inputs: []).map { ($0.name, $0.text) }, uniquingKeysWith: { a, _ in a })
        #expect(files["teams.csv"]?.contains("\n\(team.id),,\(cohort.members[out].id),") == true)
        #expect(o.result.schedule.rotations[0].facilitator.contains(out))
        #expect(!o.result.schedule.rotations[0].facilitator.contains(leaver))
    }

    /// The demo roster: T003 dissolved and dara (of T006, three members) leaving.
    /// T003's members go to teams with room whose standup they can make, T006
    /// cannot be repaired and goes, and every other team, event and file row is as it was.
    @Test(.tags(.slow), .inSlowSuite) func dissolvingATeamMovesOnlyItsMembers() throws {
        let cohort = try demoCohort()
        let base = try Batch.run(cohort, solver: GLPKSolver())
        let dara = try #require(cohort.memberIndex["dara"])
        let t3 = try #require(base.teams.teams.first { $0.id == "T003" })
        let o = try MentorRematch.apply(.init(release: [], change: [], leave: ["dara"], dissolve: ["T003"]), to: base, solver: GLPKSolver())
        let problems = teamRematchProblems(base: base, new: o.result, leave: [dara], dissolve: ["T003"])
        #expect(problems.isEmpty, "\(problems)")
        // Every member of T003 has a change row: a new team or a reason.
        for i in t3.members { #expect(o.changes.contains { $0.member == i && $0.kind == .team && $0.from == "T003" }) }
        #expect(o.changes.contains { $0.kind == .team && $0.from == "T003" && !$0.to.isEmpty }, "nobody re-placed: \(o.changes)")
        for ch in o.changes where ch.kind == .team && ch.to.isEmpty && ch.member != dara {
            #expect(o.result.teams.unplaced.contains(ch.member) && o.result.teams.reasons[ch.member] == ch.reason)
        }
        // T006 (dara and two others) fell below team_min and could not be repaired.
        let t6 = try #require(base.teams.teams.first { $0.id == "T006" })
        #expect(t6.members.count == 3 && t6.members.contains(dara))
        #expect(!o.result.teams.teams.contains { $0.id == "T006" })
        for m in t6.members where m != dara {
            #expect(o.changes.contains { $0.member == m && $0.reason.contains("below its minimum of 3 after dara left") })
        }
        // Rendered: rows of teams without a change, pairings and buddies identical.
        let old = Dictionary(OutputFiles.render(base, inputs: []).map { ($0.name, $0.text) }, uniquingKeysWith: { a, _ in a })
        let new = Dictionary(MentorRematch.render(o, inputs: []).map { ($0.name, $0.text) }, uniquingKeysWith: { a, _ in a })
        #expect(new["pairings.csv"] == old["pairings.csv"])
        #expect(new["buddies.csv"] == old["buddies.csv"])
        // The demo's three pods (priya, of P001, moves to another team) keep pods.csv byte for byte.
        #expect(base.pods.pods.count == 3 && base.pods.pods.contains { $0.members.contains(cohort.memberIndex["priya"]!) })
        #expect(new["pods.csv"] == old["pods.csv"])
        let changed = Set(base.teams.teams.filter { t in !o.result.teams.teams.contains { $0.id == t.id && $0.members == t.members } }.map(\.id))
        #expect(changed.contains("T003") && changed.contains("T006"))
        let unchangedRows = { (text: String) in text.split(separator: "\n").filter { !changed.contains(String($0.prefix { $0 != "," })) } }
        #expect(unchangedRows(old["teams.csv"]!) == unchangedRows(new["teams.csv"]!))
        #expect(new["changes.csv"]?.contains("\ndara,team,T006,,taken off team T006 (--leave)\n") == true)
    }

    /// A generated roster: members leave teams of the smallest size (so that
    /// they break) and two teams are dissolved; every rule holds after.
    @Test(.tags(.slow), .inSlowSuite) func generatedRosterKeepsEveryTeamRule() throws {
        // With a `wants_pod` column and pods of 3 or more (at the default 5–7, this roster's
        // 72 seekers, with sparse windows across continents, form none): the pods must come
        // out of the team changes untouched.
        let roster = RosterGenerator(parameters: .init(memberCount: 400, seed: 5)).generate()
            .withRuleColumns(RuleColumns(groups: 0, balanceValues: [], teammateShare: 0, podShare: 0.2), seed: 5)
        let writer = CSVWriter(neutralizesFormulas: false)
        let read = RosterReader.read(
            members: InputFile(name: "members.csv", bytes: Array(writer.write(header: roster.members.header, rows: roster.members.rows).utf8)),
            projects: InputFile(name: "projects.csv", bytes: Array(writer.write(header: roster.projects.header, rows: roster.projects.rows).utf8)),
            policy: InputFile(name: "policy.toml", bytes: Array((roster.policyTOML + "\npod_min = 3\n").utf8)), runDate: CalendarDate(year: 2026, month: 12, day: 1)!)
        let cohort = try #require(read.cohort)
        let base = try Batch.run(cohort, solver: GLPKSolver())
        let teams = base.teams.teams
        #expect(teams.count >= 8)
        #expect(!base.pods.pods.isEmpty)
        let dissolve = Set([teams[1].id, teams[teams.count / 2].id])
        let smallest = teams.filter { !dissolve.contains($0.id) }.sorted { ($0.members.count, $0.id) < ($1.members.count, $1.id) }
        let leave = Set(smallest.prefix(3).map { $0.members.last! })
        let o = try MentorRematch.apply(.init(release: [], change: [], leave: leave.map { cohort.members[$0].id }, dissolve: Array(dissolve)),
                                        to: base, solver: GLPKSolver())
        let problems = teamRematchProblems(base: base, new: o.result, leave: leave, dissolve: dissolve)
        #expect(problems.isEmpty, "\(problems.prefix(10))")
        let moved = o.changes.filter { $0.kind == .team && !$0.from.isEmpty && !$0.to.isEmpty }
        #expect(!moved.isEmpty, "\(o.changes)")
        for i in leave { #expect(o.changes.contains { $0.member == i && $0.reason.contains("--leave") }) }
    }

    /// Every team rule on (`cohort generate --rule-columns` + team_group = "same", team_ideal = 4,
    /// team_no_isolated = "woman;non-binary"): after `--leave` and `--dissolve-team` every team is
    /// still of one group and within its sizes (team_ideal is a preference; min and max are hard),
    /// no wish between members who did not move is broken, teams nobody joined or left keep their
    /// isolation as it was, and no joiner is left alone with their balance value while a team
    /// holding a peer of theirs had a free seat they could take (at its standup and demo, of their
    /// group, avoiding nobody) and their own team would stay valid without them.
    @Test(.tags(.slow), .inSlowSuite) func generatedRosterWithEveryTeamRuleKeepsThem() throws {
        let on = [PolicyReader.Override(key: "team_group", value: "same"), .init(key: "team_ideal", value: "4"),
                  .init(key: "team_no_isolated", value: "woman;non-binary")]
        let cohort = try generatedCohort(members: 300, seed: 3, overrides: on, ruleColumns: RuleColumns())
        let p = TeamProblem(cohort: cohort)
        #expect(p.rules.sameGroup && p.rules.hasWishes && p.rules.isolating && p.rules.ideal == 4)
        let base = try Batch.run(cohort, solver: GLPKSolver())
        let teams = base.teams.teams
        #expect(teams.count >= 8)
        // The batch's figures (after the schedule's repair) are read without the isolation penalty.
        func isolatedCount(_ f: TeamFormation) -> Int { f.teams.reduce(0) { $0 + p.rules.isolated($1.members.map(Int32.init)).count } }
        #expect(base.teams.quality.objective == Double(teams.reduce(0) { $0 + $1.quality }) && base.teams.quality.gap < 1)
        #expect(base.teams.isolation?.objective == Double(isolatedCount(base.teams)))
        let dissolve = Set([teams[1].id, teams[teams.count / 2].id])
        let smallest = teams.filter { !dissolve.contains($0.id) }.sorted { ($0.members.count, $0.id) < ($1.members.count, $1.id) }
        let leave = Set(smallest.prefix(3).map { $0.members.last! })
        let o = try MentorRematch.apply(.init(release: [], change: [], leave: leave.map { cohort.members[$0].id }, dissolve: Array(dissolve)),
                                        to: base, solver: GLPKSolver())
        let new = o.result
        let problems = teamRematchProblems(base: base, new: new, leave: leave, dissolve: dissolve)
        #expect(problems.isEmpty, "\(problems.prefix(10))")
        for team in new.teams.teams {
            #expect(p.rules.groupConflict(team.members.map(Int32.init)) == nil, "\(team.id) mixes groups")
        }
        func teamOf(_ f: TeamFormation) -> [Int: String] {
            var m: [Int: String] = [:]
            for t in f.teams { for i in t.members { m[i] = t.id } }
            return m
        }
        let before = teamOf(base.teams), after = teamOf(new.teams)
        let moved = Set(cohort.members.indices.filter { before[$0] != after[$0] })
        #expect(!moved.isEmpty)
        // Wishes between members who stayed where they were are all still honoured.
        for i in p.eligible where !moved.contains(i) {
            for w in p.rules.wishes(i) where !moved.contains(Int(w)) && before[i] != nil && before[i] == before[Int(w)] {
                #expect(after[i] == after[Int(w)], "wish \(cohort.members[i].id) → \(cohort.members[Int(w)].id) broken")
            }
        }
        // Teams whose members did not change keep their isolated members.
        let oldTeams = Dictionary(uniqueKeysWithValues: base.teams.teams.map { ($0.id, $0) })
        for team in new.teams.teams where oldTeams[team.id]?.members == team.members {
            #expect(p.rules.isolated(team.members.map(Int32.init)) == p.rules.isolated(oldTeams[team.id]!.members.map(Int32.init)))
        }
        // No joiner isolated needlessly.
        let schedule = new.schedule
        for (t, team) in new.teams.teams.enumerated() {
            for j32 in p.rules.isolated(team.members.map(Int32.init)) where moved.contains(Int(j32)) {
                let j = Int(j32)
                let without = team.members.filter { $0 != j }
                guard p.violation(members: without, project: team.project, start: nil) == nil else { continue }
                var busy = WeekSlots()
                for ev in schedule.events where ev.week == nil && ev.participants.contains(j) && ev.id != "standup-" + team.id {
                    busy.insert(start: ev.startSlot, count: ev.slotCount)
                }
                for (u, other) in new.teams.teams.enumerated() where u != t && other.members.count < p.sizeRange(project: other.project).upperBound {
                    guard other.members.contains(where: { p.rules.isolate[$0] == p.rules.isolate[j] }),
                          p.preassigned[j] < 0 || p.preassigned[j] == other.project,
                          let e = schedule.standupEvent[u], p.starts[j].contains(schedule.events[e].startSlot),
                          !busy.intersects(SlotMath.interval(start: schedule.events[e].startSlot, length: schedule.events[e].slotCount)),
                          !other.members.contains(where: { cohort.avoids(j, $0) }), p.rules.canJoin(j, members: other.members) else { continue }
                    if let d = schedule.demoSessions.first(where: { $0.teams.contains(u) }),
                       !cohort.members[j].availability.contains(start: d.startSlot, count: d.slotCount) { continue }
                    Issue.record("\(cohort.members[j].id) isolated on \(team.id) while \(other.id) had a seat and a peer")
                }
            }
        }
        for i in leave { #expect(after[i] == nil) }
        #expect(new.teams.isolation?.objective == Double(isolatedCount(new.teams)))
        #expect(new.teams.teams.allSatisfy { $0.quality == p.reportedQuality(members: $0.members, project: $0.project) })
    }

    /// Unknown teams and members on no team are refused before anything is solved, located at --from's teams.csv.
    @Test func unknownTeamsAndMembersOnNoTeamAreRefused() {
        let teams = "team_id,project_id,member_id\nT001,,a\nT001,,b\nT001,,c\nT002,,d\nT002,,e\nT002,,f\n"
        let previous = PreviousRun(directory: "run1", files: ["teams.csv": Array(teams.utf8)])
        let problems = TeamRematch.requestProblems(leave: ["a", "g"], dissolve: ["T002", "T009"], previous: previous)
        #expect(problems.map(\.description) == ["--leave g: g is on no team in run1/teams.csv",
                             "--dissolve-team T009: no team T009 in run1/teams.csv (its teams are T001–T002)"])
        #expect(TeamRematch.requestProblems(leave: [], dissolve: [], previous: previous).isEmpty)
    }
}
