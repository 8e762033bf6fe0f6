import CohortSolver
import Testing

@testable import CohortCore

/// A hand-made cohort where the planning answer is known exactly: `mentees`
/// stage-1 mentees and a pool of `pool` stage-4 members, everyone free on
/// Monday 18:00–20:00 UTC with interest/skill `data`. At mentor share x the
/// first ⌊x × pool⌋ of the pool offer capacity 2; the others 0. Every mentor can
/// take any mentee, so exactly min(mentees, 2 × mentors) are matched.
private func handMadeCohort(mentorShare x: Double, mentees: Int = 10, pool: Int = 20) throws -> Cohort {
    let mentors = Int((x * Double(pool)).rounded(.down))
    var lines = ["id,stage,availability,interests,skills,mentor_capacity,wants_team"]
    for i in 0..<mentees { lines.append("e\(i),1,Mon 18:00-20:00,data,,0,no") }
    for j in 0..<pool { lines.append("r\(j),4,Mon 18:00-20:00,,data,\(j < mentors ? 2 : 0),no") }
    let outcome = RosterReader.read(
        members: InputFile(name: "members.csv", bytes: Array((lines.joined(separator: "\n") + "\n").utf8)),
        projects: nil, policy: nil, runDate: CalendarDate(year: 2027, month: 1, day: 1)!)
    return try #require(outcome.cohort, "\(outcome.errors)")
}

private func handMadePoint(_ x: Double, mentees: Int = 10, pool: Int = 20) throws -> PlanningPoint {
    let c = try handMadeCohort(mentorShare: x, mentees: mentees, pool: pool)
    let counts = try PlanningSearch.mentorPairs(c, solver: GLPKSolver(), threads: 1)
    return PlanningPoint(mentorShare: x, mentees: Double(counts.mentees), matched: Double(counts.matched),
                         mentors: Double(counts.mentors), mentorPlaces: Double(counts.places))
}

@Suite("Planning: how many mentors for a target share")
struct PlanningTests {
    @Test("beyond the roster: the fewest recruited mentors, copies of the current ones, that meet the target")
    func recruitsOnAHandMadeCohort() throws {
        // One mentor with 2 places for 10 mentees: 95% needs 10 places, so 4 recruits of 2 places each.
        let base = try handMadeCohort(mentorShare: 0.05)
        func point(_ r: Int) throws -> PlanningPoint {
            let counts = try PlanningSearch.mentorPairs(SimulatedRoster.withRecruits(base, count: r), solver: GLPKSolver(), threads: 1)
            return PlanningPoint(mentorShare: 1, mentees: Double(counts.mentees), matched: Double(counts.matched),
                                 mentors: Double(counts.mentors), mentorPlaces: Double(counts.places))
        }
        let found = try #require(try PlanningSearch.fewestRecruits(target: 0.95, limit: 40, evaluate: point))
        #expect(found.count == 4)
        #expect(found.point.matched == 10 && found.point.mentors == 5)
        #expect(!(try point(3)).meets(0.95))
        // Recruits are real members of the cohort, with ids after everyone else's.
        let grown = SimulatedRoster.withRecruits(base, count: 4)
        #expect(grown.members.suffix(4).map(\.id) == ["recruit-1", "recruit-2", "recruit-3", "recruit-4"])
        #expect(grown.memberIndex["recruit-4"] == grown.members.count - 1)
    }

    @Test("recruits cannot help a mentee nobody like the current mentors can teach")
    func recruitsOutOfReach() throws {
        var lines = ["id,stage,availability,interests,skills,mentor_capacity,wants_team", "a,1,Mon 18:00-20:00,art,,0,no", "b,1,Mon 18:00-20:00,data,,0,no",
                     "m,4,Mon 18:00-20:00,,data,1,no"]
        lines.append("")
        let cohort = try #require(RosterReader.read(members: InputFile(name: "members.csv", bytes: Array(lines.joined(separator: "\n").utf8)),
                                                    projects: nil, policy: nil, runDate: CalendarDate(year: 2027, month: 1, day: 1)!).cohort)
        let found = try PlanningSearch.fewestRecruits(target: 0.9, limit: 8) { r in
            let counts = try PlanningSearch.mentorPairs(SimulatedRoster.withRecruits(cohort, count: r), solver: GLPKSolver(), threads: 1)
            return PlanningPoint(mentorShare: 1, mentees: Double(counts.mentees), matched: Double(counts.matched),
                                 mentors: Double(counts.mentors), mentorPlaces: Double(counts.places))
        }
        #expect(found == nil)
    }

    @Test("bisection on a known step function brackets the step within the tolerance")
    func bisectionOnAStep() {
        // Matched share is 0.5 below 0.3 and 1 from 0.3 on.
        let result = PlanningSearch.bisect(size: 1, target: 0.9, tolerance: 1.0 / 64) { x in
            PlanningPoint(mentorShare: x, mentees: 10, matched: x >= 0.3 ? 10 : 5, mentors: x * 100, mentorPlaces: x * 200)
        }
        let answer = try! #require(result.answer), below = try! #require(result.below)
        #expect(answer.mentorShare >= 0.3 && answer.mentorShare <= 0.3 + 1.0 / 64)
        #expect(below.mentorShare < 0.3 && answer.mentorShare - below.mentorShare <= 1.0 / 64)
        #expect(result.steps.map(\.mentorShare).prefix(3) == [1, 0, 0.5])
        // 1, 0, then 6 halvings to reach 1/64.
        #expect(result.steps.count == 8)
    }

    @Test("the engine's answer on a hand-made cohort: 10 mentees, mentors of capacity 2", arguments: [
        (0.95, 5),  // 9.5 mentees need 10 places: 5 mentors
        (0.5, 3),  // 5 mentees: 3 mentors (2 give only 4 places)
        (0.1, 1),
        (1.0, 5),
    ])
    func knownAnswer(target: Double, mentors: Int) throws {
        let result = try PlanningSearch.bisect(size: 30, target: target, tolerance: 1.0 / 256) { try handMadePoint($0) }
        let answer = try #require(result.answer)
        #expect(answer.mentors == Double(mentors))
        #expect(answer.matched == min(10, 2 * Double(mentors)))
        #expect(answer.meets(target))
        // The share just below has one mentor fewer and misses the target.
        let below = try #require(result.below)
        #expect(below.mentors == Double(mentors - 1))
        #expect(!below.meets(target))
        // Every step agrees with min(mentees, 2 × mentors).
        for p in result.steps { #expect(p.matched == min(10, 2 * p.mentors)) }
    }

    @Test("a target the pool cannot reach is reported, with the best share")
    func unreachable() throws {
        // 4 possible mentors × 2 places = 8 of 10 mentees at most.
        let result = try PlanningSearch.bisect(size: 14, target: 0.95) { try handMadePoint($0, pool: 4) }
        #expect(result.answer == nil)
        #expect(result.below?.matched == 8)
        #expect(result.steps.count == 1)
        #expect(SimulationTables.answer(result).contains("out of the generator's reach"))
    }

    @Test("raising the generator's mentor share only adds mentors (same seed)")
    func monotoneOptIn() throws {
        var previous: Set<String> = []
        for x in [0.0, 0.25, 0.5, 0.75, 1.0] {
            var p = RosterGenerator.Parameters(memberCount: 400, seed: 11)
            p.mentorShare = x
            let c = try SimulatedRoster.cohort(p)
            let mentors = Set(c.members.filter { $0.mentorCapacity > 0 }.map(\.id))
            #expect(previous.isSubset(of: mentors), "share \(x)")
            previous = mentors
        }
        #expect(!previous.isEmpty)
    }

    @Test("at a fixed seed the mentor share changes only capacities and the relations drawn after them")
    func commonRandomNumbers() throws {
        func table(_ x: Double) -> GeneratedTable {
            var p = RosterGenerator.Parameters(memberCount: 600, seed: 9)
            p.mentorShare = x
            return RosterGenerator(parameters: p).generate().members
        }
        let low = table(0.3), high = table(0.9)
        let relations: Set<String> = ["mentor_capacity", "current_mentor", "change_mentor", "preferred_mentors", "avoid", "project_choices"]
        let fixed = low.header.indices.filter { !relations.contains(low.header[$0]) }
        let capacity = try #require(low.header.firstIndex(of: "mentor_capacity"))
        #expect(low.rows.count == high.rows.count)
        for (a, b) in zip(low.rows, high.rows) {
            #expect(fixed.map { a[$0] } == fixed.map { b[$0] })
            if (Int(a[capacity]) ?? 0) > 0 { #expect(a[capacity] == b[capacity]) }
        }
    }

    @Test("planning on generated rosters is deterministic by seed and keeps its invariants")
    func generatedDeterministic() throws {
        let settings = SimulationSettings(sizes: [150], seed: 5)
        let a = try PlanningSearch.run(settings, target: 0.4, tolerance: 1.0 / 32, solver: GLPKSolver())
        let b = try PlanningSearch.run(settings, target: 0.4, tolerance: 1.0 / 32, solver: GLPKSolver())
        func strip(_ r: [PlanningResult]) -> [[PlanningPoint]] {
            r.map { $0.steps.map { var p = $0; p.seconds = 0; return p } }
        }
        #expect(strip(a) == strip(b))
        #expect(SimulationTables.answer(a[0]) == SimulationTables.answer(b[0]))
        let result = a[0]
        if let answer = result.answer, let below = result.below {
            #expect(answer.meets(0.4) && !below.meets(0.4))
            #expect(answer.mentorShare - below.mentorShare <= 1.0 / 32)
        }
        #expect(result.baseline?.mentorShare == 0.75)
        let other = try PlanningSearch.run(SimulationSettings(sizes: [150], seed: 6), target: 0.4, tolerance: 1.0 / 32, solver: GLPKSolver())
        #expect(strip(other) != strip(a))
        // The table marks the answer.
        let csv = SimulationTables.planning(a, runs: 1)
        #expect(csv.hasPrefix("size,target_share,mentor_share,mentees,matched,matched_share,mentors,mentor_places,meets_target,role,runs,seconds\n"))
        if result.answer != nil { #expect(csv.contains(",answer,")) }
    }
}
