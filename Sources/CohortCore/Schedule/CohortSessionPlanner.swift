/// The kickoff and the mentor circles (SPEC §1, §3.6; seed 004: "a
/// goal-setting session at the start of each quarter", "a monthly mentor
/// circle"): one-off sessions in their week — the kickoff in week 1 for every
/// active member, a mentor circle in weeks 4, 8 and 12 for every mentor — each
/// at the time (or up to `workshop_sessions` times) covering the most of them
/// (`SessionCover`). An invitee's possible starts are read slot by slot with
/// that week's offsets, inside their own quarter, minus every occurrence that
/// week of the events already placed (weekly events, demo sessions, the
/// sessions before), so nobody is double-booked. docs/schedule.md §4.1.
enum CohortSessionPlanner {
    /// Weeks with a mentor circle: every fourth week of the quarter (4, 8, 12).
    static var circleWeeks: [Int] { Array(stride(from: 4, through: Week.perQuarter, by: 4)) }

    /// Replaces the kickoff and mentor-circle events of `s` (and their
    /// absences) with newly planned ones, then indexes the schedule again.
    static func add(to s: inout WeeklySchedule, request: ScheduleRequest, solver: any LinearSolver) throws(SolverError) {
        let cohort = request.cohort, members = cohort.members, policy = cohort.policy, model = cohort.week
        s.events.removeAll { $0.kind.isCohortSession }
        s.sessionAbsences = []
        var plans: [(kind: EventKind, week: Int, invited: [Int], minutes: Int)] = []
        let kickoff = Array(Set(request.kickoffAttendees)).sorted(), circle = Array(Set(request.mentorCircleAttendees)).sorted()
        if !kickoff.isEmpty { plans.append((.kickoff, 1, kickoff, policy.kickoffMinutes)) }
        if !circle.isEmpty { for w in circleWeeks { plans.append((.mentorCircle, w, circle, policy.mentorCircleMinutes)) } }
        var missed: [EventKind: [Int: [String]]] = [:]
        var numbered: [EventKind: Int] = [:]
        var invitee = [Bool](repeating: false, count: members.count)
        for plan in plans {
            let length = Week.slotCount(minutes: plan.minutes)
            let window = model.weekWindow(plan.week)
            for p in plan.invited { invitee[p] = true }
            // Each invitee's busy slots that week, and which events hold them.
            var busy: [Int: WeekSlots] = [:], holders: [Int: [String]] = [:]
            for ev in s.events {
                for t in ev.instants where t < window.upperBound && t + ev.seconds > window.lowerBound {
                    let slots = SlotMath.interval(start: WeekModel.slot(of: t), length: ev.slotCount)
                    for p in ev.participants where invitee[p] {
                        busy[p, default: WeekSlots()].formUnion(slots)
                        if let h = holders[p], h.count >= 3 || h.contains(ev.id) { continue }
                        holders[p, default: []].append(ev.id)
                    }
                }
            }
            for p in plan.invited { invitee[p] = false }
            // Starts whose session ends inside the week's seven days.
            var inside = WeekSlots()
            inside.insert(start: WeekModel.slot(of: window.lowerBound), count: Week.slots - length + 1)
            let open = plan.invited.map { model.availability(inWeek: plan.week, opening: members[$0].openingAvailability, zone: members[$0].timeZone) }
            let free = plan.invited.indices.map { open[$0].subtracting(busy[plan.invited[$0]] ?? WeekSlots()) }
            let starts = free.map { $0.starts(length: length).intersection(inside) }
            let cover = try SessionCover.solve(starts: starts, slack: free, length: length, sessions: max(1, policy.workshopSessions),
                                               solver: solver, timeLimit: policy.timeLimitSeconds)
            var attendees = [[Int]](repeating: [], count: cover.chosen.count)
            let first = CalendarDate(daysSinceEpoch: window.lowerBound / 86_400)
            let last = CalendarDate(daysSinceEpoch: (window.upperBound - 1) / 86_400)
            let what = plan.kind == .kickoff ? "the kickoff" : "the mentor circle"
            for (k, p) in plan.invited.enumerated() {
                if let i = cover.session(starts: starts[k], slack: free[k], length: length) {
                    attendees[i].append(p)
                    continue
                }
                var reason: String
                if open[k].starts(length: length).intersection(inside).isEmpty {
                    reason = "no \(plan.minutes)-minute time in your availability in week \(plan.week) (\(first) to \(last))"
                    if !members[p].openingAvailability.starts(length: length).isEmpty,
                       let note = model.changeNote(windows: members[p].localWindows, zone: members[p].timeZone) {
                        reason += ": " + note
                    }
                } else if starts[k].isEmpty {
                    reason = "every \(plan.minutes)-minute time you can make in week \(plan.week) is taken by your other meetings"
                        + (holders[p].map { " (" + $0.joined(separator: ", ") + ")" } ?? "")
                } else {
                    let times = cover.chosen.map { Week.describe(startSlot: $0, slotCount: length) + " UTC, " + CalendarDate(daysSinceEpoch: model.instant(slot: $0, week: plan.week) / 86_400).description }
                    reason = "not available at \(what) time" + (times.count == 1 ? "" : "s") + " (" + times.joined(separator: "; ") + ")"
                }
                missed[plan.kind, default: [:]][p, default: []].append(plan.kind == .kickoff ? reason : "week \(plan.week): " + reason)
            }
            for (i, slot) in cover.chosen.enumerated() where !attendees[i].isEmpty {
                let instant = model.instant(slot: slot, week: plan.week)
                let n = numbered[plan.kind, default: 0]
                numbered[plan.kind] = n + 1
                let id = plan.kind == .kickoff ? "kickoff-\(i + 1)" : "mentor-circle-w\(plan.week)-\(i + 1)"
                s.events.append(ScheduledEvent(id: id, kind: plan.kind, participants: attendees[i], startSlot: model.frameSlot(of: instant), slotCount: length,
                                               week: plan.week, occurrences: 1, source: n, instants: [instant]))
            }
        }
        for kind in [EventKind.kickoff, .mentorCircle] {
            for (p, reasons) in (missed[kind] ?? [:]).sorted(by: { $0.key < $1.key }) {
                s.sessionAbsences.append(SessionAbsence(member: p, kind: kind, reason: reasons.joined(separator: " | ")))
            }
        }
        s.sessionAbsences.sort { ($0.member, $0.kind.order) < ($1.member, $1.kind.order) }
        s.events = Scheduler.ordered(s.events)
        s.index(request)
    }

    /// A weekly event placed after the sessions (a rematch's new check-in)
    /// gives way in each week where one of its participants is at a session
    /// then: that occurrence is `skipped`, naming the session.
    static func giveWay(_ ev: inout ScheduledEvent, to sessions: [ScheduledEvent]) {
        for session in sessions where session.participants.contains(where: ev.participants.contains) {
            guard let at = session.instants.first else { continue }
            for x in ev.instants where x < at + session.seconds && at < x + ev.seconds {
                ev.instants.removeAll { $0 == x }
                ev.skipped.append(SkippedOccurrence(instant: x, replacedBy: session.id))
            }
        }
        ev.occurrences = ev.instants.count
    }
}
