/// The week as 672 slots of 15 minutes, Monday 00:00 UTC first. Every real
/// time-zone offset (Asia/Kathmandu is +05:45) is a whole number of slots.
public enum Week {
    public static let slotMinutes = 15
    public static let slotsPerDay = 96
    public static let slots = 672
    public static let minutes = 10_080
    public static let dayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    /// A quarter is 12 weeks (SPEC: communities run in 12-week cycles).
    public static let perQuarter = 12

    /// Whole slots needed to hold `minutes` minutes.
    public static func slotCount(minutes: Int) -> Int { (minutes + slotMinutes - 1) / slotMinutes }

    /// "Mon", "09:15" for a minute of the week (wrapping).
    public static func dayAndTime(minuteOfWeek: Int) -> (day: String, time: String) {
        let m = ((minuteOfWeek % minutes) + minutes) % minutes
        return (dayNames[m / 1440], clock(m % 1440))
    }

    /// "HH:MM" for minutes since midnight; 1440 prints as "24:00".
    public static func clock(_ minutes: Int) -> String {
        let h = minutes / 60, mm = minutes % 60
        return (h < 10 ? "0" : "") + String(h) + ":" + (mm < 10 ? "0" : "") + String(mm)
    }

    /// "Tue 18:00–19:30" for slots `start ..< start + count` (cyclic), in UTC.
    public static func describe(startSlot: Int, slotCount: Int) -> String {
        let start = startSlot * slotMinutes
        let (day, from) = dayAndTime(minuteOfWeek: start)
        let endMinute = start + slotCount * slotMinutes
        let endInDay = endMinute - (start / 1440) * 1440
        let next = dayAndTime(minuteOfWeek: endMinute)
        let to = endInDay <= 1440 ? clock(endInDay) : next.day + " " + next.time
        return day + " " + from + "–" + to
    }
}

/// A set of the week's 15-minute UTC slots, as a fixed 704-bit set (no heap).
public struct WeekSlots: Sendable, Hashable {
    @usableFromInline var words: InlineArray<11, UInt64>

    /// The empty set.
    public init() { words = InlineArray(repeating: 0) }

    init(words: InlineArray<11, UInt64>) { self.words = words }

    /// Every slot of the week.
    public static var all: WeekSlots {
        var s = WeekSlots()
        s.insert(start: 0, count: Week.slots)
        return s
    }

    // Each method reads `words` into a local once: reading the stored
    // InlineArray inside the loop copied all 11 words on every iteration.

    public var isEmpty: Bool {
        let w = words
        for i in 0..<11 where w[i] != 0 { return false }
        return true
    }

    /// Number of slots in the set.
    public var count: Int {
        let w = words
        var n = 0
        for i in 0..<11 { n += w[i].nonzeroBitCount }
        return n
    }

    public func contains(_ slot: Int) -> Bool {
        let s = ((slot % Week.slots) + Week.slots) % Week.slots
        return words[s >> 6] & (1 << UInt64(s & 63)) != 0
    }

    public mutating func insert(_ slot: Int) {
        let s = ((slot % Week.slots) + Week.slots) % Week.slots
        words[s >> 6] |= 1 << UInt64(s & 63)
    }

    public mutating func remove(_ slot: Int) {
        let s = ((slot % Week.slots) + Week.slots) % Week.slots
        words[s >> 6] &= ~(1 << UInt64(s & 63))
    }

    /// Inserts `count` slots from `start`, wrapping past Sunday midnight.
    public mutating func insert(start: Int, count: Int) {
        var remaining = min(count, Week.slots)
        var slot = ((start % Week.slots) + Week.slots) % Week.slots
        while remaining > 0 {
            let run = min(remaining, Week.slots - slot)
            insertRun(from: slot, count: run)
            remaining -= run
            slot = 0
        }
    }

    /// Inserts slots `first ..< first + count` (within the week, no wrap), a
    /// word at a time.
    private mutating func insertRun(from first: Int, count: Int) {
        var slot = first, remaining = count
        while remaining > 0 {
            let bit = slot & 63, take = min(remaining, 64 - bit)
            let ones: UInt64 = take == 64 ? ~0 : (1 << UInt64(take)) - 1
            words[slot >> 6] |= ones << UInt64(bit)
            slot += take
            remaining -= take
        }
    }

    /// Whether all `count` slots from `start` (wrapping) are in the set.
    public func contains(start: Int, count: Int) -> Bool {
        for k in 0..<count where !contains(start + k) { return false }
        return true
    }

    public func intersection(_ other: WeekSlots) -> WeekSlots {
        var w = words
        let o = other.words
        for i in 0..<11 { w[i] &= o[i] }
        return WeekSlots(words: w)
    }

    public func union(_ other: WeekSlots) -> WeekSlots {
        var w = words
        let o = other.words
        for i in 0..<11 { w[i] |= o[i] }
        return WeekSlots(words: w)
    }

    public func subtracting(_ other: WeekSlots) -> WeekSlots {
        var w = words
        let o = other.words
        for i in 0..<11 { w[i] &= ~o[i] }
        return WeekSlots(words: w)
    }

    public mutating func formUnion(_ other: WeekSlots) {
        self = union(other)
    }

    public func intersects(_ other: WeekSlots) -> Bool {
        let w = words, o = other.words
        for i in 0..<11 where w[i] & o[i] != 0 { return true }
        return false
    }

    /// How many slots both sets share.
    public func intersectionCount(_ other: WeekSlots) -> Int {
        let w = words, o = other.words
        var n = 0
        for i in 0..<11 { n += (w[i] & o[i]).nonzeroBitCount }
        return n
    }

    /// The slots `s` such that all of `s ..< s + length` (wrapping) are in the
    /// set: the possible start times of a meeting `length` slots long. Two
    /// members can meet for `length` slots exactly when their `starts` intersect.
    public func starts(length: Int) -> WeekSlots {
        if length <= 1 { return self }
        if count == Week.slots { return self }
        // s starts a run of k + 1 when s is in the set and s + 1 starts a run
        // of k: AND the set with the runs so far moved down one slot, k times.
        var runs = self
        for _ in 1..<min(length, Week.slots + 1) {
            runs = intersection(runs.movedDownOneSlot)
            if runs.isEmpty { break }
        }
        return runs
    }

    /// Slot s holds what slot s + 1 held (wrapping past Sunday midnight).
    var movedDownOneSlot: WeekSlots {
        let x = words
        var r = InlineArray<11, UInt64>(repeating: 0)
        for w in 0..<10 { r[w] = (x[w] >> 1) | (x[w + 1] << 63) }
        r[10] = (x[10] >> 1) | ((x[0] & 1) << 31)
        return WeekSlots(words: r)
    }

    /// The slots in ascending order.
    public var slots: [Int] {
        var result: [Int] = []
        for i in 0..<11 {
            var w = words[i]
            while w != 0 {
                let b = w.trailingZeroBitCount
                let s = i * 64 + b
                if s < Week.slots { result.append(s) }
                w &= w - 1
            }
        }
        return result
    }

    /// Maximal runs of consecutive slots as (start, length), merged across
    /// Sunday midnight, ordered by start.
    public var runs: [(start: Int, length: Int)] {
        if count == Week.slots { return [(0, Week.slots)] }
        var result: [(start: Int, length: Int)] = []
        var s = 0
        while s < Week.slots {
            if contains(s) {
                var e = s
                while e < Week.slots && contains(e) { e += 1 }
                result.append((s, e - s))
                s = e
            } else { s += 1 }
        }
        if result.count > 1, let first = result.first, let last = result.last,
            first.start == 0, last.start + last.length == Week.slots
        {
            result[result.count - 1] = (last.start, last.length + first.length)
            result.removeFirst()
        }
        return result
    }

    /// The longest run of consecutive slots (wrapping), or nil when empty.
    public var longestRun: (start: Int, length: Int)? {
        runs.max(by: { $0.length < $1.length || ($0.length == $1.length && $0.start > $1.start) })
    }

    public static func == (a: WeekSlots, b: WeekSlots) -> Bool {
        for i in 0..<11 where a.words[i] != b.words[i] { return false }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        for i in 0..<11 { hasher.combine(words[i]) }
    }
}
