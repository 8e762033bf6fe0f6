/// The standup starts that leave room for a member's check-ins, so that the
/// team phase (run after the pairs are chosen) never forms a team whose
/// standup can only take a member's check-in time (SPEC §3.5;
/// docs/schedule.md §0).
public enum StandupRoom {
    /// Per member with at least one check-in: the starts s at which they can
    /// make a standup and their check-ins (each over the pair's common starts)
    /// can still all be placed with [s, s + standup) taken
    /// (`ScheduleFeasibility.canPlaceDisjoint`). Members without check-ins are
    /// absent (every start they can make is usable). `members` limits the work
    /// to the members that can be on a team (nil: everyone).
    public static func usableStarts(cohort: Cohort, checkIns: [CheckInPair], members: [Int]? = nil) -> [Int: WeekSlots] {
        let policy = cohort.policy
        let standup = Week.slotCount(minutes: policy.standupMinutes)
        let checkin = Week.slotCount(minutes: policy.checkinMinutes)
        let people = cohort.members
        // Each pair's common starts, then only those that leave room for the
        // other check-ins of both members (the partner's other check-ins do not
        // involve this member but still take the shared times away).
        let common = checkIns.map { SchedulablePairs.commonStarts(mentee: $0.mentee, mentor: $0.mentor, cohort: cohort) }
        var pairsOf: [Int: [Int]] = [:]
        for (k, pair) in checkIns.enumerated() {
            pairsOf[pair.mentee, default: []].append(k)
            if pair.mentor != pair.mentee { pairsOf[pair.mentor, default: []].append(k) }
        }
        var of: [Int: [WeekSlots]] = [:]
        for (k, pair) in checkIns.enumerated() {
            var starts = common[k]
            for p in [pair.mentee, pair.mentor] {
                let others = (pairsOf[p] ?? []).filter { $0 != k }.map { (starts: common[$0], length: checkin) }
                if others.isEmpty { continue }
                for t in starts.slots where !ScheduleFeasibility.canPlaceDisjoint(others + [(starts: SlotMath.interval(start: t, length: 1), length: checkin)]) {
                    starts.remove(t)
                }
            }
            // A pair that cannot fit at all is the scheduler's to explain; keep its times.
            if starts.isEmpty { starts = common[k] }
            of[pair.mentee, default: []].append(starts)
            if pair.mentor != pair.mentee { of[pair.mentor, default: []].append(starts) }
        }
        let wanted = members.map(Set.init)
        var result: [Int: WeekSlots] = [:]
        for m in of.keys.sorted() where wanted?.contains(m) ?? true {
            let meetings = of[m]!.map { (starts: $0, length: checkin) }
            let own = people[m].availability.starts(length: standup)
            // Standup starts that touch some check-in's possible times; the others cannot hurt.
            var reach = WeekSlots()
            for c in meetings { for t in c.starts.slots { reach.insert(start: t, count: checkin) } }
            let touching = SlotMath.blockedStarts(reach, length: standup).intersection(own)
            var usable = own.subtracting(touching)
            for s in touching.slots where ScheduleFeasibility.canPlaceDisjoint(meetings + [(starts: SlotMath.interval(start: s, length: 1), length: standup)]) {
                usable.insert(s)
            }
            result[m] = usable
        }
        return result
    }
}
