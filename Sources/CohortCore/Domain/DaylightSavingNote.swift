extension Cohort {
    /// When daylight-saving time is what keeps member `a` from sharing a
    /// `length`-slot window with every one of `others` (they would share one at
    /// the offsets in force when the quarter opens, but not in every week), the
    /// change that decided it: "your Sat 10:15–13:30 America/New_York window is
    /// 1 hour earlier in UTC from 2027-03-14 (daylight-saving time), so no mentor
    /// is free in both" — naming the other member's window when only theirs
    /// moved. Nil when the offsets are not what decided.
    public func daylightSavingNote(_ a: Int, others: some Sequence<Int>, length: Int, role: String, owner: String = "your") -> String? {
        let mine = members[a].openingAvailability.starts(length: length)
        guard !mine.isEmpty else { return nil }
        for j in others where j != a && mine.intersects(members[j].openingAvailability.starts(length: length)) {
            let x = members[a], y = members[j]
            let note = week.changeNote(windows: x.localWindows, zone: x.timeZone, owner: owner)
                ?? week.changeNote(windows: y.localWindows, zone: y.timeZone, owner: y.id + "'s")
            if let note { return note + ", so no " + role + " is free in both every week" }
        }
        return nil
    }
}
