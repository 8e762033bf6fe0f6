/// A team while it is being built or improved.
struct WorkingTeam: Sendable, Hashable {
    /// Project index, or nil for a free team.
    var project: Int?
    /// Member indices (any order while working; sorted at the end).
    var members: [Int]
    /// Standup starts every member can make.
    var common: WeekSlots
}

/// The fast constructive start (docs/teams.md §3): project teams from the
/// pre-assigned members and the choices, filled to their rules; then free
/// teams grown around the hardest-to-place member at a crowded slot; then
/// every member still left is inserted into a team with room. Every team it
/// returns meets every hard rule.
struct TeamConstruction {
    let p: TeamProblem
    /// Members that may be placed in a free team or a chosen project (eligible, not pre-assigned, some team conceivable).
    let placeable: [Bool]

    var teams: [WorkingTeam] = []
    /// Team position per member index, -1 for none.
    var teamOf: [Int]
    /// Unassigned placeable free members per standup start, lazily cleaned.
    var pool: [[Int32]]
    /// Unassigned placeable free members who can make each start.
    var free: [Int]
    /// Hardest first: fewest starts, then member index.
    var order: [Int]
    /// Projects whose pre-assigned members cannot form a team by themselves (provably): project → reason.
    var closedProjects: [Int: String] = [:]
    /// Per project, the placeable free members who chose it (member order).
    var choosers: [[Int]]
    /// Stamp per member: seen in the current `candidates` call (no hashing).
    var seen: [UInt32]
    var stamp: UInt32 = 0
    /// Per start: pool entries before it are all assigned (free teams only assign).
    var poolHead = [Int](repeating: 0, count: Week.slots)
    /// Per start: unassigned free members per stage (index 8·start + stage), and seniors.
    var stageFree = [Int32](repeating: 0, count: Week.slots * 8)
    var seniorFree = [Int32](repeating: 0, count: Week.slots)
    /// Per member: who it wishes as a teammate and who wishes it (`teammates`, both ways; empty
    /// when nobody wishes), placeable and not pre-assigned.
    var partners: [[Int]] = []
    /// Per member: how many standup starts it can make, its stage, and whether its avoid list
    /// is not empty (`fill` reads these for thousands of candidates a step).
    let startCount: [Int32]
    let stageOf: [UInt8]
    let avoidsSomeone: [Bool]
    /// Per member: bit `tag mod 64` of each skill (exact while the roster has at most 64 tags).
    let skillBits: [UInt64]
    let skillBitsExact: Bool
    /// Choice points for the project `fill` works on, valid where `chosenStamp` is `chosenRound`.
    var chosenScore: [Int32]
    var chosenStamp: [UInt32]
    var chosenRound: UInt32 = 0
    /// Wishes between each member and the team `fill` works on (`wishesWith`, both ways),
    /// valid where `wishStamp` is `wishRound`; empty when nobody wishes.
    var wishCount: [Int32] = []
    var wishStamp: [UInt32] = []
    var wishRound: UInt32 = 0
    /// Members from the pools a project team looks at when it fills up (besides
    /// everyone who chose the project): bounds the work per team at 100k members.
    static let fillCandidates = 2048

    init(_ p: TeamProblem, placeable: [Bool]) {
        self.p = p
        self.placeable = placeable
        teamOf = [Int](repeating: -1, count: p.cohort.members.count)
        pool = [[Int32]](repeating: [], count: Week.slots)
        free = [Int](repeating: 0, count: Week.slots)
        var candidates: [(count: Int, i: Int)] = []
        for i in p.eligible where placeable[i] && p.preassigned[i] < 0 {
            candidates.append((p.starts[i].count, i))
        }
        candidates.sort { $0.count < $1.count || ($0.count == $1.count && $0.i < $1.i) }
        // Pools in hardest-first order, so a scan meets the best candidates first.
        for (_, i) in candidates {
            for s in p.starts[i].slots {
                pool[s].append(Int32(i))
                free[s] += 1
                stageFree[8 * s + p.stage(i)] += 1
                if p.isSenior(i) { seniorFree[s] += 1 }
            }
        }
        seen = [UInt32](repeating: 0, count: p.cohort.members.count)
        startCount = p.starts.map { Int32($0.count) }
        stageOf = p.cohort.members.map { UInt8($0.stage.rawValue) }
        avoidsSomeone = p.cohort.members.map { !$0.avoid.isEmpty }
        skillBitsExact = p.cohort.tags.count <= 64
        skillBits = p.cohort.members.map { $0.skills.reduce(UInt64(0)) { $0 | 1 << UInt64($1.index & 63) } }
        chosenScore = [Int32](repeating: 0, count: p.cohort.members.count)
        chosenStamp = [UInt32](repeating: 0, count: p.cohort.members.count)
        var choosers = [[Int]](repeating: [], count: p.cohort.projects.count)
        for i in p.eligible where placeable[i] && p.preassigned[i] < 0 {
            for j in p.cohort.members[i].projectChoices { choosers[j].append(i) }
        }
        self.choosers = choosers
        order = candidates.map(\.i)
        if p.rules.hasWishes {
            var partners = [[Int]](repeating: [], count: p.cohort.members.count)
            for i in p.eligible {
                for w in p.rules.wishes(i) {
                    let j = Int(w)
                    if placeable[j] && p.preassigned[j] < 0 && !partners[i].contains(j) { partners[i].append(j) }
                    if placeable[i] && p.preassigned[i] < 0 && !partners[j].contains(i) { partners[j].append(i) }
                }
            }
            self.partners = partners
            wishCount = [Int32](repeating: 0, count: p.cohort.members.count)
            wishStamp = [UInt32](repeating: 0, count: p.cohort.members.count)
        }
    }

    /// Wishes between `i` and `members`, both ways (each scores `TeamRules.wishScore`).
    func wishesWith(_ i: Int, _ members: [Int]) -> Int {
        guard !partners.isEmpty, !partners[i].isEmpty else { return 0 }
        var c = 0
        for w in p.rules.wishes(i) where members.contains(Int(w)) { c += 1 }
        for a in members where p.rules.wishes(a).contains(Int32(i)) { c += 1 }
        return c
    }

    /// Stamps `wishesWith(c, members)` for every `c` with a wish to or from `members`: a member
    /// `a` adds one for each time it is on `c`'s list (`wishedBy`) and one if `c` is on its own.
    private mutating func markWishes(of members: [Int]) {
        wishRound &+= 1
        func bump(_ c: Int32) {
            let c = Int(c)
            if wishStamp[c] != wishRound { wishStamp[c] = wishRound; wishCount[c] = 0 }
            wishCount[c] += 1
        }
        for a in members {
            for c in p.rules.wishedBy(a) { bump(c) }
            let own = p.rules.wishes(a)
            for k in own.indices where !own[own.startIndex..<k].contains(own[k]) { bump(own[k]) }
        }
    }

    /// Whether `i`'s avoid list names one of `members`.
    private func avoidsMember(_ i: Int, _ members: [Int]) -> Bool {
        let avoid = p.cohort.members[i].avoid
        return members.contains { avoid.contains($0) }
    }

    /// Seats the unassigned wish partners of `i` (just put on project team `t`) who chose the
    /// project too, while the team has room for them and the rules it still misses.
    mutating func seatPartners(of i: Int, on t: Int) {
        guard !partners.isEmpty, let project = teams[t].project else { return }
        let hi = p.sizeRange(project: project).upperBound
        for b in partners[i] where teamOf[b] < 0 && p.cohort.members[b].projectChoices.contains(project) {
            let team = teams[t]
            guard team.members.count < hi, team.common.intersects(p.starts[b]), !avoidsAny(b, team.members) else { continue }
            if missing(team.members + [b]) > hi - team.members.count - 1 { continue }
            assign(b, to: t)
        }
    }

    static func build(_ p: TeamProblem, placeable: [Bool]) -> (teams: [WorkingTeam], closed: [Int: String]) {
        var c = TeamConstruction(p, placeable: placeable)
        c.openProjects()
        c.freeTeams()
        c.insertLeftovers()
        return (c.teams, c.closedProjects)
    }

    // MARK: helpers

    mutating func assign(_ i: Int, to t: Int) {
        teams[t].members.append(i)
        teams[t].common = teams[t].common.intersection(p.starts[i])
        teamOf[i] = t
        if p.preassigned[i] < 0 {
            let stage = p.stage(i), senior = p.isSenior(i)
            for s in p.starts[i].slots {
                free[s] -= 1
                stageFree[8 * s + stage] -= 1
                if senior { seniorFree[s] -= 1 }
            }
        }
    }

    mutating func unassign(_ i: Int) {
        teamOf[i] = -1
        if p.preassigned[i] < 0 {
            let stage = p.stage(i), senior = p.isSenior(i)
            for s in p.starts[i].slots {
                free[s] += 1
                stageFree[8 * s + stage] += 1
                if senior { seniorFree[s] += 1 }
                pool[s].append(Int32(i))  // may now appear twice; scans skip duplicates by teamOf/seen
            }
        }
    }

    /// Whether `i` may not join `members`: an avoided member among them, or (`team_group` =
    /// "same") another group.
    func avoidsAny(_ i: Int, _ members: [Int]) -> Bool {
        if p.rules.sameGroup && !p.rules.canJoin(i, members: members) { return true }
        return avoidsSomeone[i] && avoidsMember(i, members)
    }

    /// The stages present (a bit per stage) and whether a senior is among `members`.
    struct Mix {
        var stages = 0
        var senior = false
        mutating func add(_ i: Int, _ p: TeamProblem) {
            stages |= 1 << p.stage(i)
            if p.isSenior(i) { senior = true }
        }
        func adding(_ i: Int, _ p: TeamProblem) -> Mix {
            var m = self
            m.add(i, p)
            return m
        }
        /// Senior missing (0/1) + distinct stages missing.
        func missing(_ p: TeamProblem) -> Int { (senior ? 0 : 1) + max(0, p.distinctStages - stages.nonzeroBitCount) }
    }

    func mix(_ members: [Int]) -> Mix {
        var m = Mix()
        for i in members { m.add(i, p) }
        return m
    }

    /// Senior missing (0/1) + distinct stages missing, for `members`.
    func missing(_ members: [Int]) -> Int { mix(members).missing(p) }

    /// Unassigned free placeable members who can make some start in `starts`,
    /// each once, ascending index; with `limit`, only the first `limit` found
    /// (slot by slot), plus every one in `also`; in no particular order.
    mutating func candidates(in starts: WeekSlots, limit: Int = .max, also: [Int] = []) -> [Int] {
        stamp &+= 1
        var result: [Int] = []
        for s in starts.slots {
            if result.count >= limit { break }
            var kept: [Int32] = []
            kept.reserveCapacity(pool[s].count)
            for c in pool[s] where teamOf[Int(c)] < 0 {
                if kept.last != c { kept.append(c) }
                if result.count < limit, seen[Int(c)] != stamp {
                    seen[Int(c)] = stamp
                    result.append(Int(c))
                }
            }
            pool[s] = kept
            poolHead[s] = 0
        }
        for c in also where teamOf[c] < 0 && p.starts[c].intersects(starts) && seen[c] != stamp {
            seen[c] = stamp
            result.append(c)
        }
        return result
    }

    // MARK: projects

    mutating func openProjects() {
        var teamOfProject = [Int](repeating: -1, count: p.cohort.projects.count)
        for j in p.projectOrder {
            let fixed = p.pitchers(j)
            let common = p.commonStarts(fixed)
            let range = p.sizeRange(project: j)
            if let i = fixed.first(where: { p.starts[$0].isEmpty }) {
                closedProjects[j] = "\(p.cohort.members[i].id) has no window of \(p.cohort.policy.standupMinutes) minutes"
                continue
            }
            if common.isEmpty {
                closedProjects[j] = "its pre-assigned members (\(fixed.map { p.cohort.members[$0].id }.joined(separator: ", "))) share no \(p.cohort.policy.standupMinutes)-minute window"
                continue
            }
            if let (a, b) = p.rules.groupConflict(fixed.map(Int32.init)) {
                let x = p.cohort.members[Int(a)], y = p.cohort.members[Int(b)]
                closedProjects[j] = "its pre-assigned members \(x.id) ('\(p.cohort.groups.name(x.group!))') and \(y.id) ('\(p.cohort.groups.name(y.group!))') are in different groups (team_group = \"same\")"
                continue
            }
            if let a = fixed.first(where: { avoidsAny($0, fixed) }) {
                closedProjects[j] = "its pre-assigned member \(p.cohort.members[a].id) avoids another pre-assigned member"
                continue
            }
            if fixed.count > range.upperBound {
                closedProjects[j] = "it has more pre-assigned members than its maximum size"
                continue
            }
            teamOfProject[j] = teams.count
            teams.append(WorkingTeam(project: j, members: [], common: .all))
            for i in fixed { assign(i, to: teams.count - 1) }
        }
        guard teams.count > 0 else { return }
        // Choices, by rank: everyone's first choice before anyone's second.
        let maxRank = order.map { p.cohort.members[$0].projectChoices.count }.max() ?? 0
        for r in 0..<maxRank {
            for i in order where teamOf[i] < 0 {
                let choices = p.cohort.members[i].projectChoices
                guard r < choices.count else { continue }
                let t = teamOfProject[choices[r]]
                guard t >= 0 else { continue }
                let team = teams[t]
                let hi = p.sizeRange(project: team.project).upperBound
                guard team.members.count < hi, team.common.intersects(p.starts[i]), !avoidsAny(i, team.members) else { continue }
                // Keep room for the rules the team still misses.
                if missing(team.members + [i]) > hi - team.members.count - 1 { continue }
                assign(i, to: t)
                seatPartners(of: i, on: t)
            }
        }
        // Fill each project to its minimum size and rules, or close it.
        for t in teams.indices {
            fill(t)
            let team = teams[t]
            if p.violation(members: team.members, project: team.project, start: nil) != nil {
                for i in team.members { unassign(i) }
                teams[t].members = []
            }
        }
        teams.removeAll { $0.members.isEmpty }
        for t in teams.indices { for i in teams[t].members { teamOf[i] = t } }
    }

    /// Adds members to project team `t` until its size and rules are met (best effort): each
    /// step the candidate with the best (fixes a missing rule, choice + wish points, needs
    /// covered, fewest starts), the lowest index of equal ones. The key is compared part by part, so
    /// most candidates are passed over on the arrays above without their `Member` record.
    mutating func fill(_ t: Int) {
        let project = teams[t].project
        let range = p.sizeRange(project: project)
        let needs = project.map { p.cohort.projects[$0].needs } ?? TagSet()
        let needMask = needs.reduce(UInt64(0)) { $0 | 1 << UInt64($1.index & 63) }
        if let project { markChoosers(of: project) }
        let screen = p.rules.sameGroup
        while teams[t].members.count < range.upperBound
            && (teams[t].members.count < range.lowerBound || missing(teams[t].members) > 0)
        {
            let team = teams[t]
            let room = range.upperBound - team.members.count
            let current = mix(team.members)
            let need = current.missing(p)
            var best: (key: (Int, Int, Int, Int), i: Int)?
            // `avoidsAny` and `wishesWith` for every candidate, from the team's group and stamps.
            // The team's one group (−1: none, nil: mixed); `c` may join when it has none or it is this.
            let group = screen ? p.rules.teamGroup(team.members.lazy.map { Int32($0) }) : -1
            if !partners.isEmpty { markWishes(of: team.members) }
            let found = candidates(in: team.common, limit: Self.fillCandidates, also: project.map { choosers[$0] } ?? [])
            for c in found {
                var with = current
                with.stages |= 1 << Int(stageOf[c])
                if Int(stageOf[c]) >= p.seniorStage { with.senior = true }
                let fix = with.missing(p) < need
                if need >= room && !fix { continue }
                if screen, p.rules.group[c] >= 0, group.map({ $0 >= 0 && $0 != p.rules.group[c] }) ?? true { continue }
                if avoidsSomeone[c] && avoidsMember(c, team.members) { continue }
                let choice = project != nil && chosenStamp[c] == chosenRound ? Int(chosenScore[c]) : 0
                let wishes = partners.isEmpty || wishStamp[c] != wishRound || partners[c].isEmpty ? 0 : Int(wishCount[c])
                let points = choice + Int(TeamRules.wishScore) * wishes
                let head = (fix ? 1 : 0, points)
                var covered = -1
                if let b = best {
                    if head < (b.key.0, b.key.1) { continue }
                    if head == (b.key.0, b.key.1) {
                        covered = coveredNeeds(c, needs, needMask)
                        if (covered, -Int(startCount[c]), -c) < (b.key.2, b.key.3, -b.i) { continue }
                    }
                }
                if covered < 0 { covered = coveredNeeds(c, needs, needMask) }
                best = ((head.0, head.1, covered, -Int(startCount[c])), c)
            }
            guard let pick = best?.i else { return }
            assign(pick, to: t)
        }
    }

    /// How many of `needs` member `c`'s skills cover (`needMask`: their bits in `skillBits`).
    private func coveredNeeds(_ c: Int, _ needs: TagSet, _ needMask: UInt64) -> Int {
        let hit = needMask & skillBits[c]
        if hit == 0 { return 0 }
        if skillBitsExact { return hit.nonzeroBitCount }
        return needs.count { p.cohort.members[c].skills.contains($0) }
    }

    /// Stamps the choice points (`TeamProblem.choiceScore`) of every chooser of `project`.
    private mutating func markChoosers(of project: Int) {
        chosenRound &+= 1
        for i in choosers[project] {
            chosenStamp[i] = chosenRound
            chosenScore[i] = Int32(p.choiceScore(i, project: project))
        }
    }

    // MARK: free teams

    mutating func freeTeams() {
        for i in order where teamOf[i] < 0 {
            // Starts of i, most free members first.
            let slots = p.starts[i].slots.sorted { free[$0] > free[$1] || (free[$0] == free[$1] && $0 < $1) }
            for s in slots.prefix(8) where free[s] >= p.teamMin {
                if let team = grow(seed: i, slot: s) {
                    let t = teams.count
                    teams.append(WorkingTeam(project: nil, members: [], common: .all))
                    for m in team { assign(m, to: t) }
                    break
                }
            }
        }
    }

    /// A valid free team of `teamMin` (or a little more, for the rules) around
    /// `seed` at start `slot`: each next member is the first in the slot's pool
    /// (hardest to place first) who fixes a missing rule, else the first who fits.
    mutating func grow(seed: Int, slot: Int) -> [Int]? {
        var team = [seed]
        while poolHead[slot] < pool[slot].count && teamOf[Int(pool[slot][poolHead[slot]])] >= 0 { poolHead[slot] += 1 }
        while team.count < p.teamMax && (team.count < p.teamMin || missing(team) > 0) {
            let room = p.teamMax - team.count
            let current = mix(team)
            let need = current.missing(p)
            // Could anyone free at this start fix a missing rule? (Counts, so a
            // hopeless start is not scanned member by member.)
            var fixerMayExist = !current.senior && seniorFree[slot] > 0
            if !fixerMayExist && current.stages.nonzeroBitCount < p.distinctStages {
                for stage in 1...7 where current.stages & (1 << stage) == 0 && stageFree[8 * slot + stage] > 0 { fixerMayExist = true }
            }
            if need >= room && !fixerMayExist { return nil }
            let wantFixer = need > 0 && fixerMayExist
            var pick = -1, fallback = -1
            // A wish partner of someone on the team first (`teammates`), when it fixes what is
            // missing or nothing is.
            if !partners.isEmpty {
                for a in team where pick < 0 {
                    for b in partners[a] where teamOf[b] < 0 && !team.contains(b) && p.starts[b].contains(slot) && !avoidsAny(b, team) {
                        if wantFixer ? current.adding(b, p).missing(p) < need : need < room { pick = b; break }
                    }
                }
                if pick >= 0 { team.append(pick); continue }
            }
            for c32 in pool[slot][poolHead[slot]...] {
                let c = Int(c32)
                if teamOf[c] >= 0 || team.contains(c) || avoidsAny(c, team) { continue }
                if wantFixer && current.adding(c, p).missing(p) < need { pick = c; break }
                if fallback < 0 && need < room {
                    fallback = c
                    if !wantFixer { break }
                }
            }
            if pick < 0 { pick = fallback }
            guard pick >= 0 else { return nil }
            team.append(pick)
        }
        guard team.count >= p.teamMin && missing(team) == 0 else { return nil }
        // Room left: the wish partners of its members join too (`teammates`).
        if !partners.isEmpty {
            var k = 0
            while k < team.count && team.count < p.teamMax {
                for b in partners[team[k]] where team.count < p.teamMax && teamOf[b] < 0 && !team.contains(b) && p.starts[b].contains(slot)
                    && !avoidsAny(b, team) { team.append(b) }
                k += 1
            }
        }
        return team
    }

    // MARK: leftovers

    /// Every member still left joins the team with room that scores best for them: the most
    /// choice and wish points, then the smallest team, then the first (docs/teams.md §3). Only
    /// the teams of their chosen projects and of their wish partners can score points; among
    /// the rest the smallest first team comes from per-start heaps, so a member costs
    /// O(starts × sizes × log teams) and not a scan of every team (100k members: 14 s → 0.1 s).
    mutating func insertLeftovers() {
        guard !teams.isEmpty else { return }
        let width = teams.indices.map { hi($0) }.max()! + 1
        // heaps[s · width + k]: teams of k members with room whose common starts contained s
        // when pushed. An entry goes stale when its team grows or loses s; it is dropped then.
        var heaps = [[Int32]](repeating: [], count: Week.slots * width)
        var withRoom = [Int](repeating: 0, count: width)
        for t in teams.indices where teams[t].members.count < hi(t) {
            withRoom[teams[t].members.count] += 1
            for s in teams[t].common.slots { heaps[s * width + teams[t].members.count].append(Int32(t)) }  // ascending: a heap
        }
        var teamsOfProject = [[Int]](repeating: [], count: p.cohort.projects.count)
        for t in teams.indices { if let j = teams[t].project { teamsOfProject[j].append(t) } }
        var wishers: [[Int]] = []
        if !partners.isEmpty {
            wishers = [[Int]](repeating: [], count: p.cohort.members.count)
            for a in p.eligible { for w in p.rules.wishes(a) { wishers[Int(w)].append(a) } }
        }
        var special: [Int] = []
        for i in order where teamOf[i] < 0 {
            // The teams that can score points for i.
            special.removeAll(keepingCapacity: true)
            for j in p.cohort.members[i].projectChoices { special += teamsOfProject[j] }
            if !partners.isEmpty && !partners[i].isEmpty {
                for w in p.rules.wishes(i) where teamOf[Int(w)] >= 0 { special.append(teamOf[Int(w)]) }
                for a in wishers[i] where teamOf[a] >= 0 { special.append(teamOf[a]) }
            }
            var best: (key: (Int, Int, Int), t: Int)?
            for t in special {
                let team = teams[t]
                guard team.members.count < hi(t), team.common.intersects(p.starts[i]), !avoidsAny(i, team.members) else { continue }
                let key = (p.choiceScore(i, project: team.project) + Int(TeamRules.wishScore) * wishesWith(i, team.members), -team.members.count, -t)
                if best == nil || key > best!.key { best = (key, t) }
            }
            var pick = best.map(\.t) ?? -1
            if pick < 0 {
                // No points anywhere: the smallest team with room, the first of those.
                let slots = p.starts[i].slots
                for k in 0..<width where withRoom[k] > 0 {
                    var first = Int.max
                    for s in slots { first = min(first, firstFitting(i, in: &heaps, at: s * width + k, size: k, slot: s, below: first)) }
                    if first < Int.max { pick = first; break }
                }
            }
            guard pick >= 0 else { continue }
            let before = teams[pick].members.count
            assign(i, to: pick)
            withRoom[before] -= 1
            let size = before + 1
            if size < hi(pick) {
                withRoom[size] += 1
                for s in teams[pick].common.slots { Self.push(Int32(pick), into: &heaps[s * width + size]) }
            }
        }
    }

    /// The upper size of team `t`.
    private func hi(_ t: Int) -> Int { p.sizeRange(project: teams[t].project).upperBound }

    /// The first team below `below` in heap `h` (teams of `size` members with room at start
    /// `slot`) that `i` may join, or `Int.max`; stale entries are dropped on the way.
    private func firstFitting(_ i: Int, in heaps: inout [[Int32]], at h: Int, size: Int, slot: Int, below: Int) -> Int {
        var avoided: [Int32] = []
        var found = Int.max
        while let top = heaps[h].first, Int(top) < below {
            let t = Int(top), team = teams[t]
            if team.members.count != size || !team.common.contains(slot) || size >= hi(t) {
                Self.pop(&heaps[h])
            } else if avoidsAny(i, team.members) {
                avoided.append(Self.pop(&heaps[h]))
            } else {
                found = t
                break
            }
        }
        for t in avoided { Self.push(t, into: &heaps[h]) }
        return found
    }

    /// Binary min-heap on an array.
    private static func push(_ x: Int32, into heap: inout [Int32]) {
        heap.append(x)
        var k = heap.count - 1
        while k > 0 {
            let parent = (k - 1) / 2
            if heap[parent] <= x { break }
            heap[k] = heap[parent]
            k = parent
        }
        heap[k] = x
    }

    @discardableResult
    private static func pop(_ heap: inout [Int32]) -> Int32 {
        let top = heap[0], last = heap.removeLast()
        if heap.isEmpty { return top }
        var k = 0
        let n = heap.count
        while true {
            var child = 2 * k + 1
            if child >= n { break }
            if child + 1 < n && heap[child + 1] < heap[child] { child += 1 }
            if last <= heap[child] { break }
            heap[k] = heap[child]
            k = child
        }
        heap[k] = last
        return top
    }
}
