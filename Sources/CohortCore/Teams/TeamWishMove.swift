/// The annealing's "join your wish partner" move (docs/teams.md §3, §6): with `teammates` wishes,
/// one move in `wishOneIn` takes a member who named a teammate to that teammate's team (or the
/// teammate to theirs). A random `move` or `swap` lands a member on one given team about once in
/// as many tries as there are teams, so on a roster of hundreds of teams the two rarely meet.
extension TeamAnnealing {
    /// One move in this many is a wish move when some placeable member names a teammate (none
    /// otherwise, so rosters without wishes draw the same random stream as before).
    static let wishOneIn = 8
    /// The wish move's index in `accepted` (`MoveKinds.names`).
    static let wishIndex = MoveKinds.names.firstIndex(of: "wish")!

    /// A member with a wish (drawn among `m.wishers`) and one of their wished teammates (drawn):
    /// one of the two goes to the other's team — joins it when both teams stay valid, else trades
    /// places with one of its members (`trySwap`), accepted like any move.
    mutating func tryWish(_ table: [UInt64]) {
        let i = Int(m.wishers[rng.nextInt(below: m.wishers.count)])
        let wishes = m.rules.wishes(i)
        let w = Int(wishes[wishes.startIndex + rng.nextInt(below: wishes.count)])
        let iMoves = m.fixedKind[i] < 0, wMoves = m.fixedKind[w] < 0 && m.placeable[w]
        let toPartner = rng.nextInt(below: 2) == 0
        let (mover, partner) = (iMoves && (toPartner || !wMoves)) ? (i, w) : (w, i)
        guard m.fixedKind[mover] < 0, m.placeable[mover] else { return }
        let to = Int(s.teamOf[partner]), from = Int(s.teamOf[mover])
        guard to >= 0, to != from else { return }
        let kind = Self.wishIndex
        if s.canJoin(mover, to) && (from < 0 || s.canLeave(mover, from)) {
            if from < 0 {
                s.add(mover, to: to)
                accepted[kind] += 1
                return
            }
            let d = s.removeDelta(mover, from) + s.addDelta(mover, to)
            if accept(placed: 0, quality: d, table) {
                s.move(mover, to: to)
                accepted[kind] += 1
            }
            return
        }
        trySwap(mover, with: to, table, counting: kind)
    }
}
