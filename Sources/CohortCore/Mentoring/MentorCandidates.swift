/// Every mentee–mentor pair the hard rules allow (the candidate graph):
/// mentees still to be matched in member order, for each the allowed mentors
/// with the pair's quality. Built through indexes (tags and stages as bitsets
/// over mentors, availability as a coarse mask then the exact slot test)
/// rather than by testing all mentee × mentor pairs.
public struct MentorCandidates: Sendable {
    /// People = mentees still to be matched (continuing pairs excluded);
    /// partners = mentors with places left (capacity minus continuing pairs).
    public let graph: PairingGraph
    /// Continuing pairs kept from last quarter: (mentee, mentor) member indices.
    public let continuing: [(mentee: Int, mentor: Int)]
    /// Mentees whose continuing pair could not be kept, and why.
    public let brokenContinuing: [(mentee: Int, mentor: Int, why: ContinuingBreak)]
    /// Per person position: whether allowed pairs were left out of `graph`
    /// (each mentee keeps their best `limit`, see `init`).
    public let truncated: [Bool]
    /// Pairs each mentee keeps (nil: all).
    public internal(set) var limit: Int?
    /// Finds the pairs left out when the solve needs them (nil: none was).
    let pricing: CandidatePricing<MentorIndex>?
    /// Pairs taken out of the candidates (schedulability), which the index
    /// would still find.
    var excluded: Set<MenteeMentor> = []

    /// Pairs each mentee keeps in the stored graph when the roster is large
    /// (`storedLimit`); the others are priced in as needed.
    public static let candidatesPerMentee = 8

    /// The limit for `cohort`: every pair up to about 3 million mentee ×
    /// mentor combinations (1,000 members: 0.1 million), the best
    /// `candidatesPerMentee` per mentee above (docs/mentoring.md §3.3).
    public static func storedLimit(for cohort: Cohort) -> Int? {
        let rules = MentorRules(policy: cohort.policy)
        let mentees = cohort.members.count(where: rules.isMentee)
        let mentors = cohort.members.count(where: rules.isMentor)
        return mentees * mentors > 3_000_000 ? candidatesPerMentee : nil
    }

    /// Why a continuing pair is not kept (docs/mentoring.md §1).
    public enum ContinuingBreak: Sendable, Hashable {
        /// The pair breaks a rule now.
        case rule(MentorRules.Violation)
        /// The mentor's places went to continuing mentees earlier in id order.
        case mentorFull
        /// Every time the pair shares is needed by the check-ins of the mentor's
        /// (or the mentee's) continuing pairs kept before it, with these mentees.
        case noCheckInTime(others: [Int])
    }

    /// Builds the graph for `cohort`. `threads` splits the mentees. `limit`:
    /// pairs each mentee keeps (their best, preferred mentors always), nil
    /// for every allowed pair.
    public init(cohort: Cohort, threads: Int = 2, limit: Int? = nil) {
        let rules = MentorRules(policy: cohort.policy)
        let members = cohort.members

        // Continuing pairs: kept when still valid and not changed; a mentor's
        // places go to continuing mentees first, in id order. A pair is valid
        // only if its check-in can still be scheduled beside the continuing
        // check-ins of both people kept before it (SPEC §3.5).
        var placesLeft = members.map { rules.isMentor($0) ? $0.mentorCapacity : 0 }
        var continuing: [(Int, Int)] = []
        var broken: [(Int, Int, ContinuingBreak)] = []
        var inContinuingPair = [Bool](repeating: false, count: members.count)
        var kept: [Int: [(partner: Int, starts: WeekSlots)]] = [:]
        let checkin = Week.slotCount(minutes: cohort.policy.checkinMinutes)
        for (i, m) in members.enumerated() where rules.isMentee(m) {
            guard let c = m.currentMentor, !m.changeMentor else { continue }
            if let v = rules.violation(mentee: i, mentor: c, in: cohort) {
                broken.append((i, c, .rule(v)))
                continue
            }
            guard placesLeft[c] > 0 else {
                broken.append((i, c, .mentorFull))
                continue
            }
            let starts = SchedulablePairs.commonStarts(mentee: i, mentor: c, cohort: cohort)
            let clash = [c, i].flatMap { person -> [Int] in
                let others = kept[person] ?? []
                let fits = ScheduleFeasibility.canPlaceDisjoint((others.map(\.starts) + [starts]).map { (starts: $0, length: checkin) })
                return fits ? [] : others.map(\.partner)
            }
            if !clash.isEmpty {
                broken.append((i, c, .noCheckInTime(others: clash)))
                continue
            }
            placesLeft[c] -= 1
            continuing.append((i, c))
            inContinuingPair[i] = true
            kept[c, default: []].append((i, starts))
            kept[i, default: []].append((c, starts))
        }
        self.continuing = continuing
        brokenContinuing = broken

        var menteeList: [Int32] = []
        var mentorList: [Int32] = []
        var capacityList: [Int32] = []
        for (i, m) in members.enumerated() {
            if rules.isMentee(m) && !inContinuingPair[i] { menteeList.append(Int32(i)) }
            if placesLeft[i] > 0 {
                mentorList.append(Int32(i))
                capacityList.append(Int32(placesLeft[i]))
            }
        }
        let index = MentorIndex(cohort: cohort, mentors: mentorList, rules: rules)
        let menteeOrder = menteeList
        // Build per chunk of mentees in parallel, then concatenate in order.
        let chunkCount = max(1, min(threads * 4, menteeList.count / 256 + 1))
        let chunkSize = (menteeList.count + chunkCount - 1) / max(chunkCount, 1)
        let results = Array(0..<chunkCount).parallelMap(threads: threads) { c in
            let lo = c * chunkSize, hi = min(menteeOrder.count, lo + chunkSize)
            var counts: [Int32] = [], mentor: [Int32] = [], quality: [Int32] = [], cut: [Bool] = [], leftOut: [SIMD4<Int8>] = []
            if lo < hi {
                counts.reserveCapacity(hi - lo)
                if let limit {
                    var scratch = index.makeTierScratch()
                    var found: [FoundCandidate] = []
                    for k in lo..<hi {
                        let row = index.best(of: Int(menteeOrder[k]), excluded: -1, limit: limit, bonus: nil, scratch: &scratch, found: &found)
                        counts.append(Int32(row.partner.count))
                        mentor += row.partner
                        quality += row.quality
                        cut.append(row.truncated)
                        leftOut.append(row.leftOut)
                    }
                } else {
                    var scratch = index.makeTierScratch()
                    for k in lo..<hi {
                        let row = index.all(of: Int(menteeOrder[k]), excluded: -1, bonus: nil, scratch: &scratch)
                        counts.append(Int32(row.partner.count))
                        mentor += row.partner
                        quality += row.quality
                        cut.append(false)
                        leftOut.append(SIMD4(repeating: -1))
                    }
                }
            }
            return (counts: counts, mentor: mentor, quality: quality, cut: cut, leftOut: leftOut)
        }.map { $0.get() }
        var offsets = [0]
        offsets.reserveCapacity(menteeList.count + 1)
        var allMentor: [Int32] = [], allQuality: [Int32] = [], truncated: [Bool] = [], leftOut: [SIMD4<Int8>] = []
        allMentor.reserveCapacity(results.reduce(0) { $0 + $1.mentor.count })
        allQuality.reserveCapacity(allMentor.capacity)
        truncated.reserveCapacity(menteeList.count)
        for r in results {
            for n in r.counts { offsets.append(offsets.last! + Int(n)) }
            allMentor += r.mentor
            allQuality += r.quality
            truncated += r.cut
            leftOut += r.leftOut
        }
        graph = PairingGraph(people: menteeList, partners: mentorList, capacity: capacityList, offsets: offsets,
                             partner: allMentor, quality: allQuality, extraPlaceCost: MentorRules.extraMenteeCost)
        self.truncated = truncated
        self.limit = limit
        pricing = truncated.contains(true) ? CandidatePricing(index: index, people: menteeList, leftOut: leftOut) : nil
    }
}

/// A bitset over the mentor positions.
struct MentorBits {
    var words: [UInt64]
    init(count: Int) { words = [UInt64](repeating: 0, count: (count + 63) / 64) }
    mutating func insert(_ j: Int) { words[j >> 6] |= 1 << UInt64(j & 63) }
}

/// Indexes over the mentors for fast candidate search.
struct MentorIndex: Sendable {
    let cohort: Cohort
    let rules: MentorRules
    let mentors: [Int32]
    /// Mentors with a skill, per tag.
    let bySkill: [[UInt64]]
    /// Mentors at each stage or above, for stage 1…5 (index 0 unused).
    let atLeastStage: [[UInt64]]
    /// Mentors per `group` label, and mentors with no group; empty when
    /// `mentor_group` is any.
    let byGroup: [[UInt64]]
    let noGroup: [UInt64]
    /// When each mentor can meet for a check-in.
    let meeting: MeetingIndex
    let wordCount: Int

    init(cohort: Cohort, mentors: [Int32], rules: MentorRules) {
        self.cohort = cohort
        self.rules = rules
        self.mentors = mentors
        let n = mentors.count
        wordCount = (n + 63) / 64
        var bySkill = [MentorBits](repeating: MentorBits(count: n), count: cohort.tags.count)
        var byStage = [MentorBits](repeating: MentorBits(count: n), count: 6)
        for (p, i) in mentors.enumerated() {
            let m = cohort.members[Int(i)]
            for t in m.skills { bySkill[Int(t.index)].insert(p) }
            for s in 1...m.stage.rawValue { byStage[s].insert(p) }
        }
        var byGroup: [MentorBits] = [], noGroup = MentorBits(count: n)
        if rules.policy.mentorGroup != .any {
            byGroup = [MentorBits](repeating: MentorBits(count: n), count: cohort.groups.count)
            for (p, i) in mentors.enumerated() {
                if let g = cohort.members[Int(i)].group { byGroup[g].insert(p) } else { noGroup.insert(p) }
            }
        }
        self.byGroup = byGroup.map(\.words)
        self.noGroup = noGroup.words
        meeting = MeetingIndex(partners: mentors, cohort: cohort, slots: rules.checkinSlots)
        self.bySkill = bySkill.map(\.words)
        atLeastStage = byStage.map(\.words)
    }

    /// Mentors at the stages a mentor of `stage` may be at (stage gap and
    /// maximum stage gap), into `set`; false when there are none.
    func stageSet(_ stage: Stage, into set: inout [UInt64]) -> Bool {
        guard let band = rules.mentorStages(forMenteeAt: stage), wordCount > 0 else { return false }
        let low = atLeastStage[band.lowerBound]
        if band.upperBound < 5 {
            let above = atLeastStage[band.upperBound + 1]
            for w in 0..<wordCount { set[w] = low[w] & ~above[w] }
        } else {
            for w in 0..<wordCount { set[w] = low[w] }
        }
        return true
    }

    /// Keeps in `set` the mentors `mentor_group` allows for a member of `group`.
    func keepGroupAllowed(for group: Int?, in set: inout [UInt64]) {
        guard rules.policy.mentorGroup != .any, let g = group else { return }
        let own = byGroup[g]
        if rules.policy.mentorGroup == .same {
            for w in 0..<wordCount { set[w] &= own[w] | noGroup[w] }
        } else {
            for w in 0..<wordCount { set[w] &= ~own[w] }
        }
    }

    /// The mentors the stage band and `mentor_group` allow for a member at
    /// `stage` in `group`, as bits into `set` (the rules on mentor bitsets, in
    /// one place; the member's fields, not a copy of the member); false when
    /// the band is empty.
    func stageAndGroupSet(stage: Stage, group: Int?, into set: inout [UInt64]) -> Bool {
        guard stageSet(stage, into: &set) else { return false }
        keepGroupAllowed(for: group, in: &set)
        return true
    }
}

extension MentorIndex: TieredPartnerIndex {
    var partners: [Int32] { mentors }
    var minimumTier: Int { rules.policy.requireSharedInterest ? 1 : 0 }

    /// A member's side of the tiered search.
    struct TierScratch {
        var i = -1
        var excluded = -1
        var changed = -1
        /// The member's avoid list, preferred mentors and availability (no Member copies in the scan).
        var avoid: [Int] = []
        var preferred: [Int] = []
        var availability = WeekSlots()
        /// Mentors the stage band and group rules allow.
        var base: [UInt64]
        /// Mentors sharing at least one, two, three of the member's interests.
        var ge1: [UInt64], ge2: [UInt64], ge3: [UInt64]
        var key = MeetingIndex.Key(starts: WeekSlots(), coarse: (0, 0))
    }

    func makeTierScratch() -> TierScratch {
        let z = [UInt64](repeating: 0, count: wordCount)
        return TierScratch(base: z, ge1: z, ge2: z, ge3: z)
    }

    func prepare(_ i: Int, excluded: Int, scratch s: inout TierScratch) -> Bool {
        // Fields read in place: a copy of the whole Member (retaining every
        // array and string in it) per prepared person showed in the profile.
        s.i = i
        s.excluded = excluded
        s.changed = cohort.members[i].changeMentor ? (cohort.members[i].currentMentor ?? -1) : -1
        s.avoid = cohort.members[i].avoid
        s.preferred = cohort.members[i].preferredMentors
        s.availability = cohort.members[i].availability
        guard wordCount > 0, stageAndGroupSet(stage: cohort.members[i].stage, group: cohort.members[i].group, into: &s.base) else { return false }
        countSharedTags(cohort.members[i].interests.lazy.map { Int($0.index) }, byTag: bySkill, wordCount: wordCount, ge1: &s.ge1, ge2: &s.ge2, ge3: &s.ge3)
        s.key.set(s.availability, length: rules.checkinSlots)
        return true
    }

    func scan(tier: Int, rotation: Int, restrict: [UInt64]?, words list: [Int32]?, scratch s: inout TierScratch, _ body: (Int, Int32) -> Void) {
        let avoids = !s.avoid.isEmpty
        let preferred = s.preferred
        let (me, changed, excluded) = (s.i, s.changed, s.excluded)
        meeting.scan(tier: tier, allowed: s.base, restrict: restrict, words: list, rotation: rotation, wordCount: wordCount,
                     ge1: s.ge1, ge2: s.ge2, ge3: s.ge3, key: s.key) { p, common in
            let j = Int(mentors[p])
            if j == me || j == changed || j == excluded || (avoids && s.avoid.contains(j)) { return }
            body(p, rules.quality(shared: tier, preferenceRank: preferred.isEmpty ? nil : preferred.firstIndex(of: j), commonSlots: common))
        }
    }

    /// The member's preferred mentors who pass every rule: always kept.
    func forced(scratch s: inout TierScratch) -> [(position: Int32, quality: Int32)] {
        let a = cohort.members[s.i]
        guard !a.preferredMentors.isEmpty else { return [] }
        var out: [(Int32, Int32)] = []
        for j in a.preferredMentors {
            let p = mentors.partitioningIndex(Int32(j))
            guard p < mentors.count, mentors[p] == Int32(j), j != s.excluded, rules.violation(mentee: s.i, mentor: j, in: cohort) == nil else { continue }
            out.append((Int32(p), rules.quality(mentee: s.i, mentor: j, in: cohort)))
        }
        return out
    }

    /// Preferred pairs can exceed the tier caps; the others cannot.
    func tierCap(_ tier: Int) -> Int32 { rules.quality(shared: tier, preferenceRank: nil, commonSlots: Week.slots) }
}

extension Array where Element == Int32 {
    /// The first position whose element is ≥ `value`, in a sorted array.
    func partitioningIndex(_ value: Int32) -> Int {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if self[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The position of `value` in this sorted array, if it is there.
    func position(of value: Int32) -> Int? {
        let p = partitioningIndex(value)
        return p < count && self[p] == value ? p : nil
    }
}
