import Dispatch

/// Large-neighbourhood search with GLPK (docs/teams.md §3, "Exact neighbourhoods"): a few teams
/// that share standup times, plus unplaced members who could join them, are re-optimized
/// exactly as a MIP started from their current assignment; the answer replaces them when it is
/// better and GLPK proved it optimal or reached it within the node limit. Disjoint
/// neighbourhoods are solved `batchSize` at a time, side by side, and applied in a fixed order,
/// so the result does not depend on the thread count or timing (unless the organizer's time
/// limit cuts the search short).
struct TeamImprovement {
    let p: TeamProblem
    let solver: any LinearSolver
    let placeable: [Bool]
    var teams: [WorkingTeam]
    /// Projects proven unable to form (docs/teams.md §4): never seeded.
    var closed: Set<Int> = []
    /// Weight of one placed member: larger than any quality a member can add.
    static let placementWeight = 1000.0
    /// Target members per neighbourhood (teams are added until it is reached).
    static let neighbourhoodMembers = 24
    /// Added to the policy's seed for the search's own random stream, so it
    /// differs from the other phases' streams drawn from the same seed.
    static let seedSalt: UInt64 = 0x7EA4
    /// Stages 1…5 as bits `1 << stage`.
    static let allStages = 0b111110
    /// Nearest teams to a seed: each common standup start counts 1, each member
    /// free at the seed's starts `nearMemberWeight`, each member who brings a
    /// missing skill or stage `bringerWeight` (more than all the rest together).
    static let nearMemberWeight = 4
    static let bringerWeight = 1000
    /// Members per neighbourhood now.
    var neighbourhoodMembers = Self.neighbourhoodMembers
    static let maxFree = 6
    /// Neighbourhoods solved side by side: a constant, not the thread count, so that the teams
    /// do not depend on the machine (a batch's neighbourhoods are disjoint; each sees the teams
    /// as they were before the batch).
    static let batchSize = 4
    /// Branch-and-bound nodes one subproblem may use. A node limit, not a
    /// time limit, so that the same roster gives the same teams on every
    /// machine; only the policy's `time_limit_seconds` cuts by the clock.
    static let subproblemNodes = 400
    /// Nodes for a stages neighbourhood with an open team: one more free team makes its MIP much
    /// harder (at 400 nodes a tenth of them took four fifths of the time), and the best solution
    /// found by the limit is kept (docs/teams.md §3).
    static let openTeamNodes = 30

    var subproblems = 0
    var improvements = 0
    /// Told the subproblems solved, of the limit, before each batch (the heartbeat's percentage).
    var progress = ProgressMeter.none
    /// Subproblems GLPK did not prove optimal (stopped by the node limit or the clock).
    var unproven = 0
    /// Per team, the union of its members' standup starts, kept beside `teams` by `search` and
    /// `apply`: a team whose reach misses a seed's starts scores 0 as its neighbour and is skipped
    /// without a look at its members (100,000 members: makeBatch was most of the polish's CPU).
    var reach: [WeekSlots] = []

    /// One exact subproblem: teams (positions in `teams`) and unplaced members, and a project
    /// that has no team now, whose team the subproblem may form (its pitchers are among `free`).
    struct Neighbourhood: Sendable {
        var teams: [Int]
        var free: [Int]
        var project: Int? = nil
        /// Always offer an empty free team, which members of the neighbourhood's teams may leave
        /// theirs to form: seeded by an unplaced member (to form it with that member), or by a team
        /// with a repeated stage (to split teams into more teams of distinct stages).
        var openTeam = false
        /// Branch-and-bound nodes GLPK may use on it.
        var nodes = TeamImprovement.subproblemNodes
    }

    /// Which seeds a pass visits.
    enum Pass {
        /// Unplaced members and projects with no team whose pitchers are unplaced.
        case placement
        /// Those, then project teams missing a need and teams with a repeated stage.
        case polish
    }

    /// Passes of `pass` seeds until a pass improves nothing (`.noImprovingMove`), `passes` passes
    /// ran or `maxSubproblems` subproblems in all were solved (`.workBudget`), or the deadline.
    mutating func search(_ pass: Pass, passes: Int, maxSubproblems: Int, deadline: Double?,
                         clock: Stopwatch) throws(SolverError) -> TeamSearchStop {
        var rng = SeededRandom(seed: p.cohort.policy.seed &+ Self.seedSalt)
        for _ in 0..<passes {
            var improved = false
            reach = teams.map { Self.reach(of: $0, p) }
            var order = Array(teams.indices)
            for k in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(k, rng.nextInt(below: k + 1)) }
            var seeds: [Seed] = unplacedMembers().map { .member($0) } + unformedProjects().map { .project($0) }
            if pass == .polish {
                seeds += order.filter { !missingNeeds($0).isEmpty }.map { .needs($0) }
                seeds += order.filter { missingStages($0) != 0 }.map { .stages($0) }
            }
            if seeds.isEmpty { return .noImprovingMove }
            var cursor = 0
            while cursor < seeds.count {
                if let deadline, clock.seconds >= deadline { return .timeLimit }
                if subproblems >= maxSubproblems { return .workBudget }
                progress(phase: "teams", pass == .placement ? "placing members by subproblems" : "polishing teams by subproblems",
                         done: subproblems, of: maxSubproblems, unit: "subproblems")
                let (batch, next) = makeBatch(seeds: seeds, from: cursor, size: min(Self.batchSize, maxSubproblems - subproblems))
                cursor = next
                let results = try solveBatch(batch, deadline: deadline, clock: clock)
                for (n, result) in zip(batch, results) {
                    subproblems += 1
                    guard let result else { continue }
                    switch result {
                    case .unproven: unproven += 1
                    case .same: break
                    case let .better(newTeams, proven):
                        if !proven { unproven += 1 }
                        apply(n, newTeams)
                        improvements += 1
                        improved = true
                    }
                }
            }
            teams.removeAll { $0.members.isEmpty }
            if !improved { return .noImprovingMove }
        }
        return .workBudget
    }

    func unplacedMembers() -> [Int] {
        var placed = [Bool](repeating: false, count: p.cohort.members.count)
        for team in teams { for i in team.members { placed[i] = true } }
        return p.eligible.filter { placeable[$0] && !placed[$0] && p.preassigned[$0] < 0 }
    }

    /// Projects with no team whose eligible pre-assigned members are all placeable and unplaced,
    /// share a standup start and fit its size: the search may still form them from members of
    /// other teams (construction fills a project only from members who are free).
    func unformedProjects() -> [Int] {
        var formed = Set<Int>()
        var placed = [Bool](repeating: false, count: p.cohort.members.count)
        for team in teams where !team.members.isEmpty {
            if let j = team.project { formed.insert(j) }
            for i in team.members { placed[i] = true }
        }
        return p.projectOrder.filter { j in
            let pitchers = p.pitchers(j)
            guard !formed.contains(j), !closed.contains(j), !pitchers.isEmpty, pitchers.count <= p.sizeRange(project: j).upperBound,
                  pitchers.allSatisfy({ placeable[$0] && !placed[$0] }) else { return false }
            return !p.commonStarts(pitchers).isEmpty
        }
    }

    enum Seed { case team(Int), member(Int), needs(Int), project(Int), stages(Int) }

    /// The stages (bits 1 << stage, stages 1…5) team `t` lacks, when two of its members share a
    /// stage; 0 when every member's stage is distinct (nothing a swap could add).
    func missingStages(_ t: Int) -> Int {
        var bits = 0
        for i in teams[t].members { bits |= 1 << p.stage(i) }
        guard bits.nonzeroBitCount < teams[t].members.count else { return 0 }
        return Self.allStages & ~bits
    }

    /// The union of the standup starts of `team`'s members.
    static func reach(of team: WorkingTeam, _ p: TeamProblem) -> WeekSlots {
        var r = WeekSlots()
        for i in team.members { r.formUnion(p.starts[i]) }
        return r
    }

    /// `reach` when it is in step with `teams`, else computed (a caller that did not go through `search`).
    var reaches: [WeekSlots] { reach.count == teams.count ? reach : teams.map { Self.reach(of: $0, p) } }

    /// The team not yet `used` with most members free at some start of `union` (first such on ties).
    func busiestTeam(at union: WeekSlots, used: [Bool], reach: [WeekSlots]) -> Int? {
        var best: (score: Int, t: Int)?
        for (t, team) in teams.enumerated() where !used[t] && reach[t].intersects(union) && !team.members.isEmpty {
            let score = team.members.count { p.starts[$0].intersects(union) }
            if score > 0 && (best == nil || score > best!.score) { best = (score, t) }
        }
        return best?.t
    }

    /// The needs of team `t`'s project that none of its members covers.
    func missingNeeds(_ t: Int) -> [Tag] {
        guard let project = teams[t].project else { return [] }
        let members = teams[t].members
        return p.cohort.projects[project].needs.filter { g in !members.contains { p.cohort.members[$0].skills.contains(g) } }
    }

    /// Disjoint neighbourhoods grown from consecutive seeds.
    func makeBatch(seeds: [Seed], from start: Int, size: Int) -> ([Neighbourhood], Int) {
        var used = [Bool](repeating: false, count: teams.count)
        var usedMember = Set<Int>()
        var batch: [Neighbourhood] = []
        var k = start
        let unplaced = unplacedMembers()
        // Seeds were drawn before earlier batches of this pass changed the teams: a member or a
        // pitcher placed since is no longer a seed (it would be on a team and free at once).
        var placedNow = [Bool](repeating: false, count: p.cohort.members.count)
        for team in teams { for i in team.members { placedNow[i] = true } }
        let reach = reaches
        while k < seeds.count && batch.count < size {
            let seedTeam: Int
            var union = WeekSlots()
            // Needs and stages seeds: whether a member brings what the seed team lacks.
            var brings: ((Int) -> Bool)?
            var newProject: Int?
            var firstFree: [Int] = []
            switch seeds[k] {
            case let .project(j):
                let f = p.pitchers(j)
                if f.contains(where: { usedMember.contains($0) || placedNow[$0] }) { k += 1; continue }
                union = p.commonStarts(f)
                guard let t = busiestTeam(at: union, used: used, reach: reach) else { k += 1; continue }
                seedTeam = t
                newProject = j
                firstFree = f
            case let .needs(t):
                seedTeam = t
                let wanted = missingNeeds(t)
                brings = { i in wanted.contains { p.cohort.members[i].skills.contains($0) } }
                for i in teams[t].members { union.formUnion(p.starts[i]) }
            case let .stages(t):
                seedTeam = t
                let wanted = missingStages(t)
                brings = { i in wanted & (1 << p.stage(i)) != 0 }
                for i in teams[t].members { union.formUnion(p.starts[i]) }
            case let .team(t):
                seedTeam = t
                for i in teams[t].members { union.formUnion(p.starts[i]) }
            case let .member(i):
                if usedMember.contains(i) || placedNow[i] { k += 1; continue }
                union = p.starts[i]
                firstFree = [i]
                guard let t = busiestTeam(at: union, used: used, reach: reach) else { k += 1; continue }
                seedTeam = t
            }
            k += 1
            let seed = seedTeam
            if used[seed] || teams[seed].members.isEmpty { continue }
            // Nearest teams: most members free at the seed's standup starts.
            var near: [(score: Int, t: Int)] = []
            let seedCommon = teams[seedTeam].common
            // A team whose members' starts all miss `union` scores 0 (its common starts are among them,
            // and the seed's common starts are inside `union`).
            for (t, team) in teams.enumerated() where t != seed && !used[t] && reach[t].intersects(union) && !team.members.isEmpty {
                var score = team.common.intersectionCount(union) + Self.nearMemberWeight * team.members.count { p.starts[$0].intersects(union) }
                if let brings {
                    // Needs and stages seeds: first the teams holding members who bring a missing skill
                    // (or stage) and can make the seed's standup.
                    let common = seedCommon
                    score += Self.bringerWeight * team.members.count { i in p.starts[i].intersects(common) && brings(i) }
                }
                if score > 0 { near.append((score, t)) }
            }
            near.sort { $0.score > $1.score || ($0.score == $1.score && $0.t < $1.t) }
            var chosen = [seed]
            var count = teams[seed].members.count
            for (_, t) in near where count < neighbourhoodMembers {
                chosen.append(t)
                count += teams[t].members.count
            }
            var reach = WeekSlots()
            for t in chosen { reach.formUnion(teams[t].common) }
            for t in chosen { for i in teams[t].members { reach.formUnion(p.starts[i]) } }
            var free = firstFree
            if newProject != nil { reach = union }  // the new team meets at the pitchers' starts
            for i in unplaced where free.count < Self.maxFree && !usedMember.contains(i) && !free.contains(i) && p.starts[i].intersects(reach) {
                free.append(i)
            }
            for t in chosen { used[t] = true }
            for i in free { usedMember.insert(i) }
            var n = Neighbourhood(teams: chosen.sorted(), free: free, project: newProject)
            switch seeds[k - 1] {
            case .member: n.openTeam = true
            case .stages:
                n.openTeam = true
                n.nodes = Self.openTeamNodes
            default: break
            }
            batch.append(n)
        }
        return (batch, k)
    }

    enum Outcome: Sendable {
        /// `unproven`: no better teams, and GLPK did not prove there are none.
        case same, unproven
        /// `proven`: GLPK proved the teams optimal for the neighbourhood (not stopped by the node limit).
        case better([WorkingTeam], proven: Bool)
    }

    /// Solves a batch side by side; a solver error (a malformed model or a GLPK failure, never
    /// an infeasible or limited solve) is thrown after the batch.
    func solveBatch(_ batch: [Neighbourhood], deadline: Double?, clock: Stopwatch) throws(SolverError) -> [Outcome?] {
        let me = self
        // Every neighbourhood of the batch on its own thread (Dispatch caps them at the cores).
        let results = batch.parallelMap(threads: batch.count) { n throws(SolverError) -> Outcome? in
            let limit = deadline.map { $0 - clock.seconds }
            if let limit, limit <= 0.05 { return nil }
            return try me.solve(n, timeLimit: limit)
        }
        var outcomes: [Outcome?] = []
        for result in results { outcomes.append(try result.get()) }
        return outcomes
    }

    mutating func apply(_ n: Neighbourhood, _ newTeams: [WorkingTeam]) {
        // Replace the neighbourhood's teams in place; extra teams go to the end.
        let inStep = reach.count == teams.count
        var k = 0
        for t in n.teams {
            if k < newTeams.count { teams[t] = newTeams[k] } else { teams[t].members = [] }
            if inStep { reach[t] = Self.reach(of: teams[t], p) }
            k += 1
        }
        while k < newTeams.count {
            teams.append(newTeams[k])
            if inStep { reach.append(Self.reach(of: newTeams[k], p)) }
            k += 1
        }
    }

    // MARK: the subproblem MIP

    func solve(_ n: Neighbourhood, timeLimit: Double?) throws(SolverError) -> Outcome {
        let new = n.project.map { [WorkingTeam(project: $0, members: [], common: .all)] } ?? []
        let sub = SubproblemModel(p: p, teams: n.teams.map { teams[$0] } + new, free: n.free, openTeam: n.openTeam)
        let result = try solver.solve(sub.model, options: SolveOptions(
            method: .branchAndCut, timeLimit: timeLimit, relativeGap: 0, startingSolution: sub.start, presolve: false,
            nodeLimit: n.nodes))
        // Proven optimal, or the best found within the node limit (the same on every machine);
        // never the best found by a wall-clock limit.
        guard result.termination == .optimal || result.termination == .nodeLimit, result.hasSolution,
              let objective = result.objective else { return .unproven }
        guard objective > sub.startObjective + 0.5 else { return result.termination == .optimal ? .same : .unproven }
        let newTeams = sub.teams(from: result.values)
        for team in newTeams where p.violation(members: team.members, project: team.project, start: nil) != nil {
            return .same  // never trade a hard rule (cannot happen: the model holds them)
        }
        return .better(newTeams, proven: result.termination == .optimal)
    }
}

/// The MIP of one neighbourhood (docs/teams.md §3, "the subproblem").
struct SubproblemModel {
    let p: TeamProblem
    var model = LinearModel(sense: .maximize)
    var start: [Double] = []
    var startObjective = 0.0
    /// Members of the subproblem, ascending index.
    var members: [Int] = []
    /// Team kinds: project or nil (free).
    var projects: [Int?] = []
    /// x[position of member][team] or nil when not allowed.
    var x: [[Variable?]] = []
    /// Objective weight of a placed member, and of an isolated one (docs/teams.md §6): 1000 and 0
    /// without the team rules.
    var placementWeight = TeamImprovement.placementWeight
    var isolationWeight = 0.0
    /// Members who could be isolated (`team_no_isolated`): W · placed ≤ objective + isolationWeight · listed.
    var listed = 0

    /// `openTeam`: add the empty free team even when the free members alone are too few for one.
    /// `emptyFreeTeams`: offer at least this many empty free teams; `keepPlaced` false: members
    /// placed now may end unplaced (the whole-roster MIP of a small roster, where the weight of a
    /// placement decides instead).
    init(p: TeamProblem, teams current: [WorkingTeam], free: [Int], openTeam: Bool = false, emptyFreeTeams: Int = 0,
         keepPlaced: Bool = true) {
        self.p = p
        // Teams: project teams first (in given order), then free teams by lowest member, then new empty free teams.
        let projectTeams = current.filter { $0.project != nil }
        var freeTeams = current.filter { $0.project == nil }
        freeTeams.sort { ($0.members.min() ?? .max) < ($1.members.min() ?? .max) }
        var currentTeams = projectTeams + freeTeams
        let empties = max(emptyFreeTeams, free.count + 1 >= p.teamMin || openTeam ? 1 : 0)
        for _ in 0..<empties { currentTeams.append(WorkingTeam(project: nil, members: [], common: .all)) }
        projects = currentTeams.map(\.project)
        members = (currentTeams.flatMap(\.members) + free).sorted()
        let position = Dictionary(uniqueKeysWithValues: members.enumerated().map { ($1, $0) })
        let m = members.count, tCount = currentTeams.count

        // Slot classes: the set of members free at each start; keep only maximal sets.
        var classes: [[UInt64]] = []
        var classSlot: [Int] = []
        var seenMasks = Set<[UInt64]>()
        var union = WeekSlots()
        for i in members { union.formUnion(p.starts[i]) }
        let words = (m + 63) / 64
        for s in union.slots {
            var mask = [UInt64](repeating: 0, count: words)
            for (k, i) in members.enumerated() where p.starts[i].contains(s) { mask[k >> 6] |= 1 << UInt64(k & 63) }
            if seenMasks.insert(mask).inserted {
                classes.append(mask)
                classSlot.append(s)
            }
        }
        func isSubset(_ a: [UInt64], _ b: [UInt64]) -> Bool { zip(a, b).allSatisfy { $0 & ~$1 == 0 } }
        var keep = [Bool](repeating: true, count: classes.count)
        for a in classes.indices {
            for b in classes.indices where a != b && keep[b] && isSubset(classes[a], classes[b]) {
                keep[a] = false
                break
            }
        }
        let classIdx = classes.indices.filter { keep[$0] }
        func inClass(_ k: Int, _ c: Int) -> Bool { classes[c][k >> 6] & (1 << UInt64(k & 63)) != 0 }

        // Variables.
        x = [[Variable?]](repeating: [Variable?](repeating: nil, count: tCount), count: m)
        var u: [Variable] = []
        var y: [[(c: Int, v: Variable)]] = []
        var objective = LinearExpression()
        if p.rules.active { (placementWeight, isolationWeight, listed) = Self.ruleWeights(p, members: members) }
        for t in 0..<tCount {
            u.append(model.addVariable(.binary()))
            let project = projects[t]
            let fixed = project.map(p.pitchers) ?? []
            let fixedPos = fixed.compactMap { position[$0] }
            let allowedClasses = classIdx.filter { c in fixedPos.allSatisfy { inClass($0, c) } }
            y.append(allowedClasses.map { (c: $0, v: model.addVariable(.binary())) })
            for (k, i) in members.enumerated() {
                let pre = p.preassigned[i]
                if pre >= 0 && pre != project { continue }
                if pre < 0 && !fixed.isEmpty && fixed.contains(where: { p.cohort.avoids(i, $0) }) { continue }
                guard allowedClasses.contains(where: { inClass(k, $0) }) else { continue }
                // Symmetry: the k-th member (by position) may only be in the first k+1 free teams.
                if project == nil {
                    let freeRank = t - projects.prefix(t).filter { $0 != nil }.count
                    if freeRank > k { continue }
                }
                let v = model.addVariable(.binary())
                x[k][t] = v
                objective.add(v, placementWeight + Double(p.choiceScore(i, project: project)))
            }
        }
        var placedNow = Set<Int>()
        for team in currentTeams { for i in team.members { placedNow.insert(i) } }
        // Each member in at most one team; members placed now stay placed.
        for (k, i) in members.enumerated() {
            let vars = x[k].compactMap { $0 }
            let placed = keepPlaced && placedNow.contains(i)
            model.addConstraint(variables: vars, coefficients: Array(repeating: 1, count: vars.count),
                                lowerBound: placed ? 1 : nil, upperBound: 1)
        }
        var z: [[(stage: Int, v: Variable)]] = []
        var w: [[(need: Tag, v: Variable)]] = []
        for t in 0..<tCount {
            let range = p.sizeRange(project: projects[t])
            let col = (0..<m).compactMap { k in x[k][t].map { (k, $0) } }
            let xs = col.map(\.1)
            // Size: lo·u ≤ Σx ≤ hi·u.
            model.addConstraint(variables: xs + [u[t]], coefficients: Array(repeating: 1, count: xs.count) + [-Double(range.upperBound)], lowerBound: nil, upperBound: 0)
            model.addConstraint(variables: xs + [u[t]], coefficients: Array(repeating: 1, count: xs.count) + [-Double(range.lowerBound)], lowerBound: 0, upperBound: nil)
            // A new project team holds all its eligible pre-assigned members (they are among the free members;
            // on a current project team they are placed, so they stay, and may join no other team).
            if let project = projects[t], currentTeams[t].members.isEmpty || !keepPlaced {
                for i in p.pitchers(project) {
                    if let k = position[i], let v = x[k][t] {
                        model.addConstraint(variables: [v, u[t]], coefficients: [1, -1], lowerBound: 0, upperBound: 0)
                    } else {
                        model.addConstraint(variables: [u[t]], coefficients: [1], lowerBound: 0, upperBound: 0)
                    }
                }
            }
            // One standup class when used.
            model.addConstraint(variables: y[t].map(\.v) + [u[t]], coefficients: Array(repeating: 1, count: y[t].count) + [-1], lowerBound: 0, upperBound: 0)
            // A member joins only if the team's class includes them.
            for (k, v) in col {
                let ys = y[t].filter { inClass(k, $0.c) }.map(\.v)
                model.addConstraint(variables: [v] + ys, coefficients: [1] + Array(repeating: -1, count: ys.count), lowerBound: nil, upperBound: 0)
            }
            // Someone senior.
            let seniors = col.filter { p.isSenior(members[$0.0]) }.map(\.1)
            model.addConstraint(variables: seniors + [u[t]], coefficients: Array(repeating: 1, count: seniors.count) + [-1], lowerBound: 0, upperBound: nil)
            // Distinct stages: z_tk ≤ Σ_{stage k} x; Σ z ≥ d·u.
            var zt: [(stage: Int, v: Variable)] = []
            for stage in 1...5 {
                let xs = col.filter { p.stage(members[$0.0]) == stage }.map(\.1)
                if xs.isEmpty { continue }
                let v = model.addVariable(.binary())
                zt.append((stage, v))
                objective.add(v, Double(TeamProblem.stageScore))
                model.addConstraint(variables: [v] + xs, coefficients: [1] + Array(repeating: -1, count: xs.count), lowerBound: nil, upperBound: 0)
            }
            z.append(zt)
            model.addConstraint(variables: zt.map(\.v) + [u[t]], coefficients: Array(repeating: 1, count: zt.count) + [-Double(p.distinctStages)], lowerBound: 0, upperBound: nil)
            // Avoided pairs.
            for (a, va) in col {
                for b in p.cohort.members[members[a]].avoid {
                    guard let kb = position[b], kb > a, let vb = x[kb][t] else { continue }
                    model.addConstraint(variables: [va, vb], coefficients: [1, 1], lowerBound: nil, upperBound: 1)
                }
            }
            // Needs covered.
            var wt: [(need: Tag, v: Variable)] = []
            if let project = projects[t] {
                for need in p.cohort.projects[project].needs {
                    let xs = col.filter { p.cohort.members[members[$0.0]].skills.contains(need) }.map(\.1)
                    if xs.isEmpty { continue }
                    let v = model.addVariable(.binary())
                    wt.append((need, v))
                    objective.add(v, Double(TeamProblem.needScore))
                    model.addConstraint(variables: [v] + xs, coefficients: [1] + Array(repeating: -1, count: xs.count), lowerBound: nil, upperBound: 0)
                }
            }
            w.append(wt)
        }
        // The team rules (docs/teams.md §6).
        var ruleStart: [(Variable, Double)] = []
        if p.rules.active {
            for t in 0..<tCount {
                let col = (0..<m).compactMap { k in x[k][t].map { (k, $0) } }
                addRules(team: col, used: u[t], range: p.sizeRange(project: projects[t]), current: currentTeams[t].members,
                         objective: &objective, start: &ruleStart)
            }
        }
        // Symmetry: free teams used in order.
        let freeTeamIdx = (0..<tCount).filter { projects[$0] == nil }
        for (a, b) in zip(freeTeamIdx, freeTeamIdx.dropFirst()) {
            model.addConstraint(variables: [u[a], u[b]], coefficients: [1, -1], lowerBound: 0, upperBound: nil)
        }
        model.maximize(objective)

        // The starting solution: the current teams.
        var values = [Double](repeating: 0, count: model.variableCount)
        for (t, team) in currentTeams.enumerated() where !team.members.isEmpty {
            values[u[t].index] = 1
            for i in team.members { if let v = x[position[i]!][t] { values[v.index] = 1 } }
            let ks = team.members.map { position[$0]! }
            if let yc = y[t].first(where: { e in ks.allSatisfy { inClass($0, e.c) } }) { values[yc.v.index] = 1 }
            for (stage, v) in z[t] where team.members.contains(where: { p.stage($0) == stage }) { values[v.index] = 1 }
            for (need, v) in w[t] where team.members.contains(where: { p.cohort.members[$0].skills.contains(need) }) { values[v.index] = 1 }
        }
        for (v, value) in ruleStart { values[v.index] = value }
        start = values
        startObjective = objective.value(at: values)
    }

    /// Teams (in this model's team order) from a solution.
    func teams(from values: [Double]) -> [WorkingTeam] {
        var result: [WorkingTeam] = []
        for t in projects.indices {
            var team = WorkingTeam(project: projects[t], members: [], common: .all)
            for (k, i) in members.enumerated() {
                if let v = x[k][t], values[v.index] > 0.5 {
                    team.members.append(i)
                    team.common = team.common.intersection(p.starts[i])
                }
            }
            result.append(team)
        }
        return result
    }
}
