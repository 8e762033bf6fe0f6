/// One need of one member that was not met: a row of unmatched.csv.
public struct UnmetNeed: Sendable, Hashable {
    /// Member index.
    public var member: Int
    /// `mentor`, `backup`, `buddy`, `team`, `pod`, `workshop`, `kickoff`, `mentor_circle`, or the kind of a
    /// meeting that exists but got no weekly time (`checkin`, `standup`, `buddy`, `pod`).
    public var need: String
    public var reason: String
    /// The reason's kind, for mentor, backup and buddy needs (nil for the others).
    public var kind: UnservedReason.Kind?
    /// The need's place in unmatched.csv's order (mentor, backup, buddy, team, workshop, schedule).
    public var order: Int
}

/// Every need not met, as unmatched.csv, assignments.csv and the report list
/// them: one computation, sorted by member, then need.
public enum UnmetNeeds {
    public static func all(_ r: BatchResult) -> [UnmetNeed] {
        var rows: [UnmetNeed] = []
        for u in r.unserved {
            let order = u.need == .mentor ? 0 : u.need == .backup ? 1 : 2
            rows.append(UnmetNeed(member: u.member, need: u.need.rawValue, reason: u.reason.message, kind: u.reason.kind, order: order))
        }
        for i in r.teams.unplaced { rows.append(UnmetNeed(member: i, need: "team", reason: r.teams.reasons[i] ?? "", kind: nil, order: 3)) }
        for i in r.pods.unplaced { rows.append(UnmetNeed(member: i, need: "pod", reason: r.pods.reasons[i] ?? "", kind: nil, order: 3)) }
        for a in r.schedule.workshopAbsences { rows.append(UnmetNeed(member: a.member, need: "workshop", reason: a.reason, kind: nil, order: 4)) }
        for a in r.schedule.sessionAbsences { rows.append(UnmetNeed(member: a.member, need: a.kind.rawValue, reason: a.reason, kind: nil, order: 4)) }
        // A pair, team or buddy check-in that exists but could not be given a
        // time: every participant is told (need = the meeting's kind).
        for u in r.schedule.unscheduled {
            for m in u.participants { rows.append(UnmetNeed(member: m, need: u.kind.rawValue, reason: u.reason, kind: nil, order: 5)) }
        }
        // Stable: rows of one member and order keep the order they were added in.
        return rows.enumerated().sorted { a, b in
            (a.element.member, a.element.order, a.offset) < (b.element.member, b.element.order, b.offset)
        }.map(\.element)
    }
}

extension BatchResult {
    /// The daily check-in events of buddy pair `k` (of `buddies.pairs`, the schedule request's order).
    public func buddyEvents(pair k: Int) -> [Int] {
        guard k < scheduleRequest.buddies.count, scheduleRequest.buddies[k] == buddies.pairs[k], k < schedule.buddyEvents.count else { return [] }
        return schedule.buddyEvents[k]
    }
}
