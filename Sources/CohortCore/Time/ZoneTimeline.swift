import Foundation

/// The UTC offsets one IANA zone has over an interval of time (the quarter),
/// with the exact instants of its changes (daylight-saving time, or a change
/// of standard time). Built once per zone from the system's zone data.
public struct ZoneTimeline: Sendable, Hashable {
    /// From `at` (seconds since the epoch) on, the zone is `offset` minutes east of UTC.
    public struct Change: Sendable, Hashable {
        public let at: Int
        public let offset: Int
    }

    public let zone: String
    /// Offset (minutes east of UTC) at the start of the interval.
    public let initialOffset: Int
    /// The same in seconds (local mean time, before standard zones, has seconds: +5:21:10).
    public let initialOffsetSeconds: Int
    /// Changes inside the interval, ascending.
    public let changes: [Change]

    /// Offsets of `zone` over `interval` (seconds since the epoch): sampled
    /// every 6 hours, each change located to the second by bisection. Nil for a
    /// zone the system does not know.
    public init?(zone name: String, over interval: Range<Int>) {
        guard let tz = TimeZoneTable.zone(name) else { return nil }
        func offset(_ t: Int) -> Int { tz.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t))) / 60 }
        zone = name
        initialOffset = offset(interval.lowerBound)
        initialOffsetSeconds = tz.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(interval.lowerBound)))
        var changes: [Change] = []
        var current = initialOffset
        var t = interval.lowerBound
        let step = 6 * 3600
        while t < interval.upperBound {
            let next = min(t + step, interval.upperBound)
            let o = offset(next)
            if o != current {
                var lo = t, hi = next  // offset(lo) == current, offset(hi) != current
                while hi - lo > 1 {
                    let mid = lo + (hi - lo) / 2
                    if offset(mid) == current { lo = mid } else { hi = mid }
                }
                current = offset(hi)
                changes.append(Change(at: hi, offset: current))
                t = hi
            } else {
                t = next
            }
        }
        self.changes = changes
    }

    /// A timeline without changes (tests, and a zone held at one offset).
    public init(zone: String, fixedOffset: Int) {
        self.zone = zone
        initialOffset = fixedOffset
        initialOffsetSeconds = fixedOffset * 60
        changes = []
    }

    /// Offset in minutes east of UTC at an instant.
    public func offset(at instant: Int) -> Int {
        var result = initialOffset
        for c in changes where c.at <= instant { result = c.offset }
        return result
    }

    /// Every offset the zone has in the interval, in the order they first occur.
    public var offsets: [Int] {
        var list = [initialOffset]
        for c in changes where !list.contains(c.offset) { list.append(c.offset) }
        return list
    }

    /// Whether the offset changes inside the interval.
    public var changesOffset: Bool { changes.contains { $0.offset != initialOffset } }

    /// The instant of a wall-clock time in this zone (`local`: seconds since
    /// 1970-01-01 00:00 of local time). A time that occurs twice (clocks
    /// going back) gives the earlier instant; one that does not occur
    /// (clocks going forward) is read with the offset before the change, as
    /// RFC 5545 §3.3.5 does.
    public func instant(ofLocal local: Int) -> Int {
        var candidates: [Int] = []
        for o in [initialOffset] + changes.map(\.offset) {
            let t = local - o * 60
            if offset(at: t) == o && !candidates.contains(t) { candidates.append(t) }
        }
        if let first = candidates.min() { return first }
        // In a gap: the offset in force just before it.
        for c in changes {
            let before = offset(at: c.at - 1)
            if local - before * 60 >= c.at && local - c.offset * 60 < c.at { return local - before * 60 }
        }
        return local - initialOffset * 60
    }

    /// (date, minutes after midnight) of an instant in this zone.
    public func local(_ instant: Int) -> (date: CalendarDate, minute: Int) {
        let l = instant + offset(at: instant) * 60
        let days = Availability.floorDiv(l, 86_400)
        return (CalendarDate(daysSinceEpoch: days), (l - days * 86_400) / 60)
    }
}
