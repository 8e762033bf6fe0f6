/// The schedule phase (SPEC §3.5): workshop sessions, a check-in per pair, a
/// standup per team, daily buddy check-ins, demo sessions and role rotation,
/// with nobody double-booked. Pure: the solver is injected. docs/schedule.md.
public enum Scheduler {
    /// Weight of placing a check-in or standup, far above any placement score
    /// (0…32), so the schedule first places as many events as possible.
    static let meetingWeight = 1000
    /// Weight of a buddy's daily check-in (wanted, but after the weekly meetings).
    static let buddyWeight = 100

    public static func solve(_ request: ScheduleRequest, solver: any LinearSolver) throws(SolverError) -> WeeklySchedule {
        let clock = Stopwatch()
        let cohort = request.cohort
        let members = cohort.members
        let policy = cohort.policy

        // 1. Workshop sessions.
        let workshop = try WorkshopPlanner.plan(cohort, attendees: request.workshopAttendees, solver: solver, timeLimit: policy.timeLimitSeconds)
        var session = workshop.session
        var absences = workshop.absences
        var workshopBusy = [WeekSlots](repeating: WeekSlots(), count: members.count)
        for m in members.indices where session[m] >= 0 {
            workshopBusy[m] = SlotMath.interval(start: workshop.starts[session[m]], length: workshop.length)
        }

        // 2. The recurring events and their possible starts.
        var events: [EventPlacer.Event] = []
        var unscheduled: [UnscheduledEvent] = []
        func add(_ id: String, _ kind: EventKind, _ participants: [Int], _ length: Int, _ weight: Int, _ source: Int, _ occurrences: Int, _ allowed: WeekSlots) {
            events.append(event(id, kind, participants: participants, length: length, weight: weight, source: source,
                                occurrences: occurrences, allowed: allowed, members: members))
        }
        func common(_ participants: [Int], _ length: Int) -> WeekSlots { commonStarts(participants, length: length, members: members) }
        let checkinLength = Week.slotCount(minutes: policy.checkinMinutes)
        var checkInEventSpec: [Int] = []
        for (i, pair) in request.checkIns.enumerated() {
            checkInEventSpec.append(events.count)
            events.append(checkInEvent(pair, source: i, members: members, length: checkinLength))
        }
        let standupLength = Week.slotCount(minutes: policy.standupMinutes)
        var standupEventSpec: [Int] = []
        for (i, team) in request.teams.enumerated() {
            let participants = Array(Set(team.members)).sorted()
            var allowed = common(participants, standupLength)
            if let given = team.allowedStarts { allowed = allowed.intersection(given) }
            standupEventSpec.append(events.count)
            add("standup-" + team.id, .standup, participants, standupLength, meetingWeight, i, weeklyOccurrences, allowed)
        }
        let buddyLength = Week.slotCount(minutes: policy.buddyMinutes)
        var buddyEventSpecs: [[Int]] = []
        for (i, pair) in request.buddies.enumerated() {
            let participants = [pair.newcomer, pair.buddy].sorted()
            let allowed = common(participants, buddyLength)
            var specs: [Int] = []
            for d in 0..<7 {
                let today = allowed.intersection(SlotMath.day(d))
                if today.isEmpty { continue }
                specs.append(events.count)
                add("buddy-" + members[pair.newcomer].id + "-" + Week.dayNames[d], .buddy, participants, buddyLength, buddyWeight, i, 2, today)
            }
            if specs.isEmpty {
                unscheduled.append(UnscheduledEvent(id: "buddy-" + members[pair.newcomer].id, kind: .buddy, participants: participants, source: i,
                                                    reason: "\(members[pair.newcomer].id) and \(members[pair.buddy].id) share no \(policy.buddyMinutes)-minute window"))
            }
            buddyEventSpecs.append(specs)
        }

        // 3. Place them: greedy, then GLPK on the regions greedy could not settle.
        var placer = EventPlacer(events: events, members: members, busy: workshopBusy)
        placer.greedy()
        try placer.repair(solver: solver, timeLimit: policy.timeLimitSeconds, clock: clock)

        // 4. Meetings beat lower-priority events: a check-in or standup still
        // unplaced takes a time held only by buddy days or workshop sessions, or
        // one whose blocking meetings can move to another such time. Pushed-out
        // buddy days take another time on their day if one is free; members whose
        // session a meeting now overlaps move to another session they can make, or miss it.
        var pushedBuddies: [Int] = []
        var meetingsMoved = 0, buddyDaysPushed = 0
        for e in placer.events.indices where placer.events[e].start < 0 && !placer.events[e].ranked.isEmpty && placer.events[e].kind != .buddy {
            guard let room = placer.room(for: e) else { continue }
            for f in room.buddies { placer.unplace(f); pushedBuddies.append(f) }
            for move in room.moves { placer.unplace(move.event) }
            var placed: [(event: Int, start: Int)] = []
            for move in room.moves {
                placer.place(move.event, at: move.start, score: move.score)
                placed.append((move.event, move.start))
            }
            placer.place(e, at: room.start, score: room.score)
            placed.append((e, room.start))
            for (f, start) in placed {
                let ev = placer.events[f]
                let slots = SlotMath.interval(start: start, length: ev.length)
                for p in ev.participants where workshopBusy[p].intersects(slots) {
                    // Another session, if free; else the member misses the workshop.
                    let meetings = placer.eventBusy(p)
                    workshopBusy[p] = WeekSlots()
                    session[p] = -1
                    for (i, s) in workshop.starts.enumerated() where members[p].availability.contains(start: s, count: workshop.length) {
                        let w = SlotMath.interval(start: s, length: workshop.length)
                        if !w.intersects(meetings) {
                            session[p] = i
                            workshopBusy[p] = w
                            break
                        }
                    }
                    placer.busy[p] = meetings.union(workshopBusy[p])
                    if session[p] < 0 {
                        absences.append(WorkshopAbsence(member: p, reason: f == e
                            ? "the workshop time is the only time for their \(ev.kind.rawValue) (\(ev.id))"
                            : "the workshop time is needed for their \(ev.kind.rawValue) (\(ev.id)), moved to make room for \(placer.events[e].id)"))
                    }
                }
            }
            meetingsMoved += room.moves.count
            buddyDaysPushed += room.buddies.count
        }
        // Still unplaced: a wider GLPK region each, in which the workshop yields too;
        // then members whose session a meeting now overlaps move or miss it.
        let stillUnplaced = Set(placer.events.indices.filter { placer.events[$0].start < 0 && placer.events[$0].weight >= meetingWeight })
        try placer.repairUnplacedMeetings(soft: workshopBusy, solver: solver, timeLimit: policy.timeLimitSeconds, clock: clock)
        for p in members.indices where session[p] >= 0 {
            let meetings = placer.eventBusy(p)
            guard workshopBusy[p].intersects(meetings) else { continue }
            let taking = placer.eventsOf[p].filter { f in
                placer.events[f].start >= 0 && SlotMath.interval(start: placer.events[f].start, length: placer.events[f].length).intersects(workshopBusy[p])
            }.min { placer.events[$0].id < placer.events[$1].id }!
            workshopBusy[p] = WeekSlots()
            session[p] = -1
            for (i, s) in workshop.starts.enumerated() where members[p].availability.contains(start: s, count: workshop.length) {
                let w = SlotMath.interval(start: s, length: workshop.length)
                if !w.intersects(meetings) { session[p] = i; workshopBusy[p] = w; break }
            }
            placer.busy[p] = meetings.union(workshopBusy[p])
            if session[p] < 0 {
                let ev = placer.events[taking]
                absences.append(WorkshopAbsence(member: p, reason: stillUnplaced.contains(taking)
                    ? "the workshop time is the only time left for their \(ev.kind.rawValue) (\(ev.id))"
                    : "the workshop time is needed for their \(ev.kind.rawValue) (\(ev.id)), moved to make room for another meeting"))
            }
        }
        for f in pushedBuddies.sorted() where placer.events[f].start < 0 { placer.placeBestFree(f) }

        // 5. Reasons for what is left.
        var eventIDAtSlot: [Int: [(Int, Int)]] = [:]  // member → (event, start) of placed events, for reasons
        for (e, ev) in placer.events.enumerated() where ev.start >= 0 { for p in ev.participants { eventIDAtSlot[p, default: []].append((e, ev.start)) } }
        for ev in placer.events where ev.start < 0 {
            let reason: String
            if ev.ranked.isEmpty {
                reason = noWindowReason(ev, members: members, minutes: ev.length * Week.slotMinutes, allowedGiven: ev.kind == .standup ? request.teams[ev.source].allowedStarts : nil)
            } else {
                var blockers: [String] = []
                for s in ev.ranked.prefix(64) {
                    let slots = SlotMath.interval(start: Int(s), length: ev.length)
                    for p in ev.participants {
                        if workshopBusy[p].intersects(slots) && !blockers.contains("\(members[p].id)'s workshop") { blockers.append("\(members[p].id)'s workshop") }
                        for (f, start) in eventIDAtSlot[p] ?? [] where SlotMath.interval(start: start, length: placer.events[f].length).intersects(slots) {
                            let text = "\(members[p].id)'s \(placer.events[f].id)"
                            if !blockers.contains(text) { blockers.append(text) }
                        }
                    }
                }
                let shown = blockers.prefix(3).joined(separator: ", ") + (blockers.count > 3 ? " and \(blockers.count - 3) more" : "")
                reason = "every common time (\(ev.ranked.count) starts, e.g. \(SlotMath.describe(Int(ev.ranked[0]), ev.length))) is taken by \(shown)"
            }
            if ev.kind == .buddy { continue }  // a missing day of daily check-ins is not an error
            unscheduled.append(UnscheduledEvent(id: ev.id, kind: ev.kind, participants: ev.participants, source: ev.source, reason: reason))
        }
        for (i, specs) in buddyEventSpecs.enumerated() where !specs.isEmpty && specs.allSatisfy({ placer.events[$0].start < 0 }) {
            let pair = request.buddies[i]
            unscheduled.append(UnscheduledEvent(id: "buddy-" + members[pair.newcomer].id, kind: .buddy, participants: [pair.newcomer, pair.buddy].sorted(), source: i,
                                                reason: "every common \(policy.buddyMinutes)-minute time is taken by other meetings"))
        }

        // 6. Demo sessions, around the weekly events.
        let demos = DemoPlanner.plan(cohort, teams: request.teams, busy: placer.busy)
        for (i, team) in request.teams.enumerated() where !demos.placed[i] && policy.demoDays > 0 {
            unscheduled.append(UnscheduledEvent(id: "demo-" + team.id, kind: .demo, participants: team.members.sorted(), source: i, reason: "no demo session could take the team"))
        }

        // 7. Events in schedule.csv order.
        var out: [ScheduledEvent] = []
        for (i, s) in workshop.starts.enumerated() {
            let attendees = members.indices.filter { session[$0] == i }
            out.append(ScheduledEvent(id: "workshop-\(i + 1)", kind: .workshop, participants: attendees, startSlot: s, slotCount: workshop.length, week: nil,
                                      occurrences: weeklyOccurrences, source: i))
        }
        for ev in placer.events where ev.start >= 0 { out.append(ev.scheduled(at: ev.start)) }
        for (i, d) in demos.sessions.enumerated() {
            let participants = d.teams.flatMap { request.teams[$0].members }.sorted()
            out.append(ScheduledEvent(id: "demo-w\(d.week)-\(demos.numberInWeek[i])", kind: .demo, participants: participants, startSlot: d.startSlot, slotCount: d.slotCount, week: d.week, occurrences: 1, source: i))
        }
        out = ordered(out)
        let index = EventIndex(out, checkIns: request.checkIns.count, teams: request.teams.count, buddies: request.buddies.count, demoSessions: demos.sessions.count)
        _ = checkInEventSpec; _ = standupEventSpec

        unscheduled.sort { ($0.kind.order, $0.id) < ($1.kind.order, $1.id) }
        absences.sort { $0.member < $1.member }
        let outcome = PhaseOutcome(
            status: placer.events.isEmpty ? .empty : (placer.objective == placer.bound ? .optimal : .feasible),
            objective: Double(placer.objective), bound: Double(placer.bound), seconds: clock.seconds,
            details: [("events", placer.events.count), ("placed", placer.events.filter { $0.start >= 0 }.count),
                      ("displaced_after_greedy", placer.displacedAfterGreedy), ("repair_regions", placer.regions), ("mip_solves", placer.mipSolves), ("wide_regions", placer.wideRegions),
                      ("meetings_moved_for_room", meetingsMoved), ("buddy_days_pushed", buddyDaysPushed)])
        return WeeklySchedule(
            events: out, checkInEvent: index.checkIn, standupEvent: index.standup, buddyEvents: index.buddy, workshopEvents: index.workshop,
            workshopSession: session, workshopAbsences: absences, demoSessions: demos.sessions, demoEvents: index.demo,
            rotations: request.teams.indices.map { RoleRotation.make(team: $0, members: request.teams[$0].members) },
            unscheduled: unscheduled, outcome: outcome, workshopOutcome: workshop.outcome, seconds: clock.seconds)
    }

    /// Why participants have no common start at all: the first member whose
    /// windows miss the others', or the team engine's restriction.
    static func noWindowReason(_ ev: EventPlacer.Event, members: [Member], minutes: Int, allowedGiven: WeekSlots?) -> String {
        var common = WeekSlots.all
        for (k, p) in ev.participants.enumerated() {
            let next = common.intersection(members[p].availability.starts(length: ev.length))
            if next.isEmpty {
                if k == 0 { return "\(members[p].id) has no \(minutes)-minute window" }
                let others = ev.participants.prefix(k).map { members[$0].id }.joined(separator: ", ")
                return "\(members[p].id) shares no \(minutes)-minute window with \(others)"
            }
            common = next
        }
        if allowedGiven != nil { return "none of the standup times the team was formed with is still open to all members" }
        return "no common \(minutes)-minute window"
    }
}

extension RoleRotation {
    /// Facilitator of week w is member w mod n; note-taker is member
    /// (w + k) mod n with k = (weeks per quarter) mod n (or 1), so the extra
    /// turns of the two roles fall on different members. docs/schedule.md §5.
    static func make(team: Int, members: [Int]) -> RoleRotation {
        let m = Array(Set(members)).sorted()
        let n = m.count
        guard n > 0 else { return RoleRotation(team: team, facilitator: [], noteTaker: []) }
        let r = Week.perQuarter % n
        let k = r == 0 ? 1 : r
        var f: [Int] = [], t: [Int?] = []
        for w in 0..<Week.perQuarter {
            f.append(m[w % n])
            t.append(n > 1 ? m[(w + k) % n] : nil)
        }
        return RoleRotation(team: team, facilitator: f, noteTaker: t)
    }
}
