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
    /// Per member: "Ann Lee (a12)", or the id when the member has no name.
    let displayNames: [String]

    public init(_ schedule: WeeklySchedule, request: ScheduleRequest) {
        self.schedule = schedule
        self.request = request
        var eventsOf = [[Int]](repeating: [], count: request.cohort.members.count)
        for (e, ev) in schedule.events.enumerated() { for p in ev.participants { eventsOf[p].append(e) } }
        self.eventsOf = eventsOf
        displayNames = request.cohort.members.indices.map { k in
            let name = request.cohort.members[k].name, id = request.cohort.members[k].id
            return name.isEmpty ? id : name + " (" + id + ")"
        }
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
    /// ("; 11 weeks, 2027-03-01 to 2027-05-10") and which week it gives way
    /// ("; not 2027-03-15: demo-w4-1"). Every local time cohort writes (CSV columns, assignments.csv, calendar
    /// descriptions, the report) comes from `localMeeting(zone:event:)`.
    public func localTime(member: Int, event e: Int) -> String {
        let zone = cohort.members[member].timeZone
        return localMeeting(zone: zone, event: e).text(zone: zone)
    }

    /// The local times of several events of one member (a buddy's daily
    /// check-ins) in one cell: days with the same local time are merged,
    /// "Mon-Fri 19:00-19:15 Europe/Berlin"; "" when `events` is empty.
    public func localTimes(member: Int, events: [Int]) -> String {
        let zone = cohort.members[member].timeZone
        let meetings = events.map { localMeeting(zone: zone, event: $0) }
        if meetings.isEmpty { return "" }
        // A daylight-saving change inside the events' weeks: each one in full.
        if meetings.contains(where: { !$0.changes.isEmpty }) { return meetings.map { $0.text(zone: zone) }.joined(separator: "; ") }
        return Self.mergedDays(meetings.map { ($0.weekday, $0.time) }) + " " + zone
    }

    /// The UTC times of several events in one cell, days with the same time
    /// merged: "Mon-Fri 18:00-18:15".
    public func utcTimes(events: [Int]) -> String {
        Self.mergedDays(events.map { e in
            let t = time(ofEvent: e)
            return (Week.dayNames.firstIndex(of: t.day) ?? 0, t.start + "-" + t.end)
        })
    }

    /// "Mon-Wed 18:00-18:15; Fri 19:00-19:15": weekdays grouped by time (in
    /// order of their first day), runs of consecutive days written as ranges.
    static func mergedDays(_ items: [(weekday: Int, time: String)]) -> String {
        var times: [String] = []
        var days: [String: [Int]] = [:]
        for (d, t) in items.sorted(by: { $0.weekday < $1.weekday }) {
            if days[t] == nil { times.append(t) }
            days[t, default: []].append(d)
        }
        return times.map { t in
            var parts: [String] = []
            var k = 0
            let list = days[t]!
            while k < list.count {
                var j = k
                while j + 1 < list.count && list[j + 1] == list[j] + 1 { j += 1 }
                parts.append(j > k ? Week.dayNames[list[k]] + "-" + Week.dayNames[list[j]] : Week.dayNames[list[k]])
                k = j + 1
            }
            return parts.joined(separator: ",") + " " + t
        }.joined(separator: "; ")
    }

    /// An event's first occurrence in a zone's local time, and the
    /// daylight-saving changes during its weeks.
    struct LocalMeeting: Sendable {
        /// 0 = Monday.
        var weekday: Int
        /// "19:00-19:30".
        var time: String
        /// "; from 2027-03-29: Tue 20:00-20:30 (daylight-saving time change)" for each change, or "".
        var changes: String

        func text(zone: String) -> String { Week.dayNames[weekday] + " " + time + " " + zone + changes }
    }

    func localMeeting(zone: String, event e: Int) -> LocalMeeting {
        let ev = schedule.events[e]
        let timeline = cohort.week.timeline(zone)
        let times = recurrences(e)
        let length = ev.slotCount * Week.slotMinutes
        // Text only where it is written: every recurrence is compared by its local weekday and minute.
        func clock(_ minute: Int) -> String { Week.clock(minute) + "-" + Week.clock((minute + length) % 1440) }
        guard let first = times.first else { return LocalMeeting(weekday: 0, time: "", changes: "") }
        let base = timeline.local(first)
        var changes = ""
        var last = (base.date.weekday, base.minute)
        for instant in times.dropFirst() {
            let d = timeline.local(instant)
            if (d.date.weekday, d.minute) != last {
                changes += "; from " + d.date.description + ": " + Week.dayNames[d.date.weekday] + " " + clock(d.minute) + " (daylight-saving time change)"
                last = (d.date.weekday, d.minute)
            }
        }
        let expected = ev.kind == .buddy ? 2 : ev.week == nil ? WeekModel.weeks : 1
        if times.count < expected { changes += "; \(times.count) weeks, " + base.date.description + " to " + timeline.local(times[times.count - 1]).date.description }
        for skip in ev.skipped.sorted(by: { $0.instant < $1.instant }) { changes += "; not " + timeline.local(skip.instant).date.description + ": " + skip.replacedBy }
        return LocalMeeting(weekday: base.date.weekday, time: clock(base.minute), changes: changes)
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

    public static let scheduleHeader = ["event_id", "kind", "day", "start", "end", "participants", "week", "date", "team_ids", "clock_time", "occurrences"]

    /// "Tue 19:00-19:30 Europe/Berlin" or "Tue 18:00-18:30 UTC": the event in the schedule's clock.
    public func clockTime(_ e: Int) -> String {
        let ev = schedule.events[e]
        let week = cohort.week
        let local = week.clockZone == nil ? (WeekModel.slot(of: firstInstant(e)) * Week.slotMinutes) : (week.frameSlot(of: firstInstant(e)) * Week.slotMinutes + week.clock.initialOffset)
        let (day, from) = Week.dayAndTime(minuteOfWeek: local)
        let (_, to) = Week.dayAndTime(minuteOfWeek: local + ev.slotCount * Week.slotMinutes)
        return day + " " + from + "-" + to + " " + (week.clockZone ?? "UTC")
    }

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
    public func calendar(member: Int) -> String? {
        var renderer = CalendarRenderer(self)
        return renderer.calendar(member: member).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Every member's calendar (nil for a member with no event), in member
    /// order. Linear in the number of (member, event) participations: each
    /// event's shared lines are built once per thread, and its description once
    /// per time zone. Members are rendered in blocks on up to `threads`
    /// threads; the bytes do not depend on the thread count. `progress` hears
    /// how many members' blocks are done.
    public func calendars(threads: Int = 2, progress: @escaping @Sendable (Int) -> Void = { _ in }) -> [[UInt8]?] {
        let n = cohort.members.count
        let blockSize = 512
        let blocks = stride(from: 0, to: n, by: blockSize).map { $0..<Swift.min(n, $0 + blockSize) }
        let text = self
        let done = blocks.parallelMap(threads: threads, scratch: { CalendarRenderer(text) }) { (block: Range<Int>, renderer: inout CalendarRenderer) -> [[UInt8]?] in
            let result = block.map { renderer.calendar(member: $0) }
            progress(block.upperBound)
            return result
        }
        var all: [[UInt8]?] = []
        all.reserveCapacity(n)
        for case .success(let part) in done { all.append(contentsOf: part) }
        return all
    }

    /// "Ann Lee (a12)", or the id when the member has no name.
    func display(_ member: Int) -> String { displayNames[member] }

    /// The SUMMARY of an event for one of its participants.
    func summary(_ ev: ScheduledEvent, member: Int) -> String {
        switch ev.kind {
        case .checkin:
            let pair = request.checkIns[ev.source]
            return member == pair.mentor ? "Mentor check-in with " + display(pair.mentee) : "Mentor check-in with " + display(pair.mentor)
        case .buddy: return "Buddy check-in with " + ev.participants.filter { $0 != member }.map(display).joined(separator: ", ")
        default: return sharedSummary(ev)
        }
    }

    /// The SUMMARY of an event that reads the same for every participant.
    func sharedSummary(_ ev: ScheduledEvent) -> String {
        switch ev.kind {
        case .checkin, .buddy: return ""
        case .standup: return "Standup: team " + request.teams[ev.source].id
        case .workshop:
            // With tracks: "Workshop, stages 1-2 (session 1 of 2)"; the sessions counted within the track.
            let track = ev.source < schedule.workshopTrack.count ? schedule.workshopTrack[ev.source] : nil
            let sessions = schedule.workshopEvents.indices.filter { ($0 < schedule.workshopTrack.count ? schedule.workshopTrack[$0] : nil) == track }
            let name = track.map { "Workshop, stages " + WorkshopTracks.text([cohort.policy.workshopTracks[$0]]) } ?? "Workshop"
            guard sessions.count > 1, let n = sessions.firstIndex(of: ev.source) else { return name }
            return name + " (session \(n + 1) of \(sessions.count))"
        case .kickoff:
            return "Kickoff: goals for the quarter"
        case .mentorCircle:
            return "Mentor circle (week \(ev.week ?? 0))"
        case .demo:
            return "Demo day (week \(ev.week ?? 0)): teams " + schedule.demoSessions[ev.source].teams.map { request.teams[$0].id }.joined(separator: ", ")
        case .pod:
            let pod = request.pods[ev.source]
            return "Study pod " + pod.id + ": " + pod.interest
        }
    }

    /// The DESCRIPTION lines before the local time: the same for every
    /// participant except for check-ins and buddy check-ins ("With …").
    func descriptionHead(_ ev: ScheduledEvent, member: Int?) -> [String] {
        switch ev.kind {
        case .checkin, .buddy:
            return ["With " + ev.participants.filter { $0 != member }.map(display).joined(separator: ", ") + "."]
        case .standup:
            var lines = ["Team " + request.teams[ev.source].id + ": " + ev.participants.map(display).joined(separator: ", ") + "."]
            let r = schedule.rotations[ev.source]
            for w in r.facilitator.indices {
                var line = "Week \(w + 1): facilitator " + display(r.facilitator[w])
                if let n = r.noteTaker[w] { line += ", note-taker " + display(n) }
                lines.append(line)
            }
            return lines
        case .workshop:
            let track = ev.source < schedule.workshopTrack.count ? schedule.workshopTrack[ev.source] : nil
            return [track.map { "The weekly workshop of the track for stages " + WorkshopTracks.text([cohort.policy.workshopTracks[$0]]) + "." } ?? "The weekly cohort workshop."]
        case .kickoff:
            return ["The quarter's kickoff: every active member sets their goals for the quarter (week 1)."]
        case .mentorCircle:
            return ["Mentors meet to share challenges (week \(ev.week ?? 0); every fourth week)."]
        case .demo:
            return ["Presenting: " + schedule.demoSessions[ev.source].teams.map { request.teams[$0].id }.joined(separator: ", ") + "."]
        case .pod:
            let pod = request.pods[ev.source]
            var lines = ["Study pod " + pod.id + " (" + pod.interest + "): " + ev.participants.map(display).joined(separator: ", ") + "."]
            for (w, f) in pod.facilitators.enumerated() { lines.append("Week \(w + 1): facilitator " + display(f)) }
            return lines
        }
    }

    /// An address safe to put after `mailto:` without escaping.
    static func isPlainEmail(_ s: String) -> Bool {
        guard !s.isEmpty, s.utf8.count <= 254, s.filter({ $0 == "@" }).count == 1 else { return false }
        return s.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || "@.-_+".utf8.contains(b)
        }
    }
}

/// Renders calendars, keeping what one event's participants share: the lines
/// around SUMMARY and DESCRIPTION, the UID's event half, and (for events whose
/// text does not depend on the reader) SUMMARY and DESCRIPTION per time zone.
struct CalendarRenderer {
    let text: ScheduleText
    let stamp: String
    /// Per event, built on first use.
    var blocks: [Block?]
    /// Per zone name: its number (key of `Block.description`).
    var zoneNumber: [String: Int] = [:]

    struct Block {
        /// "…@cohort" half of the UID: the event's hash (UTF-8).
        var eventHash: [UInt8]
        /// DTSTAMP … RRULE (folded).
        var timing: [UInt8]
        /// STATUS, TRANSP, ATTENDEE…, END:VEVENT (folded).
        var closing: [UInt8]
        /// SUMMARY line, when the same for every participant.
        var summary: [UInt8]?
        /// DESCRIPTION line per zone number, when the same for every participant of a zone.
        var description: [Int: [UInt8]] = [:]
        /// The DESCRIPTION text before the local time, escaped, each line with its
        /// newline, when the same for every participant (`descriptionHead`).
        var head: [UInt8]?
        /// The DESCRIPTION text after the local time's newline, escaped.
        var tail: [UInt8]
    }

    /// The clock's VTIMEZONE (folded; empty with the UTC clock).
    let timeZone: [UInt8]

    static let uidName = Array("UID:".utf8)
    static let lineEnd: [UInt8] = [13, 10]

    init(_ text: ScheduleText) {
        self.text = text
        stamp = ICalendarWriter.utc(text.cohort.policy.quarterStart.secondsSinceEpoch)
        let week = text.cohort.week
        timeZone = week.clockZone == nil ? [] : Self.folded { w in
            for p in ICalendarWriter.timeZone(week.clock, from: week.span.lowerBound) { w.line(p.name, p.value) }
        }
        blocks = [Block?](repeating: nil, count: text.schedule.events.count)
    }

    static func folded(_ build: (inout ICalendarWriter) -> Void) -> [UInt8] {
        var w = ICalendarWriter()
        build(&w)
        return w.bytes
    }

    func makeBlock(_ e: Int) -> Block {
        let ev = text.schedule.events[e]
        let times = text.recurrences(e)
        let start = times.first ?? text.firstInstant(e)
        let week = text.cohort.week
        let organizer = text.cohort.policy.organizerEmail.isEmpty ? Policy.noreplyOrganizer : text.cohort.policy.organizerEmail
        // With a zone clock, times in that zone (TZID, its VTIMEZONE in the calendar): the RRULE keeps its local time.
        func time(_ name: String, _ instant: Int) -> (String, String) {
            guard let zone = week.clockZone else { return (name, ICalendarWriter.utc(instant)) }
            return (name + ";TZID=" + zone, ICalendarWriter.local(instant + week.clock.offset(at: instant) * 60))
        }
        let timing = Self.folded { w in
            w.line("DTSTAMP", stamp)
            w.line("SEQUENCE", "0")
            w.line("ORGANIZER;CN=\"cohort\"", "mailto:" + organizer)
            let (a, b) = time("DTSTART", start)
            w.line(a, b)
            let (c, d) = time("DTEND", start + ev.slotCount * Week.slotMinutes * 60)
            w.line(c, d)
            if times.count > 1 { w.line("RRULE", "FREQ=WEEKLY;COUNT=\(times.count)") }
            for skip in ev.skipped.sorted(by: { $0.instant < $1.instant }) {
                let (x, y) = time("EXDATE", skip.instant)
                w.line(x, y)
            }
        }
        let closing = Self.folded { w in
            w.line("STATUS", "CONFIRMED")
            w.line("TRANSP", "OPAQUE")
            if ev.kind == .checkin || ev.kind == .standup || ev.kind == .buddy || ev.kind == .pod {
                for p in ev.participants {
                    let email = text.cohort.members[p].email
                    guard ScheduleText.isPlainEmail(email) else { continue }
                    w.line("ATTENDEE;CN=" + ICalendarWriter.parameter(text.display(p)), "mailto:" + email)
                }
            }
            w.line("END", "VEVENT")
        }
        let shared = ev.kind != .checkin && ev.kind != .buddy
        var tail: [UInt8] = []
        var cr = false
        ICalendarWriter.appendEscaped("Event " + ev.id + ", scheduled by cohort (" + (text.cohort.week.clockZone.map { "it keeps its " + $0 + " time all quarter" } ?? "times are fixed in UTC") + ").",
                                      to: &tail, previousCR: &cr)
        return Block(eventHash: Array(ICalendarWriter.hash(ev.id).utf8), timing: timing, closing: closing,
                     summary: shared ? Self.folded { $0.text("SUMMARY", text.sharedSummary(ev)) } : nil,
                     head: shared ? head(ev, member: nil) : nil, tail: tail)
    }

    /// The lines of `descriptionHead`, escaped, each followed by its (escaped) newline.
    func head(_ ev: ScheduledEvent, member: Int?) -> [UInt8] {
        var out: [UInt8] = []
        var cr = false
        for line in text.descriptionHead(ev, member: member) {
            ICalendarWriter.appendEscaped(line, to: &out, previousCR: &cr)
            ICalendarWriter.appendEscaped("\n", to: &out, previousCR: &cr)
        }
        return out
    }

    /// The DESCRIPTION line of event `e` for `member`: the head lines, the
    /// member's local time, the event line, joined by newlines, escaped and
    /// folded as one TEXT value — built from the pieces `block` keeps escaped
    /// (escaping piece by piece gives the same bytes: every piece before the
    /// local time ends with a newline).
    func description(_ e: Int, member: Int, block: Block) -> [UInt8] {
        let head = block.head ?? self.head(text.schedule.events[e], member: member)
        var content: [UInt8] = []
        content.reserveCapacity(12 + head.count + 80 + block.tail.count)
        content.append(contentsOf: "DESCRIPTION:".utf8)
        content.append(contentsOf: head)
        var cr = false
        ICalendarWriter.appendEscaped("Local time: " + text.localTime(member: member, event: e) + ".\n", to: &content, previousCR: &cr)
        content.append(contentsOf: block.tail)
        var out: [UInt8] = []
        ICalendarWriter.appendFolded(content, to: &out)
        return out
    }

    mutating func calendar(member: Int) -> [UInt8]? {
        let events = text.eventsOf[member]
        if events.isEmpty { return nil }
        let m = text.cohort.members[member]
        var w = ICalendarWriter()
        w.line("BEGIN", "VCALENDAR")
        w.line("VERSION", "2.0")
        w.line("PRODID", "-//cohort//schedule//EN")
        w.line("CALSCALE", "GREGORIAN")
        w.line("METHOD", "PUBLISH")
        w.text("X-WR-CALNAME", "cohort: " + text.display(member))
        w.append(timeZone)
        // "-MEMBERHASH@cohort", the member's half of every UID.
        let memberHash = Array(("-" + ICalendarWriter.hash(m.id) + "@cohort").utf8)
        let zone: Int
        if let z = zoneNumber[m.timeZone] { zone = z } else { zone = zoneNumber.count; zoneNumber[m.timeZone] = zone }
        for e in events {
            if blocks[e] == nil { blocks[e] = makeBlock(e) }
            // A shared event's description, once per zone.
            if blocks[e]!.summary != nil && blocks[e]!.description[zone] == nil {
                let d = description(e, member: member, block: blocks[e]!)
                blocks[e]!.description[zone] = d
            }
            let block = blocks[e]!
            w.line("BEGIN", "VEVENT")
            w.append(Self.uidName)
            w.append(block.eventHash)
            w.append(memberHash)
            w.append(Self.lineEnd)
            w.append(block.timing)
            if let summary = block.summary {
                w.append(summary)
                w.append(block.description[zone]!)
            } else {
                w.text("SUMMARY", text.summary(text.schedule.events[e], member: member))
                w.append(description(e, member: member, block: block))
            }
            w.append(block.closing)
        }
        w.line("END", "VCALENDAR")
        return w.bytes
    }
}
