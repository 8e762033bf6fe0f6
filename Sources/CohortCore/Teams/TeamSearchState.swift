/// The teams being searched, with what each move needs kept up to date (docs/teams.md §3):
/// per team its kind, members, stage counts, seniors, needs covered, common standup starts
/// and quality; per member its team. Every delta below is computed in O(team size) or less
/// from these counts, and applying a move costs O(team size) too.
struct TeamSearchState {
    let m: TeamSearchModel
    /// Per position: its team, −1 when unplaced.
    var teamOf: [Int32]
    /// Per team (dead teams have size 0 and are reused).
    var kind: [Int32] = []
    var size: [Int32] = []
    /// Members of team t: `roster[t * cap ..< t * cap + size[t]]` (any order).
    var roster: [Int32] = []
    /// Per team and stage 0…7 (1…5 used): members at that stage.
    var stageCount: [Int32] = []
    var distinct: [Int32] = []
    var seniors: [Int32] = []
    /// Per team and need bit of its kind: members holding that need.
    var needCount: [Int32] = []
    var common: [WeekSlots] = []
    var quality: [Int32] = []
    /// Per project kind: its team, −1 for none.
    var teamOfKind: [Int32]
    /// Teams with size 0, ready for reuse.
    var dead: [Int32] = []
    /// Per slot: teams whose common starts include it — and some stale entries, dropped when
    /// drawn (`team(at:)`); `listed[t]` are the slots where team t has an entry.
    var teamsAt = [[Int32]](repeating: [], count: Week.slots)
    var listed: [WeekSlots] = []
    /// Unplaced placeable positions, and each one's index in it (−1 when placed).
    var unplaced: [Int32] = []
    var unplacedIndex: [Int32]
    var placed = 0
    var totalQuality = 0
    let cap: Int
    let needCap: Int

    init(_ m: TeamSearchModel) {
        self.m = m
        teamOf = [Int32](repeating: -1, count: m.n)
        teamOfKind = [Int32](repeating: -1, count: m.kindCount)
        unplacedIndex = [Int32](repeating: -1, count: m.n)
        cap = max(1, m.maxSize)
        needCap = max(1, m.maxNeeds)
        for k in 0..<m.n where m.placeable[k] { markUnplaced(k) }
    }

    /// The state of `teams` (members as member indices; every team valid).
    init(_ m: TeamSearchModel, teams: [WorkingTeam]) {
        self.init(m)
        for team in teams where !team.members.isEmpty {
            let kind = team.project.map { Int32(m.p.projectOrder.firstIndex(of: $0)!) } ?? m.free
            let t = newTeam(kind)
            for i in team.members { add(Int(m.position[i]), to: t) }
        }
    }

    /// The teams as `WorkingTeam`s (members as member indices, ascending).
    var workingTeams: [WorkingTeam] {
        var list: [WorkingTeam] = []
        for t in kind.indices where size[t] > 0 {
            let members = self.members(t).map { m.member[Int($0)] }.sorted()
            list.append(WorkingTeam(project: m.kindProject[Int(kind[t])], members: members, common: common[t]))
        }
        return list
    }

    var teamCount: Int { kind.count }

    @inline(__always) func members(_ t: Int) -> ArraySlice<Int32> { roster[t * cap ..< t * cap + Int(size[t])] }

    // MARK: bookkeeping

    mutating func markUnplaced(_ i: Int) {
        unplacedIndex[i] = Int32(unplaced.count)
        unplaced.append(Int32(i))
    }

    mutating func markPlaced(_ i: Int) {
        let k = Int(unplacedIndex[i])
        guard k >= 0 else { return }
        let last = unplaced.removeLast()
        if k < unplaced.count {
            unplaced[k] = last
            unplacedIndex[Int(last)] = Int32(k)
        }
        unplacedIndex[i] = -1
    }

    /// A new, empty team of `kind`.
    mutating func newTeam(_ kind: Int32) -> Int {
        let t: Int
        if let d = dead.popLast() {
            t = Int(d)
            self.kind[t] = kind
        } else {
            t = self.kind.count
            self.kind.append(kind)
            size.append(0)
            roster += [Int32](repeating: -1, count: cap)
            stageCount += [Int32](repeating: 0, count: 8)
            distinct.append(0)
            seniors.append(0)
            needCount += [Int32](repeating: 0, count: needCap)
            common.append(.all)
            quality.append(0)
            listed.append(WeekSlots())
        }
        common[t] = .all
        if kind != m.free { teamOfKind[Int(kind)] = Int32(t) }
        return t
    }

    /// The quality of a team from its parts (docs/teams.md §2): choices + distinct stages + needs covered.
    @inline(__always)
    static func teamQuality(choices: Int32, distinct: Int32, needs: Int32) -> Int32 {
        choices + TeamSearchModel.stageScore * distinct + TeamSearchModel.needScore * needs
    }

    /// Adds position `i` to team `t` (no checks).
    mutating func add(_ i: Int, to t: Int) {
        let k = kind[t]
        let rd = ruleDelta(t, adding: i)
        roster[t * cap + Int(size[t])] = Int32(i)
        size[t] += 1
        var dq = m.choice(i, k) + rd
        let s = t * 8 + Int(m.stage[i])
        if stageCount[s] == 0 { distinct[t] += 1; dq += TeamSearchModel.stageScore }
        stageCount[s] += 1
        if m.senior[i] { seniors[t] += 1 }
        var mask = m.needMask(i, k)
        while mask != 0 {
            let b = t * needCap + mask.trailingZeroBitCount
            if needCount[b] == 0 { dq += TeamSearchModel.needScore }
            needCount[b] += 1
            mask &= mask - 1
        }
        common[t] = common[t].intersection(m.starts[i])
        if size[t] == 1 { relist(t) }
        quality[t] += dq
        totalQuality += Int(dq)
        if teamOf[i] < 0 { placed += 1; markPlaced(i) }
        teamOf[i] = Int32(t)
    }

    /// Removes position `i` from its team `t` (no checks); `t` becomes dead when empty.
    mutating func remove(_ i: Int, from t: Int, unplace: Bool = true) {
        let k = kind[t]
        let rd = ruleDelta(t, removing: i)
        let base = t * cap
        let n = Int(size[t])
        var at = base
        while roster[at] != Int32(i) { at += 1 }
        roster[at] = roster[base + n - 1]
        size[t] -= 1
        var dq = -m.choice(i, k) + rd
        let s = t * 8 + Int(m.stage[i])
        stageCount[s] -= 1
        if stageCount[s] == 0 { distinct[t] -= 1; dq -= TeamSearchModel.stageScore }
        if m.senior[i] { seniors[t] -= 1 }
        var mask = m.needMask(i, k)
        while mask != 0 {
            let b = t * needCap + mask.trailingZeroBitCount
            needCount[b] -= 1
            if needCount[b] == 0 { dq -= TeamSearchModel.needScore }
            mask &= mask - 1
        }
        quality[t] += dq
        totalQuality += Int(dq)
        teamOf[i] = -1
        if unplace { placed -= 1; markUnplaced(i) }
        recomputeCommon(t)
        if size[t] == 0 { retire(t) }
    }

    /// Moves position `i` from its team to team `t` (placement unchanged when it had one).
    mutating func move(_ i: Int, to t: Int) {
        let from = Int(teamOf[i])
        if from >= 0 {
            remove(i, from: from, unplace: false)
            placed -= 1  // `add` counts it again
        }
        add(i, to: t)
    }

    mutating func recomputeCommon(_ t: Int) {
        var c = WeekSlots.all
        for k in members(t) { c.formIntersection(m.starts[Int(k)]) }
        common[t] = c
        if size[t] > 0 { relist(t) }
    }

    /// Adds team `t` to `teamsAt` at the common starts where it has no entry.
    mutating func relist(_ t: Int) {
        let missing = common[t].subtracting(listed[t])
        guard !missing.isEmpty else { return }
        for s in missing.slots { teamsAt[s].append(Int32(t)) }
        listed[t].formUnion(missing)
    }

    /// A random team whose common starts include `slot` (stale entries met on the way are dropped).
    mutating func team(at slot: Int, _ rng: inout SeededRandom) -> Int? {
        for _ in 0..<4 {
            // No local copy of the list: holding one made the removal below copy the whole list.
            let count = teamsAt[slot].count
            guard count > 0 else { return nil }
            let k = rng.nextInt(below: count)
            let t = Int(teamsAt[slot][k])
            if size[t] > 0 && common[t].contains(slot) { return t }
            teamsAt[slot].swapAt(k, count - 1)
            teamsAt[slot].removeLast()
            listed[t].remove(slot)
        }
        return nil
    }

    private mutating func retire(_ t: Int) {
        if kind[t] != m.free && teamOfKind[Int(kind[t])] == Int32(t) { teamOfKind[Int(kind[t])] = -1 }
        quality[t] = 0
        dead.append(Int32(t))
    }

    /// Makes team `t` a team of `kind`, recomputing its choices and needs.
    mutating func relabel(_ t: Int, to kind: Int32) {
        let old = self.kind[t]
        if old != m.free && teamOfKind[Int(old)] == Int32(t) { teamOfKind[Int(old)] = -1 }
        self.kind[t] = kind
        if kind != m.free { teamOfKind[Int(kind)] = Int32(t) }
        for b in 0..<needCap { needCount[t * needCap + b] = 0 }
        var choices: Int32 = 0, needs: Int32 = 0
        for k in members(t) {
            choices += m.choice(Int(k), kind)
            var mask = m.needMask(Int(k), kind)
            while mask != 0 {
                let b = t * needCap + mask.trailingZeroBitCount
                if needCount[b] == 0 { needs += 1 }
                needCount[b] += 1
                mask &= mask - 1
            }
        }
        let q = Self.teamQuality(choices: choices, distinct: distinct[t], needs: needs) + ruleDelta(t)
        totalQuality += Int(q - quality[t])
        quality[t] = q
    }

    /// `totalQuality` without the isolation penalty (what the summary reports; docs/teams.md §7).
    var reportedQuality: Int {
        guard m.rules.isolating else { return totalQuality }
        var isolated = 0
        for t in kind.indices where size[t] > 0 { isolated += m.rules.isolated(Array(members(t))).count }
        return totalQuality + Int(m.rules.isolationWeight) * isolated
    }

    // MARK: deltas (quality; placement is counted by the caller)

    /// The change of the rules' part of team `t`'s quality when `adding` (not on `t`) joins and
    /// `removing` (on `t`) leaves (docs/teams.md §7); with neither, the rules' part itself. The
    /// same as `TeamRules.score` after less before, in O(size + wishes of the two): wishes through
    /// `teamOf` and the reverse lists, isolation by counting only the two members' values.
    @inline(__always)
    func ruleDelta(_ t: Int, adding: Int = -1, removing: Int = -1) -> Int32 {
        let r = m.rules
        guard r.scoring else { return 0 }
        if adding < 0 && removing < 0 { return r.score(members(t)) }
        var d: Int32 = 0
        let now = size[t]
        if r.ideal != nil { d += r.idealTerm(size: now + (adding >= 0 ? 1 : 0) - (removing >= 0 ? 1 : 0)) - r.idealTerm(size: now) }
        if r.hasWishes {
            let team = Int32(t)
            var links: Int32 = 0
            if adding >= 0 {
                for w in r.wishes(adding) where teamOf[Int(w)] == team && Int(w) != removing { links += 1 }
                for w in r.wishedBy(adding) where teamOf[Int(w)] == team && Int(w) != removing { links += 1 }
            }
            if removing >= 0 {
                for w in r.wishes(removing) where teamOf[Int(w)] == team { links -= 1 }
                for w in r.wishedBy(removing) where teamOf[Int(w)] == team { links -= 1 }
            }
            d += TeamRules.wishScore * links
        }
        if r.isolating {
            let va = adding >= 0 ? r.isolate[adding] : -1, vr = removing >= 0 ? r.isolate[removing] : -1
            if va >= 0 || vr >= 0 {
                var ca: Int32 = 0, cr: Int32 = 0  // members of t now with va, with vr
                for k in members(t) {
                    let v = r.isolate[Int(k)]
                    if v >= 0 && v == va { ca += 1 }
                    if v >= 0 && v == vr { cr += 1 }
                }
                var change: Int32 = 0  // isolated members after, less before
                if va >= 0 {
                    let after = ca + 1 - (vr == va ? 1 : 0)
                    change += (after == 1 ? 1 : 0) - (ca == 1 ? 1 : 0)
                }
                if vr >= 0 && vr != va {
                    change += (cr - 1 == 1 ? 1 : 0) - (cr == 1 ? 1 : 0)
                }
                d -= r.isolationWeight * change
            }
        }
        return d
    }

    /// Quality change of team `t` if position `i` left it.
    @inline(__always)
    func removeDelta(_ i: Int, _ t: Int) -> Int32 {
        let k = kind[t]
        var d = -m.choice(i, k) + ruleDelta(t, removing: i)
        if stageCount[t * 8 + Int(m.stage[i])] == 1 { d -= TeamSearchModel.stageScore }
        var mask = m.needMask(i, k)
        while mask != 0 {
            if needCount[t * needCap + mask.trailingZeroBitCount] == 1 { d -= TeamSearchModel.needScore }
            mask &= mask - 1
        }
        return d
    }

    /// Quality change of team `t` if position `i` joined it.
    @inline(__always)
    func addDelta(_ i: Int, _ t: Int) -> Int32 {
        let k = kind[t]
        var d = m.choice(i, k) + ruleDelta(t, adding: i)
        if stageCount[t * 8 + Int(m.stage[i])] == 0 { d += TeamSearchModel.stageScore }
        var mask = m.needMask(i, k)
        while mask != 0 {
            if needCount[t * needCap + mask.trailingZeroBitCount] == 0 { d += TeamSearchModel.needScore }
            mask &= mask - 1
        }
        return d
    }

    /// Quality change of team `t` if position `out` left and `inn` joined.
    @inline(__always)
    func replaceDelta(_ t: Int, out: Int, inn: Int) -> Int32 {
        let k = kind[t]
        var d = m.choice(inn, k) - m.choice(out, k) + ruleDelta(t, adding: inn, removing: out)
        let so = Int(m.stage[out]), si = Int(m.stage[inn])
        if so != si {
            if stageCount[t * 8 + so] == 1 { d -= TeamSearchModel.stageScore }
            if stageCount[t * 8 + si] == 0 { d += TeamSearchModel.stageScore }
        }
        let mo = m.needMask(out, k), mi = m.needMask(inn, k)
        var lost = mo & ~mi, gained = mi & ~mo
        while lost != 0 {
            if needCount[t * needCap + lost.trailingZeroBitCount] == 1 { d -= TeamSearchModel.needScore }
            lost &= lost - 1
        }
        while gained != 0 {
            if needCount[t * needCap + gained.trailingZeroBitCount] == 0 { d += TeamSearchModel.needScore }
            gained &= gained - 1
        }
        return d
    }

    // MARK: rules

    /// Whether position `i` may leave team `t` with `t` still valid (not a pitcher; size, a
    /// senior and distinct stages kept). Its common starts can only grow.
    @inline(__always)
    func canLeave(_ i: Int, _ t: Int) -> Bool {
        if m.fixedKind[i] >= 0 || size[t] <= m.lo[Int(kind[t])] { return false }
        if m.senior[i] && seniors[t] <= 1 { return false }
        if stageCount[t * 8 + Int(m.stage[i])] == 1 && Int(distinct[t]) <= m.distinctStages { return false }
        return true
    }

    /// Whether position `i` avoids anyone on team `t` (ignoring `except`).
    @inline(__always)
    func avoidsTeam(_ i: Int, _ t: Int, except: Int = -1) -> Bool {
        var a = Int(m.avoidStart[i])
        let end = Int(m.avoidStart[i + 1])
        while a < end {
            let j = Int(m.avoidList[a])
            if teamOf[j] == Int32(t) && j != except { return true }
            a += 1
        }
        return false
    }

    /// Whether position `i` (not on `t`) may join team `t`: room, a common start, admitted, no
    /// avoid, its group (`team_group`).
    @inline(__always)
    func canJoin(_ i: Int, _ t: Int) -> Bool {
        size[t] < m.hi[Int(kind[t])] && m.admits(i, kind[t]) && common[t].intersects(m.starts[i]) && !avoidsTeam(i, t)
            && m.rules.canJoin(Int32(i), members(t))
    }

    /// Whether team `t` stays valid when `out` leaves and `inn` (not on `t`) joins.
    func canReplace(_ t: Int, out: Int, inn: Int) -> Bool {
        guard m.fixedKind[out] < 0, m.admits(inn, kind[t]) else { return false }
        if m.senior[out] && !m.senior[inn] && seniors[t] <= 1 { return false }
        let so = Int(m.stage[out]), si = Int(m.stage[inn])
        if so != si && stageCount[t * 8 + so] == 1 && stageCount[t * 8 + si] > 0 && Int(distinct[t]) <= m.distinctStages { return false }
        if avoidsTeam(inn, t, except: out) { return false }
        if !m.rules.canJoin(Int32(inn), members(t), except: Int32(out)) { return false }
        if common[t].intersects(m.starts[inn]) { return true }
        var c = m.starts[inn]
        for k in members(t) where Int(k) != out {
            c.formIntersection(m.starts[Int(k)])
            if c.isEmpty { return false }
        }
        return true
    }

    /// Whether every team meets every rule and the counts agree with the members (tests).
    func isConsistent() -> Bool {
        var q = 0, n = 0
        for t in kind.indices where size[t] > 0 {
            let list = members(t).map { m.member[Int($0)] }
            if m.p.violation(members: list, project: m.kindProject[Int(kind[t])], start: nil) != nil { return false }
            if Int(quality[t]) != m.p.quality(members: list, project: m.kindProject[Int(kind[t])]) && m.maxNeeds < 64 { return false }
            if common[t] != m.p.commonStarts(list) { return false }
            for k in members(t) where teamOf[Int(k)] != Int32(t) { return false }
            q += Int(quality[t]); n += list.count
        }
        return q == totalQuality && n == placed
    }
}

extension WeekSlots {
    /// Keeps only the slots also in `other`.
    @inline(__always)
    mutating func formIntersection(_ other: WeekSlots) {
        for i in 0..<11 { words[i] &= other.words[i] }
    }
}
