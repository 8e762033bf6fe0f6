/// After the schedule: moves a member to another team (or, failing that, out
/// of their team) when their team's standup and a mentor check-in cannot both
/// be scheduled — so the team phase does not leave a match that can never be
/// scheduled (SPEC §3.5; docs/schedule.md §0.1, step 4).
///
/// `StandupRoom` gives each member only standup starts that leave room for
/// their own check-ins, but it cannot see the partner's team: a check-in can
/// still be squeezed between the mentee's team standup and the mentor's team
/// standup when each team has a single possible time. Those few cases are
/// found by the scheduler and fixed here, one member move at a time. A trial
/// re-places only what the move touches — the changed teams' standups, the moved
/// members' check-ins and the meeting that did not fit — by an exhaustive search
/// with every other check-in and standup where it is; a move is kept when that
/// search places them all (so strictly more check-ins and standups fit), and
/// the schedule is patched (`SchedulePatch`): buddy days and workshop sessions
/// in the way move or yield, demo sessions are planned again once at the end.
/// Deterministic and bounded by counts (trials, search nodes), not a clock
/// (unless the policy sets a time limit, which also ends the trials).
enum TeamScheduleRepair {
    /// At most this many trials (each one or two searches over a handful of meetings, at most `searchNodes` nodes each).
    static let maxTrials = 256
    /// Nodes of one trial's exhaustive search.
    static let searchNodes = 20_000
    /// For one member, at most this many plans of each kind (new team, swap,
    /// stand-in) are generated; `leavesRoom` then drops the useless ones.
    static let plansPerKind = 64

    /// One member changing team: `from` nil was not placed, `to` nil leaves every team.
    struct Move: Sendable, Hashable {
        var member: Int
        var from: Int?
        var to: Int?
    }

    struct Outcome {
        var teams: TeamFormation
        var request: ScheduleRequest
        var schedule: WeeklySchedule
        /// Moves kept, in order.
        var moves: [Move]
        /// Trial searches spent on moves.
        var trials: Int
        /// Seconds the repair took (also counted in the schedule's phase time).
        var seconds: Double = 0
    }

    /// Check-ins and standups the schedule could not place.
    static func unfittedMeetings(_ schedule: WeeklySchedule) -> [UnscheduledEvent] {
        schedule.unscheduled.filter { $0.kind == .checkin || $0.kind == .standup }
    }

    /// Repairs `teams` until every check-in and standup of `schedule` fits, no
    /// plan helps, or the trials run out; returns the teams, request and
    /// schedule to use (unchanged when no trial ran). After trials, the
    /// schedule's phase time includes the repair and its details count the
    /// moves kept and the trial schedules.
    static func run(teams: TeamFormation, request: ScheduleRequest, schedule: WeeklySchedule, standupStarts: [Int: WeekSlots],
                    solver: any LinearSolver) throws(SolverError) -> Outcome {
        var outcome = Outcome(teams: teams, request: request, schedule: schedule, moves: [], trials: 0)
        guard !unfittedMeetings(schedule).isEmpty else { return outcome }
        let cohort = request.cohort
        // The policy's time limit, when set, also ends the trials (each is a whole schedule solve).
        let clock = Stopwatch()
        let timeLimit = cohort.policy.timeLimitSeconds
        let p = TeamProblem(cohort: cohort, standupStarts: standupStarts)
        let checkinLength = Week.slotCount(minutes: cohort.policy.checkinMinutes)

        var improved = true
        var boundChange = 0
        while improved && outcome.trials < maxTrials {
            improved = false
            let unfitted = unfittedMeetings(outcome.schedule)
            if unfitted.isEmpty { break }
            var teamOf = [Int](repeating: -1, count: cohort.members.count)
            for (t, team) in outcome.teams.teams.enumerated() { for i in team.members { teamOf[i] = t } }
            var meetingsOf: [Int: [Int]] = [:]
            for (k, e) in outcome.schedule.events.enumerated() where e.kind == .checkin || e.kind == .standup {
                for m in e.participants { meetingsOf[m, default: []].append(k) }
            }

            search: for event in unfitted {
                // Plans that keep every touched team valid and leave the moved members
                // room for their check-ins; the first whose meetings can all be placed is kept.
                // Every candidate's plans in one list: with team_no_isolated, those isolating fewer first.
                // Without the rule, one candidate's plans at a time (lazily: the first that fits ends the search).
                let options = candidates(event, outcome: outcome, teamOf: teamOf, checkinLength: checkinLength).lazy.flatMap { m, t in
                    plans(moving: m, from: t, teams: outcome.teams.teams, unplaced: outcome.teams.unplaced, teamOf: teamOf, p: p)
                }
                let ordered = p.rules.isolating
                    ? AnySequence(TeamIsolation.fewerIsolatedFirst(Array(options), moves: { $0.map { ($0.member, $0.from, $0.to) } },
                                                                   teams: outcome.teams.teams, p))
                    : AnySequence(options)
                for plan in ordered {
                    var teams = outcome.teams.teams
                    guard apply(plan, to: &teams, p: p),
                          plan.allSatisfy({ leavesRoom($0, teams: teams, outcome: outcome, teamOf: teamOf) }) else { continue }
                    guard outcome.trials < maxTrials, timeLimit.map({ clock.seconds < $0 }) ?? true else { break search }
                    outcome.trials += 1
                    guard let placement = placeLocally(plan, event: event, teams: teams, outcome: outcome, meetingsOf: meetingsOf)
                        ?? placeLocally(plan, event: event, teams: teams, outcome: outcome, meetingsOf: meetingsOf, wide: true) else { continue }
                    let oldBest = placement.compactMap { $0.kind == .standup ? bestScore(outcome.request.teams[$0.source], cohort: cohort) : nil }.reduce(0, +)
                    outcome.teams.teams = teams
                    outcome.request.teams = teams.map { ScheduleTeam(id: $0.id, members: $0.members, allowedStarts: $0.commonStarts) }
                    let newBest = placement.compactMap { $0.kind == .standup ? bestScore(outcome.request.teams[$0.source], cohort: cohort) : nil }.reduce(0, +)
                    boundChange += newBest - oldBest
                    SchedulePatch.apply(&outcome.schedule, request: outcome.request, meetings: placement)
                    outcome.moves += plan
                    var placed = Set<Int>()
                    for team in outcome.teams.teams { placed.formUnion(team.members) }
                    outcome.teams.unplaced = p.eligible.filter { !placed.contains($0) }
                    improved = true
                    break search
                }
            }
        }
        if !outcome.moves.isEmpty { try SchedulePatch.finish(&outcome.schedule, request: outcome.request, boundChange: boundChange, solver: solver) }
        if !outcome.moves.isEmpty { finish(&outcome, p: p) }
        if outcome.trials > 0 {
            outcome.seconds = clock.seconds
            outcome.schedule.seconds += outcome.seconds
            outcome.schedule.outcome.seconds += outcome.seconds
            outcome.schedule.outcome.details += [("team_moves_for_schedule", outcome.moves.count), ("team_move_trials", outcome.trials)]
        }
        return outcome
    }

    /// The ways to take `m` out of team `t`, best first: to another team; swapped
    /// with a member of another team; replaced by a member not placed (m to another
    /// team, or out); out of every team. Plans that break a hard rule are dropped
    /// by `apply`.
    static func plans(moving m: Int, from t: Int, teams: [Team], unplaced: [Int], teamOf: [Int], p: TeamProblem) -> [[Move]] {
        guard p.preassigned[m] < 0 else { return [] }
        let team = teams[t]
        var rest = WeekSlots.all
        for i in team.members where i != m { rest = rest.intersection(p.starts[i]) }
        let homes = homes(for: m, leaving: t, teams: teams, p: p)
        var plans: [[Move]] = homes.map { [Move(member: m, from: t, to: $0)] }
        // Swaps: r on a team u where m can stand in, and r can make this team's times.
        let others = team.members.filter { $0 != m }
        var swaps = 0
        for (u, other) in teams.enumerated() where u != t && swaps < plansPerKind && other.commonStarts.intersects(p.starts[m]) {
            for r in other.members where p.preassigned[r] < 0 && p.starts[r].intersects(rest) && swaps < plansPerKind {
                guard p.violation(members: others + [r], project: team.project, start: nil) == nil,
                      p.violation(members: other.members.filter { $0 != r } + [m], project: other.project, start: nil) == nil else { continue }
                plans.append([Move(member: m, from: t, to: u), Move(member: r, from: u, to: t)])
                swaps += 1
            }
        }
        // Stand-ins not placed so far.
        var stand: [Int] = []
        for r in unplaced where p.preassigned[r] < 0 && p.starts[r].intersects(rest) && stand.count < plansPerKind {
            if p.violation(members: others + [r], project: team.project, start: nil) == nil { stand.append(r) }
        }
        for r in stand {
            if let u = homes.first { plans.append([Move(member: m, from: t, to: u), Move(member: r, from: nil, to: t)]) }
            plans.append([Move(member: m, from: t, to: nil), Move(member: r, from: nil, to: t)])
        }
        plans.append([Move(member: m, from: t, to: nil)])
        return plans
    }

    /// Whether a member joining a team can still have all their check-ins beside
    /// its standup (at one of the team's common starts): each check-in over the
    /// pair's common starts, minus the partner's placed standup when the partner
    /// is on another team that the plan leaves as it is. Plans failing this
    /// are not worth a schedule solve.
    static func leavesRoom(_ move: Move, teams: [Team], outcome: Outcome, teamOf: [Int]) -> Bool {
        guard let to = move.to else { return true }
        let cohort = outcome.request.cohort
        let m = move.member
        let checkinLength = Week.slotCount(minutes: cohort.policy.checkinMinutes)
        var meetings: [(starts: WeekSlots, length: Int)] = [(teams[to].commonStarts, teams[to].standupSlots)]
        for pair in outcome.request.checkIns where pair.mentee == m || pair.mentor == m {
            let partner = pair.mentee == m ? pair.mentor : pair.mentee
            var starts = SchedulablePairs.commonStarts(mentee: pair.mentee, mentor: pair.mentor, cohort: cohort)
            let u = teamOf[partner]
            if u >= 0 && u != to && teams[u].members == outcome.teams.teams[u].members, let k = outcome.schedule.standupEvent[u] {
                let e = outcome.schedule.events[k]
                starts = starts.subtracting(SlotMath.blockedStarts(SlotMath.interval(start: e.startSlot, length: e.slotCount), length: checkinLength))
            }
            meetings.append((starts, checkinLength))
        }
        return meetings.count == 1 || ScheduleFeasibility.canPlaceDisjoint(meetings)
    }

    /// Starts for the meetings a plan touches — the standups of the teams it
    /// changes, the check-ins of the members it moves and of the unfitted
    /// meeting's people, and the unfitted meeting — with every other check-in and
    /// standup kept where the schedule put it (buddy days and the workshop yield
    /// to meetings and are ignored here). Exhaustive, most constrained meeting
    /// first, each at its best-scoring free start first; nil when they cannot
    /// all be placed or the search exceeds `searchNodes`.
    /// `wide`: also the check-ins and standups of everyone those meetings involve
    /// (one step further), which may move out of the way.
    static func placeLocally(_ plan: [Move], event: UnscheduledEvent, teams: [Team], outcome: Outcome, meetingsOf: [Int: [Int]],
                             wide: Bool = false) -> [SchedulePatch.Meeting]? {
        let request = outcome.request, schedule = outcome.schedule
        let cohort = request.cohort
        let checkinLength = Week.slotCount(minutes: cohort.policy.checkinMinutes)
        var touched = Set<Int>()
        for move in plan {
            if let t = move.from { touched.insert(t) }
            if let t = move.to { touched.insert(t) }
        }
        if event.kind == .standup { touched.insert(event.source) }
        // The check-ins of the moved members and of the unfitted meeting's people may move too.
        let people = Set(plan.map(\.member)).union(event.participants)
        var pairs = Set<Int>()
        for (k, pair) in request.checkIns.enumerated() where people.contains(pair.mentee) || people.contains(pair.mentor) { pairs.insert(k) }
        if event.kind == .checkin { pairs.insert(event.source) }
        if wide {
            var involved = people
            for t in touched { involved.formUnion(teams[t].members) }
            for k in pairs { involved.insert(request.checkIns[k].mentee); involved.insert(request.checkIns[k].mentor) }
            for (k, pair) in request.checkIns.enumerated() where involved.contains(pair.mentee) || involved.contains(pair.mentor) { pairs.insert(k) }
            for (t, team) in teams.enumerated() where team.members.contains(where: involved.contains) { touched.insert(t) }
        }

        var meetings: [(participants: [Int], starts: WeekSlots, length: Int, kind: EventKind, source: Int)] = []
        var replaced = Set<Int>()
        for t in touched.sorted() {
            meetings.append((teams[t].members, teams[t].commonStarts, teams[t].standupSlots, .standup, t))
            if let k = schedule.standupEvent[t] { replaced.insert(k) }
        }
        for k in pairs.sorted() {
            let pair = request.checkIns[k]
            meetings.append(([pair.mentee, pair.mentor], SchedulablePairs.commonStarts(mentee: pair.mentee, mentor: pair.mentor, cohort: cohort), checkinLength, .checkin, k))
            if let e = schedule.checkInEvent[k] { replaced.insert(e) }
        }
        // Each meeting's starts, minus what its participants' other meetings hold.
        var busy: [Int: WeekSlots] = [:]
        for m in Set(meetings.flatMap(\.participants)) {
            var b = WeekSlots()
            for k in meetingsOf[m] ?? [] where !replaced.contains(k) {
                b.formUnion(SlotMath.interval(start: schedule.events[k].startSlot, length: schedule.events[k].slotCount))
            }
            busy[m] = b
        }
        for k in meetings.indices {
            for m in meetings[k].participants { meetings[k].starts = meetings[k].starts.subtracting(SlotMath.blockedStarts(busy[m]!, length: meetings[k].length)) }
        }
        let order = meetings.sorted { ($0.starts.count, $0.kind.order, $0.source) < ($1.starts.count, $1.kind.order, $1.source) }
        if order.contains(where: { $0.starts.isEmpty }) { return nil }
        var nodes = 0
        var held: [Int: WeekSlots] = [:]
        var chosen = [Int](repeating: -1, count: order.count)
        func place(_ k: Int) -> Bool? {
            if k == order.count { return true }
            nodes += 1
            if nodes > searchNodes { return nil }
            let m = order[k]
            var open = m.starts
            for q in m.participants { if let h = held[q] { open = open.subtracting(SlotMath.blockedStarts(h, length: m.length)) } }
            let scored = open.slots.map { (start: $0, score: SlotMath.score(cohort.members, m.participants, start: $0, length: m.length)) }
            for (s, _) in scored.sorted(by: { $0.score != $1.score ? $0.score > $1.score : $0.start < $1.start }) {
                let saved = m.participants.map { held[$0] }
                for q in m.participants { held[q, default: WeekSlots()].formUnion(SlotMath.interval(start: s, length: m.length)) }
                chosen[k] = s
                let r = place(k + 1)
                if r != false { return r }
                for (q, h) in zip(m.participants, saved) { held[q] = h }
            }
            return false
        }
        guard place(0) == true else { return nil }
        return order.indices.map { SchedulePatch.Meeting(kind: order[$0].kind, source: order[$0].source, participants: order[$0].participants, start: chosen[$0]) }
    }

    /// The best placement score a team's standup could have (for the schedule's bound).
    static func bestScore(_ team: ScheduleTeam, cohort: Cohort) -> Int {
        let length = Week.slotCount(minutes: cohort.policy.standupMinutes)
        var allowed = WeekSlots.all
        for p in team.members { allowed = allowed.intersection(cohort.members[p].availability.starts(length: length)) }
        if let given = team.allowedStarts { allowed = allowed.intersection(given) }
        if allowed.isEmpty { return -Scheduler.meetingWeight }
        let full = cohort.week.fullStarts(length: length, zones: Set(team.members.map { cohort.members[$0].timeZone }))
        let participants = Array(Set(team.members)).sorted()
        return allowed.slots.map { SlotMath.score(cohort.members, participants, start: $0, length: length) + (full.contains($0) ? Scheduler.fullQuarterBonus : 0) }.max()!
    }

    /// Applies the moves; false (teams unchanged) when a touched team breaks a hard rule.
    static func apply(_ plan: [Move], to teams: inout [Team], p: TeamProblem) -> Bool {
        var next = teams
        var touched = Set<Int>()
        for move in plan {
            if let from = move.from {
                next[from].members.removeAll { $0 == move.member }
                touched.insert(from)
            }
            if let to = move.to {
                next[to].members.append(move.member)
                next[to].members.sort()
                touched.insert(to)
            }
        }
        for u in touched.sorted() {
            guard p.violation(members: next[u].members, project: next[u].project, start: nil) == nil else { return false }
            next[u] = rebuilt(next[u], members: next[u].members, p: p)
        }
        teams = next
        return true
    }

    /// (member, their team) whose move could free the event: for a standup,
    /// the team's members whose placed check-ins or buddy days overlap the
    /// team's possible standup times; for a check-in, the mentee and the
    /// mentor when their team's standup overlaps the pair's possible times.
    static func candidates(_ event: UnscheduledEvent, outcome: Outcome, teamOf: [Int], checkinLength: Int) -> [(Int, Int)] {
        let schedule = outcome.schedule
        let teams = outcome.teams.teams
        switch event.kind {
        case .standup:
            let team = teams[event.source]
            var reach = WeekSlots()
            for s in team.commonStarts.slots { reach.insert(start: s, count: team.standupSlots) }
            var blocking: [Int] = []
            for e in schedule.events where (e.kind == .checkin || e.kind == .buddy) && e.startSlot >= 0 {
                guard e.participants.contains(where: { teamOf[$0] == event.source }) else { continue }
                guard SlotMath.interval(start: e.startSlot, length: e.slotCount).intersects(reach) else { continue }
                for m in e.participants where teamOf[m] == event.source && !blocking.contains(m) { blocking.append(m) }
            }
            // The team's own blocked members first; then their check-in partners in
            // other teams, whose standups may be what keeps those check-ins in place.
            var list = blocking.sorted().map { ($0, event.source) }
            var partners: [Int] = []
            for pair in outcome.request.checkIns where blocking.contains(pair.mentee) || blocking.contains(pair.mentor) {
                for m in [pair.mentee, pair.mentor] where teamOf[m] >= 0 && teamOf[m] != event.source && !partners.contains(m) { partners.append(m) }
            }
            list += partners.sorted().map { ($0, teamOf[$0]) }
            return list
        case .checkin:
            let pair = outcome.request.checkIns[event.source]
            let starts = SchedulablePairs.commonStarts(mentee: pair.mentee, mentor: pair.mentor, cohort: outcome.request.cohort)
            var reach = WeekSlots()
            for s in starts.slots { reach.insert(start: s, count: checkinLength) }
            var list: [(Int, Int)] = []
            for m in [pair.mentee, pair.mentor] where teamOf[m] >= 0 {
                if let k = schedule.standupEvent[teamOf[m]] {
                    let e = schedule.events[k]
                    if !SlotMath.interval(start: e.startSlot, length: e.slotCount).intersects(reach) { continue }
                }
                list.append((m, teamOf[m]))
            }
            // Then their teammates: without one of them a team may have other standup times.
            for (m, t) in list {
                for other in teams[t].members where other != m { list.append((other, t)) }
            }
            return list
        default:
            return []
        }
    }

    /// Other teams `m` can join (room left, every hard rule still met), the
    /// team of one of m's chosen projects first, then the smallest, then by index.
    static func homes(for m: Int, leaving t: Int, teams: [Team], p: TeamProblem) -> [Int] {
        guard p.preassigned[m] < 0 else { return [] }
        var list: [(score: Int, size: Int, index: Int)] = []
        for (u, team) in teams.enumerated() where u != t && team.members.count < p.sizeRange(project: team.project).upperBound {
            guard team.commonStarts.intersects(p.starts[m]) else { continue }
            guard p.violation(members: team.members + [m], project: team.project, start: nil) == nil else { continue }
            list.append((p.choiceScore(m, project: team.project), team.members.count, u))
        }
        list.sort { ($0.score, -$0.size, -$0.index) > ($1.score, -$1.size, -$1.index) }
        return list.prefix(plansPerKind).map(\.index)
    }

    /// `team` with new members: its common standup starts, standup and quality recomputed.
    static func rebuilt(_ team: Team, members: [Int], p: TeamProblem) -> Team {
        var t = team
        t.members = members
        var common = WeekSlots.all
        for i in members { common = common.intersection(p.starts[i]) }
        t.commonStarts = common
        t.standupStart = common.longestRun?.start ?? 0
        t.quality = p.reportedQuality(members: members, project: team.project)
        return t
    }

    /// Placement and quality figures and the reasons of members left without a team.
    static func finish(_ outcome: inout Outcome, p: TeamProblem) {
        var formation = outcome.teams
        let cohort = p.cohort
        var placed = Set<Int>()
        for team in formation.teams { placed.formUnion(team.members) }
        for move in outcome.moves where move.to == nil && !placed.contains(move.member) {
            guard let from = move.from else { continue }
            let m = move.member
            let team = formation.teams[from]
            let partners = outcome.request.checkIns.filter { $0.mentee == m || $0.mentor == m }
                .map { cohort.members[$0.mentee == m ? $0.mentor : $0.mentee].id }
            formation.reasons[m] = "your mentor check-in(s) with \(partners.joined(separator: ", ")) and the standup of team \(team.id) could not both be scheduled, "
                + "and no other team with room has a standup time that leaves room for them"
        }
        formation.unplaced = p.eligible.filter { !placed.contains($0) }
        for i in placed { formation.reasons[i] = nil }
        let placedCount = placed.count
        TeamIsolation.recount(&formation, p, placedBefore: Int(formation.placement.objective), placedNow: placedCount)
        formation.placement.objective = Double(placedCount)
        if formation.placement.status == .optimal && Double(placedCount) < formation.placement.bound { formation.placement.status = .feasible }
        let quality = formation.teams.reduce(0) { $0 + $1.quality }
        formation.quality.objective = Double(quality)
        // Quality is proven only under a proven placement (lexicographic, docs/teams.md §2).
        if Double(quality) < formation.quality.bound || formation.placement.status != .optimal { formation.quality.status = .feasible }
        // The search's "optimal" was said of the teams before these moves: say what changed them.
        if formation.quality.status != .optimal && formation.quality.stoppedBy == TeamSearchStop.optimal.rawValue {
            formation.quality.stoppedBy = TeamSearchStop.scheduleRepair.rawValue
        }
        outcome.teams = formation
    }
}
