/// The study-pod problem of a cohort as plain arrays (SPEC §3.5,
/// docs/pods.md §1). Seekers are numbered locally `0 ..< count` in member
/// order; `member[k]` maps back to the cohort.
struct PodProblem: Sendable {
    let cohort: Cohort
    /// Member index of each seeker, ascending.
    let member: [Int]
    /// Slots of one pod meeting (`pod_minutes` rounded up to 15 minutes).
    let length: Int
    let podMin: Int
    let podMax: Int
    /// Per seeker: the UTC starts of a meeting `length` slots long inside their availability.
    let starts: [WeekSlots]
    /// Per seeker: their interests that at least `podMin` seekers have (the
    /// only interests a pod can form around), ascending.
    let podInterests: [[Tag]]
    /// Per seeker: stage 1…5.
    let stage: [Int]
    /// Per seeker: the seekers they avoid (local numbers, symmetric).
    let avoid: [[Int]]
    /// Seekers per interest tag index (only the pod interests).
    let seekersOfTag: [Tag: [Int]]
    /// Seekers per interest (every interest a seeker has).
    let seekersWith: [Tag: Int]
    /// The pod interests, most seekers first, then by name.
    let tagOrder: [Tag]

    /// Quality weights (docs/pods.md §2).
    static let sharedScore = 1
    static let stageScore = 3

    /// Per seeker: the starts their availability allows, before their other meetings are taken out.
    let availableStarts: [WeekSlots]

    /// `busy`: per member index, the slots their other meetings take (the
    /// schedule placed before the pods); a pod meets only where all its members are free.
    init(cohort: Cohort, busy: [Int: WeekSlots] = [:]) {
        self.cohort = cohort
        let policy = cohort.policy
        podMin = policy.podMin
        podMax = max(policy.podMin, policy.podMax)
        length = Week.slotCount(minutes: policy.podMinutes)
        let member = cohort.members.indices.filter { cohort.members[$0].seeksPod }
        self.member = member
        var local = [Int: Int]()
        for (k, i) in member.enumerated() { local[i] = k }
        let length = self.length
        let availableStarts = member.map { cohort.members[$0].availability.starts(length: length) }
        self.availableStarts = availableStarts
        starts = member.indices.map { k in
            guard let b = busy[member[k]], !b.isEmpty else { return availableStarts[k] }
            return availableStarts[k].subtracting(SlotMath.blockedStarts(b, length: length))
        }
        stage = member.map { cohort.members[$0].stage.rawValue }
        avoid = member.map { i in cohort.members[i].avoid.compactMap { local[$0] }.sorted() }
        var count: [Tag: Int] = [:]
        for i in member { for t in cohort.members[i].interests { count[t, default: 0] += 1 } }
        seekersWith = count
        let podMin = self.podMin
        podInterests = member.map { i in cohort.members[i].interests.filter { count[$0, default: 0] >= podMin }.sorted() }
        var byTag: [Tag: [Int]] = [:]
        for (k, tags) in podInterests.enumerated() { for t in tags { byTag[t, default: []].append(k) } }
        seekersOfTag = byTag
        tagOrder = byTag.keys.sorted { a, b in
            let (x, y) = (byTag[a]!.count, byTag[b]!.count)
            if x != y { return x > y }
            let (na, nb) = (cohort.tags.name(a).lowercased(), cohort.tags.name(b).lowercased())
            return na != nb ? na < nb : a < b
        }
    }

    var count: Int { member.count }

    func avoids(_ a: Int, _ b: Int) -> Bool { avoid[a].contains(b) }

    /// Whether seeker `k` may join `members` (none avoided).
    func fitsSocially(_ k: Int, _ members: [Int]) -> Bool {
        avoid[k].isEmpty || !members.contains { avoid[k].contains($0) }
    }

    /// Starts every one of `members` can make.
    func commonStarts(_ members: [Int]) -> WeekSlots {
        guard let first = members.first else { return WeekSlots() }
        var s = starts[first]
        for k in members.dropFirst() { s = s.intersection(starts[k]) }
        return s
    }

    /// Whether `members` form a valid pod around `interest` (docs/pods.md §1).
    func isValid(_ members: [Int], interest: Tag) -> Bool {
        guard members.count >= podMin, members.count <= podMax else { return false }
        for k in members where !podInterests[k].contains(interest) { return false }
        for (x, a) in members.enumerated() { for b in members[(x + 1)...] where avoids(a, b) { return false } }
        return !commonStarts(members).isEmpty
    }

    /// A pod's quality: `sharedScore` per interest a pair shares beyond the
    /// pod's own, plus `stageScore` per distinct stage (docs/pods.md §2).
    func quality(_ members: [Int]) -> Int {
        var q = 0
        var stages = 0
        for (x, a) in members.enumerated() {
            stages |= 1 << stage[a]
            let ia = cohort.members[member[a]].interests
            for b in members[(x + 1)...] {
                q += max(0, ia.intersectionCount(cohort.members[member[b]].interests) - 1) * Self.sharedScore
            }
        }
        return q + stages.nonzeroBitCount * Self.stageScore
    }
}
