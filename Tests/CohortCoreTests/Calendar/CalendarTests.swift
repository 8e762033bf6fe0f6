import CohortSolver
import Foundation
import Testing

@testable import CohortCore

/// Whether python3 with the `icalendar` package is available (pip install icalendar).
let icalendarAvailable: Bool = {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", "import icalendar"]
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    do { try p.run() } catch { return false }
    p.waitUntilExit()
    return p.terminationStatus == 0
}()

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
        #expect(t == MeetingTime(day: "Tue", start: "17:45", end: "18:15"))
        let local = text.checkInLocalTimes(pair: 0)
        #expect(local.mentee == "Tue 18:45-19:15 Europe/Berlin; from 2027-03-30: Tue 19:45-20:15 (daylight-saving time change)")
        #expect(local.mentor == "Tue 17:45-18:15 UTC")
        let ics = try #require(text.calendar(member: 0))
        #expect(ics.contains("DTSTART:20270302T174500Z\r\n"))
        #expect(ics.contains("RRULE:FREQ=WEEKLY;COUNT=12\r\n"))
        #expect(ics.contains("DTSTAMP:20270301T000000Z\r\n"))
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
        let c = scheduleCohort(["a,,,1,UTC,Sun 23:00-24:00;Mon 00:00-01:00", "m,,,4,UTC,Sun 23:30-24:00;Mon 00:00-00:30"])
        let r = ScheduleRequest(cohort: c, checkIns: [CheckInPair(mentee: 0, mentor: 1)])
        let s = try Scheduler.solve(r, solver: GLPKSolver())
        let csv = ScheduleText(s, request: r).scheduleCSV()
        // Crosses Sunday midnight: the end is the next day's time.
        #expect(csv == "event_id,kind,day,start,end,participants,week,date,team_ids\ncheckin-a,checkin,Sun,23:45,00:15,a;m,,2027-01-10,\n")
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
                    assert start.utcoffset() == datetime.timedelta(0), name
                    assert end > start, name
                    assert str(e['UID']) not in uids; uids.add(str(e['UID']))
                    if 'RRULE' in e:
                        assert e['RRULE']['FREQ'] == ['WEEKLY'] and e['RRULE']['COUNT'][0] in (2, 12), name
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
}
