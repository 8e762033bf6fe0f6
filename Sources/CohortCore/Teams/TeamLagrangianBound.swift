import Dispatch
/// A Lagrangian upper bound on total team quality that knows standup times
/// (docs/teams.md §5, "slot bound"). Each member k gets a price λ_k ≥ 0; then for
/// every set of valid teams
///
///     quality ≤ Σ_k λ_k + Σ_projects max(0, best team of p at one slot class)
///                      + the best free teams, each at one slot class, counted as a knapsack,
///
/// where a team's value is its quality minus the prices of its non-pitcher members.
/// The best team of a slot class is found exactly by a dynamic programme over
/// (members taken, stages present, needs covered), ignoring only avoided pairs.
/// The prices start from each member's share of a known answer (`TeamBounds`; uniform when none
/// is given) and improve by column generation (small rosters, GLPK) and subgradient steps (no
/// solver); every evaluation is a valid bound, the smallest is kept.
struct TeamLagrangianBound {
    let p: TeamProblem
    /// Model members: placeable, not pre-assigned (position → member index).
    var members: [Int] = []
    /// Per position: the member's stage − 1 (0…4), read in the inner loop of the DP.
    var stageIndex: [UInt8] = []
    var projectKinds: [Kind] = []
    var freeKind: Kind?

    /// A team kind: a project (with its pitchers) or a free team, and its slot classes.
    struct Kind {
        var project: Int?
        /// Pitchers' count, stage bits (1 << stage), and whether one is senior.
        var fixedCount = 0
        var fixedStages = 0
        /// Needs the pitchers cover, plus needs beyond the first 8 uncovered (assumed covered: still a bound).
        var coveredNeeds = 0
        /// Per member position: bits of the uncovered needs (≤ 8) it holds; empty for free teams.
        var needMask: [UInt8] = []
        var needCount = 0
        /// Per member position: choice score for this project (0 for free teams).
        var score: [Int8] = []
        var lo = 0, hi = 0
        /// Maximal slot classes: member positions free at one start (and, for a project, avoiding no pitcher).
        var classes: [[Int32]] = []
        /// A project's starts shared by all its pitchers, and the union of its classes (every
        /// member free at one of them, avoiding no pitcher).
        var common = WeekSlots()
        var union: [Int32] = []
        /// Under `team_group` = "same" (docs/teams.md §5, "groups"): one part per group a team of the
        /// kind may have, its union and its classes (a range of `classes`), each holding the members
        /// of that group and those of none. Without the rule, one part: `union` and every class.
        var parts: [(union: [Int32], classes: Range<Int>)] = []
        /// `teammates` wishes between the kind's pitchers (4 each: in every team of the kind), and
        /// per member position the wishes between it and a pitcher (4 each: honoured when it joins).
        var fixedWishes = 0
        var pitcherCredit: [(k: Int32, credit: Double)] = []
        /// Per uncovered need bit: its index in `tagHolders` (the price-ordered walks of `bestTeam`).
        var openTags: [Int32] = []
        /// Member positions with a choice score for the project (ascending; empty for free teams).
        var choosers: [Int32] = []
        /// Per class, and per part's union: how `bestTeam` finds the members (a walk in price order
        /// when the list is long, else a scan of it).
        var classLookup: [Lookup] = []
        var partLookup: [Lookup] = []
    }

    /// How `bestTeam` tells a member of its candidate list (docs/teams.md §5, "Walks in price order"):
    /// `scan` reads the list itself; `all` — the list is every model member; `mask` — a bit per position.
    enum Lookup: Sendable {
        case scan
        case all
        case mask([UInt64])
    }
    /// Per tag of an uncovered need of some kind: the positions of the members holding it (ascending).
    var tagHolders: [[Int32]] = []
    /// `teammates` wishes between model members who could share a team (positions; a wish a → b is
    /// one entry, a mutual wish two). Empty without wishes, or when built with `wishes: false`.
    var wishArcs: [(a: Int32, b: Int32)] = []
    /// Per member position: its standup starts (does a team fit in one slot class).
    var starts: [WeekSlots] = []
    /// Per kind and wish (`q · wishArcs.count + e`): whether some slot class of the kind holds both of
    /// its members. Where none does, no team of the kind honours the wish, and the kind credits it to
    /// neither (docs/teams.md §5, "wishes"). Empty without wishes.
    var wishTogether: [Bool] = []
    /// Whether the bound counts `teammates` wishes (a wish between model members, or with a pitcher):
    /// set once by `init` (read per kind and evaluation; it was a scan of every kind each time).
    private(set) var hasWishCredits = false

    /// `wishes` false leaves the `teammates` wishes out of the bound (they are then bounded apart,
    /// `TeamRuleBound.wishBound`): for comparison in tests and measurements.
    init(p: TeamProblem, placeable: [Bool], closed: Set<Int>, wishes: Bool = true) {
        self.p = p
        let cohort = p.cohort
        members = p.eligible.filter { placeable[$0] && p.preassigned[$0] < 0 }
        stageIndex = members.map { UInt8(p.stage($0) - 1) }
        starts = members.map { p.starts[$0] }
        let m = members.count
        let words = max(1, (m + 63) / 64)
        var union = WeekSlots()
        for i in members { union.formUnion(p.starts[i]) }
        var freeAt = [[UInt64]](repeating: [], count: Week.slots)
        for s in union.slots { freeAt[s] = [UInt64](repeating: 0, count: words) }
        for (k, i) in members.enumerated() {
            for s in p.starts[i].slots { freeAt[s][k >> 6] |= 1 << UInt64(k & 63) }
        }
        func positions(_ mask: [UInt64]) -> [Int32] {
            var list: [Int32] = []
            for (w, word) in mask.enumerated() {
                var bits = word
                while bits != 0 {
                    list.append(Int32(w * 64 + bits.trailingZeroBitCount))
                    bits &= bits - 1
                }
            }
            return list
        }
        var position = [Int](repeating: -1, count: cohort.members.count)
        for (k, i) in members.enumerated() { position[i] = k }
        // Under team_group = "same": per group (ids ascending), the positions of its members and of
        // those of none — every team lies inside one of these (empty without the rule).
        var groupIDs: [Int32] = []
        var groupMasks: [[UInt64]] = []
        var noGroup = [UInt64](repeating: 0, count: words)
        if p.rules.sameGroup {
            groupIDs = Array(Set(members.map { p.rules.group[$0] }.filter { $0 >= 0 })).sorted()
            for (k, i) in members.enumerated() where p.rules.group[i] < 0 { noGroup[k >> 6] |= 1 << UInt64(k & 63) }
            groupMasks = groupIDs.map { _ in noGroup }
            let index = Dictionary(uniqueKeysWithValues: groupIDs.enumerated().map { ($1, $0) })
            for (k, i) in members.enumerated() where p.rules.group[i] >= 0 {
                groupMasks[index[p.rules.group[i]]!][k >> 6] |= 1 << UInt64(k & 63)
            }
            if groupMasks.isEmpty { groupMasks = [noGroup] }  // no model member has a group: one part
        }

        let countWishes = wishes && p.rules.scoring && p.rules.hasWishes
        if countWishes {
            for (k, i) in members.enumerated() {
                for w in p.rules.wishes(i) where position[Int(w)] >= 0 && TeamRuleBound.couldShare(i, Int(w), p) {
                    wishArcs.append((Int32(k), Int32(position[Int(w)])))
                }
            }
        }

        // Per project: its choosers (position, score), from each member's choices.
        var choosersOf: [Int: [(k: Int32, score: Int8)]] = [:]
        for (k, i) in members.enumerated() {
            var seen: [Int] = []
            for j in cohort.members[i].projectChoices where !seen.contains(j) {
                seen.append(j)
                let score = p.choiceScore(i, project: j)
                if score != 0 { choosersOf[j, default: []].append((Int32(k), Int8(score))) }
            }
        }
        // Tags of uncovered needs, numbered as met; their holders (positions, ascending).
        var tagNumber: [Tag: Int] = [:]
        var skillHolders: [Tag: [Int32]]?
        var tagHolders: [[Int32]] = []
        let modelMembers = members
        func tagIndex(_ g: Tag) -> Int {
            if let t = tagNumber[g] { return t }
            if skillHolders == nil {
                var holders: [Tag: [Int32]] = [:]
                for (k, i) in modelMembers.enumerated() { for h in cohort.members[i].skills { holders[h, default: []].append(Int32(k)) } }
                skillHolders = holders
            }
            tagNumber[g] = tagHolders.count
            tagHolders.append(skillHolders![g] ?? [])
            return tagHolders.count - 1
        }
        // The exact classes, union mask and union of a project without pitchers (the same for all).
        var unpitched: (exact: [[UInt64]], mask: [UInt64], union: [Int32])?
        // Per project kind: the kind so far, its exact maximal classes, their union and its pitchers.
        var pending: [(kind: Kind, exact: [[UInt64]], union: [UInt64], pitchers: [Int])] = []
        for j in p.projectOrder where !closed.contains(j) {
            let f = p.pitchers(j)
            let range = p.sizeRange(project: j)
            if f.contains(where: { !placeable[$0] }) || f.count > range.upperBound { continue }
            var kind = Kind(project: j)
            if countWishes {
                // Wishes with a pitcher: between two pitchers always honoured, with a member when it joins.
                var credit: [Int: Double] = [:]
                for a in f {
                    for w in p.rules.wishes(a) {
                        if f.contains(Int(w)) { kind.fixedWishes += Int(TeamRules.wishScore) }
                        else if position[Int(w)] >= 0 && TeamRuleBound.couldShare(a, Int(w), p) { credit[position[Int(w)], default: 0] += Double(TeamRules.wishScore) }
                    }
                    for w in p.rules.wishedBy(a) where !f.contains(Int(w)) && position[Int(w)] >= 0 && TeamRuleBound.couldShare(a, Int(w), p) {
                        credit[position[Int(w)], default: 0] += Double(TeamRules.wishScore)
                    }
                }
                kind.pitcherCredit = credit.keys.sorted().map { (Int32($0), credit[$0]!) }
            }
            kind.fixedCount = f.count
            kind.lo = range.lowerBound
            kind.hi = range.upperBound
            var pitcherSkills = Set<Tag>()
            for i in f {
                kind.fixedStages |= 1 << p.stage(i)
                for g in cohort.members[i].skills { pitcherSkills.insert(g) }
            }
            var open: [Tag] = []
            for g in cohort.projects[j].needs {
                if pitcherSkills.contains(g) || open.count == 8 { kind.coveredNeeds += 1 } else { open.append(g) }
            }
            kind.needCount = open.count
            // Need bits from the holders of each need, scores from the project's choosers (the same
            // arrays as testing every member against every need and choice, at a fraction of the cost).
            kind.needMask = [UInt8](repeating: 0, count: m)
            for (b, g) in open.enumerated() {
                let t = tagIndex(g)
                kind.openTags.append(Int32(t))
                for k in tagHolders[t] { kind.needMask[Int(k)] |= 1 << UInt8(b) }
            }
            kind.score = [Int8](repeating: 0, count: m)
            for (k, score) in choosersOf[j] ?? [] { kind.score[Int(k)] = score }
            kind.choosers = (choosersOf[j] ?? []).map(\.k)
            let common = p.commonStarts(f)
            kind.common = common
            // Every project without pitchers has the same candidates (all starts, no avoided pitcher): once.
            if f.isEmpty, let known = unpitched {
                kind.union = known.union
                pending.append((kind, known.exact, known.mask, f))
                continue
            }
            var allowed = [UInt64](repeating: 0, count: words)
            for (k, i) in members.enumerated() where !f.contains(where: { cohort.avoids(i, $0) }) {
                allowed[k >> 6] |= 1 << UInt64(k & 63)
            }
            let empty = [UInt64](repeating: 0, count: words)
            let sets = common.slots.map { s in zip(freeAt[s].isEmpty ? empty : freeAt[s], allowed).map { $0 & $1 } }
            var unionMask = empty
            for set in sets { for w in unionMask.indices { unionMask[w] |= set[w] } }
            kind.union = positions(unionMask)
            let exact = sets.isEmpty ? [empty] : Self.maximalSets(sets)
            if f.isEmpty { unpitched = (exact, unionMask, kind.union) }
            pending.append((kind, exact, unionMask, f))
        }
        // Above `exactClassesLimit` members, only the kinds whose classes hold the fewest member
        // entries keep them, up to `exactClassEntries` in all; the others get one class, the union
        // of theirs: every team of the kind lies inside, so the bound stays valid (weaker), at a
        // fraction of the cost on a large roster.
        var keepExact = [Bool](repeating: true, count: pending.count)
        if m > Self.exactClassesLimit {
            let entries = pending.map { $0.exact.count > 1 ? $0.exact.reduce(0) { $0 + $1.reduce(0) { $0 + $1.nonzeroBitCount } } : 0 }
            var total = 0
            for q in pending.indices.sorted(by: { entries[$0] < entries[$1] || (entries[$0] == entries[$1] && $0 < $1) }) {
                total += entries[q]
                keepExact[q] = total <= Self.exactClassEntries
            }
        }
        for (q, entry) in pending.enumerated() {
            var kind = entry.kind
            let f = entry.pitchers, unionMask = entry.union
            let maximal = keepExact[q] ? entry.exact : [unionMask]
            // Under team_group = "same" a team has one group: its pitchers' when they have one.
            var teamMasks = groupMasks  // pitchers of no group, or of two (no team forms; every part kept: still a bound)
            if let g = p.rules.sameGroup ? p.rules.teamGroup(f.map(Int32.init)) : nil, g >= 0 {
                teamMasks = [groupIDs.firstIndex(of: g).map { groupMasks[$0] } ?? noGroup]
            }
            if teamMasks.isEmpty {
                kind.classes = maximal.map(positions)
                kind.parts = [(kind.union, 0..<kind.classes.count)]
            } else {
                for mask in teamMasks {
                    let within = { (set: [UInt64]) in zip(set, mask).map { $0 & $1 } }
                    let classes = Self.maximalSets(maximal.map(within)).map(positions).filter { !$0.isEmpty }
                    guard !classes.isEmpty else { continue }
                    kind.parts.append((positions(within(unionMask)), kind.classes.count..<(kind.classes.count + classes.count)))
                    kind.classes += classes
                }
                if kind.classes.isEmpty { kind.classes = [[]]; kind.parts = [([], 0..<1)] }
            }
            projectKinds.append(kind)
        }
        if m > 0 {
            var kind = Kind(project: nil)
            kind.lo = p.teamMin
            kind.hi = p.teamMax
            kind.score = [Int8](repeating: 0, count: m)
            kind.needMask = [UInt8](repeating: 0, count: m)
            let sets = union.slots.map { freeAt[$0] }
            kind.classes = groupMasks.isEmpty ? Self.maximalSets(sets).map(positions)
                : groupMasks.flatMap { g in Self.maximalSets(sets.map { zip($0, g).map { $0 & $1 } }).map(positions).filter { !$0.isEmpty } }
            kind.parts = [([], 0..<kind.classes.count)]
            freeKind = kind
        }
        self.tagHolders = tagHolders
        hasWishCredits = !wishArcs.isEmpty || projectKinds.contains { !$0.pitcherCredit.isEmpty || $0.fixedWishes > 0 }
        if !wishArcs.isEmpty { wishTogether = Self.together(wishArcs, kinds: projectKinds + (freeKind.map { [$0] } ?? []), members: m) }
        // The lookups are computed first, then stored: `setLookups(&projectKinds[q])` on `self` copied
        // `self` for the call, and every store then copied the array of kinds (quadratic in the kinds:
        // 2.7 s of CPU on the class of 10,000 before a single evaluation).
        for q in projectKinds.indices {
            let (classLookup, partLookup) = lookups(projectKinds[q])
            projectKinds[q].classLookup = classLookup
            projectKinds[q].partLookup = partLookup
        }
        if let kind = freeKind {
            let (classLookup, partLookup) = lookups(kind)
            freeKind!.classLookup = classLookup
            freeKind!.partLookup = partLookup
        }
    }

    /// Below this many model members `bestTeam` always scans its candidate list.
    static let walkLimit = 1_000

    /// Chooses each class's and part's `Lookup` (docs/teams.md §5, "Walks in price order"): a walk
    /// visits the kind's choosers and the holders of its needs, and a few of the cheapest others
    /// per stage; it is taken for a list of at least twice that many entries and at least 1/16 of
    /// the members (so a mask costs at most 2 bytes per entry of the list). Counts only: the same
    /// choice on every machine, and the same best teams either way.
    func lookups(_ kind: Kind) -> (classes: [Lookup], parts: [Lookup]) {
        let m = members.count
        func lookup(_ list: [Int32]) -> Lookup {
            guard m >= Self.walkLimit else { return .scan }
            var walk = kind.choosers.count + 64
            for t in kind.openTags { walk += tagHolders[Int(t)].count }
            guard list.count >= 2 * walk, 16 * list.count >= m else { return .scan }
            if list.count == m { return .all }
            var mask = [UInt64](repeating: 0, count: (m + 63) / 64)
            for k in list { mask[Int(k) >> 6] |= 1 << UInt64(k & 63) }
            return .mask(mask)
        }
        return (kind.classes.map(lookup), kind.parts.map { lookup($0.union) })
    }

    /// The model members in increasing price (ties: lower position first), per stage and per tag of
    /// `tagHolders` (docs/teams.md §5, "Walks in price order"): built once per evaluation.
    struct PriceOrder: Sendable {
        var byStage: [[Int32]]
        var byTag: [[Int32]]
    }

    /// The price order at `prices` (per position).
    func priceOrder(_ prices: [Double]) -> PriceOrder {
        var order = (0..<Int32(members.count)).map { $0 }
        order.sort { prices[Int($0)] < prices[Int($1)] || (prices[Int($0)] == prices[Int($1)] && $0 < $1) }
        var rank = [Int32](repeating: 0, count: members.count)
        var byStage = [[Int32]](repeating: [], count: 5)
        for (r, k) in order.enumerated() {
            rank[Int(k)] = Int32(r)
            byStage[Int(stageIndex[Int(k)])].append(k)
        }
        let byTag = tagHolders.map { $0.sorted { rank[Int($0)] < rank[Int($1)] } }
        return PriceOrder(byStage: byStage, byTag: byTag)
    }

    /// Maximal sets (bit masks) among `sets`: equal sets once, sets inside another dropped.
    static func maximalSets(_ sets: [[UInt64]]) -> [[UInt64]] {
        var distinct: [[UInt64]] = []
        var seen = Set<[UInt64]>()
        for s in sets where seen.insert(s).inserted { distinct.append(s) }
        let sizes = distinct.map { $0.reduce(0) { $0 + $1.nonzeroBitCount } }
        var keep = [Bool](repeating: true, count: distinct.count)
        for a in distinct.indices {
            for b in distinct.indices where a != b && keep[b] && sizes[b] >= sizes[a] {
                if zip(distinct[a], distinct[b]).allSatisfy({ $0 & ~$1 == 0 }) { keep[a] = false; break }
            }
        }
        return distinct.indices.filter { keep[$0] }.map { distinct[$0] }
    }

    /// The best value (quality − prices of the members added) of one team of `kind` drawn from
    /// `candidates`, and the members it adds (positions); nil when no valid team exists.
    /// Exact over the rules of size, stages and senior (avoided pairs ignored: an upper bound):
    /// members of one type (stage, needs held) differ only in value, so only each type's r best
    /// matter (r = places left); a dynamic programme over types then tracks (members taken,
    /// stages present, needs covered).
    func bestTeam(_ kind: Kind, candidates: [Int32], prices: [Double]) -> (value: Double, members: [Int32])? {
        var scratch = DPScratch()
        return bestTeam(kind, candidates: candidates, prices: prices, scratch: &scratch)
    }

    /// The value of the kind's member at position `k` at `prices`.
    @inline(__always) func value(_ kind: Kind, _ k: Int32, _ prices: [Double]) -> Double { Double(kind.score[Int(k)]) - prices[Int(k)] }

    /// A team's value as `bestTeam` counts it (quality without the wishes' own terms, the
    /// pitchers' wishes, less `prices`): what the programme would find for it.
    func modelValue(_ kind: Kind, _ positions: [Int32], _ prices: [Double]) -> Double {
        var stages = kind.fixedStages >> 1
        var needs: UInt8 = 0
        var total = 0.0
        for k in positions {
            stages |= 1 << Int(stageIndex[Int(k)])
            needs |= kind.needMask[Int(k)]
            total += Double(kind.score[Int(k)]) - prices[Int(k)]
        }
        return total + Double(TeamProblem.stageScore * stages.nonzeroBitCount
                              + TeamProblem.needScore * (needs.nonzeroBitCount + kind.coveredNeeds)
                              + idealTerm(kind.fixedCount + positions.count) + kind.fixedWishes)
    }

    /// The DP's state arrays, reused across the classes of a kind: `best` is −∞ everywhere
    /// between calls (each call resets the states it reached), so a call costs what it reaches,
    /// not the size of the state space. `trail` holds how each state's best was reached: entry
    /// (previous entry, first group index, members taken), so a team of any size is rebuilt.
    struct DPScratch {
        var best: [Double] = []
        var taken: [Int32] = []
        /// Per count, a bit per state: reached, and reached and not dropped (0 between calls).
        var reached: [UInt64] = []
        var live: [UInt64] = []
        /// The bonus of a set of stages (bits 0…4) and of a set of needs (≤ 8 bits): 3 and 5 each.
        var stageBonus: [Int] = []
        var needBonus: [Int] = []
        /// The types holding members, in order, and per such type (from it on): the stages and needs
        /// still to come and the sums of the largest positive values (the skipping test of `bestTeam`).
        var used: [Int] = []
        var restStages: [Int] = []
        var restNeeds: [Int] = []
        var topSums: [Double] = []
        var memberSums: [Double] = []
        var trail: [(previous: Int32, group: Int32, count: Int32)] = []
        var groupValues: [Double] = []
        var groupMembers: [Int32] = []
        var groupCount: [Int] = []
        /// The prices less a kind's wish credits (`prices(ofKind:)`), reused across kinds.
        var adjusted: [Double] = []
        /// Per position: credited by the kind being solved (`bestTeam`'s `extra`; false between calls).
        var extraMark: [Bool] = []
        /// Work done with this scratch (`bestTeam`: candidates read, states extended), a count.
        var work = 0

        mutating func reserve(_ size: Int, words: Int) {
            if best.count < size {
                best = [Double](repeating: -.infinity, count: size)
                taken = [Int32](repeating: -1, count: size)
            }
            if reached.count < words { reached = [UInt64](repeating: 0, count: words); live = reached }
            if stageBonus.isEmpty {
                stageBonus = (0..<32).map { TeamProblem.stageScore * $0.nonzeroBitCount }
                needBonus = (0..<256).map { TeamProblem.needScore * $0.nonzeroBitCount }
            }
        }
    }

    /// As `bestTeam(_:candidates:prices:)`, with state arrays from `scratch`.
    ///
    /// With `order` (the price order at `prices`) and a `lookup` other than `scan` for `candidates`,
    /// each type's r best are found by walks in price order instead of a scan (docs/teams.md §5,
    /// "Walks in price order"): the choosers one by one; a member of no chosen project is worth
    /// −price, so per stage the cheapest members holding none of the needs, until r are found; the
    /// holders of each need in price order. The lists are the same as the scan's (r best by value,
    /// ties to the lower position), so the team is too.
    func bestTeam(_ kind: Kind, candidates: [Int32], prices: [Double], scratch: inout DPScratch,
                  lookup: Lookup = .scan, order: PriceOrder? = nil, positiveOnly: Bool = false,
                  floor: Double = 0, hint: [Int32]? = nil, extra: [Int32] = []) -> (value: Double, members: [Int32])? {
        let r = kind.hi - kind.fixedCount
        guard r >= 0 else { return nil }
        let minAdd = max(0, kind.lo - kind.fixedCount)
        let needCount = kind.needCount
        let needStates = 1 << needCount
        // Per type (stage − 1, need bits): the r best members, best first.
        let types = 5 * needStates
        // Per type (stage − 1, need bits): the r best members, best first (arrays reused from `scratch`).
        var groupValues = scratch.groupValues, groupMembers = scratch.groupMembers, groupCount = scratch.groupCount
        scratch.groupValues = []; scratch.groupMembers = []; scratch.groupCount = []
        defer { scratch.groupValues = groupValues; scratch.groupMembers = groupMembers; scratch.groupCount = groupCount }
        if groupValues.count < types * max(1, r) {
            groupValues = [Double](repeating: 0, count: types * max(1, r))
            groupMembers = [Int32](repeating: 0, count: types * max(1, r))
        }
        if groupCount.count < types { groupCount = [Int](repeating: 0, count: types) }
        for t in 0..<types { groupCount[t] = 0 }
        if r > 0, let order, !Self.isScan(lookup) {
            // Whether (v, k) goes before the `n`-th entry of list `base` (higher value, or equal and lower position).
            @inline(__always) func before(_ v: Double, _ k: Int32, _ at: Int) -> Bool {
                v > groupValues[at] || (v == groupValues[at] && k < groupMembers[at])
            }
            @inline(__always) func insert(_ v: Double, _ k: Int32, _ type: Int) {
                let base = type * r
                var n = groupCount[type]
                if n == r {
                    if !before(v, k, base + r - 1) { return }
                    n -= 1
                } else {
                    groupCount[type] += 1
                }
                var j = n
                while j > 0 && before(v, k, base + j - 1) {
                    groupValues[base + j] = groupValues[base + j - 1]
                    groupMembers[base + j] = groupMembers[base + j - 1]
                    j -= 1
                }
                groupValues[base + j] = v
                groupMembers[base + j] = k
            }
            let mask: [UInt64]
            if case .mask(let bits) = lookup { mask = bits } else { mask = [] }
            let everyone = mask.isEmpty
            @inline(__always) func holds(_ k: Int32) -> Bool { everyone || mask[Int(k) >> 6] & (1 << UInt64(k & 63)) != 0 }
            var walked = kind.choosers.count
            defer { scratch.work += walked }
            for k in kind.choosers where holds(k) {
                insert(value(kind, k, prices), k, Int(stageIndex[Int(k)]) * needStates + Int(kind.needMask[Int(k)]))
            }
            // Members whose price here is not the order's (the kind's wish credits): one by one, like
            // the choosers, and skipped by the walks below.
            var marked = scratch.extraMark
            scratch.extraMark = []
            if !extra.isEmpty && marked.count < members.count { marked = [Bool](repeating: false, count: members.count) }
            defer {
                for k in extra { marked[Int(k)] = false }
                scratch.extraMark = marked
            }
            for k in extra where kind.score[Int(k)] == 0 && !marked[Int(k)] {
                marked[Int(k)] = true
                walked += 1
                if holds(k) { insert(value(kind, k, prices), k, Int(stageIndex[Int(k)]) * needStates + Int(kind.needMask[Int(k)])) }
            }
            let anyExtra = !extra.isEmpty
            // Members of no need: per stage in price order, until the type's r-th beats the next.
            for s in 0..<5 {
                let type = s * needStates
                for k in order.byStage[s] where kind.needMask[Int(k)] == 0 && kind.score[Int(k)] == 0 && holds(k) && !(anyExtra && marked[Int(k)]) {
                    walked += 1
                    let v = value(kind, k, prices)
                    if groupCount[type] == r && !before(v, k, type * r + r - 1) { break }
                    insert(v, k, type)
                }
            }
            // Holders of need b (and of no lower need: each member once), in price order.
            for b in 0..<needCount {
                let lower = UInt8((1 << b) - 1)
                walked += order.byTag[Int(kind.openTags[b])].count
                for k in order.byTag[Int(kind.openTags[b])] {
                    let bits = kind.needMask[Int(k)]
                    guard bits & lower == 0, kind.score[Int(k)] == 0, holds(k), !(anyExtra && marked[Int(k)]) else { continue }
                    insert(value(kind, k, prices), k, Int(stageIndex[Int(k)]) * needStates + Int(bits))
                }
            }
        } else if r > 0 {
            scratch.work += candidates.count
            for k in candidates {
                let v = Double(kind.score[Int(k)]) - prices[Int(k)]
                let type = Int(stageIndex[Int(k)]) * needStates + Int(kind.needMask[Int(k)])
                let base = type * r
                var n = groupCount[type]
                if n == r {
                    if v <= groupValues[base + r - 1] { continue }
                    n -= 1
                } else {
                    groupCount[type] += 1
                }
                // Insert keeping the list sorted (ties: earlier position first).
                var j = n
                while j > 0 && groupValues[base + j - 1] < v {
                    groupValues[base + j] = groupValues[base + j - 1]
                    groupMembers[base + j] = groupMembers[base + j - 1]
                    j -= 1
                }
                groupValues[base + j] = v
                groupMembers[base + j] = k
            }
        }
        // `positiveOnly`: nil, without the dynamic programme, when even the r best values of all types
        // plus every stage, need, ideal-size and wish bonus the types allow is not above 0.
        let idealMax = positiveOnly ? maxIdealTerm(kind) : 0
        if positiveOnly {
            var top = [Double](repeating: -.infinity, count: max(1, r))
            var stagesSeen = kind.fixedStages >> 1, needsSeen = 0
            for type in 0..<types where groupCount[type] > 0 {
                stagesSeen |= 1 << (type / needStates)
                needsSeen |= type % needStates
                for j in 0..<groupCount[type] {
                    let v = groupValues[type * r + j]
                    if r == 0 || v <= top[r - 1] { break }
                    var i = r - 1
                    while i > 0 && top[i - 1] < v { top[i] = top[i - 1]; i -= 1 }
                    top[i] = v
                }
            }
            var sum = 0.0, upper = minAdd == 0 ? 0.0 : -Double.infinity
            for j in 0..<r where top[j] > -.infinity {
                sum += top[j]
                if j + 1 >= minAdd { upper = max(upper, sum) }
            }
            upper += Double(TeamProblem.stageScore * stagesSeen.nonzeroBitCount
                            + TeamProblem.needScore * (needsSeen.nonzeroBitCount + kind.coveredNeeds) + idealMax + kind.fixedWishes)
            if upper <= 0 || upper < floor - 1e-6 { return nil }
        }
        // States: (count, stage bits over stages 1…5 as bits 0…4, need bits), and per count a bit set
        // of the states reached. The types are added one by one; within a type the states are
        // extended by decreasing count (the targets have higher counts, so each state still holds its
        // value from before the type: no copy of it is needed) and increasing index. That order
        // depends on no value, so the states skipped below change nothing else: the best team, and
        // which of equal teams is returned, are those of the programme without the skipping.
        let perCount = 32 * needStates
        let wordsPerCount = max(1, perCount >> 6)
        scratch.reserve((r + 1) * perCount, words: (r + 1) * wordsPerCount)
        scratch.trail.removeAll(keepingCapacity: true)
        let needShift = needCount, countShift = needCount + 5
        let needMask = needStates - 1
        let fixed = kind.fixedStages >> 1  // pitchers' stages as bits 0…4
        // Skipping (docs/teams.md §5, "Skipping what cannot count"). With `positiveOnly` a team below
        // `floor` (≥ 0) is not wanted (nil), and `hint`, a valid team of these candidates, shows a value
        // the best reaches. A state is dropped when its value plus the most any completion could add
        // is below the larger of the two. That most is the smaller of: the r − c largest positive
        // values of the types still to come plus every stage and need they hold as bonus; and the
        // state's own bonus plus the r − c largest positive values + 3 + 5 · (needs of the type) —
        // a member adds at most one stage and its needs. Neither rises along a transition, so no
        // state on the way to a best team is dropped; the margin absorbs rounding.
        let prune = positiveOnly && r > 0
        var threshold = floor - 1e-6
        if prune, let hint { threshold = max(threshold, modelValue(kind, hint, prices) - 1e-6) }
        var used = scratch.used, restStages = scratch.restStages, restNeeds = scratch.restNeeds, topSums = scratch.topSums
        var memberSums = scratch.memberSums
        scratch.used = []; scratch.restStages = []; scratch.restNeeds = []; scratch.topSums = []; scratch.memberSums = []
        defer {
            scratch.used = used; scratch.restStages = restStages; scratch.restNeeds = restNeeds; scratch.topSums = topSums
            scratch.memberSums = memberSums
        }
        used.removeAll(keepingCapacity: true)
        for type in 0..<types where groupCount[type] > 0 { used.append(type) }
        let width = r + 1
        var constantBonus = 0.0
        if prune {
            constantBonus = Double(TeamProblem.needScore * kind.coveredNeeds + idealMax + kind.fixedWishes)
            // Per type from u on (and past the last, u = used.count): its stages, needs, and the sums of
            // the m largest positive values (m = 0…r), built backwards.
            if restStages.count < used.count + 1 { restStages = [Int](repeating: 0, count: used.count + 1); restNeeds = restStages }
            if topSums.count < (used.count + 1) * width {
                topSums = [Double](repeating: 0, count: (used.count + 1) * width)
                memberSums = topSums
            }
            var top = [Double](repeating: 0, count: r), topMember = top
            var filled = 0, filledMember = 0, stages = fixed, needs = 0
            restStages[used.count] = fixed
            restNeeds[used.count] = 0
            for m in 0...r { topSums[used.count * width + m] = 0; memberSums[used.count * width + m] = 0 }
            for u in used.indices.reversed() {
                let type = used[u]
                stages |= 1 << (type >> needShift)
                needs |= type & needMask
                restStages[u] = stages
                restNeeds[u] = needs
                // Keeps the r largest positive values of a sequence in decreasing order, largest first.
                func keep(_ v: Double, _ top: inout [Double], _ filled: inout Int) -> Bool {
                    if v <= 0 || (filled == r && v <= top[r - 1]) { return false }
                    var i = filled < r ? filled : r - 1
                    if filled < r { filled += 1 }
                    while i > 0 && top[i - 1] < v { top[i] = top[i - 1]; i -= 1 }
                    top[i] = v
                    return true
                }
                let most = Double(TeamProblem.stageScore + TeamProblem.needScore * (type & needMask).nonzeroBitCount)
                for j in 0..<groupCount[type] { if !keep(groupValues[type * r + j], &top, &filled) { break } }
                for j in 0..<groupCount[type] { if !keep(groupValues[type * r + j] + most, &topMember, &filledMember) { break } }
                var sum = 0.0, memberSum = 0.0
                topSums[u * width] = 0
                memberSums[u * width] = 0
                for m in 1...r {
                    if m <= filled { sum += top[m - 1] }
                    if m <= filledMember { memberSum += topMember[m - 1] }
                    topSums[u * width + m] = sum
                    memberSums[u * width + m] = memberSum
                }
            }
        }
        // The arrays leave `scratch` while the loop writes them through pointers (no uniqueness or
        // bounds checks in the innermost loop); state indices are split by shifts (sizes are powers of 2).
        // `live`: the reached states not yet dropped (a dropped state stays dropped until its value rises).
        var best = scratch.best, taken = scratch.taken, reached = scratch.reached, live = scratch.live
        var trail = scratch.trail
        scratch.best = []; scratch.taken = []; scratch.reached = []; scratch.live = []; scratch.trail = []
        var answer: (value: Double, taken: Int32)?
        var extended = 0
        defer { scratch.work += extended }
        var senior = 0
        for st in 1...5 where st >= p.seniorStage { senior |= 1 << (st - 1) }
        best.withUnsafeMutableBufferPointer { best in
        taken.withUnsafeMutableBufferPointer { taken in
        reached.withUnsafeMutableBufferPointer { reached in
        live.withUnsafeMutableBufferPointer { live in
        groupValues.withUnsafeBufferPointer { values in
        scratch.stageBonus.withUnsafeBufferPointer { stageBonus in
        scratch.needBonus.withUnsafeBufferPointer { needBonus in
            best[0] = 0
            taken[0] = -1
            reached[0] = 1
            live[0] = 1
            for u in used.indices {
                let type = used[u]
                let count = groupCount[type]
                let base = type * r
                let stageBit = 1 << (type >> needShift)
                let needBits = type & needMask
                let rs = prune ? restStages[u] : 0, rn = prune ? restNeeds[u] : 0
                let rsNext = prune ? restStages[u + 1] : 0, rnNext = prune ? restNeeds[u + 1] : 0
                for c in stride(from: r - 1, through: 0, by: -1) {
                    let take = min(count, r - c)
                    let reach = prune ? topSums[u * width + r - c] + constantBonus : 0
                    let memberReach = prune ? memberSums[u * width + r - c] + constantBonus : 0
                    for w in 0..<wordsPerCount {
                        var word = live[c * wordsPerCount + w]
                        while word != 0 {
                            let bit = word & (0 &- word)
                            extended += 1
                            let rest = w << 6 | word.trailingZeroBitCount
                            word &= word - 1
                            let from = c << countShift | rest
                            var value = best[from]
                            let st = rest >> needShift, nd = rest & needMask
                            let target = (st | stageBit) << needShift | (nd | needBits)
                            var nextReach = 0.0, nextMemberReach = 0.0
                            if prune {
                                if value + min(reach + Double(stageBonus[st | rs] + needBonus[nd | rn]),
                                               memberReach + Double(stageBonus[st | fixed] + needBonus[nd])) < threshold {
                                    live[c * wordsPerCount + w] &= ~bit
                                    continue
                                }
                                nextReach = constantBonus + Double(stageBonus[st | stageBit | rsNext] + needBonus[nd | needBits | rnNext])
                                nextMemberReach = constantBonus + Double(stageBonus[st | stageBit | fixed] + needBonus[nd | needBits])
                            }
                            let previous = taken[from]
                            for j in 0..<take {
                                value += values[base + j]
                                let level = c + 1 + j
                                let to = level << countShift | target
                                guard value > best[to] else { continue }
                                // A value that arrives dropped is not written (it could only lead below the threshold).
                                if prune && value + min(topSums[(u + 1) * width + r - level] + nextReach,
                                                        memberSums[(u + 1) * width + r - level] + nextMemberReach) < threshold { continue }
                                let slot = level * wordsPerCount + target >> 6, mark: UInt64 = 1 << UInt64(target & 63)
                                reached[slot] |= mark
                                live[slot] |= mark
                                best[to] = value
                                taken[to] = Int32(trail.count)
                                trail.append((previous, Int32(base), Int32(j + 1)))
                            }
                        }
                    }
                }
            }
            // The best final state (by count, then index), then every state reset.
            for c in 0...r {
                for w in 0..<wordsPerCount {
                    var word = reached[c * wordsPerCount + w]
                    reached[c * wordsPerCount + w] = 0
                    live[c * wordsPerCount + w] = 0
                    while word != 0 {
                        let rest = w << 6 | word.trailingZeroBitCount
                        word &= word - 1
                        let idx = c << countShift | rest
                        defer { best[idx] = -.infinity; taken[idx] = -1 }
                        guard c >= minAdd else { continue }
                        let stages = (rest >> needShift) | fixed
                        guard stages.nonzeroBitCount >= p.distinctStages, stages & senior != 0 else { continue }
                        let total = best[idx] + Double(stageBonus[stages] + needBonus[rest & needMask]
                                                       + TeamProblem.needScore * kind.coveredNeeds
                                                       + idealTerm(kind.fixedCount + c) + kind.fixedWishes)
                        if answer == nil || total > answer!.value { answer = (total, taken[idx]) }
                    }
                }
            }
        }}}}}}}
        scratch.best = best; scratch.taken = taken; scratch.reached = reached; scratch.live = live
        scratch.trail = trail
        // Below `floor` the team may not be the best (states were skipped) and is not wanted: nil.
        guard let answer, !(positiveOnly && answer.value < floor) else { return nil }
        var list: [Int32] = []
        var entry = answer.taken
        while entry >= 0 {
            let e = scratch.trail[Int(entry)]
            for x in 0..<Int(e.count) { list.append(groupMembers[Int(e.group) + x]) }
            entry = e.previous
        }
        return (answer.value, list)
    }

    static func isScan(_ lookup: Lookup) -> Bool { if case .scan = lookup { return true } else { return false } }

    /// Project kinds, then the free kind (the order of `classBests` and of the column kinds).
    var kinds: [Kind] { projectKinds + (freeKind.map { [$0] } ?? []) }

    /// Column generation (`columnGeneration`) runs up to this many model members; above, the
    /// master LP grows slower than the subgradient (docs/teams.md §5) and the subgradient alone
    /// gives the prices.
    static let columnGenerationLimit = 800
    /// Master LP solves at most (a count, so the bound is the same on every machine).
    static let maxRounds = 60
    /// Weight of the best prices so far in the pricing point (Wentges smoothing; 0 = plain column
    /// generation): 0.8 needed far less LP time than plain pricing (docs/teams.md §5).
    static let smoothing = 0.8
    /// New columns per project and round, the best by reduced cost (a project forms one team).
    static let columnsPerProject = 3
    /// Above this many model members a project's slot classes are merged into one (their union),
    /// except those of the kinds with the fewest entries, up to `exactClassEntries` member entries in
    /// all: at 10,000 members (many-projects) the exact classes held 19.5 million member entries
    /// (36,674 classes), and scanning them took about 2 s per evaluation.
    static let exactClassesLimit = 3_000
    /// Member entries of the exact slot classes kept above `exactClassesLimit` (a count: the same
    /// bound on every machine).
    static let exactClassEntries = 4_000_000
    /// Subgradient steps that warm up the prices before column generation when none are given.
    static let warmUpSteps = 10

    /// The best team of every slot class of every kind at `prices` (nil where no valid team exists):
    /// `[kind][class]`, project kinds first (in `projectKinds` order), then the free kind.
    func classBests(_ prices: [Double], split: WishSplit? = nil) -> [[(value: Double, members: [Int32])?]] {
        classBests(prices, split: split, threads: kinds.count, deadline: nil, clock: Stopwatch())!
    }

    /// As `classBests(_:)`, kinds side by side on `threads` threads; nil when `deadline` passes
    /// first (an unfinished evaluation is no bound). `positiveOnly`: only what `evaluate` and
    /// `updateSplit` read is wanted — per project its best team above 0, per free class its team
    /// above 0 (`bests`); `hints`: an earlier `classBests` of this bound (valid teams, so values the
    /// best teams reach at `prices`: the dynamic programmes skip what cannot reach them).
    func classBests(_ prices: [Double], split: WishSplit? = nil, threads: Int, deadline: Double?, clock: Stopwatch,
                    positiveOnly: Bool = false, hints: [[(value: Double, members: [Int32])?]]? = nil) -> [[(value: Double, members: [Int32])?]]? {
        var work = 0
        return classBests(prices, split: split, threads: threads, deadline: deadline, clock: clock, positiveOnly: positiveOnly, hints: hints,
                          work: &work)
    }

    /// As `classBests(_:split:threads:deadline:clock:positiveOnly:hints:)`, adding its work (`DPScratch.work`, a count
    /// that is the same on every machine and thread count) to `work`.
    func classBests(_ prices: [Double], split: WishSplit? = nil, threads: Int, deadline: Double?, clock: Stopwatch,
                    positiveOnly: Bool = false, hints: [[(value: Double, members: [Int32])?]]?,
                    work: inout Int) -> [[(value: Double, members: [Int32])?]]? {
        let me = self
        let kinds = self.kinds
        let split = split ?? (hasWishCredits ? initialSplit() : WishSplit(nu: []))
        // Every kind values a member at the same price but for its wish credits: one price order for
        // all, and each kind's credited members are read one by one (`bestTeam`'s `extra`).
        let order = members.count >= Self.walkLimit ? priceOrder(prices) : nil
        // Kinds side by side; each checks the deadline before its dynamic programmes.
        let results = Array(kinds.indices).parallelMap(threads: threads, scratch: { DPScratch() }) {
            (q: Int, scratch: inout DPScratch) -> (bests: [(value: Double, members: [Int32])?], work: Int)? in
            if clock.passed(deadline) { return nil }
            let hint = hints.map { $0[q] }
            let before = scratch.work
            guard me.hasWishCredits else {
                let result = me.bests(kinds[q], prices: prices, scratch: &scratch, order: order, positiveOnly: positiveOnly || order != nil, hints: hint)
                return (result, scratch.work - before)
            }
            // The kind's members at their prices less their wish credits, then the array restored.
            var adjusted = scratch.adjusted
            scratch.adjusted = []
            if adjusted.count != prices.count { adjusted = prices }
            let touched = me.credit(kind: q, split: split, into: &adjusted)
            let result = me.bests(kinds[q], prices: adjusted, scratch: &scratch, order: order, positiveOnly: positiveOnly || order != nil,
                                  hints: hint, extra: touched)
            for k in touched { adjusted[Int(k)] = prices[Int(k)] }
            scratch.adjusted = adjusted
            return (result, scratch.work - before + touched.count)
        }
        var out: [[(value: Double, members: [Int32])?]] = []
        out.reserveCapacity(results.count)
        for result in results {
            guard let kind = result.get() else { return nil }
            out.append(kind.bests)
            work += kind.work
        }
        // The price order and the evaluation (`evaluate`) read every member.
        work += members.count
        return out
    }

    /// The best team of each class of `kind` (nil where none exists). A project forms one team,
    /// so only its best class matters: per part (one per group under `team_group` = "same"), the
    /// union of the part's classes first — its best is at least every class's best, and is one of
    /// them when its members share a start of the project (then it lies in a class); a part whose
    /// union cannot beat the best team found is skipped. Only otherwise are a part's classes
    /// solved, in decreasing order of a cheap upper bound (the best members' values plus every
    /// stage and need bonus), skipping (nil) a class whose bound cannot beat the best team found.
    ///
    /// `positiveOnly` (by default with `order`): a team of value ≤ 0, or a project's team that cannot
    /// beat one found before (`bestTeam`'s floor), is not built (nil) — only the kind's best above 0
    /// counts (`evaluate`), per class for free teams. `hints`: the kind's teams of an earlier
    /// evaluation, per class (a valid team of the class, or of its part's union when stored for the
    /// part): their values now are reached, so the programmes may skip what cannot reach them.
    func bests(_ kind: Kind, prices: [Double], scratch: inout DPScratch, order: PriceOrder? = nil, positiveOnly: Bool? = nil,
               hints: [(value: Double, members: [Int32])?]? = nil, extra: [Int32] = []) -> [(value: Double, members: [Int32])?] {
        // With `order`, a class's or part's lookup (`lookups`) picks a walk in price order or a scan.
        func classLookup(_ c: Int) -> Lookup { order == nil || c >= kind.classLookup.count ? .scan : kind.classLookup[c] }
        let positiveOnly = positiveOnly ?? (order != nil)
        let hints = positiveOnly && hints?.count == kind.classes.count ? hints : nil
        // Only teams of value above 0 count (`evaluate`; a column of value ≤ 0 never has a positive
        // reduced cost at the master's duals), and for a project only one above the best found.
        guard kind.project != nil, kind.classes.count > 1 else {
            return kind.classes.indices.map {
                bestTeam(kind, candidates: kind.classes[$0], prices: prices, scratch: &scratch, lookup: classLookup($0), order: order,
                         positiveOnly: positiveOnly, hint: hints?[$0]?.members, extra: extra)
            }
        }
        var result = [(value: Double, members: [Int32])?](repeating: nil, count: kind.classes.count)
        var found = 0.0
        var open: [Int] = []  // classes of parts whose union's best lies in no class
        for (index, part) in kind.parts.enumerated() {
            if part.classes.count == 1 {
                let c = part.classes.lowerBound
                result[c] = bestTeam(kind, candidates: kind.classes[c], prices: prices, scratch: &scratch, lookup: classLookup(c), order: order,
                                     positiveOnly: positiveOnly, floor: found, hint: hints?[c]?.members, extra: extra)
                if let team = result[c], team.value > found { found = team.value }
                continue
            }
            let lookup = order == nil || index >= kind.partLookup.count ? Lookup.scan : kind.partLookup[index]
            // Every earlier team of the part's classes lies in its union: the best of them now is a hint.
            var hint: (value: Double, members: [Int32])?
            if let hints {
                for c in part.classes {
                    guard let team = hints[c] else { continue }
                    let value = modelValue(kind, team.members, prices)
                    if hint == nil || value > hint!.value { hint = (value, team.members) }
                }
            }
            guard let team = bestTeam(kind, candidates: part.union, prices: prices, scratch: &scratch, lookup: lookup, order: order,
                                      positiveOnly: positiveOnly, floor: found, hint: hint?.members, extra: extra),
                  team.value > found else { continue }
            var shared = kind.common
            for k in team.members { shared = shared.intersection(starts[Int(k)]) }
            if shared.isEmpty { open += part.classes; continue }
            result[part.classes.lowerBound] = team
            found = team.value
        }
        guard !open.isEmpty else { return result }
        let r = kind.hi - kind.fixedCount
        let minAdd = max(0, kind.lo - kind.fixedCount)
        let bonus = Double(TeamProblem.stageScore * 5 + TeamProblem.needScore * (kind.needCount + kind.coveredNeeds))
            + Double(maxIdealTerm(kind) + kind.fixedWishes)
        var top = [Double](repeating: 0, count: max(1, r))
        var upper: [(bound: Double, c: Int)] = []
        for c in open {
            // The r largest values, largest first.
            scratch.work += kind.classes[c].count
            var n = 0
            for k in kind.classes[c] {
                let v = Double(kind.score[Int(k)]) - prices[Int(k)]
                if n == r { if r == 0 || v <= top[r - 1] { continue } } else { n += 1 }
                var j = n - 1
                while j > 0 && top[j - 1] < v { top[j] = top[j - 1]; j -= 1 }
                top[j] = v
            }
            guard n >= minAdd else { continue }
            var sum = 0.0, best = minAdd == 0 ? 0.0 : -Double.infinity
            for j in 0..<n {
                sum += top[j]
                if j + 1 >= minAdd { best = max(best, sum) }
            }
            upper.append((best + bonus, c))
        }
        upper.sort { $0.bound > $1.bound || ($0.bound == $1.bound && $0.c < $1.c) }
        for (bound, c) in upper {
            if bound <= found { break }
            let team = bestTeam(kind, candidates: kind.classes[c], prices: prices, scratch: &scratch, lookup: classLookup(c), order: order,
                                positiveOnly: positiveOnly, floor: found, extra: extra)
            result[c] = team
            if let team, team.value > found { found = team.value }
        }
        return result
    }

    /// The bound at `prices` (per member position, each ≥ 0), and how often each member is
    /// used by the maximizing teams (the subgradient is 1 − uses).
    func evaluate(_ prices: [Double]) -> (bound: Double, uses: [Int]) {
        evaluate(prices, bests: classBests(prices))
    }

    /// As `evaluate(_:)` with the wishes' credits split by `split`.
    func evaluate(_ prices: [Double], split: WishSplit) -> (bound: Double, uses: [Int]) {
        evaluate(prices, bests: classBests(prices, split: split), split: split)
    }

    /// As `evaluate(_:)`, from the class bests already computed at `prices`.
    func evaluate(_ prices: [Double], bests: [[(value: Double, members: [Int32])?]], split: WishSplit? = nil) -> (bound: Double, uses: [Int]) {
        var total = prices.reduce(0, +)
        var uses = [Int](repeating: 0, count: members.count)
        for q in projectKinds.indices {
            var best: (value: Double, members: [Int32])?
            for t in bests[q] { if let t, best == nil || t.value > best!.value { best = t } }
            if let best, best.value > 0 {
                total += best.value
                for k in best.members { uses[Int(k)] += 1 }
            }
        }
        if let kind = freeKind {
            // Free teams: at most ⌊|class| / team_min⌋ in a class and ⌊|M| / team_min⌋ in all.
            var options: [(value: Double, count: Int, members: [Int32])] = []
            for (c, t) in zip(kind.classes, bests[projectKinds.count]) {
                if let t, t.value > 0 { options.append((t.value, c.count / p.teamMin, t.members)) }
            }
            options.sort { $0.value > $1.value }
            var left = members.count / p.teamMin
            var knapsack = 0.0
            var knapsackUses: [(members: [Int32], n: Int)] = []
            for o in options where left > 0 {
                let n = min(left, o.count)
                knapsack += Double(n) * o.value
                knapsackUses.append((o.members, n))
                left -= n
            }
            // With wishes, each member also brings its credits in the free kind (docs/teams.md §5).
            var adjusted = prices
            if hasWishCredits { _ = credit(kind: projectKinds.count, split: split ?? initialSplit(), into: &adjusted) }
            let (stageCap, representatives) = freeStageCap(adjusted)
            if stageCap < knapsack {
                total += stageCap
                for k in representatives { uses[Int(k)] += 1 }
            } else {
                total += knapsack
                for (list, n) in knapsackUses { for k in list { uses[Int(k)] += n } }
            }
        }
        return (total, uses)
    }

    /// Most free teams there can be: each has team_min members of M and a senior of M.
    var freeTeamLimit: Int {
        var seniors = 0
        for k in members.indices where Int(stageIndex[k]) + 1 >= p.seniorStage { seniors += 1 }
        return min(members.count / max(1, p.teamMin), seniors)
    }

    /// A second bound on the free teams' part (docs/teams.md §5, "stage cap"): a free team's value
    /// is 3 · (distinct stages) − Σ λ over its members ≤ Σ over one member per distinct stage of
    /// max(0, 3 − λ_k); teams are disjoint and there are at most `freeTeamLimit` of them, so per
    /// stage at most that many such members count — the largest values. Returns the sum and
    /// the members counted (the subgradient's uses). It holds only while a free team's quality is
    /// its stage spread alone (docs/teams.md §2): a rule that adds quality to free teams must add
    /// its own bound here.
    ///
    /// With `team_ideal` a free team also has its ideal-size term, at most I = idealScore · reach
    /// per member: then every member counts max(0, I − λ_k), and one per stage and team the rest
    /// of max(0, 3 + I − λ_k) — the same argument, member by member.
    func freeStageCap(_ prices: [Double]) -> (value: Double, members: [Int32]) {
        let limit = freeTeamLimit
        let ideal = p.rules.ideal == nil ? 0.0 : Double(TeamRules.idealScore * p.rules.reach)
        var total = 0.0
        var counted: [Int32] = []
        var perStage = [[(value: Double, k: Int32)]](repeating: [], count: 5)
        for k in members.indices {
            let base = max(0, ideal - prices[k])
            if base > 0 { total += base; counted.append(Int32(k)) }
            let v = Double(TeamProblem.stageScore) + ideal - prices[k] - base
            if v > 0 { perStage[Int(stageIndex[k])].append((v, Int32(k))) }
        }
        for var list in perStage {
            if list.count > limit { list.sort { $0.value > $1.value || ($0.value == $1.value && $0.k < $1.k) } }
            for e in list.prefix(limit) { total += e.value; counted.append(e.k) }
        }
        return (total, counted)
    }

    /// Subgradient steps: a count, not a time, so the bound is the same on every machine.
    /// 200 on small rosters, fewer as they grow (40,000 / members, at least 40): one step takes
    /// about 67 ms of CPU on the class of 1,000 (998 in the model, 3,340 slot classes).
    var iterations: Int { max(40, min(200, 40_000 / max(1, members.count))) }

    /// The smallest bound over `iterations` subgradient steps from `start` (member index → price),
    /// rounded down (quality is an integer). `target`: a quality known to be reachable (step size).
    func bound(start: [Int: Double], target: Double, iterations: Int) -> Int {
        Self.floored(subgradient(from: members.map { max(0, start[$0] ?? 0) }, target: target, iterations: iterations).best)
    }

    /// The smallest bound over up to `iterations` subgradient steps from `prices` (per member
    /// position), and the steps taken; fewer when `deadline` passes (every finished step is a
    /// valid bound; infinity when none finished).
    ///
    /// `workBudget`: the steps also stop once their work (`DPScratch.work`: candidates read and
    /// states extended, a count) reaches it — the same number of steps on every machine.
    func subgradient(from start: [Double], split startSplit: WishSplit? = nil, target: Double, iterations: Int, threads: Int = 2,
                     workBudget: Int? = nil,
                     deadline: Double? = nil, clock: Stopwatch = Stopwatch()) -> (best: Double, prices: [Double], split: WishSplit, steps: Int, cut: Bool, work: Int) {
        var prices = start
        var bestPrices = start
        var split = startSplit ?? (hasWishCredits ? initialSplit() : WishSplit(nu: []))
        var bestSplit = split
        var best = Double.infinity
        var theta = 0.5
        var sinceBetter = 0
        var steps = 0
        var work = 0
        var previous: [[(value: Double, members: [Int32])?]]?
        for _ in 0..<max(1, iterations) {
            // Only each kind's best above 0 is read here (`evaluate`, `updateSplit`), and the last
            // step's teams are valid teams of the same classes: hints for the dynamic programmes.
            guard let bests = classBests(prices, split: split, threads: threads, deadline: deadline, clock: clock,
                                         positiveOnly: true, hints: previous, work: &work) else {
                return (best, bestPrices, bestSplit, steps, true, work)
            }
            previous = bests
            let (value, uses) = evaluate(prices, bests: bests, split: split)
            steps += 1
            if value < best - 1e-9 { best = value; bestPrices = prices; bestSplit = split; sinceBetter = 0 } else { sinceBetter += 1 }
            if sinceBetter >= halvingAfter { theta /= 2; sinceBetter = 0 }
            // Each wish's credit moves, kind by kind, toward the member that kind's best team leaves out.
            if hasWishCredits { updateSplit(&split, bests: bests, step: Float(theta)) }
            // The direction is the subgradient 1 − uses clipped at −overuseClip (docs/teams.md §5): a
            // member in hundreds of the maximizing teams would otherwise fill the norm, and the step
            // would move no other price. Any λ ≥ 0 gives a valid bound, so the direction is free.
            var norm = 0.0
            for u in uses { let d = Self.direction(u); norm += d * d }
            if norm == 0 || value <= target { break }
            if let workBudget, work >= workBudget { break }
            // Polyak's step toward an aim between the known quality and the best bound so far
            // (`aimShare` of the way up from the known quality, docs/teams.md §5).
            let aim = target + Self.aimShare * (best - target)
            let step = theta * (value - aim) / norm
            for k in prices.indices { prices[k] = max(0, prices[k] - step * Self.direction(uses[k])) }
        }
        return (best, bestPrices, bestSplit, steps, false, work)
    }

    /// The share of its steps and work the first (wish-blind) pass of `slotBound` takes above
    /// `columnGenerationLimit` members with wishes. On the 10k rules roster (every rule on) the
    /// second pass from its prices ended at 79,205 after a quarter, 79,215 after half, 79,277 after
    /// all of them and 79,305 after a tenth (docs/performance.md, "Team bounds"), at 377 M units of
    /// work in all instead of 597 M.
    static let firstPassShare = 0.25

    /// Where a subgradient step aims: this share of the way from the quality known reachable
    /// (`target`, the constructed teams') up to the smallest bound so far. The constructed quality
    /// lies far below the optimum at 10,000 members (many-projects: 41.5k against teams of 49k and a
    /// bound of 54k), so aiming at it made every step 2–3 times too long; with 0.7, 40 steps end
    /// at 54,048 there against 54,265, and on the class of 10,000 at 143,263 against 147,504
    /// (docs/performance.md, "Team bounds"). Any aim gives valid bounds: only the step changes.
    static let aimShare = 0.7

    /// θ halves after this many steps without a new smallest bound. The bound falls mostly just
    /// after a halving (the aim lies far below the optimum at 10,000 members), so 2 reaches in 20
    /// steps what 3 reached in about 30: class-10000 144,003 against 144,516 at step 20,
    /// many-projects-10000 54,015 against 54,092 at step 40 (docs/performance.md, "Team bounds").
    /// Only above `exactClassesLimit` model members: at 1,000 members 2 took the bound the other
    /// way (the community roster with wishes, rules off: 4,374 → 4,446, gap 4.84% → 6.57%), so
    /// smaller rosters keep 3.
    var halvingAfter: Int { members.count > Self.exactClassesLimit ? 2 : 3 }

    /// Work (`DPScratch.work`) of one subgradient pass per eligible member of the roster: the
    /// steps stop at `iterations` or at this budget, whichever comes first. At 10,000 members 600
    /// million: 25 steps on the class shape (25 million a step), 36 on many-projects (7,800 eligible,
    /// 12.6 million a step), 40 on large-projects (docs/performance.md, "Team bounds"). A count, not a time.
    static let workPerMember = 60_000

    /// The work budget of one subgradient pass (`workPerMember` per eligible member).
    var workBudget: Int { Self.workPerMember * max(1, p.eligible.count) }

    /// Lowest component of a subgradient step's direction: a member used by u ≥ 2 maximizing teams
    /// counts as 1 − min(u, 1 + overuseClip). On many-projects of 10,000 members 40 steps end at
    /// 54,545 with it against 56,157 with the plain subgradient (docs/performance.md).
    static let overuseClip = 3.0

    /// The step direction for a member used by `uses` maximizing teams (1 − uses, clipped).
    static func direction(_ uses: Int) -> Double { max(-overuseClip, Double(1 - uses)) }

    /// A bound rounded down (quality is an integer; 10⁻⁶ absorbs rounding in the sums).
    static func floored(_ bound: Double) -> Int { Int((bound + 1e-6).rounded(.down)) }

    /// The slot bound and what it cost.
    struct Outcome {
        /// The smallest valid bound evaluated (nil when not one evaluation finished).
        var bound: Int?
        /// Column-generation rounds (master LPs) and subgradient steps done.
        var rounds = 0
        var steps = 0
        /// Column generation reached the LP over all team columns (the Dantzig–Wolfe bound).
        var converged = false
        /// The deadline cut it short (the bound is the best found by then).
        var cut = false
        /// The member prices of the smallest bound (nil when none finished).
        var prices: [Double]?
        /// Column generation's team columns (kind, then member positions), in the order they entered.
        var columns: [[Int32]] = []
    }

    /// `incumbent`'s teams as master-LP columns: (kind, member positions without the pitchers), in
    /// their order; teams of a kind not in the model or with a member outside it are left out.
    /// Shared by `columnGeneration` and `wishColumnGeneration`, whose first columns they are.
    func incumbentColumns(_ incumbent: [(project: Int?, members: [Int])]) -> [(kind: Int, positions: [Int32])] {
        var position = [Int32](repeating: -1, count: p.cohort.members.count)
        for (k, i) in members.enumerated() { position[i] = Int32(k) }
        var kindOf: [Int: Int] = [:]
        for (q, kind) in projectKinds.enumerated() { kindOf[kind.project!] = q }
        let free = projectKinds.count
        var result: [(kind: Int, positions: [Int32])] = []
        for team in incumbent {
            let q = team.project.map { kindOf[$0] ?? -1 } ?? (freeKind == nil ? -1 : free)
            guard q >= 0 else { continue }
            let pitchers = team.project.map { Set(p.cohort.projects[$0].members) } ?? []
            let positions = team.members.filter { !pitchers.contains($0) }.map { position[$0] }
            if !positions.contains(-1) { result.append((q, positions)) }
        }
        return result
    }

    /// The slot bound as reported (docs/teams.md §5): column generation up to `columnGenerationLimit`
    /// members (at most `rounds` master LPs of at most `iterations` simplex iterations each),
    /// started from `start` (member index → price) with `incumbent`'s teams as columns; then the
    /// subgradient (its steps fixed by size) when column generation is not run or stops short.
    /// Anytime: when `deadline` passes it returns the best bound evaluated by then.
    ///
    /// With `teammates` wishes (docs/teams.md §5, "wishes"): first the bound without them, as above,
    /// plus every wish that could be honoured (`wishesApart`); then, from its best prices raised by
    /// each member's credits, the wishes inside the teams: up to `columnGenerationLimit` members by
    /// column generation with the wishes as rows (`wishColumnGeneration`, from the first pass's
    /// columns), above it (or when that stops short) by subgradient steps with ν moving; the smaller
    /// is reported, so it is never above the first. Above the limit the first pass takes only
    /// `firstPassShare` of its steps and work.
    func slotBound(start: [Int: Double], incumbent: [(project: Int?, members: [Int])], target: Double,
                   solver: any LinearSolver, rounds: Int = Self.maxRounds, iterations: Int? = nil, threads: Int = 2,
                   deadline: Double? = nil, clock: Stopwatch = Stopwatch()) throws(SolverError) -> Outcome {
        guard hasWishCredits else {
            return try plainSlotBound(start: start, incumbent: incumbent, target: target, solver: solver, rounds: rounds,
                                      iterations: iterations, threads: threads, deadline: deadline, clock: clock)
        }
        let plain = withoutWishes
        let honoured = incumbent.reduce(0) { $0 + Int(TeamRules.wishScore) * p.rules.honouredWishes($1.members.map(Int32.init)) }
        // Above column generation's limit the first pass takes a quarter of the steps and work
        // (`firstPassShare`): the second pass, from its prices, ends lower than after all of them.
        let share = members.count > Self.columnGenerationLimit ? Self.firstPassShare : 1
        var outcome = try plain.plainSlotBound(start: start, incumbent: incumbent, target: target - Double(honoured), solver: solver,
                                               rounds: rounds, iterations: iterations, threads: threads, deadline: deadline, clock: clock,
                                               share: share)
        outcome.bound = outcome.bound.map { $0 + wishesApart }
        guard !outcome.cut, var prices = outcome.prices else { return outcome }
        // Each member's price raised by its credits at ν = ½ (and its largest pitcher credit): at
        // the start every team's value is at most its value without wishes.
        for arc in wishArcs {
            prices[Int(arc.a)] += Double(TeamRules.wishScore) / 2
            prices[Int(arc.b)] += Double(TeamRules.wishScore) / 2
        }
        var pitcherCredit = [Double](repeating: 0, count: members.count)
        for kind in projectKinds { for (k, c) in kind.pitcherCredit { pitcherCredit[Int(k)] = max(pitcherCredit[Int(k)], c) } }
        for k in prices.indices { prices[k] += pitcherCredit[k] }
        var startSplit = uniformSplit()
        if members.count <= Self.columnGenerationLimit {
            let generated = try wishColumnGeneration(incumbent: incumbent, columns: outcome.columns,
                                                     start: prices, split: startSplit, solver: solver, rounds: rounds,
                                                     iterations: iterations, threads: threads, deadline: deadline, clock: clock)
            outcome.rounds += generated.rounds
            prices = generated.prices
            startSplit = generated.split
            if generated.bound.isFinite, let apart = outcome.bound, Self.floored(generated.bound) < apart {
                outcome.bound = Self.floored(generated.bound)
                outcome.prices = generated.prices
            }
            outcome.converged = generated.converged
            if generated.cut { outcome.cut = true; return outcome }
            if generated.converged { return outcome }
        }
        let inside = subgradient(from: prices, split: startSplit, target: target, iterations: self.iterations, threads: threads,
                                 workBudget: workBudget,
                                 deadline: deadline, clock: clock)
        outcome.steps += inside.steps
        outcome.cut = inside.cut
        if inside.best.isFinite, let apart = outcome.bound, Self.floored(inside.best) < apart {
            outcome.bound = Self.floored(inside.best)
            outcome.prices = inside.prices
        }
        return outcome
    }

    /// The slot bound over the terms of `self` (`slotBound`, without the wishes' second pass).
    func plainSlotBound(start: [Int: Double], incumbent: [(project: Int?, members: [Int])], target: Double,
                        solver: any LinearSolver, rounds: Int, iterations: Int?, threads: Int,
                        deadline: Double?, clock: Stopwatch, share: Double = 1) throws(SolverError) -> Outcome {
        var outcome = Outcome()
        var best = Double.infinity
        // Without prices given, every member starts at the average quality per member of a known
        // answer (`target` over the members), and a few subgradient steps improve them.
        let uniform = target / Double(max(1, members.count))
        var prices = members.map { start.isEmpty ? uniform : max(0, start[$0] ?? 0) }
        var split: WishSplit?
        if members.count <= Self.columnGenerationLimit {
            if start.isEmpty {
                let warm = subgradient(from: prices, target: target, iterations: Self.warmUpSteps, threads: threads, deadline: deadline, clock: clock)
                outcome.steps = warm.steps
                best = warm.best
                prices = warm.prices
                outcome.prices = warm.prices
                split = warm.split
                if warm.cut {
                    outcome.cut = true
                    outcome.bound = best.isFinite ? Self.floored(best) : nil
                    if !best.isFinite { outcome.prices = nil }
                    return outcome
                }
            }
            let generated = try columnGeneration(incumbent: incumbent, start: prices, split: split, solver: solver, rounds: rounds,
                                                 iterations: iterations, threads: threads, deadline: deadline, clock: clock)
            if generated.bound < best { outcome.prices = generated.prices }
            best = min(best, generated.bound)
            prices = generated.prices
            outcome.rounds = generated.rounds
            outcome.converged = generated.converged
            outcome.cut = generated.cut
            outcome.columns = generated.columns
        }
        if !outcome.converged && !outcome.cut {
            let sub = subgradient(from: prices, split: split, target: target, iterations: max(1, Int(Double(self.iterations) * share)), threads: threads,
                                  workBudget: Int(Double(workBudget) * share),
                                  deadline: deadline, clock: clock)
            if sub.best < best { outcome.prices = sub.prices }
            best = min(best, sub.best)
            outcome.steps += sub.steps
            outcome.cut = sub.cut
        }
        outcome.bound = best.isFinite ? Self.floored(best) : nil
        if !best.isFinite { outcome.prices = nil }
        return outcome
    }
}

extension TeamLagrangianBound {
    /// The quality the bound gives a team of `kind` adding `positions` (needs beyond the first
    /// 8 uncovered counted as covered, as in `bestTeam`; avoided pairs not checked).
    func quality(_ kind: Kind, _ positions: [Int32]) -> Double {
        var stages = kind.fixedStages >> 1
        var needs: UInt8 = 0
        var score = 0
        for k in positions {
            stages |= 1 << Int(stageIndex[Int(k)])
            needs |= kind.needMask[Int(k)]
            score += Int(kind.score[Int(k)])
        }
        return Double(score + TeamProblem.stageScore * stages.nonzeroBitCount
                      + TeamProblem.needScore * (needs.nonzeroBitCount + kind.coveredNeeds) + idealTerm(kind.fixedCount + positions.count)
                      + wishes(kind, positions))
    }

    /// The `teammates` wishes a team of `kind` adding `positions` honours, 4 each (0 without them).
    func wishes(_ kind: Kind, _ positions: [Int32]) -> Int {
        guard hasWishCredits else { return 0 }
        var total = kind.fixedWishes
        for (k, credit) in kind.pitcherCredit where positions.contains(k) { total += Int(credit) }
        for arc in wishArcs where positions.contains(arc.a) && positions.contains(arc.b) { total += Int(TeamRules.wishScore) }
        return total
    }

    /// The `team_ideal` term of a team of `size` members (0 without the rule): the bound counts it
    /// exactly, as the size is known at each state of the dynamic programme (docs/teams.md §5).
    func idealTerm(_ size: Int) -> Int { p.rules.ideal == nil ? 0 : Int(p.rules.idealTerm(size: Int32(size))) }

    /// The largest `team_ideal` term a team of `kind` can have.
    func maxIdealTerm(_ kind: Kind) -> Int {
        guard p.rules.ideal != nil, kind.lo <= kind.hi else { return 0 }
        return (kind.lo...kind.hi).map(idealTerm).max() ?? 0
    }

    /// Prices by column generation (docs/teams.md §5): a restricted master LP over team columns
    /// (`Σ_{T∋k} x_T ≤ 1` per member, `Σ_{T of p} x_T ≤ 1` per project) solved by GLPK; its member
    /// duals are the prices, every class's best team at those prices is a new column when its
    /// reduced cost is positive. Each round's prices are evaluated with `evaluate`, so every
    /// number returned is a valid bound whatever GLPK answers; at convergence it is the master
    /// LP's optimum (the Lagrangian dual). `incumbent`: (project, members) of teams known valid,
    /// the first columns. Returns the smallest bound seen and the prices that gave it.
    func columnGeneration(incumbent: [(project: Int?, members: [Int])], start: [Double], split: WishSplit? = nil, solver: any LinearSolver,
                          rounds: Int, iterations: Int? = nil, threads: Int = 2, deadline: Double? = nil,
                          clock: Stopwatch = Stopwatch()) throws(SolverError) -> (bound: Double, prices: [Double], converged: Bool, rounds: Int, cut: Bool,
                                                                                  columns: [[Int32]]) {
        let m = members.count
        let kinds = self.kinds
        let free = projectKinds.count
        let split = split ?? (hasWishCredits ? initialSplit() : WishSplit(nu: []))

        var model = LinearModel(sense: .maximize)
        for _ in 0..<(m + projectKinds.count) {
            model.addConstraint(variables: [], coefficients: [], lowerBound: nil, upperBound: 1)
        }
        var seen = Set<[Int32]>()  // kind, then sorted positions
        var columns: [[Int32]] = []  // the same, in the order they entered
        func column(_ q: Int, _ positions: [Int32]) -> Column? {
            let sorted = positions.sorted()
            guard seen.insert([Int32(q)] + sorted).inserted else { return nil }
            columns.append([Int32(q)] + sorted)
            var rows = sorted.map { ConstraintID(index: Int($0)) }
            if q < free { rows.append(ConstraintID(index: m + q)) }
            return Column(VariableDefinition(lowerBound: 0, upperBound: nil), objective: quality(kinds[q], sorted),
                          constraints: rows, coefficients: rows.map { _ in 1 })
        }
        var first: [Column] = []
        for team in incumbentColumns(incumbent) {
            if let c = column(team.kind, team.positions) { first.append(c) }
        }
        let session = try solver.makeSession(for: model)
        if !first.isEmpty { try session.addColumns(first) }

        var best = Double.infinity
        var bestPrices = start.map { max(0, $0) }
        // The last master LP's member and project duals (none before the first solve).
        var memberDuals: [Double]?
        var projectDuals = [Double](repeating: 0, count: projectKinds.count)
        var converged = false
        var cut = false
        var alpha = Self.smoothing
        var round = 0
        while round <= rounds {
            // Price at a point between the best prices so far and the LP's duals (Wentges smoothing).
            let prices = memberDuals.map { lp in zip(bestPrices, lp).map { alpha * $0 + (1 - alpha) * $1 } } ?? bestPrices
            guard let bests = classBests(prices, split: split, threads: threads, deadline: deadline, clock: clock) else { cut = true; break }
            let value = evaluate(prices, bests: bests, split: split).bound
            if value < best { best = value; bestPrices = prices }
            guard round < rounds else { break }
            // Each class's best team enters when its reduced cost at the LP's duals is positive.
            var added: [Column] = []
            var pricedCount = 0
            for q in kinds.indices {
                var priced: [(rc: Double, members: [Int32])] = []
                for t in bests[q] {
                    guard let t else { continue }
                    var rc = t.value - (q < free ? projectDuals[q] : 0)
                    if let lp = memberDuals { for k in t.members { rc += prices[Int(k)] - lp[Int(k)] } }
                    if rc > 1e-6 { priced.append((rc, t.members)) }
                }
                // A project forms one team: its few best classes are enough per round.
                if q < free && priced.count > Self.columnsPerProject {
                    priced = Array(priced.enumerated().sorted { $0.element.rc > $1.element.rc || ($0.element.rc == $1.element.rc && $0.offset < $1.offset) }
                        .prefix(Self.columnsPerProject).map(\.element))
                }
                for t in priced { if let c = column(q, t.members) { added.append(c) } }
                pricedCount += priced.count
            }
            // With wishes the pricing overestimates (each member's credits, not the team's wishes): a
            // column priced again proves nothing, so column generation stops there, not converged.
            if added.isEmpty && pricedCount > 0 && hasWishCredits { break }
            if added.isEmpty {
                // Nothing at the smoothed point: price at the LP's duals themselves; nothing there = converged.
                if memberDuals != nil && alpha > 0 { alpha = 0; continue }
                if memberDuals != nil { converged = true; break }
                if session.variableCount == 0 { break }
            }
            alpha = Self.smoothing
            if !added.isEmpty { try session.addColumns(added) }
            round += 1
            let left = deadline.map { $0 - clock.seconds }
            if clock.passed(deadline) { cut = true; break }
            let result = try session.solve(options: SolveOptions(method: .simplex, timeLimit: left, simplexAlgorithm: .primal,
                                                                 iterationLimit: iterations))
            if result.termination == .timeLimit { cut = true }
            guard result.termination == .optimal, let duals = result.rowDuals else { break }
            memberDuals = (0..<m).map { max(0, duals[$0]) }
            projectDuals = projectKinds.indices.map { max(0, duals[m + $0]) }
        }
        return (best, bestPrices, converged, round, cut, columns)
    }
}

// MARK: teammates wishes inside the slot bound (docs/teams.md §5, "wishes")

extension TeamLagrangianBound {
    /// How each wish's 4 points are credited, per kind: a wish a → b honoured in a team T is
    /// `[a ∈ T][b ∈ T] ≤ ν [a ∈ T] + (1 − ν) [b ∈ T]` for any ν in [0, 1], so a team's wishes are at
    /// most the sum of its members' credits (4ν to a, 4(1 − ν) to b) and the dynamic programme, which
    /// values members one by one, stays an upper bound. ν is free per kind and wish: `nu[q · wishes + e]`.
    struct WishSplit: Sendable {
        var nu: [Float]
    }

    /// The same bound without the wishes (no credits).
    var withoutWishes: TeamLagrangianBound {
        var plain = self
        plain.wishArcs = []
        plain.wishTogether = []
        for q in plain.projectKinds.indices { plain.projectKinds[q].pitcherCredit = []; plain.projectKinds[q].fixedWishes = 0 }
        plain.hasWishCredits = false
        return plain
    }

    /// Every wish the bound could credit, 4 each: between model members, with a pitcher, between
    /// two pitchers of a project — at least the wishes of any answer.
    var wishesApart: Int {
        var total = Int(TeamRules.wishScore) * wishArcs.count
        for kind in projectKinds { total += kind.fixedWishes + Int(kind.pitcherCredit.reduce(0) { $0 + $1.credit }) }
        return total
    }

    /// `wishTogether` for `kinds`: per class, each wish whose two members it holds (O(Σ class sizes)).
    static func together(_ arcs: [(a: Int32, b: Int32)], kinds: [Kind], members m: Int) -> [Bool] {
        var touching = [[Int32]](repeating: [], count: m)  // per position: its wishes
        for (e, arc) in arcs.enumerated() {
            touching[Int(arc.a)].append(Int32(e))
            if arc.b != arc.a { touching[Int(arc.b)].append(Int32(e)) }
        }
        var result = [Bool](repeating: false, count: kinds.count * arcs.count)
        var stamp = [Int](repeating: -1, count: m)
        var mark = 0
        for (q, kind) in kinds.enumerated() {
            for c in kind.classes {
                mark += 1
                for k in c where !touching[Int(k)].isEmpty { stamp[Int(k)] = mark }
                for k in c where !touching[Int(k)].isEmpty {
                    for e in touching[Int(k)] {
                        let arc = arcs[Int(e)]
                        if stamp[Int(arc.a)] == mark && stamp[Int(arc.b)] == mark { result[q * arcs.count + Int(e)] = true }
                    }
                }
            }
        }
        return result
    }

    /// ν = ½ for every kind and wish.
    func uniformSplit() -> WishSplit { WishSplit(nu: [Float](repeating: 0.5, count: kinds.count * wishArcs.count)) }


    /// ν = ½ everywhere, except that a project kind credits a wish wholly to its member who can be
    /// on the project's team when the other cannot (not among the kind's candidates).
    func initialSplit() -> WishSplit {
        let arcs = wishArcs.count
        var nu = [Float](repeating: 0.5, count: kinds.count * arcs)
        guard arcs > 0 else { return WishSplit(nu: nu) }
        var candidate = [Bool](repeating: false, count: members.count)
        for (q, kind) in projectKinds.enumerated() {
            var list = kind.union
            for c in kind.classes { list += c }
            for k in list { candidate[Int(k)] = true }
            for (e, arc) in wishArcs.enumerated() {
                let a = candidate[Int(arc.a)], b = candidate[Int(arc.b)]
                if a != b { nu[q * arcs + e] = a ? 1 : 0 }
            }
            for k in list { candidate[Int(k)] = false }
        }
        return WishSplit(nu: nu)
    }

    /// Lowers `prices` (per position) by kind `q`'s wish credits at `split`; returns the positions changed.
    func credit(kind q: Int, split: WishSplit, into prices: inout [Double]) -> [Int32] {
        var touched: [Int32] = []
        if q < projectKinds.count {
            for (k, c) in projectKinds[q].pitcherCredit { prices[Int(k)] -= c; touched.append(k) }
        }
        let arcs = wishArcs.count, score = Double(TeamRules.wishScore)
        let apart = !wishTogether.isEmpty
        for (e, arc) in wishArcs.enumerated() {
            // A wish no class of the kind can honour needs no credit there.
            if apart && !wishTogether[q * arcs + e] { continue }
            let nu = Double(split.nu[q * arcs + e])
            prices[Int(arc.a)] -= score * nu
            prices[Int(arc.b)] -= score * (1 - nu)
            touched.append(arc.a)
            touched.append(arc.b)
        }
        return touched
    }

    /// One step on ν: in each kind, a wish of which the kind's best team (at the last evaluation)
    /// holds one member only moves its credit by `step` toward the other (every ν gives a valid bound).
    func updateSplit(_ split: inout WishSplit, bests: [[(value: Double, members: [Int32])?]], step: Float) {
        let arcs = wishArcs.count
        guard arcs > 0 else { return }
        var inTeam = [Bool](repeating: false, count: members.count)
        for q in kinds.indices {
            // A project's best team; for free teams, every class's best team of value above 0.
            var chosen: [Int32] = []
            if q < projectKinds.count {
                var best: (value: Double, members: [Int32])?
                for t in bests[q] { if let t, t.value > 0, best == nil || t.value > best!.value { best = t } }
                chosen = best?.members ?? []
            } else {
                for t in bests[q] { if let t, t.value > 0 { chosen += t.members } }
            }
            guard !chosen.isEmpty else { continue }
            for k in chosen { inTeam[Int(k)] = true }
            for (e, arc) in wishArcs.enumerated() {
                let a = inTeam[Int(arc.a)], b = inTeam[Int(arc.b)]
                guard a != b else { continue }
                let i = q * arcs + e
                split.nu[i] = a ? max(0, split.nu[i] - step) : min(1, split.nu[i] + step)
            }
            for k in chosen { inTeam[Int(k)] = false }
        }
    }
}

// MARK: column generation with the wishes as rows (docs/teams.md §5, "wishes")

extension TeamLagrangianBound {
    /// Column generation over the master LP with the wishes' split as rows: team columns valued
    /// without the wishes between model members, and per kind q and wish e = a → b that some class of
    /// q can honour (`wishTogether`) a variable y_qe worth 4 with
    ///
    ///     y_qe ≤ Σ_{T of q ∋ a} x_T        (dual α_qe)
    ///     y_qe ≤ Σ_{T of q ∋ b} x_T        (dual β_qe)
    ///
    /// Its dual is exactly the slot bound with the wishes credited: a column's reduced cost is its
    /// value less the member and project duals plus α to a and β to b, the credits of `WishSplit`
    /// with ν = α / (α + β) (α + β ≥ 4 in every dual solution; scaling the credits down to 4 only
    /// lowers the bound). So, as `columnGeneration` does for the plain bound, the LP proposes member
    /// prices and splits, and every number returned is `evaluate` at one of them — a valid bound
    /// whatever GLPK answers — and at convergence it is the smallest the wish credits allow.
    func wishColumnGeneration(incumbent: [(project: Int?, members: [Int])], columns known: [[Int32]] = [], start: [Double], split startSplit: WishSplit,
                              solver: any LinearSolver, rounds: Int, iterations: Int? = nil, threads: Int = 2,
                              deadline: Double? = nil, clock: Stopwatch = Stopwatch())
        throws(SolverError) -> (bound: Double, prices: [Double], split: WishSplit, converged: Bool, rounds: Int, cut: Bool) {
        let m = members.count
        let arcs = wishArcs.count
        let kinds = self.kinds
        let free = projectKinds.count
        // Per kind: its wishes with rows (e, row of the a side; the b side is the next row).
        var model = LinearModel(sense: .maximize)
        for _ in 0..<(m + projectKinds.count) {
            model.addConstraint(variables: [], coefficients: [], lowerBound: nil, upperBound: 1)
        }
        var wishRows = [[(e: Int, row: Int)]](repeating: [], count: kinds.count)
        var rowCount = m + projectKinds.count
        for q in kinds.indices {
            for e in 0..<arcs where wishTogether.isEmpty || wishTogether[q * arcs + e] {
                wishRows[q].append((e, rowCount))
                model.addConstraint(variables: [], coefficients: [], lowerBound: nil, upperBound: 0)
                model.addConstraint(variables: [], coefficients: [], lowerBound: nil, upperBound: 0)
                rowCount += 2
            }
        }
        var seen = Set<[Int32]>()
        // A team's value without the wishes between model members (they are the y's), and its entries.
        func column(_ q: Int, _ positions: [Int32]) -> Column? {
            let sorted = positions.sorted()
            guard seen.insert([Int32(q)] + sorted).inserted else { return nil }
            var entries = sorted.map { (ConstraintID(index: Int($0)), 1.0) }
            if q < free { entries.append((ConstraintID(index: m + q), 1)) }
            var honoured = 0
            for (e, row) in wishRows[q] {
                let arc = wishArcs[e]
                let a = sorted.contains(arc.a), b = sorted.contains(arc.b)
                if a { entries.append((ConstraintID(index: row), -1)) }
                if b { entries.append((ConstraintID(index: row + 1), -1)) }
                if a && b { honoured += 1 }
            }
            let objective = quality(kinds[q], sorted) - Double(Int(TeamRules.wishScore) * honoured)
            return Column(VariableDefinition(lowerBound: 0, upperBound: nil), objective: objective, entries: entries)
        }
        var first: [Column] = []
        for q in kinds.indices {
            for (_, row) in wishRows[q] {
                first.append(Column(VariableDefinition(lowerBound: 0, upperBound: nil), objective: Double(TeamRules.wishScore),
                                    entries: [(ConstraintID(index: row), 1), (ConstraintID(index: row + 1), 1)]))
            }
        }
        for team in incumbentColumns(incumbent) {
            if let c = column(team.kind, team.positions) { first.append(c) }
        }
        // Columns of an earlier column generation without the wishes (`slotBound`'s first pass).
        for entry in known where !entry.isEmpty {
            if let c = column(Int(entry[0]), Array(entry.dropFirst())) { first.append(c) }
        }
        let session = try solver.makeSession(for: model)
        if !first.isEmpty { try session.addColumns(first) }

        var best = Double.infinity
        var bestPrices = start.map { max(0, $0) }
        var bestSplit = startSplit
        var memberDuals: [Double]?
        var lpSplit = startSplit
        var projectDuals = [Double](repeating: 0, count: projectKinds.count)
        var wishDuals = [[(alpha: Double, beta: Double)]](repeating: [], count: kinds.count)
        var converged = false
        var cut = false
        var alpha = Self.smoothing
        var round = 0
        while round <= rounds {
            let prices = memberDuals.map { lp in zip(bestPrices, lp).map { alpha * $0 + (1 - alpha) * $1 } } ?? bestPrices
            var split = bestSplit
            if memberDuals != nil {
                for i in split.nu.indices { split.nu[i] = Float(alpha) * bestSplit.nu[i] + Float(1 - alpha) * lpSplit.nu[i] }
            }
            guard let bests = classBests(prices, split: split, threads: threads, deadline: deadline, clock: clock) else { cut = true; break }
            let value = evaluate(prices, bests: bests, split: split).bound
            if value < best { best = value; bestPrices = prices; bestSplit = split }
            guard round < rounds else { break }
            // A class's best team enters when its reduced cost at the LP's duals is positive.
            var added: [Column] = []
            for q in kinds.indices {
                var priced: [(rc: Double, members: [Int32])] = []
                for t in bests[q] {
                    guard let t else { continue }
                    var rc: Double
                    if let lp = memberDuals {
                        let sorted = t.members.sorted()
                        var honoured = 0
                        for (e, _) in wishRows[q] where sorted.contains(wishArcs[e].a) && sorted.contains(wishArcs[e].b) { honoured += 1 }
                        rc = quality(kinds[q], sorted) - Double(Int(TeamRules.wishScore) * honoured) - (q < free ? projectDuals[q] : 0)
                        for k in sorted { rc -= lp[Int(k)] }
                        for (index, (e, _)) in wishRows[q].enumerated() {
                            if sorted.contains(wishArcs[e].a) { rc += wishDuals[q][index].alpha }
                            if sorted.contains(wishArcs[e].b) { rc += wishDuals[q][index].beta }
                        }
                    } else {
                        rc = t.value
                    }
                    if rc > 1e-6 { priced.append((rc, t.members)) }
                }
                if q < free && priced.count > Self.columnsPerProject {
                    priced = Array(priced.enumerated().sorted { $0.element.rc > $1.element.rc || ($0.element.rc == $1.element.rc && $0.offset < $1.offset) }
                        .prefix(Self.columnsPerProject).map(\.element))
                }
                for t in priced { if let c = column(q, t.members) { added.append(c) } }
            }
            if added.isEmpty {
                if memberDuals != nil && alpha > 0 { alpha = 0; continue }
                if memberDuals != nil { converged = true; break }
            }
            alpha = Self.smoothing
            if !added.isEmpty { try session.addColumns(added) }
            round += 1
            let left = deadline.map { $0 - clock.seconds }
            if let left, left <= 0 { cut = true; break }
            let result = try session.solve(options: SolveOptions(method: .simplex, timeLimit: left, simplexAlgorithm: .primal,
                                                                 iterationLimit: iterations))
            if result.termination == .timeLimit { cut = true }
            guard result.termination == .optimal, let duals = result.rowDuals else { break }
            memberDuals = (0..<m).map { max(0, duals[$0]) }
            projectDuals = projectKinds.indices.map { max(0, duals[m + $0]) }
            for q in kinds.indices {
                wishDuals[q] = wishRows[q].map { (e, row) in
                    let a = max(0, duals[row]), b = max(0, duals[row + 1])
                    let nu: Float = a + b > 1e-9 ? Float(a / (a + b)) : 0.5
                    lpSplit.nu[q * arcs + e] = nu
                    return (a, b)
                }
            }
        }
        return (best, bestPrices, bestSplit, converged, round, cut)
    }
}
