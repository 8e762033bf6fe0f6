import CohortSolver
import Testing

@testable import CohortCore

/// The team rules of SPEC §3.4 (docs/teams.md §6): `team_group`, `teammates`, `team_ideal`,
/// `team_no_isolated`. Each hand-made roster gives another answer without its rule.
private func ids(_ f: TeamFormation, _ c: Cohort) -> [[String]] { f.teams.map { $0.members.map { c.members[$0].id } } }

/// Members alone in their team with a `team_no_isolated` value (counted here, not by the engine).
private func isolated(_ f: TeamFormation, _ c: Cohort) -> Int {
    let listed = Set(c.balancesNotToIsolate)
    var n = 0
    for team in f.teams {
        let values = team.members.compactMap { c.members[$0].balance }.filter(listed.contains)
        n += Set(values).count { v in values.count { $0 == v } == 1 }
    }
    return n
}

private func detail(_ f: TeamFormation, _ name: String) -> Int? { f.quality.details.first { $0.name == name }?.value }
private func isolationDetail(_ f: TeamFormation, _ name: String) -> Int? { f.isolation?.details.first { $0.name == name }?.value }

@Suite struct TeamRulesTests {
    /// The search's incremental rules delta (`TeamSearchState.ruleDelta`: wishes through `teamOf`,
    /// isolation by the two members' values) equals `TeamRules.score` after less before, for every
    /// join, leave and exchange of a member on random teams of a generated roster with every rule on.
    @Test func incrementalRuleDeltaMatchesTheScore() throws {
        let on = [PolicyReader.Override(key: "team_ideal", value: "4"), .init(key: "team_no_isolated", value: "woman;non-binary")]
        let c = try generatedCohort(members: 120, seed: 4, overrides: on, ruleColumns: RuleColumns(groups: 0, teammateShare: 0.6))
        let p = TeamProblem(cohort: c)
        #expect(p.rules.hasWishes && p.rules.isolating && p.rules.ideal == 4)
        let model = TeamSearchModel(p, placeable: [Bool](repeating: true, count: c.members.count), closed: [])
        var state = TeamSearchState(model)
        let n = model.n, teams = 12
        for _ in 0..<teams { _ = state.newTeam(model.free) }
        var rng = SeededRandom(seed: 11)
        for k in 0..<n where rng.nextInt(below: 3) > 0 {
            let t = rng.nextInt(below: teams)
            if state.size[t] < Int32(state.cap) { state.add(k, to: t) }
        }
        let r = model.rules
        var checked = 0
        for _ in 0..<3_000 {
            let t = rng.nextInt(below: teams), i = rng.nextInt(below: n)
            let list = state.members(t)
            let before = r.score(list)
            if state.teamOf[i] == Int32(t) {
                #expect(state.ruleDelta(t, removing: i) == r.score(list, removing: Int32(i)) - before)
                let j = rng.nextInt(below: n)
                if state.teamOf[j] != Int32(t) {
                    #expect(state.ruleDelta(t, adding: j, removing: i) == r.score(list, adding: Int32(j), removing: Int32(i)) - before)
                }
            } else {
                #expect(state.ruleDelta(t, adding: i) == r.score(list, adding: Int32(i)) - before)
            }
            checked += 1
            let from = Int(state.teamOf[i])
            if rng.nextInt(below: 3) == 0 && from != t && state.size[t] < Int32(state.cap) && (from < 0 || state.size[from] > 1) {
                state.move(i, to: t)
            }
        }
        #expect(checked == 3_000)
    }

    /// team_group = "same" in the exact models: a neighbourhood MIP (members placed now stay
    /// placed) keeps a team's group — b, of another group, gets no place on team {a1, a2, a3} of
    /// group A (x fixed at 0), c (no group) does; the whole-roster MIP (`keepPlaced` false, as
    /// `TeamExact` builds it) keeps every option, so its proof of optimality stays one.
    @Test func aNeighbourhoodKeepsATeamsGroupTheWholeRosterMIPDoesNot() throws {
        let c = try teamRoster("""
            id,stage,availability,group
            a1,1,Mon 10:00-10:30,A
            a2,2,Mon 10:00-10:30,A
            a3,3,Mon 10:00-10:30,A
            b,2,Mon 10:00-10:30,B
            c,1,Mon 10:00-10:30,
            """, policy: "team_min = 3\nteam_max = 5\nteam_group = \"same\"\n")
        let p = TeamProblem(cohort: c)
        let team = WorkingTeam(project: nil, members: [0, 1, 2], common: p.commonStarts([0, 1, 2]))
        func fixedAtZero(_ sub: SubproblemModel, _ member: Int) -> Bool {
            let v = sub.x[sub.members.firstIndex(of: member)!][0]!
            return sub.model.variables[v.index].upperBound == 0
        }
        let neighbourhood = SubproblemModel(p: p, teams: [team], free: [3, 4])
        #expect(fixedAtZero(neighbourhood, 3) && !fixedAtZero(neighbourhood, 4))
        let whole = SubproblemModel(p: p, teams: [team], free: [3, 4], keepPlaced: false)
        #expect(!fixedAtZero(whole, 3) && !fixedAtZero(whole, 4))
    }

    /// Project choices pull each project team across the two groups; with team_group = "same" every
    /// team is one group, everyone is still placed, and GLPK proves it (the whole-roster MIP).
    @Test func teamGroupKeepsEachTeamInOneGroup() throws {
        let members = """
            id,stage,availability,project_choices,group
            a,1,Mon 18:00-20:00,p1,A
            b,2,Mon 18:00-20:00,p2,A
            c,3,Mon 18:00-20:00,p1,A
            d,1,Mon 18:00-20:00,p2,B
            e,2,Mon 18:00-20:00,p1,B
            f,3,Mon 18:00-20:00,p2,B
            """
        let projects = "id\np1\np2\n"
        let any = try teamRoster(members, projects: projects)
        let mixed = try TeamFormation.solve(any, solver: GLPKSolver())
        #expect(mixed.teams.contains { Set($0.members.compactMap { any.members[$0].group }).count > 1 })
        let same = try teamRoster(members, projects: projects, policy: "team_group = \"same\"")
        let f = try TeamFormation.solve(same, solver: GLPKSolver())
        #expect(Set(ids(f, same).map(Set.init)) == [["a", "b", "c"], ["d", "e", "f"]])
        #expect(f.unplaced.isEmpty && f.quality.status == .optimal)
    }

    /// A member whose group has nobody else at their standup times is told why.
    @Test func teamGroupReason() throws {
        let members = """
            id,stage,availability,group
            a,1,Mon 18:00-20:00,A
            b,2,Mon 18:00-20:00,A
            c,3,Mon 18:00-20:00,A
            g,3,Mon 18:00-20:00,C
            """
        let c = try teamRoster(members, policy: "team_group = \"same\"")
        let f = try TeamFormation.solve(c, solver: GLPKSolver())
        #expect(ids(f, c) == [["a", "b", "c"]])
        #expect(f.reasons[3] == "your only window, Mon 18:00–20:00 UTC, is shared by 0 other eligible members, not counting 3 members of groups other than yours ('C', team_group = \"same\"); a team needs 3")
        // Without the rule g joins the team.
        let any = try teamRoster(members)
        #expect(try TeamFormation.solve(any, solver: GLPKSolver()).unplaced.isEmpty)
        // The violation text names both groups.
        #expect(TeamProblem(cohort: c).violation(members: [0, 1, 3], project: nil, start: nil)
            == "a ('A') and g ('C') are in different groups (team_group = \"same\")")
    }

    /// a and d (both stage 1) wish to be together: without the wishes the stage mix keeps them
    /// apart; with them the two honoured wishes (8) outweigh the stage points lost (6).
    @Test func teammateWishesAreHonoured() throws {
        let base = """
            id,stage,availability,teammates
            a,1,Mon 18:00-20:00,WA
            b,2,Mon 18:00-20:00,
            c,3,Mon 18:00-20:00,
            d,1,Mon 18:00-20:00,WD
            e,2,Mon 18:00-20:00,
            f,3,Mon 18:00-20:00,
            """
        func together(_ f: TeamFormation) -> Bool { f.teams.contains { $0.members.contains(0) && $0.members.contains(3) } }
        let without = try teamRoster(base.replacingOccurrences(of: "WA", with: "").replacingOccurrences(of: "WD", with: ""))
        #expect(!together(try TeamFormation.solve(without, solver: GLPKSolver())))
        let with = try teamRoster(base.replacingOccurrences(of: "WA", with: "d").replacingOccurrences(of: "WD", with: "a"))
        let f = try TeamFormation.solve(with, solver: GLPKSolver())
        #expect(together(f) && f.unplaced.isEmpty && f.quality.status == .optimal)
        #expect(TeamProblem(cohort: with).rules.honouredWishes(f.teams.flatMap { t in t.members.map(Int32.init) }) == 2)
    }

    /// Twelve members at stages 1–3: four teams of 3 score the most stage points; team_ideal = 4
    /// makes it three teams of 4 (min and max stay 3 and 5).
    @Test func teamIdealPrefersItsSize() throws {
        var rows = ["id,stage,availability"]
        for k in 0..<12 { rows.append("m\(k),\(k % 3 + 1),Mon 18:00-20:00") }
        let members = rows.joined(separator: "\n")
        let free = try TeamFormation.solve(try teamRoster(members), solver: GLPKSolver())
        #expect(free.teams.map(\.members.count) == [3, 3, 3, 3])
        let ideal = try TeamFormation.solve(try teamRoster(members, policy: "team_ideal = 4"), solver: GLPKSolver())
        #expect(ideal.teams.map(\.members.count) == [4, 4, 4] && ideal.quality.status == .optimal)
    }

    /// The stage mix splits the two women; team_no_isolated = "woman" puts them together, at the
    /// cost of stage points, and the summary counts nobody isolated.
    @Test func noIsolatedMemberWinsOverOtherQuality() throws {
        let members = """
            id,stage,availability,balance
            a,1,Mon 18:00-20:00,woman
            b,1,Mon 18:00-20:00,woman
            c,2,Mon 18:00-20:00,man
            d,2,Mon 18:00-20:00,man
            e,3,Mon 18:00-20:00,man
            f,3,Mon 18:00-20:00,man
            """
        let plain = try teamRoster(members)
        let split = try TeamFormation.solve(plain, solver: GLPKSolver())
        #expect(isolated(split, try teamRoster(members, policy: "team_no_isolated = \"woman\"")) == 2)
        #expect(split.isolation == nil)
        let c = try teamRoster(members, policy: "team_no_isolated = \"woman\"")
        let f = try TeamFormation.solve(c, solver: GLPKSolver())
        #expect(isolated(f, c) == 0 && f.unplaced.isEmpty && f.quality.status == .optimal)
        #expect(f.isolation?.objective == 0 && f.isolation?.status == .optimal && isolationDetail(f, "teams_with_isolated") == 0)
        // The quality is reported without the search's isolation penalty.
        #expect(f.quality.objective > 0 && f.quality.objective == Double(f.teams.reduce(0) { $0 + $1.quality }))
    }

    /// Placement comes first: a lone woman who can only join a team of men is placed there,
    /// and the summary says she is isolated with no other woman free at that team's times.
    @Test func isolationIsTradedOnlyForPlacement() throws {
        let members = """
            id,stage,availability,balance
            a,1,Mon 18:00-20:00,woman
            c,2,Mon 18:00-20:00,man
            e,3,Mon 18:00-20:00,man
            """
        let c = try teamRoster(members, policy: "team_no_isolated = \"woman\"")
        let f = try TeamFormation.solve(c, solver: GLPKSolver())
        #expect(f.unplaced.isEmpty && isolated(f, c) == 1)
        #expect(f.isolation?.objective == 1 && f.isolation?.bound == 1 && isolationDetail(f, "isolated_no_peer") == 1)
        #expect(f.quality.objective > 0 && f.quality.status == .optimal)
        // Why, per member: nobody could ever be her peer, so it is forced by placement, proven.
        #expect(f.isolatedMembers == [IsolatedMember(team: f.teams[0].id, member: 0, why: .noPossiblePeer)])
        #expect(isolationDetail(f, "isolated_forced_proven") == 1 && isolationDetail(f, "isolated_peer_could_join") == 0)
    }

    /// Why each isolated member is alone (`TeamIsolation.isolatedMembers`, summary.json's details):
    /// two teams of three on one evening, each with one woman — either could join the other's team,
    /// so both are "a peer could join", proven forced only when the level is proven optimal. A third
    /// woman whose evening nobody else shares has no possible peer: proven either way.
    @Test func whyEachIsolatedMemberIsAlone() throws {
        let members = """
            id,stage,availability,balance
            a,1,Mon 18:00-20:00,woman
            b,1,Mon 18:00-20:00,woman
            c,2,Mon 18:00-20:00,man
            d,2,Mon 18:00-20:00,man
            e,3,Mon 18:00-20:00,man
            f,3,Mon 18:00-20:00,man
            g,1,Tue 18:00-20:00,woman
            h,2,Tue 18:00-20:00,man
            i,3,Tue 18:00-20:00,man
            """
        let c = try teamRoster(members, policy: "team_no_isolated = \"woman\"")
        let p = TeamProblem(cohort: c)
        func team(_ id: String, _ members: [Int]) -> Team {
            let common = p.commonStarts(members)
            return Team(id: id, project: nil, members: members, standupStart: common.slots.first!, standupSlots: 2, commonStarts: common, quality: 0)
        }
        let teams = [team("T001", [0, 2, 4]), team("T002", [1, 3, 5]), team("T003", [6, 7, 8])]
        let without = Set(TeamRuleBound.membersWithoutPeer(p, placeable: p.isEligible))
        #expect(without == [6])
        let found = TeamIsolation.isolatedMembers(teams, p, withoutPossiblePeer: without)
        #expect(found == [IsolatedMember(team: "T001", member: 0, why: .peerCouldJoin), IsolatedMember(team: "T002", member: 1, why: .peerCouldJoin),
                          IsolatedMember(team: "T003", member: 6, why: .noPossiblePeer)])
        let feasible = TeamIsolation.details(found, status: .feasible)
        #expect(feasible.map(\.name) == ["teams_with_isolated", "isolated_no_peer", "isolated_peer_could_join", "isolated_forced_proven"])
        #expect(feasible.map(\.value) == [3, 1, 2, 1])
        #expect(TeamIsolation.details(found, status: .optimal).map(\.value) == [3, 1, 2, 3])
    }

    /// Every rule on, on generated rosters with the rule columns: every team meets the hard rules
    /// (team_group included), the search state agrees with the problem, the bounds hold.
    @Test(arguments: [(40, 2)] as [(Int, UInt64)])
    func everyRuleHoldsOnGeneratedRosters(n: Int, seed: UInt64) throws { try everyRuleHolds(n: n, seed: seed) }

    @Test(.tags(.slow), .inSlowSuite, arguments: [(150, 5), (300, 7)] as [(Int, UInt64)])
    func everyRuleHoldsOnLargerGeneratedRosters(n: Int, seed: UInt64) throws { try everyRuleHolds(n: n, seed: seed) }

    func everyRuleHolds(n: Int, seed: UInt64) throws {
        let on = [PolicyReader.Override(key: "team_group", value: "same"), .init(key: "team_ideal", value: "4"),
                  .init(key: "team_no_isolated", value: "woman;non-binary")]
        let c = try generatedCohort(members: n, seed: seed, overrides: on, ruleColumns: RuleColumns())
        let p = TeamProblem(cohort: c)
        #expect(p.rules.sameGroup && p.rules.hasWishes && p.rules.isolating && p.rules.ideal == 4)
        let f = try TeamFormation.solve(c, solver: GLPKSolver())
        #expect(!f.teams.isEmpty)
        for team in f.teams {
            #expect(p.violation(members: team.members, project: team.project, start: team.standupStart) == nil)
            #expect(Set(team.members.compactMap { c.members[$0].group }).count <= 1)
        }
        #expect(f.quality.objective <= f.quality.bound && f.placement.objective <= f.placement.bound)
        let level = try #require(f.isolation)
        #expect(level.objective == Double(isolated(f, c)) && level.bound <= level.objective)
        // Reported without the isolation penalty: readable quality and gap.
        #expect(f.quality.objective >= 0 && f.quality.gap < 1)
        #expect(detail(f, "wishes_honoured")! <= detail(f, "wishes_could_share")!)
        let model = TeamSearchModel(p, placeable: TeamPlaceability(p).placeable, closed: [])
        let state = TeamSearchState(model, teams: f.teams.map { WorkingTeam(project: $0.project, members: $0.members, common: $0.commonStarts) })
        #expect(state.isConsistent())
    }

    /// Isolation is its own level (docs/teams.md §7): 66 members (past the whole-roster MIP, so the
    /// search and the bounds decide), one of them the only non-binary member — alone on any team,
    /// which the lower bound proves — and 22 women who can all have a peer. The summary's level says
    /// 1 isolated, at least 1; quality and gap are read without the penalty (the gap under 100%).
    @Test func unavoidableIsolationIsCountedWithItsBound() throws {
        var rows = ["id,stage,availability,balance"]
        for k in 0..<66 { rows.append("m\(k),\(k % 3 + 1),Mon 18:00-20:00,\(k == 0 ? "non-binary" : k % 3 == 1 ? "woman" : "man")") }
        let c = try teamRoster(rows.joined(separator: "\n"), policy: "team_no_isolated = \"woman;non-binary\"")
        let p = TeamProblem(cohort: c)
        #expect(TeamRuleBound.membersWithoutPeer(p, placeable: p.isEligible) == [0])
        #expect(TeamRuleBound.isolationBound(withoutPeer: 1, placeable: 66, placed: 66) == 1)
        #expect(TeamRuleBound.isolationBound(withoutPeer: 1, placeable: 66, placed: 65) == 0)
        let budget = TeamBudget(moves: 40_000, placementSubproblems: 8, polishSubproblems: 20, boundRounds: 20, boundIterations: 5_000, exactNodes: 0)
        let f = try TeamFormation.solve(c, solver: GLPKSolver(), budget: budget)
        #expect(f.unplaced.isEmpty)
        let level = try #require(f.isolation)
        #expect(level.objective == 1 && level.bound == 1 && level.status == .optimal && isolated(f, c) == 1)
        #expect(isolationDetail(f, "isolated_no_peer") == 1 && isolationDetail(f, "listed_without_peer") == 1)
        #expect(f.isolatedMembers.map(\.member) == [0] && f.isolatedMembers.map(\.why) == [.noPossiblePeer])
        #expect(f.quality.objective > 0 && f.quality.objective <= f.quality.bound && f.quality.gap < 1)
    }

    /// 72 members in 36 mutual wish pairs (stages 1+2, 3+1, 2+3 in turn): two pairs make a valid
    /// team of 4, so every wish can be honoured. Construction seats them (each team grows around
    /// its members' partners) and the answer honours all 72 — past the whole-roster MIP's size.
    @Test func everyWishThatCanBeHonouredIs() throws {
        var rows = ["id,stage,availability,teammates"]
        for k in 0..<72 { rows.append("m\(k),\(k % 3 + 1),Mon 18:00-20:00,m\(k ^ 1)") }
        let c = try teamRoster(rows.joined(separator: "\n"))
        let p = TeamProblem(cohort: c)
        let check = TeamPlaceability(p)
        let built = TeamConstruction.build(p, placeable: check.placeable).teams
        #expect(built.reduce(0) { $0 + p.rules.honouredWishes($1.members.map(Int32.init)) } == 72)
        let budget = TeamBudget(moves: 20_000, placementSubproblems: 8, polishSubproblems: 20, boundRounds: 20, boundIterations: 5_000, exactNodes: 0)
        let f = try TeamFormation.solve(c, solver: GLPKSolver(), budget: budget)
        #expect(f.unplaced.isEmpty)
        #expect(f.teams.reduce(0) { $0 + p.rules.honouredWishes($1.members.map(Int32.init)) } == 72)
        #expect(detail(f, "teammate_wishes") == 72 && detail(f, "wishes_honoured") == 72 && detail(f, "wishes_could_share") == 72)
    }

    /// Wishes inside a project: pairs who chose the same project are seated on it together.
    @Test func constructionSeatsWishPartnersOnTheirProject() throws {
        let members = """
            id,stage,availability,project_choices,teammates
            a,1,Mon 18:00-20:00,p1;p2,
            b,3,Mon 18:00-20:00,p1;p2,
            c,2,Mon 18:00-20:00,p2;p1,
            d,1,Mon 18:00-20:00,p2;p1,f
            e,2,Mon 18:00-20:00,p2;p1,
            f,3,Mon 18:00-20:00,p1;p2,
            """
        let c = try teamRoster(members, projects: "id,min_size,max_size\np1,3,3\np2,3,3\n")
        let p = TeamProblem(cohort: c)
        let built = TeamConstruction.build(p, placeable: TeamPlaceability(p).placeable).teams
        // d is seated on p2 (first choice) and pulls f, who chose p2 too.
        #expect(built.contains { $0.members.contains(3) && $0.members.contains(5) })
    }

    /// Defaults: a roster with the rule columns but no rule in the policy scores only the wishes.
    @Test func rulesAreOffByDefault() throws {
        let c = try generatedCohort(members: 60, seed: 3, ruleColumns: RuleColumns(teammateShare: 0))
        let rules = TeamProblem(cohort: c).rules
        #expect(!rules.active && !rules.scoring)
    }
}
