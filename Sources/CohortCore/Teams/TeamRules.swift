/// The organizer's team rules of SPEC §3.4 beyond the core ones (docs/teams.md §6): `team_group`
/// "same" (a hard rule: a team's members share one group; members without a group join any
/// team), and three quality terms — each honoured `teammates` wish, sizes near `team_ideal`, and
/// nobody isolated by `team_no_isolated` (a lexicographic penalty: honoured before every other
/// quality term, traded only for placement).
///
/// Members are **ids** of one index space: member indices in `TeamProblem`, search positions in
/// `TeamSearchModel` (`remapped`). With none of the rules in use every array is empty and
/// `scoring` is false: the engines then do exactly what they did before the rules.
struct TeamRules: Sendable {
    /// `team_group` = "same".
    let sameGroup: Bool
    /// Per id: its group, −1 for none (empty unless `sameGroup`).
    let group: [Int32]
    /// Per id, flattened: the ids it wishes to have as teammates (empty when nobody wishes).
    let wishStart: [Int32]
    let wishList: [Int32]
    /// Per id, flattened: the ids who wish it as a teammate (`wishList` reversed; empty with it).
    let wishedStart: [Int32]
    let wishedList: [Int32]
    /// `team_ideal`, and the size distance at which the ideal-size term reaches 0.
    let ideal: Int32?
    let reach: Int32
    /// Per id: its `balance` value when `team_no_isolated` lists it, −1 otherwise (empty when unused).
    let isolate: [Int32]
    /// Penalty of one isolated member: more than all other quality terms of the roster together
    /// (`TeamRules.init`), so isolation is traded only for placement.
    let isolationWeight: Int32

    /// Per honoured wish (a wants b, both on one team); a mutual wish scores twice.
    static let wishScore: Int32 = 4
    /// Per member, per size step closer to `team_ideal` than `reach`.
    static let idealScore: Int32 = 2

    /// Whether any quality term is in use.
    var scoring: Bool { !wishList.isEmpty || ideal != nil || !isolate.isEmpty }
    /// Whether any rule is in use.
    var active: Bool { sameGroup || scoring }
    var hasWishes: Bool { !wishList.isEmpty }
    var isolating: Bool { !isolate.isEmpty }

    /// The rules of `cohort` over member indices; `eligible`: who may be on a team;
    /// `otherQuality`: an upper bound on the roster's other quality terms (choices, stages, needs).
    init(cohort: Cohort, isEligible: [Bool], teamMin: Int, teamMax: Int, otherQuality: Int) {
        let p = cohort.policy
        sameGroup = p.teamGroup == .same && cohort.members.contains { $0.group != nil }
        group = sameGroup ? cohort.members.map { Int32($0.group ?? -1) } : []
        var wishStart: [Int32] = [0], wishList: [Int32] = []
        if cohort.members.contains(where: { !$0.teammates.isEmpty }) {
            for (i, m) in cohort.members.enumerated() {
                if isEligible[i] { for t in m.teammates where isEligible[t] && t != i { wishList.append(Int32(t)) } }
                wishStart.append(Int32(wishList.count))
            }
        }
        if wishList.isEmpty { wishStart = [] }
        self.wishStart = wishStart
        self.wishList = wishList
        (wishedStart, wishedList) = Self.reversed(wishStart, wishList)
        ideal = p.teamIdeal.map(Int32.init)
        reach = Int32(max(1, teamMax - teamMin + 1))
        let listed = Set(cohort.balancesNotToIsolate)
        var isolate: [Int32] = []
        if !listed.isEmpty {
            isolate = cohort.members.enumerated().map { i, m in
                isEligible[i] ? (m.balance.flatMap { listed.contains($0) ? Int32($0) : nil } ?? -1) : -1
            }
            if !isolate.contains(where: { $0 >= 0 }) { isolate = [] }
        }
        self.isolate = isolate
        // Every other term, at its most: the roster's other quality, every wish, every member at the ideal size.
        var rest = otherQuality + Int(Self.wishScore) * wishList.count
        if ideal != nil { rest += Int(Self.idealScore * reach) * isEligible.count { $0 } }
        // A team's penalties stay inside Int32 (teams of up to 64 members all isolated).
        isolationWeight = isolate.isEmpty ? 0 : Int32(min(rest + 1, Int(Int32.max) / 64))
    }

    private init(sameGroup: Bool, group: [Int32], wishStart: [Int32], wishList: [Int32], ideal: Int32?, reach: Int32,
                 isolate: [Int32], isolationWeight: Int32) {
        (self.sameGroup, self.group, self.wishStart, self.wishList) = (sameGroup, group, wishStart, wishList)
        (wishedStart, wishedList) = Self.reversed(wishStart, wishList)
        (self.ideal, self.reach, self.isolate, self.isolationWeight) = (ideal, reach, isolate, isolationWeight)
    }

    /// The reverse of a flattened list (`start`, `list`): per id, the ids whose lists hold it.
    static func reversed(_ start: [Int32], _ list: [Int32]) -> (start: [Int32], list: [Int32]) {
        guard start.count > 1 else { return ([], []) }
        let n = start.count - 1
        var counts = [Int32](repeating: 0, count: n + 1)
        for w in list { counts[Int(w) + 1] += 1 }
        for k in 0..<n { counts[k + 1] += counts[k] }
        var fill = counts, out = [Int32](repeating: 0, count: list.count)
        for a in 0..<n {
            for w in list[Int(start[a])..<Int(start[a + 1])] {
                out[Int(fill[Int(w)])] = Int32(a)
                fill[Int(w)] += 1
            }
        }
        return (counts, out)
    }

    /// These rules over new ids: `ids[k]` is the old id of new id k; `newId[old]` the new id, −1 for none.
    func remapped(ids: [Int], newId: [Int32]) -> TeamRules {
        var wishStart: [Int32] = [], wishList: [Int32] = []
        if hasWishes {
            wishStart = [0]
            for old in ids {
                for w in self.wishList[Int(self.wishStart[old])..<Int(self.wishStart[old + 1])] where newId[Int(w)] >= 0 {
                    wishList.append(newId[Int(w)])
                }
                wishStart.append(Int32(wishList.count))
            }
        }
        return TeamRules(sameGroup: sameGroup, group: sameGroup ? ids.map { group[$0] } : [], wishStart: wishStart, wishList: wishList,
                         ideal: ideal, reach: reach, isolate: isolating ? ids.map { isolate[$0] } : [], isolationWeight: isolationWeight)
    }

    // MARK: the hard rule

    /// The one group of `members` (−1 when none has a group), or nil when they mix groups.
    @inline(__always)
    func teamGroup<C: Collection>(_ members: C, except: Int32 = -1) -> Int32? where C.Element == Int32 {
        var g: Int32 = -1
        guard sameGroup else { return g }
        for a in members where a != except {
            let x = group[Int(a)]
            if x < 0 { continue }
            if g < 0 { g = x } else if g != x { return nil }
        }
        return g
    }

    /// Whether `i` may join `members` (leaving out `except`) under `team_group`.
    @inline(__always)
    func canJoin<C: Collection>(_ i: Int32, _ members: C, except: Int32 = -1) -> Bool where C.Element == Int32 {
        guard sameGroup, group[Int(i)] >= 0 else { return true }
        guard let g = teamGroup(members, except: except) else { return false }
        return g < 0 || g == group[Int(i)]
    }

    /// Whether `i` may join `members` under `team_group` (ids as `Int`).
    func canJoin(_ i: Int, members: [Int]) -> Bool {
        guard sameGroup, group[i] >= 0 else { return true }
        for a in members where group[a] >= 0 && group[a] != group[i] { return false }
        return true
    }

    /// Two members of `members` in different groups, or nil.
    func groupConflict(_ members: [Int32]) -> (Int32, Int32)? {
        guard sameGroup else { return nil }
        var first: Int32 = -1
        for a in members where group[Int(a)] >= 0 {
            if first < 0 { first = a } else if group[Int(a)] != group[Int(first)] { return (first, a) }
        }
        return nil
    }

    // MARK: the quality terms

    /// The rules' part of the quality of a team of `members` with `adding` joined and `removing`
    /// left (−1: nobody): wishes honoured, the ideal-size term, minus the isolation penalty.
    @inline(__always)
    func score<C: Collection>(_ members: C, adding: Int32 = -1, removing: Int32 = -1) -> Int32 where C.Element == Int32 {
        guard scoring else { return 0 }
        var s: Int32 = 0
        var size = Int32(members.count)
        if adding >= 0 { size += 1 }
        if removing >= 0 { size -= 1 }
        s += idealTerm(size: size)
        @inline(__always) func holds(_ b: Int32) -> Bool {
            b == adding || (b != removing && members.contains(b))
        }
        if hasWishes {
            @inline(__always) func wishes(_ a: Int32) -> Int32 {
                var c: Int32 = 0
                for w in wishList[Int(wishStart[Int(a)])..<Int(wishStart[Int(a) + 1])] where holds(w) { c += 1 }
                return c
            }
            var honoured: Int32 = 0
            for a in members where a != removing { honoured += wishes(a) }
            if adding >= 0 { honoured += wishes(adding) }
            s += Self.wishScore * honoured
        }
        if isolating {
            @inline(__always) func alone(_ a: Int32) -> Bool {
                let v = isolate[Int(a)]
                guard v >= 0 else { return false }
                if adding >= 0 && adding != a && isolate[Int(adding)] == v { return false }
                for b in members where b != a && b != removing && isolate[Int(b)] == v { return false }
                return true
            }
            var isolated: Int32 = 0
            for a in members where a != removing && alone(a) { isolated += 1 }
            if adding >= 0 && alone(adding) { isolated += 1 }
            s -= isolationWeight * isolated
        }
        return s
    }

    /// The `team_ideal` term of a team of `size` members (0 without the rule): `size · idealScore ·
    /// (reach − |size − ideal|)` while the distance is below `reach`.
    @inline(__always)
    func idealTerm(size: Int32) -> Int32 {
        guard let ideal else { return 0 }
        let off = abs(size - ideal)
        return off < reach ? size * Self.idealScore * (reach - off) : 0
    }

    /// The members of `members` isolated by `team_no_isolated` (alone with their listed value).
    func isolated(_ members: [Int32]) -> [Int32] {
        guard isolating else { return [] }
        return members.filter { a in isolate[Int(a)] >= 0 && !members.contains { $0 != a && isolate[Int($0)] == isolate[Int(a)] } }
    }

    /// Wishes honoured among `members`.
    func honouredWishes(_ members: [Int32]) -> Int {
        guard hasWishes else { return 0 }
        var c = 0
        for a in members { for w in wishList[Int(wishStart[Int(a)])..<Int(wishStart[Int(a) + 1])] where members.contains(w) { c += 1 } }
        return c
    }

    /// The wishes of `a`.
    func wishes(_ a: Int) -> ArraySlice<Int32> {
        hasWishes ? wishList[Int(wishStart[a])..<Int(wishStart[a + 1])] : []
    }

    /// Who wishes `a` as a teammate.
    @inline(__always)
    func wishedBy(_ a: Int) -> ArraySlice<Int32> {
        hasWishes ? wishedList[Int(wishedStart[a])..<Int(wishedStart[a + 1])] : []
    }
}
