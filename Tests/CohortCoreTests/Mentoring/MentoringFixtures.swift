import CohortSolver
import Dispatch
import Foundation
import Testing

@testable import CohortCore

/// A generated roster read back through the CSV reader, as the CLI would;
/// with `ruleColumns`, the rule columns added (`GeneratedRoster.withRuleColumns`).
func generatedCohort(members: Int, seed: UInt64, overrides: [PolicyReader.Override] = [], ruleColumns: RuleColumns? = nil) throws -> Cohort {
    try generatedCohort(RosterGenerator.Parameters(memberCount: members, seed: seed), overrides: overrides, ruleColumns: ruleColumns)
}

/// A roster of any shape the generator makes (`RosterGenerator.Parameters`), read back the same way;
/// without projects.csv for the no-projects shape.
func generatedCohort(_ parameters: RosterGenerator.Parameters, overrides: [PolicyReader.Override] = [], ruleColumns: RuleColumns? = nil) throws -> Cohort {
    var roster = RosterGenerator(parameters: parameters).generate()
    if let ruleColumns { roster = roster.withRuleColumns(ruleColumns, seed: parameters.seed) }
    let writer = CSVWriter(neutralizesFormulas: false)
    let outcome = RosterReader.read(
        members: InputFile(name: "members.csv", bytes: Array(writer.write(header: roster.members.header, rows: roster.members.rows).utf8)),
        projects: roster.projectsFile.map { InputFile(name: "projects.csv", bytes: Array(writer.write(header: $0.header, rows: $0.rows).utf8)) },
        policy: InputFile(name: "policy.toml", bytes: Array(roster.policyTOML.utf8)),
        overrides: overrides,
        runDate: CalendarDate(year: 2026, month: 12, day: 1)!)
    #expect(outcome.errors.isEmpty)
    return try #require(outcome.cohort)
}

/// A handcrafted roster (see `readRoster`).
func handCohort(_ members: String, policy: String? = nil) throws -> Cohort {
    let outcome = readRoster(members, policy: policy)
    #expect(outcome.errors.isEmpty, "\(outcome.errors.map(\.description))")
    return try #require(outcome.cohort)
}

/// The largest number of people paired, by Dinic's maximum flow on
/// source → person (1) → partner (1 per pair) → sink (capacity). Written
/// independently of `MaximumMatching`.
func maximumFlow(people: Int, partners: Int, capacity: [Int], pairs: [(person: Int, partner: Int)]) -> Int {
    let source = 0, sink = 1 + people + partners
    let nodeCount = sink + 1
    var head = [Int](repeating: -1, count: nodeCount)
    var to: [Int] = [], cap: [Int] = [], next: [Int] = []
    func edge(_ a: Int, _ b: Int, _ c: Int) {
        to.append(b); cap.append(c); next.append(head[a]); head[a] = to.count - 1
        to.append(a); cap.append(0); next.append(head[b]); head[b] = to.count - 1
    }
    for k in 0..<people { edge(source, 1 + k, 1) }
    for (k, p) in pairs { edge(1 + k, 1 + people + p, 1) }
    for p in 0..<partners where capacity[p] > 0 { edge(1 + people + p, sink, capacity[p]) }
    var flow = 0
    var level = [Int](repeating: -1, count: nodeCount)
    var iter = [Int](repeating: -1, count: nodeCount)
    func bfs() -> Bool {
        for v in 0..<nodeCount { level[v] = -1 }
        level[source] = 0
        var queue = [source], qi = 0
        while qi < queue.count {
            let v = queue[qi]; qi += 1
            var e = head[v]
            while e >= 0 {
                if cap[e] > 0 && level[to[e]] < 0 { level[to[e]] = level[v] + 1; queue.append(to[e]) }
                e = next[e]
            }
        }
        return level[sink] >= 0
    }
    func dfs(_ v: Int, _ f: Int) -> Int {
        if v == sink { return f }
        while iter[v] >= 0 {
            let e = iter[v]
            if cap[e] > 0 && level[to[e]] == level[v] + 1 {
                let d = dfs(to[e], min(f, cap[e]))
                if d > 0 { cap[e] -= d; cap[e ^ 1] += d; return d }
            }
            iter[v] = next[e]
        }
        return 0
    }
    while bfs() {
        for v in 0..<nodeCount { iter[v] = head[v] }
        while true {
            let f = dfs(source, Int.max)
            if f == 0 { break }
            flow += f
        }
    }
    return flow
}

/// Whether `a` and `b` can meet for `length` consecutive slots, tested slot
/// by slot (independent of `WeekSlots.starts`).
func naiveCommonWindow(_ a: WeekSlots, _ b: WeekSlots, length: Int) -> Bool {
    for s in 0..<Week.slots {
        var ok = true
        for k in 0..<length where !(a.contains(s + k) && b.contains(s + k)) {
            ok = false
            break
        }
        if ok { return true }
    }
    return false
}

/// The naive mentor graph: continuing pairs fixed as the rules say, then every
/// other mentee × every mentor with a place left, by `MentorRules.violation`.
struct NaiveMentorGraph {
    var continuing: [(mentee: Int, mentor: Int)] = []
    var mentees: [Int] = []
    var mentors: [Int] = []
    var placesLeft: [Int] = []
    /// (mentee position, mentor position, quality)
    var pairs: [(person: Int, partner: Int, quality: Int)] = []

    init(_ cohort: Cohort) {
        let rules = MentorRules(policy: cohort.policy)
        let members = cohort.members
        var places = members.map { rules.isMentor($0) ? $0.mentorCapacity : 0 }
        var fixed = Set<Int>()
        for (i, m) in members.enumerated() where rules.isMentee(m) && !m.changeMentor {
            guard let c = m.currentMentor, rules.violation(mentee: i, mentor: c, in: cohort) == nil, places[c] > 0 else { continue }
            places[c] -= 1
            continuing.append((i, c))
            fixed.insert(i)
        }
        mentees = members.indices.filter { rules.isMentee(members[$0]) && !fixed.contains($0) }
        mentors = members.indices.filter { places[$0] > 0 }
        placesLeft = mentors.map { places[$0] }
        let (mentees, mentors) = (self.mentees, self.mentors)
        pairs = allPairs(people: mentees.count) { k in
            let i = mentees[k]
            var row: [(Int, Int)] = []
            for (p, j) in mentors.enumerated() where rules.violation(mentee: i, mentor: j, in: cohort) == nil {
                let a = members[i], b = members[j]
                let shared = a.interests.tags.filter { b.skills.tags.contains($0) }.count
                let common = a.availability.slots.filter { b.availability.contains($0) }.count
                row.append((p, Int(rules.quality(shared: shared, preferenceRank: a.preferredMentors.firstIndex(of: j), commonSlots: common))))
            }
            return row
        }
    }

    var maximumFlow: Int {
        CohortCoreTests.maximumFlow(people: mentees.count, partners: mentors.count, capacity: placesLeft, pairs: pairs.map { ($0.person, $0.partner) })
    }
}

/// The best value of Σ q·x − cost·Σ extra places over the largest
/// pairings, by a direct MIP over every pair with lexicographic weights.
func directQualityOptimum(people: Int, partners: Int, capacity: [Int], pairs: [(person: Int, partner: Int, quality: Int)],
                          extraPlaceCost: Int) throws -> (paired: Int, quality: Double) {
    var model = LinearModel(sense: .maximize)
    let x = model.addVariables(count: pairs.count, .binary())
    let extra = (0..<partners).map { model.addVariable(.integer(lowerBound: 0, upperBound: Double(max(0, capacity[$0] - 1)))) }
    let weight = Double(1 + pairs.reduce(0) { $0 + max(0, $1.quality) } + extraPlaceCost * capacity.reduce(0, +))
    var objective = LinearExpression()
    for (e, p) in pairs.enumerated() { objective.add(x[e], weight + Double(p.quality)) }
    for v in extra { objective.add(v, -Double(extraPlaceCost)) }
    model.maximize(objective)
    var byPerson = [[Variable]](repeating: [], count: people)
    var byPartner = [[Variable]](repeating: [], count: partners)
    for (e, p) in pairs.enumerated() {
        byPerson[p.person].append(x[e])
        byPartner[p.partner].append(x[e])
    }
    for row in byPerson where !row.isEmpty { model.add(LinearExpression.sum(row) <= 1) }
    for (p, row) in byPartner.enumerated() where !row.isEmpty {
        model.add(LinearExpression.sum(row) - extra[p] <= 1)
        model.add(LinearExpression.sum(row) <= Double(capacity[p]))
    }
    let result = try GLPKSolver().solve(model, options: SolveOptions(method: .branchAndCut))
    #expect(result.termination == .optimal)
    let paired = x.reduce(0) { $0 + (result[$1] > 0.5 ? 1 : 0) }
    let objectiveValue = try #require(result.objective)
    return (paired, objectiveValue - weight * Double(paired))
}

/// Naive candidate pairs of a `PairingGraph`, as a set per person of (partner member, quality).
func pairSets(_ g: PairingGraph) -> [[Int: Int]] {
    g.people.indices.map { k in
        var d: [Int: Int] = [:]
        for e in g.pairs(of: k) { d[Int(g.partners[Int(g.partner[e])])] = Int(g.quality[e]) }
        return d
    }
}

/// Every pair of every person, found by `row` (the naive all-partners scan),
/// on both cores; in person order.
func allPairs(people: Int, _ row: @escaping @Sendable (Int) -> [(partner: Int, quality: Int)]) -> [(person: Int, partner: Int, quality: Int)] {
    let chunks = max(1, min(16, people))
    return Array(0..<chunks).parallelMap(threads: chunks) { c in
        var out: [(Int, Int, Int)] = []
        for k in stride(from: c, to: people, by: chunks) {
            for (p, q) in row(k) { out.append((k, p, q)) }
        }
        return out
    }.flatMap { $0.get() }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
}

/// Naive graphs are slow in debug builds: each roster's is built once.
final class NaiveCache: @unchecked Sendable {
    static let shared = NaiveCache()
    private let lock = NSLock()
    private var cohorts: [String: Cohort] = [:]
    private var mentorGraphs: [String: NaiveMentorGraph] = [:]

    func cohort(_ members: Int, _ seed: UInt64) throws -> Cohort {
        let key = "\(members)/\(seed)"
        lock.lock()
        if let c = cohorts[key] { lock.unlock(); return c }
        lock.unlock()
        let c = try generatedCohort(members: members, seed: seed)
        lock.lock(); cohorts[key] = c; lock.unlock()
        return c
    }

    func mentorGraph(_ members: Int, _ seed: UInt64) throws -> NaiveMentorGraph {
        let key = "\(members)/\(seed)"
        lock.lock()
        if let g = mentorGraphs[key] { lock.unlock(); return g }
        lock.unlock()
        let g = NaiveMentorGraph(try cohort(members, seed))
        lock.lock(); mentorGraphs[key] = g; lock.unlock()
        return g
    }
}

/// Whether `PairingSolver` can run on `g`: `MaximumMatching` must end with a
/// König certificate (`PairingSolver` stops the process otherwise). A graph
/// without one is a test failure (an early DFS once stopped short on a full
/// partner's second place); the test then stops instead of crashing.
func solverCanRun(_ g: PairingGraph, _ what: String) -> Bool {
    let m = MaximumMatching(g)
    #expect(m.isProvenMaximum, "MaximumMatching ended without a König certificate on the \(what) graph (size \(m.size), cover \(m.coverSize))")
    return m.isProvenMaximum
}
