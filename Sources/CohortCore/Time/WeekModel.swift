/// The quarter as the schedule sees it (SPEC §3.6: "every event inside every
/// participant's availability in every week of the quarter"): the UTC offsets
/// of every zone of the roster over the 12 weeks, the clock the schedule
/// keeps, each member's usable weekly slots, and the instants at which a
/// weekly meeting takes place. docs/input.md (*Availability*) and docs/schedule.md §1.1.
///
/// **The schedule's clock.** Every weekly meeting keeps one clock all quarter:
/// UTC, or the local time of a zone class (zones whose offsets change at the
/// same instants by the same amount, e.g. Europe/London, Europe/Berlin and
/// Europe/Madrid). The week of 672 slots is that clock's week, counted from
/// Monday 00:00 in UTC under the offsets in force when the quarter opens (the
/// *frame*): with the UTC clock a slot is a UTC time; with a zone clock it is
/// that UTC time only until the clock changes, and keeps its local time after.
///
/// A member can make a slot when, in every week of the quarter, it falls inside
/// one of their windows: their windows on the frame, intersected over every
/// offset difference between their zone and the clock during the quarter
/// (what a member's `availability` holds). Members whose zone changes with the clock lose
/// nothing; the others lose the hour(s) their clock moves against it.
/// `chooseClock` takes the clock that costs the roster the fewest slots.
public struct WeekModel: Sendable {
    public static let weeks = 12
    public static let weekSeconds = 604_800
    static let slotSeconds = Week.slotMinutes * 60
    /// 1970-01-05 00:00 UTC, a Monday: weekly slots count from a Monday midnight.
    static let mondayEpoch = 4 * 86_400

    public let quarterStart: CalendarDate
    /// Instants any member's quarter can hold: from `quarter_start` 00:00 at
    /// UTC+14 to the end of week 12 at UTC−12 (seconds since the epoch).
    public let span: Range<Int>
    public let timelines: [String: ZoneTimeline]
    /// The zone whose local time the schedule keeps, nil for UTC.
    public let clockZone: String?
    /// The clock's offsets (UTC: always 0).
    public let clock: ZoneTimeline
    /// Per zone: the UTC instants of `quarter_start` 00:00 and of the day after week 12, local time.
    let bounds: [String: Range<Int>]
    /// Per zone: each difference (slots) between how far its offset and the
    /// clock's have moved since the quarter opened, with the frame slots whose
    /// occurrences inside the zone's quarter see it.
    let drifts: [String: [(drift: Int, slots: WeekSlots)]]
    /// Frame slots whose clock time is skipped or repeated when the clock changes.
    public let clockGaps: WeekSlots
    /// The slots each candidate clock would cost the roster (`chooseClock`), for summary.json.
    public var clockCosts: [(zone: String, lost: Int)] = []

    public static func span(quarterStart q: CalendarDate) -> Range<Int> {
        (q.secondsSinceEpoch - 14 * 3600)..<(q.adding(days: 7 * weeks).secondsSinceEpoch + 12 * 3600)
    }

    /// Timelines of the named zones over the quarter (unknown names are held at UTC).
    public static func timelines(quarterStart: CalendarDate, zones: some Sequence<String>) -> [String: ZoneTimeline] {
        let span = Self.span(quarterStart: quarterStart)
        var timelines: [String: ZoneTimeline] = [:]
        for z in Set(zones).sorted() { timelines[z] = ZoneTimeline(zone: z, over: span) ?? ZoneTimeline(zone: z, fixedOffset: 0) }
        return timelines
    }

    /// The model with the schedule keeping `clockZone`'s local time (nil: UTC).
    public init(quarterStart: CalendarDate, timelines: [String: ZoneTimeline], clockZone: String?) {
        self.quarterStart = quarterStart
        span = Self.span(quarterStart: quarterStart)
        self.timelines = timelines
        let clock = clockZone.map { timelines[$0] ?? ZoneTimeline(zone: $0, over: Self.span(quarterStart: quarterStart)) ?? ZoneTimeline(zone: $0, fixedOffset: 0) }
            ?? ZoneTimeline(zone: "UTC", fixedOffset: 0)
        self.clock = clock
        self.clockZone = clock.changesOffset ? clockZone : nil
        var bounds: [String: Range<Int>] = [:]
        var drifts: [String: [(drift: Int, slots: WeekSlots)]] = [:]
        for (z, t) in timelines {
            let b = t.instant(ofLocal: quarterStart.secondsSinceEpoch)..<t.instant(ofLocal: quarterStart.adding(days: 7 * Self.weeks).secondsSinceEpoch)
            bounds[z] = b
            drifts[z] = Self.drifts(t, clock: clock, quarter: b)
        }
        self.bounds = bounds
        self.drifts = drifts
        var gaps = WeekSlots()
        var before = clock.initialOffset
        for c in clock.changes {
            // Clock times skipped or repeated by the change, on the frame.
            let low = c.at + (min(before, c.offset) - clock.initialOffset) * 60
            let high = c.at + (max(before, c.offset) - clock.initialOffset) * 60
            let first = Availability.floorDiv(low - Self.mondayEpoch, Self.slotSeconds)
            let last = Availability.floorDiv(high - Self.mondayEpoch + Self.slotSeconds - 1, Self.slotSeconds)
            gaps.insert(start: first, count: max(0, last - first))
            before = c.offset
        }
        clockGaps = gaps
    }

    /// The differences, in slots, between how far `t` and `clock` have moved
    /// from their opening offsets during `quarter` (the zone's own quarter),
    /// each with the frame slots that occur while it holds: a change on the
    /// last Sunday of the quarter moves only that Sunday's slots.
    static func drifts(_ t: ZoneTimeline, clock: ZoneTimeline, quarter: Range<Int>) -> [(drift: Int, slots: WeekSlots)] {
        let cuts = Set((t.changes.map(\.at) + clock.changes.map(\.at)).filter { quarter.contains($0) }).sorted()
        let edges = [quarter.lowerBound] + cuts + [quarter.upperBound]
        func frame(_ x: Int) -> Int { x + (clock.offset(at: x) - clock.initialOffset) * 60 }
        var list: [(drift: Int, slots: WeekSlots)] = []
        for k in 0..<(edges.count - 1) where edges[k] < edges[k + 1] {
            let a = edges[k], b = edges[k + 1]
            let d = ((t.offset(at: a) - t.initialOffset) - (clock.offset(at: a) - clock.initialOffset)) / Week.slotMinutes
            var slots = WeekSlots()
            let fa = frame(a), fb = frame(b)
            if fb - fa >= weekSeconds {
                slots = .all
            } else {
                let first = Availability.floorDiv(fa - mondayEpoch + slotSeconds - 1, slotSeconds)
                let end = Availability.floorDiv(fb - mondayEpoch + slotSeconds - 1, slotSeconds)
                slots.insert(start: first, count: end - first)
            }
            if let i = list.firstIndex(where: { $0.drift == d }) { list[i].slots.formUnion(slots) } else { list.append((d, slots)) }
        }
        return list
    }

    /// The clock that costs the roster least: for each candidate (UTC, and
    /// every zone whose offset changes in the quarter, one per class of zones
    /// that change together), the slots the members lose against their windows
    /// at the opening offsets, summed; the smallest wins, UTC on ties, then the
    /// zone with most members, then by name. `members`: (zone, windows on the
    /// opening frame, how many members have them).
    public static func chooseClock(quarterStart: CalendarDate, timelines: [String: ZoneTimeline], members: [(zone: String, opening: WeekSlots, count: Int)]) -> (zone: String?, cost: [(zone: String, lost: Int)]) {
        var perZone: [String: Int] = [:]
        for m in members { perZone[m.zone, default: 0] += m.count }
        // One candidate per class of zones that change together: its most common zone.
        var classes: [[Int]: String] = [:]
        for (z, t) in timelines where t.changesOffset && perZone[z, default: 0] > 0 {
            let key = t.changes.flatMap { [$0.at, $0.offset - t.initialOffset] }
            if let other = classes[key], (perZone[other]!, z) > (perZone[z]!, other) { continue }
            classes[key] = z
        }
        var costs: [(zone: String, lost: Int)] = []
        var best: (zone: String?, lost: Int) = (nil, Int.max)
        for candidate in [nil] + classes.values.sorted() {
            let model = WeekModel(quarterStart: quarterStart, timelines: timelines, clockZone: candidate)
            var lost = 0
            for m in members { lost += m.count * (m.opening.count - model.availability(opening: m.opening, zone: m.zone).count) }
            costs.append((candidate ?? "UTC", lost))
            if lost < best.lost { best = (candidate, lost) }
        }
        return (best.zone, costs)
    }

    public func timeline(_ zone: String) -> ZoneTimeline { timelines[zone] ?? ZoneTimeline(zone: zone, fixedOffset: 0) }

    /// The UTC instants at which a member in `zone` starts and ends the quarter
    /// (`quarter_start` 00:00 and 00:00 after week 12, local time).
    public func quarter(zone: String) -> Range<Int> {
        bounds[zone] ?? (quarterStart.secondsSinceEpoch..<quarterStart.adding(days: 7 * Self.weeks).secondsSinceEpoch)
    }

    // MARK: Availability

    /// A member's windows placed on the UTC week under their zone's offset
    /// when the quarter opens (rounded to the grid, merged; notes as `Availability.utcSlots`).
    public static func opening(_ windows: [LocalWindow], timeline: ZoneTimeline) -> (slots: WeekSlots, notes: [AvailabilityNote]) {
        Availability.utcSlots(windows, offsetSeconds: timeline.initialOffsetSeconds)
    }

    /// The frame slots a member in `zone` can make in every week of the
    /// quarter, from their `opening` slots: kept only where every difference
    /// between their zone's offset and the clock's, at the instants the slot
    /// occurs in their quarter, leaves it inside a window; and where the
    /// clock's time exists once.
    public func availability(opening: WeekSlots, zone: String) -> WeekSlots {
        var result = opening
        for (d, slots) in drifts[zone] ?? [] where d != 0 {
            // Slots occurring while the drift is d need the window d slots later in their local time.
            result = result.subtracting(slots.subtracting(opening.shifted(by: -d)))
        }
        return clockGaps.isEmpty ? result : result.subtracting(clockGaps)
    }

    // MARK: Occurrences

    /// The weekly slot of a UTC instant (0 = Monday 00:00 UTC).
    public static func slot(of instant: Int) -> Int {
        Availability.floorDiv(instant - mondayEpoch, slotSeconds) % Week.slots
    }

    /// The frame instant of a UTC instant (its clock time, read at the opening offset).
    public func frame(_ instant: Int) -> Int { instant + (clock.offset(at: instant) - clock.initialOffset) * 60 }

    /// The UTC instant of a frame instant.
    public func utc(frame r: Int) -> Int { clockZone == nil ? r : clock.instant(ofLocal: r + clock.initialOffset * 60) }

    /// The frame slot of a UTC instant.
    public func frameSlot(of instant: Int) -> Int { Self.slot(of: frame(instant)) }

    /// The first instant at or after `from` that falls on weekly slot `slot`.
    static func firstInstant(slot: Int, atOrAfter from: Int) -> Int {
        let phase = ((slot * slotSeconds - (from - mondayEpoch)) % weekSeconds + weekSeconds) % weekSeconds
        return from + phase
    }

    /// The part of the quarter every zone shares, on the frame: from the
    /// latest local start to the earliest local end.
    func sharedQuarter(zones: some Sequence<String>) -> Range<Int> {
        var lo = Int.min, hi = Int.max
        for z in zones {
            let b = quarter(zone: z)
            lo = max(lo, frame(b.lowerBound))
            hi = min(hi, frame(b.upperBound))
        }
        if lo == Int.min { let b = quarter(zone: "UTC"); return frame(b.lowerBound)..<frame(b.upperBound) }
        return lo..<max(lo, hi)
    }

    /// The instants (UTC, ascending) at which a weekly meeting at frame slot
    /// `startSlot`, `length` slots long, takes place: every week from the first
    /// time it falls inside every participant's quarter, up to `count` times,
    /// never past the end of anyone's quarter.
    public func occurrences(startSlot: Int, length: Int, zones: some Sequence<String>, count: Int = WeekModel.weeks) -> [Int] {
        let shared = sharedQuarter(zones: zones)
        var result: [Int] = []
        var r = Self.firstInstant(slot: startSlot, atOrAfter: shared.lowerBound)
        while result.count < count && r + length * Self.slotSeconds <= shared.upperBound {
            result.append(utc(frame: r))
            r += Self.weekSeconds
        }
        return result
    }

    /// Frame starts at which a weekly meeting of `length` slots takes place
    /// `count` times inside every participant's quarter.
    public func fullStarts(length: Int, zones: some Sequence<String>, count: Int = WeekModel.weeks) -> WeekSlots {
        let shared = sharedQuarter(zones: zones)
        let room = shared.upperBound - (count - 1) * Self.weekSeconds - length * Self.slotSeconds - shared.lowerBound
        var result = WeekSlots()
        if room < 0 { return result }
        if room >= Self.weekSeconds - Self.slotSeconds { return .all }
        // Slots whose first instant lies in [lower, lower + room].
        let firstSlotStart = Availability.floorDiv(shared.lowerBound - Self.mondayEpoch + Self.slotSeconds - 1, Self.slotSeconds)
        let lead = firstSlotStart * Self.slotSeconds - (shared.lowerBound - Self.mondayEpoch)
        let n = (room - lead) / Self.slotSeconds + 1
        if n > 0 { result.insert(start: firstSlotStart, count: n) }
        return result
    }

    // MARK: One-off meetings in a week

    /// The UTC days of week `week` (1…12): `quarter_start` + 7(week − 1) days, 00:00 UTC, for 7 days.
    public func weekWindow(_ week: Int) -> Range<Int> {
        let start = quarterStart.adding(days: 7 * (week - 1)).secondsSinceEpoch
        return start..<(start + Self.weekSeconds)
    }

    /// The UTC instant of UTC weekly slot `slot` inside week `week`'s UTC days.
    public func instant(slot: Int, week: Int) -> Int {
        Self.firstInstant(slot: slot, atOrAfter: weekWindow(week).lowerBound)
    }

    /// The UTC slots of week `week` a member can make (exact: each slot is read
    /// with the offset in force at its instant that week), only inside their
    /// own quarter. `opening`: the member's `openingAvailability`.
    public func availability(inWeek week: Int, opening: WeekSlots, zone: String) -> WeekSlots {
        let t = timeline(zone)
        let window = weekWindow(week)
        let mine = quarter(zone: zone)
        var result = WeekSlots()
        // Split the week at the zone's changes and at its quarter bounds.
        var cuts = [window.lowerBound, window.upperBound, mine.lowerBound, mine.upperBound] + t.changes.map(\.at)
        cuts = cuts.filter { window.contains($0) || $0 == window.upperBound }.sorted()
        for k in 0..<(cuts.count - 1) where cuts[k] < cuts[k + 1] {
            let piece = cuts[k]..<cuts[k + 1]
            guard mine.contains(piece.lowerBound) else { continue }
            let shifted = opening.shifted(by: (t.initialOffset - t.offset(at: piece.lowerBound)) / Week.slotMinutes)
            // Slots whose instant in this week lies in the piece.
            let first = Availability.floorDiv(piece.lowerBound - Self.mondayEpoch + Self.slotSeconds - 1, Self.slotSeconds)
            let end = Availability.floorDiv(piece.upperBound - Self.mondayEpoch + Self.slotSeconds - 1, Self.slotSeconds)
            var mask = WeekSlots()
            mask.insert(start: first, count: end - first)
            result.formUnion(shifted.intersection(mask))
        }
        return result
    }

    // MARK: Text

    /// (local date, minutes after local midnight) of an instant in a zone.
    public func local(_ instant: Int, zone: String) -> (date: CalendarDate, minute: Int) { timeline(zone).local(instant) }

    /// "Tue 18:00–18:30 UTC", or with a zone clock "Tue 19:00–19:30 Europe/Berlin time".
    public func describe(startSlot: Int, slotCount: Int) -> String {
        guard let zone = clockZone else { return Week.describe(startSlot: startSlot, slotCount: slotCount) + " UTC" }
        return Week.describe(startSlot: startSlot + clock.initialOffset / Week.slotMinutes, slotCount: slotCount) + " " + zone + " time"
    }

    /// "your Sat 10:15–13:30 America/New_York window is 1 hour earlier in UTC
    /// from 2027-03-14 (daylight-saving time)" — or "… earlier against the
    /// schedule's Europe/Berlin time from …": the member's first window that the
    /// change of their zone's offset against the clock moves, or nil.
    public func changeNote(windows: [LocalWindow], zone: String, owner: String = "your") -> String? {
        let t = timeline(zone)
        guard let w = windows.first else { return nil }
        // The first instant the member's drift against the clock is not zero.
        for at in (t.changes.map(\.at) + clock.changes.map(\.at)).sorted() {
            let delta = (t.offset(at: at) - t.initialOffset) - (clock.offset(at: at) - clock.initialOffset)
            if delta == 0 { continue }
            let hours = abs(delta) % 60 == 0 ? (abs(delta) / 60 == 1 ? "1 hour" : "\(abs(delta) / 60) hours") : "\(abs(delta)) minutes"
            let date = t.local(at).date
            let days = w.days.count == 1 ? Week.dayNames[w.days[0]] : Week.dayNames[w.days.first!] + "–" + Week.dayNames[w.days.last!]
            let against = clockZone.map { "against the schedule's \($0) time" } ?? "in UTC"
            return "\(owner) \(days) \(Week.clock(w.start))–\(Week.clock(w.end)) \(zone) window is \(hours) \(delta > 0 ? "earlier" : "later") \(against) from \(date) (daylight-saving time)"
        }
        return nil
    }
}

extension WeekSlots {
    /// The set moved by `k` slots (later when positive), wrapping around the week.
    public func shifted(by k: Int) -> WeekSlots {
        if k % Week.slots == 0 { return self }
        var r = WeekSlots()
        for i in 0..<11 {
            var w = words[i]
            while w != 0 {
                let s = i * 64 + w.trailingZeroBitCount
                if s < Week.slots { r.insert(s + k) }
                w &= w - 1
            }
        }
        return r
    }
}
