import Foundation

/// A meeting's weekly UTC time as the CSV columns show it.
public struct MeetingTime: Sendable, Hashable {
    /// Mon…Sun (UTC).
    public var day: String
    /// HH:MM (UTC).
    public var start: String
    /// HH:MM (UTC); past midnight it is the next day's time.
    public var end: String
}

/// Renders a `WeeklySchedule` as text: schedule.csv, the check-in and standup
/// columns of pairings.csv and teams.csv, local times with daylight-saving
/// notes, and one iCalendar file per member. Pure and deterministic.
public struct ScheduleText: Sendable {
    public let schedule: WeeklySchedule
    public let request: ScheduleRequest
    /// Per member: indices of the events they take part in, in schedule order.
    public let eventsOf: [[Int]]

    public init(_ schedule: WeeklySchedule, request: ScheduleRequest) {
        self.schedule = schedule
        self.request = request
        var eventsOf = [[Int]](repeating: [], count: request.cohort.members.count)
        for (e, ev) in schedule.events.enumerated() { for p in ev.participants { eventsOf[p].append(e) } }
        self.eventsOf = eventsOf
    }

    var cohort: Cohort { request.cohort }

    // MARK: CSV columns

    /// The UTC weekday and times of the event's first occurrence.
    public func time(ofEvent e: Int) -> MeetingTime {
        let ev = schedule.events[e]
        let start = WeekModel.slot(of: firstInstant(e)) * Week.slotMinutes
        let (day, from) = Week.dayAndTime(minuteOfWeek: start)
        let (_, to) = Week.dayAndTime(minuteOfWeek: start + ev.slotCount * Week.slotMinutes)
        return MeetingTime(day: day, start: from, end: to)
    }

    /// checkin_day, checkin_start, checkin_end of a pair (request order); nil when not scheduled.
    public func checkInTime(pair: Int) -> MeetingTime? { schedule.checkInEvent[pair].map(time(ofEvent:)) }

    /// standup_day, standup_start, standup_end of a team (request order); nil when not scheduled.
    public func standupTime(team: Int) -> MeetingTime? { schedule.standupEvent[team].map(time(ofEvent:)) }

    /// mentee_local_time and mentor_local_time of a pair ("" when not scheduled).
    public func checkInLocalTimes(pair: Int) -> (mentee: String, mentor: String) {
        guard let e = schedule.checkInEvent[pair] else { return ("", "") }
        let p = request.checkIns[pair]
        return (localTime(member: p.mentee, event: e), localTime(member: p.mentor, event: e))
    }

    /// "Tue 19:00-19:30 Europe/Berlin", and when daylight-saving time moves the
    /// meeting during the quarter: "…; from 2027-03-29: Tue 20:00-20:30 (daylight-saving time change)";
    /// a weekly meeting that does not take place every week says when it does
    /// ("; 11 weeks, 2027-03-01 to 2027-05-10") and which week it gives way ("; not 2027-03-15: demo-w4-1").
    public func localTime(member: Int, event e: Int) -> String {
        let m = cohort.members[member]
        let ev = schedule.events[e]
        let zone = cohort.week.timeline(m.timeZone)
        let times = recurrences(e)
        let length = ev.slotCount * Week.slotMinutes
        func describe(_ instant: Int) -> (text: String, date: String, minute: Int, day: Int) {
            let (date, minute) = zone.local(instant)
            let end = (minute + length) % 1440
            return (Week.dayNames[date.weekday] + " " + Week.clock(minute) + "-" + Week.clock(end), date.description, minute, date.weekday)
        }
        guard let first = times.first else { return "" }
        let base = describe(first)
        var text = base.text + " " + m.timeZone
        var last = (base.minute, base.day)
        for instant in times.dropFirst() {
            let d = describe(instant)
            if (d.minute, d.day) != last {
                text += "; from " + d.date + ": " + d.text + " (daylight-saving time change)"
                last = (d.minute, d.day)
            }
        }
        let expected = ev.kind == .buddy ? 2 : ev.week == nil ? WeekModel.weeks : 1
        if times.count < expected {
            text += "; \(times.count) weeks, " + base.date + " to " + describe(times[times.count - 1]).date
        }
        for skip in ev.skipped.sorted(by: { $0.instant < $1.instant }) {
            text += "; not " + describe(skip.instant).date + ": " + skip.replacedBy
        }
        return text
    }

    /// Start of every weekly recurrence of an event (taking place or given way), ascending.
    public func recurrences(_ e: Int) -> [Int] {
        let ev = schedule.events[e]
        if ev.skipped.isEmpty { return ev.instants }
        return (ev.instants + ev.skipped.map(\.instant)).sorted()
    }

    /// Seconds since the epoch of the event's first occurrence (every
    /// participant's quarter has begun by then; docs/schedule.md §1.1).
    public func firstInstant(_ e: Int) -> Int {
        if let first = recurrences(e).first { return first }
        let ev = schedule.events[e]
        return cohort.week.instant(slot: ev.startSlot, week: ev.week ?? 1)
    }

    // MARK: schedule.csv

    /// "Tue 19:00-19:30 Europe/Berlin" or "Tue 18:00-18:30 UTC": the event in the schedule's clock.
    public func clockTime(_ e: Int) -> String {
        let ev = schedule.events[e]
        let week = cohort.week
        let local = week.clockZone == nil ? (WeekModel.slot(of: firstInstant(e)) * Week.slotMinutes) : (week.frameSlot(of: firstInstant(e)) * Week.slotMinutes + week.clock.initialOffset)
        let (day, from) = Week.dayAndTime(minuteOfWeek: local)
        let (_, to) = Week.dayAndTime(minuteOfWeek: local + ev.slotCount * Week.slotMinutes)
        return day + " " + from + "-" + to + " " + (week.clockZone ?? "UTC")
    }

    public static let scheduleHeader = ["event_id", "kind", "day", "start", "end", "participants", "week", "date", "team_ids", "clock_time", "occurrences"]

    /// schedule.csv: one row per event (workshop sessions, check-ins, standups,
    /// buddy check-ins, demo sessions). Participants are member ids separated
    /// by `;`; `date` is the first occurrence (UTC); `team_ids` lists the teams
    /// of a standup or demo session; `clock_time` the time in the schedule's
    /// clock, which it keeps all quarter ("Tue 19:00-19:30 Europe/Berlin"; with
    /// the UTC clock the UTC time); `occurrences` how many times it takes place.
    public func scheduleCSV(writer: CSVWriter = CSVWriter()) -> String {
        var rows: [[String]] = []
        rows.reserveCapacity(schedule.events.count)
        for (e, ev) in schedule.events.enumerated() {
            let t = time(ofEvent: e)
            let date = CalendarDate(daysSinceEpoch: firstInstant(e) / 86_400).description
            var teamIDs = ""
            switch ev.kind {
            case .standup: teamIDs = request.teams[ev.source].id
            case .demo: teamIDs = schedule.demoSessions[ev.source].teams.map { request.teams[$0].id }.joined(separator: ";")
            default: break
            }
            rows.append([ev.id, ev.kind.rawValue, t.day, t.start, t.end, ev.participants.map { cohort.members[$0].id }.joined(separator: ";"),
                         ev.week.map(String.init) ?? "", date, teamIDs, clockTime(e), String(ev.instants.count)])
        }
        return writer.write(header: Self.scheduleHeader, rows: rows)
    }

    // MARK: iCalendar

    /// `calendar/ID.ics` names, one per member (collision-safe, see `CalendarFileName`).
    public func calendarFileNames() -> [String] { CalendarFileName.names(for: cohort.members.map(\.id)) }

    /// The member's calendar (RFC 5545), or nil when they have no event.
    public func calendar(member: Int) -> String? { calendarFile(member: member)?.text }

    /// The member's calendar as values (for `CalendarFile.revised(from:)`), or nil when they have no event.
    /// Every event has ORGANIZER (`organizer_email`, else `Policy.noreplyOrganizer`) and SEQUENCE 0.
    /// Weekly events repeat with `RRULE:FREQ=WEEKLY;COUNT=n` from their first
    /// occurrence; an occurrence that gives way (a standup at the team's demo) is an `EXDATE`.
    /// With the UTC clock times are in UTC; with a zone clock in that zone
    /// (`TZID`, with its VTIMEZONE), whose local time the schedule keeps.
    public func calendarFile(member: Int) -> CalendarFile? {
        let events = eventsOf[member]
        if events.isEmpty { return nil }
        let m = cohort.members[member]
        typealias P = CalendarFile.Property
        let organizer = cohort.policy.organizerEmail.isEmpty ? Policy.noreplyOrganizer : cohort.policy.organizerEmail
        let clock = cohort.week.clock
        let zoneName = cohort.week.clockZone
        var out: [CalendarFile.Event] = []
        for e in events {
            let ev = schedule.events[e]
            let times = recurrences(e)
            guard let start = times.first else { continue }
            var props: [P] = [P("ORGANIZER;CN=\"cohort\"", "mailto:" + organizer)]
            if let zoneName {
                let local = start + clock.offset(at: start) * 60
                props.append(P("DTSTART;TZID=" + zoneName, ICalendarWriter.local(local)))
                props.append(P("DTEND;TZID=" + zoneName, ICalendarWriter.local(local + ev.seconds)))
            } else {
                props.append(P("DTSTART", ICalendarWriter.utc(start)))
                props.append(P("DTEND", ICalendarWriter.utc(start + ev.seconds)))
            }
            if times.count > 1 { props.append(P("RRULE", "FREQ=WEEKLY;COUNT=\(times.count)")) }
            for skip in ev.skipped.sorted(by: { $0.instant < $1.instant }) {
                props.append(zoneName.map { P("EXDATE;TZID=" + $0, ICalendarWriter.local(skip.instant + clock.offset(at: skip.instant) * 60)) }
                             ?? P("EXDATE", ICalendarWriter.utc(skip.instant)))
            }
            props.append(P("SUMMARY", ICalendarWriter.escape(summary(ev, member: member))))
            props.append(P("DESCRIPTION", ICalendarWriter.escape(description(ev, event: e, member: member))))
            props.append(P("TRANSP", "OPAQUE"))
            if ev.kind == .checkin || ev.kind == .standup || ev.kind == .buddy {
                for p in ev.participants {
                    let email = cohort.members[p].email
                    guard Self.isPlainEmail(email) else { continue }
                    props.append(P("ATTENDEE;CN=" + ICalendarWriter.parameter(display(p)), "mailto:" + email))
                }
            }
            out.append(CalendarFile.Event(uid: ICalendarWriter.hash(ev.id) + "-" + ICalendarWriter.hash(m.id) + "@cohort", properties: props))
        }
        if out.isEmpty { return nil }
        return CalendarFile(name: "cohort: " + display(member), stamp: ICalendarWriter.utc(cohort.policy.quarterStart.secondsSinceEpoch),
                            timeZones: zoneName == nil ? [] : [ICalendarWriter.timeZone(clock, from: cohort.week.span.lowerBound)], events: out)
    }

    func display(_ member: Int) -> String {
        let m = cohort.members[member]
        return m.name.isEmpty ? m.id : m.name + " (" + m.id + ")"
    }

    func summary(_ ev: ScheduledEvent, member: Int) -> String {
        let others = ev.participants.filter { $0 != member }.map(display).joined(separator: ", ")
        switch ev.kind {
        case .checkin:
            let pair = request.checkIns[ev.source]
            return member == pair.mentor ? "Mentor check-in with " + display(pair.mentee) : "Mentor check-in with " + display(pair.mentor)
        case .standup: return "Standup: team " + request.teams[ev.source].id
        case .buddy: return "Buddy check-in with " + others
        case .workshop:
            return schedule.workshopEvents.count > 1 ? "Workshop (session \(ev.source + 1) of \(schedule.workshopEvents.count))" : "Workshop"
        case .demo:
            return "Demo day (week \(ev.week ?? 0)): teams " + schedule.demoSessions[ev.source].teams.map { request.teams[$0].id }.joined(separator: ", ")
        }
    }

    func description(_ ev: ScheduledEvent, event e: Int, member: Int) -> String {
        var lines: [String] = []
        switch ev.kind {
        case .checkin, .buddy:
            lines.append("With " + ev.participants.filter { $0 != member }.map(display).joined(separator: ", ") + ".")
        case .standup:
            lines.append("Team " + request.teams[ev.source].id + ": " + ev.participants.map(display).joined(separator: ", ") + ".")
            let r = schedule.rotations[ev.source]
            for w in r.facilitator.indices {
                var line = "Week \(w + 1): facilitator " + display(r.facilitator[w])
                if let n = r.noteTaker[w] { line += ", note-taker " + display(n) }
                lines.append(line)
            }
        case .workshop:
            lines.append("The weekly cohort workshop.")
        case .demo:
            lines.append("Presenting: " + schedule.demoSessions[ev.source].teams.map { request.teams[$0].id }.joined(separator: ", ") + ".")
        }
        lines.append("Local time: " + localTime(member: member, event: e) + ".")
        lines.append("Event " + ev.id + ", scheduled by cohort (" + (cohort.week.clockZone.map { "it keeps its " + $0 + " time all quarter" } ?? "times are fixed in UTC") + ").")
        return lines.joined(separator: "\n")
    }

    /// An address safe to put after `mailto:` without escaping.
    static func isPlainEmail(_ s: String) -> Bool {
        guard !s.isEmpty, s.utf8.count <= 254, s.filter({ $0 == "@" }).count == 1 else { return false }
        return s.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || "@.-_+".utf8.contains(b)
        }
    }
}
