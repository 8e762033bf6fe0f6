import CohortSolver
import Testing

@testable import CohortCore

/// The annealing's wish move (`TeamWishMove.swift`) on a hand-made roster.
@Suite struct TeamWishMoveTests {
    /// 30 full free teams of four (stages 1–4, everyone free at the same time). The stage-1 member of
    /// team k wishes the stage-2 member of team k + 1: every wish is honoured only when the stage-1
    /// members have all shifted one team along (a chain of swaps with the stage-1 member of the
    /// wished team, each gaining a wish). A random swap draws that member of that team about once
    /// in 120 × 30 × 4 tries; the wish move draws the wished team every time. In 2,000 moves (one in
    /// eight a wish move) the annealing honours all 30 with it and 18 without (3 and 28 in 1,000;
    /// random moves catch up by about 6,000).
    static let teams = 30

    static func cohort() throws -> Cohort {
        var rows = ["id,stage,availability,teammates"]
        for k in 0..<teams {
            for stage in 1...4 {
                rows.append("t\(k)s\(stage),\(stage),Mon 10:00-10:30,\(stage == 1 ? "t\((k + 1) % teams)s2" : "")")
            }
        }
        return try teamRoster(rows.joined(separator: "\n"), policy: "team_min = 3\nteam_max = 4\n")
    }

    static func run(_ c: Cohort, without: TeamAnnealing.MoveKinds, budget: Int) -> (honoured: Int, annealing: TeamAnnealing) {
        let p = TeamProblem(cohort: c)
        let index = Dictionary(uniqueKeysWithValues: c.members.enumerated().map { ($1.id, $0) })
        let start = (0..<teams).map { k -> WorkingTeam in
            let members = (1...4).map { index["t\(k)s\($0)"]! }
            return WorkingTeam(project: nil, members: members, common: p.commonStarts(members))
        }
        let model = TeamSearchModel(p, placeable: TeamPlaceability(p).placeable, closed: [])
        var search = TeamAnnealing(TeamSearchState(model, teams: start), seed: 7)
        search.enabled = TeamAnnealing.MoveKinds.all.subtracting(without)
        _ = search.run(budget: budget, deadline: nil, clock: Stopwatch())
        let honoured = search.s.workingTeams.reduce(0) { $0 + p.rules.honouredWishes($1.members.map(Int32.init)) }
        return (honoured, search)
    }

    @Test func wishMoveHonoursWishesRandomMovesDoNotFind() throws {
        let c = try Self.cohort()
        #expect(TeamProblem(cohort: c).rules.wishes(0).count == 1)
        let with = Self.run(c, without: [], budget: 2_000)
        let without = Self.run(c, without: .wish, budget: 2_000)
        #expect(with.annealing.s.isConsistent() && without.annealing.s.isConsistent())
        #expect(with.annealing.accepted[TeamAnnealing.wishIndex] > 0 && without.annealing.accepted[TeamAnnealing.wishIndex] == 0)
        #expect(with.honoured == Self.teams, "with the wish move: \(with.honoured) of \(Self.teams)")
        #expect(without.honoured < 20, "without: \(without.honoured) of \(Self.teams)")
    }
}
