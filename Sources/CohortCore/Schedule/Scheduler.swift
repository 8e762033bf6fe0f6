/// The schedule phase (SPEC §3.6): workshop sessions (per track), a check-in
/// per pair, a standup per team, daily buddy check-ins, demo sessions, the
/// kickoff, the mentor circles and role rotation, with nobody double-booked
/// (pod meetings are placed afterwards: `PodMeetings`). Pure: the solver is injected. docs/schedule.md.
public enum Scheduler {
    /// Weight of placing a check-in or standup, far above any placement score
    /// (0…32), so the schedule first places as many events as possible.
    static let meetingWeight = 1000
    /// Weight of a buddy's daily check-in (wanted, but after the weekly meetings).
    static let buddyWeight = 100
    /// Added to the score of a start at which the meeting takes place in every
    /// week of every participant's quarter (above any placement score, 0…32,
    /// below an event's weight): a start whose first week would fall before
    /// someone's quarter begins, or whose last after it ends, is taken only
    /// when nothing better is free, and then the meeting has one week fewer.
    static let fullQuarterBonus = 33

    /// `progress` hears the repair's regions.
    public static func solve(_ request: ScheduleRequest, solver: any LinearSolver, progress: ProgressMeter = .none) throws(SolverError) -> WeeklySchedule {
        let clock = Stopwatch()
        let cohort = request.cohort
        let members = cohort.members
        let policy = cohort.policy

        // 1. Workshop sessions (each track its own).
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
                                occurrences: occurrences, allowed: allowed, members: members, week: cohort.week))
        }
        func common(_ participants: [Int], _ length: Int) -> WeekSlots { commonStarts(participants, length: length, members: members) }
        let checkinLength = Week.slotCount(minutes: policy.checkinMinutes)
        var checkInEventSpec: [Int] = []
        for (i, pair) in request.checkIns.enumerated() {
            checkInEventSpec.append(events.count)
            events.append(checkInEvent(pair, source: i, members: members, length: checkinLength, week: cohort.week))
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
        placer.progress = progress
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
                    for i in workshop.sessions(of: p, cohort: cohort) where members[p].availability.contains(start: workshop.starts[i], count: workshop.length) {
                        let w = SlotMath.interval(start: workshop.starts[i], length: workshop.length)
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
            for i in workshop.sessions(of: p, cohort: cohort) where members[p].availability.contains(start: workshop.starts[i], count: workshop.length) {
                let w = SlotMath.interval(start: workshop.starts[i], length: workshop.length)
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
                reason = noWindowReason(ev, cohort: cohort, minutes: ev.length * Week.slotMinutes, allowedGiven: ev.kind == .standup ? request.teams[ev.source].allowedStarts : nil)
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
                reason = "every common time (\(ev.ranked.count) starts, e.g. \(cohort.week.describe(startSlot: Int(ev.ranked[0]), slotCount: ev.length))) is taken by \(shown)"
            }
            if ev.kind == .buddy { continue }  // a missing day of daily check-ins is not an error
            unscheduled.append(UnscheduledEvent(id: ev.id, kind: ev.kind, participants: ev.participants, source: ev.source, reason: reason))
        }
        for (i, specs) in buddyEventSpecs.enumerated() where !specs.isEmpty && specs.allSatisfy({ placer.events[$0].start < 0 }) {
            let pair = request.buddies[i]
            unscheduled.append(UnscheduledEvent(id: "buddy-" + members[pair.newcomer].id, kind: .buddy, participants: [pair.newcomer, pair.buddy].sorted(), source: i,
                                                reason: "every common \(policy.buddyMinutes)-minute time is taken by other meetings"))
        }

        // 6. The weekly events in schedule.csv order, with the instants they take place.
        let week = cohort.week
        func instants(_ participants: [Int], start: Int, length: Int, count: Int) -> [Int] {
            week.occurrences(startSlot: start, length: length, zones: Set(participants.map { members[$0].timeZone }), count: count)
        }
        var out: [ScheduledEvent] = []
        var numberInTrack = 0
        for (i, s) in workshop.starts.enumerated() {
            let attendees = members.indices.filter { session[$0] == i }
            let times = instants(attendees, start: s, length: workshop.length, count: weeklyOccurrences)
            numberInTrack = i > 0 && workshop.track[i] == workshop.track[i - 1] ? numberInTrack + 1 : 1
            let id = workshop.track[i].map { "workshop-track\($0 + 1)-\(numberInTrack)" } ?? "workshop-\(i + 1)"
            out.append(ScheduledEvent(id: id, kind: .workshop, participants: attendees, startSlot: s, slotCount: workshop.length, week: nil,
                                      occurrences: times.count, source: i, instants: times))
        }
        for ev in placer.events where ev.start >= 0 {
            var scheduled = ev.scheduled(at: ev.start)
            scheduled.instants = instants(ev.participants, start: ev.start, length: ev.length, count: ev.occurrences)
            scheduled.occurrences = scheduled.instants.count
            out.append(scheduled)
        }
        out = ordered(out)
        var standupEvent = [Int?](repeating: nil, count: request.teams.count)
        for (k, ev) in out.enumerated() where ev.kind == .standup { standupEvent[ev.source] = k }

        // 7. Demo sessions, around the weekly events; a standup whose time its team spends
        // at its demo session that week gives way. Then the kickoff and the mentor circles.
        let demos = DemoPlanner.plan(cohort, teams: request.teams, events: out, standupEvent: standupEvent)
        var result = WeeklySchedule(
            events: out, checkInEvent: [], standupEvent: [], buddyEvents: [], workshopEvents: [],
            workshopSession: session, workshopAbsences: absences, demoSessions: [], demoEvents: [],
            rotations: request.teams.indices.map { RoleRotation.make(team: $0, members: request.teams[$0].members) },
            unscheduled: unscheduled, outcome: PhaseOutcome(status: .empty, objective: 0, bound: 0, seconds: 0), workshopOutcome: workshop.outcome, seconds: 0)
        result.workshopTrack = workshop.track
        Scheduler.addDemos(demos, to: &result, request: request, standupEvent: standupEvent)
        try CohortSessionPlanner.add(to: &result, request: request, solver: solver)
        _ = checkInEventSpec; _ = standupEventSpec

        result.unscheduled.sort { ($0.kind.order, $0.id) < ($1.kind.order, $1.id) }
        result.workshopAbsences.sort { $0.member < $1.member }
        result.outcome = PhaseOutcome(
            status: placer.events.isEmpty ? .empty : (placer.objective == placer.bound ? .optimal : .feasible),
            objective: Double(placer.objective), bound: Double(placer.bound), seconds: clock.seconds,
            details: [("events", placer.events.count), ("placed", placer.events.filter { $0.start >= 0 }.count),
                      ("displaced_after_greedy", placer.displacedAfterGreedy), ("repair_regions", placer.regions), ("mip_solves", placer.mipSolves), ("wide_regions", placer.wideRegions),
                      ("meetings_moved_for_room", meetingsMoved), ("buddy_days_pushed", buddyDaysPushed)])
        result.seconds = clock.seconds
        return result
    }

    /// Adds the demo sessions of `demos` to a schedule holding the weekly events
    /// (in `ordered` order): their events, the standup weeks they take, the
    /// rows of teams that cannot present; then every index of the schedule.
    static func addDemos(_ demos: DemoPlanner.Plan, to s: inout WeeklySchedule, request: ScheduleRequest, standupEvent: [Int?]) {
        for (i, team) in request.teams.enumerated() where !demos.placed[i] {
            s.unscheduled.append(UnscheduledEvent(id: "demo-" + team.id, kind: .demo, participants: Array(Set(team.members)).sorted(), source: i,
                                                  reason: demos.reasons[i] ?? "no demo session could take the team"))
        }
        for (i, d) in demos.sessions.enumerated() {
            let participants = Array(Set(d.teams.flatMap { request.teams[$0].members })).sorted()
            let id = "demo-w\(d.week)-\(demos.numberInWeek[i])"
            let end = d.instant + d.slotCount * Week.slotMinutes * 60
            for t in d.teams {
                guard let k = standupEvent[t] else { continue }
                for x in s.events[k].instants where x < end && d.instant < x + s.events[k].seconds {
                    s.events[k].instants.removeAll { $0 == x }
                    s.events[k].skipped.append(SkippedOccurrence(instant: x, replacedBy: id))
                }
            }
            s.events.append(ScheduledEvent(id: id, kind: .demo, participants: participants, startSlot: request.cohort.week.frameSlot(of: d.instant), slotCount: d.slotCount,
                                           week: d.week, occurrences: 1, source: i, instants: [d.instant]))
        }
        s.demoSessions = demos.sessions
        s.demoNotes = demos.notes
        s.index(request)
    }

    /// The placement score of a placed weekly event (`SlotMath.score`, plus
    /// `fullQuarterBonus` when it takes place in every week of everyone's quarter).
    static func score(_ ev: ScheduledEvent, cohort: Cohort) -> Int {
        let full = cohort.week.fullStarts(length: ev.slotCount, zones: Set(ev.participants.map { cohort.members[$0].timeZone }), count: ev.kind == .buddy ? 2 : WeekModel.weeks)
        return SlotMath.score(cohort.members, ev.participants, start: ev.startSlot, length: ev.slotCount) + (full.contains(ev.startSlot) ? fullQuarterBonus : 0)
    }

    /// Why participants have no common start at all: the first member whose
    /// windows miss the others', or the team engine's restriction.
    static func noWindowReason(_ ev: EventPlacer.Event, cohort: Cohort, minutes: Int, allowedGiven: WeekSlots?) -> String {
        let members = cohort.members
        var common = WeekSlots.all
        for (k, p) in ev.participants.enumerated() {
            let next = common.intersection(members[p].availability.starts(length: ev.length))
            if next.isEmpty {
                if k == 0 { return "\(members[p].id) has no \(minutes)-minute window" }
                let others = ev.participants.prefix(k).map { members[$0].id }.joined(separator: ", ")
                let note = cohort.daylightSavingNote(p, others: ev.participants.prefix(k), length: ev.length, role: "other participant", owner: members[p].id + "'s")
                return "\(members[p].id) shares no \(minutes)-minute window with \(others)" + (note.map { ": " + $0 } ?? "")
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
