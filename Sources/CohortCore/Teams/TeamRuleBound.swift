/// The team rules' part of the quality bound (docs/teams.md §6), added once to the core terms'
/// bound (`TeamFormation`): the simple bound prices choices, stages and needs only, so the rules'
/// terms are bounded here, each at its most:
///
/// - a `teammates` wish scores only when both members can be placed and could share a team
///   (a common standup start, no avoid, the same group under `team_group` = "same");
/// - the `team_ideal` term gives a placed member at most `idealScore · reach` (their team at the
///   ideal size);
/// - the `team_no_isolated` term is a penalty, never above 0.
///
/// The slot bound (§5) counts the `team_ideal` term and the wishes itself, inside each team it
/// prices; beside it only the isolation term is left, never above 0.
/// The sum of valid bounds is a valid bound; 0 without the rules.
enum TeamRuleBound {
    /// An upper bound on the rules' part of the total quality beside the simple bound;
    /// `placeable`: the members proven placeable (the others are on no team in any answer).
    /// Nothing is added beside the slot bound, which counts the `team_ideal` term and the wishes
    /// itself (§5).
    static func bound(_ p: TeamProblem, placeable: [Bool]) -> Int {
        let r = p.rules
        guard r.scoring else { return 0 }
        var total = wishBound(p, placeable: placeable)
        if r.ideal != nil { total += Int(TeamRules.idealScore * r.reach) * p.eligible.count { placeable[$0] } }
        return total
    }

    /// The wishes' part alone: 4 for every wish whose two members are placeable and could share a team.
    static func wishBound(_ p: TeamProblem, placeable: [Bool]) -> Int {
        guard p.rules.hasWishes else { return 0 }
        var total = 0
        for i in p.eligible where placeable[i] {
            for w in p.rules.wishes(i) where placeable[Int(w)] && couldShare(i, Int(w), p) { total += Int(TeamRules.wishScore) }
        }
        return total
    }

    /// Whether `a` and `b` could be on one team: a common start, no avoid, one group, compatible projects.
    static func couldShare(_ a: Int, _ b: Int, _ p: TeamProblem) -> Bool {
        guard p.starts[a].intersects(p.starts[b]), !p.cohort.avoids(a, b) else { return false }
        if p.preassigned[a] >= 0 && p.preassigned[b] >= 0 && p.preassigned[a] != p.preassigned[b] { return false }
        return p.rules.canJoin(Int32(a), [Int32(b)])
    }
}

// MARK: the isolation level (teamrules; the lower bound of `TeamIsolation`)

extension TeamRuleBound {
    /// The listed members (`team_no_isolated`) proven placeable who have **no possible peer**:
    /// no other proven-placeable member with their value and a standup start in common, of their
    /// group or of none under `team_group` = "same" (avoids and pre-assignments are left out, so
    /// a few members with a peer on paper may still be alone: the count only shrinks). Counted per
    /// value, group and start: O(listed · starts).
    static func membersWithoutPeer(_ p: TeamProblem, placeable: [Bool]) -> [Int] {
        let r = p.rules
        guard r.isolating else { return [] }
        // Per (value, group): members who can start at each slot (group −1: no group).
        struct Key: Hashable { let value: Int32, group: Int32 }
        var counts: [Key: [Int32]] = [:]
        var byValue: [Int32: [Int32]] = [:]
        for i in p.eligible where placeable[i] && r.isolate[i] >= 0 {
            let key = Key(value: r.isolate[i], group: r.sameGroup ? r.group[i] : -1)
            for s in p.starts[i].slots {
                counts[key, default: [Int32](repeating: 0, count: Week.slots)][s] += 1
                byValue[r.isolate[i], default: [Int32](repeating: 0, count: Week.slots)][s] += 1
            }
        }
        var alone: [Int] = []
        for i in p.eligible where placeable[i] && r.isolate[i] >= 0 {
            let v = r.isolate[i], g = r.sameGroup ? r.group[i] : -1
            let same = counts[Key(value: v, group: g)], none = g >= 0 ? counts[Key(value: v, group: -1)] : nil
            let peer = p.starts[i].slots.contains { s in
                // Others at s who could share a team with i: anyone of the value when i has no group,
                // else those of i's group and those of none.
                let others = g < 0 ? byValue[v]![s] - 1 : same![s] - 1 + (none?[s] ?? 0)
                return others > 0
            }
            if !peer { alone.append(i) }
        }
        return alone
    }

    /// A lower bound on the isolated members of any answer that places at least `placed` members
    /// (docs/teams.md §7): of the `alone` members without a possible peer, at most `placeable − placed`
    /// are off every team, and every one placed is isolated.
    static func isolationBound(withoutPeer alone: Int, placeable: Int, placed: Int) -> Int {
        max(0, alone - max(0, placeable - placed))
    }
}
