/// A study pod of the quarter (SPEC §3.5).
public struct Pod: Sendable, Hashable {
    /// "P001", "P002", …: pods in the order of their first member's id.
    public var id: String
    /// The interest every member shares.
    public var interest: Tag
    /// Member indices, ascending (= id order).
    public var members: [Int]
    /// Every UTC slot where the weekly meeting could start (all members free for its whole length).
    public var commonStarts: WeekSlots
    /// Slots of one meeting (`pod_minutes`).
    public var meetingSlots: Int
    /// The facilitator of each week of the quarter (index 0 = week 1), a member index.
    public var facilitators: [Int]
    /// The pod's quality (docs/pods.md §2).
    public var quality: Int

    /// The weeks (1-based) `member` facilitates.
    public func facilitatorWeeks(of member: Int) -> [Int] {
        facilitators.indices.filter { facilitators[$0] == member }.map { $0 + 1 }
    }
}

/// The study pods of the quarter (SPEC §3.5): every pod meets every hard
/// rule; first as many seekers placed as possible, then quality.
/// docs/pods.md has the model.
public struct PodFormation: Sendable {
    public var pods: [Pod]
    /// Seekers (`wants_pod`, active or trial) in no pod, ascending.
    public var unplaced: [Int]
    /// Why, for every member in `unplaced`.
    public var reasons: [Int: String]
    /// Seekers placed; bound: seekers that pass the per-member test, or the exact model's.
    public var placement: PhaseOutcome
    /// Total pod quality; bound: the simple relaxation (docs/pods.md §6).
    public var quality: PhaseOutcome

    /// No pods (nobody asked for one).
    public static let none = PodFormation(
        pods: [], unplaced: [], reasons: [:],
        placement: PhaseOutcome(status: .empty, objective: 0, bound: 0, seconds: 0),
        quality: PhaseOutcome(status: .empty, objective: 0, bound: 0, seconds: 0))

    /// Search budget: evaluations per seeker, plus a floor (docs/pods.md §4).
    static let workPerSeeker = 300
    static let workFloor = 200_000

    /// Forms the pods. The construction and search run to their work budget;
    /// rosters of at most `PodExactModel.maxSeekers` seekers are then solved
    /// exactly by `solver` (GLPK), under `timeLimit` when given.
    /// `busy`: per member, the slots their other meetings take (`PodMeetings.busySlots`).
    public static func solve(_ cohort: Cohort, solver: any LinearSolver, timeLimit: Double? = nil,
                             busy: [Int: WeekSlots] = [:], progress: ProgressMeter = .none) throws(SolverError) -> PodFormation {
        let clock = Stopwatch()
        let p = PodProblem(cohort: cohort, busy: busy)
        guard p.count > 0 else { return .none }
        let start = PodConstruction.build(p)
        let startPlaced = start.reduce(0) { $0 + $1.members.count }
        let startQuality = start.reduce(0) { $0 + p.quality($1.members) }
        var search = PodSearch(p, pods: start, budget: Self.workFloor + Self.workPerSeeker * p.count)
        search.progress = progress
        search.run()
        var working = search.pods.filter { !$0.members.isEmpty }
        let searchSeconds = clock.seconds

        let per = PodReasons(p)
        var placedBound = per.placeableCount
        let qualityBound = per.qualityBound
        var exactDetails: [(name: String, value: Int)] = [("exact_model", 0)]
        if let exact = PodExactModel(p) {
            let outcome = try exact.solve(start: working, solver: solver, timeLimit: timeLimit)
            if let found = outcome.pods, Self.score(found, p).placed > Self.score(working, p).placed {
                // The model proves placement; the search polishes its pods' quality.
                var polish = PodSearch(p, pods: found, budget: Self.workFloor + Self.workPerSeeker * p.count)
                polish.improveQuality()
                working = polish.pods
            }
            placedBound = min(placedBound, outcome.placedBound)
            exactDetails = [("exact_model", 1), ("exact_proven", outcome.proven ? 1 : 0)]
        }

        let pods = finish(working, p)
        var placed = [Bool](repeating: false, count: p.count)
        for pod in working { for k in pod.members { placed[k] = true } }
        let unplaced = (0..<p.count).filter { !placed[$0] }
        var reasons: [Int: String] = [:]
        for k in unplaced { reasons[p.member[k]] = per.reason(k, pods: working) }

        let placedCount = p.count - unplaced.count
        let qualityValue = pods.reduce(0) { $0 + $1.quality }
        let seconds = clock.seconds
        let placement = PhaseOutcome(
            status: placedCount >= placedBound ? .optimal : .feasible,
            objective: Double(placedCount), bound: Double(max(placedCount, placedBound)), seconds: searchSeconds,
            details: [("seekers", p.count), ("pods", pods.count), ("constructed_placed", startPlaced)])
        let quality = PhaseOutcome(
            status: placedCount >= placedBound && qualityValue >= qualityBound ? .optimal : .feasible,
            objective: Double(qualityValue), bound: Double(max(qualityValue, qualityBound)), seconds: seconds - searchSeconds,
            details: [("constructed_quality", startQuality), ("search_work", search.work), ("inserted", search.insertions),
                      ("ejected", search.ejections), ("formed_late", search.formed), ("quality_moves", search.qualityMoves)] + exactDetails)
        return PodFormation(pods: pods, unplaced: unplaced.map { p.member[$0] }, reasons: reasons, placement: placement, quality: quality)
    }

    /// Placed first, then quality.
    static func score(_ pods: [WorkingPod], _ p: PodProblem) -> (placed: Int, quality: Int) {
        (pods.reduce(0) { $0 + $1.members.count }, pods.reduce(0) { $0 + p.quality($1.members) })
    }

    /// Sorted, numbered pods with their common starts and facilitator rotation.
    static func finish(_ working: [WorkingPod], _ p: PodProblem) -> [Pod] {
        var list = working.filter { !$0.members.isEmpty }.map { pod -> WorkingPod in
            var w = pod
            w.members.sort()
            return w
        }
        list.sort { $0.members[0] < $1.members[0] }
        let width = max(3, String(list.count).count)
        return list.enumerated().map { n, pod in
            let number = String(n + 1)
            let id = "P" + String(repeating: "0", count: max(0, width - number.count)) + number
            let members = pod.members.map { p.member[$0] }
            return Pod(id: id, interest: pod.interest, members: members, commonStarts: p.commonStarts(pod.members),
                       meetingSlots: p.length, facilitators: rotation(pod.members, p), quality: p.quality(pod.members))
        }
    }

    /// Facilitator of each week: every member in turn, the most experienced
    /// first (stage, highest first, then id), repeating over the 12 weeks.
    static func rotation(_ members: [Int], _ p: PodProblem) -> [Int] {
        let order = members.sorted { (-p.stage[$0], $0) < (-p.stage[$1], $1) }.map { p.member[$0] }
        return (0..<Week.perQuarter).map { order[$0 % order.count] }
    }
}
