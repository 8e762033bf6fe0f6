/// The local search after the construction (docs/pods.md §4): places
/// unplaced seekers (into a pod with room, or by moving a pod member to
/// another pod to make room, or as a new pod with members that larger pods
/// can spare), then improves quality by moving and swapping members between
/// pods. Every step keeps every pod valid; the work is counted in
/// evaluations and stops at `budget`, so the result does not depend on the clock.
struct PodSearch {
    let p: PodProblem
    private(set) var pods: [WorkingPod]
    /// Pod of each seeker, −1 when unplaced.
    private(set) var podOf: [Int]
    private var common: [WeekSlots]
    private var quality: [Int]
    private var podsOfTag: [Tag: [Int]] = [:]
    /// Candidate moves looked at so far.
    private(set) var work = 0
    let budget: Int
    /// Told the work done, of `budget`, at each step of a pass (the heartbeat).
    var progress = ProgressMeter.none
    /// Seekers placed and quality gained by each stage (summary.json details).
    private(set) var insertions = 0, ejections = 0, formed = 0, qualityMoves = 0

    init(_ p: PodProblem, pods: [WorkingPod], budget: Int) {
        self.p = p
        self.pods = pods
        self.budget = budget
        podOf = [Int](repeating: -1, count: p.count)
        common = []
        quality = []
        for (x, pod) in pods.enumerated() {
            for k in pod.members { podOf[k] = x }
            common.append(p.commonStarts(pod.members))
            quality.append(p.quality(pod.members))
            podsOfTag[pod.interest, default: []].append(x)
        }
    }

    var totalQuality: Int { quality.reduce(0, +) }
    var placedCount: Int { podOf.count { $0 >= 0 } }
    var exhausted: Bool { work >= budget }

    mutating func run() {
        var pass = 0
        while pass < 4 && !exhausted {
            let before = (placedCount, totalQuality)
            report()
            insertUnplaced()
            ejectForUnplaced()
            report()
            formFromLeftovers()
            insertUnplaced()
            report()
            improveQuality()
            pass += 1
            if (placedCount, totalQuality) == before { break }
        }
    }

    private func report() { progress(phase: "pods", "placing and improving pods", done: work, of: budget, unit: "moves looked at") }

    // MARK: placement

    /// Whether seeker `k` may join pod `x` (as it is, or without `leaving`).
    private func canJoin(_ k: Int, _ x: Int, without leaving: Int? = nil) -> Bool {
        let pod = pods[x]
        guard p.podInterests[k].contains(pod.interest) else { return false }
        if let v = leaving {
            let rest = pod.members.filter { $0 != v }
            return p.fitsSocially(k, rest) && p.commonStarts(rest).intersects(p.starts[k])
        }
        return pod.members.count < p.podMax && p.fitsSocially(k, pod.members) && common[x].intersects(p.starts[k])
    }

    private mutating func add(_ k: Int, to x: Int) {
        pods[x].members.append(k)
        podOf[k] = x
        refresh(x)
    }

    private mutating func remove(_ k: Int) {
        let x = podOf[k]
        pods[x].members.removeAll { $0 == k }
        podOf[k] = -1
        refresh(x)
    }

    private mutating func refresh(_ x: Int) {
        common[x] = p.commonStarts(pods[x].members)
        quality[x] = p.quality(pods[x].members)
    }

    /// The pod with room for `k` that gains most quality, if any.
    private mutating func bestPod(for k: Int, except skip: Int = -1) -> Int? {
        var best: Int?, bestGain = Int.min
        for t in p.podInterests[k] {
            for x in podsOfTag[t] ?? [] where x != skip {
                work += 1
                guard canJoin(k, x) else { continue }
                let gain = p.quality(pods[x].members + [k]) - quality[x]
                if gain > bestGain || (gain == bestGain && x < best!) { best = x; bestGain = gain }
            }
        }
        return best
    }

    mutating func insertUnplaced() {
        for k in 0..<p.count where podOf[k] < 0 && !exhausted {
            if let x = bestPod(for: k) {
                add(k, to: x)
                insertions += 1
            }
        }
    }

    /// An unplaced seeker takes the place of a pod member who moves to another pod with room.
    mutating func ejectForUnplaced() {
        for u in 0..<p.count where podOf[u] < 0 && !exhausted {
            search: for t in p.podInterests[u] {
                for x in podsOfTag[t] ?? [] {
                    for v in pods[x].members {
                        work += 1
                        guard canJoin(u, x, without: v) else { continue }
                        // Where v could go instead.
                        remove(v)
                        add(u, to: x)
                        if let y = bestPod(for: v, except: x) {
                            add(v, to: y)
                            ejections += 1
                            break search
                        }
                        remove(u)
                        add(v, to: x)
                    }
                    if exhausted { break search }
                }
            }
        }
    }

    /// New pods from unplaced seekers sharing an interest and a start, topped
    /// up with members that pods above `podMin` can spare.
    mutating func formFromLeftovers() {
        let unplaced = (0..<p.count).filter { podOf[$0] < 0 }
        guard !unplaced.isEmpty else { return }
        for t in p.tagOrder where !exhausted {
            let waiting = unplaced.filter { podOf[$0] < 0 && p.podInterests[$0].contains(t) }
            guard !waiting.isEmpty else { continue }
            // The start most of them share.
            var tally = [Int](repeating: 0, count: Week.slots)
            for k in waiting { for s in p.starts[k].slots { tally[s] += 1 } }
            work += waiting.count
            guard let slot = tally.indices.max(by: { (tally[$0], -$0) < (tally[$1], -$1) }), tally[slot] > 0 else { continue }
            var members: [Int] = []
            for k in waiting where p.starts[k].contains(slot) && p.fitsSocially(k, members) && members.count < p.podMax { members.append(k) }
            var donors: [Int] = []
            if members.count < p.podMin {
                var spare: [Int: Int] = [:]
                for v in p.seekersOfTag[t]! where podOf[v] >= 0 && p.starts[v].contains(slot) {
                    work += 1
                    let x = podOf[v]
                    let left = pods[x].members.count - p.podMin - spare[x, default: 0]
                    guard left > 0, p.fitsSocially(v, members + donors) else { continue }
                    donors.append(v)
                    spare[x, default: 0] += 1
                    if members.count + donors.count >= p.podMin { break }
                }
            }
            guard members.count + donors.count >= p.podMin else { continue }
            for v in donors { remove(v) }
            let x = pods.count
            pods.append(WorkingPod(interest: t, members: []))
            common.append(WeekSlots())
            quality.append(0)
            podsOfTag[t, default: []].append(x)
            for k in members + donors { add(k, to: x) }
            formed += 1
        }
    }

    // MARK: quality

    /// Moves (to a pod with room) and swaps that raise total quality, in a
    /// fixed order, until none is left or the budget is spent.
    mutating func improveQuality() {
        var improved = true
        while improved && !exhausted {
            improved = false
            for a in 0..<p.count where podOf[a] >= 0 {
                if exhausted { return }
                if tryImprove(a) { improved = true; qualityMoves += 1 }
            }
        }
    }

    private mutating func tryImprove(_ a: Int) -> Bool {
        let x = podOf[a]
        let restX = pods[x].members.filter { $0 != a }
        let commonRestX = p.commonStarts(restX)
        for t in p.podInterests[a] {
            for y in podsOfTag[t] ?? [] where y != x {
                work += 1
                // Move a to y.
                if restX.count >= p.podMin && pods[y].members.count < p.podMax
                    && p.fitsSocially(a, pods[y].members) && common[y].intersects(p.starts[a]) {
                    let gain = p.quality(restX) + p.quality(pods[y].members + [a]) - quality[x] - quality[y]
                    if gain > 0 {
                        remove(a)
                        add(a, to: y)
                        return true
                    }
                }
                // Swap a with b of y.
                for b in pods[y].members where p.podInterests[b].contains(pods[x].interest) {
                    work += 1
                    let restY = pods[y].members.filter { $0 != b }
                    guard p.fitsSocially(b, restX), p.fitsSocially(a, restY),
                          commonRestX.intersects(p.starts[b]), p.commonStarts(restY).intersects(p.starts[a]) else { continue }
                    let gain = p.quality(restX + [b]) + p.quality(restY + [a]) - quality[x] - quality[y]
                    if gain > 0 {
                        remove(a)
                        remove(b)
                        add(b, to: x)
                        add(a, to: y)
                        return true
                    }
                }
            }
        }
        return false
    }
}
