import CohortSolver
import Foundation
import Testing

@testable import CohortCore

/// Calendars that follow changes (docs/schedule.md §6): a calendar program that
/// imported a member's .ics and then imports the revised one ends with exactly
/// the new events — changed ones replaced (same UID, higher SEQUENCE), removed
/// ones cancelled.
@Suite struct CalendarRevisionTests {
    /// A two-pair schedule; then the mentee `a` gets another mentor (as `rematch --release m` does).
    func schedules() throws -> (before: ScheduleText, after: ScheduleText) {
        let c = scheduleCohort(["a,Ann,ann@example.org,1,Europe/Berlin,Tue 18:00-20:00", "b,,,1,UTC,Wed 10:00-12:00",
                                "m,,,4,UTC,Tue 16:00-20:00;Wed 10:00-12:00", "n,,,4,Europe/Berlin,Tue 18:00-20:00"],
                               policy: "quarter_start = 2027-03-01\n")
        let r1 = ScheduleRequest(cohort: c, checkIns: [CheckInPair(mentee: 0, mentor: 2), CheckInPair(mentee: 1, mentor: 2)])
        let r2 = ScheduleRequest(cohort: c, checkIns: [CheckInPair(mentee: 0, mentor: 3), CheckInPair(mentee: 1, mentor: 2)])
        return (ScheduleText(try Scheduler.solve(r1, solver: GLPKSolver()), request: r1), ScheduleText(try Scheduler.solve(r2, solver: GLPKSolver()), request: r2))
    }

    @Test func aCalendarReadsBackAsWritten() throws {
        let (before, _) = try schedules()
        for m in 0..<4 {
            guard let text = before.calendar(member: m) else { continue }  // n has no event before the change
            let file = try #require(CalendarFile(parsing: text))
            let parsed = try #require(CalendarFile(parsing: file.text))
            #expect(parsed == file)
            #expect(parsed.text == file.text)
        }
    }

    @Test func changedEventsGoOutWithAHigherSequenceRemovedOnesCancelled() throws {
        let (before, after) = try schedules()
        // a's check-in is with n now: same event id (checkin-a), so the same UID, SEQUENCE 1.
        let oldA = try #require(CalendarFile(parsing: before.calendar(member: 0)!))
        let (newA, changed, cancelled) = try #require(CalendarFile(parsing: after.calendar(member: 0)!)).revised(from: oldA)
        #expect(changed == 1 && cancelled == 0)
        #expect(newA.events.map(\.uid) == oldA.events.map(\.uid))
        #expect(newA.events[0].sequence == 1 && !newA.events[0].cancelled)
        // m no longer meets a: that event goes out again, cancelled; b's stays at SEQUENCE 0.
        let oldM = try #require(CalendarFile(parsing: before.calendar(member: 2)!))
        let (newM, changedM, cancelledM) = try #require(CalendarFile(parsing: after.calendar(member: 2)!)).revised(from: oldM)
        #expect(changedM == 0 && cancelledM == 1)
        let gone = try #require(newM.events.first { $0.cancelled })
        #expect(gone.sequence == 1 && gone.uid == oldM.events.first { $0.uid == gone.uid }?.uid)
        #expect(newM.text.contains("STATUS:CANCELLED\r\n") && newM.text.contains("SEQUENCE:1\r\n"))
        #expect(newM.events.filter { !$0.cancelled }.allSatisfy { $0.sequence == 0 })
        // Revising again from the revised file changes nothing; the cancelled event stays as it was.
        let again = newM.revised(from: newM)
        #expect(again.changed == 0 && again.cancelled == 0 && again.file == newM)
        // n had no calendar before: nothing to revise.
        #expect(try #require(CalendarFile(parsing: after.calendar(member: 3)!)).revised(from: nil).file.events.allSatisfy { $0.sequence == 0 })
    }

    /// What a calendar program does on importing an update (RFC 5546 §2.1.4, §2.1.5):
    /// an event with a UID it holds replaces it when its SEQUENCE is higher, and a
    /// cancelled one removes it. The result, expanded by Python's
    /// recurring_ical_events, holds exactly the new calendar's occurrences.
    @Test(.enabled(if: recurrenceExpansionAvailable, "python3 -c 'import icalendar, recurring_ical_events' failed: make test-setup"))
    func anImportedCalendarFollowsTheUpdate() throws {
        let (before, after) = try schedules()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-revision-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for m in [0, 2] {
            let old = try #require(CalendarFile(parsing: before.calendar(member: m)!))
            let new = try #require(CalendarFile(parsing: after.calendar(member: m)!)).revised(from: old).file
            try Data(old.text.utf8).write(to: dir.appendingPathComponent("old-\(m).ics"))
            try Data(new.text.utf8).write(to: dir.appendingPathComponent("new-\(m).ics"))
            try Data(try #require(after.calendar(member: m)).utf8).write(to: dir.appendingPathComponent("fresh-\(m).ics"))
        }
        let script = """
            import icalendar, recurring_ical_events, sys, os, datetime as dt
            d = sys.argv[1]
            def load(name): return icalendar.Calendar.from_ical(open(os.path.join(d, name), 'rb').read())
            def occurrences(cal):
                span = (dt.datetime(2027, 2, 20, tzinfo=dt.timezone.utc), dt.datetime(2027, 6, 1, tzinfo=dt.timezone.utc))
                return sorted((str(e['UID']), e.decoded('DTSTART').astimezone(dt.timezone.utc)) for e in recurring_ical_events.of(cal).between(*span)
                              if str(e.get('STATUS', '')).upper() != 'CANCELLED')
            for m in sys.argv[2:]:
                held = {}
                for e in load('old-' + m + '.ics').walk('VEVENT'): held[str(e['UID'])] = e
                for e in load('new-' + m + '.ics').walk('VEVENT'):
                    uid = str(e['UID'])
                    if uid in held and int(e.get('SEQUENCE', 0)) <= int(held[uid].get('SEQUENCE', 0)) and e.to_ical() != held[uid].to_ical():
                        print('not an update', m, uid); sys.exit(1)
                    if str(e.get('STATUS', '')).upper() == 'CANCELLED': held.pop(uid, None)
                    else: held[uid] = e
                imported = icalendar.Calendar()
                for tz in load('new-' + m + '.ics').walk('VTIMEZONE'): imported.add_component(tz)
                for e in held.values(): imported.add_component(e)
                got, want = occurrences(imported), occurrences(load('fresh-' + m + '.ics'))
                print(m, len(occurrences(load('old-' + m + '.ics'))), len(got), len(want), got == want)
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, dir.path, "0", "2"]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(output) \(errors)")
        // Member a: 12 check-ins (now with n); member m: 24 before, 12 after (b's only).
        #expect(output.split(separator: "\n").map(String.init) == ["0 12 12 12 True", "2 24 12 12 True"])
    }
}
