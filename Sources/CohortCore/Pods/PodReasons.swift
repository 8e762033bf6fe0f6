/// The per-seeker test (docs/pods.md §6): whether some pod interest of the
/// seeker and some start they can make is shared by at least `pod_min`
/// seekers. It bounds the number placed, and names why a seeker is not.
struct PodReasons {
    let p: PodProblem
    /// Per pod interest: how many seekers with it can start a meeting at each slot.
    let tally: [Tag: [Int32]]
    /// Per seeker: the most seekers (themselves included) sharing one of their pod interests and a start.
    let bestCrowd: [Int]

    init(_ p: PodProblem) {
        self.p = p
        var tally: [Tag: [Int32]] = [:]
        for (t, seekers) in p.seekersOfTag {
            var counts = [Int32](repeating: 0, count: Week.slots)
            for k in seekers { for s in p.starts[k].slots { counts[s] += 1 } }
            tally[t] = counts
        }
        self.tally = tally
        bestCrowd = (0..<p.count).map { k in
            var best: Int32 = 0
            let slots = p.starts[k].slots
            for t in p.podInterests[k] {
                let counts = tally[t]!
                for s in slots where counts[s] > best { best = counts[s] }
            }
            return Int(best)
        }
    }

    var placeableCount: Int { bestCrowd.count { $0 >= p.podMin } }

    /// A simple upper bound on total quality (docs/pods.md §6): every
    /// placeable seeker in pairs with `pod_max − 1` others sharing all their
    /// interests, and every stage in every pod there is room for.
    var qualityBound: Int {
        var pairs = 0
        var stageCounts = [Int](repeating: 0, count: 6)
        var placeable = 0
        for k in 0..<p.count where bestCrowd[k] >= p.podMin {
            placeable += 1
            stageCounts[p.stage[k]] += 1
            pairs += (p.podMax - 1) * max(0, p.cohort.members[p.member[k]].interests.count - 1)
        }
        let maxPods = placeable / max(1, p.podMin)
        let stages = (1...5).reduce(0) { $0 + min(stageCounts[$1], maxPods) }
        return pairs / 2 * PodProblem.sharedScore + stages * PodProblem.stageScore
    }

    func name(_ t: Tag) -> String { "'" + p.cohort.tags.name(t) + "'" }

    /// Why seeker `k` is in no pod of `pods`.
    func reason(_ k: Int, pods: [WorkingPod]) -> String {
        let m = p.cohort.members[p.member[k]]
        let minutes = p.cohort.policy.podMinutes
        if m.interests.isEmpty { return "no interests listed: a study pod forms around an interest its members share" }
        if p.starts[k].isEmpty {
            return m.availability.isEmpty ? "no availability given: a pod meets weekly for \(minutes) minutes"
                : p.availableStarts[k].isEmpty ? "no availability window of \(minutes) minutes (pod_minutes) for the weekly pod meeting"
                : "every \(minutes)-minute window in your availability is taken by your other meetings (check-ins, standups, workshop)"
        }
        if p.podInterests[k].isEmpty {
            var best = 0, bestTag: Tag?
            for t in m.interests {
                let n = p.seekersWith[t, default: 1] - 1
                if n > best || bestTag == nil { best = n; bestTag = t }
            }
            let which = bestTag.map { " (\(name($0)))" } ?? ""
            return "too few pod seekers share an interest: at most \(best) other\(best == 1 ? "" : "s")\(which), and a pod needs pod_min = \(p.podMin) members"
        }
        if bestCrowd[k] < p.podMin {
            let tags = p.podInterests[k].map(name).joined(separator: ", ")
            let others = max(0, bestCrowd[k] - 1)
            if others == 0 { return "no other pod seeker interested in \(tags) shares a \(minutes)-minute weekly window with them" }
            return "at most \(others) other pod seeker\(others == 1 ? "" : "s") interested in \(tags) share\(others == 1 ? "s" : "") any one "
                + "\(minutes)-minute weekly window with them, and a pod needs pod_min = \(p.podMin) members"
        }
        let tags = p.podInterests[k].map(name).joined(separator: ", ")
        let around = pods.filter { p.podInterests[k].contains($0.interest) }
        if around.isEmpty {
            return "no pod formed around \(tags): the pod seekers who share one with them and a \(minutes)-minute window are in pods around other interests, or too few"
        }
        var full = 0, elsewhen = 0, avoided = 0
        for pod in around {
            if !p.commonStarts(pod.members).intersects(p.starts[k]) { elsewhen += 1 }
            else if pod.members.count < p.podMax && !p.fitsSocially(k, pod.members) { avoided += 1 }
            else { full += 1 }
        }
        var parts: [String] = []
        if full > 0 { parts.append("\(full) full (pod_max = \(p.podMax))") }
        if elsewhen > 0 { parts.append("\(elsewhen) meeting at times they cannot make") }
        if avoided > 0 { parts.append("\(avoided) with someone they avoid") }
        return "of the \(around.count) pod\(around.count == 1 ? "" : "s") around \(tags), " + parts.joined(separator: ", ")
            + "; too few others are left over to start one"
    }
}
