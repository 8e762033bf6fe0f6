/// The planning question: how many mentors must be recruited so that a target
/// share of mentees gets one? Answered by bisection over the generator's
/// `mentorShare`, running only the mentor-pair phase (docs/simulate.md).

/// One evaluated mentor share. Counts are means over the runs (seeds).
public struct PlanningPoint: Sendable, Hashable {
    public var mentorShare: Double
    public var mentees: Double
    public var matched: Double
    /// Active members with mentor capacity > 0.
    public var mentors: Double
    /// Places they offer (capacity capped at `max_mentees`).
    public var mentorPlaces: Double
    public var seconds: Double

    public init(mentorShare: Double, mentees: Double, matched: Double, mentors: Double, mentorPlaces: Double, seconds: Double = 0) {
        self.mentorShare = mentorShare
        self.mentees = mentees
        self.matched = matched
        self.mentors = mentors
        self.mentorPlaces = mentorPlaces
        self.seconds = seconds
    }

    /// Matched / mentees (1 when nobody wants a mentor).
    public var matchedShare: Double { mentees == 0 ? 1 : matched / mentees }

    /// Whether the point serves `target` of the mentees.
    public func meets(_ target: Double) -> Bool { matched >= target * mentees - 1e-9 }
}

/// The outcome of a search.
public struct PlanningResult: Sendable {
    public var size: Int
    public var target: Double
    public var tolerance: Double
    /// Every evaluation, in the order made.
    public var steps: [PlanningPoint]
    /// The smallest share tried that meets the target (nil: not even at 1).
    public var answer: PlanningPoint?
    /// The largest share tried that does not (nil when 0 already meets it).
    public var below: PlanningPoint?
    /// The generator's configured share, for "how many more" (nil when not evaluated).
    public var baseline: PlanningPoint?
    /// When even a share of 1 misses the target: the fewest mentors to recruit
    /// beyond everyone who could mentor (copies of the current mentors'
    /// profiles) that meets it, and the point reached; nil when not needed or
    /// when no number up to 4 × the mentees would do.
    public var recruits: (count: Int, point: PlanningPoint)?

    /// Mentors to recruit beyond the baseline (nil without an answer or a baseline).
    public var additionalMentors: Double? {
        guard let answer, let baseline else { return nil }
        return max(0, answer.mentors - baseline.mentors)
    }
}

public enum PlanningSearch {
    /// Bisection on [0, 1]. Invariant: `answer` meets the target and `below`
    /// does not, both evaluated, and they end at most `tolerance` apart. Points
    /// are dyadic (exact in binary), so the same inputs give the same steps.
    /// `evaluate` is called with 1, then 0, then midpoints.
    public static func bisect(size: Int, target: Double, tolerance: Double = 1.0 / 256,
                              evaluate: (Double) throws -> PlanningPoint) rethrows -> PlanningResult {
        var steps: [PlanningPoint] = []
        func at(_ x: Double) throws -> PlanningPoint {
            let p = try evaluate(x)
            steps.append(p)
            return p
        }
        let top = try at(1)
        guard top.meets(target) else {
            return PlanningResult(size: size, target: target, tolerance: tolerance, steps: steps, answer: nil, below: top)
        }
        let bottom = try at(0)
        if bottom.meets(target) {
            return PlanningResult(size: size, target: target, tolerance: tolerance, steps: steps, answer: bottom, below: nil)
        }
        var hi = top, lo = bottom
        let tol = max(tolerance, 1.0 / 1_048_576)
        while hi.mentorShare - lo.mentorShare > tol {
            let p = try at((lo.mentorShare + hi.mentorShare) / 2)
            if p.meets(target) { hi = p } else { lo = p }
        }
        return PlanningResult(size: size, target: target, tolerance: tolerance, steps: steps, answer: hi, below: lo)
    }

    /// Mentor pairs only, on the generated rosters of `size` members with the
    /// given mentor share and seeds; counts are means over the seeds. The same
    /// seeds at every share ("common random numbers"): see docs/simulate.md.
    public static func evaluate(mentorShare: Double, size: Int, settings: SimulationSettings,
                                solver: any LinearSolver) throws -> PlanningPoint {
        var warm = WarmPairs()
        return try evaluate(mentorShare: mentorShare, size: size, settings: settings, solver: solver, warm: &warm) { $0 }
    }

    /// Each run's last evaluation: the next step of the search starts the
    /// engine from its pairs and tree (a warm start; an optimum of the same
    /// value), since neighbouring steps differ by a few mentors.
    struct WarmPairs {
        var byRun: [Int: (ids: [String], matching: MentorMatching)] = [:]

        /// The run's last matching in `cohort`'s member indices: as it is
        /// when `cohort` starts with the same members (recruits come last),
        /// else its pairs by member id, without the engine.
        func previous(run r: Int, in cohort: Cohort) -> MentorMatching? {
            guard var last = byRun[r]?.matching, let ids = byRun[r]?.ids else { return nil }
            if cohort.members.count >= ids.count && zip(ids, cohort.members).allSatisfy({ $0 == $1.id }) { return last }
            last.pairs = last.pairs.compactMap { p -> MentorPair? in
                guard let i = cohort.memberIndex[ids[p.mentee]], let j = cohort.memberIndex[ids[p.mentor]] else { return nil }
                return MentorPair(mentee: i, mentor: j, continuing: false, quality: p.quality)
            }.sorted { $0.mentee < $1.mentee }
            last.engine = nil
            return last
        }
    }

    /// Mentor pairs on each seed's roster at `mentorShare`, changed by `adjust`;
    /// counts are means over the seeds. `warm`: the previous step's pairs,
    /// replaced by this step's.
    static func evaluate(mentorShare: Double, size: Int, settings: SimulationSettings, solver: any LinearSolver,
                         warm: inout WarmPairs, adjust: (Cohort) -> Cohort) throws -> PlanningPoint {
        let clock = Stopwatch()
        var mentees = 0, matched = 0, mentors = 0, places = 0
        for r in 0..<settings.runs {
            var parameters = settings.parameters(size: size, run: r)
            parameters.mentorShare = mentorShare
            let cohort = adjust(try SimulatedRoster.cohort(parameters, timeLimitSeconds: settings.timeLimitSeconds))
            let counts = try mentorPairs(cohort, solver: solver, threads: settings.threads, previous: warm.previous(run: r, in: cohort))
            warm.byRun[r] = (cohort.members.map(\.id), counts.matching)
            mentees += counts.mentees
            matched += counts.matched
            mentors += counts.mentors
            places += counts.places
        }
        let n = Double(settings.runs)
        return PlanningPoint(mentorShare: mentorShare, mentees: Double(mentees) / n, matched: Double(matched) / n,
                             mentors: Double(mentors) / n, mentorPlaces: Double(places) / n, seconds: clock.seconds)
    }

    /// Mentor pairs at mentor share 1 with `recruits` recruited mentors added
    /// (`SimulatedRoster.withRecruits`), means over the seeds.
    public static func evaluate(recruits: Int, size: Int, settings: SimulationSettings, solver: any LinearSolver) throws -> PlanningPoint {
        var warm = WarmPairs()
        return try evaluate(recruits: recruits, size: size, settings: settings, solver: solver, warm: &warm)
    }

    static func evaluate(recruits: Int, size: Int, settings: SimulationSettings, solver: any LinearSolver, warm: inout WarmPairs) throws -> PlanningPoint {
        try evaluate(mentorShare: 1, size: size, settings: settings, solver: solver, warm: &warm) { SimulatedRoster.withRecruits($0, count: recruits) }
    }

    /// The fewest recruits (0…`limit`) whose point meets `target`: doubling,
    /// then bisection on whole numbers. More recruits never match fewer
    /// mentees (a maximum matching only grows when mentors are added), so the
    /// search is exact. Nil when `limit` recruits still miss it.
    public static func fewestRecruits(target: Double, limit: Int, evaluate: (Int) throws -> PlanningPoint) rethrows -> (count: Int, point: PlanningPoint)? {
        var lo = 0, hi = 1
        var hiPoint = try evaluate(hi)
        while !hiPoint.meets(target) {
            if hi >= limit { return nil }
            lo = hi
            hi = min(limit, hi * 2)
            hiPoint = try evaluate(hi)
        }
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            let p = try evaluate(mid)
            if p.meets(target) { hi = mid; hiPoint = p } else { lo = mid }
        }
        return (hi, hiPoint)
    }

    /// The mentor-pair phase of the batch on one cohort, counted, and its
    /// matching. `previous`: a matching to start the engine from (warm start).
    public static func mentorPairs(_ cohort: Cohort, solver: any LinearSolver, threads: Int = 2, previous: MentorMatching? = nil) throws
        -> (mentees: Int, matched: Int, mentors: Int, places: Int, matching: MentorMatching)
    {
        let candidates = MentorCandidates(cohort: cohort, threads: threads, limit: MentorCandidates.storedLimit(for: cohort))
        // As the batch does: only pairs whose check-ins can all be scheduled.
        let matching = try SchedulablePairs.solve(candidates, cohort: cohort, solver: solver,
                                                  timeLimit: cohort.policy.timeLimitSeconds, threads: threads, previous: previous).matching
        let rules = MentorRules(policy: cohort.policy)
        var mentees = 0, mentors = 0, places = 0
        for m in cohort.members {
            if rules.isMentee(m) { mentees += 1 }
            if rules.isMentor(m) {
                mentors += 1
                places += min(m.mentorCapacity, cohort.policy.maxMentees)
            }
        }
        return (mentees, matching.pairs.count, mentors, places, matching)
    }

    /// The search for every size of `settings`, plus the baseline (the
    /// configured mentor share) for "how many more".
    public static func run(_ settings: SimulationSettings, target: Double, tolerance: Double = 1.0 / 256, solver: any LinearSolver,
                           progress: @escaping @Sendable (SimulationProgress) -> Void = { _ in }) throws -> [PlanningResult] {
        var results: [PlanningResult] = []
        // Steps per size: 1, 0, the bisection, the baseline.
        let expected = 3 + log2Ceil(1 / max(tolerance, 1.0 / 1_048_576))
        let total = Double(max(1, settings.sizes.reduce(0) { $0 + max(1, $1) }))
        var done = 0.0
        for size in settings.sizes {
            let weight = Double(max(1, size)) / total
            var count = 0
            let base = done
            var warm = WarmPairs()
            func step(_ x: Double) throws -> PlanningPoint {
                progress(SimulationProgress(fraction: base + weight * min(1, Double(count) / Double(expected)), size: size, run: 0,
                                            message: "planning: mentor share \(DecimalText.short(x, 4))"))
                count += 1
                return try evaluate(mentorShare: x, size: size, settings: settings, solver: solver, warm: &warm) { $0 }
            }
            var result = try bisect(size: size, target: target, tolerance: tolerance, evaluate: step)
            if result.answer == nil, let top = result.below {
                // Out of the generator's reach: how many mentors like ours to recruit.
                result.recruits = try fewestRecruits(target: target, limit: max(1, 4 * Int(top.mentees.rounded(.up)))) { r in
                    progress(SimulationProgress(fraction: base + weight * 0.9, size: size, run: 0, message: "planning: \(r) recruited mentors"))
                    return try evaluate(recruits: r, size: size, settings: settings, solver: solver, warm: &warm)
                }
            }
            let configured = min(max(settings.generator.mentorShare, 0), 1)
            result.baseline = try result.steps.first(where: { $0.mentorShare == configured }) ?? step(configured)
            results.append(result)
            done += weight
        }
        progress(SimulationProgress(fraction: 1, size: settings.sizes.last ?? 0, run: 0, message: "done"))
        return results
    }

    /// ⌈log₂ x⌉ for x ≥ 1, without floating-point logarithms.
    static func log2Ceil(_ x: Double) -> Int {
        var k = 0, v = 1.0
        while v < x { v *= 2; k += 1 }
        return k
    }
}
