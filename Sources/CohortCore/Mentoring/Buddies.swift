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

    /// The highest quality a pair can have.
    public static let maximumQuality: Int32 = quality(shared: 3, commonSlots: Week.slots)
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
/// order, partners = active members (capacity `max_buddies`). On large
/// rosters a newcomer keeps their best `limit` and the rest are found by
/// `pricing` when the solve needs them (docs/mentoring.md §5).
public struct BuddyCandidates: Sendable {
    public let graph: PairingGraph
    /// Per person position: whether candidates were left out of the graph.
    public let truncated: [Bool]
    /// Finds the pairs left out (nil: none was).
    let pricing: CandidatePricing<BuddyIndex>?

    /// Every pair up to about 3 million newcomer × buddy combinations, the
    /// best `Buddies.candidatesPerNewcomer` per newcomer above.
    public static func storedLimit(for cohort: Cohort) -> Int? {
        let rules = BuddyRules(policy: cohort.policy)
        let newcomers = cohort.members.count(where: rules.isNewcomer)
        return newcomers * cohort.members.count(where: rules.isBuddy) > 3_000_000 ? Buddies.candidatesPerNewcomer : nil
    }

    /// Builds the graph; `limit` nil keeps every candidate.
    public init(cohort: Cohort, limit: Int?, threads: Int = 2) {
        let rules = BuddyRules(policy: cohort.policy)
        var newcomers: [Int32] = [], buddies: [Int32] = []
        for (i, m) in cohort.members.enumerated() {
            if rules.isNewcomer(m) { newcomers.append(Int32(i)) }
            if rules.isBuddy(m) && cohort.policy.maxBuddies > 0 { buddies.append(Int32(i)) }
        }
        let index = BuddyIndex(cohort: cohort, buddies: buddies, rules: rules)
        let people = newcomers
        let rows = CandidatePricing<BuddyIndex>.chunks(newcomers.count, threads).parallelMap(threads: threads) { range in
            var out: [Row] = []
            if let limit {
                var scratch = index.makeTierScratch()
                var found: [FoundCandidate] = []
                for k in range { out.append(index.best(of: Int(people[k]), excluded: -1, limit: limit, bonus: nil, scratch: &scratch, found: &found)) }
            } else {
                var scratch = index.makeTierScratch()
                for k in range { out.append(index.all(of: Int(people[k]), excluded: -1, bonus: nil, scratch: &scratch)) }
            }
            return out
        }.flatMap { $0.get() }
        graph = PairingGraph(people: newcomers, partners: buddies, places: cohort.policy.maxBuddies, rows: rows, extraPlaceCost: Buddies.extraNewcomerCost)
        truncated = rows.map(\.truncated)
        pricing = truncated.contains(true) ? CandidatePricing(index: index, people: newcomers, leftOut: rows.map(\.leftOut)) : nil
    }

    private init(graph: PairingGraph, truncated: [Bool], pricing: CandidatePricing<BuddyIndex>?) {
        self.graph = graph
        self.truncated = truncated
        self.pricing = pricing
    }

    /// The candidates a solve ended with: `network` (this graph and every pair priced in).
    func solved(_ network: PairingGraph) -> BuddyCandidates {
        BuddyCandidates(graph: network, truncated: truncated, pricing: pricing)
    }

    /// Candidates of one newcomer.
    struct Row: Sendable {
        var partner: [Int32] = []
        var quality: [Int32] = []
        var truncated = false
        /// Per tier, the highest quality (bonus excluded) a candidate left
        /// out of the row can have; -1: none was left out at that tier.
        var leftOut = SIMD4<Int8>(repeating: -1)
    }
}

/// Buddies for trial newcomers (SPEC §3.3): as many newcomers with a buddy as
/// possible, then the best quality (shared interests, common hours), each
/// buddy taking at most `max_buddies` newcomers, over every candidate pair
/// (`PairingProblem`: the network simplex, pricing the candidates a large
/// roster leaves out of the stored graph, GLPK certifying). docs/mentoring.md §5.
public struct Buddies: Sendable {
    /// Candidates kept per newcomer in the stored graph on large rosters.
    public static let candidatesPerNewcomer = 8
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
    /// The graph solved (stored candidates and those priced in).
    public var candidates: BuddyCandidates

    /// The buddy of `newcomer` (a member index), if any.
    public func buddy(of newcomer: Int) -> Int? {
        pairs.element(where: \.newcomer, is: newcomer)?.buddy
    }

    /// `limit`: candidates each newcomer keeps in the stored graph (nil:
    /// all; by default it depends on the roster's size).
    public static func solve(cohort: Cohort, solver: any LinearSolver, timeLimit: Double? = nil, threads: Int = 2,
                             limit: Int?? = nil) throws(SolverError) -> Buddies {
        let clock = Stopwatch()
        let candidates = BuddyCandidates(cohort: cohort, limit: limit ?? BuddyCandidates.storedLimit(for: cohort), threads: threads)
        var problem = PairingProblem(graph: candidates.graph, pricing: candidates.pricing, qualityCap: BuddyRules.maximumQuality,
                                     timeLimit: timeLimit, threads: threads)
        problem.optimize()
        try problem.certify(solver: solver)
        let solution = problem.solution()
        let g = solution.graph
        var pairs: [BuddyPair] = []
        var without: [Int] = []
        for (k, e) in solution.chosenPair.enumerated() {
            if e < 0 {
                without.append(Int(g.people[k]))
            } else {
                pairs.append(BuddyPair(newcomer: Int(g.people[k]), buddy: Int(g.partners[Int(g.partner[e])]), quality: Int(g.quality[e])))
            }
        }
        // Seconds of the whole phase: candidates and count, then everything after.
        var cardinality = solution.cardinality, quality = solution.quality
        cardinality.seconds = (clock.seconds - problem.clock.seconds) + problem.cardinalitySeconds
        quality.seconds = clock.seconds - cardinality.seconds
        return Buddies(pairs: pairs, withoutBuddy: without, cardinality: cardinality, quality: quality, candidates: candidates.solved(g))
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
        var availability = WeekSlots()
        /// The newcomer's avoid list (symmetric in a `Cohort`: no buddy's record is read).
        var avoid: [Int] = []
        /// Buddies sharing at least one, two, three of the newcomer's interests.
        var ge1: [UInt64], ge2: [UInt64], ge3: [UInt64]
        var key = MeetingIndex.Key(starts: WeekSlots(), coarse: (0, 0))
    }

    func makeTierScratch() -> TierScratch {
        let z = [UInt64](repeating: 0, count: wordCount)
        return TierScratch(ge1: z, ge2: z, ge3: z)
    }

    func prepare(_ i: Int, excluded: Int, scratch s: inout TierScratch) -> Bool {
        s.i = i
        s.availability = cohort.members[i].availability
        s.avoid = cohort.members[i].avoid
        s.stage = max(1, cohort.members[i].stage.rawValue + rules.policy.buddyStageGap)
        guard s.stage <= 5 else { return false }
        countSharedTags(cohort.members[i].interests.lazy.map { Int($0.index) }, byTag: byTag, wordCount: wordCount, ge1: &s.ge1, ge2: &s.ge2, ge3: &s.ge3)
        s.key.set(s.availability, length: rules.windowSlots)
        return true
    }

    func scan(tier: Int, rotation: Int, restrict: [UInt64]?, words list: [Int32]?, scratch s: inout TierScratch, _ body: (Int, Int32) -> Void) {
        let me = s.i
        let avoid = s.avoid, avoids = !avoid.isEmpty
        meeting.scan(tier: tier, allowed: atLeastStage[s.stage], restrict: restrict, words: list, rotation: rotation, wordCount: wordCount,
                     ge1: s.ge1, ge2: s.ge2, ge3: s.ge3, key: s.key) { p, common in
            let j = Int(buddies[p])
            if j == me || (avoids && avoid.contains(j)) { return }
            body(p, BuddyRules.quality(shared: tier, commonSlots: common))
        }
    }
}
