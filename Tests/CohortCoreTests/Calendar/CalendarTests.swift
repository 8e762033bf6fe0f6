import CohortSolver
import Foundation
import Testing

@testable import CohortCore

/// Whether python3 with the `icalendar` package is available (pip install icalendar).
let icalendarAvailable = pythonImports("icalendar")
/// Whether python3 can expand recurrences (pip install icalendar recurring-ical-events; `make test-setup`).
let recurrenceExpansionAvailable = pythonImports("icalendar, recurring_ical_events")

/// Tests/ics_check.py: the independent expansion of every member's calendar.
let icsCheckScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("ics_check.py").path

func pythonImports(_ modules: String) -> Bool {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", "import " + modules]
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    do { try p.run() } catch { return false }
    p.waitUntilExit()
    return p.terminationStatus == 0
}

@Suite struct CalendarTests {
    @Test func escapingAndFolding() {
        #expect(ICalendarWriter.escape("a\\b;c,d\ne\r\nf\u{7}") == "a\\\\b\\;c\\,d\\ne\\nf")
        var w = ICalendarWriter()
        let long = String(repeating: "é", count: 100) + String(repeating: "x", count: 100)
        w.text("DESCRIPTION", long)
        let lines = w.text.components(separatedBy: "\r\n").dropLast()
        #expect(lines.count > 3)
        for (k, l) in lines.enumerated() {
            #expect(l.utf8.count <= 75)
            if k > 0 { #expect(l.hasPrefix(" ")) }
        }
        // Unfolding gives the line back.
        #expect(lines.enumerated().map { $0 == 0 ? String($1) : String($1.dropFirst()) }.joined() == "DESCRIPTION:" + long)
        #expect(w.text.hasSuffix("\r\n"))
        #expect(!w.text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }

    /// Escaping piece by piece (as the calendars' descriptions are built)
    /// gives the escape of the joined text: a CR LF split between two pieces is
    /// one newline; multi-byte characters pass through whole.
    @Test func escapingInPiecesEqualsEscapingTheWhole() {
        let alphabet: [String] = ["a", "é", "😀", "\\", ";", ",", "\r", "\n", "\r\n", "\u{7}", "\u{7F}", " ", "\t"]
        var rng = SeededRandom(seed: 19)
        for _ in 0..<500 {
            let pieces = (0..<(1 + rng.nextInt(below: 4))).map { _ in (0..<rng.nextInt(below: 6)).map { _ in alphabet[rng.nextInt(below: alphabet.count)] }.joined() }
            var bytes: [UInt8] = []
            var cr = false
            for piece in pieces { ICalendarWriter.appendEscaped(piece, to: &bytes, previousCR: &cr) }
            let whole = pieces.joined()
            #expect(String(decoding: bytes, as: UTF8.self) == ICalendarWriter.escape(whole), "\(pieces)")
            // The escape by Unicode scalars (the definition, RFC 5545 §3.3.11).
            var expected = ""
            var previousCR = false
            for u in whole.unicodeScalars {
                switch u {
                case "\\": expected += "\\\\"
                case ";": expected += "\\;"
                case ",": expected += "\\,"
                case "\r": expected += "\\n"
                case "\n": if !previousCR { expected += "\\n" }
                default: if u.value >= 0x20 && u.value != 0x7F { expected.unicodeScalars.append(u) }
                }
                previousCR = u == "\r"
            }
            #expect(ICalendarWriter.escape(whole) == expected, "\(pieces)")
        }
    }

    @Test func utcTimes() {
        #expect(ICalendarWriter.utc(CalendarDate(year: 2027, month: 1, day: 4)!.secondsSinceEpoch + 18 * 3600 + 15 * 60) == "20270104T181500Z")
        #expect(ICalendarWriter.utc(0) == "19700101T000000Z")
    }

    @Test func safeFileNames() {
        #expect(CalendarFileName.name(for: "m0001") == "m0001.ics")
        #expect(CalendarFileName.name(for: "../etc/passwd") == "%2E.%2Fetc%2Fpasswd.ics")
        #expect(CalendarFileName.name(for: "a b%c") == "a%20b%25c.ics")
        #expect(CalendarFileName.name(for: "con") == "%63on.ics")
        #expect(CalendarFileName.name(for: "Zoë") == "Zo%C3%AB.ics")
        let long = CalendarFileName.name(for: String(repeating: "x", count: 300))
        #expect(long.utf8.count < 255 && long.contains("~"))
        let names = CalendarFileName.names(for: ["Ann", "ann", "bob"])
        #expect(names[2] == "bob.ics")
        #expect(names[0] != names[1] && names[0].lowercased() != names[1].lowercased())
        // Never a path separator, never hidden.
        for id in ["/", ".", "..", "a/b", "\\", ".hidden", "\u{0}"] {
            let n = CalendarFileName.name(for: id)
            #expect(!n.contains("/") && !n.contains("\\") && !n.hasPrefix(".") && !n.contains("\u{0}"))
        }
    }

    @Test func daylightSavingNote() throws {
        // Quarter from 2027-03-01: Berlin moves to summer time on 2027-03-28.
        let c = scheduleCohort(["a,Ann,ann@example.org,1,Europe/Berlin,Tue 18:00-20:00", "m,\"Mo \"\"Max\"\"; Jr\",mo@example.org,4,UTC,Tue 16:00-20:00"],
                               policy: "quarter_start = 2027-03-01\n")
        let r = ScheduleRequest(cohort: c, checkIns: [CheckInPair(mentee: 0, mentor: 1)])
        let s = try Scheduler.solve(r, solver: GLPKSolver())
        let text = ScheduleText(s, request: r)
        let t = try #require(text.checkInTime(pair: 0))
        // Berlin's 18:00–20:00 is 17:00–19:00 UTC in winter and 16:00–18:00 in summer:
        // 17:00–18:00 UTC holds all quarter (UTC is the schedule's clock here: both clocks cost 4 slots).
        #expect(c.week.clockZone == nil)
        #expect(t == MeetingTime(day: "Tue", start: "17:15", end: "17:45"))
        let local = text.checkInLocalTimes(pair: 0)
        #expect(local.mentee == "Tue 18:15-18:45 Europe/Berlin; from 2027-03-30: Tue 19:15-19:45 (daylight-saving time change)")
        #expect(local.mentor == "Tue 17:15-17:45 UTC")
        let ics = try #require(text.calendar(member: 0))
        #expect(ics.contains("DTSTART:20270302T171500Z\r\n"))
        #expect(ics.contains("RRULE:FREQ=WEEKLY;COUNT=12\r\n"))
        #expect(ics.contains("DTSTAMP:20270301T000000Z\r\n"))
        #expect(ics.contains("SEQUENCE:0\r\n"))
        #expect(ics.contains("ORGANIZER;CN=\"cohort\":mailto:noreply@cohort.invalid\r\n"))
        #expect(ics.contains("ATTENDEE;CN=\"Mo Max; Jr (m)\":mailto:mo@example.org"))
    }

    /// Calendars rendered together (shared text per event and zone, in blocks
    /// on threads) are byte for byte the ones rendered one member at a time.
    @Test func calendarsTogetherEqualOneByOne() throws {
        let r = ScheduleFixture.request(members: 1_200, seed: 5)
        let text = ScheduleText(try Scheduler.solve(r, solver: GLPKSolver()), request: r)
        let one = text.calendars(threads: 1), two = text.calendars(threads: 2)
        #expect(one == two)
        #expect(one.count == r.cohort.members.count && one.compactMap { $0 }.count > 500)
        for m in stride(from: 0, to: r.cohort.members.count, by: 7) {
            #expect(one[m].map { String(decoding: $0, as: UTF8.self) } == text.calendar(member: m))
        }
    }

    @Test func scheduleCSVColumns() throws {
        let c = scheduleCohort(["a,,,1,UTC,Tue 23:00-24:00;Wed 00:00-01:00", "m,,,4,UTC,Tue 23:30-24:00;Wed 00:00-00:30"])
        let r = ScheduleRequest(cohort: c, checkIns: [CheckInPair(mentee: 0, mentor: 1)])
        let s = try Scheduler.solve(r, solver: GLPKSolver())
        let csv = ScheduleText(s, request: r).scheduleCSV()
        // Crosses Sunday midnight: the end is the next day's time.
        #expect(csv == "event_id,kind,day,start,end,participants,week,date,team_ids,clock_time,occurrences\ncheckin-a,checkin,Tue,23:45,00:15,a;m,,2027-01-05,,Tue 23:45-00:15 UTC,12\n")
    }

    @Test(.tags(.slow), .inSlowSuite, .enabled(if: icalendarAvailable, "python3 -c 'import icalendar' failed: pip install icalendar"))
    func calendarsParseWithPythonICalendar() throws {
        let r = ScheduleFixture.request(members: 300, seed: 11)
        let s = try Scheduler.solve(r, solver: GLPKSolver())
        let text = ScheduleText(s, request: r)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-ics-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let names = text.calendarFileNames()
        var expected: [String: Int] = [:]
        for m in r.cohort.members.indices {
            guard let ics = text.calendar(member: m) else { continue }
            try Data(ics.utf8).write(to: dir.appendingPathComponent(names[m]))
            expected[names[m]] = text.eventsOf[m].count
        }
        #expect(expected.count > 100)
        let script = """
            import icalendar, os, sys, datetime
            d = sys.argv[1]
            for name in sorted(os.listdir(d)):
                raw = open(os.path.join(d, name), 'rb').read()
                cal = icalendar.Calendar.from_ical(raw)
                assert cal['VERSION'] == '2.0', name
                events = cal.walk('VEVENT')
                uids = set()
                for e in events:
                    start = e.decoded('DTSTART'); end = e.decoded('DTEND')
                    assert start.utcoffset() is not None, name
                    assert end > start, name
                    assert str(e['ORGANIZER']).startswith('mailto:'), name
                    assert int(e['SEQUENCE']) == 0, name
                    assert str(e['UID']) not in uids; uids.add(str(e['UID']))
                    if 'RRULE' in e:
                        assert e['RRULE']['FREQ'] == ['WEEKLY'] and 1 < e['RRULE']['COUNT'][0] <= 12, name
                    str(e['SUMMARY']); str(e['DESCRIPTION'])
                # Round trip: what the parser writes back parses to the same events.
                again = icalendar.Calendar.from_ical(cal.to_ical())
                assert len(again.walk('VEVENT')) == len(events)
                print(name, len(events))
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, dir.path]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(errors)")
        var parsed: [String: Int] = [:]
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: " ")
            parsed[String(parts[0])] = Int(parts[1])
        }
        #expect(parsed == expected)
    }

    /// SPEC §3.6 checked from outside: every member's .ics expanded by Python's
    /// `icalendar` + `recurring_ical_events` (Tests/ics_check.py) over quarters that
    /// cross the US and EU changes (2027-02-22) and the southern one (2027-03-29,
    /// Sydney, Melbourne, Auckland), against the windows as written in members.csv:
    /// no occurrence outside local availability or the quarter, nobody double-booked,
    /// and exactly the occurrences the schedule holds.
    @Test(.tags(.slow), .inSlowSuite, .enabled(if: recurrenceExpansionAvailable, "python3 -c 'import icalendar, recurring_ical_events' failed: make test-setup"),
          arguments: [(400, UInt64(21), "2027-02-22"), (400, UInt64(22), "2027-03-29")])
    func everyOccurrenceHoldsInEveryWeek(members: Int, seed: UInt64, quarterStart: String) throws {
        let cohort = ScheduleFixture.cohort(members: members, seed: seed, quarterStart: quarterStart)
        let r = ScheduleFixture.request(cohort)
        let s = try Scheduler.solve(r, solver: GLPKSolver())
        #expect(OccurrenceCheck.violations(s, cohort: cohort).isEmpty)
        let (output, status) = try runICSCheck(ScheduleText(s, request: r), cohort: cohort)
        let lines = output.split(separator: "\n")
        #expect(status == 0, "\(lines.filter { $0.hasPrefix("VIOLATION") }.prefix(5))")
        var expected: [String: Int] = [:]
        for (m, events) in ScheduleText(s, request: r).eventsOf.enumerated() where !events.isEmpty {
            expected[cohort.members[m].id] = events.reduce(0) { $0 + s.events[$1].instants.count }
        }
        var counted: [String: Int] = [:]
        for line in lines where !line.hasPrefix("VIOLATION") && !line.hasPrefix("checked") {
            let parts = line.split(separator: " ")
            counted[String(parts[0])] = Int(parts[1])
        }
        #expect(counted == expected)
        #expect(expected.values.reduce(0, +) > members * 5)
        #expect(lines.last?.hasSuffix(": 0 violations") == true)
    }
}

extension CalendarTests {
    /// The expansion check can fail: a calendar moved by one hour, or the same
    /// meeting written twice, is reported.
    @Test(.enabled(if: recurrenceExpansionAvailable, "python3 -c 'import icalendar, recurring_ical_events' failed: make test-setup"))
    func theExpansionCheckSeesAMovedMeeting() throws {
        let c = scheduleCohort(["a,,,1,America/New_York,Tue 09:00-10:00", "m,,,4,America/New_York,Tue 09:00-12:00"], policy: "quarter_start = 2027-02-22\n")
        let r = ScheduleRequest(cohort: c, checkIns: [CheckInPair(mentee: 0, mentor: 1)])
        let s = try Scheduler.solve(r, solver: GLPKSolver())
        let text = ScheduleText(s, request: r)
        // New York's own clock: every check-in at the same local time, TZID in the file.
        #expect(c.week.clockZone == "America/New_York")
        let ics = try #require(text.calendar(member: 0))
        #expect(ics.contains("DTSTART;TZID=America/New_York:20270223T"))
        #expect(ics.contains("BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\n"))
        #expect(try runICSCheck(text, cohort: c).status == 0)
        let moved = ics.replacingOccurrences(of: "DTSTART;TZID=America/New_York:20270223T09", with: "DTSTART;TZID=America/New_York:20270223T10")
            .replacingOccurrences(of: "DTEND;TZID=America/New_York:20270223T09", with: "DTEND;TZID=America/New_York:20270223T10")
        #expect(moved != ics)
        let (output, status) = try runICSCheck(text, cohort: c, calendars: [0: moved, 1: text.calendar(member: 1)!])
        #expect(status == 1 && output.contains("VIOLATION a ") && output.contains("outside availability"))
        let twice = ics.replacingOccurrences(of: "END:VCALENDAR", with: "") + ics.components(separatedBy: "BEGIN:VEVENT").dropFirst().map { "BEGIN:VEVENT" + $0 }.joined()
            .replacingOccurrences(of: "@cohort", with: "@copy")
        let (output2, status2) = try runICSCheck(text, cohort: c, calendars: [0: twice])
        #expect(status2 == 1 && output2.contains("double-booked"))
    }
}

/// Writes members.csv (id, timezone, availability as written) and every
/// calendar into a temporary directory and runs Tests/ics_check.py on them.
func runICSCheck(_ text: ScheduleText, cohort: Cohort, calendars: [Int: String]? = nil) throws -> (output: String, status: Int32) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-icscheck-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
    let calendarDir = dir.appendingPathComponent("calendar")
    try FileManager.default.createDirectory(at: calendarDir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let rows = cohort.members.map { [$0.id, $0.timeZone, $0.localWindows.map(\.text).joined(separator: ";")] }
    try Data(CSVWriter(neutralizesFormulas: false).write(header: ["id", "timezone", "availability"], rows: rows).utf8).write(to: dir.appendingPathComponent("members.csv"))
    let names = text.calendarFileNames()
    for m in cohort.members.indices {
        guard let ics = calendars.map({ $0[m] }) ?? text.calendar(member: m) else { continue }
        try Data(ics.utf8).write(to: calendarDir.appendingPathComponent(names[m]))
    }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", icsCheckScript, dir.appendingPathComponent("members.csv").path, calendarDir.path, cohort.policy.quarterStart.description]
    let out = Pipe()
    p.standardOutput = out
    try p.run()
    let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    return (output, p.terminationStatus)
}
