/// An index over the partners of a pairing (mentors, backup mentors,
/// buddies) that finds a person's allowed partners one **tier** at a time —
/// tier t = partners sharing min(shared interests, 3) = t — among a set of
/// partners given as bits, applying every hard rule exactly (docs/mentoring.md
/// §1, §5). A pair of tier t that is not one of the person's preferred
/// mentors is worth at most `tierCap(t)`; that bound is what lets a search
/// stop early and lets pricing skip whole tiers of partners.
protocol TieredPartnerIndex: Sendable {
    associatedtype TierScratch
    /// Partners (member indices), by position.
    var partners: [Int32] { get }
    var wordCount: Int { get }
    /// Lowest tier a pair can have (1 when a shared interest is required).
    var minimumTier: Int { get }
    func makeTierScratch() -> TierScratch
    /// Readies the search for member `i`; `excluded` is a member never to
    /// pair with (a backup's primary mentor), -1 for none. False when no
    /// partner can pass the stage rule.
    func prepare(_ i: Int, excluded: Int, scratch: inout TierScratch) -> Bool
    /// Calls `body(position, quality)` for every allowed partner of the
    /// prepared member at `tier` whose bit is set in `restrict` (nil: all),
    /// starting at word `rotation` and wrapping — or, when `words` is given,
    /// only in those words of the bitsets, in that order.
    func scan(tier: Int, rotation: Int, restrict: [UInt64]?, words: [Int32]?, scratch: inout TierScratch, _ body: (Int, Int32) -> Void)
    /// Partners that are always kept (a mentee's preferred mentors who pass
    /// every rule), with their quality; empty by default.
    func forced(scratch: inout TierScratch) -> [(position: Int32, quality: Int32)]
    /// The highest quality of a pair at `tier` that is not forced.
    func tierCap(_ tier: Int) -> Int32
}

extension TieredPartnerIndex {
    /// Every word of the bitsets, from `rotation` (see the requirement).
    @inline(__always)
    func scan(tier: Int, rotation: Int, restrict: [UInt64]?, scratch: inout TierScratch, _ body: (Int, Int32) -> Void) {
        scan(tier: tier, rotation: rotation, restrict: restrict, words: nil, scratch: &scratch, body)
    }

    func forced(scratch: inout TierScratch) -> [(position: Int32, quality: Int32)] { [] }
    func tierCap(_ tier: Int) -> Int32 { Int32(10 * tier + 8) }

    /// Every allowed partner of member `i`, in partner order, with the pair's
    /// quality (plus `bonus` by partner).
    func all(of i: Int, excluded: Int, bonus: [Int32]?, scratch: inout TierScratch) -> BuddyCandidates.Row {
        var row = BuddyCandidates.Row()
        guard wordCount > 0, prepare(i, excluded: excluded, scratch: &scratch) else { return row }
        var found: [(position: Int32, quality: Int32)] = []
        for tier in minimumTier...3 {
            scan(tier: tier, rotation: 0, restrict: nil, scratch: &scratch) { p, q in found.append((Int32(p), q + (bonus?[p] ?? 0))) }
        }
        found.sort { $0.position < $1.position }
        row.partner = found.map(\.position)
        row.quality = found.map(\.quality)
        return row
    }

    /// The best `limit` allowed partners of member `i` (forced ones always
    /// kept, on top), by quality plus the partner's `bonus`, ties in an order
    /// rotated per member so that members with equal options spread over
    /// different partners. Partners are scanned by (tier, bonus group) in
    /// decreasing cap — tierCap(t) + bonus — and the search stops once `limit`
    /// pairs reach the cap of the group being scanned: nothing later can beat
    /// them. `truncated`: pairs may have been left out.
    func best(of i: Int, excluded: Int, limit: Int, bonus: BonusGroups?, scratch: inout TierScratch,
              found: inout [FoundCandidate]) -> BuddyCandidates.Row {
        var row = BuddyCandidates.Row()
        guard wordCount > 0, prepare(i, excluded: excluded, scratch: &scratch) else { return row }
        let forcedPairs = forced(scratch: &scratch).map { (position: $0.position, quality: $0.quality + (bonus?.bonus[Int($0.position)] ?? 0)) }
        let rotation = Int(BuddyIndex.mix(UInt64(i)) % UInt64(wordCount))
        found.removeAll(keepingCapacity: true)
        let groups = scanOrder(bonus)
        // The first (tier, group) not scanned in full (groups.count: none).
        var stoppedAt = groups.count
        for (g, (tier, group)) in groups.enumerated() {
            let cap = tierCap(tier) + (bonus?.values[group] ?? 0)
            // Pairs found so far that nothing in this group or later can beat.
            var atCap = found.count { $0.quality >= cap }
            if atCap >= limit { stoppedAt = g; break }
            var reachedLimit = false
            scan(tier: tier, rotation: rotation, restrict: bonus?.members[group], scratch: &scratch) { p, q in
                guard !reachedLimit, !forcedPairs.contains(where: { $0.position == Int32(p) }) else { return }
                let value = q + (bonus?.bonus[p] ?? 0)
                found.append(FoundCandidate(quality: value, position: Int32(p), tier: Int8(tier)))
                if value >= cap { atCap += 1 }
                if atCap >= limit { reachedLimit = true }
            }
            if reachedLimit { stoppedAt = g; break }
        }
        for f in forcedPairs { row.partner.append(f.position); row.quality.append(f.quality) }
        // The best `limit` by quality, ties in the order found (`found` is in
        // that order): every pair above the `limit`-th best quality, then the
        // first ones at it — the prefix of a sort by (quality desc, order), without sorting.
        var threshold = Int32.min, takeAtThreshold = Int.max
        if found.count > limit {
            var low = Int32.max, high = Int32.min
            for f in found { low = min(low, f.quality); high = max(high, f.quality) }
            var count = [Int](repeating: 0, count: Int(high - low) + 1)
            for f in found { count[Int(f.quality - low)] += 1 }
            var above = 0
            var v = Int(high - low)
            while above + count[v] < limit { above += count[v]; v -= 1 }
            threshold = low + Int32(v)
            takeAtThreshold = limit - above
        }
        for f in found {
            var keep = f.quality > threshold
            if f.quality == threshold && takeAtThreshold > 0 { keep = true; takeAtThreshold -= 1 }
            if keep {
                row.partner.append(f.position)
                row.quality.append(f.quality)
            } else {
                // Found and cut: its quality (bonus excluded) is what its tier left out.
                row.leftOut[Int(f.tier)] = max(row.leftOut[Int(f.tier)], Int8(clamping: f.quality - (bonus?.bonus[Int(f.position)] ?? 0)))
            }
        }
        row.truncated = stoppedAt < groups.count || found.count > limit
        // A group not scanned in full can hold pairs up to its tier's cap.
        for (tier, _) in groups[stoppedAt...] { row.leftOut[tier] = max(row.leftOut[tier], Int8(clamping: tierCap(tier))) }
        // Partner order within the row (the graph's convention).
        let byPartner = row.partner.indices.sorted { row.partner[$0] < row.partner[$1] }
        row.partner = byPartner.map { row.partner[$0] }
        row.quality = byPartner.map { row.quality[$0] }
        return row
    }

    /// (tier, bonus group) in decreasing cap, then decreasing tier.
    func scanOrder(_ bonus: BonusGroups?) -> [(tier: Int, group: Int)] {
        let groups = bonus?.values.count ?? 1
        var order: [(tier: Int, group: Int, cap: Int32)] = []
        for tier in minimumTier...3 {
            for g in 0..<groups { order.append((tier, g, tierCap(tier) + (bonus?.values[g] ?? 0))) }
        }
        order.sort { $0.cap > $1.cap || ($0.cap == $1.cap && $0.tier > $1.tier) }
        return order.map { ($0.tier, $0.group) }
    }
}

/// A bonus added to a pair's quality by partner (the backups' free-place
/// bonus), with the partners grouped by bonus value as bitsets.
struct BonusGroups: Sendable {
    let bonus: [Int32]
    let values: [Int32]
    let members: [[UInt64]]

    init(_ bonus: [Int32]) {
        self.bonus = bonus
        values = Array(Set(bonus)).sorted(by: >)
        var members = [[UInt64]](repeating: [UInt64](repeating: 0, count: (bonus.count + 63) / 64), count: values.count)
        for (p, b) in bonus.enumerated() {
            let g = values.firstIndex(of: b)!
            members[g][p >> 6] |= 1 << UInt64(p & 63)
        }
        self.members = members
    }
}

/// A candidate `TieredPartnerIndex.best` found: its quality (bonus
/// included), the partner's position, its tier.
struct FoundCandidate {
    var quality: Int32
    var position: Int32
    var tier: Int8
}

/// A pair found by a search: person position, partner position, quality.
struct FoundPair: Sendable, Hashable {
    var person: Int32
    var partner: Int32
    var quality: Int32
}

/// Finds the candidate pairs a pairing left out of its network but needs:
/// those that break König's cover (the count), and those whose reduced cost
/// under the current prices is negative (the quality) — through a
/// `TieredPartnerIndex`, without looking at most pairs (docs/mentoring.md §3.3).
struct CandidatePricing<Index: TieredPartnerIndex>: Sendable {
    let index: Index
    /// Member index of each person.
    let people: [Int32]
    /// Per person: a member never to pair with (-1 for none).
    let excluded: [Int32]
    /// Added to a pair's quality by partner (the backups' free-place bonus), if any.
    let bonus: [Int32]?
    /// Per person and tier, the highest quality (bonus excluded) a pair left
    /// out of the stored graph can have, -1 when none was
    /// (`BuddyCandidates.Row.leftOut`); nil: up to the tier's cap.
    let leftOut: [SIMD4<Int8>]?

    init(index: Index, people: [Int32], excluded: [Int32]? = nil, bonus: [Int32]? = nil, leftOut: [SIMD4<Int8>]? = nil) {
        self.index = index
        self.people = people
        self.excluded = excluded ?? [Int32](repeating: -1, count: people.count)
        self.bonus = bonus
        self.leftOut = leftOut
    }

    /// The highest quality (bonus excluded) a left-out pair of person `k` at
    /// `tier` can have: at most the tier's cap, -1 when none was left out.
    @inline(__always) func leftOutCap(_ k: Int, tier: Int) -> Int64 {
        let cap = Int64(index.tierCap(tier))
        guard let leftOut else { return cap }
        return min(cap, Int64(leftOut[k][tier]))
    }

    /// Pairs (person in Z, partner not in Z) left out of `flow`: each makes
    /// the cover of a maximum matching miss a pair. Up to `perPerson` per person.
    ///
    /// `since`: the last round's `CoverMemory`. A person it *exhausted* (in Z
    /// then, fewer than `perPerson` found, so every candidate of theirs outside
    /// that round's Z entered the network) is looked at only against the
    /// partners that left Z since; the pairs found are the same as without
    /// `since` (docs/mentoring.md §3.3).
    func uncovered(personInZ: [Bool], partnerInZ: [Bool], inNetwork: InNetwork, perPerson: Int, threads: Int,
                   since: CoverMemory? = nil) -> (pairs: [FoundPair], memory: CoverMemory) {
        let words = index.wordCount
        var notZ = [UInt64](repeating: 0, count: words)
        for (p, z) in partnerInZ.enumerated() where !z { notZ[p >> 6] |= 1 << UInt64(p & 63) }
        // Partners outside Z now that were in Z last round.
        var left = notZ
        if let since { for w in 0..<words { left[w] &= ~since.notZ[w] } }
        let leftAny = left.contains { $0 != 0 }
        let open = people.indices.filter { personInZ[$0] }
        let chunks = Self.chunks(open.count, threads)
        let notZBits = notZ, leftBits = left
        let results = chunks.parallelMap(threads: threads, scratch: { (index.makeTierScratch(), [UInt8](repeating: 0, count: index.partners.count)) }) {
            (range: Range<Int>, scratch: inout (Index.TierScratch, [UInt8])) -> (pairs: [FoundPair], exhausted: [Int]) in
            var out: [FoundPair] = []
            var exhausted: [Int] = []
            for t in range {
                let k = open[t]
                let partial = since?.exhausted[k] ?? false
                if partial && !leftAny { exhausted.append(k); continue }
                // Nothing left out of the stored row: every candidate is in the network.
                if (index.minimumTier...3).allSatisfy({ leftOutCap(k, tier: $0) < 0 }) { exhausted.append(k); continue }
                let i = Int(people[k])
                guard index.prepare(i, excluded: Int(excluded[k]), scratch: &scratch.0) else { exhausted.append(k); continue }
                inNetwork.mark(k, &scratch.1, 1)
                var taken = 0
                for tier in stride(from: 3, through: index.minimumTier, by: -1) where taken < perPerson && leftOutCap(k, tier: tier) >= 0 {
                    index.scan(tier: tier, rotation: 0, restrict: partial ? leftBits : notZBits, scratch: &scratch.0) { p, q in
                        guard taken < perPerson, scratch.1[p] == 0 else { return }
                        out.append(FoundPair(person: Int32(k), partner: Int32(p), quality: q + (bonus?[p] ?? 0)))
                        taken += 1
                    }
                }
                inNetwork.mark(k, &scratch.1, 0)
                if taken < perPerson { exhausted.append(k) }
            }
            return (out, exhausted)
        }
        var pairs: [FoundPair] = []
        var exhausted = [Bool](repeating: false, count: people.count)
        for r in results {
            let r = r.get()
            pairs += r.pairs
            for k in r.exhausted { exhausted[k] = true }
        }
        return (pairs, CoverMemory(notZ: notZ, exhausted: exhausted))
    }

    /// Left-out pairs whose reduced cost −q + P(person) − R(partner) is
    /// negative (P, R: the prices of `PairingFlow`), the `perPerson` most
    /// negative of each person, and the sum of every negative one (for a
    /// Lagrangian bound). A pair of tier t can only be negative when
    /// R(partner) + bonus > P(person) − Q, Q ≤ tierCap(t) the highest quality
    /// a pair of that person left out at that tier can have (`leftOutCap`;
    /// a tier with nothing left out is not looked at): people are taken in
    /// decreasing P, and per tier and Q the partners above that threshold
    /// (sorted by R + bonus once) are added to a bitset as it falls, so each
    /// person looks only at partners that could price out.
    ///
    /// `since`: what the previous round established (`PricingMemory`). A
    /// person it settled is looked at only against the partners whose R rose
    /// by more than their P did since (R − R⁰ > P − P⁰): every other left-out
    /// pair of theirs had a reduced cost ≥ 0 then, and
    /// −q + P − R = (−q + P⁰ − R⁰) + (P − P⁰) − (R − R⁰) cannot have become
    /// negative. The result is the same as without `since` (docs/mentoring.md §3.3).
    func priced(personPrice: [Int64], partnerPrice: [Int64], inNetwork: InNetwork, perPerson: Int, threads: Int,
                since: PricingMemory? = nil)
        -> (pairs: [FoundPair], negativeSum: Int64, examined: Int, memory: PricingMemory)
    {
        let m = index.partners.count
        let key = (0..<m).map { partnerPrice[$0] + Int64(bonus?[$0] ?? 0) }
        let byKey = (0..<m).sorted { key[$0] > key[$1] || (key[$0] == key[$1] && $0 < $1) }
        let order = people.indices.sorted { personPrice[$0] > personPrice[$1] || (personPrice[$0] == personPrice[$1] && $0 < $1) }
        let chunks = Self.chunks(order.count, threads)
        let minTier = index.minimumTier, words = index.wordCount
        let caps = (0...3).map { Int64(index.tierCap($0)) }
        // Partners whose price rose (fell) since the last round, and the words that hold them.
        var rise = [Int64](repeating: 0, count: since == nil ? 0 : m)
        var rose = [UInt64](repeating: 0, count: words), fell = [UInt64](repeating: 0, count: words)
        if let since {
            for p in 0..<m {
                rise[p] = partnerPrice[p] - since.partnerPrice[p]
                if rise[p] > 0 { rose[p >> 6] |= 1 << UInt64(p & 63) } else if rise[p] < 0 { fell[p >> 6] |= 1 << UInt64(p & 63) }
            }
        }
        let roseWords = rose.indices.filter { rose[$0] != 0 }, fellWords = fell.indices.filter { fell[$0] != 0 }
        let roseBits = rose, fellBits = fell, partnerRise = rise
        // The first rank in `byKey` of a partner whose price rose (m: none).
        // allowed[b] is byKey[0 ..< next[b]], so it holds such a
        // partner exactly when next[b] > firstRose.
        let firstRose = byKey.firstIndex { rose[$0 >> 6] & (1 << UInt64($0 & 63)) != 0 } ?? m
        // Per person and tier the allowed partners are those with key > P − Q, Q the
        // highest quality a left-out pair there can have (`leftOutCap`: the tier's
        // cap or less). Q is one of the tier's `capSteps` values below its cap: one
        // bitset per (tier, step), each a prefix of `byKey` that grows as P falls.
        let steps = Self.capSteps
        let results = chunks.parallelMap(threads: threads, scratch: {
            PricingScratch(index: index.makeTierScratch(), restrict: [UInt64](repeating: 0, count: words),
                           allowed: [[UInt64]](repeating: [UInt64](repeating: 0, count: words), count: 4 * steps),
                           allowedWords: [[Int32]](repeating: [], count: 4 * steps))
        }) { (range: Range<Int>, s: inout PricingScratch) -> (pairs: [FoundPair], negative: Int64, examined: Int, unsettled: [Int], full: Int) in
            var out: [FoundPair] = []
            var unsettled: [Int] = []
            var negative: Int64 = 0, examined = 0, full = 0
            for t in 0..<(4 * steps) {
                for w in s.allowedWords[t] { s.allowed[t][Int(w)] = 0 }
                s.allowedWords[t].removeAll(keepingCapacity: true)
            }
            var next = [Int](repeating: 0, count: 4 * steps)
            // Per tier: the (tier, step) bitset of the current person, -1 when nothing was left out there.
            var slot = [Int](repeating: -1, count: 4)
            for position in range {
                let k = order[position]
                let P = personPrice[k]
                var anyAllowed = false
                for tier in minTier...3 {
                    let q = leftOutCap(k, tier: tier)
                    guard q >= 0 else { slot[tier] = -1; continue }
                    let step = Int(min(caps[tier] - q, Int64(steps - 1)))
                    let b = tier * steps + step
                    slot[tier] = b
                    // Q = caps[tier] − step ≥ q: the bitset of that step is a superset, still exact.
                    let threshold = P - (caps[tier] - Int64(step))
                    while next[b] < m && key[byKey[next[b]]] > threshold {
                        let p = byKey[next[b]]
                        if s.allowed[b][p >> 6] == 0 { s.allowedWords[b].append(Int32(p >> 6)) }
                        s.allowed[b][p >> 6] |= 1 << UInt64(p & 63)
                        next[b] += 1
                    }
                    if next[b] > 0 { anyAllowed = true }
                }
                if !anyAllowed { continue }
                // Settled last round: −q + P − R ≥ 0 then for every left-out
                // pair, so now only partners whose price rose by more than
                // this person's (`own`: P − P⁰) can price out.
                let settled = since?.settled[k] ?? false
                let own = settled ? P - since!.personPrice[k] : 0
                if settled && own >= 0 {
                    // Only partners whose price rose: none above the threshold, nothing to do.
                    let any = (minTier...3).contains { slot[$0] >= 0 && next[slot[$0]] > firstRose }
                    if !any { continue }
                } else if !settled {
                    full += 1
                }
                var prepared = false
                s.candidates.removeAll(keepingCapacity: true)
                for tier in stride(from: 3, through: minTier, by: -1) where slot[tier] >= 0 && next[slot[tier]] > 0 {
                    let b = slot[tier]
                    // The partners that could price out, less those already in the network.
                    // Only the words listed are scanned (the rest of `restrict` is stale).
                    var any = false
                    var listed = true
                    s.words.removeAll(keepingCapacity: true)
                    if settled && own >= 0 {
                        listed = false
                        // The words holding an allowed partner whose price rose: from
                        // the shorter list of the two (the scan's order does not matter).
                        let fromAllowed = s.allowedWords[b].count < roseWords.count
                        for t in 0..<(fromAllowed ? s.allowedWords[b].count : roseWords.count) {
                            let w = fromAllowed ? Int(s.allowedWords[b][t]) : roseWords[t]
                            var bits = s.allowed[b][w] & roseBits[w]
                            if own > 0 {
                                var scan = bits
                                while scan != 0 {
                                    let bit = scan.trailingZeroBitCount
                                    scan &= scan - 1
                                    if partnerRise[w << 6 | bit] <= own { bits &= ~(1 << UInt64(bit)) }
                                }
                            }
                            s.restrict[w] = bits
                            if bits != 0 { s.words.append(Int32(w)) }
                            any = any || bits != 0
                        }
                    } else {
                        for w in s.allowedWords[b] { s.restrict[Int(w)] = s.allowed[b][Int(w)] }
                        any = true
                        if settled {
                            // own < 0: every partner but those whose price fell at least as much.
                            for w in fellWords {
                                var scan = s.restrict[w] & fellBits[w]
                                while scan != 0 {
                                    let bit = scan.trailingZeroBitCount
                                    scan &= scan - 1
                                    if partnerRise[w << 6 | bit] <= own { s.restrict[w] &= ~(1 << UInt64(bit)) }
                                }
                            }
                        }
                    }
                    if !any { continue }
                    if !prepared {
                        guard index.prepare(Int(people[k]), excluded: Int(excluded[k]), scratch: &s.index) else { break }
                        prepared = true
                    }
                    inNetwork.forEachPartner(of: k) { s.restrict[$0 >> 6] &= ~(1 << UInt64($0 & 63)) }
                    index.scan(tier: tier, rotation: 0, restrict: s.restrict, words: listed ? s.allowedWords[b] : s.words, scratch: &s.index) { p, q in
                        examined += 1
                        let value = q + (bonus?[p] ?? 0)
                        let rc = -Int64(value) + P - partnerPrice[p]
                        guard rc < 0 else { return }
                        negative += rc
                        s.candidates.append((rc, Int32(p), value))
                    }
                }
                if s.candidates.count > perPerson {
                    // Negative pairs left out of this round: the person is looked at in full next round.
                    unsettled.append(k)
                    s.candidates.sort { $0.rc < $1.rc || ($0.rc == $1.rc && $0.partner < $1.partner) }
                }
                for c in s.candidates.prefix(perPerson) { out.append(FoundPair(person: Int32(k), partner: c.partner, quality: c.quality)) }
            }
            return (out, negative, examined, unsettled, full)
        }
        var pairs: [FoundPair] = [], negative: Int64 = 0, examined = 0, full = 0
        var settled = [Bool](repeating: true, count: people.count)
        for r in results {
            let r = r.get()
            pairs += r.pairs
            negative += r.negative
            examined += r.examined
            full += r.full
            for k in r.unsettled { settled[k] = false }
        }
        pairs.sort { ($0.person, $0.partner) < ($1.person, $1.partner) }
        return (pairs, negative, examined, PricingMemory(personPrice: personPrice, partnerPrice: partnerPrice, settled: settled, fullyPriced: full))
    }

    /// The values below a tier's cap that a person's `leftOutCap` is rounded
    /// to (0…capSteps − 1 below; lower ones use the lowest): a pair of
    /// tier t is worth 10t + 0…8 (common hours) unless preferred, and
    /// preferred mentors are always stored.
    static var capSteps: Int { 9 }

    /// One thread's buffers for `priced`.
    struct PricingScratch {
        var index: Index.TierScratch
        var restrict: [UInt64]
        /// Per (tier, cap step): the partners above that person's threshold.
        var allowed: [[UInt64]]
        /// Per (tier, cap step), the words of `allowed` that have a bit set (in the order they got one).
        var allowedWords: [[Int32]]
        /// The words of `restrict` to scan (when not `allowedWords`).
        var words: [Int32] = []
        var candidates: [(rc: Int64, partner: Int32, quality: Int32)] = []
    }

    /// About 4 chunks per thread of `count` items, as ranges.
    static func chunks(_ count: Int, _ threads: Int) -> [Range<Int>] {
        let n = max(1, min(count, max(1, threads) * 4))
        let size = (count + n - 1) / max(n, 1)
        return (0..<n).map { c in min(count, c * size)..<min(count, (c + 1) * size) }.filter { !$0.isEmpty }
    }
}

/// What a round of `uncovered` established, for the next round: every
/// candidate pair of an `exhausted` person with a partner outside `notZ`'s Z
/// was in the network after that round (it was there, or the round found it).
struct CoverMemory: Sendable {
    let notZ: [UInt64]
    let exhausted: [Bool]
}

/// What a round of `priced` established, for the next round: at these
/// prices, every left-out pair of a `settled` person that did not enter
/// the network (the round's pairs do) had a reduced cost ≥ 0.
struct PricingMemory: Sendable {
    let personPrice: [Int64]
    let partnerPrice: [Int64]
    /// False for a person with more negative pairs than the round took.
    let settled: [Bool]
    /// People the round looked at against every partner (the rest: against the partners whose price rose more than theirs).
    let fullyPriced: Int
}

/// Which partners each person already has in a pairing's network (stored or
/// added), as marks in a per-thread scratch array.
struct InNetwork: Sendable {
    let graph: PairingGraph
    let added: [[Int32]]

    func mark(_ k: Int, _ marks: inout [UInt8], _ value: UInt8) {
        forEachPartner(of: k) { marks[$0] = value }
    }

    func forEachPartner(of k: Int, _ body: (Int) -> Void) {
        for e in graph.pairs(of: k) { body(Int(graph.partner[e])) }
        if k < added.count { for j in added[k] { body(Int(j)) } }
    }
}

/// The pricing a `PairingProblem` runs on candidates left out of its network.
protocol PairPricing: Sendable {
    func uncovered(personInZ: [Bool], partnerInZ: [Bool], inNetwork: InNetwork, perPerson: Int, threads: Int,
                   since: CoverMemory?) -> (pairs: [FoundPair], memory: CoverMemory)
    func priced(personPrice: [Int64], partnerPrice: [Int64], inNetwork: InNetwork, perPerson: Int, threads: Int,
                since: PricingMemory?)
        -> (pairs: [FoundPair], negativeSum: Int64, examined: Int, memory: PricingMemory)
}

extension CandidatePricing: PairPricing {}

/// Bit-sliced counters of the tags a member shares with each candidate, capped at 3:
/// after the call, bit j of `ge1`, `ge2`, `ge3` is set when candidate j holds at least
/// one, two, three of `tags` (`byTag[t]`: the candidates holding tag t). Once per member,
/// shared by the mentor and buddy indexes.
@inline(__always)
func countSharedTags(
    _ tags: some Sequence<Int>, byTag: [[UInt64]], wordCount: Int,
    ge1: inout [UInt64], ge2: inout [UInt64], ge3: inout [UInt64]
) {
    for w in 0..<wordCount { ge1[w] = 0; ge2[w] = 0; ge3[w] = 0 }
    for t in tags where t < byTag.count {
        let bits = byTag[t]
        for w in 0..<wordCount {
            let b = bits[w]
            ge3[w] |= ge2[w] & b
            ge2[w] |= ge1[w] & b
            ge1[w] |= b
        }
    }
}
