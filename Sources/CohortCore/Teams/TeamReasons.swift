/// Which eligible members could be in *some* valid team, and why not
/// (docs/teams.md §4). The test is per member and per standup start: the
/// eligible members (not avoided) who can make that start must be numerous
/// enough, reach the distinct stages and include a senior. A member failing
/// it at every start is provably unplaceable; the count of members passing it
/// is the placement bound.
struct TeamPlaceability {
    /// Per member index: passes the test (eligible members only).
    var placeable: [Bool]
    /// Reasons for eligible members failing it.
    var reasons: [Int: String] = [:]
    /// Eligible members per start and stage (index stage 1…5).
    let perSlot: [[Int32]]

    init(_ p: TeamProblem) {
        var perSlot = [[Int32]](repeating: [Int32](repeating: 0, count: 6), count: Week.slots)
        // team_group = "same": per group, the members of other groups per start and stage (not counted for its members).
        var grouped = [[Int32]](repeating: [Int32](repeating: 0, count: 6), count: p.rules.sameGroup ? Week.slots : 0)
        var perGroup: [Int32: [[Int32]]] = [:]
        for i in p.eligible {
            let k = p.stage(i)
            for s in p.starts[i].slots { perSlot[s][k] += 1 }
            if p.rules.sameGroup, p.rules.group[i] >= 0 {
                let g = p.rules.group[i]
                if perGroup[g] == nil { perGroup[g] = [[Int32]](repeating: [Int32](repeating: 0, count: 6), count: Week.slots) }
                for s in p.starts[i].slots { perGroup[g]![s][k] += 1; grouped[s][k] += 1 }
            }
        }
        self.perSlot = perSlot
        placeable = [Bool](repeating: false, count: p.cohort.members.count)
        for i in p.eligible {
            var others: (([[Int32]], [[Int32]]))? = nil
            if p.rules.sameGroup, p.rules.group[i] >= 0 { others = (grouped, perGroup[p.rules.group[i]]!) }
            if Self.passes(i, p, perSlot, otherGroups: others) { placeable[i] = true } else { reasons[i] = Self.reason(i, p) }
        }
    }

    /// Whether some start of `i` has enough eligible members (minus those `i` avoids, and under
    /// `team_group` those of other groups: `otherGroups` = all grouped members and those of `i`'s
    /// group, per start and stage) for a valid team.
    static func passes(_ i: Int, _ p: TeamProblem, _ perSlot: [[Int32]], otherGroups: ([[Int32]], [[Int32]])? = nil) -> Bool {
        let avoid = p.cohort.members[i].avoid.filter { p.isEligible[$0] && p.rules.canJoin(i, members: [$0]) }
        let need = minimumSize(i, p)
        for s in p.starts[i].slots {
            var counts = perSlot[s]
            if let (grouped, own) = otherGroups { for k in 1...5 { counts[k] -= grouped[s][k] - own[s][k] } }
            for a in avoid where p.starts[a].contains(s) { counts[p.stage(a)] -= 1 }
            if feasible(counts: counts, p: p, need: need) { return true }
        }
        return false
    }

    /// The smallest team `i` could be in: its project's minimum when pre-assigned,
    /// else the smallest of the policy's and every project's (a project's own
    /// sizes hold even when the policy's team_min is larger).
    static func minimumSize(_ i: Int, _ p: TeamProblem) -> Int {
        let j = p.preassigned[i]
        return j >= 0 ? p.sizeRange(project: j).lowerBound : p.smallestTeam
    }

    static func feasible(counts: [Int32], p: TeamProblem, need: Int) -> Bool {
        var total: Int32 = 0, distinct = 0, senior = false
        for k in 1...5 where counts[k] > 0 {
            total += counts[k]
            distinct += 1
            if k >= p.seniorStage { senior = true }
        }
        return total >= need && distinct >= p.distinctStages && senior
    }

    /// "Sat 06:00–07:00 UTC" — the member's windows long enough for a standup.
    static func windows(_ i: Int, _ p: TeamProblem) -> (text: String, count: Int) {
        let runs = p.cohort.members[i].availability.runs.filter { $0.length >= p.length }
        var parts = runs.prefix(3).map { Week.describe(startSlot: $0.start, slotCount: $0.length) }
        if runs.count > 3 { parts.append("\(runs.count - 3) more") }
        return (parts.joined(separator: ", ") + " UTC", runs.count)
    }

    static func reason(_ i: Int, _ p: TeamProblem) -> String {
        let minutes = p.cohort.policy.standupMinutes
        let member = p.cohort.members[i]
        if p.starts[i].isEmpty {
            if member.availability.isEmpty { return "no availability given; a team needs a weekly \(minutes)-minute standup window" }
            // Starts of their own that `standupStarts` took away: the check-ins need them.
            if !member.availability.starts(length: p.length).isEmpty {
                return "every \(minutes)-minute standup time you can make is needed for your mentor check-in(s)"
            }
            return "no window of yours is \(minutes) minutes long, the length of a team standup"
        }
        let need = minimumSize(i, p)
        let (w, runCount) = windows(i, p)
        let yours = runCount == 1 ? "your only window, \(w)," : "your only windows, \(w),"
        // The eligible members who share a start with i (not avoided), with their stages.
        var others: [Int] = []
        var avoided = 0, otherGroup = 0
        for j in p.eligible where j != i && p.starts[j].intersects(p.starts[i]) {
            if !p.rules.canJoin(i, members: [j]) { otherGroup += 1 } else if p.cohort.avoids(i, j) { avoided += 1 } else { others.append(j) }
        }
        var left: [String] = []
        if avoided > 0 { left.append("\(avoided) \(avoided == 1 ? "member" : "members") you avoid") }
        if otherGroup > 0, let g = member.group {
            left.append("\(otherGroup) \(otherGroup == 1 ? "member" : "members") of groups other than yours ('\(p.cohort.groups.name(g))', team_group = \"same\")")
        }
        let besides = left.isEmpty ? "" : ", not counting " + left.joined(separator: " or ")
        if others.count + 1 < need {
            let noun = others.count == 1 ? "other eligible member" : "other eligible members"
            let verb = runCount == 1 ? "is" : "are"
            return "\(yours) \(verb) shared by \(others.count) \(noun)\(besides); a team needs \(need)"
        }
        if !p.isSenior(i) && !others.contains(where: p.isSenior) {
            if others.count == 1 {
                return "the only eligible member who shares a \(minutes)-minute window with you (\(w)) is below stage \(p.seniorStage)\(besides); a team needs someone at stage ≥ \(p.seniorStage)"
            }
            return "none of the \(others.count) eligible members who share a \(minutes)-minute window with you (\(w)) is at stage ≥ \(p.seniorStage)\(besides); a team needs one"
        }
        var stages = 1 << p.stage(i)
        for j in others { stages |= 1 << p.stage(j) }
        if stages.nonzeroBitCount < p.distinctStages {
            let list = (1...5).filter { stages & (1 << $0) != 0 }.map(String.init).joined(separator: ", ")
            return "everyone who shares a \(minutes)-minute window with you (\(w)) is at stage \(list); a team needs \(p.distinctStages) distinct stages"
        }
        // Best single start: most others.
        var best = (count: -1, slot: 0)
        for s in p.starts[i].slots {
            let c = others.count { p.starts[$0].contains(s) }
            if c > best.count { best = (c, s) }
        }
        return "no standup time of yours (\(w)) has enough eligible members free at once for a valid team (at best \(best.count) \(best.count == 1 ? "other" : "others"), \(Week.describe(startSlot: best.slot, slotCount: p.length)) UTC); a team needs \(need) members, \(p.distinctStages) distinct stages and someone at stage ≥ \(p.seniorStage)"
    }

    /// Exact test for a member whose every standup start is shared by few members: tries every
    /// group (up to `limit` others per start). Returns a reason when no valid team with `i` exists at all,
    /// nil when one might (or the groups are too large to try).
    static func provenImpossible(_ i: Int, _ p: TeamProblem, limit: Int = 12) -> String? {
        var lo = p.teamMin, hi = p.teamMax
        for j in p.cohort.projects.indices {
            lo = min(lo, p.sizeRange(project: j).lowerBound)
            hi = max(hi, p.sizeRange(project: j).upperBound)
        }
        var groups: [[Int]] = []
        var everyone = Set<Int>()
        for s in p.starts[i].slots {
            let group = p.eligible.filter { $0 != i && p.starts[$0].contains(s) && !p.cohort.avoids(i, $0) && p.rules.canJoin(i, members: [$0]) }
            if group.count > limit { return nil }
            if !groups.contains(group) { groups.append(group) }
            everyone.formUnion(group)
        }
        for group in groups {
            var found = false
            func extend(_ team: [Int], from k: Int) {
                if found { return }
                if team.count >= lo && team.count <= hi {
                    var stages = 0
                    for m in team { stages |= 1 << p.stage(m) }
                    if stages.nonzeroBitCount >= p.distinctStages && team.contains(where: p.isSenior) { found = true; return }
                }
                if team.count == hi { return }
                for c in k..<group.count where !team.contains(where: { p.cohort.avoids($0, group[c]) }) && p.rules.canJoin(group[c], members: team) {
                    extend(team + [group[c]], from: c + 1)
                }
            }
            extend([i], from: 0)
            if found { return nil }
        }
        let (w, _) = windows(i, p)
        return "no valid team exists among you and the \(everyone.count) eligible members who share your standup times (\(w)): every combination breaks a rule (\(lo)–\(hi) members, \(p.distinctStages) distinct stages, someone at stage ≥ \(p.seniorStage), nobody with a member they avoid\(p.rules.sameGroup ? ", one group" : ""))"
    }

    /// Whether project `j` provably cannot form (its pre-assigned members' every common start lacks
    /// enough eligible members for its size and rules); the reason if so.
    static func projectProvenClosed(_ j: Int, _ p: TeamProblem) -> String? {
        let fixed = p.pitchers(j)
        let common = p.commonStarts(fixed)
        let range = p.sizeRange(project: j)
        for s in common.slots {
            var counts = [Int32](repeating: 0, count: 6)
            for i in p.eligible where p.starts[i].contains(s) && (fixed.contains(i) || (p.preassigned[i] < 0 && !fixed.contains { p.cohort.avoids(i, $0) }
                                                                                       && p.rules.canJoin(i, members: fixed))) {
                counts[p.stage(i)] += 1
            }
            if feasible(counts: counts, p: p, need: range.lowerBound) { return nil }
        }
        let w = common.runs.prefix(3).map { Week.describe(startSlot: $0.start, slotCount: $0.length + p.length - 1) }.joined(separator: ", ")
        return "too few eligible members are free at its pre-assigned members' common standup times (\(w) UTC) for a valid team of \(range.lowerBound)–\(range.upperBound)"
    }

    /// Why a placeable member was still left out (after the search).
    static func leftOverReason(_ i: Int, _ p: TeamProblem, teams: [WorkingTeam], closed: [Int: String]) -> String {
        let (w, _) = windows(i, p)
        let j = p.preassigned[i]
        if j >= 0 {
            let id = p.cohort.projects[j].id
            if let why = closed[j] { return "pre-assigned to project \(id), which cannot form a team: \(why)" }
            let r = p.sizeRange(project: j)
            return "pre-assigned to project \(id), which could not be filled to a valid team (\(r.lowerBound)–\(r.upperBound) members, \(p.distinctStages) distinct stages, someone at stage ≥ \(p.seniorStage)) from eligible members free at its pre-assigned members' standup times"
        }
        let sharing = teams.filter { $0.common.intersects(p.starts[i]) }.count
        if sharing == 0 {
            return "no team meets at a time you can make (\(w)), and the unplaced members free then could not be formed into a valid team with you"
        }
        let group = p.rules.sameGroup ? p.cohort.members[i].group.map { ", include a member you avoid or are of another group than yours ('\(p.cohort.groups.name($0))')" } : nil
        return "all \(sharing) teams that share your windows (\(w)) are full\(group ?? " or include a member you avoid"), and the unplaced members free then cannot form another valid team with you"
    }
}
