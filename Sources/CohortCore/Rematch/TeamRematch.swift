/// `cohort rematch --leave MEMBER` and `--dissolve-team TEAM` (SPEC §1
/// "restructure a team"; docs/rematch.md §5a): a member is taken off their
/// team, or a team is dissolved and its members re-placed. Teams left below
/// their minimum size, without a senior or without enough distinct stages are
/// repaired from unplaced members, or dissolved and their members merged into
/// other teams. Every other team, standup time and event stays as it was.
/// Pure: the solver is injected.
enum TeamRematch {
    /// Objective weights of the re-placement model (docs/rematch.md §5a), in
    /// decreasing priority: an affected member who ends on a team; a member of
    /// a broken team who has to move (repairing beats merging); an unplaced
    /// member who joins a broken team; the joiner's project-choice score (≤ 10).
    static let placedWeight = 1_000_000.0
    static let moveWeight = 10_000.0
    static let unplacedJoinWeight = 100.0
    /// Branch-and-bound nodes of the re-placement model: a deterministic budget
    /// (the policy's time limit applies too). A zero start is always feasible.
    static let nodeLimit = 5_000

    /// What the team request changes.
    struct Outcome {
        var teams: TeamFormation
        var schedule: WeeklySchedule
        var request: ScheduleRequest
        var changes: [MentorRematch.Change]
        /// The re-placement model: objective and bound as GLPK left them.
        var quality: PhaseOutcome
    }

    /// One team after the leavers are taken off.
    enum State { case intact, shrunk, broken(String), dissolved }

    /// Applies `leave` (member indices) and `dissolve` (team ids) to `result`,
    /// whose schedule is the one after any mentor changes.
    static func apply(leave: Set<Int>, dissolve: Set<String>, to result: BatchResult, solver: any LinearSolver) throws(SolverError) -> Outcome {
        let s = Situation(leave: leave, dissolve: dissolve, result: result)
        let placement = try place(s, solver: solver)
        let (changes, formation) = changesAndReasons(s, placement)
        let teams = s.teams, members = placement.members
        // Teams keep their ids (nobody else's rows change); emptied teams go.
        let kept = teams.indices.filter { !members[$0].isEmpty }
        var newIndex = [Int?](repeating: nil, count: teams.count)
        for (k, t) in kept.enumerated() { newIndex[t] = k }
        var out = formation
        out.teams = kept.map { t in
            var team = teams[t]
            if members[t] != teams[t].members {
                team.members = members[t]
                team.commonStarts = members[t].reduce(team.commonStarts) { $0.intersection(s.p.starts[$1]) }
                team.quality = s.p.reportedQuality(members: members[t], project: team.project)
            }
            return team
        }
        TeamIsolation.recount(&out, s.p, placedBefore: teams.reduce(0) { $0 + $1.members.count },
                              placedNow: out.teams.reduce(0) { $0 + $1.members.count })
        var request = result.scheduleRequest
        request.teams = kept.map { t in
            var team = request.teams[t]
            team.members = members[t]
            return team
        }
        let newSchedule = revisedSchedule(result.schedule, teams: members, newIndex: newIndex, request: request)
        return Outcome(teams: out, schedule: newSchedule, request: request, changes: changes, quality: placement.quality)
    }

    /// The teams after the leavers are taken off, and who may join which team
    /// (docs/rematch.md §5a "Who may go where").
    struct Situation {
        let result: BatchResult
        let leave: Set<Int>
        let p: TeamProblem
        var teams: [Team] { result.teams.teams }
        /// Per team: its members without the leavers, and its state.
        let remaining: [[Int]]
        let states: [State]
        let broken: [Int], dissolved: [Int]
        /// Per team: its standup (nil: never placed, so the team takes nobody).
        let standup: [ScheduledEvent?]
        /// Teams that may take a member.
        let receiving: [Int]
        /// Member → their broken team.
        let brokenTeamOf: [Int: Int]
        /// Members without a team in the previous run (not leaving).
        let unplaced: [Int]
        /// Who may join which team.
        let options: [(member: Int, team: Int)]

        init(leave: Set<Int>, dissolve: Set<String>, result: BatchResult) {
            let c = result.cohort, teams = result.teams.teams, schedule = result.schedule
            let p = TeamProblem(cohort: c)
            self.result = result
            self.leave = leave
            self.p = p
            let remaining = teams.map { $0.members.filter { !leave.contains($0) } }
            let states: [State] = teams.indices.map { t in
                if dissolve.contains(teams[t].id) { return .dissolved }
                if remaining[t].count == teams[t].members.count { return .intact }
                if let why = brokenReason(remaining[t], project: teams[t].project, p) { return .broken(why) }
                return .shrunk
            }
            let broken = teams.indices.filter { if case .broken = states[$0] { true } else { false } }
            let dissolved = teams.indices.filter { if case .dissolved = states[$0] { true } else { false } }
            let standup: [ScheduledEvent?] = teams.indices.map { t in
                t < schedule.standupEvent.count ? schedule.standupEvent[t].map { schedule.events[$0] } : nil
            }
            // What each member is busy with, their own standup and demo session left out when their team may go.
            let freed = Set((broken + dissolved).map { "standup-" + teams[$0].id })
            let mayGo = Set((broken + dissolved).flatMap { teams[$0].members })
            var busy = [WeekSlots](repeating: WeekSlots(), count: c.members.count)
            for ev in schedule.events where !freed.contains(ev.id) {
                for q in ev.participants where !(ev.kind == .demo && mayGo.contains(q)) { busy[q].insert(start: ev.startSlot, count: ev.slotCount) }
            }
            // Who may move: the members of dissolved teams (must), of broken teams (may), and unplaced members (into broken teams only).
            let displaced = dissolved.flatMap { remaining[$0] }.sorted()
            var brokenTeamOf: [Int: Int] = [:]
            for t in broken { for i in remaining[t] { brokenTeamOf[i] = t } }
            let unplaced = result.teams.unplaced.filter { !leave.contains($0) }
            let receiving = teams.indices.filter { t in
                standup[t] != nil && { if case .dissolved = states[t] { false } else { true } }()
                    && remaining[t].count < p.sizeRange(project: teams[t].project).upperBound
            }
            // Each team's demo session: a joiner must make it too (every presenting member does).
            var demo = [DemoSession?](repeating: nil, count: teams.count)
            for d in schedule.demoSessions { for t in d.teams { demo[t] = d } }
            func fits(_ i: Int, _ t: Int, pitcherBound: Bool) -> Bool {
                guard let ev = standup[t], p.starts[i].contains(ev.startSlot),
                      !busy[i].intersects(SlotMath.interval(start: ev.startSlot, length: ev.slotCount)) else { return false }
                if let d = demo[t], !c.members[i].availability.contains(start: d.startSlot, count: d.slotCount)
                    || busy[i].intersects(SlotMath.interval(start: d.startSlot, length: d.slotCount)) { return false }
                if pitcherBound, p.preassigned[i] >= 0, p.preassigned[i] != teams[t].project { return false }
                return !remaining[t].contains { c.avoids(i, $0) } && p.rules.canJoin(i, members: remaining[t])
            }
            var options: [(member: Int, team: Int)] = []
            for i in displaced { for t in receiving where fits(i, t, pitcherBound: false) { options.append((i, t)) } }
            for i in brokenTeamOf.keys.sorted() { for t in receiving where t != brokenTeamOf[i] && fits(i, t, pitcherBound: false) { options.append((i, t)) } }
            for i in unplaced { for t in broken where receiving.contains(t) && fits(i, t, pitcherBound: true) { options.append((i, t)) } }
            (self.remaining, self.states, self.broken, self.dissolved, self.standup) = (remaining, states, broken, dissolved, standup)
            (self.receiving, self.brokenTeamOf, self.unplaced, self.options) = (receiving, brokenTeamOf, unplaced, options)
        }
    }

    /// What the re-placement model chose.
    struct Placement {
        var chosen: [Bool]
        var repaired: Set<Int>
        var quality: PhaseOutcome
        /// Member → the team they join.
        var joined: [Int: Int]
        /// Per team: its members now (empty: the team goes).
        var members: [[Int]]
    }

    /// Solves the re-placement model (`replacementModel`) from the all-zero answer.
    static func place(_ s: Situation, solver: any LinearSolver) throws(SolverError) -> Placement {
        let model = replacementModel(options: s.options, broken: s.broken, remaining: s.remaining, teams: s.teams, brokenTeamOf: s.brokenTeamOf,
                                     unplaced: Set(s.unplaced), p: s.p)
        var chosen = [Bool](repeating: false, count: s.options.count)
        var repaired = Set<Int>()
        var quality = PhaseOutcome(status: .empty, objective: 0, bound: 0, seconds: 0)
        if !s.options.isEmpty || !s.broken.isEmpty {
            let start = [Double](repeating: 0, count: model.model.variableCount)
            let solved = try solver.solve(model.model, options: SolveOptions(method: .branchAndCut, timeLimit: s.result.cohort.policy.timeLimitSeconds,
                                                                            startingSolution: start, nodeLimit: nodeLimit))
            let values = solved.hasSolution ? solved.values : start
            for k in s.options.indices { chosen[k] = values[model.x[k].index] > 0.5 }
            for (t, r) in model.repair where values[r.index] > 0.5 { repaired.insert(t) }
            let objective = model.model.objective.value(at: values)
            quality = PhaseOutcome(status: solved.termination == .optimal ? .optimal : .feasible, objective: objective,
                                   bound: solved.bestBound ?? objective, seconds: solved.wallSeconds,
                                   details: [("options", s.options.count), ("broken_teams", s.broken.count), ("repaired", repaired.count)])
        }
        var joined: [Int: Int] = [:]
        for (k, o) in s.options.enumerated() where chosen[k] { joined[o.member] = o.team }
        var members = s.remaining
        for (i, t) in joined { members[t].append(i) }
        for t in s.broken where !repaired.contains(t) { members[t] = [] }
        for t in s.dissolved { members[t] = [] }
        for t in members.indices { members[t].sort() }
        return Placement(chosen: chosen, repaired: repaired, quality: quality, joined: joined, members: members)
    }

    /// changes.csv's team rows, and the previous run's team formation with the
    /// unplaced members and reasons after the placement (teams not yet updated).
    static func changesAndReasons(_ s: Situation, _ placement: Placement) -> ([MentorRematch.Change], TeamFormation) {
        let teams = s.teams, joined = placement.joined, c = s.result.cohort
        var changes: [MentorRematch.Change] = []
        var reasons = s.result.teams.reasons
        var lost: [Int] = []
        for t in teams.indices { for i in teams[t].members where s.leave.contains(i) {
            changes.append(.init(member: i, kind: .team, from: teams[t].id, to: "", reason: "taken off team \(teams[t].id) (--leave)"))
        } }
        let describe = { (t: Int) in s.standup[t].map { " (standup \(Week.describe(startSlot: $0.startSlot, slotCount: $0.slotCount)) UTC, unchanged)" } ?? "" }
        func moved(_ i: Int, from t: Int, why: String) {
            if let to = joined[i] {
                changes.append(.init(member: i, kind: .team, from: teams[t].id, to: teams[to].id, reason: why + "; joined \(teams[to].id)" + describe(to)))
            } else {
                let reason = why + "; " + noTeamReason(i, options: s.options, chosen: placement.chosen, receiving: s.receiving.count)
                changes.append(.init(member: i, kind: .team, from: teams[t].id, to: "", reason: reason))
                reasons[i] = reason
                lost.append(i)
            }
        }
        for t in s.dissolved { for i in s.remaining[t] { moved(i, from: t, why: "team \(teams[t].id) dissolved (--dissolve-team)") } }
        let unplaced = Set(s.unplaced)
        for t in s.broken {
            guard case .broken(let why) = s.states[t] else { continue }
            let left = teams[t].members.filter(s.leave.contains).map { c.members[$0].id }.joined(separator: ", ")
            if placement.repaired.contains(t) {
                for i in placement.members[t] where joined[i] == t && unplaced.contains(i) {
                    changes.append(.init(member: i, kind: .team, from: "", to: teams[t].id,
                                         reason: "joined \(teams[t].id) to repair it: \(why) after \(left) left" + describe(t)))
                }
            } else {
                for i in s.remaining[t] { moved(i, from: t, why: "team \(teams[t].id) \(why) after \(left) left and could not be repaired from unplaced members") }
            }
        }
        let joinedUnplaced = Set(s.unplaced.filter { joined[$0] != nil })
        var formation = s.result.teams
        formation.unplaced = (formation.unplaced.filter { !joinedUnplaced.contains($0) } + lost).sorted()
        let stillUnplaced = Set(formation.unplaced)
        formation.reasons = reasons.filter { stillUnplaced.contains($0.key) }
        return (changes, formation)
    }

    /// Why a team that lost members no longer meets the rules, or nil.
    static func brokenReason(_ members: [Int], project: Int?, _ p: TeamProblem) -> String? {
        let range = p.sizeRange(project: project)
        if members.count < range.lowerBound { return "was left with \(members.count) member(s), below its minimum of \(range.lowerBound)" }
        if !members.contains(where: p.isSenior) { return "was left without a member at stage ≥ \(p.seniorStage)" }
        let stages = Set(members.map(p.stage)).count
        if stages < p.distinctStages { return "was left with \(stages) distinct stage(s), below \(p.distinctStages)" }
        return nil
    }

    static func noTeamReason(_ i: Int, options: [(member: Int, team: Int)], chosen: [Bool], receiving: Int) -> String {
        let fitting = options.indices.filter { options[$0].member == i }.count
        if receiving == 0 { return "no other team has a place left" }
        if fitting == 0 { return "none of the \(receiving) team(s) with a place left has a standup you can make, free of your other meetings, without someone you avoid" }
        return "the \(fitting) team(s) whose standup you can make were filled by other members who had to move"
    }

    /// The re-placement model (docs/rematch.md §5a): `x` per option (member
    /// joins team), `repair` per broken team (1: repaired and kept, 0:
    /// dissolved, its members free to move).
    struct Model {
        var model: LinearModel
        var x: [Variable]
        var repair: [(team: Int, variable: Variable)]
    }

    /// The team rules' part of an option's weight (docs/rematch.md §5a), below a move and an
    /// unplaced member's join: each `teammates` wish with the team's remaining members (both
    /// ways), and under `team_no_isolated` a bonus for joining the only other member of one's
    /// listed `balance` value and a penalty for being the first of it (never above ±50).
    static func ruleWeight(_ i: Int, joining members: [Int], _ p: TeamProblem) -> Double {
        let r = p.rules
        guard r.scoring else { return 0 }
        var w = 0.0
        if r.hasWishes {
            for j in members {
                if r.wishes(i).contains(Int32(j)) { w += Double(TeamRules.wishScore) }
                if r.wishes(j).contains(Int32(i)) { w += Double(TeamRules.wishScore) }
            }
        }
        if r.isolating, r.isolate[i] >= 0 {
            let same = members.count { r.isolate[$0] == r.isolate[i] }
            if same == 1 { w += isolationWeight } else if same == 0 { w -= isolationWeight }
        }
        return min(isolationWeight, max(-isolationWeight, w))
    }
    /// Bonus (penalty) of a joiner who ends (starts) someone's isolation; below `unplacedJoinWeight`.
    static let isolationWeight = 50.0

    static func replacementModel(options: [(member: Int, team: Int)], broken: [Int], remaining: [[Int]], teams: [Team],
                                 brokenTeamOf: [Int: Int], unplaced: Set<Int>, p: TeamProblem) -> Model {
        var m = LinearModel(sense: .maximize)
        let x = m.addVariables(count: options.count, .binary())
        var repair: [(team: Int, variable: Variable)] = []
        var repairOf: [Int: Variable] = [:]
        for t in broken {
            let r = m.addVariable(.binary())
            repair.append((t, r))
            repairOf[t] = r
        }
        var objective = LinearExpression()
        for (k, o) in options.enumerated() {
            let i = o.member
            var w = Double(p.choiceScore(i, project: teams[o.team].project)) + ruleWeight(i, joining: remaining[o.team], p)
            if unplaced.contains(i) { w += unplacedJoinWeight } else { w += placedWeight }
            if brokenTeamOf[i] != nil { w -= moveWeight }
            objective.add(x[k], w)
        }
        for t in broken { objective.add(repairOf[t]!, placedWeight * Double(remaining[t].count)) }
        // Each member joins at most one team; a broken team's member only when it is not repaired.
        var byMember: [Int: [Int]] = [:], byTeam: [Int: [Int]] = [:]
        for (k, o) in options.enumerated() { byMember[o.member, default: []].append(k); byTeam[o.team, default: []].append(k) }
        for (i, ks) in byMember.sorted(by: { $0.key < $1.key }) {
            var row = LinearExpression.sum(ks.map { x[$0] })
            if let t = brokenTeamOf[i] { row.add(repairOf[t]!) }
            m.add(row <= 1)
        }
        for (t, ks) in byTeam.sorted(by: { $0.key < $1.key }) {
            let joins = LinearExpression.sum(ks.map { x[$0] })
            let room = Double(p.sizeRange(project: teams[t].project).upperBound - remaining[t].count)
            if let r = repairOf[t] { m.add(joins - room * r <= 0) } else { m.add(joins <= room) }
            // Two joiners who avoid each other (or, under team_group = "same", are of different groups) never join the same team.
            for a in ks.indices { for b in ks.indices where a < b {
                let i = options[ks[a]].member, j = options[ks[b]].member
                if p.cohort.avoids(i, j) || !p.rules.canJoin(i, members: [j]) { m.add(x[ks[a]] + x[ks[b]] <= 1) }
            } }
        }
        // team_ideal: a team that takes joiners scores its new size as the formation does (`TeamRules.idealTerm`), less
        // its size now: one indicator per size it may reach, Σσ ≤ 1, joins = Σ (size − now)·σ. The team's other
        // members are not counted again, and a team that takes nobody (or is not repaired) keeps its term.
        if p.rules.ideal != nil {
            for (t, ks) in byTeam.sorted(by: { $0.key < $1.key }) {
                let now = remaining[t].count, most = min(p.sizeRange(project: teams[t].project).upperBound, now + ks.count)
                guard most > now else { continue }
                let before = p.rules.idealTerm(size: Int32(now))
                var pick = LinearExpression(), joins = LinearExpression.sum(ks.map { x[$0] })
                for size in (now + 1)...most {
                    let sigma = m.addVariable(.binary())
                    pick.add(sigma)
                    joins.add(sigma, -Double(size - now))
                    objective.add(sigma, Double(p.rules.idealTerm(size: Int32(size)) - before))
                }
                m.add(pick <= 1)
                m.add(joins == 0)
            }
        }
        m.maximize(objective)
        // A repaired team meets every rule again: size, a senior, distinct stages.
        for t in broken {
            let r = repairOf[t]!, ks = byTeam[t] ?? []
            let need = Double(p.sizeRange(project: teams[t].project).lowerBound - remaining[t].count)
            if need > 0 { m.add(LinearExpression.sum(ks.map { x[$0] }) - need * r >= 0) }
            if !remaining[t].contains(where: p.isSenior) {
                m.add(LinearExpression.sum(ks.filter { p.isSenior(options[$0].member) }.map { x[$0] }) - r >= 0)
            }
            let present = Set(remaining[t].map(p.stage))
            if present.count < p.distinctStages {
                var cover = LinearExpression()
                for stage in 1...5 where !present.contains(stage) {
                    let y = m.addVariable(.binary())
                    m.add(LinearExpression.sum(ks.filter { p.stage(options[$0].member) == stage }.map { x[$0] }) - y >= 0)
                    cover.add(y)
                }
                m.add(cover - Double(p.distinctStages - present.count) * r >= 0)
            }
        }
        return Model(model: m, x: x, repair: repair)
    }

    /// The schedule with the new team members: standups and demo sessions of
    /// changed teams list them, dissolved teams' standups and demo places go,
    /// role rotations follow; every other event is untouched.
    static func revisedSchedule(_ old: WeeklySchedule, teams members: [[Int]], newIndex: [Int?], request: ScheduleRequest) -> WeeklySchedule {
        var s = old
        // Demo sessions keep their remaining teams; a session left with none goes.
        var sessionIndex = [Int?](repeating: nil, count: old.demoSessions.count)
        var sessions: [DemoSession] = []
        for (k, d) in old.demoSessions.enumerated() {
            let kept = d.teams.compactMap { newIndex[$0] }
            guard !kept.isEmpty else { continue }
            var session = d
            session.teams = kept
            let all = Set(kept.flatMap { request.teams[$0].members })
            session.unavailable = d.unavailable.filter(all.contains)
            sessionIndex[k] = sessions.count
            sessions.append(session)
        }
        var events: [ScheduledEvent] = []
        for var ev in old.events {
            switch ev.kind {
            case .standup:
                guard let k = newIndex[ev.source] else { continue }
                ev.participants = members[ev.source]
                ev.source = k
            case .demo:
                guard let k = sessionIndex[ev.source] else { continue }
                ev.source = k
                ev.participants = sessions[k].teams.flatMap { request.teams[$0].members }.sorted()
            default: break
            }
            events.append(ev)
        }
        s.events = events
        s.demoSessions = sessions
        s.demoNotes = old.demoNotes.compactMap { note in
            newIndex[note.team].map { var n = note; n.team = $0; return n }
        }
        s.unscheduled = old.unscheduled.compactMap { u in
            // A standup or demo left unplaced belongs to a team (`source`).
            guard u.kind == .standup || u.kind == .demo else { return u }
            guard let k = newIndex[u.source] else { return nil }
            var v = u
            v.source = k
            v.participants = members[u.source]
            return v
        }
        s.rotations = request.teams.indices.map { RoleRotation.make(team: $0, members: request.teams[$0].members) }
        // Every index again (events after a dropped standup or demo move up): kickoff, circles and pods too.
        s.index(request)
        return s
    }
}

extension TeamRematch {
    /// `--leave` ids of members on no team and `--dissolve-team` ids of no
    /// team in the previous run's teams.csv (checked before the run is
    /// rebuilt, with the other request problems; unknown member ids are
    /// `MentorRematch.requestProblems`'). A teams.csv that cannot be read is
    /// `PreviousRun.problems`' to report.
    static func requestProblems(leave: [String], dissolve: [String], previous: PreviousRun) -> [RematchProblem] {
        guard !(leave.isEmpty && dissolve.isEmpty), let bytes = previous.files["teams.csv"] else { return [] }
        let parsed = CSVReader.read(bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes)
        guard parsed.errors.isEmpty, let header = parsed.records.first?.fields,
              let teamColumn = header.firstIndex(of: "team_id"), let memberColumn = header.firstIndex(of: "member_id") else { return [] }
        var teams: [String] = [], onTeam = Set<String>()
        for record in parsed.records.dropFirst() where record.fields.count > max(teamColumn, memberColumn) {
            if teams.last != record.fields[teamColumn] { teams.append(record.fields[teamColumn]) }
            onTeam.insert(record.fields[memberColumn])
        }
        let file = previous.path("teams.csv")
        var problems: [RematchProblem] = []
        for id in leave where !onTeam.contains(id) { problems.append(.onNoTeam(id: id, teams: file)) }
        let known = Set(teams)
        for id in dissolve where !known.contains(id) {
            problems.append(.unknownTeam(id: id, teams: file, known: teams.isEmpty ? [] : [teams.first!, teams.last!]))
        }
        return problems
    }
}
