/// A bipartite graph of allowed pairs, compressed: people who need a partner
/// (mentees, mentees needing a backup, trial newcomers) on one side, partners
/// who offer places (mentors, backup mentors, buddies) on the other, and for
/// each person the allowed partners with the pair's quality.
public struct PairingGraph: Sendable {
    /// Member index of each person who needs a partner.
    public let people: [Int32]
    /// Member index of each partner offering places.
    public let partners: [Int32]
    /// Places per partner.
    public let capacity: [Int32]
    /// Pairs of person k are `offsets[k] ..< offsets[k+1]` of `partner` and `quality`.
    public let offsets: [Int]
    /// Partner position (index into `partners`) of each pair.
    public let partner: [Int32]
    public let quality: [Int32]
    /// Cost of a partner's second and later place (spreads load).
    public let extraPlaceCost: Int32

    public init(people: [Int32], partners: [Int32], capacity: [Int32], offsets: [Int], partner: [Int32], quality: [Int32], extraPlaceCost: Int32) {
        precondition(offsets.count == people.count + 1 && partner.count == quality.count && offsets.last == partner.count)
        self.people = people
        self.partners = partners
        self.capacity = capacity
        self.offsets = offsets
        self.partner = partner
        self.quality = quality
        self.extraPlaceCost = extraPlaceCost
    }

    public var pairCount: Int { partner.count }

    /// Pairs of the person at position `k`.
    public func pairs(of k: Int) -> Range<Int> { offsets[k]..<offsets[k + 1] }
}

extension RandomAccessCollection where Index == Int {
    /// The element whose `key` equals `value`, in a collection sorted by
    /// `key` (binary search).
    func element<Key: Comparable>(where key: (Element) -> Key, is value: Key) -> Element? {
        var lo = startIndex, hi = endIndex
        while lo < hi {
            let mid = (lo + hi) / 2
            if key(self[mid]) < value { lo = mid + 1 } else { hi = mid }
        }
        return lo < endIndex && key(self[lo]) == value ? self[lo] : nil
    }
}

/// When each of a list of partners can meet for a given length: their
/// possible start slots, plus a coarse 2-hour mask of them that rules most
/// pairs out in two word operations before the exact 11-word test.
struct MeetingIndex: Sendable {
    /// A person's side of the test.
    struct Key {
        private(set) var starts: WeekSlots
        private(set) var coarse: (UInt64, UInt64)
        /// `starts`, `coarse` and the person's availability laid out as a
        /// partner's `packed` record, for `commonSlots`.
        private(set) var packed: [UInt64] = [UInt64](repeating: 0, count: MeetingIndex.stride)

        init(starts: WeekSlots, coarse: (UInt64, UInt64)) {
            self.starts = starts
            self.coarse = coarse
        }

        /// The key of `availability` for meetings of `length` slots, in place
        /// (a scratch's key is set once per person searched: no allocation).
        mutating func set(_ availability: WeekSlots, length: Int) {
            starts = availability.starts(length: length)
            coarse = MeetingIndex.coarseMask(starts)
            MeetingIndex.pack(coarse, starts, availability, into: &packed, at: 0)
        }
    }

    let starts: [WeekSlots]
    let coarse: [(UInt64, UInt64)]
    /// Per partner, `stride` words side by side: the coarse mask (2 words),
    /// the starts (11), the availability (11). A scan reads one record per
    /// pair instead of three arrays (docs/mentoring.md §3.3).
    let packed: [UInt64]
    static let stride = 24

    init(partners: [Int32], cohort: Cohort, slots length: Int) {
        let availability = partners.map { cohort.members[Int($0)].availability }
        starts = availability.map { $0.starts(length: length) }
        coarse = starts.map(MeetingIndex.coarseMask)
        var packed = [UInt64](repeating: 0, count: partners.count * Self.stride)
        for p in partners.indices { Self.pack(coarse[p], starts[p], availability[p], into: &packed, at: p * Self.stride) }
        self.packed = packed
    }

    static func pack(_ coarse: (UInt64, UInt64), _ starts: WeekSlots, _ availability: WeekSlots, into packed: inout [UInt64], at base: Int) {
        packed[base] = coarse.0
        packed[base + 1] = coarse.1
        let s = starts.words, a = availability.words
        for i in 0..<11 {
            packed[base + 2 + i] = s[i]
            packed[base + 13 + i] = a[i]
        }
    }

    /// The test key of a member's availability for meetings of `length` slots.
    static func key(_ availability: WeekSlots, length: Int) -> Key {
        var key = Key(starts: WeekSlots(), coarse: (0, 0))
        key.set(availability, length: length)
        return key
    }

    /// Whether partner `p` and the person of `key` share a start.
    @inline(__always) func canMeet(_ p: Int, _ key: Key) -> Bool {
        let (lo, hi) = coarse[p]
        if lo & key.coarse.0 == 0 && hi & key.coarse.1 == 0 { return false }
        return key.starts.intersects(starts[p])
    }

    /// `canMeet` and the availability both share, on packed records: -1 when
    /// they cannot meet, else the number of common slots.
    @inline(__always) static func commonSlots(_ partner: UnsafePointer<UInt64>, _ key: UnsafePointer<UInt64>) -> Int {
        if partner[0] & key[0] == 0 && partner[1] & key[1] == 0 { return -1 }
        return exactCommonSlots(partner, key)
    }

    /// `commonSlots` without the coarse test, which a scan makes first on
    /// the dense `coarse` array (it stays in cache; the records do not).
    @inline(__always) static func exactCommonSlots(_ partner: UnsafePointer<UInt64>, _ key: UnsafePointer<UInt64>) -> Int {
        var meet = false
        for i in 2..<13 where partner[i] & key[i] != 0 { meet = true; break }
        guard meet else { return -1 }
        var n = 0
        for i in 13..<24 { n &+= (partner[i] & key[i]).nonzeroBitCount }
        return n
    }

    /// The scan both tiered indexes share (mentors, buddies): every partner whose bit is set in
    /// `allowed` (and in `restrict`, when given) and in `tier`'s shared-tag set (`ge1`…`ge3`: at
    /// least 1, 2, 3 shared tags), word by word from `rotation` (wrapping) or only in the words
    /// `list`ed, who can meet the person of `key`: `visit(position, common slots)`. The coarse test
    /// reads the dense `coarse` array (in cache) before the partner's packed record.
    @inline(__always)
    func scan(tier: Int, allowed: [UInt64], restrict: [UInt64]?, words list: [Int32]?, rotation: Int, wordCount: Int,
              ge1: [UInt64], ge2: [UInt64], ge3: [UInt64], key: Key, _ visit: (Int, Int) -> Void) {
        let keyWords = key.packed
        let (c0, c1) = key.coarse
        coarse.withUnsafeBufferPointer { coarse in
            packed.withUnsafeBufferPointer { packed in
                keyWords.withUnsafeBufferPointer { key in
                    // Words from `rotation` up, wrapping (an increment, not a division per word), or those listed.
                    var w = rotation % max(wordCount, 1) &- 1
                    for t in 0..<(list?.count ?? wordCount) {
                        if let list { w = Int(list[t]) } else { w = w &+ 1 == wordCount ? 0 : w &+ 1 }
                        var bits = allowed[w] & (restrict?[w] ?? ~0)
                        switch tier {
                        case 3: bits &= ge3[w]
                        case 2: bits &= ge2[w] & ~ge3[w]
                        case 1: bits &= ge1[w] & ~ge2[w]
                        default: bits &= ~ge1[w]
                        }
                        while bits != 0 {
                            let p = w * 64 + bits.trailingZeroBitCount
                            bits &= bits - 1
                            let (m0, m1) = coarse[p]
                            if m0 & c0 == 0 && m1 & c1 == 0 { continue }
                            let common = Self.exactCommonSlots(packed.baseAddress! + p * Self.stride, key.baseAddress!)
                            if common >= 0 { visit(p, common) }
                        }
                    }
                }
            }
        }
    }

    /// One bit per 8 slots (two hours): 84 bits in two words. Disjoint masks
    /// prove two members cannot meet; overlapping ones need the exact test.
    static func coarseMask(_ s: WeekSlots) -> (UInt64, UInt64) {
        var lo: UInt64 = 0, hi: UInt64 = 0
        let words = s.words
        for w in 0..<11 where words[w] != 0 {
            // Eight groups of eight slots per word: group b = 8w + g.
            for g in 0..<8 where (words[w] >> UInt64(8 * g)) & 0xFF != 0 {
                let b = 8 * w + g
                if b < 64 { lo |= 1 << UInt64(b) } else { hi |= 1 << UInt64(b - 64) }
            }
        }
        return (lo, hi)
    }
}
