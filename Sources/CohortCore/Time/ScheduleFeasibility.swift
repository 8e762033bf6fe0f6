/// Checks the pairing and team phases can use so that they never produce a
/// match that the schedule cannot place (SPEC §3.5, docs/schedule.md §6).
public enum ScheduleFeasibility {
    /// Whether meetings, each with its possible UTC starts and length in slots,
    /// can all be placed without two overlapping — e.g. a mentor's two
    /// check-ins (`starts` = the pair's common starts), or a member's check-in
    /// and standup. Exhaustive depth-first search, most constrained meeting
    /// first; meant for the few meetings of one member.
    public static func canPlaceDisjoint(_ meetings: [(starts: WeekSlots, length: Int)]) -> Bool {
        let order = meetings.sorted { $0.starts.count < $1.starts.count }
        if order.contains(where: { $0.starts.isEmpty }) { return false }
        func place(_ k: Int, _ busy: WeekSlots) -> Bool {
            if k == order.count { return true }
            let m = order[k]
            let open = m.starts.subtracting(SlotMath.blockedStarts(busy, length: m.length))
            for s in open.slots {
                if place(k + 1, busy.union(SlotMath.interval(start: s, length: m.length))) { return true }
            }
            return false
        }
        return place(0, WeekSlots())
    }
}
