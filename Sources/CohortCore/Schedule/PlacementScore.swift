extension SlotMath {
    /// The placement score of a start for a set of participants: 3 × the
    /// smallest margin + the mean margin (0…32). Higher is better.
    static func score(_ members: [Member], _ participants: [Int], start: Int, length: Int) -> Int {
        var smallest = marginCap, total = 0
        for p in participants {
            let m = margin(members[p].availability, start: start, length: length)
            smallest = min(smallest, m)
            total += m
        }
        return 3 * smallest + total / max(1, participants.count)
    }
}
