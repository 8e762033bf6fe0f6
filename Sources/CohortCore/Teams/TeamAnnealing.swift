/// The native local search (docs/teams.md §3): simulated annealing over moves that keep every
/// team valid and never lose a placed member — move a member, swap two, relabel a team to
/// another project, open a team from members of others, split a team, merge two — each
/// scored incrementally from the team counts of `TeamSearchState`.
///
/// Deterministic: one random stream (`SeededRandom`), a schedule counted in moves, and
/// acceptance probabilities computed with + − × ÷ only, so the same roster gives the same
/// teams on every machine. The wall clock is read only for `deadline` (the organizer's time limit).
struct TeamAnnealing {
    var s: TeamSearchState
    var rng: SeededRandom
    /// The moves in use (tests switch one off to show what it does).
    var enabled: MoveKinds = .all
    /// Moves tried (the work unit of the search) and accepted, per kind.
    var tried = 0
    /// Work done (docs/teams.md §6): one unit per try, plus one per team drawn, per member–team
    /// check (`joins`, `replaces`), per candidate scored and per team valued.
    var work = 0
    var accepted = [Int](repeating: 0, count: MoveKinds.names.count)
    /// Members who may move (placeable, not pre-assigned), and pitchers (who only move with
    /// their project's team when it forms).
    let movers: [Int32]
    /// Told the moves tried, of the budget, every 2^16 moves (the heartbeat's percentage).
    var progress = ProgressMeter.none

    struct MoveKinds: OptionSet, Sendable {
        let rawValue: Int
        static let move = MoveKinds(rawValue: 1)
        static let swap = MoveKinds(rawValue: 2)
        static let relabel = MoveKinds(rawValue: 4)
        static let open = MoveKinds(rawValue: 8)
        static let split = MoveKinds(rawValue: 16)
        static let merge = MoveKinds(rawValue: 32)
        static let dissolve = MoveKinds(rawValue: 64)
        static let chosen = MoveKinds(rawValue: 128)
        static let relocate = MoveKinds(rawValue: 256)
        static let all: MoveKinds = [.move, .swap, .relabel, .open, .split, .merge, .dissolve, .chosen, .relocate]
        static let names = ["move", "swap", "relabel", "open", "split", "merge", "dissolve", "chosen", "relocate"]
    }

    /// In the placement phase's first stage (`place`): a placement that leaves a member isolated
    /// (`team_no_isolated`) is not taken; `isolationHalf`: half the isolation penalty.
    var keepIsolation = false
    let isolationHalf: Int32

    init(_ state: TeamSearchState, seed: UInt64) {
        s = state
        isolationHalf = state.m.rules.isolating ? max(1, state.m.rules.isolationWeight / 2) : Int32.max
        rng = SeededRandom(seed: seed)
        let m = state.m
        movers = (0..<m.n).filter { m.placeable[$0] && m.fixedKind[$0] < 0 }.map(Int32.init)
    }

    var m: TeamSearchModel { s.m }

    // MARK: the schedule

    /// Temperatures, hottest first: T₀ · 0.94^ℓ for 64 levels (2 → 0.04 quality points). T₀ = 2
    /// (a loss of 2, a fourth choice, taken with probability e^−1) beat 10, 5, 3, 1.5 and 1 on 1k
    /// rosters of every shape (docs/performance.md, "Search").
    static let levels = 64
    static let hottest = 2.0
    static let cooling = 0.94
    /// Cumulative percentages of the move kinds: move, swap, chosen, relabel, open, split, merge,
    /// relocate, dissolve (the rest).
    static let weights: [Int] = [25, 50, 70, 75, 85, 88, 91, 95]
    /// Quality losses above this are never accepted.
    static let maxLoss = 96

    /// `exp(−x)` for x ≥ 0 from + − × ÷ only ((1 − x/1024)^1024 by squaring): the same bits on
    /// every machine, unlike the C library's `exp`; within 1% of it where it matters (x < 5).
    static func decay(_ x: Double) -> Double {
        var y = 1 - x / 1024
        if y <= 0 { return 0 }
        for _ in 0..<10 { y *= y }
        return y
    }

    /// Acceptance thresholds at temperature `t`: a loss of d is accepted when a random
    /// 64-bit number is below `table[d]`.
    static func thresholds(_ t: Double) -> [UInt64] {
        (0...maxLoss).map { d in
            let p = d == 0 ? 1 : decay(Double(d) / t)
            return p >= 1 ? .max : UInt64(p * 9_007_199_254_740_992) << 11  // p · 2^53, as the top 53 bits
        }
    }

    // MARK: running

    /// Anneals for `budget` moves (cooling over them), then descends (temperature 0) until
    /// `patience` × members tries in a row improve nothing, or the budget is spent.
    /// Keeps the best teams seen. With `workPerMove` k (tenths of a unit), the moves are counted as
    /// the tries plus the work beyond k a try, one move per `excessPerMove` r tenths of a unit
    /// (r = k when nil: max(tries, work · 10 / k)) — never counting back:
    ///
    ///     now = max(now, tries + max(0, 10 · work − k · tries) / r)
    ///
    /// Where moves cost more work than k on average (a class, where nearly every try is valid and
    /// scored to the end), the schedule runs on the work done, faster the smaller r is; elsewhere it
    /// runs on the tries (docs/teams.md §6, "Work units").
    mutating func run(budget: Int, workPerMove: Int? = nil, excessPerMove: Int? = nil, patience: Int = 20,
                      deadline: Double?, clock: Stopwatch) -> TeamSearchStop {
        guard !movers.isEmpty, budget > 0 else { return .noImprovingMove }
        var best = (placed: s.placed, quality: s.totalQuality)
        // The start is the first best: a search that ends below it returns it (class of 10,000,
        // seed 1: the annealing ended 11,160 below construction and kept its end).
        var snapshot = s
        let anneal = budget * 3 / 4
        let perLevel = max(1, anneal / Self.levels)
        var temperature = Self.hottest
        var table = Self.thresholds(temperature)
        var stop = TeamSearchStop.workBudget
        var quiet = 0
        let patienceMoves = patience * movers.count
        // Tries and work counted from here (the placement phase may have run before, `place`).
        let first = tried, firstWork = work
        // How far along: the tries, plus the work beyond `workPerMove` tenths of a unit a try at `excessPerMove`.
        let k = workPerMove ?? 0
        let r = max(1, excessPerMove ?? k)
        var level = 0
        var descending = false
        var now = 0
        while now < budget {
            let done = tried - first
            if done & 1023 == 0, let deadline, clock.seconds >= deadline { stop = .timeLimit; break }
            if done & 0xFFFF == 0 { progress(phase: "teams", "improving teams", done: now, of: budget, unit: "moves") }
            if now < anneal {
                while level < now / perLevel {
                    level += 1
                    temperature *= Self.cooling
                    table = Self.thresholds(temperature)
                    if (s.placed, s.totalQuality) > best {
                        best = (s.placed, s.totalQuality)
                        snapshot = s
                    }
                }
            } else if !descending {
                descending = true
                table = Self.thresholds(0)
                if (s.placed, s.totalQuality) > best {
                    best = (s.placed, s.totalQuality)
                    snapshot = s
                }
            }
            let before = (s.placed, s.totalQuality)
            step(table)
            let t = tried - first
            if k > 0 {
                let excess = (work - firstWork) * 10 - k * t
                now = max(now, excess > 0 ? t + excess / r : t)
            } else {
                now = t
            }
            if now >= anneal {
                if (s.placed, s.totalQuality) > before { quiet = 0 } else { quiet += 1 }
                if quiet >= patienceMoves { stop = .noImprovingMove; break }
            }
        }
        if (snapshot.placed, snapshot.totalQuality) > (s.placed, s.totalQuality) { s = snapshot }
        return stop
    }

    /// The placement phase (docs/teams.md §3, "Placement first"): random moves, every other one
    /// drawn for an unplaced member, that take every quality loss up to `maxLoss` (so never one
    /// that isolates a member: that penalty is larger) and every placement — with
    /// `team_no_isolated`, first only placements that isolate nobody, until `patience` × movers
    /// tries in a row place nobody more, then any. It ends when `target` members are placed (the
    /// placement bound), after `patience` × movers tries in a row without a placement, after
    /// `budget` tries, or at the deadline. No move here unplaces anyone, and the quality search
    /// that follows never takes a move that places fewer, so what this phase places stays
    /// placed. Returns the tries it used.
    mutating func place(target: Int, budget: Int, patience: Int = 200, deadline: Double?, clock: Stopwatch) -> Int {
        guard !movers.isEmpty, budget > 0, s.placed < target else { return 0 }
        let table = [UInt64](repeating: .max, count: Self.maxLoss + 1)
        let first = tried
        var quiet = 0
        let patienceMoves = patience * movers.count
        keepIsolation = m.rules.isolating
        while tried - first < budget && s.placed < target && !s.unplaced.isEmpty {
            if tried & 1023 == 0, let deadline, clock.seconds >= deadline { break }
            let before = s.placed
            if rng.nextInt(below: 2) == 0 {
                tried += 1
                work &+= 1
                tryPlace(table)
            } else {
                step(table)
            }
            if s.placed > before { quiet = 0 } else { quiet += 1 }
            if quiet >= patienceMoves {
                if !keepIsolation { break }
                keepIsolation = false
                quiet = 0
            }
        }
        keepIsolation = false
        return tried - first
    }

    /// One random move, accepted by `table` (index 0 of a zero-temperature table accepts only
    /// losses of 0, i.e. sideways moves).
    @inline(__always)
    mutating func step(_ table: [UInt64]) {
        tried += 1
        work &+= 1
        if !s.unplaced.isEmpty && rng.nextInt(below: 16) == 0 {
            tryPlace(table)
            return
        }
        let r = rng.nextInt(below: 100)
        let w = Self.weights
        if r < w[0] { if enabled.contains(.move) { tryMove(randomMover(), table) } }
        else if r < w[1] { if enabled.contains(.swap) { trySwap(randomMover(), table) } }
        else if r < w[2] { if enabled.contains(.chosen) { tryChosen(randomMover(), table) } }
        else if r < w[3] { if enabled.contains(.relabel) { tryRelabel(table) } }
        else if r < w[4] { if enabled.contains(.open) { tryOpen(randomMover(), table) } }
        else if r < w[5] { if enabled.contains(.split) { trySplit(table) } }
        else if r < w[6] { if enabled.contains(.merge) { tryMerge(table) } }
        else if r < w[7] { if enabled.contains(.relocate) { tryRelocate(randomMover(), table) } }
        else { if enabled.contains(.dissolve) { tryDissolve(table) } }
    }

    /// Whether a change of (placed, quality) is taken: more placed always, fewer never, then
    /// any quality gain, and a loss d with the table's probability.
    @inline(__always)
    mutating func accept(placed: Int, quality d: Int32, _ table: [UInt64]) -> Bool {
        if placed != 0 { return placed > 0 && (!keepIsolation || d > -isolationHalf) }
        if d >= 0 { return true }
        let loss = Int(-d)
        if loss > Self.maxLoss { return false }
        let threshold = table[loss]
        return threshold != 0 && rng.next() < threshold
    }

    @inline(__always)
    mutating func randomMover() -> Int { Int(movers[rng.nextInt(below: movers.count)]) }

    /// A member who shares a start with `i` (drawn at one of `i`'s starts), or nil.
    @inline(__always)
    mutating func neighbour(of i: Int) -> Int? {
        let a = Int(m.slotStart[i]), b = Int(m.slotStart[i + 1])
        guard b > a else { return nil }
        let slot = Int(m.slotList[a + rng.nextInt(below: b - a)])
        let pool = m.memberAt[slot]
        guard pool.count > 1 else { return nil }
        let j = Int(pool[rng.nextInt(below: pool.count)])
        return j == i ? nil : j
    }

    /// A team meeting at one of `i`'s starts (drawn at one of them), or nil.
    @inline(__always)
    mutating func neighbourTeam(of i: Int) -> Int? {
        let a = Int(m.slotStart[i]), b = Int(m.slotStart[i + 1])
        guard b > a else { return nil }
        let slot = Int(m.slotList[a + rng.nextInt(below: b - a)])
        work &+= 1
        return s.team(at: slot, &rng)
    }

    /// `s.canJoin`, counted as a unit of work.
    @inline(__always)
    mutating func joins(_ i: Int, _ t: Int) -> Bool {
        work &+= 1
        return s.canJoin(i, t)
    }

    /// `s.canReplace`, counted as a unit of work.
    @inline(__always)
    mutating func replaces(_ t: Int, out: Int, inn: Int) -> Bool {
        work &+= 1
        return s.canReplace(t, out: out, inn: inn)
    }

    // MARK: moves

    /// An unplaced member joins a team, takes a placed member's place, or opens a team; an
    /// unplaced pitcher opens their project's team with the other pitchers.
    mutating func tryPlace(_ table: [UInt64]) {
        let u = Int(s.unplaced[rng.nextInt(below: s.unplaced.count)])
        let kind = m.fixedKind[u]
        if kind >= 0 {
            guard enabled.contains(.open), s.teamOfKind[Int(kind)] < 0, !m.closed[Int(kind)] else { return }
            tryOpen(seed: m.pitchers[Int(kind)].map(Int.init), kind: kind, table)
            return
        }
        switch rng.nextInt(below: 4) {
        case 0: if enabled.contains(.move) { tryMove(u, table) }
        case 1: if enabled.contains(.swap) { trySwap(u, table) }
        case 2: if enabled.contains(.chosen) { tryChosen(u, table) }
        default: if enabled.contains(.open) { tryOpen(u, table) }
        }
    }

    /// A member moves to the team of a member who shares a start with them (or, unplaced, joins it).
    mutating func tryMove(_ i: Int, _ table: [UInt64]) {
        guard let to = neighbourTeam(of: i) else { return }
        let from = Int(s.teamOf[i])
        guard to != from, joins(i, to) else { return }
        if from < 0 {
            if keepIsolation && s.addDelta(i, to) <= -isolationHalf { return }
            s.add(i, to: to)
            accepted[0] += 1
            return
        }
        guard s.canLeave(i, from) else { return }
        let d = s.removeDelta(i, from) + s.addDelta(i, to)
        if accept(placed: 0, quality: d, table) {
            s.move(i, to: to)
            accepted[0] += 1
        }
    }

    /// Member `i` goes to the team of a project they chose (drawn among their choices): joins it
    /// when both teams stay valid, else trades places with one of its members. Random teams are
    /// rarely one a member chose when projects are many (a class of 1,000 has 333 projects and
    /// each member ranks 3–5), so `move` and `swap` alone seldom find these.
    mutating func tryChosen(_ i: Int, _ table: [UInt64]) {
        let a = Int(m.choiceStart[i]), b = Int(m.choiceStart[i + 1])
        guard b > a else { return }
        let to = Int(s.teamOfKind[Int(m.choiceKind[a + rng.nextInt(below: b - a)])])
        let from = Int(s.teamOf[i])
        guard to >= 0, to != from else { return }
        if joins(i, to) && (from < 0 || s.canLeave(i, from)) {
            if from < 0 {
                if keepIsolation && s.addDelta(i, to) <= -isolationHalf { return }
                s.add(i, to: to)
                accepted[7] += 1
                return
            }
            let d = s.removeDelta(i, from) + s.addDelta(i, to)
            if accept(placed: 0, quality: d, table) {
                s.move(i, to: to)
                accepted[7] += 1
            }
            return
        }
        trySwap(i, with: to, table, counting: 7)
    }

    /// Two members of different teams trade places (or an unplaced member takes a placed one's).
    mutating func trySwap(_ i: Int, _ table: [UInt64]) {
        guard let t = neighbourTeam(of: i) else { return }
        trySwap(i, with: t, table, counting: 1)
    }

    /// Member `i` trades places with a random member of team `t` (an unplaced one takes a placed one's
    /// place); `counting`: the move kind credited when accepted.
    mutating func trySwap(_ i: Int, with t: Int, _ table: [UInt64], counting kind: Int) {
        let j = Int(s.roster[t * s.cap + rng.nextInt(below: Int(s.size[t]))])
        guard m.fixedKind[j] < 0 else { return }
        let ti = Int(s.teamOf[i]), tj = Int(s.teamOf[j])
        guard ti != tj else { return }
        if ti < 0 || tj < 0 {
            // The unplaced one takes the placed one's place.
            let (inn, out, t) = ti < 0 ? (i, j, tj) : (j, i, ti)
            guard replaces(t, out: out, inn: inn) else { return }
            let d = s.replaceDelta(t, out: out, inn: inn)
            if accept(placed: 0, quality: d, table) {
                s.substitute(out: out, inn: inn)
                accepted[kind] += 1
            }
            return
        }
        guard replaces(ti, out: i, inn: j), replaces(tj, out: j, inn: i) else { return }
        let d = s.replaceDelta(ti, out: i, inn: j) + s.replaceDelta(tj, out: j, inn: i)
        if accept(placed: 0, quality: d, table) {
            s.exchange(i, j)
            accepted[kind] += 1
        }
    }

    /// Whether team `t` holds pre-assigned members (its project is then fixed).
    @inline(__always)
    func isPitched(_ t: Int) -> Bool {
        let k = s.kind[t]
        return k != m.free && !m.pitchers[Int(k)].isEmpty
    }

    /// The quality team `t` would have as a team of `kind`.
    func quality(of t: Int, as kind: Int32) -> Int32 {
        var choices: Int32 = 0
        var covered: UInt64 = 0
        for k in s.members(t) {
            choices += m.choice(Int(k), kind)
            covered |= m.needMask(Int(k), kind)
        }
        return TeamSearchState.teamQuality(choices: choices, distinct: s.distinct[t], needs: Int32(covered.nonzeroBitCount))
            + s.ruleDelta(t)
    }

    /// Whether a team of `size` members may be of `kind`.
    @inline(__always)
    func fits(_ size: Int32, _ kind: Int32) -> Bool { size >= m.lo[Int(kind)] && size <= m.hi[Int(kind)] }

    /// A kind a team with member `i` could take instead: one of `i`'s chosen projects that has
    /// no pitchers and can form, or the free kind.
    mutating func otherKind(for i: Int) -> Int32 {
        let a = Int(m.choiceStart[i]), b = Int(m.choiceStart[i + 1])
        let pick = rng.nextInt(below: b - a + 1)
        if pick == b - a { return m.free }
        let q = m.choiceKind[a + pick]
        return m.closed[Int(q)] || !m.pitchers[Int(q)].isEmpty ? -1 : q
    }

    /// A team becomes a team of another project (chosen by one of its members) or a free team;
    /// when that project has a team already, the two teams trade projects.
    mutating func tryRelabel(_ table: [UInt64]) {
        let i = randomMover()
        let t = Int(s.teamOf[i])
        guard t >= 0, !isPitched(t) else { return }
        let q = otherKind(for: i)
        let old = s.kind[t]
        guard q >= 0, q != old, fits(s.size[t], q) else { return }
        work &+= 2
        let other = q == m.free ? -1 : Int(s.teamOfKind[Int(q)])
        if other < 0 {
            let d = quality(of: t, as: q) - s.quality[t]
            if accept(placed: 0, quality: d, table) {
                s.relabel(t, to: q)
                accepted[2] += 1
            }
            return
        }
        guard !isPitched(other), fits(s.size[other], old) else { return }
        let d = quality(of: t, as: q) + quality(of: other, as: old) - s.quality[t] - s.quality[other]
        if accept(placed: 0, quality: d, table) {
            s.relabel(other, to: old)
            s.relabel(t, to: q)
            accepted[2] += 1
        }
    }

    /// A new team at one of a member's starts, from that member and members who can leave their
    /// teams (one per team) or are unplaced; free, or a project one of them chose that has no team.
    mutating func tryOpen(_ i: Int, _ table: [UInt64]) {
        let ti = Int(s.teamOf[i])
        guard ti < 0 || s.canLeave(i, ti) else { return }
        var kind = otherKind(for: i)
        if kind < 0 || (kind != m.free && s.teamOfKind[Int(kind)] >= 0) { kind = m.free }
        tryOpen(seed: [i], kind: kind, table)
    }

    /// A new team of `kind` with `seed` (members who may leave their teams, or unplaced; for a
    /// pitched project, its pitchers) at one of the seed's common starts, filled from a sample of
    /// the members free then: first whoever supplies a missing rule, then the best gain.
    mutating func tryOpen(seed: [Int], kind: Int32, _ table: [UInt64]) {
        let i = seed[0]
        var common = m.starts[i]
        for j in seed.dropFirst() { common.formIntersection(m.starts[j]) }
        let a = Int(m.slotStart[i]), b = Int(m.slotStart[i + 1])
        guard b > a else { return }
        var slot = -1
        for _ in 0..<4 {
            let candidate = Int(m.slotList[a + rng.nextInt(below: b - a)])
            if common.contains(candidate) { slot = candidate; break }
        }
        guard slot >= 0 else { return }
        let pool = m.memberAt[slot]
        let lo = Int(m.lo[Int(kind)]), hi = Int(m.hi[Int(kind)])
        guard pool.count >= lo, seed.count <= hi else { return }
        // Lists reserved at their largest (a growing list is reallocated at 1, 2, 4, 8, 16 items).
        var team: [Int] = [], donors: [Int] = []
        team.reserveCapacity(hi)
        donors.reserveCapacity(hi)
        var dq: Int32 = 0
        var placedGain = 0
        var stages = 0, seniors = 0
        // team_group: the team's one group so far (−1: none yet) and whether it mixes groups —
        // `TeamRules.canJoin` kept up as the team grows, not asked of a new list per candidate and round.
        let sameGroup = s.m.rules.sameGroup
        let groups = sameGroup ? s.m.rules.group : []
        var teamGroup: Int32 = -1, mixed = false
        @inline(__always) func joinGroup(_ j: Int) {
            guard sameGroup else { return }
            let x = groups[j]
            if x < 0 { return }
            if teamGroup < 0 { teamGroup = x } else if teamGroup != x { mixed = true }
        }
        var choices: Int32 = 0
        var covered: UInt64 = 0
        for j in seed {
            let tj = Int(s.teamOf[j])
            if tj >= 0 {
                guard !donors.contains(tj) else { return }
                donors.append(tj)
                dq += s.removeDelta(j, tj)
            } else {
                placedGain += 1
            }
            team.append(j)
            joinGroup(j)
            stages |= 1 << Int(m.stage[j])
            if m.senior[j] { seniors += 1 }
            choices += m.choice(j, kind)
            covered |= m.needMask(j, kind)
        }
        // Candidates: a sample of the members free at that start, each with what does not change
        // while the team grows (its team, its gain before the stages and needs terms, its stage
        // and needs), computed once rather than once per round; those who cannot leave their team
        // are never picked and are left out.
        var candidates: [Int] = []
        candidates.reserveCapacity(24)
        for _ in 0..<min(pool.count, 24) {
            let j = Int(pool[rng.nextInt(below: pool.count)])
            if m.fixedKind[j] < 0 && !seed.contains(j) && !candidates.contains(j) { candidates.append(j) }
        }
        var pick: [OpenCandidate] = []
        pick.reserveCapacity(candidates.count)
        for j in candidates {
            let tj = Int(s.teamOf[j])
            if tj >= 0 && !s.canLeave(j, tj) { continue }
            pick.append(OpenCandidate(j: Int32(j), from: Int32(tj),
                                      base: (tj >= 0 ? s.removeDelta(j, tj) : 1000) + m.choice(j, kind),
                                      stage: Int32(1) << Int32(m.stage[j]), senior: m.senior[j], needs: m.needMask(j, kind)))
        }
        while team.count < hi {
            let missingSenior = seniors == 0
            let missingStages = stages.nonzeroBitCount < m.distinctStages
            let mustGrow = team.count < lo || missingSenior || missingStages
            var best: (key: Int32, c: Int)?
            work &+= candidates.count
            for c in pick.indices {
                let e = pick[c]
                let j = Int(e.j), tj = Int(e.from)
                if tj >= 0 && donors.contains(tj) { continue }
                if team.contains(j) || avoidsAny(j, team) { continue }
                if sameGroup, groups[j] >= 0, mixed || (teamGroup >= 0 && teamGroup != groups[j]) { continue }
                let newStage = Int32(stages) & e.stage == 0
                var gain = e.base
                if newStage { gain += TeamSearchModel.stageScore }
                gain += TeamSearchModel.needScore * Int32((e.needs & ~covered).nonzeroBitCount)
                let fixes = (missingSenior && e.senior) || (missingStages && newStage)
                let key = gain + (fixes ? 10_000 : 0)
                if best == nil || key > best!.key { best = (key, c) }
            }
            guard let chosen = best, mustGrow || chosen.key > 0 else { break }
            let e = pick[chosen.c]
            let j = Int(e.j), tj = Int(e.from)
            team.append(j)
            joinGroup(j)
            if tj >= 0 { donors.append(tj); dq += s.removeDelta(j, tj) } else { placedGain += 1 }
            stages |= Int(e.stage)
            if e.senior { seniors += 1 }
            choices += m.choice(j, kind)
            covered |= e.needs
        }
        guard team.count >= lo, seniors > 0, stages.nonzeroBitCount >= m.distinctStages else { return }
        for j in seed where avoidsAny(j, team.filter { $0 != j }) { return }
        if m.rules.active {
            let list = team.map(Int32.init)
            if m.rules.groupConflict(list) != nil { return }
            dq += m.rules.score(list)
        }
        dq += TeamSearchState.teamQuality(choices: choices, distinct: Int32(stages.nonzeroBitCount), needs: Int32(covered.nonzeroBitCount))
        guard accept(placed: placedGain, quality: dq, table) else { return }
        let t = s.newTeam(kind)
        for j in team {
            if s.teamOf[j] >= 0 { s.move(j, to: t) } else { s.add(j, to: t) }
        }
        accepted[3] += 1
    }

    /// A candidate of `tryOpen`: position, team (−1: unplaced), gain before the stages and needs
    /// terms (leaving its team, its choice, 1,000 when unplaced), stage bit, senior, needs of the kind.
    struct OpenCandidate {
        var j: Int32, from: Int32, base: Int32, stage: Int32
        var senior: Bool
        var needs: UInt64
    }

    /// Whether position `j` avoids any of `team` (positions).
    @inline(__always)
    func avoidsAny(_ j: Int, _ team: [Int]) -> Bool {
        var a = Int(m.avoidStart[j])
        let end = Int(m.avoidStart[j + 1])
        while a < end {
            if team.contains(Int(m.avoidList[a])) { return true }
            a += 1
        }
        return false
    }

    /// Part of a team leaves to form a new team (free, or a project one of them chose that has
    /// no team): a member and the teammates that fit best with them at one of their starts.
    mutating func trySplit(_ table: [UInt64]) {
        let i = randomMover()
        let t = Int(s.teamOf[i])
        guard t >= 0 else { return }
        var kind = otherKind(for: i)
        if kind < 0 || (kind != m.free && s.teamOfKind[Int(kind)] >= 0) { kind = m.free }
        let keepLo = m.lo[Int(s.kind[t])], newLo = m.lo[Int(kind)], newHi = m.hi[Int(kind)]
        guard s.size[t] >= keepLo + newLo else { return }
        let all = Array(s.members(t)).map(Int.init)
        // The new team: i, then teammates by the best gain, while both parts can stay valid.
        var part = [i]
        var common = m.starts[i]
        while part.count < Int(newHi) && all.count - part.count > Int(keepLo) {
            var best: (gain: Int32, j: Int)?
            for j in all where !part.contains(j) && m.fixedKind[j] < 0 && common.intersects(m.starts[j]) {
                work &+= 1
                let trial = part + [j]
                let gain = splitValue(t, part: trial, kind: kind) ?? -100_000
                if best == nil || gain > best!.gain { best = (gain, j) }
            }
            guard let pick = best else { break }
            if part.count >= Int(newLo), let now = splitValue(t, part: part, kind: kind), now >= pick.gain { break }
            part.append(pick.j)
            common.formIntersection(m.starts[pick.j])
        }
        guard part.count >= Int(newLo), let value = splitValue(t, part: part, kind: kind) else { return }
        guard accept(placed: 0, quality: value - s.quality[t], table) else { return }
        let u = s.newTeam(kind)
        for j in part { s.move(j, to: u) }
        accepted[4] += 1
    }

    /// The total quality of team `t` split into `part` (as a team of `kind`) and the rest, or nil
    /// when either is invalid (size, stages, senior, common start; no avoid pair can arise).
    func splitValue(_ t: Int, part: [Int], kind: Int32) -> Int32? {
        let rest = s.members(t).map(Int.init).filter { !part.contains($0) }
        guard let a = Self.teamValue(rest, kind: s.kind[t], m), let b = Self.teamValue(part, kind: kind, m) else { return nil }
        return a + b
    }

    /// The quality of `members` as a team of `kind`, or nil when that team breaks a rule other
    /// than avoid (size, distinct stages, senior, a common start, `team_group`).
    static func teamValue(_ members: [Int], kind: Int32, _ m: TeamSearchModel) -> Int32? {
        guard members.count >= Int(m.lo[Int(kind)]) && members.count <= Int(m.hi[Int(kind)]) else { return nil }
        var stages = 0, senior = false, choices: Int32 = 0, covered: UInt64 = 0
        var common = WeekSlots.all
        for j in members {
            stages |= 1 << Int(m.stage[j])
            senior = senior || m.senior[j]
            choices += m.choice(j, kind)
            covered |= m.needMask(j, kind)
            common.formIntersection(m.starts[j])
        }
        guard senior, stages.nonzeroBitCount >= m.distinctStages, !common.isEmpty else { return nil }
        var rules: Int32 = 0
        if m.rules.active {
            let list = members.map(Int32.init)
            if m.rules.groupConflict(list) != nil { return nil }
            rules = m.rules.score(list)
        }
        return TeamSearchState.teamQuality(choices: choices, distinct: Int32(stages.nonzeroBitCount), needs: Int32(covered.nonzeroBitCount))
            + rules
    }

    /// Two teams that share a start become one (of either's project, or free).
    mutating func tryMerge(_ table: [UInt64]) {
        let i = randomMover()
        let a = Int(s.teamOf[i])
        guard a >= 0, let b = neighbourTeam(of: i), a != b, s.common[a].intersects(s.common[b]) else { return }
        let pa = isPitched(a), pb = isPitched(b)
        guard !(pa && pb) else { return }
        let size = s.size[a] + s.size[b]
        // No kind fits the union's size (sizes 3–5: two teams never fit one): done before any list is built.
        let (ka, kb) = (s.kind[a], s.kind[b])
        guard pa ? fits(size, ka) : pb ? fits(size, kb) : (fits(size, ka) || fits(size, kb) || fits(size, m.free)) else { return }
        for k in s.members(b) where s.avoidsTeam(Int(k), a) { return }
        let union = Array(s.members(a)).map(Int.init) + Array(s.members(b)).map(Int.init)
        var kinds: [Int32] = pa ? [ka] : pb ? [kb] : [ka, kb, m.free]
        kinds = kinds.filter { fits(size, $0) }
        var best: (value: Int32, kind: Int32)?
        for k in kinds {
            work &+= 1
            guard let v = Self.teamValue(union, kind: k, m) else { continue }
            if best == nil || v > best!.value { best = (v, k) }
        }
        guard let best else { return }
        guard accept(placed: 0, quality: best.value - s.quality[a] - s.quality[b], table) else { return }
        for k in Array(s.members(b)) { s.move(Int(k), to: a) }
        if s.kind[a] != best.kind { s.relabel(a, to: best.kind) }
        accepted[5] += 1
    }
}

extension TeamAnnealing {
    /// A team without pre-assigned members dissolves: each member joins another team (a
    /// different one each) that has room at a start they share, the best of a few tried.
    mutating func tryDissolve(_ table: [UInt64]) {
        let i = randomMover()
        let t = Int(s.teamOf[i])
        guard t >= 0, !isPitched(t) else { return }
        let list = s.members(t).map(Int.init)
        var targets: [Int] = []
        targets.reserveCapacity(list.count)
        var d = -s.quality[t]
        for k in list {
            var best: (gain: Int32, u: Int)?
            for _ in 0..<6 {
                guard let u = neighbourTeam(of: k), u != t, !targets.contains(u), joins(k, u) else { continue }
                let gain = s.addDelta(k, u)
                if best == nil || gain > best!.gain { best = (gain, u) }
            }
            guard let best else { return }
            targets.append(best.u)
            d += best.gain
        }
        guard accept(placed: 0, quality: d, table) else { return }
        for (k, u) in zip(list, targets) { s.move(k, to: u) }
        accepted[6] += 1
    }
}

extension TeamSearchState {
    /// Positions `i` and `j`, on different teams, trade places (no checks).
    mutating func exchange(_ i: Int, _ j: Int) {
        let ti = Int(teamOf[i]), tj = Int(teamOf[j])
        replace(ti, out: i, inn: j)
        replace(tj, out: j, inn: i)
        teamOf[i] = Int32(tj)
        teamOf[j] = Int32(ti)
    }

    /// Unplaced position `inn` takes placed `out`'s place, and `out` is unplaced (no checks).
    mutating func substitute(out: Int, inn: Int) {
        let t = Int(teamOf[out])
        replace(t, out: out, inn: inn)
        teamOf[out] = -1
        teamOf[inn] = Int32(t)
        markPlaced(inn)
        markUnplaced(out)
    }

    /// `inn` takes `out`'s place on team `t` (counts and common starts updated; `teamOf` is the caller's).
    private mutating func replace(_ t: Int, out: Int, inn: Int) {
        let d = replaceDelta(t, out: out, inn: inn)
        let k = kind[t]
        let base = t * cap
        var at = base
        while roster[at] != Int32(out) { at += 1 }
        roster[at] = Int32(inn)
        let so = t * 8 + Int(m.stage[out]), si = t * 8 + Int(m.stage[inn])
        stageCount[so] -= 1
        if stageCount[so] == 0 { distinct[t] -= 1 }
        if stageCount[si] == 0 { distinct[t] += 1 }
        stageCount[si] += 1
        if m.senior[out] { seniors[t] -= 1 }
        if m.senior[inn] { seniors[t] += 1 }
        var mo = m.needMask(out, k)
        while mo != 0 { needCount[t * needCap + mo.trailingZeroBitCount] -= 1; mo &= mo - 1 }
        var mi = m.needMask(inn, k)
        while mi != 0 { needCount[t * needCap + mi.trailingZeroBitCount] += 1; mi &= mi - 1 }
        quality[t] += d
        totalQuality += Int(d)
        recomputeCommon(t)
    }
}

extension TeamAnnealing {
    /// A project's team moves to another standup start: member `i`, who chose the project, picks
    /// one of their starts that the project's pitchers share and the team does not have now; the
    /// members not free then leave (each joins another team with room at one of their starts, or
    /// takes the place of a member who joins the project), and members free then who chose the
    /// project join it (before others; from a sample of those free then), unplaced or leaving
    /// teams that stay valid. A team of 7–11 meets at one start only (large projects): no move of
    /// one or two members can change it, and the members who chose it and are free at another
    /// start stay out. Applied, then kept or undone by the rule of `accept`.
    mutating func tryRelocate(_ i: Int, _ table: [UInt64]) {
        let a = Int(m.choiceStart[i]), b = Int(m.choiceStart[i + 1])
        guard b > a else { return }
        let q = m.choiceKind[a + rng.nextInt(below: b - a)]
        let t = Int(s.teamOfKind[Int(q)])
        guard t >= 0, Int(s.teamOf[i]) != t else { return }
        let sa = Int(m.slotStart[i]), sb = Int(m.slotStart[i + 1])
        guard sb > sa else { return }
        let pitchers = m.pitchers[Int(q)]
        var slot = -1
        for _ in 0..<4 {
            let c = Int(m.slotList[sa + rng.nextInt(below: sb - sa)])
            if !s.common[t].contains(c) && pitchers.allSatisfy({ m.starts[Int($0)].contains(c) }) { slot = c; break }
        }
        guard slot >= 0 else { return }
        let before = (placed: s.placed, quality: s.totalQuality)
        let leaving = s.members(t).map(Int.init).filter { !m.starts[$0].contains(slot) }
        guard leaving.count < Int(s.size[t]), leaving.allSatisfy({ m.fixedKind[$0] < 0 }) else { return }
        var log: [(member: Int32, from: Int32)] = []
        log.reserveCapacity(2 * Int(m.hi[Int(q)]) + leaving.count)
        for k in leaving {
            log.append((Int32(k), Int32(t)))
            s.remove(k, from: t)
        }
        var ejected = leaving
        // Candidates: i, then a sample of the members free at `slot`, who chose q first.
        let pool = m.memberAt[slot]
        var candidates: [Int] = []
        candidates.reserveCapacity(49)  // at its largest at once, not grown 1, 2, 4, … 64
        candidates.append(i)
        for _ in 0..<min(pool.count, 48) {
            let j = Int(pool[rng.nextInt(below: pool.count)])
            if m.fixedKind[j] < 0 && s.teamOf[j] != Int32(t) && !candidates.contains(j) && !leaving.contains(j) { candidates.append(j) }
        }
        let chose = candidates.filter { m.choice($0, q) > 0 }.sorted { m.choice($0, q) > m.choice($1, q) }
        let others = candidates.filter { m.choice($0, q) == 0 }
        let hi = m.hi[Int(q)], lo = m.lo[Int(q)]
        func missing() -> Bool { s.size[t] < lo || s.seniors[t] == 0 || Int(s.distinct[t]) < m.distinctStages }
        for (round, list) in [chose, others].enumerated() {
            for j in list {
                if s.size[t] >= hi || (round == 1 && !missing()) { break }
                guard joins(j, t) else { continue }
                let from = Int(s.teamOf[j])
                if round == 1 {
                    // A member who chose nothing here joins only to supply what the team misses.
                    let fixes = s.size[t] < lo || (s.seniors[t] == 0 && m.senior[j])
                        || s.stageCount[t * 8 + Int(m.stage[j])] == 0
                    guard fixes else { continue }
                }
                if from < 0 {
                    log.append((Int32(j), -1))
                    s.add(j, to: t)
                } else if s.canLeave(j, from) {
                    log.append((Int32(j), Int32(from)))
                    s.move(j, to: t)
                } else if let k = ejected.firstIndex(where: { work &+= 1; return s.canReplace(from, out: j, inn: $0) }) {
                    // An ejected member takes j's place.
                    let x = ejected.remove(at: k)
                    log.append((Int32(j), Int32(from)))
                    s.move(j, to: t)
                    log.append((Int32(x), -1))
                    s.add(x, to: from)
                }
            }
        }
        // The rest of the ejected: each joins the best of a few teams with room at one of their starts.
        if !missing() {
            for x in ejected {
                var best: (gain: Int32, u: Int)?
                for _ in 0..<6 {
                    guard let u = neighbourTeam(of: x), u != t, joins(x, u) else { continue }
                    let gain = s.addDelta(x, u)
                    if best == nil || gain > best!.gain { best = (gain, u) }
                }
                guard let best else { continue }
                log.append((Int32(x), -1))
                s.add(x, to: best.u)
            }
        }
        work &+= log.count
        if !missing() && accept(placed: s.placed - before.placed, quality: Int32(s.totalQuality - before.quality), table) {
            accepted[8] += 1
            return
        }
        // Undo, last change first.
        work &+= log.count
        for (k, from) in log.reversed() {
            let j = Int(k), now = Int(s.teamOf[j])
            if from < 0 { s.remove(j, from: now) } else if now < 0 { s.add(j, to: Int(from)) } else { s.move(j, to: Int(from)) }
        }
    }
}
