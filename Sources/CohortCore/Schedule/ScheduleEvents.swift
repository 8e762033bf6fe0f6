/// How the scheduler builds, orders and indexes its events; `Scheduler.solve`
/// and `cohort rematch` (placing new check-ins) share them.
extension Scheduler {
    /// A weekly event (check-in, standup, workshop session) repeats in every week of the quarter.
    static let weeklyOccurrences = Week.perQuarter

    /// The starts at which every participant is free for `length` slots.
    static func commonStarts(_ participants: [Int], length: Int, members: [Member]) -> WeekSlots {
        var s = WeekSlots.all
        for p in participants { s = s.intersection(members[p].availability.starts(length: length)) }
        return s
    }

    /// An event to place, its `allowed` starts ranked by placement score (a start
    /// at which it takes place in every week of everyone's quarter scores `fullQuarterBonus` more).
    static func event(_ id: String, _ kind: EventKind, participants: [Int], length: Int, weight: Int, source: Int, occurrences: Int,
                      allowed: WeekSlots, members: [Member], week: WeekModel) -> EventPlacer.Event {
        let full = week.fullStarts(length: length, zones: Set(participants.map { members[$0].timeZone }), count: occurrences)
        let (ranked, scores) = EventPlacer.rank(allowed, participants: participants, length: length, members: members, full: full)
        return EventPlacer.Event(id: id, kind: kind, participants: participants, length: length, weight: weight, source: source,
                                 occurrences: occurrences, allowed: allowed, ranked: ranked, scores: scores)
    }

    /// The weekly check-in of a mentor pair, `source` its index in the
    /// request's check-ins: `checkin-MENTEE`, at the starts both can make.
    static func checkInEvent(_ pair: CheckInPair, source: Int, members: [Member], length: Int, week: WeekModel) -> EventPlacer.Event {
        let participants = [pair.mentee, pair.mentor].sorted()
        return event("checkin-" + members[pair.mentee].id, .checkin, participants: participants, length: length, weight: meetingWeight,
                     source: source, occurrences: weeklyOccurrences, allowed: commonStarts(participants, length: length, members: members), members: members, week: week)
    }

    /// Events in schedule.csv order: by kind; demo sessions, kickoff and
    /// mentor circles by week then session, workshop sessions by number, the others by id.
    static func ordered(_ events: [ScheduledEvent]) -> [ScheduledEvent] {
        let order = events.indices.sorted { a, b in
            let x = events[a], y = events[b]
            if x.kind.order != y.kind.order { return x.kind.order < y.kind.order }
            if x.kind == .demo || x.kind.isCohortSession { return (x.week ?? 0, x.source) < (y.week ?? 0, y.source) }
            if x.kind == .workshop { return x.source < y.source }
            return x.id < y.id
        }
        return order.map { events[$0] }
    }
}

extension EventPlacer.Event {
    /// This event at `start`, as the schedule lists it (`instants`: when it takes
    /// place, `WeekModel.occurrences`; empty until the caller sets them).
    func scheduled(at start: Int, instants: [Int] = []) -> ScheduledEvent {
        ScheduledEvent(id: id, kind: kind, participants: participants, startSlot: start, slotCount: length, week: nil,
                       occurrences: instants.isEmpty ? occurrences : instants.count, source: source, instants: instants)
    }
}

/// Where each check-in, standup, pod meeting, buddy pair, workshop
/// session, demo session, kickoff and mentor circle of a request is in a
/// schedule's event list (`WeeklySchedule`'s indices).
struct EventIndex {
    var checkIn: [Int?]
    var standup: [Int?]
    var pod: [Int?]
    var buddy: [[Int]]
    var workshop: [Int] = []
    var demo: [Int]
    var kickoff: [Int] = []
    var mentorCircle: [Int] = []

    init(_ events: [ScheduledEvent], checkIns: Int, teams: Int, buddies: Int, demoSessions: Int, pods: Int = 0) {
        checkIn = [Int?](repeating: nil, count: checkIns)
        standup = [Int?](repeating: nil, count: teams)
        pod = [Int?](repeating: nil, count: pods)
        buddy = [[Int]](repeating: [], count: buddies)
        demo = [Int](repeating: -1, count: demoSessions)
        for (k, ev) in events.enumerated() {
            switch ev.kind {
            case .checkin: checkIn[ev.source] = k
            case .standup: standup[ev.source] = k
            case .pod: if ev.source < pods { pod[ev.source] = k }  // placed after the schedule (`PodMeetings`)
            case .buddy: buddy[ev.source].append(k)
            case .workshop: workshop.append(k)
            case .demo: demo[ev.source] = k
            case .kickoff: kickoff.append(k)
            case .mentorCircle: mentorCircle.append(k)
            }
        }
    }
}

extension WeeklySchedule {
    /// Every per-item event index, from the events as they stand (in `Scheduler.ordered` order).
    mutating func index(_ request: ScheduleRequest) {
        let index = EventIndex(events, checkIns: request.checkIns.count, teams: request.teams.count, buddies: request.buddies.count,
                               demoSessions: demoSessions.count, pods: request.pods.count)
        checkInEvent = index.checkIn
        standupEvent = index.standup
        podEvent = index.pod
        buddyEvents = index.buddy
        workshopEvents = index.workshop
        demoEvents = index.demo
        kickoffEvents = index.kickoff
        mentorCircleEvents = index.mentorCircle
    }
}
