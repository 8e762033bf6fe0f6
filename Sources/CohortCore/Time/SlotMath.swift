/// Small helpers on the 672-slot UTC week used by the pairing, team and
/// schedule phases.
enum SlotMath {
    /// Margins are counted up to this many slots (2 hours): deeper is not better.
    static let marginCap = 8

    /// How far a meeting at `start`, `length` slots long, sits inside the
    /// member's availability: the smaller of the free slots before and after
    /// it within the same window, capped at `marginCap`.
    static func margin(_ availability: WeekSlots, start: Int, length: Int) -> Int {
        var before = 0
        while before < marginCap && availability.contains(start - 1 - before) { before += 1 }
        var after = 0
        while after < marginCap && after < before && availability.contains(start + length + after) { after += 1 }
        return min(before, after)
    }

    /// Starts `s` whose meeting `s ..< s + length` would touch a slot of `busy`.
    static func blockedStarts(_ busy: WeekSlots, length: Int) -> WeekSlots {
        var r = WeekSlots()
        for b in busy.slots {
            for k in 0..<length { r.insert(b - k) }
        }
        return r
    }

    /// Whether `start ..< start + length` is free in `busy`.
    static func isFree(_ busy: WeekSlots, start: Int, length: Int) -> Bool {
        for k in 0..<length where busy.contains(start + k) { return false }
        return true
    }

    /// The slots `start ..< start + length`.
    static func interval(start: Int, length: Int) -> WeekSlots {
        var r = WeekSlots()
        r.insert(start: start, count: length)
        return r
    }

    /// Starts on UTC day `day` (0 = Monday).
    static func day(_ day: Int) -> WeekSlots {
        interval(start: day * Week.slotsPerDay, length: Week.slotsPerDay)
    }

    /// "Tue 18:00–19:30 UTC".
    static func describe(_ start: Int, _ length: Int) -> String {
        Week.describe(startSlot: start, slotCount: length) + " UTC"
    }
}
