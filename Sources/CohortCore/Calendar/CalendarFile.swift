/// One member's calendar as values (RFC 5545): the events with their UID,
/// SEQUENCE and STATUS, each event's other properties as content lines, and
/// the time-zone definitions they use. `text` writes it; `CalendarFile(parsing:)`
/// reads one cohort wrote; `revised(from:)` turns a new calendar into an
/// update of an old one that a calendar which imported the old one follows
/// (RFC 5546 §2.1.4/§2.1.5: same UID, higher SEQUENCE; removed events as
/// STATUS:CANCELLED). docs/schedule.md §6.
public struct CalendarFile: Sendable, Hashable {
    /// One VEVENT.
    public struct Event: Sendable, Hashable {
        public var uid: String
        public var sequence: Int
        public var cancelled: Bool
        /// Every other property as (name with parameters, value already escaped),
        /// in writing order; DTSTAMP is written by `text`.
        public var properties: [Property]

        public init(uid: String, sequence: Int = 0, cancelled: Bool = false, properties: [Property]) {
            self.uid = uid
            self.sequence = sequence
            self.cancelled = cancelled
            self.properties = properties
        }
    }

    public struct Property: Sendable, Hashable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// X-WR-CALNAME.
    public var name: String
    /// DTSTAMP of every event (`YYYYMMDDTHHMMSSZ`).
    public var stamp: String
    /// VTIMEZONE components, each as its content lines (BEGIN … END).
    public var timeZones: [[Property]]
    public var events: [Event]

    public init(name: String, stamp: String, timeZones: [[Property]] = [], events: [Event]) {
        self.name = name
        self.stamp = stamp
        self.timeZones = timeZones
        self.events = events
    }

    /// The file: CRLF, folded at 75 octets, METHOD:PUBLISH.
    public var text: String {
        var w = ICalendarWriter()
        w.line("BEGIN", "VCALENDAR")
        w.line("VERSION", "2.0")
        w.line("PRODID", "-//cohort//schedule//EN")
        w.line("CALSCALE", "GREGORIAN")
        w.line("METHOD", "PUBLISH")
        w.text("X-WR-CALNAME", name)
        for tz in timeZones { for p in tz { w.line(p.name, p.value) } }
        for e in events {
            w.line("BEGIN", "VEVENT")
            w.line("UID", e.uid)
            w.line("DTSTAMP", stamp)
            w.line("SEQUENCE", String(e.sequence))
            for p in e.properties { w.line(p.name, p.value) }
            w.line("STATUS", e.cancelled ? "CANCELLED" : "CONFIRMED")
            w.line("END", "VEVENT")
        }
        w.line("END", "VCALENDAR")
        return w.text
    }

    /// Reads a calendar cohort wrote (unfolds lines; keeps each VEVENT's
    /// properties as written). Nil when it is not one.
    public init?(parsing text: String) {
        var lines: [String] = []
        // "\r\n" is one Character in Swift: split on it and on a bare "\n".
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\r\n" || $0 == "\n" }) {
            var line = String(raw)
            if line.hasSuffix("\r") { line.removeLast() }
            if line.hasPrefix(" ") || line.hasPrefix("\t"), !lines.isEmpty {
                lines[lines.count - 1] += line.dropFirst()
            } else if !line.isEmpty {
                lines.append(line)
            }
        }
        guard lines.first == "BEGIN:VCALENDAR", lines.last == "END:VCALENDAR" else { return nil }
        func split(_ line: String) -> Property? {
            // The name ends at the first ':' outside a quoted parameter value.
            var quoted = false
            for (k, ch) in line.enumerated() {
                if ch == "\"" { quoted.toggle() } else if ch == ":" && !quoted {
                    let i = line.index(line.startIndex, offsetBy: k)
                    return Property(String(line[..<i]), String(line[line.index(after: i)...]))
                }
            }
            return nil
        }
        var name = "", stamp = ""
        var timeZones: [[Property]] = []
        var events: [Event] = []
        var current: Event?
        var zone: [Property]?
        for line in lines.dropFirst().dropLast() {
            guard let p = split(line) else { return nil }
            if var z = zone {
                z.append(p)
                if p.name == "END" && p.value == "VTIMEZONE" { timeZones.append(z); zone = nil } else { zone = z }
                continue
            }
            if p.name == "BEGIN" && p.value == "VTIMEZONE" { zone = [p]; continue }
            if p.name == "BEGIN" && p.value == "VEVENT" { current = Event(uid: "", properties: []); continue }
            if p.name == "END" && p.value == "VEVENT" {
                guard let e = current, !e.uid.isEmpty else { return nil }
                events.append(e)
                current = nil
                continue
            }
            if current != nil {
                switch p.name {
                case "UID": current!.uid = p.value
                case "SEQUENCE": current!.sequence = Int(p.value) ?? 0
                case "STATUS": current!.cancelled = p.value == "CANCELLED"
                case "DTSTAMP": stamp = p.value
                default: current!.properties.append(p)
                }
            } else if p.name == "X-WR-CALNAME" {
                name = p.value
            }
        }
        self.init(name: name, stamp: stamp, timeZones: timeZones, events: events)
        self.name = ICalendarWriter.unescape(name)
    }

    /// This calendar as an update of `old` (a calendar of the same member that
    /// may already be imported): an event whose properties are unchanged keeps
    /// its SEQUENCE; a changed one goes out with the same UID and SEQUENCE + 1;
    /// an event of `old` that is gone goes out again as STATUS:CANCELLED with
    /// SEQUENCE + 1 (once cancelled, it stays as it was). Returns the revised
    /// calendar and the number of changed and cancelled events.
    public func revised(from old: CalendarFile?) -> (file: CalendarFile, changed: Int, cancelled: Int) {
        guard let old else { return (self, 0, 0) }
        var previous: [String: Event] = [:]
        for e in old.events { previous[e.uid] = e }
        var out = self
        var changed = 0, cancelled = 0
        var seen = Set<String>()
        for k in out.events.indices {
            let uid = out.events[k].uid
            seen.insert(uid)
            guard let before = previous[uid] else { continue }
            if before.properties == out.events[k].properties && before.cancelled == out.events[k].cancelled {
                out.events[k].sequence = before.sequence
            } else {
                out.events[k].sequence = before.sequence + 1
                changed += 1
            }
        }
        for e in old.events where !seen.contains(e.uid) {
            var gone = e
            if !e.cancelled {
                gone.cancelled = true
                gone.sequence += 1
                cancelled += 1
            }
            out.events.append(gone)
        }
        // Time zones the cancelled events still name.
        for tz in old.timeZones where !out.timeZones.contains(tz) {
            let id = tz.first { $0.name == "TZID" }?.value
            if out.events.contains(where: { $0.properties.contains { $0.name.contains("TZID=" + (id ?? "\u{0}")) } }) { out.timeZones.append(tz) }
        }
        return (out, changed, cancelled)
    }
}

extension CalendarFile {
    /// The `calendar/…` files of a new run as updates of a previous run's
    /// (`previous`: file name → bytes, as read from its folder): each revised
    /// (`revised(from:)`), and a member who had a calendar and has none now gets
    /// one holding their old events, cancelled. Other files pass unchanged; an
    /// old calendar cohort cannot read is left out of the revision (its member's
    /// new events go out at SEQUENCE 0).
    public static func revise(_ files: [(name: String, text: String)], previous: [String: [UInt8]]) -> [(name: String, text: String)] {
        var out: [(name: String, text: String)] = []
        var written = Set<String>()
        for file in files {
            guard file.name.hasPrefix("calendar/"), let old = previous[file.name], let new = CalendarFile(parsing: file.text) else {
                out.append(file)
                continue
            }
            written.insert(file.name)
            // Unchanged calendars keep their bytes; changed ones are written again with their revisions.
            let revision = new.revised(from: CalendarFile(parsing: String(decoding: old, as: UTF8.self)))
            out.append((file.name, revision.changed + revision.cancelled == 0 ? file.text : revision.file.text))
        }
        for name in previous.keys.sorted() where name.hasPrefix("calendar/") && name.hasSuffix(".ics") && !written.contains(name) {
            guard let old = CalendarFile(parsing: String(decoding: previous[name]!, as: UTF8.self)), !old.events.isEmpty else { continue }
            let gone = CalendarFile(name: old.name, stamp: old.stamp, events: []).revised(from: old).file
            out.append((name, gone.text))
        }
        return out
    }
}
