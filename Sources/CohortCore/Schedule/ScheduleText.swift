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
    let zones: ZoneOffsets

    public init(_ schedule: WeeklySchedule, request: ScheduleRequest) {
        self.schedule = schedule
        self.request = request
        var eventsOf = [[Int]](repeating: [], count: request.cohort.members.count)
        for (e, ev) in schedule.events.enumerated() { for p in ev.participants { eventsOf[p].append(e) } }
        self.eventsOf = eventsOf
        zones = ZoneOffsets(request.cohort)
    }

    var cohort: Cohort { request.cohort }

    // MARK: CSV columns

    public func time(ofEvent e: Int) -> MeetingTime {
        let ev = schedule.events[e]
        let start = ev.startSlot * Week.slotMinutes
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
    /// meeting during the quarter: "…; from 2027-03-29: Tue 20:00-20:30 (daylight-saving time change)".
    public func localTime(member: Int, event e: Int) -> String {
        let m = cohort.members[member]
        let ev = schedule.events[e]
        let first = firstInstant(e)
        let length = ev.slotCount * Week.slotMinutes
        func describe(_ instant: Int) -> (text: String, date: String) {
            let offset = zones.offset(m.timeZone, at: instant)
            let local = instant + offset * 60
            let days = Int((Double(local) / 86_400).rounded(.down))
            let date = CalendarDate(daysSinceEpoch: days)
            let minute = (local - days * 86_400) / 60
            let end = (minute + length) % 1440
            return (Week.dayNames[date.weekday] + " " + Week.clock(minute) + "-" + Week.clock(end), date.description)
        }
        let base = describe(first)
        var text = base.text + " " + m.timeZone
        var last = zones.offset(m.timeZone, at: first)
        for k in 1..<max(1, ev.occurrences) {
            let instant = first + k * 7 * 86_400
            let offset = zones.offset(m.timeZone, at: instant)
            if offset != last {
                let d = describe(instant)
                text += "; from " + d.date + ": " + d.text + " (daylight-saving time change)"
                last = offset
            }
        }
        return text
    }

    /// Seconds since the epoch of the event's first occurrence: the first
    /// matching UTC weekday on or after `quarter_start` (demo: in its week).
    public func firstInstant(_ e: Int) -> Int {
        let ev = schedule.events[e]
        let q = cohort.policy.quarterStart
        let day = ev.startSlot / Week.slotsPerDay
        let offsetDays = ((day - q.weekday) % 7 + 7) % 7 + 7 * ((ev.week ?? 1) - 1)
        return q.adding(days: offsetDays).secondsSinceEpoch + (ev.startSlot % Week.slotsPerDay) * Week.slotMinutes * 60
    }

    // MARK: schedule.csv

    public static let scheduleHeader = ["event_id", "kind", "day", "start", "end", "participants", "week", "date", "team_ids"]

    /// schedule.csv: one row per event (workshop sessions, check-ins, standups,
    /// buddy check-ins, demo sessions). Participants are member ids separated
    /// by `;`; `date` is the first occurrence (UTC); `team_ids` lists the teams
    /// of a standup or demo session.
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
                         ev.week.map(String.init) ?? "", date, teamIDs])
        }
        return writer.write(header: Self.scheduleHeader, rows: rows)
    }

    // MARK: iCalendar

    /// `calendar/ID.ics` names, one per member (collision-safe, see `CalendarFileName`).
    public func calendarFileNames() -> [String] { CalendarFileName.names(for: cohort.members.map(\.id)) }

    /// The member's calendar (RFC 5545), or nil when they have no event.
    public func calendar(member: Int) -> String? {
        let events = eventsOf[member]
        if events.isEmpty { return nil }
        let m = cohort.members[member]
        let stamp = ICalendarWriter.utc(cohort.policy.quarterStart.secondsSinceEpoch)
        var w = ICalendarWriter()
        w.line("BEGIN", "VCALENDAR")
        w.line("VERSION", "2.0")
        w.line("PRODID", "-//cohort//schedule//EN")
        w.line("CALSCALE", "GREGORIAN")
        w.line("METHOD", "PUBLISH")
        w.text("X-WR-CALNAME", "cohort: " + display(member))
        for e in events {
            let ev = schedule.events[e]
            let start = firstInstant(e)
            w.line("BEGIN", "VEVENT")
            w.line("UID", ICalendarWriter.hash(ev.id) + "-" + ICalendarWriter.hash(m.id) + "@cohort")
            w.line("DTSTAMP", stamp)
            w.line("DTSTART", ICalendarWriter.utc(start))
            w.line("DTEND", ICalendarWriter.utc(start + ev.slotCount * Week.slotMinutes * 60))
            if ev.occurrences > 1 { w.line("RRULE", "FREQ=WEEKLY;COUNT=\(ev.occurrences)") }
            w.text("SUMMARY", summary(ev, member: member))
            w.text("DESCRIPTION", description(ev, event: e, member: member))
            w.line("STATUS", "CONFIRMED")
            w.line("TRANSP", "OPAQUE")
            if ev.kind == .checkin || ev.kind == .standup || ev.kind == .buddy {
                for p in ev.participants {
                    let email = cohort.members[p].email
                    guard Self.isPlainEmail(email) else { continue }
                    w.line("ATTENDEE;CN=" + ICalendarWriter.parameter(display(p)), "mailto:" + email)
                }
            }
            w.line("END", "VEVENT")
        }
        w.line("END", "VCALENDAR")
        return w.text
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
        lines.append("Event " + ev.id + ", scheduled by cohort (times are fixed in UTC).")
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

/// UTC offsets of the cohort's zones over the quarter, with the exact instants
/// of daylight-saving changes (found by bisection between daily samples).
struct ZoneOffsets: Sendable {
    /// Per zone: (from instant, offset minutes), ascending.
    let table: [String: [(from: Int, offset: Int)]]

    init(_ cohort: Cohort) {
        let names = Array(Set(cohort.members.map(\.timeZone))).sorted()
        let begin = cohort.policy.quarterStart.secondsSinceEpoch - 2 * 86_400
        let end = begin + 100 * 86_400
        var table: [String: [(from: Int, offset: Int)]] = [:]
        for name in names {
            guard let zone = TimeZoneTable.zone(name) else { table[name] = [(Int.min, 0)]; continue }
            func offset(_ t: Int) -> Int { zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t))) / 60 }
            var list = [(from: Int.min, offset: offset(begin))]
            var t = begin
            while t < end {
                let next = t + 86_400
                if offset(next) != list[list.count - 1].offset {
                    var lo = t, hi = next  // offset(lo) = old, offset(hi) = new
                    while hi - lo > 1 {
                        let mid = (lo + hi) / 2
                        if offset(mid) == list[list.count - 1].offset { lo = mid } else { hi = mid }
                    }
                    list.append((hi, offset(next)))
                }
                t = next
            }
            table[name] = list
        }
        self.table = table
    }

    func offset(_ zone: String, at instant: Int) -> Int {
        guard let list = table[zone] else { return 0 }
        var result = list[0].offset
        for entry in list where entry.from <= instant { result = entry.offset }
        return result
    }
}
