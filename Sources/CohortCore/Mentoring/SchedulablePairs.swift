/// Mentor pairs whose weekly check-ins can all be scheduled (SPEC §3.5:
/// "the pairing phase must not produce matches that can never be scheduled";
/// docs/mentoring.md, docs/schedule.md §0).
///
/// After `MentorMatching.solve`, every member with two or more check-ins (a
/// mentor's mentees, plus their own mentor) is checked with
/// `ScheduleFeasibility.canPlaceDisjoint`, each check-in with the pair's common
/// starts. Where it fails, the weakest new pair whose removal makes that
/// member's check-ins fit (lowest quality, then last mentee) is forbidden —
/// with the member's other candidates, in the same role, that could not fit
/// beside the check-ins they keep — and the matching is solved again on the
/// candidate graph without them. Only when it happens; at most `maxResolves` times
/// (each one told to `progress`).
public struct SchedulablePairs: Sendable {
    /// A pair taken out of the candidate graph because the mentor (or mentee)
    /// could not fit its check-in beside their other ones.
    public struct Forbidden: Sendable, Hashable {
        public var mentee: Int
        public var mentor: Int
        /// The member whose check-ins clashed (the mentor, or the mentee when
        /// the mentee is also a mentor).
        public var member: Int
        /// The other check-ins of `member` that kept their times (mentee indices).
        public var others: [Int]
    }

    /// The matching over the candidate graph without the forbidden pairs.
    public var matching: MentorMatching
    /// The candidate graph that matching was solved on.
    public var candidates: MentorCandidates
    public var forbidden: [Forbidden]
    /// Extra `MentorMatching.solve` runs (0 when every mentor's check-ins fitted at once).
    public var resolves: Int

    /// Re-solves at most this many times; a clash still left after them is
    /// explained by the schedule phase.
    public static let maxResolves = 8

    /// `previous`: the matching of an earlier, related solve to start the
    /// engine from (its pairs and tree; a warm start, the same optimum).
    public static func solve(_ candidates: MentorCandidates, cohort: Cohort, solver: any LinearSolver,
                             timeLimit: Double? = nil, threads: Int = 2, progress: ProgressMeter = .none,
                             previous: MentorMatching? = nil) throws(SolverError) -> SchedulablePairs {
        // One time limit for the whole phase, every re-solve included: the
        // engine continues from its tree after each change.
        let clock = Stopwatch()
        var problem = candidates.problem(timeLimit: timeLimit, threads: threads, previous: previous, cohort: cohort)
        problem.optimize()
        var solution = problem.solution()
        var matching = MentorMatching(solution, continuing: candidates.continuing, cohort: cohort)
        var forbidden: [Forbidden] = []
        var taken = Set<MenteeMentor>()
        var resolves = 0
        var certified = false
        while true {
            let clashes = resolves < maxResolves ? Self.clashes(matching.pairs, cohort: cohort) : []
            if clashes.isEmpty {
                if certified { break }
                // GLPK certifies the final pairs; should it change them, they are checked again.
                try problem.certify(solver: solver)
                certified = true
                solution = problem.solution()
                let after = MentorMatching(solution, continuing: candidates.continuing, cohort: cohort)
                let changed = after.pairs != matching.pairs
                matching = after
                if changed { continue }
                break
            }
            forbidden += clashes
            progress(phase: "mentor pairs", "re-solving without pairs whose check-ins cannot all fit", done: resolves, of: maxResolves,
                     unit: "re-solves", detail: "\(forbidden.count) pairs forbidden")
            let out = Self.alsoClashing(clashes, pairs: matching.pairs, graph: solution.graph,
                                        complete: candidates.pricing == nil, cohort: cohort).subtracting(taken)
            taken.formUnion(out)
            problem.forbid(candidates.positions(of: out, cohort: cohort))
            problem.optimize()
            solution = problem.solution()
            matching = MentorMatching(solution, continuing: candidates.continuing, cohort: cohort)
            resolves += 1
            certified = false
        }
        matching.cardinality.details.append(("unschedulable_pairs_forbidden", forbidden.count))
        matching.cardinality.details.append(("candidate_pairs_forbidden", taken.count))
        matching.cardinality.details.append(("schedulable_resolves", resolves))
        let solved = candidates.solved(solution.graph, without: taken)
        // The phase's seconds cover all of it: every re-solve, the certificate, the checks.
        matching.quality.seconds = clock.seconds - matching.cardinality.seconds
        matching.engine = problem.flow
        return SchedulablePairs(matching: matching, candidates: solved, forbidden: forbidden, resolves: resolves)
    }

    /// A pair's possible check-in starts: both members free for the whole check-in.
    static func commonStarts(mentee: Int, mentor: Int, cohort: Cohort) -> WeekSlots {
        let length = Week.slotCount(minutes: cohort.policy.checkinMinutes)
        return cohort.members[mentee].availability.starts(length: length)
            .intersection(cohort.members[mentor].availability.starts(length: length))
    }

    /// Per member: their check-in pairs (indices into `pairs`), as mentor or mentee.
    static func checkIns(_ pairs: [MentorPair]) -> [Int: [Int]] {
        var of: [Int: [Int]] = [:]
        for (k, p) in pairs.enumerated() {
            of[p.mentor, default: []].append(k)
            of[p.mentee, default: []].append(k)
        }
        return of
    }

    /// One pair to forbid per member whose check-ins cannot all be placed, in member order.
    static func clashes(_ pairs: [MentorPair], cohort: Cohort) -> [Forbidden] {
        let length = Week.slotCount(minutes: cohort.policy.checkinMinutes)
        let of = checkIns(pairs)
        var result: [Forbidden] = []
        var taken = Set<Int>()
        for member in of.keys.sorted() {
            let mine = of[member]!.filter { !taken.contains($0) }
            guard mine.count >= 2 else { continue }
            let starts = mine.map { commonStarts(mentee: pairs[$0].mentee, mentor: pairs[$0].mentor, cohort: cohort) }
            let all = starts.map { (starts: $0, length: length) }
            if ScheduleFeasibility.canPlaceDisjoint(all) { continue }
            // The weakest new pair whose removal lets the others fit; else the weakest new pair.
            let removable = mine.indices.filter { !pairs[mine[$0]].continuing }
            func weaker(_ a: Int, _ b: Int) -> Bool {
                let x = pairs[mine[a]], y = pairs[mine[b]]
                return x.quality != y.quality ? x.quality < y.quality : x.mentee > y.mentee
            }
            let fixing = removable.filter { r in
                ScheduleFeasibility.canPlaceDisjoint(all.indices.filter { $0 != r }.map { all[$0] })
            }
            guard let r = (fixing.isEmpty ? removable : fixing).min(by: weaker) else { continue }
            taken.insert(mine[r])
            let pair = pairs[mine[r]]
            result.append(Forbidden(mentee: pair.mentee, mentor: pair.mentor, member: member,
                                    others: mine.indices.filter { $0 != r }.map { pairs[mine[$0]].mentee == member ? pairs[mine[$0]].mentor : pairs[mine[$0]].mentee }))
        }
        return result
    }

    /// The forbidden pairs plus, for each, every other candidate of the same
    /// member in the same role (their other mentees, or other mentors) that
    /// could not fit beside the check-ins the member keeps — so the next solve
    /// does not just pick another such pair. (Should the member lose the kept
    /// pairs in that solve, a few pairs stay out that might have fitted.)
    static func alsoClashing(_ clashes: [Forbidden], pairs: [MentorPair], graph g: PairingGraph, complete: Bool = true, cohort: Cohort) -> Set<MenteeMentor> {
        var out = Set(clashes.map { MenteeMentor(mentee: $0.mentee, mentor: $0.mentor) })
        let length = Week.slotCount(minutes: cohort.policy.checkinMinutes)
        var asMentor: [Int: Forbidden] = [:], asMentee: [Int: Forbidden] = [:]
        for f in clashes { if f.member == f.mentor { asMentor[f.mentor] = f } else { asMentee[f.mentee] = f } }
        let of = checkIns(pairs)
        func kept(_ f: Forbidden) -> [(starts: WeekSlots, length: Int)] {
            (of[f.member] ?? []).map { pairs[$0] }.filter { !($0.mentee == f.mentee && $0.mentor == f.mentor) }
                .map { (starts: commonStarts(mentee: $0.mentee, mentor: $0.mentor, cohort: cohort), length: length) }
        }
        let keptByMentor = asMentor.mapValues(kept), keptByMentee = asMentee.mapValues(kept)
        let matched = Set(pairs.map { MenteeMentor(mentee: $0.mentee, mentor: $0.mentor) })
        func consider(_ mentee: Int, _ mentor: Int) {
            guard let keep = keptByMentor[mentor] ?? keptByMentee[mentee] else { return }
            // The pairs the member keeps stay allowed (a pair always clashes with itself).
            if matched.contains(MenteeMentor(mentee: mentee, mentor: mentor)) && !out.contains(MenteeMentor(mentee: mentee, mentor: mentor)) { return }
            let starts = commonStarts(mentee: mentee, mentor: mentor, cohort: cohort)
            if !ScheduleFeasibility.canPlaceDisjoint(keep + [(starts: starts, length: length)]) {
                out.insert(MenteeMentor(mentee: mentee, mentor: mentor))
            }
        }
        if complete {
            for k in g.people.indices {
                for e in g.pairs(of: k) { consider(Int(g.people[k]), Int(g.partners[Int(g.partner[e])])) }
            }
            return out
        }
        // The graph holds only some candidates: every candidate of the
        // clashing members, in their role, by the rules. Only a pair that
        // shares a start but none that fits beside the kept check-ins can be
        // added (`fittingStarts`), so the rules are asked about those alone.
        let rules = MentorRules(policy: cohort.policy)
        var startsOf: [Int: WeekSlots] = [:]
        func starts(_ i: Int) -> WeekSlots {
            if let s = startsOf[i] { return s }
            let s = cohort.members[i].availability.starts(length: length)
            startsOf[i] = s
            return s
        }
        let peopleStarts = keptByMentor.isEmpty ? [] : g.people.map { cohort.members[Int($0)].availability.starts(length: length) }
        for mentor in keptByMentor.keys.sorted() where g.partners.element(where: { $0 }, is: Int32(mentor)) != nil {
            let mine = starts(mentor)
            let fitting = fittingStarts(mine, beside: keptByMentor[mentor]!, length: length)
            for (k, i) in g.people.enumerated() {
                let common = mine.intersection(peopleStarts[k])
                guard !common.isEmpty, !common.intersects(fitting), rules.violation(mentee: Int(i), mentor: mentor, in: cohort) == nil else { continue }
                consider(Int(i), mentor)
            }
        }
        for mentee in keptByMentee.keys.sorted() where g.people.element(where: { $0 }, is: Int32(mentee)) != nil {
            let mine = starts(mentee)
            let fitting = fittingStarts(mine, beside: keptByMentee[mentee]!, length: length)
            for j in g.partners {
                let common = mine.intersection(starts(Int(j)))
                guard !common.isEmpty, !common.intersects(fitting), rules.violation(mentee: mentee, mentor: Int(j), in: cohort) == nil else { continue }
                consider(mentee, Int(j))
            }
        }
        return out
    }

    /// The starts among `starts` at which one more check-in of `length`
    /// fits beside the `kept` ones. A check-in with possible starts S fits
    /// beside them exactly when S meets this set: a placement of all of them
    /// puts the new one at some t ∈ S, and then {t} alone fits too
    /// (`ScheduleFeasibility.canPlaceDisjoint` is exhaustive).
    static func fittingStarts(_ starts: WeekSlots, beside kept: [(starts: WeekSlots, length: Int)], length: Int) -> WeekSlots {
        var fitting = WeekSlots()
        for t in starts.slots {
            var single = WeekSlots()
            single.insert(t)
            if ScheduleFeasibility.canPlaceDisjoint(kept + [(starts: single, length: length)]) { fitting.insert(t) }
        }
        return fitting
    }

    /// unmatched.csv reasons for mentees left without a mentor after one of
    /// their pairs was forbidden: which check-in took the time, then the
    /// original reason when it says the other mentors are full.
    public func explain(_ unserved: [Unserved], cohort: Cohort) -> [Unserved] {
        guard !forbidden.isEmpty else { return unserved }
        var byMentee: [Int: Forbidden] = [:]
        for f in forbidden where byMentee[f.mentee] == nil { byMentee[f.mentee] = f }
        let length = Week.slotCount(minutes: cohort.policy.checkinMinutes)
        return unserved.map { u in
            guard u.need == .mentor, let f = byMentee[u.member] else { return u }
            let ids = cohort.members
            let starts = Self.commonStarts(mentee: f.mentee, mentor: f.mentor, cohort: cohort).slots
            let times = starts.prefix(2).map { SlotMath.describe($0, length) }.joined(separator: ", ") + (starts.count > 2 ? " and \(starts.count - 2) more" : "")
            let whose = f.member == f.mentor ? "\(ids[f.mentor].id)'s" : "your"
            let others = f.others.map { ids[$0].id }.joined(separator: ", ")
            var text = "mentor \(ids[f.mentor].id) fits the rules, but every check-in time you share (\(times)) is needed by \(whose) check-in with \(others)"
            if u.reason.kind == .allFull { text += "; " + u.reason.message }
            return Unserved(member: u.member, need: u.need, reason: UnservedReason(.noCommonWindow, text))
        }
    }
}

/// A mentee–mentor pair by member index.
struct MenteeMentor: Hashable {
    var mentee: Int
    var mentor: Int
}

extension MentorCandidates {
    /// The same candidates without `pairs` (continuing pairs are not in the graph and stay).
    func without(_ pairs: Set<MenteeMentor>) -> MentorCandidates {
        solved(graph, without: pairs)
    }

    /// The candidates a matching was solved on: `network` (the stored graph
    /// with every pair priced in) without `pairs`; pairs left out of it are
    /// still found, minus `pairs`, through the index (`excluded`).
    func solved(_ network: PairingGraph, without pairs: Set<MenteeMentor>) -> MentorCandidates {
        let g = network
        var offsets = [0], partner: [Int32] = [], quality: [Int32] = []
        offsets.reserveCapacity(g.people.count + 1)
        partner.reserveCapacity(g.pairCount)
        quality.reserveCapacity(g.pairCount)
        for k in g.people.indices {
            for e in g.pairs(of: k) where !pairs.contains(MenteeMentor(mentee: Int(g.people[k]), mentor: Int(g.partners[Int(g.partner[e])]))) {
                partner.append(g.partner[e])
                quality.append(g.quality[e])
            }
            offsets.append(partner.count)
        }
        let filtered = PairingGraph(people: g.people, partners: g.partners, capacity: g.capacity, offsets: offsets,
                                    partner: partner, quality: quality, extraPlaceCost: g.extraPlaceCost)
        var solved = MentorCandidates(graph: filtered, continuing: continuing, brokenContinuing: brokenContinuing, truncated: truncated,
                                      pricing: pricing, excluded: excluded.union(pairs))
        solved.limit = limit
        return solved
    }

    /// Positions (person, partner) and qualities of member pairs of this graph.
    func positions(of pairs: Set<MenteeMentor>, cohort: Cohort) -> [(person: Int, partner: Int, quality: Int32)] {
        let rules = MentorRules(policy: cohort.policy)
        var person: [Int: Int] = [:]
        for (k, i) in graph.people.enumerated() { person[Int(i)] = k }
        return pairs.sorted { ($0.mentee, $0.mentor) < ($1.mentee, $1.mentor) }.compactMap { pair in
            let p = graph.partners.partitioningIndex(Int32(pair.mentor))
            guard let k = person[pair.mentee], p < graph.partners.count, graph.partners[p] == Int32(pair.mentor) else { return nil }
            return (k, p, rules.quality(mentee: pair.mentee, mentor: pair.mentor, in: cohort))
        }
    }

    init(graph: PairingGraph, continuing: [(mentee: Int, mentor: Int)], brokenContinuing: [(mentee: Int, mentor: Int, why: ContinuingBreak)],
         truncated: [Bool], pricing: CandidatePricing<MentorIndex>?, excluded: Set<MenteeMentor>) {
        self.graph = graph
        self.continuing = continuing
        self.brokenContinuing = brokenContinuing
        self.truncated = truncated
        self.pricing = pricing
        self.excluded = excluded
        limit = nil
    }
}
