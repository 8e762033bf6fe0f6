import Testing

@testable import CohortCore

/// The week model across a quarter with daylight-saving changes (docs/input.md, Availability).
@Suite struct WeekModelTests {
    static let q = CalendarDate(year: 2027, month: 2, day: 22)!  // US change 2027-03-14, EU 2027-03-28
    static let southern = CalendarDate(year: 2027, month: 3, day: 29)!  // Sydney and Auckland change 2027-04-04

    static func utc(_ y: Int, _ m: Int, _ d: Int, _ h: Int, _ min: Int = 0) -> Int {
        CalendarDate(year: y, month: m, day: d)!.secondsSinceEpoch + h * 3600 + min * 60
    }

    @Test func timelinesFindTheChangeToTheSecond() throws {
        let model = Self.model(Self.q, ["America/New_York", "Europe/Berlin", "Asia/Kolkata"])
        let ny = model.timeline("America/New_York")
        #expect(ny.initialOffset == -300)
        #expect(ny.changes == [ZoneTimeline.Change(at: Self.utc(2027, 3, 14, 7), offset: -240)])
        #expect(model.timeline("Europe/Berlin").changes == [ZoneTimeline.Change(at: Self.utc(2027, 3, 28, 1), offset: 120)])
        #expect(model.timeline("Asia/Kolkata").changes.isEmpty)
        let sydney = Self.model(Self.southern, ["Australia/Sydney"]).timeline("Australia/Sydney")
        #expect(sydney.initialOffset == 660)
        #expect(sydney.changes == [ZoneTimeline.Change(at: Self.utc(2027, 4, 3, 16), offset: 600)])
    }

    static func model(_ q: CalendarDate, _ zones: [String], clock: String? = nil) -> WeekModel {
        WeekModel(quarterStart: q, timelines: WeekModel.timelines(quarterStart: q, zones: zones), clockZone: clock)
    }

    static func opening(_ text: String, _ model: WeekModel, _ zone: String) throws -> (WeekSlots, [LocalWindow]) {
        let w = try text.split(separator: ";").map { try Availability.parseWindow($0).get() }
        return (WeekModel.opening(w, timeline: model.timeline(zone)).slots, w)
    }

    static func runs(_ s: WeekSlots) -> [String] { s.runs.map { Week.describe(startSlot: $0.start, slotCount: $0.length) } }

    @Test func aWindowHoldsOnTheUTCWeekOnlyWhereEveryOffsetKeepsIt() throws {
        let model = Self.model(Self.q, ["America/New_York"])
        let (opening, windows) = try Self.opening("Sat 10:15-13:30", model, "America/New_York")
        // EST: 15:15–18:30 UTC; EDT from 2027-03-14: 14:15–17:30 UTC.
        #expect(Self.runs(opening) == ["Sat 15:15–18:30"])
        #expect(Self.runs(model.availability(opening: opening, zone: "America/New_York")) == ["Sat 15:15–17:30"])
        #expect(model.changeNote(windows: windows, zone: "America/New_York")
                == "your Sat 10:15–13:30 America/New_York window is 1 hour earlier in UTC from 2027-03-14 (daylight-saving time)")
    }

    @Test func aZoneClockKeepsItsZonesWindowsAndMovesTheOthers() throws {
        // The schedule keeps Berlin time: London changes with it (nothing lost), New York
        // drifts against it for two weeks (03-14 to 03-28), Kolkata from 03-28 on.
        let zones = ["Europe/Berlin", "Europe/London", "America/New_York", "Asia/Kolkata"]
        let model = Self.model(Self.q, zones, clock: "Europe/Berlin")
        #expect(model.clockZone == "Europe/Berlin")
        for z in zones {
            let (opening, _) = try Self.opening("Tue 09:00-12:00", model, z)
            let kept = model.availability(opening: opening, zone: z)
            #expect(kept.count == (z.hasPrefix("Europe") ? 12 : 8), "\(z)")
        }
        let (_, windows) = try Self.opening("Tue 09:00-12:00", model, "Asia/Kolkata")
        #expect(model.changeNote(windows: windows, zone: "Asia/Kolkata")
                == "your Tue 09:00–12:00 Asia/Kolkata window is 1 hour later against the schedule's Europe/Berlin time from 2027-03-28 (daylight-saving time)")
        #expect(model.changeNote(windows: windows, zone: "Europe/London") == nil)
        #expect(model.describe(startSlot: 2 * 4, slotCount: 2) == "Mon 03:00–03:30 Europe/Berlin time")
    }

    @Test func theClockCostingFewestSlotsWins() throws {
        let zones = ["Europe/Berlin", "America/New_York", "Asia/Kolkata"]
        let timelines = WeekModel.timelines(quarterStart: Self.q, zones: zones)
        let base = Self.model(Self.q, zones)
        func member(_ z: String, _ n: Int) throws -> (zone: String, opening: WeekSlots, count: Int) { (z, try Self.opening("Mon-Fri 09:00-12:00", base, z).0, n) }
        // A European community: its clock costs nothing.
        let eu = WeekModel.chooseClock(quarterStart: Self.q, timelines: timelines, members: [try member("Europe/Berlin", 30)])
        #expect(eu.zone == "Europe/Berlin")
        // Mostly India: UTC (Kolkata never changes).
        let india = WeekModel.chooseClock(quarterStart: Self.q, timelines: timelines, members: [try member("Europe/Berlin", 5), try member("Asia/Kolkata", 20)])
        #expect(india.zone == nil)
        // Only zones of the roster are candidates; each member loses an hour (4 slots) of each of 5 windows.
        #expect(india.cost.map(\.zone) == ["UTC", "Europe/Berlin"])
        #expect(india.cost.map(\.lost) == [5 * 5 * 4, 20 * 5 * 4])
    }

    @Test func aZoneClockLeavesOutSkippedAndRepeatedClockTimes() throws {
        let model = Self.model(Self.q, ["America/New_York"], clock: "America/New_York")
        let (opening, _) = try Self.opening("Sun 00:00-05:00", model, "America/New_York")
        // 02:00–03:00 local does not exist on 2027-03-14: left out (07:00–08:00 UTC on the frame).
        #expect(Self.runs(model.availability(opening: opening, zone: "America/New_York")) == ["Sun 05:00–07:00", "Sun 08:00–10:00"])
    }

    @Test func zoneClockMeetingsKeepTheirLocalTimeAllQuarter() throws {
        let model = Self.model(Self.q, ["America/New_York"], clock: "America/New_York")
        // Mon 19:00 New York = Tue 00:00 UTC on the frame (EST).
        let instants = model.occurrences(startSlot: Week.slotsPerDay, length: 2, zones: ["America/New_York"])
        #expect(instants.count == 12)
        for (k, t) in instants.enumerated() {
            let local = model.local(t, zone: "America/New_York")
            #expect(local.minute == 19 * 60)
            #expect(local.date == Self.q.adding(days: 7 * k))
        }
        #expect(instants[3] - instants[2] == WeekModel.weekSeconds - 3600)  // the UTC time moves with the clocks
    }

    @Test func firstOccurrencesFallInsideEveryParticipantsQuarter() {
        let model = Self.model(CalendarDate(year: 2018, month: 2, day: 12)!, ["America/New_York"])
        // Mon 00:00 UTC is Sun 19:00 in New York: the first one is the Sunday of week 1, not the day before the quarter.
        let instants = model.occurrences(startSlot: 0, length: 2, zones: ["America/New_York"])
        #expect(instants.count == 12)
        #expect(instants[0] == Self.utc(2018, 2, 19, 0))
        #expect(model.local(instants[0], zone: "America/New_York").date == CalendarDate(year: 2018, month: 2, day: 18)!)
    }

    @Test func meetingsAcrossTheDateLineLoseAWeekRatherThanOverrun() {
        let zones = ["Pacific/Auckland", "Pacific/Honolulu"]
        let model = Self.model(Self.q, zones)
        let shared = model.sharedQuarter(zones: zones)
        // Sun 20:00 UTC = Mon 09:00 Auckland = Sun 10:00 Honolulu: 11 weeks inside both quarters.
        let slot = 6 * Week.slotsPerDay + 80
        let instants = model.occurrences(startSlot: slot, length: 2, zones: zones)
        #expect(instants.count == 11)
        #expect(instants.allSatisfy { shared.contains($0) && $0 + 1800 <= shared.upperBound })
        #expect(!model.fullStarts(length: 2, zones: zones).contains(slot))
        // Wed 20:00 UTC fits 12 times.
        #expect(model.occurrences(startSlot: 2 * Week.slotsPerDay + 80, length: 2, zones: zones).count == 12)
        #expect(model.fullStarts(length: 2, zones: zones).contains(2 * Week.slotsPerDay + 80))
        // fullStarts agrees with occurrences on every slot.
        let full = model.fullStarts(length: 2, zones: zones)
        for s in stride(from: 0, to: Week.slots, by: 5) {
            #expect(full.contains(s) == (model.occurrences(startSlot: s, length: 2, zones: zones).count == 12))
        }
    }

    @Test func oneOffWeeksReadEachSlotWithThatWeeksOffset() throws {
        let model = Self.model(Self.southern, ["Australia/Sydney"])
        let (anchored, _) = try Self.opening("Mon-Sun 09:00-10:00", model, "Australia/Sydney")
        // Week 1 (2027-03-29 to 04-04 UTC days): AEDT (+11) until Sat 04-03 16:00 UTC, AEST (+10) after.
        let week1 = model.availability(inWeek: 1, opening: anchored, zone: "Australia/Sydney")
        #expect(week1.contains(22 * 4))  // Mon 03-29 22:00 UTC = Tue 09:00 AEDT
        #expect(week1.contains(5 * Week.slotsPerDay + 23 * 4))  // Sat 04-03 23:00 UTC = Sun 09:00 AEST
        #expect(!week1.contains(5 * Week.slotsPerDay + 22 * 4))  // Sat 04-03 22:00 UTC = Sun 08:00 AEST
        let week2 = model.availability(inWeek: 2, opening: anchored, zone: "Australia/Sydney")
        #expect(week2.contains(23 * 4) && !week2.contains(22 * 4))
        // Quarter bounds: nothing before 2027-03-29 00:00 Sydney (03-28 13:00 UTC) — every slot of week 1 is after it.
        let q = model.quarter(zone: "Australia/Sydney")
        #expect(q.lowerBound == Self.utc(2027, 3, 28, 13))
    }
}
