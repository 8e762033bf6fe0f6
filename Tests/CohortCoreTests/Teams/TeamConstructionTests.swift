import Testing

@testable import CohortCore

/// The leftover step as it was first written: every leftover member looks at every team sharing
/// one of its starts and joins the best by (choice + wish points, smaller team, first team).
/// The heap version in `TeamConstruction.insertLeftovers` must choose exactly the same teams.
private func insertLeftoversByScan(_ c: inout TeamConstruction) {
    let p = c.p
    var teamsAt = [[Int32]](repeating: [], count: Week.slots)
    for (t, team) in c.teams.enumerated() { for s in team.common.slots { teamsAt[s].append(Int32(t)) } }
    var looked = [UInt32](repeating: 0, count: c.teams.count)
    var round: UInt32 = 0
    for i in c.order where c.teamOf[i] < 0 {
        round += 1
        var best: (key: (Int, Int, Int), t: Int)?
        for s in p.starts[i].slots {
            for t32 in teamsAt[s] where looked[Int(t32)] != round {
                let t = Int(t32)
                looked[t] = round
                let team = c.teams[t]
                let hi = p.sizeRange(project: team.project).upperBound
                guard team.members.count < hi, team.common.intersects(p.starts[i]), !c.avoidsAny(i, team.members) else { continue }
                let key = (p.choiceScore(i, project: team.project) + Int(TeamRules.wishScore) * c.wishesWith(i, team.members), -team.members.count, -t)
                if best == nil || key > best!.key { best = (key, t) }
            }
        }
        if let t = best?.t { c.assign(i, to: t) }
    }
}

/// `fill` as it was first written: the whole key of every candidate, the largest wins, the
/// first of equal ones. `TeamConstruction.fill` compares the key part by part on cached arrays
/// and must pick exactly the same members.
private func fillByFullKey(_ c: inout TeamConstruction, _ t: Int) {
    let p = c.p
    let project = c.teams[t].project
    let range = p.sizeRange(project: project)
    while c.teams[t].members.count < range.upperBound
        && (c.teams[t].members.count < range.lowerBound || c.missing(c.teams[t].members) > 0)
    {
        let team = c.teams[t]
        let room = range.upperBound - team.members.count
        let current = c.mix(team.members)
        let need = current.missing(p)
        var best: (key: (Int, Int, Int, Int), i: Int)?
        let found = c.candidates(in: team.common, limit: TeamConstruction.fillCandidates, also: project.map { c.choosers[$0] } ?? []).sorted()
        for m in found where !c.avoidsAny(m, team.members) {
            let fix = current.adding(m, p).missing(p) < need
            if need >= room && !fix { continue }
            let choice = p.choiceScore(m, project: project)
            let needs = project.map { pr in p.cohort.projects[pr].needs.count { p.cohort.members[m].skills.contains($0) } } ?? 0
            let key = (fix ? 1 : 0, choice + Int(TeamRules.wishScore) * c.wishesWith(m, team.members), needs, -p.starts[m].count)
            if best == nil || key > best!.key { best = (key, m) }
        }
        guard let pick = best?.i else { return }
        c.assign(pick, to: t)
    }
}

@Suite struct TeamConstructionTests {
    static let everyRule = [PolicyReader.Override(key: "team_group", value: "same"), .init(key: "team_ideal", value: "4"),
                            .init(key: "team_no_isolated", value: "woman;non-binary")]

    /// Same teams as the scan, member for member, on every shape, with and without the rules
    /// (wishes, sections, avoid lists), and after construction every leftover who fits is seated.
    @Test(arguments: [RosterGenerator.Shape.community, .manyProjects, .noProjects, .largeProjects, .classroom])
    func leftoversJoinTheSameTeamsAsAFullScan(shape: RosterGenerator.Shape) throws {
        for (seed, rules) in [(UInt64(1), false), (2, true), (3, true)] {
            let parameters = RosterGenerator.Parameters(memberCount: 700, seed: seed, shape: shape)
            let c = rules ? try generatedCohort(parameters, overrides: Self.everyRule, ruleColumns: RuleColumns())
                : try generatedCohort(parameters)
            let p = TeamProblem(cohort: c)
            var built = TeamConstruction(p, placeable: TeamPlaceability(p).placeable)
            built.openProjects()
            built.freeTeams()
            let left = built.order.count { built.teamOf[$0] < 0 }
            var scanned = built
            built.insertLeftovers()
            insertLeftoversByScan(&scanned)
            let differing = zip(built.teams, scanned.teams).count { $0 != $1 } + abs(built.teams.count - scanned.teams.count)
            #expect(differing == 0, "shape \(shape) seed \(seed): \(differing) of \(scanned.teams.count) teams differ")
            #expect(built.teamOf == scanned.teamOf || differing > 0)
            // The step did something to compare: some leftover was seated.
            let seated = left - built.order.count { built.teamOf[$0] < 0 }
            #expect(left == 0 || seated > 0, "shape \(shape) seed \(seed): \(left) left, none seated")
            for team in built.teams {
                #expect(p.violation(members: team.members, project: team.project, start: nil) == nil)
            }
        }
    }

    /// Every project team, filled from its pre-assigned members, gets the same members as with
    /// the whole key, on every shape with and without the rules.
    @Test(arguments: [RosterGenerator.Shape.community, .manyProjects, .largeProjects, .classroom])
    func fillPicksTheSameMembersAsTheWholeKey(shape: RosterGenerator.Shape) throws {
        for (seed, rules) in [(UInt64(1), false), (2, true)] {
            let parameters = RosterGenerator.Parameters(memberCount: 700, seed: seed, shape: shape)
            let c = rules ? try generatedCohort(parameters, overrides: Self.everyRule, ruleColumns: RuleColumns())
                : try generatedCohort(parameters)
            let p = TeamProblem(cohort: c)
            var fast = TeamConstruction(p, placeable: TeamPlaceability(p).placeable)
            for j in p.projectOrder {
                let fixed = p.pitchers(j)
                guard fixed.count < p.sizeRange(project: j).upperBound, !p.commonStarts(fixed).isEmpty else { continue }
                fast.teams.append(WorkingTeam(project: j, members: [], common: .all))
                for i in fixed { fast.assign(i, to: fast.teams.count - 1) }
            }
            var whole = fast
            var added = 0
            for t in fast.teams.indices {
                let before = fast.teams[t].members.count
                fast.fill(t)
                fillByFullKey(&whole, t)
                #expect(fast.teams[t] == whole.teams[t], "shape \(shape) seed \(seed) team \(t)")
                added += fast.teams[t].members.count - before
            }
            #expect(fast.teams.count > 0 && added > fast.teams.count, "shape \(shape) seed \(seed): \(added) added")
        }
    }

    /// With more than 64 tags the skill bits collide (s69 and s5 share a bit): the needs a
    /// candidate covers are then counted on its skills. m2 covers both of q's needs, m1 (the
    /// lower index, which wins a tie) one.
    @Test func fillCountsNeedsExactlyPastSixtyFourTags() throws {
        let many = (0..<70).map { "s\($0)" }.joined(separator: ";")
        let c = try teamRoster("""
            id,stage,availability,skills,wants_team
            f,1,Mon 10:00-10:30,\(many),no
            pitch,5,Mon 10:00-10:30,,yes
            m1,2,Mon 10:00-10:30,s5,yes
            m2,2,Mon 10:00-10:30,s69;s5,yes
            """, projects: """
            id,needs,min_size,max_size,members
            q,s69;s5,2,2,pitch
            """)
        #expect(c.tags.count > 64)
        let p = TeamProblem(cohort: c)
        let id = Dictionary(uniqueKeysWithValues: c.members.enumerated().map { ($1.id, $0) })
        var built = TeamConstruction(p, placeable: TeamPlaceability(p).placeable)
        built.teams = [WorkingTeam(project: 0, members: [], common: .all)]
        built.assign(id["pitch"]!, to: 0)
        built.fill(0)
        #expect(built.teams[0].members.map { c.members[$0].id } == ["pitch", "m2"])
    }

    /// A leftover goes to the team of its chosen project over a smaller free team, and otherwise
    /// to the smallest team, the first of equal ones; a team it avoids is passed over.
    @Test func aLeftoverJoinsItsChoiceThenTheSmallestFirstTeam() throws {
        let c = try teamRoster("""
            id,stage,availability,project_choices,avoid
            a1,1,Mon 10:00-10:30,q,
            a2,2,Mon 10:00-10:30,q,
            a3,3,Mon 10:00-10:30,q,
            a4,1,Mon 10:00-10:30,q,
            b1,1,Mon 10:00-10:30,,
            b2,2,Mon 10:00-10:30,,
            b3,3,Mon 10:00-10:30,,
            c1,1,Mon 10:00-10:30,,
            c2,2,Mon 10:00-10:30,,
            c3,3,Mon 10:00-10:30,,
            x,2,Mon 10:00-10:30,q,
            y,2,Mon 10:00-10:30,,b1
            z,2,Mon 10:00-10:30,,
            """, projects: """
            id,needs,min_size,max_size,members
            q,,3,6,
            """)
        let p = TeamProblem(cohort: c)
        let id = Dictionary(uniqueKeysWithValues: c.members.enumerated().map { ($1.id, $0) })
        var built = TeamConstruction(p, placeable: TeamPlaceability(p).placeable)
        let all = p.commonStarts([id["a1"]!])
        built.teams = [WorkingTeam(project: 0, members: [], common: all), WorkingTeam(project: nil, members: [], common: all),
                       WorkingTeam(project: nil, members: [], common: all)]
        for (t, names) in [["a1", "a2", "a3", "a4"], ["b1", "b2", "b3"], ["c1", "c2", "c3"]].enumerated() {
            for name in names { built.assign(id[name]!, to: t) }
        }
        built.insertLeftovers()
        // x chose q: the team of four over the teams of three. y avoids b1: c's team. z: b's team (first of the two of three).
        #expect(built.teamOf[id["x"]!] == 0)
        #expect(built.teamOf[id["y"]!] == 2)
        #expect(built.teamOf[id["z"]!] == 1)
    }
}
