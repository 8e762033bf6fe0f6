import CohortSolver
import Testing

@testable import CohortCore

/// A search over free teams of the given member ids (each team valid as given).
private func freeTeamSearch(_ p: TeamProblem, _ teams: [[String]]) -> TeamImprovement {
    let index = Dictionary(uniqueKeysWithValues: p.cohort.members.enumerated().map { ($1.id, $0) })
    let working = teams.map { ids -> WorkingTeam in
        let members = ids.map { index[$0]! }
        return WorkingTeam(project: nil, members: members, common: p.commonStarts(members))
    }
    return TeamImprovement(p: p, solver: GLPKSolver(), placeable: TeamPlaceability(p).placeable, teams: working)
}

@Suite struct TeamImprovementTests {
    /// x can make only Tuesday, where no team meets; a and b can make Monday and Tuesday and sit in
    /// two Monday teams that stay valid without them. Only a new team {x, a, b} places x: the
    /// neighbourhood seeded by x must offer an empty team although x is its only unplaced member.
    @Test func anUnplacedMemberOpensATeamWithMembersOfOtherTeams() throws {
        let c = try teamRoster(roomForANewTeamRoster)
        let p = TeamProblem(cohort: c)
        var search = freeTeamSearch(p, roomForANewTeamStart)
        _ = try search.search(.placement, passes: 3, maxSubproblems: .max, deadline: nil, clock: Stopwatch())
        let teams = search.teams.filter { !$0.members.isEmpty }.map { Set($0.members.map { c.members[$0].id }) }
        #expect(teams.contains(["x", "a", "b"]))
        #expect(teams.count == 3 && teams.reduce(0) { $0 + $1.count } == 9)
        for t in search.teams where !t.members.isEmpty { #expect(p.violation(members: t.members, project: nil, start: nil) == nil) }
    }

    /// m1…m4 all chose q, so construction fills q with them and p (pitched by pp, at least 3)
    /// finds nobody free; the search forms p from q's members, placing pp.
    @Test func aProjectWithNoTeamIsFormedFromOtherTeams() throws {
        let c = try teamRoster("""
            id,stage,availability,project_choices
            pp,1,Wed 12:00-12:30,
            qq,1,Wed 12:00-12:30;Thu 12:00-12:30,
            m1,3,Wed 12:00-12:30;Thu 12:00-12:30,q
            m2,3,Wed 12:00-12:30;Thu 12:00-12:30,q
            m3,2,Wed 12:00-12:30;Thu 12:00-12:30,q
            m4,2,Wed 12:00-12:30;Thu 12:00-12:30,q
            """, projects: """
            id,needs,min_size,max_size,members
            p,,3,5,pp
            q,,3,5,qq
            """)
        let f = try TeamFormation.solve(c, solver: GLPKSolver())
        #expect(f.unplaced.isEmpty)
        #expect(f.placement.status == .optimal)
        #expect(f.teams.count == 2)
        for t in f.teams { #expect(TeamProblem(cohort: c).violation(members: t.members, project: t.project, start: nil) == nil) }
        let p = try #require(f.teams.first { $0.project == 0 })
        #expect(p.members.contains(0))
    }

    /// Team a has two members at stage 1. Team c is nearer in time (its members share all of a's
    /// standup starts) but holds only stages a has; team b, free at one of them, holds stages 2
    /// and 4. A team seed at a takes c; a stages seed takes b, with whom a swap gains two stages.
    @Test func aStagesSeedTakesTheTeamHoldingAMissingStage() throws {
        let c = try teamRoster("""
            id,stage,availability
            a1,1,Mon 10:00-11:00
            a2,1,Mon 10:00-11:00
            a3,3,Mon 10:00-11:00
            c1,1,Mon 10:00-11:00
            c2,3,Mon 10:00-11:00
            c3,1,Mon 10:00-11:00
            b1,3,Mon 10:00-10:30
            b2,2,Mon 10:00-10:30
            b3,4,Mon 10:00-10:30
            """)
        let p = TeamProblem(cohort: c)
        var search = freeTeamSearch(p, [["a1", "a2", "a3"], ["c1", "c2", "c3"], ["b1", "b2", "b3"]])
        search.neighbourhoodMembers = 6
        #expect(search.missingStages(0) == 1 << 2 | 1 << 4 | 1 << 5)
        #expect(search.missingStages(2) == 0)
        #expect(search.makeBatch(seeds: [.team(0)], from: 0, size: 1).0.map(\.teams) == [[0, 1]])
        #expect(search.makeBatch(seeds: [.stages(0)], from: 0, size: 1).0.map(\.teams) == [[0, 2]])
        // Solved, that neighbourhood swaps a stage-1 member of a for one of b's (6 + 9 → 9 + 9 points).
        var n = search.makeBatch(seeds: [.stages(0)], from: 0, size: 1).0[0]
        #expect(n.openTeam)
        // The swap needs no new team; without the open team GLPK proves it within the node limit.
        n.openTeam = false
        n.nodes = TeamImprovement.subproblemNodes
        guard case let .better(teams, _) = try search.solve(n, timeLimit: nil) else {
            Issue.record("no better teams")
            return
        }
        #expect(teams.reduce(0) { $0 + p.quality(members: $1.members, project: nil) } == 18)
        for t in teams where !t.members.isEmpty { #expect(p.violation(members: t.members, project: nil, start: nil) == nil) }
    }

    /// Nine members at stages 1, 2, 3 (three each) in two teams of 5 and 4, each with three stages
    /// (9 + 9 points). Only three teams of one member per stage do better (27), and only a stages
    /// neighbourhood, which gets an open team, can form a third team; a team neighbourhood cannot.
    @Test func aStagesNeighbourhoodCanSplitTeamsIntoMore() throws {
        let c = try teamRoster("""
            id,stage,availability
            a1,1,Mon 10:00-10:30
            a2,1,Mon 10:00-10:30
            a3,2,Mon 10:00-10:30
            a4,2,Mon 10:00-10:30
            a5,3,Mon 10:00-10:30
            b1,1,Mon 10:00-10:30
            b2,2,Mon 10:00-10:30
            b3,3,Mon 10:00-10:30
            b4,3,Mon 10:00-10:30
            """)
        let p = TeamProblem(cohort: c)
        let search = freeTeamSearch(p, [["a1", "a2", "a3", "a4", "a5"], ["b1", "b2", "b3", "b4"]])
        let plain = search.makeBatch(seeds: [.team(0)], from: 0, size: 1).0[0]
        #expect(!plain.openTeam)
        guard case .same = try search.solve(plain, timeLimit: nil) else {
            Issue.record("two teams of these nine cannot do better than 18")
            return
        }
        let stages = search.makeBatch(seeds: [.stages(0)], from: 0, size: 1).0[0]
        #expect(stages.openTeam && stages.nodes == TeamImprovement.openTeamNodes)
        guard case let .better(teams, _) = try search.solve(stages, timeLimit: nil) else {
            Issue.record("no better teams")
            return
        }
        let formed = teams.filter { !$0.members.isEmpty }
        #expect(formed.count == 3)
        #expect(formed.reduce(0) { $0 + p.quality(members: $1.members, project: nil) } == 27)
        for t in formed { #expect(p.violation(members: t.members, project: nil, start: nil) == nil) }
    }
}
