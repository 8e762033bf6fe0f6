/// The team problem as flat arrays for the native search (docs/teams.md §3): member
/// **positions** 0..<n are the eligible members in index order, and **kinds** say what a team
/// is — kinds 0..<projects are the projects (in `TeamProblem.projectOrder`), kind `free` the
/// teams without a project.
///
/// Everything the search scores or checks goes through this type: the size range of a kind,
/// what a member brings to a team of a kind (choice score, needs covered), who may be on a
/// team of a kind, and the rules every team meets (distinct stages, a senior, a common start,
/// no avoided pair). A new kind of team (a study pod: a kind per interest, admitting only
/// members with that interest, other sizes and rules) or a new score term adds data here and
/// a term in `TeamSearchState.teamQuality`; the moves and the search do not change.
struct TeamSearchModel: Sendable {
    let p: TeamProblem
    /// Eligible members: position → member index (ascending).
    let member: [Int]
    /// Member index → position, −1 for members who are not eligible.
    let position: [Int32]
    let stage: [UInt8]
    let senior: [Bool]
    /// Per position: the standup starts the member can make.
    let starts: [WeekSlots]
    /// Per position: may be on some valid team (docs/teams.md §4); the others are never moved.
    let placeable: [Bool]
    /// Per position: the project kind the member is pre-assigned to ("pitcher"), −1 for none.
    let fixedKind: [Int32]
    /// Per position, flattened: the positions the member avoids (symmetric).
    let avoidStart: [Int32]
    let avoidList: [Int32]
    /// Per position, flattened: (kind, score) of each project chosen.
    let choiceStart: [Int32]
    let choiceKind: [Int32]
    let choiceScore: [Int32]
    /// Per position, flattened and sorted: the need tags (tag index) the member holds.
    let skillStart: [Int32]
    let skillTags: [Int32]
    /// Per position, flattened: the slots of `starts`, for drawing one at random.
    let slotStart: [Int32]
    let slotList: [Int16]
    /// Per slot: the placeable positions free then (the members a member may share a team with).
    let memberAt: [[Int32]]

    /// Project kinds; kind `free` (= `projects`) is a team without a project.
    let projects: Int
    var free: Int32 { Int32(projects) }
    var kindCount: Int { projects + 1 }
    /// Per kind: the project index (nil for `free`).
    let kindProject: [Int?]
    /// Per kind: size range.
    let lo: [Int32]
    let hi: [Int32]
    /// Per kind, flattened and sorted by tag: the project's needs (bit b of a need mask is the
    /// b-th need in this order; at most 64 are scored).
    let needStart: [Int32]
    let needTags: [Int32]
    /// Per kind: its eligible pre-assigned members (positions).
    let pitchers: [[Int32]]
    /// Per kind: proven unable to form (docs/teams.md §4), or its pitchers cannot all be placed.
    let closed: [Bool]
    /// The largest size of any kind, and the most needs of any kind (≤ 64).
    let maxSize: Int
    let maxNeeds: Int
    let distinctStages: Int
    /// The team rules over positions (docs/teams.md §6).
    let rules: TeamRules

    /// Scores of the quality terms (docs/teams.md §2).
    static let stageScore = Int32(TeamProblem.stageScore)
    static let needScore = Int32(TeamProblem.needScore)

    init(_ p: TeamProblem, placeable byMember: [Bool], closed closedProjects: Set<Int>) {
        self.p = p
        let cohort = p.cohort
        let member = p.eligible
        self.member = member
        let n = member.count
        var position = [Int32](repeating: -1, count: cohort.members.count)
        for (k, i) in member.enumerated() { position[i] = Int32(k) }
        self.position = position
        rules = p.rules.active ? p.rules.remapped(ids: member, newId: position) : p.rules
        stage = member.map { UInt8(p.stage($0)) }
        senior = member.map(p.isSenior)
        let starts = member.map { p.starts[$0] }
        self.starts = starts
        let placeable = member.map { byMember[$0] && !p.starts[$0].isEmpty }
        self.placeable = placeable

        projects = p.projectOrder.count
        var kindOf = [Int32](repeating: -1, count: cohort.projects.count)
        for (k, j) in p.projectOrder.enumerated() { kindOf[j] = Int32(k) }
        kindProject = p.projectOrder.map { Optional($0) } + [nil]
        var lo: [Int32] = [], hi: [Int32] = []
        for j in p.projectOrder {
            let r = p.sizeRange(project: j)
            lo.append(Int32(r.lowerBound)); hi.append(Int32(r.upperBound))
        }
        lo.append(Int32(p.teamMin)); hi.append(Int32(p.teamMax))
        self.lo = lo
        self.hi = hi
        let projects = self.projects
        maxSize = Int(hi.max() ?? 0)
        distinctStages = p.distinctStages

        let fixedKind = member.map { p.preassigned[$0] >= 0 ? kindOf[p.preassigned[$0]] : -1 }
        self.fixedKind = fixedKind
        var pitchers = [[Int32]](repeating: [], count: projects + 1)
        for (k, j) in fixedKind.enumerated() where j >= 0 { pitchers[Int(j)].append(Int32(k)) }
        self.pitchers = pitchers
        var closed = [Bool](repeating: false, count: projects + 1)
        for (k, j) in p.projectOrder.enumerated() {
            let f = pitchers[k]
            closed[k] = closedProjects.contains(j) || f.count > Int(hi[k])
                || f.contains { !byMember[member[Int($0)]] || p.starts[member[Int($0)]].isEmpty }
        }
        self.closed = closed

        var avoidStart: [Int32] = [0], avoidList: [Int32] = []
        var choiceStart: [Int32] = [0], choiceKind: [Int32] = [], choiceScore: [Int32] = []
        for i in member {
            for a in cohort.members[i].avoid where position[a] >= 0 { avoidList.append(position[a]) }
            avoidStart.append(Int32(avoidList.count))
            for j in cohort.members[i].projectChoices {
                let score = p.choiceScore(i, project: j)
                guard score > 0 else { continue }
                choiceKind.append(kindOf[j]); choiceScore.append(Int32(score))
            }
            choiceStart.append(Int32(choiceKind.count))
        }
        self.avoidStart = avoidStart; self.avoidList = avoidList
        self.choiceStart = choiceStart; self.choiceKind = choiceKind; self.choiceScore = choiceScore

        // Needs, by tag: only tags some project needs matter for skills.
        var needStart: [Int32] = [0], needTags: [Int32] = []
        var isNeed = Set<Int32>()
        var most = 0
        for j in p.projectOrder {
            let tags = cohort.projects[j].needs.tags.prefix(64).map(\.index)
            needTags += tags
            isNeed.formUnion(tags)
            most = max(most, tags.count)
            needStart.append(Int32(needTags.count))
        }
        needStart.append(Int32(needTags.count))  // free kind: no needs
        self.needStart = needStart; self.needTags = needTags
        maxNeeds = most
        var skillStart: [Int32] = [0], skillTags: [Int32] = []
        for i in member {
            for tag in cohort.members[i].skills where isNeed.contains(tag.index) { skillTags.append(tag.index) }
            skillStart.append(Int32(skillTags.count))
        }
        self.skillStart = skillStart; self.skillTags = skillTags

        var slotStart: [Int32] = [0], slotList: [Int16] = []
        var memberAt = [[Int32]](repeating: [], count: Week.slots)
        for k in 0..<n {
            for s in starts[k].slots {
                slotList.append(Int16(s))
                if placeable[k] { memberAt[s].append(Int32(k)) }
            }
            slotStart.append(Int32(slotList.count))
        }
        self.slotStart = slotStart; self.slotList = slotList; self.memberAt = memberAt
    }

    var n: Int { member.count }

    /// Choice score of position `i` on a team of `kind` (0 for free teams and unchosen projects).
    @inline(__always)
    func choice(_ i: Int, _ kind: Int32) -> Int32 {
        var c = Int(choiceStart[i])
        let end = Int(choiceStart[i + 1])
        while c < end {
            if choiceKind[c] == kind { return choiceScore[c] }
            c += 1
        }
        return 0
    }

    /// Bits of the needs of `kind` that position `i` holds (bit b: the b-th need of the kind).
    @inline(__always)
    func needMask(_ i: Int, _ kind: Int32) -> UInt64 {
        var a = Int(skillStart[i]), b = Int(needStart[Int(kind)])
        let aEnd = Int(skillStart[i + 1]), bEnd = Int(needStart[Int(kind) + 1])
        guard a < aEnd && b < bEnd else { return 0 }
        let first = b
        var mask: UInt64 = 0
        while a < aEnd && b < bEnd {
            let x = skillTags[a], y = needTags[b]
            if x == y {
                mask |= 1 << UInt64(b - first)
                a += 1; b += 1
            } else if x < y { a += 1 } else { b += 1 }
        }
        return mask
    }

    /// Needs of `kind`.
    @inline(__always)
    func needCount(_ kind: Int32) -> Int { Int(needStart[Int(kind) + 1] - needStart[Int(kind)]) }

    /// Whether position `i` may be on a team of `kind` (a pitcher only on its project's).
    @inline(__always)
    func admits(_ i: Int, _ kind: Int32) -> Bool {
        fixedKind[i] < 0 || fixedKind[i] == kind
    }
}
