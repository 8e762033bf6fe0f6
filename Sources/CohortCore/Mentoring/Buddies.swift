import Dispatch

/// The hard rules of a buddy pair (SPEC §3.3): a trial newcomer and an active
/// member at least `buddy_stage_gap` stages ahead who share a window of at
/// least `buddy_minutes` and do not avoid each other.
public struct BuddyRules: Sendable {
    public let policy: Policy
    /// Slots the daily check-in window needs.
    public let windowSlots: Int

    public init(policy: Policy) {
        self.policy = policy
        windowSlots = Week.slotCount(minutes: policy.buddyMinutes)
    }

    /// Why a buddy pair is not allowed, in the order the rules are checked.
    public enum Violation: Sendable, Hashable {
        case newcomerNotEligible
        case buddyNotEligible
        case sameMember
        case stageGap
        case noCommonWindow
        case avoided
    }

    /// Whether `m` is a newcomer who needs a buddy (status trial).
    public func isNewcomer(_ m: Member) -> Bool { m.status == .trial }

    /// Whether `m` may be a buddy (active).
    public func isBuddy(_ m: Member) -> Bool { m.isActive }

    /// The first rule the pair breaks, or nil when it is allowed.
    public func violation(newcomer i: Int, buddy j: Int, in cohort: Cohort) -> Violation? {
        let a = cohort.members[i], b = cohort.members[j]
        if !isNewcomer(a) { return .newcomerNotEligible }
        if !isBuddy(b) { return .buddyNotEligible }
        if i == j { return .sameMember }
        if b.stage.rawValue - a.stage.rawValue < policy.buddyStageGap { return .stageGap }
        if !a.availability.starts(length: windowSlots).intersects(b.availability.starts(length: windowSlots)) { return .noCommonWindow }
        if cohort.avoids(i, j) { return .avoided }
        return nil
    }

    /// Interests the newcomer shares with the buddy: the newcomer's interests
    /// that the buddy has as a skill or as an interest.
    public static func sharedCount(newcomer a: Member, buddy b: Member) -> Int {
        var n = 0
        for t in a.interests where b.skills.contains(t) || b.interests.contains(t) { n += 1 }
        return n
    }

    /// The quality of an allowed pair: 10 per shared interest (up to 3) and
    /// one per common hour (up to 8). See docs/mentoring.md.
    public static func quality(shared: Int, commonSlots: Int) -> Int32 {
        Int32(10 * min(shared, 3) + min(commonSlots / 4, 8))
    }
}

/// A buddy chosen for a trial newcomer.
/// The schedule places their daily check-ins.
public struct BuddyPair: Sendable, Hashable {
    /// Member indices.
    public var newcomer: Int
    public var buddy: Int
    /// The pair's quality (docs/mentoring.md); 0 when not known.
    public var quality: Int

    public init(newcomer: Int, buddy: Int, quality: Int = 0) {
        self.newcomer = newcomer
        self.buddy = buddy
        self.quality = quality
    }
}

/// The candidate graph of the buddies: people = trial newcomers in member
/// order, partners = active members (capacity `max_buddies`). A newcomer with
/// very many candidates keeps only the best `limit` (see `Buddies`).
public struct BuddyCandidates: Sendable, TruncatedCandidates {
    public let graph: PairingGraph
    /// Per person position: whether candidates were left out of the graph.
    public let truncated: [Bool]

    /// Builds the graph; `limit` nil keeps every candidate.
    public init(cohort: Cohort, limit: Int? = Buddies.candidatesPerNewcomer, threads: Int = 2) {
        let rules = BuddyRules(policy: cohort.policy)
        var newcomers: [Int32] = [], buddies: [Int32] = []
        for (i, m) in cohort.members.enumerated() {
            if rules.isNewcomer(m) { newcomers.append(Int32(i)) }
            if rules.isBuddy(m) && cohort.policy.maxBuddies > 0 { buddies.append(Int32(i)) }
        }
        let index = BuddyIndex(cohort: cohort, buddies: buddies, rules: rules)
        var rows = [Row](repeating: Row(), count: newcomers.count)
        BuddyCandidates.search(index, newcomers: newcomers, positions: Array(newcomers.indices), limit: limit, threads: threads, into: &rows)
        self.init(rows: rows, newcomers: newcomers, buddies: buddies, maxBuddies: cohort.policy.maxBuddies)
        self.index = index
        self.rows = rows
    }

    /// Candidates of one newcomer.
    struct Row: Sendable {
        var partner: [Int32] = []
        var quality: [Int32] = []
        var truncated = false
    }

    private var index: BuddyIndex?
    private var rows: [Row] = []

    private init(rows: [Row], newcomers: [Int32], buddies: [Int32], maxBuddies: Int) {
        graph = PairingGraph(people: newcomers, partners: buddies, places: maxBuddies, rows: rows, extraPlaceCost: Buddies.extraNewcomerCost)
        truncated = rows.map(\.truncated)
    }

    /// The same graph with every candidate of the people at `positions` (no limit).
    func widened(_ positions: [Int], threads: Int) -> BuddyCandidates {
        guard let index else { return self }
        var rows = self.rows
        BuddyCandidates.search(index, newcomers: graph.people, positions: positions, limit: nil, threads: threads, into: &rows)
        var result = BuddyCandidates(rows: rows, newcomers: graph.people, buddies: graph.partners, maxBuddies: Int(graph.capacity.first ?? 0))
        result.index = index
        result.rows = rows
        return result
    }

    private static func search(_ index: BuddyIndex, newcomers: [Int32], positions: [Int], limit: Int?, threads: Int, into rows: inout [Row]) {
        let chunkCount = max(1, min(threads * 4, positions.count / 128 + 1))
        let chunkSize = (positions.count + chunkCount - 1) / chunkCount
        let results = UnsafeMutableBufferPointer<[Row]>.allocate(capacity: chunkCount)
        results.initialize(repeating: [])
        defer { results.deinitialize(); results.deallocate() }
        let shared = SendableBuffer(results)
        DispatchQueue.concurrentPerform(iterations: chunkCount) { c in
            let lo = c * chunkSize, hi = min(positions.count, lo + chunkSize)
            var out: [Row] = []
            if lo < hi {
                var scratch = index.makeScratch()
                for k in lo..<hi {
                    out.append(index.candidates(of: Int(newcomers[positions[k]]), limit: limit, scratch: &scratch))
                }
            }
            shared.buffer[c] = out
        }
        for c in 0..<chunkCount {
            let lo = c * chunkSize
            for (t, row) in results[c].enumerated() { rows[positions[lo + t]] = row }
        }
    }
}

/// Buddies for trial newcomers (SPEC §3.3): as many newcomers with a buddy as
/// possible, then the best quality (shared interests, common hours), each
/// buddy taking at most `max_buddies` newcomers. Solved with `PairingSolver`.
///
/// A newcomer keeps only the best `candidatesPerNewcomer` candidates (ties
/// spread by a per-newcomer rotation), so 100k-member rosters stay small. The
/// count stays exact: König's cover of the cut graph is checked against the
/// left-out pairs, and newcomers it does not cover get all their candidates
/// back until it does. The quality is then proven only against a simple bound
/// (the best candidate of each newcomer); see docs/mentoring.md.
public struct Buddies: Sendable {
    /// Candidates kept per newcomer before the cover check.
    public static let candidatesPerNewcomer = 32
    /// The cost of a buddy's second (and later) newcomer.
    public static let extraNewcomerCost: Int32 = 10

    /// In newcomer order.
    public var pairs: [BuddyPair]
    /// Trial members without a buddy, in member order.
    public var withoutBuddy: [Int]
    /// Phase 1: newcomers given a buddy (proven maximum over all candidates).
    public var cardinality: PhaseOutcome
    /// Phase 2: total quality minus load cost.
    public var quality: PhaseOutcome
    /// The graph solved.
    public var candidates: BuddyCandidates

    /// The buddy of `newcomer` (a member index), if any.
    public func buddy(of newcomer: Int) -> Int? {
        pairs.element(where: \.newcomer, is: newcomer)?.buddy
    }

    public static func solve(cohort: Cohort, solver: any LinearSolver, timeLimit: Double? = nil, threads: Int = 2,
                             limit: Int? = candidatesPerNewcomer) throws(SolverError) -> Buddies {
        let (candidates, widened) = BuddyCandidates(cohort: cohort, limit: limit, threads: threads).widenedUntilCovered(threads: threads)
        let g = candidates.graph
        let solution = try PairingSolver.solve(g, solver: solver, timeLimit: timeLimit, threads: threads)
        var pairs: [BuddyPair] = []
        var without: [Int] = []
        for (k, e) in solution.chosenPair.enumerated() {
            if e < 0 {
                without.append(Int(g.people[k]))
            } else {
                pairs.append(BuddyPair(newcomer: Int(g.people[k]), buddy: Int(g.partners[Int(g.partner[e])]), quality: Int(g.quality[e])))
            }
        }
        var cardinality = solution.cardinality
        cardinality.details.append(("widened_newcomers", widened))
        let quality = boundedQuality(solution, graph: g, truncated: candidates.truncated, limit: limit)
        return Buddies(pairs: pairs, withoutBuddy: without, cardinality: cardinality, quality: quality, candidates: candidates)
    }
}

/// Indexes over the possible buddies: stage and tag (skill or interest) as
/// bitsets over them, availability as a coarse mask then the exact slots.
struct BuddyIndex: Sendable {
    let cohort: Cohort
    let rules: BuddyRules
    let buddies: [Int32]
    let atLeastStage: [[UInt64]]
    /// Buddies with the tag as a skill or an interest.
    let byTag: [[UInt64]]
    /// When each buddy can meet for a check-in.
    let meeting: MeetingIndex
    let wordCount: Int

    init(cohort: Cohort, buddies: [Int32], rules: BuddyRules) {
        self.cohort = cohort
        self.rules = rules
        self.buddies = buddies
        let n = buddies.count
        wordCount = (n + 63) / 64
        var byTag = [MentorBits](repeating: MentorBits(count: n), count: cohort.tags.count)
        var byStage = [MentorBits](repeating: MentorBits(count: n), count: 6)
        for (p, i) in buddies.enumerated() {
            let m = cohort.members[Int(i)]
            for t in m.skills { byTag[Int(t.index)].insert(p) }
            for t in m.interests { byTag[Int(t.index)].insert(p) }
            for s in 1...m.stage.rawValue { byStage[s].insert(p) }
        }
        meeting = MeetingIndex(partners: buddies, cohort: cohort, slots: rules.windowSlots)
        self.byTag = byTag.map(\.words)
        atLeastStage = byStage.map(\.words)
    }

    struct Scratch {
        /// At least one, two, three shared tags.
        var ge1: [UInt64], ge2: [UInt64], ge3: [UInt64]
        var found: [(quality: Int32, order: Int, position: Int32)] = []
    }

    func makeScratch() -> Scratch {
        let z = [UInt64](repeating: 0, count: wordCount)
        return Scratch(ge1: z, ge2: z, ge3: z)
    }

    /// The allowed buddies of newcomer `i`: all of them (in buddy order) when
    /// `limit` is nil, else the best `limit` by quality, ties broken by a
    /// rotation of the buddy order that depends on the newcomer.
    func candidates(of i: Int, limit: Int?, scratch: inout Scratch) -> BuddyCandidates.Row {
        var row = BuddyCandidates.Row()
        let a = cohort.members[i]
        let minStage = max(1, a.stage.rawValue + rules.policy.buddyStageGap)
        guard minStage <= 5, wordCount > 0 else { return row }
        let stageBits = atLeastStage[minStage]
        // Bit-sliced counters of shared tags (capped at 3).
        for w in 0..<wordCount { scratch.ge1[w] = 0; scratch.ge2[w] = 0; scratch.ge3[w] = 0 }
        for t in a.interests where Int(t.index) < byTag.count {
            let bits = byTag[Int(t.index)]
            for w in 0..<wordCount {
                let b = bits[w]
                scratch.ge3[w] |= scratch.ge2[w] & b
                scratch.ge2[w] |= scratch.ge1[w] & b
                scratch.ge1[w] |= b
            }
        }
        let key = MeetingIndex.key(a.availability, length: rules.windowSlots)
        let rotation = limit == nil ? 0 : Int(BuddyIndex.mix(UInt64(i)) % UInt64(wordCount))
        scratch.found.removeAll(keepingCapacity: true)
        var order = 0
        var stopped = false
        var atTierTopOrAbove = 0  // found with quality ≥ the current tier's maximum
        tiers: for tier in stride(from: 3, through: 0, by: -1) {
            let tierMax = Int32(10 * tier + 8)
            atTierTopOrAbove = scratch.found.count
            if let limit, atTierTopOrAbove >= limit {
                stopped = true
                break
            }
            for step in 0..<wordCount {
                let w = (rotation + step) % wordCount
                var bits = stageBits[w]
                switch tier {
                case 3: bits &= scratch.ge3[w]
                case 2: bits &= scratch.ge2[w] & ~scratch.ge3[w]
                case 1: bits &= scratch.ge1[w] & ~scratch.ge2[w]
                default: bits &= ~scratch.ge1[w]
                }
                while bits != 0 {
                    let p = w * 64 + bits.trailingZeroBitCount
                    bits &= bits - 1
                    if !meeting.canMeet(p, key) { continue }
                    let j = Int(buddies[p])
                    if j == i || cohort.avoids(i, j) { continue }
                    let common = a.availability.intersectionCount(cohort.members[j].availability)
                    let q = BuddyRules.quality(shared: tier, commonSlots: common)
                    scratch.found.append((q, order, Int32(p)))
                    order += 1
                    if q == tierMax { atTierTopOrAbove += 1 }
                    if let limit, atTierTopOrAbove >= limit {
                        stopped = true
                        break tiers
                    }
                }
            }
        }
        if let limit, stopped || scratch.found.count > limit {
            scratch.found.sort { $0.quality > $1.quality || ($0.quality == $1.quality && $0.order < $1.order) }
            for f in scratch.found.prefix(limit) {
                row.partner.append(f.position)
                row.quality.append(f.quality)
            }
            // An early stop may have left candidates unseen: count it as cut.
            row.truncated = true
        } else {
            scratch.found.sort { $0.position < $1.position }
            for f in scratch.found {
                row.partner.append(f.position)
                row.quality.append(f.quality)
            }
        }
        return row
    }

    /// SplitMix64's finalizer: a fixed, well-spread hash.
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension PairingGraph {
    /// A graph from one row of pairs per person, every partner offering `places`.
    init(people: [Int32], partners: [Int32], places: Int, rows: [BuddyCandidates.Row], extraPlaceCost: Int32) {
        var offsets = [0]
        offsets.reserveCapacity(rows.count + 1)
        var partner: [Int32] = [], quality: [Int32] = []
        for r in rows {
            partner += r.partner
            quality += r.quality
            offsets.append(partner.count)
        }
        self.init(people: people, partners: partners, capacity: [Int32](repeating: Int32(places), count: partners.count),
                  offsets: offsets, partner: partner, quality: quality, extraPlaceCost: extraPlaceCost)
    }
}

extension BuddyIndex: TieredPartnerIndex {
    var partners: [Int32] { buddies }
    var minimumTier: Int { 0 }

    /// A newcomer's side of the tiered search.
    struct TierScratch {
        var i = -1
        var stage = 6
        /// Buddies sharing at least one, two, three of the newcomer's interests.
        var ge1: [UInt64], ge2: [UInt64], ge3: [UInt64]
        var key = MeetingIndex.Key(starts: WeekSlots(), coarse: (0, 0))
    }

    func makeTierScratch() -> TierScratch {
        let z = [UInt64](repeating: 0, count: wordCount)
        return TierScratch(ge1: z, ge2: z, ge3: z)
    }

    func prepare(_ i: Int, excluded: Int, scratch s: inout TierScratch) -> Bool {
        let a = cohort.members[i]
        s.i = i
        s.stage = max(1, a.stage.rawValue + rules.policy.buddyStageGap)
        guard s.stage <= 5 else { return false }
        for w in 0..<wordCount { s.ge1[w] = 0; s.ge2[w] = 0; s.ge3[w] = 0 }
        for t in a.interests where Int(t.index) < byTag.count {
            let bits = byTag[Int(t.index)]
            for w in 0..<wordCount {
                let b = bits[w]
                s.ge3[w] |= s.ge2[w] & b
                s.ge2[w] |= s.ge1[w] & b
                s.ge1[w] |= b
            }
        }
        s.key = MeetingIndex.key(a.availability, length: rules.windowSlots)
        return true
    }

    func scan(tier: Int, rotation: Int, restrict: [UInt64]?, scratch s: inout TierScratch, _ body: (Int, Int32) -> Void) {
        let stageBits = atLeastStage[s.stage]
        let a = cohort.members[s.i]
        for step in 0..<wordCount {
            let w = (rotation + step) % wordCount
            var bits = stageBits[w] & (restrict?[w] ?? ~0)
            switch tier {
            case 3: bits &= s.ge3[w]
            case 2: bits &= s.ge2[w] & ~s.ge3[w]
            case 1: bits &= s.ge1[w] & ~s.ge2[w]
            default: bits &= ~s.ge1[w]
            }
            while bits != 0 {
                let p = w * 64 + bits.trailingZeroBitCount
                bits &= bits - 1
                if !meeting.canMeet(p, s.key) { continue }
                let j = Int(buddies[p])
                if j == s.i || cohort.avoids(s.i, j) { continue }
                body(p, BuddyRules.quality(shared: tier, commonSlots: a.availability.intersectionCount(cohort.members[j].availability)))
            }
        }
    }
}
