/// The team rules' part of the quality bound (docs/teams.md §6), added once to the core terms'
/// bound (`TeamFormation`): the core bounds (simple, LP, slot) price choices, stages and needs
/// only, and the rules' terms are bounded here, each at its most:
///
/// - a `teammates` wish scores only when both members can be placed and could share a team
///   (a common standup start, no avoid, the same group under `team_group` = "same");
/// - the `team_ideal` term gives a placed member at most `idealScore · reach` (their team at the
///   ideal size);
/// - the `team_no_isolated` term is a penalty, never above 0.
///
/// The sum of valid bounds is a valid bound; 0 without the rules.
enum TeamRuleBound {
    /// An upper bound on the rules' part of the total quality; `placeable`: the members proven
    /// placeable (the others are on no team in any answer).
    static func bound(_ p: TeamProblem, placeable: [Bool]) -> Int {
        let r = p.rules
        guard r.scoring else { return 0 }
        var total = 0
        for i in p.eligible where placeable[i] {
            if r.ideal != nil { total += Int(TeamRules.idealScore * r.reach) }
            for w in r.wishes(i) where placeable[Int(w)] && couldShare(i, Int(w), p) { total += Int(TeamRules.wishScore) }
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
