import Testing

@testable import CohortCore

@Suite struct WeekTests {
    @Test func windowsRunPastMidnightAndWrapTheWeek() throws {
        let w = try Availability.parseWindow("Sun 23:00-01:00").get()
        let (slots, notes) = Availability.utcSlots([w], offsetMinutes: 0)
        #expect(notes.isEmpty)
        #expect(slots.slots == [0, 1, 2, 3, 668, 669, 670, 671])
        #expect(slots.runs.count == 1)
        #expect(slots.runs[0].start == 668 && slots.runs[0].length == 8)
    }

    @Test func dayRangesAnd2400() throws {
        let w = try Availability.parseWindow("fri-mon 22:00-24:00").get()
        #expect(w.days == [4, 5, 6, 0])
        #expect(w.minutes == 120)
    }

    @Test func offsetsShiftToUTC() throws {
        let w = try Availability.parseWindow("Mon 01:00-02:00").get()
        // Kolkata +05:30: Mon 01:00 local is Sun 19:30 UTC.
        let (slots, _) = Availability.utcSlots([w], offsetMinutes: 330)
        #expect(Week.describe(startSlot: slots.runs[0].start, slotCount: slots.runs[0].length) == "Sun 19:30–20:30")
    }

    @Test func offGridTimesAreRoundedInwards() throws {
        let w = try Availability.parseWindow("Tue 10:10-11:50").get()
        let (slots, notes) = Availability.utcSlots([w], offsetMinutes: 0)
        #expect(notes == [.offGrid("Tue 10:10-11:50")])
        #expect(Week.describe(startSlot: slots.runs[0].start, slotCount: slots.runs[0].length) == "Tue 10:15–11:45")
    }

    @Test func startsFindCommonMeetingTimes() {
        var a = WeekSlots(), b = WeekSlots()
        a.insert(start: 10, count: 4)  // 02:30-03:30
        b.insert(start: 12, count: 4)  // 03:00-04:00
        // A 30-minute meeting fits (slots 12-13), a 45-minute one does not.
        #expect(a.starts(length: 2).intersects(b.starts(length: 2)))
        #expect(!a.starts(length: 3).intersects(b.starts(length: 3)))
        // Wrapping across Sunday midnight.
        var c = WeekSlots()
        c.insert(start: 670, count: 4)
        #expect(c.starts(length: 4).slots == [670])
        #expect(WeekSlots.all.starts(length: 6).count == Week.slots)
    }

    @Test func calendarDates() throws {
        let d = try #require(CalendarDate(parsing: "2027-01-04"))
        #expect(d.weekday == 0)
        #expect(CalendarDate(daysSinceEpoch: d.daysSinceEpoch) == d)
        #expect(CalendarDate(parsing: "2026-11-21")!.nextMonday.description == "2026-11-23")
        #expect(CalendarDate(parsing: "2026-11-23")!.nextMonday.description == "2026-11-30")
        #expect(CalendarDate(parsing: "2027-02-29") == nil)
        #expect(CalendarDate(parsing: "2028-02-29") != nil)
    }
}
