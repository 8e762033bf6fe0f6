/// Changes a few weekly meetings of a finished schedule without solving it
/// again (docs/schedule.md §0.1 step 4): the team repair re-places the
/// standups of the teams it changes and the check-ins of the members it moves,
/// and only what yields to them moves — a buddy day to another free time of its
/// day (or it is dropped), a member's workshop session to another one they can
/// make (or they miss it). `finish` then recomputes what depends on the whole
/// week: occurrences, demo sessions, role rotations, order and the outcome.
enum SchedulePatch {
    /// A check-in or standup at its new start (frame slot).
    struct Meeting {
        var kind: EventKind
        /// Index into the request's `checkIns` or `teams`.
        var source: Int
        var participants: [Int]
        var start: Int
    }

    /// Puts `meetings` at their starts in `schedule` (whose request is now
    /// `request`: teams may have new members, same order and ids).
    static func apply(_ schedule: inout WeeklySchedule, request: ScheduleRequest, meetings: [Meeting]) {
        let cohort = request.cohort
        let members = cohort.members
        var touchedPeople = Set<Int>()
        var placed: [(start: Int, length: Int)] = []
        for m in meetings {
            let length = Week.slotCount(minutes: m.kind == .checkin ? cohort.policy.checkinMinutes : cohort.policy.standupMinutes)
            let id = m.kind == .checkin ? "checkin-" + members[request.checkIns[m.source].mentee].id : "standup-" + request.teams[m.source].id
            let existing = m.kind == .checkin ? schedule.checkInEvent[m.source] : schedule.standupEvent[m.source]
            let participants = Array(Set(m.participants)).sorted()
            if let k = existing {
                touchedPeople.formUnion(schedule.events[k].participants)
                schedule.events[k].participants = participants
                schedule.events[k].startSlot = m.start
                schedule.events[k].instants = []
                schedule.events[k].skipped = []
            } else {
                let k = schedule.events.count
                schedule.events.append(ScheduledEvent(id: id, kind: m.kind, participants: participants, startSlot: m.start, slotCount: length,
                                                      week: nil, occurrences: WeekModel.weeks, source: m.source))
                if m.kind == .checkin { schedule.checkInEvent[m.source] = k } else { schedule.standupEvent[m.source] = k }
            }
            schedule.unscheduled.removeAll { $0.kind == m.kind && $0.source == m.source }
            touchedPeople.formUnion(participants)
            placed.append((m.start, length))
        }
        // What yields: buddy days and workshop sessions of the people concerned.
        var eventsOf: [Int: [Int]] = [:]
        for (k, ev) in schedule.events.enumerated() where ev.kind != .demo {
            for p in ev.participants where touchedPeople.contains(p) { eventsOf[p, default: []].append(k) }
        }
        func busy(_ p: Int, except: Int? = nil) -> WeekSlots {
            var b = WeekSlots()
            for k in eventsOf[p] ?? [] where k != except && schedule.events[k].kind != .workshop && schedule.events[k].startSlot >= 0 {
                b.insert(start: schedule.events[k].startSlot, count: schedule.events[k].slotCount)
            }
            return b
        }
        let meetingKinds: Set<EventKind> = [.checkin, .standup]
        for p in touchedPeople.sorted() {
            var meetingsBusy = WeekSlots()
            for k in eventsOf[p] ?? [] where meetingKinds.contains(schedule.events[k].kind) {
                meetingsBusy.insert(start: schedule.events[k].startSlot, count: schedule.events[k].slotCount)
            }
            // Buddy days that now overlap a meeting: another free time that day, or dropped.
            for k in eventsOf[p] ?? [] where schedule.events[k].kind == .buddy && schedule.events[k].startSlot >= 0 {
                let ev = schedule.events[k]
                guard SlotMath.interval(start: ev.startSlot, length: ev.slotCount).intersects(meetingsBusy) else { continue }
                var open = SlotMath.day(ev.startSlot / Week.slotsPerDay)
                for q in ev.participants {
                    open = open.intersection(members[q].availability.starts(length: ev.slotCount)).subtracting(SlotMath.blockedStarts(busy(q, except: k), length: ev.slotCount))
                }
                let best = open.slots.max { SlotMath.score(members, ev.participants, start: $0, length: ev.slotCount) < SlotMath.score(members, ev.participants, start: $1, length: ev.slotCount) }
                schedule.events[k].startSlot = best ?? -1
                schedule.events[k].instants = []
            }
            // A workshop session that now overlaps a meeting: another one, or none.
            let session = schedule.workshopSession[p]
            guard session >= 0 else { continue }
            let w = schedule.events[schedule.workshopEvents[session]]
            guard SlotMath.interval(start: w.startSlot, length: w.slotCount).intersects(meetingsBusy) else { continue }
            let taken = busy(p)
            schedule.workshopSession[p] = -1
            schedule.events[schedule.workshopEvents[session]].participants.removeAll { $0 == p }
            let track = session < schedule.workshopTrack.count ? schedule.workshopTrack[session] : nil
            for (i, e) in schedule.workshopEvents.enumerated() where i != session && (i < schedule.workshopTrack.count ? schedule.workshopTrack[i] : nil) == track {
                let other = schedule.events[e]
                if members[p].availability.contains(start: other.startSlot, count: other.slotCount)
                    && !SlotMath.interval(start: other.startSlot, length: other.slotCount).intersects(taken) {
                    schedule.workshopSession[p] = i
                    schedule.events[e].participants = (other.participants + [p]).sorted()
                    break
                }
            }
            if schedule.workshopSession[p] < 0 {
                let why = meetings.first { $0.participants.contains(p) }
                let id = why.map { $0.kind == .checkin ? "checkin-" + members[request.checkIns[$0.source].mentee].id : "standup-" + request.teams[$0.source].id } ?? "a meeting"
                schedule.workshopAbsences.append(WorkshopAbsence(member: p, reason: "the workshop time is needed for their \(id), moved when a team changed so that check-ins and standups fit"))
            }
        }
    }

    /// Everything that depends on the whole week, after one or more `apply`:
    /// dropped buddy days out, occurrences of the changed events, demo sessions
    /// planned again (standups given back the weeks they gave way), events in
    /// schedule.csv order with their indices, role rotations and the outcome.
    static func finish(_ schedule: inout WeeklySchedule, request: ScheduleRequest, boundChange: Int, solver: any LinearSolver) throws(SolverError) {
        let cohort = request.cohort
        let members = cohort.members
        let week = cohort.week
        // Buddy days with no time left are dropped; a pair left with none is reported.
        let droppedPairs = Set(schedule.events.filter { $0.kind == .buddy && $0.startSlot < 0 }.map(\.source))
        schedule.events.removeAll { $0.kind == .buddy && $0.startSlot < 0 }
        for i in droppedPairs.sorted() where !schedule.events.contains(where: { $0.kind == .buddy && $0.source == i }) {
            let pair = request.buddies[i]
            schedule.unscheduled.append(UnscheduledEvent(id: "buddy-" + members[pair.newcomer].id, kind: .buddy, participants: [pair.newcomer, pair.buddy].sorted(),
                                                         source: i, reason: "every common \(cohort.policy.buddyMinutes)-minute time is taken by other meetings"))
        }
        // Occurrences: standups get back the weeks they gave to a demo; changed events are computed again.
        schedule.events.removeAll { $0.kind == .demo || $0.kind.isCohortSession }
        schedule.unscheduled.removeAll { $0.kind == .demo }
        for k in schedule.events.indices {
            var ev = schedule.events[k]
            if !ev.skipped.isEmpty {
                ev.instants = (ev.instants + ev.skipped.map(\.instant)).sorted()
                ev.skipped = []
            }
            if ev.instants.isEmpty {
                let count = ev.kind == .buddy ? 2 : WeekModel.weeks
                ev.instants = week.occurrences(startSlot: ev.startSlot, length: ev.slotCount, zones: Set(ev.participants.map { members[$0].timeZone }), count: count)
                ev.occurrences = ev.instants.count
            }
            schedule.events[k] = ev
        }
        schedule.events = Scheduler.ordered(schedule.events)
        var standupEvent = [Int?](repeating: nil, count: request.teams.count)
        for (k, ev) in schedule.events.enumerated() where ev.kind == .standup { standupEvent[ev.source] = k }
        let demos = DemoPlanner.plan(cohort, teams: request.teams, events: schedule.events, standupEvent: standupEvent)
        Scheduler.addDemos(demos, to: &schedule, request: request, standupEvent: standupEvent)
        try CohortSessionPlanner.add(to: &schedule, request: request, solver: solver)
        schedule.rotations = request.teams.indices.map { RoleRotation.make(team: $0, members: request.teams[$0].members) }
        schedule.unscheduled.sort { ($0.kind.order, $0.id) < ($1.kind.order, $1.id) }
        schedule.workshopAbsences.sort { $0.member < $1.member }

        // The outcome: objective over the placed meetings and buddy days, the bound moved by the changed teams.
        var objective = 0, placedCount = 0
        for ev in schedule.events where ev.kind == .checkin || ev.kind == .standup || ev.kind == .buddy {
            placedCount += 1
            objective += (ev.kind == .buddy ? Scheduler.buddyWeight : Scheduler.meetingWeight) + Scheduler.score(ev, cohort: cohort)
        }
        schedule.outcome.objective = Double(objective)
        schedule.outcome.bound = max(Double(objective), schedule.outcome.bound + Double(boundChange))
        schedule.outcome.status = schedule.outcome.objective >= schedule.outcome.bound ? .optimal : .feasible
        if let k = schedule.outcome.details.firstIndex(where: { $0.name == "placed" }) { schedule.outcome.details[k].value = placedCount }
    }
}
