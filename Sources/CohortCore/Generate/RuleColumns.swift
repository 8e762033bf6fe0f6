/// The members.csv columns of the group, team-balance, teammate and pod rules
/// (SPEC §2 `group`, `balance`, `teammates`, `wants_pod`), added to a
/// generated roster: deterministic, valid, and independent of how the rest of
/// the roster was generated (it reads only `id`, `status`, `wants_team`,
/// `project_choices` and `avoid`). docs/generator.md.
public struct RuleColumns: Sendable, Equatable {
    /// Departments (`group`); 0 leaves the column out.
    public var groups: Int
    /// Share of members with no group.
    public var noGroupShare: Double
    /// `balance` values with their relative weights; empty leaves the column out.
    public var balanceValues: [String]
    public var balanceWeights: [Int]
    /// Share of members with no balance value.
    public var noBalanceShare: Double
    /// Share of members who want a team and name one or two `teammates`
    /// (someone with the same first project choice when there is one, and of
    /// the wisher's group or of none).
    public var teammateShare: Double
    /// Share of active and trial members with `wants_pod` yes.
    public var podShare: Double

    /// Realistic defaults: four departments, a balance column of three values
    /// (the survey of SPEC §2's `team_no_isolated`), 15% teammate wishes, 20% pods.
    public init(groups: Int = 4, noGroupShare: Double = 0.1, balanceValues: [String] = ["woman", "man", "non-binary"],
                balanceWeights: [Int] = [45, 50, 5], noBalanceShare: Double = 0.05, teammateShare: Double = 0.15, podShare: Double = 0.2) {
        self.groups = groups
        self.noGroupShare = noGroupShare
        self.balanceValues = balanceValues
        self.balanceWeights = balanceWeights
        self.noBalanceShare = noBalanceShare
        self.teammateShare = teammateShare
        self.podShare = podShare
    }

    static let departmentNames = ["Finance", "Legal", "Operations", "Digital", "Research", "Outreach", "People", "Facilities"]

    /// The name of department `k` (`Finance`, …, then `Department 9`, …).
    static func department(_ k: Int) -> String {
        k < departmentNames.count ? departmentNames[k] : "Department \(k + 1)"
    }
}

extension GeneratedRoster {
    /// This roster with the rule columns of `options` appended to members.csv;
    /// the same roster, options and `seed` give the same bytes.
    public func withRuleColumns(_ options: RuleColumns, seed: UInt64) -> GeneratedRoster {
        var rng = SeededRandom(seed: seed ^ 0x5255_4C45_5300_0001)  // "RULES"
        let header = members.header
        let rows = members.rows
        func column(_ name: String) -> Int? { header.firstIndex(of: name) }
        let idColumn = column("id")!
        let ids = rows.map { $0[idColumn] }
        func cell(_ k: Int, _ c: Int?) -> String { c.map { rows[k][$0] } ?? "" }
        let statusColumn = column("status"), teamColumn = column("wants_team")
        let choicesColumn = column("project_choices"), avoidColumn = column("avoid")
        let status = rows.indices.map { cell($0, statusColumn).isEmpty ? "active" : cell($0, statusColumn).lowercased() }
        let wantsTeam = rows.indices.map { k in
            status[k] == "active" && !["no", "n", "false", "0"].contains(cell(k, teamColumn).lowercased())
        }
        // Team seekers by first project choice (teammate wishes go to people
        // after the same project when there are any).
        var byFirstChoice: [String: [Int]] = [:]
        let seekers = rows.indices.filter { wantsTeam[$0] }
        for k in seekers {
            let first = cell(k, choicesColumn).split(separator: ";").first.map(String.init) ?? ""
            byFirstChoice[first, default: []].append(k)
        }

        var newHeader = header
        var extra = [[String]](repeating: [], count: rows.count)
        if options.groups > 0 {
            newHeader.append("group")
            for k in rows.indices {
                extra[k].append(rng.chance(options.noGroupShare) ? "" : RuleColumns.department(rng.nextInt(below: options.groups)))
            }
        }
        let weightTotal = options.balanceWeights.prefix(options.balanceValues.count).reduce(0) { $0 + max(0, $1) }
        if !options.balanceValues.isEmpty && weightTotal > 0 {
            newHeader.append("balance")
            for k in rows.indices {
                if rng.chance(options.noBalanceShare) { extra[k].append(""); continue }
                var r = rng.nextInt(below: weightTotal), v = 0
                while r >= max(0, options.balanceWeights[v]) { r -= max(0, options.balanceWeights[v]); v += 1 }
                extra[k].append(options.balanceValues[v])
            }
        }
        if options.teammateShare > 0 {
            newHeader.append("teammates")
            // A wish goes to someone who could share a team under `team_group = "same"`: of the
            // wisher's group or of none (anyone, for a wisher of none). Without groups the pools
            // are the ones above, drawn from in the same order.
            let group = options.groups > 0 ? rows.indices.map { extra[$0][0] } : []
            func compatible(_ list: [Int], _ g: String) -> [Int] { list.filter { group[$0].isEmpty || group[$0] == g } }
            var seekersOf: [String: [Int]] = [:], byFirstChoiceOf: [String: [String: [Int]]] = [:]
            if !group.isEmpty {
                for g in Set(group) where !g.isEmpty {
                    seekersOf[g] = compatible(seekers, g)
                    for (first, list) in byFirstChoice { byFirstChoiceOf[first, default: [:]][g] = compatible(list, g) }
                }
            }
            for k in rows.indices {
                guard wantsTeam[k], seekers.count > 1, rng.chance(options.teammateShare) else { extra[k].append(""); continue }
                let avoided = Set(cell(k, avoidColumn).split(separator: ";").map(String.init))
                let first = cell(k, choicesColumn).split(separator: ";").first.map(String.init) ?? ""
                let g = group.isEmpty ? "" : group[k]
                let sameProject = (g.isEmpty ? byFirstChoice[first] : byFirstChoiceOf[first]?[g]) ?? []
                let seekers = g.isEmpty ? seekers : seekersOf[g] ?? []
                guard seekers.count > 1 else { extra[k].append(""); continue }
                var named: [Int] = []
                for _ in 0..<rng.nextInt(in: 1...2) {
                    // Three tries at someone after the same project (if any), then anyone seeking a team.
                    for attempt in 0..<6 {
                        let pool = attempt < 3 && sameProject.count > 1 && !first.isEmpty ? sameProject : seekers
                        let t = pool[rng.nextInt(below: pool.count)]
                        if t != k && !named.contains(t) && !avoided.contains(ids[t]) {
                            named.append(t)
                            break
                        }
                    }
                }
                extra[k].append(named.map { ids[$0] }.joined(separator: ";"))
            }
        }
        if options.podShare > 0 {
            newHeader.append("wants_pod")
            for k in rows.indices {
                extra[k].append((status[k] == "active" || status[k] == "trial") && rng.chance(options.podShare) ? "yes" : "")
            }
        }
        var roster = self
        roster.members = GeneratedTable(header: newHeader, rows: zip(rows, extra).map { $0 + $1 })
        return roster
    }
}
